// SPDX-License-Identifier: Apache-2.0
#include "httpstestserver.h"

#include "certs/opensslhandles.h"

#include <QMutex>

#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <map>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace workbench::test {

using namespace workbench::models::certs;

QByteArray TestRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers)
        if (h.first == lowerName)
            return h.second;
    return {};
}

QByteArray TestRequest::query(const QByteArray &name) const
{
    const qsizetype q = path.indexOf('?');
    if (q < 0)
        return {};
    for (const QByteArray &kv : path.mid(q + 1).split('&')) {
        const qsizetype eq = kv.indexOf('=');
        if (kv.left(eq) == name)
            return eq < 0 ? QByteArray() : kv.mid(eq + 1);
    }
    return {};
}

namespace {

constexpr qint64 PatternPeriod = 23 * 8192;  // a multiple of 23: chunks start anywhere

const QByteArray &patternBuffer()
{
    static const QByteArray buf = [] {
        QByteArray b(PatternPeriod * 2, Qt::Uninitialized);
        for (qint64 i = 0; i < b.size(); ++i)
            b[i] = HttpsTestServer::patternByte(i);
        return b;
    }();
    return buf;
}

/// Pointer to @p n (<= PatternPeriod) pattern bytes starting at stream offset @p offset.
const char *pattern(qint64 offset)
{
    return patternBuffer().constData() + offset % PatternPeriod;
}

QByteArray lower(QByteArray s)
{
    return s.toLower();
}

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    default:
        return "Status";
    }
}

}  // namespace

struct HttpsTestServer::Impl {
    Options options;
    Handler handler;
    SslCtxPtr ctx;
    int listenFd = -1;
    quint16 port = 0;
    QString error;
    std::atomic<bool> stopping{false};
    std::thread acceptThread;

    mutable QMutex mutex;
    TestServerStats stats;                 // guarded by mutex
    std::vector<std::thread> connections;  // guarded by mutex
    std::vector<int> connectionFds;        // guarded by mutex
    std::vector<QByteArray> broadcasts;    // guarded by mutex (append-only)
    int releaseGeneration = 0;             // guarded by mutex

    void count(const std::function<void(TestServerStats &)> &f)
    {
        QMutexLocker l(&mutex);
        f(stats);
    }
    void streamOpened()
    {
        count([](TestServerStats &s) {
            ++s.openStreams;
            s.maxOpenStreams = std::max(s.maxOpenStreams, s.openStreams);
        });
    }
    void streamClosed()
    {
        count([](TestServerStats &s) { --s.openStreams; });
    }
    std::vector<QByteArray> broadcastsFrom(std::size_t *next)
    {
        QMutexLocker l(&mutex);
        std::vector<QByteArray> out(broadcasts.begin() + std::ptrdiff_t(std::min(*next, broadcasts.size())),
                                    broadcasts.end());
        *next = broadcasts.size();
        return out;
    }
    int releaseGen() const
    {
        QMutexLocker l(&mutex);
        return releaseGeneration;
    }

    bool setup();
    void acceptLoop();
    void serve(int fd);
    void serveHttp1(SSL *ssl, int fd);
    void serveHttp2(SSL *ssl, int fd);
};

// ---- setup -------------------------------------------------------------------------------

