// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "net/httpcall.h"
#include "net/httprequest.h"
#include "net/httpresponse.h"
#include "net/httpstreamhandler.h"

#include <QString>

#include <functional>
#include <memory>

class QObject;

namespace workbench::engine::net {

namespace detail {
class CurlLoop;
}

/// The workbench's one HTTP client (CAS REST API, Kubernetes API, log streams): libcurl's multi
/// interface on a single I/O thread owned by the client. Thread-safe: any thread may make
/// requests. Results are delivered on the thread of the context object given with each
/// request (queued, so that thread needs an event loop); when the context object is destroyed
/// its requests are dropped and nothing is delivered.
///
/// TLS comes from memory (TlsConfig); verification is on unless a request explicitly asks for
/// the insecure mode, which is then reported with every response. HTTP/2 is negotiated with
/// servers that offer it, and concurrent requests to such a server share one connection.
class HttpClient
{
public:
    HttpClient();
    /// Cancels what is still running (consumers that still exist get a cancellation) and
    /// stops the I/O thread.
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    /// A request whose response is buffered (up to HttpRequest::maxBodyBytes). @p onDone runs
    /// once on @p context's thread.
    HttpCall send(HttpRequest request, QObject *context, std::function<void(const Result<HttpResponse> &)> onDone);
    /// A long-lived streaming request (watches, log follows, downloads): see HttpStreamHandler.
    HttpCall stream(HttpRequest request, QObject *context, HttpStreamHandler handler);

    /// Requests added and not finished yet.
    int activeCount() const;

    /// "libcurl/7.88.1 OpenSSL/3.0.x nghttp2/1.52.0 ..."
    static QString curlVersion();
    /// True when this libcurl can speak HTTP/2.
    static bool supportsHttp2();

private:
    std::shared_ptr<detail::CurlLoop> m_loop;
};

}  // namespace workbench::engine::net
