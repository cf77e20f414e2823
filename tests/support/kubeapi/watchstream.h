// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "labelselector.h"
#include "objects.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace kubetest {

class ClusterState;
class HttpConnection;

/// One ?watch=true response: WatchEvents one JSON object per line. Replays the history after
/// the requested resourceVersion (or the current objects as ADDED when none is given), then
/// sends changes as they happen; a resourceVersion older than the history gets an ERROR event
/// with a 410 Status ("too old resource version"), as the real API server sends it.
class WatchStream : public QObject
{
    Q_OBJECT

public:
    struct Options {
        QString resource;       ///< pods, namespaces, secrets
        QString namespaceName;  ///< empty: all namespaces
        LabelSelector labels;
        FieldSelector fields;
        bool table = false;  ///< events carry meta.k8s.io Tables (kubectl get -w)
        int timeoutSeconds = 0;
    };
    /// Turns an event into the object sent (JSON, or a Table row for table watches).
    using Render = std::function<QJsonObject(const WatchEvent &event, bool withColumns)>;

    WatchStream(HttpConnection *connection, ClusterState *state, Options options, const QString &resourceVersion,
                std::vector<WatchEvent> initial, Render render, QObject *parent = nullptr);

    /// Drops the connection (API server restart).
    void cut();

private:
    bool wanted(const WatchEvent &e) const;
    void send(const WatchEvent &e);
    void finish();

    QPointer<HttpConnection> m_connection;
    Options m_options;
    Render m_render;
    bool m_sentColumns = false;
    bool m_done = false;
};

}  // namespace kubetest