bool HttpsTestServer::Impl::setup()
{
    ctx.reset(SSL_CTX_new(TLS_server_method()));
    BioPtr certBio(BIO_new_mem_buf(options.certPem.constData(), int(options.certPem.size())));
    X509Ptr cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
    BioPtr keyBio(BIO_new_mem_buf(options.keyPem.constData(), int(options.keyPem.size())));
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    if (!ctx || !cert || !key || SSL_CTX_use_certificate(ctx.get(), cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1) {
        error = QStringLiteral("bad server certificate or key");
        return false;
    }
    if (!options.clientCaPem.isEmpty()) {
        BioPtr caBio(BIO_new_mem_buf(options.clientCaPem.constData(), int(options.clientCaPem.size())));
        X509Ptr ca(PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr));
        if (!ca) {
            error = QStringLiteral("bad client CA");
            return false;
        }
        X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx.get()), ca.get());
        SSL_CTX_add_client_CA(ctx.get(), ca.get());
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    SSL_CTX_set_alpn_select_cb(
        ctx.get(),
        [](SSL *, const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned int inlen,
           void *arg) -> int {
            const bool h2 = static_cast<Impl *>(arg)->options.http2;
            for (unsigned i = 0; i < inlen;) {
                const unsigned len = in[i];
                const QByteArrayView proto(reinterpret_cast<const char *>(in + i + 1), len);
                if (h2 && proto == QByteArrayView("h2")) {
                    *out = in + i + 1;
                    *outlen = (unsigned char)len;
                    return SSL_TLSEXT_ERR_OK;
                }
                i += 1 + len;
            }
            for (unsigned i = 0; i < inlen;) {
                const unsigned len = in[i];
                if (QByteArrayView(reinterpret_cast<const char *>(in + i + 1), len) == QByteArrayView("http/1.1")) {
                    *out = in + i + 1;
                    *outlen = (unsigned char)len;
                    return SSL_TLSEXT_ERR_OK;
                }
                i += 1 + len;
            }
            return SSL_TLSEXT_ERR_NOACK;
        },
        this);

    listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(listenFd, 512) != 0) {
        error = QStringLiteral("bind/listen failed: ") + QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    socklen_t len = sizeof addr;
    getsockname(listenFd, reinterpret_cast<sockaddr *>(&addr), &len);
    port = ntohs(addr.sin_port);
    return true;
}

