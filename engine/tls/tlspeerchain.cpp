// SPDX-License-Identifier: Apache-2.0
#include "tls/tlspeerchain.h"

#include "certs/opensslerror.h"
#include "certs/opensslhandles.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QUrl>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace workbench::engine::tls {

namespace {

using namespace workbench::models::certs;

/// Owns a socket descriptor.
class Socket
{
public:
    Socket() = default;
    explicit Socket(int fd)
        : m_fd(fd)
    {}
    ~Socket() { reset(); }
    Socket(const Socket &) = delete;
    Socket &operator=(const Socket &) = delete;
    Socket(Socket &&other) noexcept
        : m_fd(other.m_fd)
    {
        other.m_fd = -1;
    }
    Socket &operator=(Socket &&other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = other.m_fd;
            other.m_fd = -1;
        }
        return *this;
    }
    int fd() const { return m_fd; }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

/// While it lives, a write to a socket the server closed raises no SIGPIPE in this thread (which
/// would end the whole process: OpenSSL's socket BIO writes with send() without MSG_NOSIGNAL);
/// the write fails with EPIPE instead. SIGPIPE is blocked for this thread only, and one raised
/// meanwhile is consumed before the old mask returns (the way libpq does it), so the process's
/// own SIGPIPE handling is untouched.
class SigpipeBlocker
{
public:
    SigpipeBlocker()
    {
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        m_wasPending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
        m_active = pthread_sigmask(SIG_BLOCK, &m_pipe, &m_old) == 0;
    }
    ~SigpipeBlocker()
    {
        if (!m_active)
            return;
        if (!m_wasPending) {
            const timespec zero{0, 0};
            while (sigtimedwait(&m_pipe, nullptr, &zero) > 0) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigpipeBlocker(const SigpipeBlocker &) = delete;
    SigpipeBlocker &operator=(const SigpipeBlocker &) = delete;

private:
    sigset_t m_pipe{};
    sigset_t m_old{};
    bool m_wasPending = false;
    bool m_active = false;
};

struct AddrInfoDeleter {
    void operator()(addrinfo *a) const noexcept { freeaddrinfo(a); }
};

bool isCancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load();
}

Error cancelledError()
{
    return Error::cancelled(QStringLiteral("Fetching the certificate chain was cancelled."));
}

Error timeoutError(const TlsEndpoint &e, const char *phase)
{
    return makeError(QStringLiteral("tls.timeout"), QStringLiteral("%1 did not answer within %2 ms (%3).")
                                                        .arg(e.toString())
                                                        .arg(e.timeoutMs)
                                                        .arg(QLatin1String(phase)));
}

/// Waits for @p events on @p fd in 100 ms slices until @p deadline. 1 ready, 0 timeout,
/// -1 cancelled, -2 error.
int waitFor(int fd, short events, const QDeadlineTimer &deadline, const std::atomic<bool> *cancel)
{
    for (;;) {
        if (isCancelled(cancel))
            return -1;
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return 0;
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, int(qMin<qint64>(left < 0 ? 100 : left, 100)));
        if (rc > 0)
            return 1;
        if (rc < 0 && errno != EINTR)
            return -2;
    }
}

QString addressText(const sockaddr *sa)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(sa)->sin_addr, buf, sizeof buf);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(sa)->sin6_addr, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

Result<Socket> connectTo(const TlsEndpoint &e, const QDeadlineTimer &deadline, const std::atomic<bool> *cancel,
                         QString *peer)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo *raw = nullptr;
    const QByteArray host = e.host.toUtf8();
    const QByteArray port = QByteArray::number(e.port);
    if (const int rc = ::getaddrinfo(host.constData(), port.constData(), &hints, &raw); rc != 0 || !raw)
        return makeError(QStringLiteral("tls.resolve"), QStringLiteral("Cannot resolve %1.").arg(e.host),
                         QString::fromUtf8(gai_strerror(rc)));
    std::unique_ptr<addrinfo, AddrInfoDeleter> list(raw);

    int left = 0;
    for (addrinfo *ai = list.get(); ai; ai = ai->ai_next)
        ++left;
    QString lastError;
    for (addrinfo *ai = list.get(); ai; ai = ai->ai_next, --left) {
        // Each address gets its share of the time left, so that a host whose IPv6 address is
        // unreachable is still reached over IPv4 within the timeout.
        const QDeadlineTimer addressDeadline(qMax<qint64>(1, deadline.remainingTime() / qMax(1, left)));
        Socket s(::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
        if (s.fd() < 0) {
            lastError = QString::fromLocal8Bit(std::strerror(errno));
            continue;
        }
        if (::connect(s.fd(), ai->ai_addr, ai->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) {
                lastError = QString::fromLocal8Bit(std::strerror(errno));
                continue;
            }
            const int w = waitFor(s.fd(), POLLOUT, left > 1 ? addressDeadline : deadline, cancel);
            if (w == -1)
                return cancelledError();
            if (w == 0 && left <= 1)
                return timeoutError(e, "connect");
            if (w == 0) {
                lastError = QStringLiteral("%1 did not answer in time").arg(addressText(ai->ai_addr));
                continue;
            }
            int soError = 0;
            socklen_t len = sizeof soError;
            if (w < 0 || ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &soError, &len) != 0 || soError != 0) {
                lastError = QString::fromLocal8Bit(std::strerror(soError ? soError : errno));
                continue;
            }
        }
        *peer = addressText(ai->ai_addr);
        return s;
    }
    return makeError(QStringLiteral("tls.connect"), QStringLiteral("Cannot connect to %1.").arg(e.toString()),
                     lastError);
}

