// SPDX-License-Identifier: Apache-2.0
#include "net/detail/transfer.h"

#include "core/errorcodes.h"
#include "core/logging.h"
#include "core/mailbox.h"
#include "net/detail/curlerror.h"
#include "net/detail/curlloop.h"

#include <algorithm>

namespace workbench::engine::net::detail {

namespace {
curl_blob blob(const void *data, size_t size)
{
    // NOCOPY: the Transfer keeps the request (and its shared TLS material) alive until the
    // easy handle is gone. (libcurl still copies blobs into a connection's own settings.)
    return curl_blob{const_cast<void *>(data), size, CURL_BLOB_NOCOPY};
}
}  // namespace

Transfer::Transfer(quint64 id, HttpRequest request, std::shared_ptr<Mailbox> mailbox, std::weak_ptr<CurlLoop> loop)
    : m_id(id)
    , m_request(std::move(request))
    , m_mailbox(std::move(mailbox))
    , m_loop(std::move(loop))
{}

Transfer::~Transfer() = default;

QString Transfer::target() const
{
    const int port = m_request.url.port(m_request.url.scheme() == QLatin1String("https") ? 443 : 80);
    return m_request.url.host() + QLatin1Char(':') + QString::number(port);
}

void Transfer::setBuffered(std::function<void(const Result<HttpResponse> &)> onDone)
{
    m_onDone = std::move(onDone);
}

void Transfer::setStreaming(HttpStreamHandler handler)
{
    m_handler = std::make_shared<HttpStreamHandler>(std::move(handler));
    m_stream = std::make_shared<StreamBuffer>();
}

Status Transfer::prepare()
{
    const QString scheme = m_request.url.scheme();
    if (!m_request.url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) ||
        m_request.url.host().isEmpty())
        return makeError(QString(errc::invalidRequest),
                         QStringLiteral("Not an http(s) URL: %1").arg(m_request.url.toDisplayString()));
    if (m_request.method.isEmpty() || m_request.method.contains(' ') || m_request.method.contains('\r') ||
        m_request.method.contains('\n'))
        return makeError(QString(errc::invalidRequest),
                         QStringLiteral("Not an HTTP method: %1").arg(QString::fromLatin1(m_request.method)));

