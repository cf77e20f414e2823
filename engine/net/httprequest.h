// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "net/tlsconfig.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace workbench::engine::net {

/// One HTTP request. Plain value; copy freely (secrets are shared, not copied).
struct HttpRequest {
    QByteArray method = "GET";  ///< GET, POST, PUT, PATCH, DELETE, HEAD or any other token
    QUrl url;                   ///< http or https only
    QList<QPair<QByteArray, QByteArray>> headers;
    /// Sent as "Authorization: Bearer <token>"; never logged, scrubbed from curl's header list.
    std::shared_ptr<const models::certs::SecretBytes> bearerToken;
    QByteArray body;
    /// Instead of body, for bodies that hold secrets (a CAS session with its secrets).
    std::shared_ptr<const models::certs::SecretBytes> secretBody;
    std::shared_ptr<const TlsConfig> tls;
    /// nullopt: libcurl's rules (the https_proxy/no_proxy environment); "": no proxy; else
    /// the proxy URL ("http://proxy:3128").
    std::optional<QString> proxy;
    int connectTimeoutMs = 15000;            ///< TCP connect plus TLS handshake
    int idleTimeoutSec = 0;                  ///< > 0: fail when nothing arrives for this long (1 s granularity)
    int totalTimeoutMs = 0;                  ///< > 0: the whole request
    qint64 maxBodyBytes = 64 * 1024 * 1024;  ///< buffered responses only ("net.too_large")
    /// Streaming only: how many received bytes may wait for the consumer before the stream is
    /// paused (back-pressure; the server is slowed down by TCP / HTTP/2 flow control).
    qint64 streamBufferBytes = 4 * 1024 * 1024;

    HttpRequest() = default;
    HttpRequest(QByteArray m, QUrl u)
        : method(std::move(m))
        , url(std::move(u))
    {}
    HttpRequest &header(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
};

}  // namespace workbench::engine::net