void HttpsTestServer::Impl::acceptLoop()
{
    while (!stopping) {
        pollfd p{listenFd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        QMutexLocker l(&mutex);
        ++stats.connections;
        connectionFds.push_back(fd);
        connections.emplace_back([this, fd] { serve(fd); });
    }
}

void HttpsTestServer::Impl::serve(int fd)
{
    SslPtr ssl(SSL_new(ctx.get()));
    SSL_set_fd(ssl.get(), fd);
    if (SSL_accept(ssl.get()) != 1) {
        ERR_clear_error();
        count([](TestServerStats &s) { ++s.handshakeFailures; });
        ::shutdown(fd, SHUT_RDWR);
        return;  // the fd is closed by stop()
    }
    const unsigned char *alpn = nullptr;
    unsigned int alpnLen = 0;
    SSL_get0_alpn_selected(ssl.get(), &alpn, &alpnLen);
    const bool h2 = alpnLen == 2 && std::memcmp(alpn, "h2", 2) == 0;
    count([h2](TestServerStats &s) {
        ++s.handshakes;
        if (h2)
            ++s.http2Connections;
    });
    if (h2)
        serveHttp2(ssl.get(), fd);
    else
        serveHttp1(ssl.get(), fd);
    ERR_clear_error();
    ::shutdown(fd, SHUT_RDWR);
}

// ---- HTTP/1.1 ----------------------------------------------------------------------------

namespace {

/// Waits until @p ssl has data (or the peer closed); false when stopping or on timeout.
bool waitReadable(SSL *ssl, int fd, int timeoutMs)
{
    if (SSL_pending(ssl) > 0)
        return true;
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
}

bool writeAll(SSL *ssl, const char *data, qint64 size)
{
    while (size > 0) {
        const int n = SSL_write(ssl, data, int(std::min<qint64>(size, 1 << 30)));
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

bool writeChunk(SSL *ssl, const char *data, qint64 size)
{
    if (size == 0)
        return true;
    const QByteArray head = QByteArray::number(size, 16) + "\r\n";
    return writeAll(ssl, head.constData(), head.size()) && writeAll(ssl, data, size) && writeAll(ssl, "\r\n", 2);
}

}  // namespace

void HttpsTestServer::Impl::serveHttp1(SSL *ssl, int fd)
{
    QByteArray in;
    char buf[65536];
    auto readMore = [&]() -> bool {
        while (!stopping) {
            if (!waitReadable(ssl, fd, 50))
                continue;
            const int n = SSL_read(ssl, buf, sizeof buf);
            if (n <= 0)
                return false;
            in.append(buf, n);
            return true;
        }
        return false;
    };
    while (!stopping) {
        qsizetype end;
        while ((end = in.indexOf("\r\n\r\n")) < 0)
            if (!readMore())
                return;
        const QList<QByteArray> lines = in.left(end).split('\n');
        in.remove(0, end + 4);
        TestRequest req;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.path = first.value(1);
        req.httpVersion = "1.1";
        for (int i = 1; i < lines.size(); ++i) {
            const QByteArray l = lines.at(i).trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon > 0)
                req.headers.append({lower(l.left(colon).trimmed()), l.mid(colon + 1).trimmed()});
        }
        count([](TestServerStats &s) { ++s.requests; });
        const qint64 length = req.header("content-length").toLongLong();
        while (in.size() < length)
            if (!readMore())
                return;
        req.body = in.left(length);
        in.remove(0, length);
        count([length](TestServerStats &s) { s.bodyBytes += length; });

        const TestResponse resp = handler(req);
        const bool chunked = resp.streamBytes > 0 || resp.hold;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(resp.status) + ' ' + reason(resp.status) + "\r\n";
        for (const auto &h : resp.headers)
            head += h.first + ": " + h.second + "\r\n";
        head += chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                        : "Content-Length: " + QByteArray::number(resp.body.size()) + "\r\n";
        head += "\r\n";
        streamOpened();
        bool ok = writeAll(ssl, head.constData(), head.size());
        if (ok && !chunked)
            ok = writeAll(ssl, resp.body.constData(), resp.body.size());
        if (ok && chunked) {
            ok = writeChunk(ssl, resp.body.constData(), resp.body.size());
            for (qint64 off = 0; ok && off < resp.streamBytes && !stopping;) {
                const qint64 n = std::min({resp.chunkBytes, resp.streamBytes - off, PatternPeriod});
                ok = writeChunk(ssl, pattern(off), n);
                off += n;
            }
            if (ok && resp.hold) {
                std::size_t next = 0;
                const int released = releaseGen();
                while (ok && !stopping && releaseGen() == released) {
                    for (const QByteArray &b : broadcastsFrom(&next))
                        ok = ok && writeChunk(ssl, b.constData(), b.size());
                    pollfd p{fd, POLLIN, 0};
                    if (SSL_pending(ssl) > 0 || ::poll(&p, 1, 20) > 0) {
                        const int n = SSL_read(ssl, buf, sizeof buf);
                        if (n <= 0)
                            ok = false;  // the client went away
                        else
                            in.append(buf, n);
                    }
                }
            }
            if (ok)
                ok = writeAll(ssl, "0\r\n\r\n", 5);
        }
        streamClosed();
        if (!ok || lower(req.header("connection")) == "close")
            return;
    }
}

// ---- HTTP/2 ------------------------------------------------------------------------------

namespace {

struct H2Stream {
    int32_t id = 0;
    TestRequest request;
    TestResponse response;
    QByteArray pending;  ///< body and broadcasts not yet handed to nghttp2
    qint64 streamOffset = 0;
    bool responded = false;
    bool deferred = false;
    bool ended = false;
    std::size_t nextBroadcast = 0;
    std::vector<nghttp2_nv> nva;
    std::vector<QByteArray> nvStore;
};

struct H2Connection {
    HttpsTestServer::Impl *server = nullptr;
    nghttp2_session *session = nullptr;
    std::map<int32_t, std::unique_ptr<H2Stream>> streams;
    int released = 0;
};

ssize_t h2Read(nghttp2_session *, int32_t, uint8_t *buf, size_t length, uint32_t *flags, nghttp2_data_source *source,
               void *)
{
    auto *s = static_cast<H2Stream *>(source->ptr);
    if (!s->pending.isEmpty()) {
        const qint64 n = std::min<qint64>(qint64(length), s->pending.size());
        std::memcpy(buf, s->pending.constData(), size_t(n));
        s->pending.remove(0, n);
        return ssize_t(n);
    }
    if (s->streamOffset < s->response.streamBytes) {
        const qint64 n = std::min({qint64(length), s->response.streamBytes - s->streamOffset, PatternPeriod});
        std::memcpy(buf, pattern(s->streamOffset), size_t(n));
        s->streamOffset += n;
        return ssize_t(n);
    }
    if (s->response.hold && !s->ended) {
        s->deferred = true;
        return NGHTTP2_ERR_DEFERRED;
    }
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    return 0;
}

}  // namespace

void HttpsTestServer::Impl::serveHttp2(SSL *ssl, int fd)
{
    H2Connection conn;
    conn.server = this;
    conn.released = releaseGen();
    nghttp2_session_callbacks *cb = nullptr;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_begin_headers_callback(
        cb, [](nghttp2_session *session, const nghttp2_frame *frame, void *user) -> int {
            auto *c = static_cast<H2Connection *>(user);
            if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST)
                return 0;
            auto s = std::make_unique<H2Stream>();
            s->id = frame->hd.stream_id;
            s->request.httpVersion = "2";
            nghttp2_session_set_stream_user_data(session, s->id, s.get());
            c->streams[s->id] = std::move(s);
            c->server->streamOpened();
            return 0;
        });
    nghttp2_session_callbacks_set_on_header_callback(
        cb,
        [](nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
           const uint8_t *value, size_t valuelen, uint8_t, void *) -> int {
            auto *s = static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
            if (!s)
                return 0;
            const QByteArray n(reinterpret_cast<const char *>(name), qsizetype(namelen));
            const QByteArray v(reinterpret_cast<const char *>(value), qsizetype(valuelen));
            if (n == ":method")
                s->request.method = v;
            else if (n == ":path")
                s->request.path = v;
            else if (!n.startsWith(':'))
                s->request.headers.append({n, v});
            return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        cb, [](nghttp2_session *session, uint8_t, int32_t id, const uint8_t *data, size_t len, void *user) -> int {
            auto *c = static_cast<H2Connection *>(user);
            if (auto *s = static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, id)))
                s->request.body.append(reinterpret_cast<const char *>(data), qsizetype(len));
            c->server->count([len](TestServerStats &st) { st.bodyBytes += qint64(len); });
            return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(
        cb, [](nghttp2_session *session, const nghttp2_frame *frame, void *user) -> int {
            auto *c = static_cast<H2Connection *>(user);
            if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
                !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
                return 0;
            auto *s = static_cast<H2Stream *>(nghttp2_session_get_stream_user_data(session, frame->hd.stream_id));
            if (!s || s->responded)
                return 0;
            s->responded = true;
            c->server->count([](TestServerStats &st) { ++st.requests; });
            s->response = c->server->handler(s->request);
            s->pending = s->response.body;
            s->nvStore = {":status", QByteArray::number(s->response.status)};
            for (const auto &h : s->response.headers) {
                s->nvStore.push_back(lower(h.first));
                s->nvStore.push_back(h.second);
            }
            for (std::size_t i = 0; i + 1 < s->nvStore.size(); i += 2)
                s->nva.push_back(nghttp2_nv{reinterpret_cast<uint8_t *>(s->nvStore[i].data()),
                                            reinterpret_cast<uint8_t *>(s->nvStore[i + 1].data()),
                                            size_t(s->nvStore[i].size()), size_t(s->nvStore[i + 1].size()),
                                            NGHTTP2_NV_FLAG_NONE});
            nghttp2_data_provider prd;
            prd.source.ptr = s;
            prd.read_callback = h2Read;
            nghttp2_submit_response(session, s->id, s->nva.data(), s->nva.size(), &prd);
            return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        cb, [](nghttp2_session *, int32_t id, uint32_t, void *user) -> int {
            auto *c = static_cast<H2Connection *>(user);
            if (c->streams.erase(id))
                c->server->streamClosed();
            return 0;
        });
    nghttp2_session_server_new(&conn.session, cb, &conn);
    nghttp2_session_callbacks_del(cb);

    const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 1000},
                                               {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 4 * 1024 * 1024}};
    nghttp2_submit_settings(conn.session, NGHTTP2_FLAG_NONE, settings, 2);

    char buf[65536];
    bool ok = true;
    while (ok && !stopping) {
        // Broadcasts and releases for held streams.
        const int released = releaseGen();
        for (auto &[id, s] : conn.streams) {
            if (!s->responded || !s->response.hold)
                continue;
            for (const QByteArray &b : broadcastsFrom(&s->nextBroadcast))
                s->pending += b;
            if (released != conn.released)
                s->ended = true;
            if (s->deferred && (!s->pending.isEmpty() || s->ended)) {
                s->deferred = false;
                nghttp2_session_resume_data(conn.session, id);
            }
        }
        conn.released = released;
        while (ok && nghttp2_session_want_write(conn.session)) {
            const uint8_t *data = nullptr;
            const ssize_t n = nghttp2_session_mem_send(conn.session, &data);
            if (n <= 0)
                break;
            ok = writeAll(ssl, reinterpret_cast<const char *>(data), n);
        }
        if (!ok || (!nghttp2_session_want_read(conn.session) && !nghttp2_session_want_write(conn.session)))
            break;
        if (!waitReadable(ssl, fd, 20))
            continue;
        const int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0)
            break;
        if (nghttp2_session_mem_recv(conn.session, reinterpret_cast<const uint8_t *>(buf), size_t(n)) < 0)
            break;
    }
    for (std::size_t i = 0; i < conn.streams.size(); ++i)
        streamClosed();
    conn.streams.clear();
    nghttp2_session_del(conn.session);
}

