// SPDX-License-Identifier: Apache-2.0
#include "kube/releaselogs.h"

#include "kube/kubeclient.h"
#include "kube/podwatcher.h"
#include "logs/logstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

namespace workbench::engine::kube {

using models::kube::KubeContainerStatus;
using models::kube::KubePod;
using models::kube::KubePodList;
using models::logs::LineKind;
using models::logs::LineNumber;
using models::logs::SourceId;

namespace {
const QString kInstanceLabel = QStringLiteral("app.kubernetes.io/instance");
const QString kNameLabel = QStringLiteral("app.kubernetes.io/name");
}  // namespace

QString ReleaseLogOptions::selectorFor(const QString &release, const QString &service, const QString &extra)
{
    QStringList parts;
    if (!release.isEmpty())
        parts << kInstanceLabel + QLatin1Char('=') + release;
    if (!service.isEmpty())
        parts << kNameLabel + QLatin1Char('=') + service;
    if (!extra.isEmpty())
        parts << extra;
    return parts.join(QLatin1Char(','));
}

ReleaseLogs::ReleaseLogs(KubeClient &client, models::logs::LogStore &store, ReleaseLogOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_options(std::move(options))
{}

ReleaseLogs::~ReleaseLogs()
{
    if (m_watcher)
        m_watcher->stop();
}

void ReleaseLogs::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_options.follow) {
        m_watcher = new PodWatcher(m_client, m_options.namespaceName, m_options.labelSelector, this);
        m_watcher->setBackoff(m_options.initialBackoffMs, m_options.maxBackoffMs);
        connect(m_watcher, &PodWatcher::podAdded, this, &ReleaseLogs::podSeen);
        connect(m_watcher, &PodWatcher::podChanged, this, &ReleaseLogs::podSeen);
        connect(m_watcher, &PodWatcher::podRemoved, this, &ReleaseLogs::podGone);
        connect(m_watcher, &PodWatcher::synced, this, [this] {
            m_listed = true;
            Q_EMIT started();
        });
        connect(m_watcher, &PodWatcher::failed, this, [this](const Error &e) {
            m_finished = true;
            Q_EMIT failed(e);
        });
        connect(m_watcher, &PodWatcher::problem, this, &ReleaseLogs::watchProblem);
        connect(m_watcher, &PodWatcher::recovered, this, &ReleaseLogs::watchRecovered);
        m_watcher->start();
        return;
    }
    m_client.listPods(m_options.namespaceName, m_options.labelSelector, this, [this](const Result<KubePodList> &r) {
        if (!r) {
            m_finished = true;
            Q_EMIT failed(r.error());
            return;
        }
        m_listed = true;
        Q_EMIT started();
        for (const KubePod &p : r->items)
            podSeen(p);
        checkFinished();
    });
}

void ReleaseLogs::stop()
{
    if (m_finished || m_stopping)
        return;
    m_stopping = true;
    if (m_watcher)
        m_watcher->stop();
    const auto streams = m_streams;
    for (const auto &[id, s] : streams)
        s.stream->stop();
    // Without a running request, checkFinished() may not be called by a stream.
    QTimer::singleShot(0, this, &ReleaseLogs::checkFinished);
}

QList<ReleaseLogStreamInfo> ReleaseLogs::streams() const
{
    QList<ReleaseLogStreamInfo> out;
    for (const auto &[id, s] : m_streams) {
        out.append(s.info);
        if (s.stream)
            out.last().lines = s.stream->linesAppended();  // live (info is updated on state changes)
    }
    return out;
}

std::optional<ReleaseLogStreamInfo> ReleaseLogs::stream(SourceId source) const
{
    const auto it = m_streams.find(source.get());
    if (it == m_streams.end())
        return std::nullopt;
    ReleaseLogStreamInfo info = it->second.info;
    if (it->second.stream)
        info.lines = it->second.stream->linesAppended();
    return info;
}

QList<KubePod> ReleaseLogs::pods() const
{
    return m_watcher ? m_watcher->podList() : QList<KubePod>();
}

QStringList ReleaseLogs::containersOf(const KubePod &pod, QList<bool> *init) const
{
    QStringList names;
    if (m_options.initContainers) {
        for (const QString &c : pod.initContainers) {
            if (m_options.container.isEmpty() || m_options.container == c) {
                names << c;
                init->append(true);
            }
        }
    }
    for (const QString &c : pod.containers) {
        if (m_options.container.isEmpty() || m_options.container == c) {
            names << c;
            init->append(false);
        }
    }
    return names;
}

void ReleaseLogs::podSeen(const KubePod &pod)
{
    if (m_stopping || m_finished)
        return;
    const bool known = m_podUid.value(pod.name()) == pod.meta.uid;
    m_podUid.insert(pod.name(), pod.meta.uid);
    QList<bool> init;
    const QStringList containers = containersOf(pod, &init);
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QString &c = containers[i];
        const auto id = m_store.sources().findContainer(pod.namespaceName(), pod.name(), c);
        const auto it = id ? m_streams.find(id->get()) : m_streams.end();
        const bool streaming = it != m_streams.end() && it->second.info.state != LogStreamState::Ended;
        if (known && streaming) {
            if (const KubeContainerStatus *s = pod.containerStatus(c))
                it->second.stream->statusChanged(*s);
            continue;
        }
        if (known && it != m_streams.end())
            continue;  // this pod's stream of the container ended (it completed): not again
        startStream(pod, c, init[i]);
    }
}

