// SPDX-License-Identifier: Apache-2.0
#include "clusterstate.h"

#include "objectjson.h"

#include <QUuid>

namespace kubetest {

namespace {
const std::deque<WatchEvent> kNoHistory;
constexpr std::size_t kHistoryLimit = 100'000;
}  // namespace

QString ClusterState::newUid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

quint64 ClusterState::oldestWatchable(const QString &resource) const
{
    const auto it = m_oldest.find(resource);
    return it == m_oldest.end() ? 0 : it->second;
}

const std::deque<WatchEvent> &ClusterState::history(const QString &resource) const
{
    const auto it = m_history.find(resource);
    return it == m_history.end() ? kNoHistory : it->second;
}

void ClusterState::compact()
{
    for (const QString &r : {QStringLiteral("pods"), QStringLiteral("namespaces"), QStringLiteral("secrets")}) {
        m_history[r].clear();
        m_oldest[r] = m_rv;
    }
}

void ClusterState::record(WatchEvent event)
{
    auto &h = m_history[event.resource];
    h.push_back(event);
    if (h.size() > kHistoryLimit) {
        m_oldest[event.resource] = h.front().resourceVersion;
        h.pop_front();
    }
    Q_EMIT eventRecorded(event);
}

const NamespaceRecord *ClusterState::namespaceRecord(const QString &name) const
{
    const auto it = m_namespaces.find(name);
    return it == m_namespaces.end() ? nullptr : &it->second;
}

std::vector<const NamespaceRecord *> ClusterState::namespaces() const
{
    std::vector<const NamespaceRecord *> out;
    for (const auto &[name, ns] : m_namespaces)
        out.push_back(&ns);
    return out;
}

const NamespaceRecord &ClusterState::addNamespace(const QString &name, const Labels &labels)
{
    NamespaceRecord ns;
    ns.name = name;
    ns.uid = newUid();
    ns.labels = labels;
    ns.created = nowNanos();
    ns.resourceVersion = ++m_rv;
    NamespaceRecord &stored = m_namespaces[name] = ns;
    WatchEvent e;
    e.resourceVersion = ns.resourceVersion;
    e.type = QStringLiteral("ADDED");
    e.resource = QStringLiteral("namespaces");
    e.name = name;
    e.labels = labels;
    e.object = namespaceJson(stored);
    record(e);
    return stored;
}

bool ClusterState::deleteNamespace(const QString &name)
{
    const auto it = m_namespaces.find(name);
    if (it == m_namespaces.end())
        return false;
    NamespaceRecord ns = it->second;
    m_namespaces.erase(it);
    ns.resourceVersion = ++m_rv;
    WatchEvent e;
    e.resourceVersion = ns.resourceVersion;
    e.type = QStringLiteral("DELETED");
    e.resource = QStringLiteral("namespaces");
    e.name = name;
    e.object = namespaceJson(ns);
    record(e);
    return true;
}

PodRecord *ClusterState::pod(const QString &ns, const QString &name)
{
    const auto it = m_pods.find({ns, name});
    return it == m_pods.end() ? nullptr : &it->second;
}

std::vector<const PodRecord *> ClusterState::pods(const QString &ns) const
{
    std::vector<const PodRecord *> out;
    for (const auto &[key, p] : m_pods)
        if (ns.isEmpty() || key.first == ns)
            out.push_back(&p);
    return out;
}

WatchEvent ClusterState::podEvent(const QString &type, const PodRecord &pod) const
{
    WatchEvent e;
    e.resourceVersion = pod.resourceVersion;
    e.type = type;
    e.resource = QStringLiteral("pods");
    e.namespaceName = pod.namespaceName;
    e.name = pod.name;
    e.labels = pod.labels;
    e.fields = pod.fields();
    e.object = podJson(pod);
    e.pod = std::make_shared<const PodRecord>(pod);
    return e;
}

const PodRecord &ClusterState::addPod(PodRecord pod)
{
    if (!namespaceRecord(pod.namespaceName))
        addNamespace(pod.namespaceName);
    const bool replacing = m_pods.count({pod.namespaceName, pod.name}) > 0;
    if (replacing)
        deletePod(pod.namespaceName, pod.name);
    if (pod.uid.isEmpty())
        pod.uid = newUid();
    if (pod.created == 0)
        pod.created = nowNanos();
    for (ContainerRecord &c : pod.containers)
        if (c.startedAt == 0)
            c.startedAt = pod.created;
    for (ContainerRecord &c : pod.initContainers)
        if (c.startedAt == 0)
            c.startedAt = pod.created;
    pod.resourceVersion = ++m_rv;
    const Key key{pod.namespaceName, pod.name};
    PodRecord &stored = m_pods[key] = std::move(pod);
    record(podEvent(QStringLiteral("ADDED"), stored));
    return stored;
}

bool ClusterState::deletePod(const QString &ns, const QString &name)
{
    const auto it = m_pods.find({ns, name});
    if (it == m_pods.end())
        return false;
    PodRecord pod = std::move(it->second);
    m_pods.erase(it);
    pod.resourceVersion = ++m_rv;
    for (const ContainerRecord &c : pod.containers)
        Q_EMIT containerEnded(ns, name, c.name);
    for (const ContainerRecord &c : pod.initContainers)
        Q_EMIT containerEnded(ns, name, c.name);
    record(podEvent(QStringLiteral("DELETED"), pod));
    return true;
}

void ClusterState::podChanged(PodRecord &pod)
{
    pod.resourceVersion = ++m_rv;
    record(podEvent(QStringLiteral("MODIFIED"), pod));
}

bool ClusterState::restartContainer(const QString &ns, const QString &name, const QString &container, int exitCode)
{
    PodRecord *p = pod(ns, name);
    ContainerRecord *c = p ? p->container(container) : nullptr;
    if (!c)
        return false;
    c->previousLog = c->log;
    c->log = std::make_shared<ContainerLog>();
    ++c->restartCount;
    c->lastTerminatedAt = nowNanos();
    c->lastExitCode = exitCode;
    c->startedAt = c->lastTerminatedAt;
    Q_EMIT containerEnded(ns, name, container);
    podChanged(*p);
    return true;
}

bool ClusterState::appendLog(const QString &ns, const QString &name, const QString &container, qint64 timestamp,
                             const QByteArray &text)
{
    PodRecord *p = pod(ns, name);
    ContainerRecord *c = p ? p->container(container) : nullptr;
    if (!c)
        return false;
    c->log->append(timestamp, text);
    Q_EMIT logAppended(ns, name, container);
    return true;
}

SecretRecord *ClusterState::secret(const QString &ns, const QString &name)
{
    const auto it = m_secrets.find({ns, name});
    return it == m_secrets.end() ? nullptr : &it->second;
}

std::vector<const SecretRecord *> ClusterState::secrets(const QString &ns) const
{
    std::vector<const SecretRecord *> out;
    for (const auto &[key, s] : m_secrets)
        if (ns.isEmpty() || key.first == ns)
            out.push_back(&s);
    return out;
}

const SecretRecord &ClusterState::putSecret(SecretRecord secret, bool created)
{
    if (secret.uid.isEmpty())
        secret.uid = newUid();
    if (secret.created == 0)
        secret.created = nowNanos();
    secret.resourceVersion = ++m_rv;
    SecretRecord &stored = m_secrets[{secret.namespaceName, secret.name}] = std::move(secret);
    WatchEvent e;
    e.resourceVersion = stored.resourceVersion;
    e.type = created ? QStringLiteral("ADDED") : QStringLiteral("MODIFIED");
    e.resource = QStringLiteral("secrets");
    e.namespaceName = stored.namespaceName;
    e.name = stored.name;
    e.labels = stored.labels;
    e.object = secretJson(stored);
    record(e);
    return stored;
}

bool ClusterState::deleteSecret(const QString &ns, const QString &name)
{
    const auto it = m_secrets.find({ns, name});
    if (it == m_secrets.end())
        return false;
    SecretRecord s = std::move(it->second);
    m_secrets.erase(it);
    s.resourceVersion = ++m_rv;
    WatchEvent e;
    e.resourceVersion = s.resourceVersion;
    e.type = QStringLiteral("DELETED");
    e.resource = QStringLiteral("secrets");
    e.namespaceName = ns;
    e.name = name;
    e.object = secretJson(s);
    record(e);
    return true;
}

ContainerRecord *PodRecord::container(const QString &name)
{
    for (ContainerRecord &c : containers)
        if (c.name == name)
            return &c;
    for (ContainerRecord &c : initContainers)
        if (c.name == name)
            return &c;
    return nullptr;
}

QStringList PodRecord::containerNames() const
{
    QStringList names;
    for (const ContainerRecord &c : containers)
        names << c.name;
    return names;
}

QMap<QString, QString> PodRecord::fields() const
{
    return {{QStringLiteral("metadata.name"), name},
            {QStringLiteral("metadata.namespace"), namespaceName},
            {QStringLiteral("spec.nodeName"), unschedulableMessage.isEmpty() ? node : QString()},
            {QStringLiteral("status.phase"), phase},
            {QStringLiteral("spec.restartPolicy"), QStringLiteral("Always")},
            {QStringLiteral("status.podIP"), podIp}};
}

}  // namespace kubetest