// ---- public ------------------------------------------------------------------------------

HttpsTestServer::HttpsTestServer(Options options, Handler handler)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
    d->handler = std::move(handler);
}

HttpsTestServer::~HttpsTestServer()
{
    stop();
}

bool HttpsTestServer::start()
{
    // OpenSSL writes with write(2): a client that hangs up must not kill the test process.
    ::signal(SIGPIPE, SIG_IGN);
    if (!d->setup())
        return false;
    d->acceptThread = std::thread([this] { d->acceptLoop(); });
    return true;
}

void HttpsTestServer::stop()
{
    if (d->stopping.exchange(true))
        return;
    if (d->acceptThread.joinable())
        d->acceptThread.join();
    std::vector<std::thread> threads;
    std::vector<int> fds;
    {
        QMutexLocker l(&d->mutex);
        threads.swap(d->connections);
        fds = d->connectionFds;
    }
    for (int fd : fds)
        ::shutdown(fd, SHUT_RDWR);
    for (std::thread &t : threads)
        t.join();
    for (int fd : fds)
        ::close(fd);
    if (d->listenFd >= 0)
        ::close(d->listenFd);
    d->listenFd = -1;
}

quint16 HttpsTestServer::port() const
{
    return d->port;
}

QString HttpsTestServer::url(const QString &path) const
{
    return QStringLiteral("https://127.0.0.1:%1%2").arg(d->port).arg(path);
}

