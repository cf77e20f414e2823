// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeclient.h"
#include "kube/kubeobjects.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace workbench::engine::kube {

/// The pods matching a label selector, kept current: list, then watch from the list's
/// resourceVersion; a watch that ends (server timeout) or breaks (network, API server
/// restart) resumes from the last resourceVersion seen, after a backoff (0.5 s doubling to
/// 30 s) when it broke; a watch the server refuses as too old (410 Gone / Expired) lists again
/// and reports the differences as added / changed / removed pods. This is client-go's
/// reflector + informer, for the release's pods (Logs area, `logs` command, the deploy step's
/// pod list).
///
/// Lives on its owner's thread (the client's).
class PodWatcher : public QObject
{
    Q_OBJECT

public:
    PodWatcher(KubeClient &client, QString namespaceName, QString labelSelector, QObject *parent = nullptr);
    ~PodWatcher() override;

    QString namespaceName() const { return m_namespace; }
    QString labelSelector() const { return m_selector; }

    /// Lists, then watches. A failed first list is reported by failed() and ends the watcher
    /// (start() again to retry); later failures are retried with backoff (problem()).
    void start();
    void stop();
    bool isRunning() const { return m_running; }
    /// The first list arrived.
    bool isSynced() const { return m_synced; }

    /// The pods now, by name.
    const QHash<QString, models::kube::KubePod> &pods() const { return m_pods; }
    /// Sorted by name.
    QList<models::kube::KubePod> podList() const;
    const models::kube::KubePod *pod(const QString &name) const;
    /// Lists made so far (the first one and every relist after a 410).
    int listCount() const { return m_lists; }

    /// Interval bounds of the reconnect backoff (tests shorten them).
    void setBackoff(int initialMs, int maxMs)
    {
        m_initialBackoffMs = initialMs;
        m_maxBackoffMs = maxMs;
    }

Q_SIGNALS:
    /// The first list arrived: podAdded() was emitted for each pod before this.
    void synced();
    void podAdded(const workbench::models::kube::KubePod &pod);
    void podChanged(const workbench::models::kube::KubePod &pod);
    void podRemoved(const workbench::models::kube::KubePod &pod);
    /// The first list failed; the watcher stopped.
    void failed(const workbench::Error &error);
    /// A list or watch after the first one failed; retrying in @p retryInMs.
    void problem(const workbench::Error &error, int retryInMs);
    /// Watching again after a problem().
    void recovered();

private:
    void list();
    void watch();
    void scheduleRetry(const Error &error, bool relist);
    void apply(const PodWatchEvent &event);
    void applyList(const models::kube::KubePodList &list);

    KubeClient &m_client;
    QString m_namespace;
    QString m_selector;
    QHash<QString, models::kube::KubePod> m_pods;
    QString m_resourceVersion;
    KubeCall m_call;
    QTimer m_retry;
    bool m_running = false;
    bool m_synced = false;
    bool m_inProblem = false;
    bool m_retryRelists = false;
    int m_lists = 0;
    int m_backoffMs = 0;
    int m_initialBackoffMs = 500;
    int m_maxBackoffMs = 30000;
    QObject *m_context = nullptr;  // context of the running request; deleted to drop it
    QElapsedTimer m_watchClock;    // since the running watch was started
};

}  // namespace workbench::engine::kube
