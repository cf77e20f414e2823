// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>

namespace workbench::engine::tls {

/// A TLS endpoint to look at: `host:port`, the SNI name to send and how long to wait.
struct TlsEndpoint {
    QString host;  ///< name or address (IPv6 without brackets)
    quint16 port = 0;
    QString serverName;     ///< SNI; defaults to host when host is a name (never sent for an address)
    int timeoutMs = 10000;  ///< connect + handshake, overall

    /// "host:port", with brackets around an IPv6 address.
    QString toString() const;
    /// The SNI name actually sent (empty for an address without --servername).
    QString effectiveServerName() const;
};

/// Parses "host:port", "[v6addr]:port". Fails ("tls.endpoint") on a missing or bad port.
Result<TlsEndpoint> parseTlsEndpoint(const QString &text);

/// True for something that looks like HOST:PORT rather than a file name (used by `inspect`
/// when the argument is not an existing file).
bool looksLikeHostPort(const QString &text);

}  // namespace workbench::engine::tls