QList<Certificate> presentedChain(SSL *ssl)
{
    QList<Certificate> chain;
    // On the client side the peer chain includes the leaf.
    if (STACK_OF(X509) *sk = SSL_get_peer_cert_chain(ssl))
        for (int i = 0; i < sk_X509_num(sk); ++i)
            chain << Certificate::fromHandle(sk_X509_value(sk, i));
    if (chain.isEmpty())
        if (X509 *leaf = SSL_get0_peer_certificate(ssl))
            chain << Certificate::fromHandle(leaf);
    return chain;
}

}  // namespace

Result<TlsPeerChain> fetchPeerChain(const TlsEndpoint &endpoint, const std::atomic<bool> *cancel)
{
    clearOpenSslErrors();
    if (endpoint.host.isEmpty() || endpoint.port == 0)
        return makeError(QStringLiteral("tls.endpoint"), QStringLiteral("No host and port to connect to."));
    const QDeadlineTimer deadline(qMax(1, endpoint.timeoutMs));
    const SigpipeBlocker noSigpipe;
    TlsPeerChain result;
    result.endpoint = endpoint;

    Result<Socket> sock = connectTo(endpoint, deadline, cancel, &result.peerAddress);
    if (!sock)
        return sock.error();

    SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx)
        return openSslError(QStringLiteral("tls.handshake"), QStringLiteral("Cannot set up TLS."));
    // Looking needs no trust: accept any certificate, any protocol version and key size the
    // library still implements, so old and broken servers can be inspected too.
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_min_proto_version(ctx.get(), 0);
    SslPtr ssl(SSL_new(ctx.get()));
    if (!ssl || SSL_set_fd(ssl.get(), sock->fd()) != 1)
        return openSslError(QStringLiteral("tls.handshake"), QStringLiteral("Cannot set up TLS."));
    const QString sni = endpoint.effectiveServerName();
    if (!sni.isEmpty()) {
        // Internationalised names are sent in their ASCII (punycode) form, as the TLS SNI asks.
        bool ascii = true;
        for (const QChar c : sni)
            ascii = ascii && c.unicode() <= 0x7f;
        const QByteArray name = ascii ? sni.toLatin1() : QUrl::toAce(sni);
        if (name.isEmpty() || SSL_set_tlsext_host_name(ssl.get(), name.constData()) != 1)
            return openSslError(
                QStringLiteral("tls.sni"),
                QStringLiteral("Cannot send the server name '%1' (SNI): not a valid host name.").arg(sni));
    }
    SSL_set_connect_state(ssl.get());

    for (;;) {
        const int rc = SSL_do_handshake(ssl.get());
        if (rc == 1)
            break;
        const int e = SSL_get_error(ssl.get(), rc);
        short events = 0;
        if (e == SSL_ERROR_WANT_READ)
            events = POLLIN;
        else if (e == SSL_ERROR_WANT_WRITE)
            events = POLLOUT;
        if (events) {
            const int w = waitFor(sock->fd(), events, deadline, cancel);
            if (w == -1)
                return cancelledError();
            if (w == 0)
                return timeoutError(endpoint, "TLS handshake");
            if (w < 0)
                return makeError(QStringLiteral("tls.handshake"),
                                 QStringLiteral("Lost the connection to %1.").arg(endpoint.toString()));
            continue;
        }
        // Failed. If the server's certificates already arrived (it wanted a client certificate,
        // or disliked our offer late), show them anyway.
        const int savedErrno = errno;
        const unsigned long first = ERR_peek_error();
        const bool closed =
            e == SSL_ERROR_ZERO_RETURN ||
            (e == SSL_ERROR_SYSCALL && (first == 0 || savedErrno == EPIPE || savedErrno == ECONNRESET)) ||
            (ERR_GET_LIB(first) == ERR_LIB_SSL && ERR_GET_REASON(first) == SSL_R_UNEXPECTED_EOF_WHILE_READING);
        Error err = openSslError(QStringLiteral("tls.handshake"),
                                 QStringLiteral("The TLS handshake with %1 failed.").arg(endpoint.toString()));
        if (closed)
            err.detail = QStringLiteral("the server closed the connection");
        result.chain = presentedChain(ssl.get());
        if (result.chain.isEmpty())
            return err;
        result.handshakeNote =
            err.message + (err.detail.isEmpty() ? QString() : QStringLiteral(" (") + err.detail + QLatin1Char(')'));
        break;
    }
    if (result.handshakeNote.isEmpty()) {
        result.protocol = QString::fromLatin1(SSL_get_version(ssl.get()));
        if (const SSL_CIPHER *c = SSL_get_current_cipher(ssl.get()))
            result.cipher = QString::fromLatin1(SSL_CIPHER_get_name(c));
        result.chain = presentedChain(ssl.get());
        SSL_shutdown(ssl.get());  // best effort, non-blocking
    }
    clearOpenSslErrors();
    if (result.chain.isEmpty())
        return makeError(QStringLiteral("tls.no_certificate"),
                         QStringLiteral("%1 presented no certificate.").arg(endpoint.toString()));
    return result;
}

}  // namespace workbench::engine::tls