    m_easy.reset(curl_easy_init());
    if (!m_easy)
        return makeError(QString(errc::transfer), QStringLiteral("Out of memory."));
    CURL *e = m_easy.get();
    curl_easy_setopt(e, CURLOPT_PRIVATE, this);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(1, m_request.connectTimeoutMs)));
    if (m_request.totalTimeoutMs > 0)
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(m_request.totalTimeoutMs));
    if (m_request.idleTimeoutSec > 0) {
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, long(m_request.idleTimeoutSec));
    }
    if (m_stream)
        curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 512L * 1024L);  // fewer, bigger writes for fast streams

    // URL, with the TLS server name override (kubectl's tls-server-name) done as "connect to":
    // curl verifies and sends SNI for the URL's host, and connects where the caller said.
    QUrl url = m_request.url;
    const TlsConfig *tls = m_request.tls.get();
    if (tls && !tls->serverName.isEmpty() && tls->serverName != url.host()) {
        const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
        const QString realHost =
            url.host().contains(QLatin1Char(':')) ? QLatin1Char('[') + url.host() + QLatin1Char(']') : url.host();
        const QByteArray rule = (tls->serverName + QLatin1Char(':') + QString::number(port) + QLatin1Char(':') +
                                 realHost + QLatin1Char(':') + QString::number(port))
                                    .toUtf8();
        if (!appendToSlist(m_connectTo, rule.constData()))
            return makeError(QString(errc::transfer), QStringLiteral("Out of memory."));
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, m_connectTo.get());
        url.setHost(tls->serverName);
    }
    m_url = url.toEncoded();
    curl_easy_setopt(e, CURLOPT_URL, m_url.constData());

    // Method and body.
    const QByteArray method = m_request.method.toUpper();
    const char *bodyData = m_request.secretBody ? m_request.secretBody->data() : m_request.body.constData();
    const qint64 bodySize = m_request.secretBody ? m_request.secretBody->size() : m_request.body.size();
    if (method == "HEAD") {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (method == "GET" && bodySize == 0) {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else {
        if (bodySize > 0 || method == "POST" || method == "PUT" || method == "PATCH") {
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodySize));
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, bodyData);
        }
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.constData());
    }

    // Headers. "Expect:" off: a body goes out at once (no 100-continue round trip).
    if (!appendToSlist(m_headers, "Expect:"))
        return makeError(QString(errc::transfer), QStringLiteral("Out of memory."));
    for (const auto &h : std::as_const(m_request.headers)) {
        if (h.first.contains(':') || h.first.contains('\n') || h.second.contains('\n') || h.second.contains('\r'))
            return makeError(QString(errc::invalidRequest),
                             QStringLiteral("Invalid header: %1").arg(QString::fromLatin1(h.first)));
        const QByteArray line = h.first + (h.second.isEmpty() ? QByteArray(";") : ": " + h.second);
        if (!appendToSlist(m_headers, line.constData()))
            return makeError(QString(errc::transfer), QStringLiteral("Out of memory."));
    }
    if (m_request.bearerToken && !m_request.bearerToken->isEmpty()) {
        const QByteArrayView token(m_request.bearerToken->data(), m_request.bearerToken->size());
        if (token.contains('\n') || token.contains('\r'))
            return makeError(QString(errc::invalidRequest), QStringLiteral("The bearer token contains a line break."));
        models::certs::SecretBytes line = [&] {
            const QByteArrayView prefix("Authorization: Bearer ");
            std::vector<char> tmp(std::size_t(prefix.size() + token.size()));
            std::copy(prefix.begin(), prefix.end(), tmp.begin());
            std::copy(token.begin(), token.end(), tmp.begin() + prefix.size());
            models::certs::SecretBytes s(tmp.data(), tmp.size());
            OPENSSL_cleanse(tmp.data(), tmp.size());
            return s;
        }();
        if (!appendToSlist(m_headers, line.data()))
            return makeError(QString(errc::transfer), QStringLiteral("Out of memory."));
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, m_headers.get());

    // Proxy.
    if (m_request.proxy) {
        m_proxy = m_request.proxy->toUtf8();
        curl_easy_setopt(e, CURLOPT_PROXY, m_proxy.constData());
    }

    // TLS.
    if (tls) {
        if (!tls->caPem.isEmpty()) {
            curl_blob ca = blob(tls->caPem.constData(), size_t(tls->caPem.size()));
            curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &ca);
            // Only the pinned CA: not the system bundle or directory curl was built with.
            curl_easy_setopt(e, CURLOPT_CAINFO, nullptr);
            curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
        }
        if (!tls->clientCertPem.isEmpty()) {
            curl_blob cert = blob(tls->clientCertPem.constData(), size_t(tls->clientCertPem.size()));
            curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &cert);
            curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
        }
        if (tls->clientKeyPem && !tls->clientKeyPem->isEmpty()) {
            curl_blob key = blob(tls->clientKeyPem->data(), size_t(tls->clientKeyPem->size()));
            curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &key);
            curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
        }
        if (tls->insecureSkipVerify) {
            curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
            const QString warning =
                QStringLiteral("TLS verification is OFF for %1 (insecure mode): the server is not authenticated.")
                    .arg(target());
            m_head.warnings.append(warning);
            qCWarning(lcNet).noquote() << warning;
        }
    }
    return Ok{};
}

size_t Transfer::onWrite(char *data, size_t size, size_t count, void *self)
{
    return static_cast<Transfer *>(self)->write(data, size * count);
}

size_t Transfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    static_cast<Transfer *>(self)->header(data, size * count);
    return size * count;
}

