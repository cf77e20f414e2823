// SPDX-License-Identifier: Apache-2.0
#include "httpconnection.h"

#include <QDateTime>
#include <QLocale>
#include <QTimer>
#include <QUrl>

namespace kubetest {

HttpConnection::HttpConnection(QSslSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    m_socket->setParent(this);
    connect(m_socket, &QSslSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QSslSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        if (!m_closed) {
            m_closed = true;
            Q_EMIT closed();
        }
    });
    QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

HttpConnection::~HttpConnection() = default;

bool HttpConnection::isOpen() const
{
    return !m_closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 HttpConnection::bytesPending() const
{
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
}

void HttpConnection::onBytesWritten()
{
    if (m_cutting) {
        if (bytesPending() == 0)
            QTimer::singleShot(0, this, &HttpConnection::abort);
        return;
    }
    if (bytesPending() < kLowWater)
        Q_EMIT writable();
}

void HttpConnection::onReadyRead()
{
    m_in += m_socket->readAll();
    parseNext();
}

void HttpConnection::parseNext()
{
    if (m_busy || m_closed)
        return;
    const qsizetype headerEnd = m_in.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_in.size() > 1 << 20)
            abort();
        return;
    }
    HttpRequest r;
    const QList<QByteArray> lines = m_in.left(headerEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    if (first.size() != 3) {
        respond(400, "text/plain", "bad request line\n");
        m_closeAfter = true;
        return;
    }
    r.method = first[0];
    r.target = first[1];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    qsizetype consumed = headerEnd + 4;
    if (r.header("transfer-encoding").toLower().contains("chunked")) {
        QByteArray body;
        qsizetype at = consumed;
        for (;;) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", at);
            if (lineEnd < 0)
                return;  // wait for more
            bool ok = false;
            const qsizetype size = m_in.mid(at, lineEnd - at).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok) {
                respond(400, "text/plain", "bad chunk\n");
                m_closeAfter = true;
                return;
            }
            if (m_in.size() < lineEnd + 2 + size + 2)
                return;
            body += m_in.mid(lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
        r.body = body;
        consumed = at;
    } else {
        const qsizetype length = r.header("content-length").toLongLong();
        if (m_in.size() < consumed + length)
            return;
        r.body = m_in.mid(consumed, length);
        consumed += length;
    }
    m_in.remove(0, consumed);
    const qsizetype q = r.target.indexOf('?');
    r.path = QUrl::fromPercentEncoding(q < 0 ? r.target : r.target.left(q));
    if (q >= 0) {
        // Go's url.ParseQuery reads '+' as a space (form encoding); QUrlQuery does not.
        QByteArray query = r.target.mid(q + 1);
        query.replace('+', "%20");
        r.query = QUrlQuery(QString::fromLatin1(query));
    }
    m_closeAfter = r.header("connection").toLower() == "close";
    m_busy = true;
    Q_EMIT requestReceived(this, r);
}

QByteArray HttpConnection::statusLine(int status)
{
    const char *text = "OK";
    switch (status) {
    case 201:
        text = "Created";
        break;
    case 400:
        text = "Bad Request";
        break;
    case 401:
        text = "Unauthorized";
        break;
    case 403:
        text = "Forbidden";
        break;
    case 404:
        text = "Not Found";
        break;
    case 405:
        text = "Method Not Allowed";
        break;
    case 406:
        text = "Not Acceptable";
        break;
    case 409:
        text = "Conflict";
        break;
    case 410:
        text = "Gone";
        break;
    case 415:
        text = "Unsupported Media Type";
        break;
    case 422:
        text = "Unprocessable Entity";
        break;
    case 429:
        text = "Too Many Requests";
        break;
    case 500:
        text = "Internal Server Error";
        break;
    case 503:
        text = "Service Unavailable";
        break;
    default:
        break;
    }
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + text + "\r\n";
}

static QByteArray commonHeaders()
{
    const QString date =
        QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")) +
        QStringLiteral(" GMT");
    return "Audit-Id: " + QByteArray::number(qint64(QDateTime::currentMSecsSinceEpoch())) +
           "\r\nCache-Control: no-cache, private\r\nDate: " + date.toLatin1() + "\r\n";
}

void HttpConnection::writeRaw(const QByteArray &bytes)
{
    if (!m_closed)
        m_socket->write(bytes);
}

void HttpConnection::respond(int status, const QByteArray &contentType, const QByteArray &body, const Headers &headers)
{
    QByteArray out = statusLine(status) + commonHeaders();
    out += "Content-Type: " + contentType + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (m_closeAfter)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += body;
    writeRaw(out);
    finishResponse();
}

void HttpConnection::beginStream(int status, const QByteArray &contentType, const Headers &headers)
{
    QByteArray out = statusLine(status) + commonHeaders();
    out += "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    writeRaw(out);
    m_streaming = true;
}

void HttpConnection::writeChunk(const QByteArray &data)
{
    if (data.isEmpty() || !m_streaming)
        return;
    writeRaw(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::endStream()
{
    if (!m_streaming)
        return;
    writeRaw("0\r\n\r\n");
    m_streaming = false;
    finishResponse();
}

void HttpConnection::finishResponse()
{
    m_busy = false;
    if (m_closeAfter) {
        m_socket->disconnectFromHost();
        return;
    }
    QTimer::singleShot(0, this, &HttpConnection::parseNext);
}

void HttpConnection::cut(const QByteArray &rawTail)
{
    if (m_closed)
        return;
    if (!rawTail.isEmpty() && m_streaming) {
        // The chunk announces more bytes than follow: the client sees the line cut off.
        writeRaw(QByteArray::number(rawTail.size() + 64, 16) + "\r\n" + rawTail);
    }
    m_streaming = false;
    m_cutting = true;
    // The bytes leave with the event loop; onBytesWritten() drops the connection once they
    // are out (or at once when nothing is pending).
    if (bytesPending() == 0)
        QTimer::singleShot(0, this, &HttpConnection::abort);
}

void HttpConnection::abort()
{
    if (m_closed)
        return;
    m_closed = true;
    m_socket->abort();
    Q_EMIT closed();
}

}  // namespace kubetest
