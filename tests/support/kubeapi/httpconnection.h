// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "httprequest.h"

#include <QObject>
#include <QPointer>
#include <QSslSocket>

namespace kubetest {

/// HTTP/1.1 on one TLS connection: parses requests one at a time (keep-alive, Content-Length
/// and chunked bodies), answers with a whole body or a chunked stream, and can cut the
/// connection in the middle of a stream as a network drop would.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit HttpConnection(QSslSocket *socket, QObject *parent = nullptr);
    ~HttpConnection() override;

    QSslSocket *socket() const { return m_socket; }
    bool isOpen() const;

    void respond(int status, const QByteArray &contentType, const QByteArray &body, const Headers &headers = {});
    void beginStream(int status, const QByteArray &contentType, const Headers &headers = {});
    void writeChunk(const QByteArray &data);
    void endStream();
    bool isStreaming() const { return m_streaming; }
    /// Bytes accepted but not yet sent.
    qint64 bytesPending() const;
    /// Sends @p rawTail inside an unfinished chunk (no terminator), waits until it left, then
    /// drops the connection.
    void cut(const QByteArray &rawTail = {});
    /// Drops the connection at once.
    void abort();

    static constexpr qint64 kHighWater = 4 << 20;
    static constexpr qint64 kLowWater = 1 << 20;

Q_SIGNALS:
    void requestReceived(kubetest::HttpConnection *connection, const kubetest::HttpRequest &request);
    /// Pending bytes fell below kLowWater.
    void writable();
    void closed();

private:
    void onReadyRead();
    void parseNext();
    void finishResponse();
    void onBytesWritten();
    void writeRaw(const QByteArray &bytes);
    static QByteArray statusLine(int status);

    QSslSocket *m_socket;
    QByteArray m_in;
    bool m_busy = false;       // a request is being answered
    bool m_streaming = false;  // inside a chunked response
    bool m_closeAfter = false;
    bool m_cutting = false;
    bool m_closed = false;
};

}  // namespace kubetest
