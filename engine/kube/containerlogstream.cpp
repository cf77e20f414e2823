// SPDX-License-Identifier: Apache-2.0
#include "kube/containerlogstream.h"

#include "core/errorcodes.h"
#include "logs/logstore.h"
#include "logs/logtimestamp.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace workbench::engine::kube {

using models::kube::KubeContainerStatus;
using models::kube::KubePod;
using models::logs::LineKind;
using models::logs::LineNumber;
using models::logs::LogTimestamp;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("KubeLogs", text);
}

LogTimestamp nowNanos()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', ms < 10000 ? 1 : 0);
}

bool isWaitingToStart(const Error &e)
{
    return e.code == QLatin1String(errc::kubeBadRequest) && e.message.contains(QLatin1String("waiting to start"));
}

QString waitingText(const KubeContainerStatus &s)
{
    if (s.state == KubeContainerStatus::State::Waiting && !s.reason.isEmpty())
        return s.message.isEmpty() ? s.reason : s.reason + QStringLiteral(": ") + s.message;
    return tr("not started yet");
}

}  // namespace

QString logStreamStateName(LogStreamState state)
{
    switch (state) {
    case LogStreamState::Waiting:
        return QStringLiteral("waiting");
    case LogStreamState::Connecting:
        return QStringLiteral("connecting");
    case LogStreamState::Live:
        return QStringLiteral("live");
    case LogStreamState::Reconnecting:
        return QStringLiteral("reconnecting");
    case LogStreamState::Ended:
        return QStringLiteral("ended");
    }
    return {};
}

ContainerLogStream::ContainerLogStream(KubeClient &client, models::logs::LogStore &store, models::logs::SourceId source,
                                       Options options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_source(source)
    , m_options(std::move(options))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_state == LogStreamState::Waiting) {
            pollPod();
            return;
        }
        if (m_retryChecksPod)
            decideAfterEnd(m_retryClean);
        else
            connectStream();
    });
}

ContainerLogStream::~ContainerLogStream()
{
    ++m_generation;
    m_call.cancel();
}

void ContainerLogStream::setState(LogStreamState state, const QString &detail)
{
    if (state == m_state && detail == m_detail)
        return;
    m_state = state;
    m_detail = detail;
    Q_EMIT stateChanged(state, detail);
}

void ContainerLogStream::dropRequest()
{
    ++m_generation;
    m_call.cancel();
    m_call = KubeCall();
}

void ContainerLogStream::start(const KubeContainerStatus *status)
{
    if (m_options.previous || !status) {
        connectStream();
        return;
    }
    if (!status->hasLog()) {
        if (!m_options.follow) {
            end(tr("waiting to start: %1").arg(waitingText(*status)), false);
            return;
        }
        setState(LogStreamState::Waiting, waitingText(*status));
        m_backoffMs = m_options.initialBackoffMs;
        m_retry.start(m_backoffMs);
        return;
    }
    m_instance = status->restartCount;
    connectStream();
}

void ContainerLogStream::statusChanged(const KubeContainerStatus &status)
{
    if (m_state != LogStreamState::Waiting || m_stopping)
        return;
    if (!status.hasLog()) {
        setState(LogStreamState::Waiting, waitingText(status));
        return;
    }
    m_retry.stop();
    if (m_instance >= 0 && status.restartCount > m_instance && m_reader.hasLines()) {
        newInstance(status, {});
        return;
    }
    m_instance = status.restartCount;
    connectStream();
}

void ContainerLogStream::stop()
{
    if (m_state == LogStreamState::Ended || m_stopping)
        return;
    m_stopping = true;
    m_retry.stop();
    if (m_call.isValid()) {
        m_call.cancel();  // onDone delivers what arrived, then ends the stream
        return;
    }
    end(tr("stopped"), false);
}

