// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QObject>

class QSocketNotifier;

namespace kubetest {

class ApiServer;
class ClusterState;

/// The test's hand on the server: one JSON command per line on standard input, one JSON reply
/// per line on standard output ({"ok":true,...} or {"ok":false,"error":"..."}, with the
/// command's "id" echoed). When standard input closes, the server exits.
///
/// Commands ("op"): addNamespace, addPod, deletePod, setPodStatus, restartContainer,
/// appendLogs, generateLogs, cutLogStreams, restartServer, compact, addToken, removeToken,
/// failRequests, forbid, requests, clearRequests, secrets, resourceVersion, ping.
/// See kube-test-server's README in tests/support/kubeapi for their fields.
class ControlChannel : public QObject
{
    Q_OBJECT

public:
    ControlChannel(ClusterState *state, ApiServer *server, QObject *parent = nullptr);

    /// Runs one command (also used for --scenario files).
    QJsonObject run(const QJsonObject &command);
    void start();

Q_SIGNALS:
    void finished();

private:
    void onReadable();

    ClusterState *m_state;
    ApiServer *m_server;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
};

}  // namespace kubetest