void Transfer::header(const char *data, size_t size)
{
    QByteArrayView line(data, qsizetype(size));
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r'))
        line.chop(1);
    if (line.startsWith("HTTP/")) {
        // A new status line (after 1xx or a redirect): start over, keep our own warnings.
        const QStringList warnings = m_head.warnings;
        m_head = HttpResponseHead{};
        m_head.warnings = warnings;
        m_headDone = false;
        const qsizetype sp = line.indexOf(' ');
        m_head.httpVersion = line.sliced(5, (sp < 0 ? line.size() : sp) - 5).toByteArray();
        if (sp >= 0)
            m_head.status =
                line.sliced(sp + 1).first(std::min<qsizetype>(3, line.size() - sp - 1)).toByteArray().toInt();
        return;
    }
    if (line.isEmpty()) {
        if (m_head.status >= 200)
            m_headDone = true;
        if (m_headDone && m_stream && !m_headDelivered)
            deliverHead();
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        m_head.headers.append({line.first(colon).toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
}

void Transfer::deliverHead()
{
    m_headDelivered = true;
    auto handler = m_handler;
    HttpResponseHead head = m_head;
    m_mailbox->post([handler, head] {
        if (handler->onHead)
            handler->onHead(head);
    });
}

size_t Transfer::write(const char *data, size_t size)
{
    if (!m_stream) {
        if (m_body.size() + qint64(size) > m_request.maxBodyBytes) {
            m_tooLarge = true;
            return 0;  // aborts with CURLE_WRITE_ERROR
        }
        m_body.append(data, qsizetype(size));
        return size;
    }
    if (!m_headDelivered)
        deliverHead();
    StreamBuffer &b = *m_stream;
    const qint64 highWater = std::max<qint64>(64 * 1024, m_request.streamBufferBytes);
    if (b.unconsumed.load() >= highWater) {
        // Pause, then look again: the consumer may have caught up in between, and it only
        // resumes a stream it sees paused (both sides use sequentially consistent atomics).
        b.paused.store(true);
        if (b.unconsumed.load() >= highWater)
            return CURL_WRITEFUNC_PAUSE;
        b.paused.store(false);
    }
    b.unconsumed += qint64(size);
    QMutexLocker lock(&b.mutex);
    if (b.pending.isEmpty())  // a fresh buffer after each hand-over: reserve instead of regrowing
        b.pending.reserve(qsizetype(std::min<qint64>(highWater, 4 * 1024 * 1024)));
    b.pending.append(data, qsizetype(size));
    if (b.deliveryQueued)
        return size;
    b.deliveryQueued = true;
    lock.unlock();

    auto stream = m_stream;
    auto handler = m_handler;
    const quint64 id = m_id;
    std::weak_ptr<CurlLoop> loop = m_loop;
    m_mailbox->post([stream, handler, id, loop] {
        QByteArray chunk;
        {
            QMutexLocker l(&stream->mutex);
            chunk.swap(stream->pending);
            stream->deliveryQueued = false;
        }
        const qint64 n = chunk.size();
        if (n > 0 && handler->onData)
            handler->onData(std::move(chunk));
        stream->unconsumed -= n;
        if (stream->paused.exchange(false))
            if (auto l = loop.lock())
                l->resume(id);
    });
    return size;
}

void Transfer::resume()
{
    if (m_easy && !m_completed)
        curl_easy_pause(m_easy.get(), CURLPAUSE_CONT);
}

void Transfer::complete(CURLcode code)
{
    if (code == CURLE_OK) {
        if (!m_completed && m_stream && !m_headDelivered)
            deliverHead();
        if (m_completed)
            return;
        m_completed = true;
        if (m_stream) {
            auto stream = m_stream;
            auto handler = m_handler;
            m_mailbox->post([stream, handler] {
                QByteArray rest;
                {
                    QMutexLocker l(&stream->mutex);
                    rest.swap(stream->pending);
                }
                if (!rest.isEmpty() && handler->onData)
                    handler->onData(std::move(rest));
                if (handler->onDone)
                    handler->onDone(Ok{});
            });
        } else {
            auto onDone = m_onDone;
            HttpResponse response{m_head, std::move(m_body)};
            m_mailbox->post([onDone, response] {
                if (onDone)
                    onDone(response);
            });
        }
        return;
    }
    FailedTransfer f;
    f.code = code;
    f.errorBuffer = QString::fromUtf8(m_errorBuffer).trimmed();
    f.target = target();
    f.idleTimeoutSet = m_request.idleTimeoutSec > 0;
    f.tooLarge = m_tooLarge;
    f.viaProxy = m_request.proxy && !m_request.proxy->isEmpty();
    curl_off_t connectedAt = 0;
    curl_easy_getinfo(m_easy.get(),
                      m_request.url.scheme() == QLatin1String("https") ? CURLINFO_APPCONNECT_TIME_T
                                                                       : CURLINFO_CONNECT_TIME_T,
                      &connectedAt);
    f.connected = connectedAt > 0;
    Error error = toError(f);
    if (!m_head.warnings.isEmpty())
        error.detail += QStringLiteral(" [") + m_head.warnings.join(QStringLiteral("; ")) + QLatin1Char(']');
    completeWithError(error);
}

void Transfer::completeWithError(const Error &error)
{
    if (m_completed)
        return;
    m_completed = true;
    qCDebug(lcNet) << "request" << m_id << "failed:" << error.toString();
    if (m_stream) {
        auto handler = m_handler;
        auto stream = m_stream;
        m_mailbox->post([handler, stream, error] {
            // Data that arrived before the failure is still delivered, then the error.
            QByteArray rest;
            {
                QMutexLocker l(&stream->mutex);
                rest.swap(stream->pending);
            }
            if (!rest.isEmpty() && handler->onData)
                handler->onData(std::move(rest));
            if (handler->onDone)
                handler->onDone(error);
        });
    } else {
        auto onDone = m_onDone;
        m_mailbox->post([onDone, error] {
            if (onDone)
                onDone(error);
        });
    }
}

}  // namespace workbench::engine::net::detail