void ContainerLogStream::connectStream()
{
    dropRequest();
    const quint64 gen = m_generation;
    if (m_resumePending)
        m_reader.beginResume();
    PodLogOptions o;
    o.container = m_options.container;
    o.timestamps = true;
    o.previous = m_options.previous || m_readingPrevious;
    o.follow = m_options.follow && !o.previous;
    if (m_reader.hasLines()) {
        o.sinceTime = m_reader.resumeTime();
    } else if (!m_everOpened && !m_readingPrevious) {
        o.sinceSeconds = m_options.sinceSeconds;
        o.sinceTime = m_options.sinceTime;
        o.tailLines = m_options.tailLines;
    }
    m_opened = false;
    if (m_state != LogStreamState::Reconnecting)
        setState(LogStreamState::Connecting, {});
    KubeStreamHandler h;
    h.onOpen = [this, gen] {
        if (gen != m_generation)
            return;
        m_opened = true;
        m_everOpened = true;
        m_newLinesSinceOpen = false;
        if (m_resumePending) {
            m_resumePending = false;
            ++m_reconnects;
            QString text =
                tr("reconnected after %1 s").arg(seconds(m_brokenSince.isValid() ? m_brokenSince.elapsed() : 0));
            if (!m_brokenBecause.isEmpty())
                text += QStringLiteral(" (") + m_brokenBecause + QLatin1Char(')');
            if (m_reader.hasLines())
                text += tr(", resuming after %1").arg(models::logs::LogTimestampFormat::format(m_reader.resumeTime()));
            if (m_readingPrevious)
                text += tr(", reading the rest of the previous container instance");
            appendMarker(LineKind::Reconnected, text);
        }
        m_brokenSince.invalidate();
        m_brokenBecause.clear();
        setState(LogStreamState::Live, {});
    };
    h.onData = [this, gen](QByteArray data) {
        if (gen != m_generation)
            return;
        onData(data);
    };
    h.onDone = [this, gen](const Status &s) {
        if (gen != m_generation)
            return;
        onDone(s);
    };
    m_call = m_client.streamPodLogs(m_options.namespaceName, m_options.pod, o, this, std::move(h));
}

void ContainerLogStream::onData(const QByteArray &data)
{
    LineNumber from = m_store.endLine();
    const quint64 before = m_lines;
    m_reader.feed(
        QByteArrayView(data),
        [this](LogTimestamp ts, QByteArrayView text) {
            m_store.append(m_source, ts, text);
            ++m_lines;
        },
        [this, &from](LogStreamReader::ResumeOutcome outcome) {
            if (outcome != LogStreamReader::ResumeOutcome::Gap)
                return;
            if (m_store.endLine() > from)
                Q_EMIT appended(from, m_store.endLine());
            appendMarker(LineKind::Gap,
                         tr("lines may be missing here: the log no longer holds the last lines shown before the "
                            "reconnect (rotated by the kubelet, or another container instance answered)"));
            from = m_store.endLine();
        });
    if (m_lines > before) {
        m_newLinesSinceOpen = true;
        m_backoffMs = 0;
        m_failures = 0;
    }
    if (m_store.endLine() > from)
        Q_EMIT appended(from, m_store.endLine());
}

void ContainerLogStream::finishReader()
{
    const LineNumber from = m_store.endLine();
    m_reader.finish(
        [this](LogTimestamp ts, QByteArrayView text) {
            m_store.append(m_source, ts, text);
            ++m_lines;
        },
        [](LogStreamReader::ResumeOutcome) {});
    if (m_store.endLine() > from)
        Q_EMIT appended(from, m_store.endLine());
}

