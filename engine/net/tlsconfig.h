// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/secretbytes.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace workbench::engine::net {

/// TLS settings of a request, from memory: nothing is written to a temporary file. Share one
/// instance (std::shared_ptr<const TlsConfig>) between the requests to one server; libcurl
/// reuses a connection only for requests with the same settings.
struct TlsConfig {
    /// PEM CA certificate(s) the server's chain must lead to. Set: ONLY these are trusted
    /// (the system store is not consulted). Empty: the system store.
    QByteArray caPem;
    /// PEM client certificate (chain) for mutual TLS; empty: none.
    QByteArray clientCertPem;
    /// Its PEM private key; scrubbed when the last request using it is gone.
    std::shared_ptr<const models::certs::SecretBytes> clientKeyPem;
    /// The name to verify the server's certificate against (and send as SNI) when it differs
    /// from the URL's host, like kubectl's tls-server-name: the URL's host and port are still
    /// where the client connects.
    QString serverName;
    /// Skips verification of the server. Never silent: every request made with it carries a
    /// warning (HttpResponseHead::warnings) and logs one (workbench.engine.net).
    bool insecureSkipVerify = false;
};

}  // namespace workbench::engine::net
