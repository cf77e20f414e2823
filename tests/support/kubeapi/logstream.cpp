// SPDX-License-Identifier: Apache-2.0
#include "logstream.h"

#include "clusterstate.h"
#include "httpconnection.h"

#include <QTimer>

namespace kubetest {

LogStream::LogStream(HttpConnection *connection, ClusterState *state, std::shared_ptr<ContainerLog> log,
                     qsizetype first, qint64 since, Options options, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_log(std::move(log))
    , m_next(first)
    , m_since(since)
    , m_options(std::move(options))
    , m_instanceEnded(m_options.ended || !m_options.follow)
{
    connect(connection, &HttpConnection::writable, this, &LogStream::pump);
    connect(connection, &HttpConnection::closed, this, &QObject::deleteLater);
    connect(state, &ClusterState::logAppended, this, [this](const QString &ns, const QString &pod, const QString &c) {
        if (ns == m_options.namespaceName && pod == m_options.pod && c == m_options.container)
            pump();
    });
    connect(state, &ClusterState::containerEnded, this,
            [this](const QString &ns, const QString &pod, const QString &c) {
                if (ns == m_options.namespaceName && pod == m_options.pod && c == m_options.container) {
                    m_instanceEnded = true;
                    pump();
                }
            });
    connection->beginStream(200, "text/plain");
    QTimer::singleShot(0, this, &LogStream::pump);
}

void LogStream::pump()
{
    if (m_done || !m_connection || !m_connection->isOpen())
        return;
    QByteArray chunk;
    chunk.reserve(80 * 1024);
    while (m_next < m_log->size() && m_connection->bytesPending() < HttpConnection::kHighWater) {
        chunk.clear();
        while (m_next < m_log->size() && chunk.size() < 64 * 1024) {
            const qint64 ts = m_log->timestamp(m_next);
            if (ts >= m_since) {
                if (m_options.timestamps) {
                    appendRfc3339Nano(chunk, ts);
                    chunk += ' ';
                }
                chunk += m_log->view(m_next);
                chunk += '\n';
            }
            ++m_next;
        }
        if (m_options.limitBytes >= 0 && m_sent + chunk.size() >= m_options.limitBytes) {
            chunk.truncate(m_options.limitBytes - m_sent);
            m_connection->writeChunk(chunk);
            finish();
            return;
        }
        m_sent += chunk.size();
        m_connection->writeChunk(chunk);
    }
    if (m_next >= m_log->size() && m_instanceEnded)
        finish();
}

void LogStream::finish()
{
    if (m_done)
        return;
    m_done = true;
    if (m_connection)
        m_connection->endStream();
    deleteLater();
}

void LogStream::cut(bool midLine)
{
    if (m_done || !m_connection)
        return;
    m_done = true;
    QByteArray tail;
    if (midLine) {
        // Half of the next line (or of a made-up one), as a dropped connection leaves it.
        QByteArray line = m_next < m_log->size() ? m_log->text(m_next) : QByteArray("partial line that never ends");
        if (m_options.timestamps && m_next < m_log->size())
            line = formatRfc3339Nano(m_log->timestamp(m_next)) + ' ' + line;
        tail = line.left(std::max<qsizetype>(1, line.size() / 2));
    }
    m_connection->cut(tail);
    deleteLater();
}

}  // namespace kubetest
