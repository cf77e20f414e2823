// SPDX-License-Identifier: Apache-2.0
#include "watchstream.h"

#include "clusterstate.h"
#include "httpconnection.h"
#include "objectjson.h"

#include <QJsonDocument>
#include <QTimer>

namespace kubetest {

WatchStream::WatchStream(HttpConnection *connection, ClusterState *state, Options options,
                         const QString &resourceVersion, std::vector<WatchEvent> initial, Render render,
                         QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_options(std::move(options))
    , m_render(std::move(render))
{
    connect(connection, &HttpConnection::closed, this, &QObject::deleteLater);
    connection->beginStream(200, m_options.table ? QByteArray("application/json;as=Table;v=v1;g=meta.k8s.io")
                                                 : QByteArray("application/json"));
    bool ok = false;
    const quint64 rv = resourceVersion.toULongLong(&ok);
    if (ok && rv > 0) {
        const quint64 oldest = state->oldestWatchable(m_options.resource);
        if (rv < oldest) {
            const QJsonObject status =
                statusJson(410, QStringLiteral("Expired"),
                           QStringLiteral("too old resource version: %1 (%2)").arg(rv).arg(oldest));
            QJsonObject event{{QStringLiteral("type"), QStringLiteral("ERROR")}, {QStringLiteral("object"), status}};
            connection->writeChunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
            finish();
            return;
        }
        for (const WatchEvent &e : state->history(m_options.resource))
            if (e.resourceVersion > rv && wanted(e))
                send(e);
    } else {
        for (const WatchEvent &e : initial)
            if (wanted(e))
                send(e);
    }
    connect(state, &ClusterState::eventRecorded, this, [this](const WatchEvent &e) {
        if (e.resource == m_options.resource && wanted(e))
            send(e);
    });
    if (m_options.timeoutSeconds > 0)
        QTimer::singleShot(m_options.timeoutSeconds * 1000, this, &WatchStream::finish);
}

bool WatchStream::wanted(const WatchEvent &e) const
{
    if (!m_options.namespaceName.isEmpty() && e.namespaceName != m_options.namespaceName)
        return false;
    QMap<QString, QString> fields = e.fields;
    fields.insert(QStringLiteral("metadata.name"), e.name);
    fields.insert(QStringLiteral("metadata.namespace"), e.namespaceName);
    return m_options.labels.matches(e.labels) && m_options.fields.matches(fields);
}

void WatchStream::send(const WatchEvent &e)
{
    if (m_done || !m_connection)
        return;
    QJsonObject event;
    event.insert(QStringLiteral("type"), e.type);
    event.insert(QStringLiteral("object"), m_render(e, !m_sentColumns));
    m_sentColumns = true;
    m_connection->writeChunk(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
}

void WatchStream::finish()
{
    if (m_done)
        return;
    m_done = true;
    if (m_connection)
        m_connection->endStream();
    deleteLater();
}

void WatchStream::cut()
{
    if (m_done)
        return;
    m_done = true;
    if (m_connection)
        m_connection->abort();
    deleteLater();
}

}  // namespace kubetest
