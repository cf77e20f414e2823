// SPDX-License-Identifier: Apache-2.0
#include "kube/podwatcher.h"

#include "core/errorcodes.h"
#include "core/logging.h"

#include <QRandomGenerator>

#include <algorithm>

namespace workbench::engine::kube {

using models::kube::KubePod;
using models::kube::KubePodList;

PodWatcher::PodWatcher(KubeClient &client, QString namespaceName, QString labelSelector, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_namespace(std::move(namespaceName))
    , m_selector(std::move(labelSelector))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_retryRelists)
            list();
        else
            watch();
    });
}

PodWatcher::~PodWatcher()
{
    stop();
}

QList<KubePod> PodWatcher::podList() const
{
    QList<KubePod> list = m_pods.values();
    std::sort(list.begin(), list.end(), [](const KubePod &a, const KubePod &b) { return a.name() < b.name(); });
    return list;
}

const KubePod *PodWatcher::pod(const QString &name) const
{
    const auto it = m_pods.constFind(name);
    return it == m_pods.cend() ? nullptr : &it.value();
}

void PodWatcher::start()
{
    if (m_running)
        return;
    m_running = true;
    m_synced = false;
    m_inProblem = false;
    m_backoffMs = 0;
    list();
}

void PodWatcher::stop()
{
    m_running = false;
    m_retry.stop();
    m_call.cancel();
    m_call = KubeCall();
    delete m_context;  // drops the callback of what was running
    m_context = nullptr;
}

void PodWatcher::list()
{
    delete m_context;
    m_context = new QObject(this);
    m_call = m_client.listPods(m_namespace, m_selector, m_context, [this](const Result<KubePodList> &r) {
        if (!r) {
            if (r.error().isCancelled())
                return;
            if (!m_synced) {
                m_running = false;
                Q_EMIT failed(r.error());
                return;
            }
            scheduleRetry(r.error(), true);
            return;
        }
        ++m_lists;
        applyList(r.value());
        m_resourceVersion = r->resourceVersion;
        const bool first = !m_synced;
        m_synced = true;
        if (first)
            Q_EMIT synced();
        if (m_running)
            watch();
    });
}

void PodWatcher::applyList(const KubePodList &list)
{
    QHash<QString, KubePod> next;
    for (const KubePod &p : list.items)
        next.insert(p.name(), p);
    // Gone since the last list (missed while the watch was down): removed.
    const QList<QString> names = m_pods.keys();
    for (const QString &name : names) {
        if (!next.contains(name)) {
            const KubePod old = m_pods.take(name);
            Q_EMIT podRemoved(old);
        }
    }
    for (const KubePod &p : list.items) {
        const auto it = m_pods.find(p.name());
        if (it == m_pods.end()) {
            m_pods.insert(p.name(), p);
            Q_EMIT podAdded(p);
        } else if (it->meta.uid != p.meta.uid) {
            // Deleted and created again with the same name while we did not watch.
            const KubePod old = *it;
            m_pods.remove(p.name());
            Q_EMIT podRemoved(old);
            m_pods.insert(p.name(), p);
            Q_EMIT podAdded(p);
        } else if (it->meta.resourceVersion != p.meta.resourceVersion) {
            *it = p;
            Q_EMIT podChanged(p);
        }
    }
}

void PodWatcher::watch()
{
    if (!m_running)
        return;
    delete m_context;
    m_context = new QObject(this);
    // As client-go's reflector: the server ends the watch after a random 5-10 minutes.
    const int timeout = 290 + int(QRandomGenerator::global()->bounded(300));
    PodWatchHandler h;
    h.onOpen = [this] {
        if (m_inProblem) {
            m_inProblem = false;
            m_backoffMs = 0;
            Q_EMIT recovered();
        }
    };
    h.onEvent = [this](const PodWatchEvent &e) { apply(e); };
    h.onDone = [this](const Status &s) {
        if (!m_running)
            return;
        if (s) {
            // The server ended the watch (its timeout): resume at once, unless it keeps ending
            // watches right away (a proxy that closes long requests): then not in a tight loop.
            if (m_watchClock.elapsed() >= 1000) {
                watch();
                return;
            }
            m_retryRelists = false;
            m_retry.start(std::max(m_initialBackoffMs, 1000));
            return;
        }
        if (s.error().isCancelled())
            return;
        scheduleRetry(s.error(), s.error().code == QLatin1String(errc::kubeGone));
    };
    m_watchClock.start();
    m_call = m_client.watchPods(m_namespace, m_selector, m_resourceVersion, m_context, std::move(h), timeout);
}

void PodWatcher::apply(const PodWatchEvent &e)
{
    if (!e.pod.meta.resourceVersion.isEmpty())
        m_resourceVersion = e.pod.meta.resourceVersion;
    switch (e.type) {
    case PodWatchEvent::Type::Bookmark:
        return;
    case PodWatchEvent::Type::Added:
    case PodWatchEvent::Type::Modified: {
        const auto it = m_pods.find(e.pod.name());
        if (it == m_pods.end()) {
            m_pods.insert(e.pod.name(), e.pod);
            Q_EMIT podAdded(e.pod);
        } else if (it->meta.uid != e.pod.meta.uid) {
            const KubePod old = *it;
            m_pods.remove(e.pod.name());
            Q_EMIT podRemoved(old);
            m_pods.insert(e.pod.name(), e.pod);
            Q_EMIT podAdded(e.pod);
        } else {
            *it = e.pod;
            Q_EMIT podChanged(e.pod);
        }
        return;
    }
    case PodWatchEvent::Type::Deleted: {
        const auto it = m_pods.find(e.pod.name());
        if (it == m_pods.end())
            return;
        m_pods.erase(it);
        Q_EMIT podRemoved(e.pod);
        return;
    }
    }
}

void PodWatcher::scheduleRetry(const Error &error, bool relist)
{
    if (relist && error.code == QLatin1String(errc::kubeGone)) {
        // "too old resource version": list again now, no backoff (what client-go does).
        qCDebug(lcNet) << "pod watch expired; listing again:" << error.toString();
        m_retryRelists = true;
        m_retry.start(0);
        return;
    }
    m_backoffMs = m_backoffMs == 0 ? m_initialBackoffMs : std::min(m_maxBackoffMs, m_backoffMs * 2);
    m_retryRelists = relist;
    m_inProblem = true;
    Q_EMIT problem(error, m_backoffMs);
    m_retry.start(m_backoffMs);
}

}  // namespace workbench::engine::kube