void ContainerLogStream::onDone(const Status &status)
{
    m_call = KubeCall();
    const bool wasOpen = m_opened;
    m_opened = false;
    if (m_stopping) {
        // Whole lines received before the cancel are in the store; a partial one is not a line.
        end(tr("stopped"), false);
        return;
    }
    if (!status) {
        const Error &e = status.error();
        m_lastError = e;
        if (e.isCancelled())
            return;  // a cancel we did not ask for through stop(): the owner is going away
        if (isWaitingToStart(e) && !m_readingPrevious) {
            if (!m_options.follow) {
                end(e.message, false);
                return;
            }
            setState(LogStreamState::Waiting, e.message);
            m_backoffMs =
                m_backoffMs == 0 ? m_options.initialBackoffMs : std::min(m_options.maxBackoffMs, m_backoffMs * 2);
            m_retry.start(m_backoffMs);
            return;
        }
        if (e.code == QLatin1String(errc::kubeNotFound)) {
            end(tr("pod not found: %1").arg(e.message), m_reader.hasLines());
            return;
        }
        if (m_readingPrevious && e.code == QLatin1String(errc::kubeBadRequest)) {
            // The previous instance's log is gone: continue with the current one.
            m_readingPrevious = false;
            m_reader.beginResume();  // drop a partial line
            appendMarker(LineKind::Gap, tr("lines may be missing here: the rest of the previous container "
                                           "instance's log could not be read (%1)")
                                            .arg(e.message));
            if (m_pendingInstance) {
                const KubeContainerStatus next = *m_pendingInstance;
                m_pendingInstance.reset();
                newInstance(next, {});
            }
            return;
        }
        // The API server refused the request as such (a container it does not know, no
        // previous instance, bad options): asking again gives the same answer.
        const bool refused =
            e.code == QLatin1String(errc::kubeBadRequest) || e.code == QLatin1String(errc::kubeInvalid);
        if (refused) {
            end(e.message, m_reader.hasLines());
            return;
        }
        if (!m_brokenSince.isValid())
            m_brokenSince.start();
        m_brokenBecause = wasOpen ? tr("connection lost: %1").arg(e.toString()) : e.toString();
        if (!m_options.follow || m_options.previous) {
            if (++m_failures >= m_options.maxAttemptsWithoutFollow) {
                end(tr("gave up after %1 attempts: %2").arg(m_failures).arg(e.toString()), m_reader.hasLines());
                return;
            }
            m_resumePending = true;
            scheduleReconnect(m_brokenBecause, false);
            return;
        }
        ++m_failures;
        decideAfterEnd(false);
        return;
    }
    // The body ended normally.
    if (m_readingPrevious) {
        finishReader();
        m_readingPrevious = false;
        if (m_pendingInstance) {
            const KubeContainerStatus next = *m_pendingInstance;
            m_pendingInstance.reset();
            newInstance(next, {});
        }
        return;
    }
    if (!m_options.follow || m_options.previous) {
        finishReader();
        end({}, false);
        return;
    }
    decideAfterEnd(true);
}

void ContainerLogStream::decideAfterEnd(bool clean)
{
    // Ask the API server how the container is: restarted, exited, still running.
    if (!clean && m_state != LogStreamState::Reconnecting)
        setState(LogStreamState::Reconnecting, m_brokenBecause);
    dropRequest();
    const quint64 gen = m_generation;
    m_call =
        m_client.getPod(m_options.namespaceName, m_options.pod, this, [this, gen, clean](const Result<KubePod> &r) {
            if (gen != m_generation)
                return;
            m_call = KubeCall();
            if (m_stopping) {
                end(tr("stopped"), false);
                return;
            }
            if (!r) {
                if (r.error().isCancelled())
                    return;
                if (r.error().code == QLatin1String(errc::kubeNotFound)) {
                    if (clean)
                        finishReader();
                    end(tr("pod deleted"), true);
                    return;
                }
                if (!m_brokenSince.isValid())
                    m_brokenSince.start();
                if (m_brokenBecause.isEmpty())
                    m_brokenBecause = r.error().toString();
                m_resumePending = true;
                m_retryClean = clean;
                scheduleReconnect(r.error().toString(), true);
                return;
            }
            const KubeContainerStatus *status = r->containerStatus(m_options.container);
            if (!status) {
                if (clean)
                    finishReader();
                setState(LogStreamState::Waiting, tr("the pod reports no status for the container"));
                m_backoffMs = m_options.initialBackoffMs;
                m_retry.start(m_backoffMs);
                return;
            }
            if (m_instance >= 0 && status->restartCount > m_instance) {
                // A new instance: the old one has ended.
                if (!clean && m_reader.hasLines()) {
                    m_readingPrevious = true;
                    m_pendingInstance = *status;
                    m_resumePending = true;
                    if (!m_brokenSince.isValid())
                        m_brokenSince.start();
                    connectStream();
                    return;
                }
                if (clean)
                    finishReader();
                newInstance(*status, {});
                return;
            }
            if (m_instance < 0)
                m_instance = status->restartCount;
            using State = KubeContainerStatus::State;
            if (status->state == State::Running) {
                m_resumePending = true;
                if (!m_brokenSince.isValid())
                    m_brokenSince.start();
                if (clean && m_brokenBecause.isEmpty())
                    m_brokenBecause = tr("the stream ended while the container runs");
                scheduleReconnect(m_brokenBecause, false);
                return;
            }
            if (status->state == State::Terminated) {
                if (clean) {
                    finishReader();
                    end(tr("container exited with code %1").arg(status->exitCode), true);
                    return;
                }
                m_resumePending = true;  // read the rest, the stream then ends by itself
                if (!m_brokenSince.isValid())
                    m_brokenSince.start();
                scheduleReconnect(m_brokenBecause, false);
                return;
            }
            // Waiting with the same instance (about to be restarted: CrashLoopBackOff).
            if (!clean && m_reader.hasLines()) {
                m_resumePending = true;
                if (!m_brokenSince.isValid())
                    m_brokenSince.start();
                scheduleReconnect(m_brokenBecause, false);
                return;
            }
            if (clean)
                finishReader();
            setState(LogStreamState::Waiting, waitingText(*status));
            m_backoffMs = m_options.initialBackoffMs;
            m_retry.start(m_backoffMs);
        });
}

