// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "objects.h"

#include <QObject>

#include <deque>
#include <map>

namespace kubetest {

/// What the test API server stores (its "etcd"): namespaces, pods with their containers' logs,
/// secrets, one resourceVersion counter, and the watch history of each resource.
class ClusterState : public QObject
{
    Q_OBJECT

public:
    using Key = std::pair<QString, QString>;  // namespace, name

    quint64 resourceVersion() const { return m_rv; }
    /// The oldest resourceVersion a watch of @p resource may resume from.
    quint64 oldestWatchable(const QString &resource) const;
    const std::deque<WatchEvent> &history(const QString &resource) const;
    /// Forgets the watch history: older resourceVersions become "too old" (410).
    void compact();

    // Namespaces
    const NamespaceRecord *namespaceRecord(const QString &name) const;
    std::vector<const NamespaceRecord *> namespaces() const;
    const NamespaceRecord &addNamespace(const QString &name, const Labels &labels = {});
    bool deleteNamespace(const QString &name);

    // Pods
    PodRecord *pod(const QString &ns, const QString &name);
    std::vector<const PodRecord *> pods(const QString &ns) const;  ///< all namespaces when ns is empty
    /// Adds (or replaces) a pod; creates its namespace when missing.
    const PodRecord &addPod(PodRecord pod);
    bool deletePod(const QString &ns, const QString &name);
    /// Records a change made to @p pod (bumps its resourceVersion, emits MODIFIED).
    void podChanged(PodRecord &pod);
    /// The container's current log becomes its previous one; the restart count grows.
    bool restartContainer(const QString &ns, const QString &name, const QString &container, int exitCode);
    bool appendLog(const QString &ns, const QString &name, const QString &container, qint64 timestamp,
                   const QByteArray &text);

    // Secrets
    SecretRecord *secret(const QString &ns, const QString &name);
    std::vector<const SecretRecord *> secrets(const QString &ns) const;
    const SecretRecord &putSecret(SecretRecord secret, bool created);
    bool deleteSecret(const QString &ns, const QString &name);

    static QString newUid();

Q_SIGNALS:
    void eventRecorded(const WatchEvent &event);
    void logAppended(const QString &ns, const QString &pod, const QString &container);
    /// The container instance whose log a follower reads has ended (restart, pod deleted).
    void containerEnded(const QString &ns, const QString &pod, const QString &container);

private:
    void record(WatchEvent event);
    WatchEvent podEvent(const QString &type, const PodRecord &pod) const;

    quint64 m_rv = 100;
    std::map<QString, NamespaceRecord> m_namespaces;
    std::map<Key, PodRecord> m_pods;
    std::map<Key, SecretRecord> m_secrets;
    std::map<QString, std::deque<WatchEvent>> m_history;
    std::map<QString, quint64> m_oldest;
};

}  // namespace kubetest