void ReleaseLogs::startStream(const KubePod &pod, const QString &container, bool init)
{
    const QString service = pod.meta.labels.value(kNameLabel);
    auto id = m_store.sources().addContainer(pod.namespaceName(), pod.name(), container, service);
    if (!id)
        return;  // 65536 sources: nothing more can be told apart
    const SourceId source = id.value();
    m_store.sources().setRetired(source, false);
    ContainerLogStream::Options o;
    o.namespaceName = pod.namespaceName().isEmpty() ? m_options.namespaceName : pod.namespaceName();
    o.pod = pod.name();
    o.container = container;
    o.follow = m_options.follow;
    o.sinceSeconds = m_options.sinceSeconds;
    o.sinceTime = m_options.sinceTime;
    o.tailLines = m_options.tailLines;
    o.initialBackoffMs = m_options.initialBackoffMs;
    o.maxBackoffMs = m_options.maxBackoffMs;
    auto *stream = new ContainerLogStream(m_client, m_store, source, o, this);
    Stream &s = m_streams[source.get()];
    if (s.stream && s.stream != stream && s.info.state != LogStreamState::Ended)
        s.stream->stop();  // a pod of the same name from before: replaced
    s.stream = stream;
    s.info = ReleaseLogStreamInfo{source, pod.name(), container, init, LogStreamState::Connecting, {}, 0, 0};
    connect(stream, &ContainerLogStream::appended, this, &ReleaseLogs::linesArrived);
    connect(stream, &ContainerLogStream::stateChanged, this,
            [this, stream, source](LogStreamState state, const QString &detail) {
                auto it = m_streams.find(source.get());
                if (it == m_streams.end() || it->second.stream != stream)
                    return;
                it->second.info.state = state;
                it->second.info.detail = detail;
                it->second.info.reconnects = stream->reconnects();
                it->second.info.lines = stream->linesAppended();
                Q_EMIT streamChanged(it->second.info);
            });
    connect(stream, &ContainerLogStream::marker, this, [this, stream, source](LineKind kind, const QString &text) {
        auto it = m_streams.find(source.get());
        ReleaseLogStreamInfo info =
            it != m_streams.end() && it->second.stream == stream
                ? it->second.info
                : ReleaseLogStreamInfo{
                      source, stream->options().pod, stream->options().container, false, stream->state(), {}, 0, 0};
        info.reconnects = stream->reconnects();
        Q_EMIT marker(info, kind, text);
    });
    connect(stream, &ContainerLogStream::restarted, this, [this, source] { m_scone.resetSource(source); });
    connect(stream, &ContainerLogStream::finished, this, [this, stream, source] {
        auto it = m_streams.find(source.get());
        if (it != m_streams.end() && it->second.stream == stream)
            it->second.info.lines = stream->linesAppended();
        streamFinished(source);
    });
    Q_EMIT streamChanged(s.info);
    stream->start(pod.containerStatus(container));
}

void ReleaseLogs::podGone(const KubePod &pod)
{
    m_podUid.remove(pod.name());
    // The streams end by themselves (the API server ends a deleted pod's log streams; a
    // broken one finds the pod gone). The sources stay for their lines, marked retired.
    for (auto &[id, s] : m_streams) {
        if (s.info.pod == pod.name())
            m_store.sources().setRetired(SourceId(id), true);
    }
}

void ReleaseLogs::linesArrived(LineNumber from, LineNumber to)
{
    m_scone.observe(m_store, from, to);
    Q_EMIT linesAppended(from, to);
}

void ReleaseLogs::streamFinished(SourceId source)
{
    Q_UNUSED(source)
    checkFinished();
}

void ReleaseLogs::checkFinished()
{
    if (m_finished || !m_listed)
        return;
    if (m_options.follow && !m_stopping)
        return;
    for (const auto &[id, s] : m_streams)
        if (s.stream->state() != LogStreamState::Ended)
            return;
    // Previous-instance streams (showPrevious) are children too.
    for (const ContainerLogStream *c : findChildren<ContainerLogStream *>(Qt::FindDirectChildrenOnly))
        if (c->state() != LogStreamState::Ended)
            return;
    m_finished = true;
    Q_EMIT finished();
}

Result<SourceId> ReleaseLogs::showPrevious(const QString &pod, const QString &container)
{
    const QString ns = m_options.namespaceName;
    QString service;
    if (m_watcher)
        if (const KubePod *p = m_watcher->pod(pod))
            service = p->meta.labels.value(kNameLabel);
    auto id = m_store.sources().addContainer(ns, pod, container + tr(" (previous)"), service);
    if (!id)
        return id.error();
    const SourceId source = id.value();
    const LineNumber first =
        m_store.appendMarker(source, QDateTime::currentMSecsSinceEpoch() * 1'000'000, LineKind::StreamState,
                             tr("the previous instance's log of %1 follows").arg(container).toUtf8());
    linesArrived(first, first + models::logs::LineCount(1));
    ContainerLogStream::Options o;
    o.namespaceName = ns;
    o.pod = pod;
    o.container = container;
    o.follow = false;
    o.previous = true;
    o.initialBackoffMs = m_options.initialBackoffMs;
    o.maxBackoffMs = m_options.maxBackoffMs;
    auto *stream = new ContainerLogStream(m_client, m_store, source, o, this);
    connect(stream, &ContainerLogStream::appended, this, &ReleaseLogs::linesArrived);
    connect(stream, &ContainerLogStream::finished, this, [this, stream, source, container] {
        const QString text = stream->lastError() && stream->linesAppended() == 0
                                 ? tr("no previous log of %1: %2").arg(container, stream->stateDetail())
                                 : tr("end of the previous instance's log of %1").arg(container);
        const LineNumber n = m_store.appendMarker(source, QDateTime::currentMSecsSinceEpoch() * 1'000'000,
                                                  LineKind::StreamState, text.toUtf8());
        linesArrived(n, n + models::logs::LineCount(1));
        stream->deleteLater();
        checkFinished();
    });
    stream->start(nullptr);
    return source;
}

}  // namespace workbench::engine::kube