void ContainerLogStream::pollPod()
{
    dropRequest();
    const quint64 gen = m_generation;
    m_call = m_client.getPod(m_options.namespaceName, m_options.pod, this, [this, gen](const Result<KubePod> &r) {
        if (gen != m_generation)
            return;
        m_call = KubeCall();
        if (m_stopping) {
            end(tr("stopped"), false);
            return;
        }
        if (!r && r.error().code == QLatin1String(errc::kubeNotFound)) {
            end(tr("pod deleted"), m_reader.hasLines());
            return;
        }
        const KubeContainerStatus *status = r ? r->containerStatus(m_options.container) : nullptr;
        if (status && status->hasLog()) {
            statusChanged(*status);
            return;
        }
        if (status)
            setState(LogStreamState::Waiting, waitingText(*status));
        m_backoffMs = std::min(m_options.maxBackoffMs, std::max(m_options.initialBackoffMs, m_backoffMs * 2));
        m_retry.start(m_backoffMs);
    });
}

void ContainerLogStream::scheduleReconnect(const QString &why, bool checkPod)
{
    m_backoffMs = m_backoffMs == 0 ? m_options.initialBackoffMs : std::min(m_options.maxBackoffMs, m_backoffMs * 2);
    m_retryChecksPod = checkPod;
    setState(LogStreamState::Reconnecting, tr("%1; retrying in %2 s").arg(why, seconds(m_backoffMs)));
    m_retry.start(m_backoffMs);
}

void ContainerLogStream::newInstance(const KubeContainerStatus &status, const QString &why)
{
    Q_UNUSED(why)
    m_reader.reset();
    m_resumePending = false;
    m_brokenSince.invalidate();
    m_brokenBecause.clear();
    m_backoffMs = 0;
    m_failures = 0;
    m_instance = status.restartCount;
    QString text = tr("container restarted (restart %1").arg(status.restartCount);
    if (status.hasPrevious)
        text += tr(", the previous instance exited with code %1").arg(status.lastExitCode);
    text += tr("): following the new instance");
    appendMarker(LineKind::StreamState, text);
    Q_EMIT restarted(status.restartCount);
    if (status.hasLog()) {
        connectStream();
        return;
    }
    setState(LogStreamState::Waiting, waitingText(status));
    m_backoffMs = m_options.initialBackoffMs;
    m_retry.start(m_backoffMs);
}

void ContainerLogStream::appendMarker(LineKind kind, const QString &text)
{
    const LineNumber n = m_store.appendMarker(m_source, nowNanos(), kind, text.toUtf8());
    Q_EMIT marker(kind, text);
    Q_EMIT appended(n, n + models::logs::LineCount(1));
}

void ContainerLogStream::end(const QString &detail, bool markerLine)
{
    dropRequest();
    m_retry.stop();
    m_stopping = false;
    if (markerLine && m_options.follow && !detail.isEmpty())
        appendMarker(LineKind::StreamState, detail);
    setState(LogStreamState::Ended, detail);
    Q_EMIT finished();
}

}  // namespace workbench::engine::kube