QString HttpsTestServer::errorString() const
{
    return d->error;
}

TestServerStats HttpsTestServer::stats() const
{
    QMutexLocker l(&d->mutex);
    return d->stats;
}

void HttpsTestServer::broadcast(const QByteArray &data)
{
    QMutexLocker l(&d->mutex);
    d->broadcasts.push_back(data);
}

void HttpsTestServer::releaseHeld()
{
    QMutexLocker l(&d->mutex);
    ++d->releaseGeneration;
}

// ---- SilentServer ------------------------------------------------------------------------

struct SilentServer::Impl {
    int listenFd = -1;
    std::atomic<bool> stopping{false};
    std::thread thread;
    std::vector<int> accepted;
};

SilentServer::SilentServer()
    : d(std::make_unique<Impl>())
{
    d->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(d->listenFd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 && ::listen(d->listenFd, 16) == 0) {
        socklen_t len = sizeof addr;
        getsockname(d->listenFd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
    }
    d->thread = std::thread([impl = d.get()] {
        while (!impl->stopping) {
            pollfd p{impl->listenFd, POLLIN, 0};
            if (::poll(&p, 1, 50) > 0) {
                const int fd = ::accept4(impl->listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0)
                    impl->accepted.push_back(fd);  // held open, never answered
            }
        }
    });
}

SilentServer::~SilentServer()
{
    d->stopping = true;
    d->thread.join();
    for (int fd : d->accepted)
        ::close(fd);
    ::close(d->listenFd);
}

}  // namespace workbench::test
