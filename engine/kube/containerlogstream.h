// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeclient.h"
#include "kube/logstreamreader.h"
#include "logs/lineattributes.h"
#include "logs/linetypes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace workbench::models::logs {
class LogStore;
}

namespace workbench::engine::kube {

/// Where a container's log stream stands.
enum class LogStreamState {
    Waiting,       ///< the container has not started (ContainerCreating, ImagePullBackOff, ...)
    Connecting,    ///< the first request is on its way
    Live,          ///< lines arrive as they are written
    Reconnecting,  ///< the stream broke or ended while the container runs: resuming after a backoff
    Ended,         ///< the container's log is complete (it exited, the pod is gone) or stop() was called
};
QString logStreamStateName(LogStreamState state);

struct ContainerLogStreamOptions {
    QString namespaceName;
    QString pod;
    QString container;
    /// Follow the log (and the container's next instances) until stop(). Without it, the log
    /// as it is now, then Ended.
    bool follow = true;
    /// The previous (terminated) instance's log only, then Ended.
    bool previous = false;
    // The first request only (a resumed stream asks from where it stopped):
    std::optional<qint64> sinceSeconds;
    std::optional<qint64> sinceTime;  ///< nanoseconds since the epoch
    std::optional<qint64> tailLines;
    /// Reconnect backoff: initial, doubling up to the maximum (0.5 s -> 30 s).
    int initialBackoffMs = 500;
    int maxBackoffMs = 30000;
    /// Without follow, give up after this many failed attempts in a row (then Ended, with
    /// the error as lastError()). With follow there is no limit: the stream never stops
    /// silently.
    int maxAttemptsWithoutFollow = 8;
};

/// One container's log, appended to a LogStore as it arrives, that never stops silently.
///
/// Always requests timestamps. When the stream ends or breaks while the container still runs
/// (network drop, API server restart, kubelet log rotation), it reconnects after a backoff
/// (0.5 s doubling to 30 s) with sinceTime = the last line's timestamp and skips the replayed
/// lines (LogStreamReader), so nothing is lost and nothing appears twice; a Reconnected marker
/// line goes into the store where it resumed, a Gap marker where lines may be missing. Whether
/// the container still runs is asked of the API server (GET pod) each time a stream ends: when
/// the container was restarted meanwhile, the rest of the old instance is read with
/// previous=true first, then the new instance from its start (a StreamState marker says so).
///
/// Lives on its owner's thread (the client's); lines go into the store on that thread.
class ContainerLogStream : public QObject
{
    Q_OBJECT

public:
    using Options = ContainerLogStreamOptions;

    ContainerLogStream(KubeClient &client, models::logs::LogStore &store, models::logs::SourceId source,
                       Options options, QObject *parent = nullptr);
    ~ContainerLogStream() override;

    /// Begins with what the pod's status says about the container (nullptr: not known yet;
    /// the stream then asks the API server).
    void start(const models::kube::KubeContainerStatus *status);
    /// The pod watch saw the container's status change: a Waiting stream starts when the
    /// container has started.
    void statusChanged(const models::kube::KubeContainerStatus &status);
    /// Stops: the running request is cancelled, and what it had received is still appended
    /// (whole lines) before the state becomes Ended and finished() is emitted (at once when
    /// no request runs).
    void stop();

    const Options &options() const { return m_options; }
    models::logs::SourceId source() const { return m_source; }
    LogStreamState state() const { return m_state; }
    /// "connection lost: ...", "ImagePullBackOff", "container exited with code 1", ...
    QString stateDetail() const { return m_detail; }
    std::optional<Error> lastError() const { return m_lastError; }
    int reconnects() const { return m_reconnects; }
    quint64 linesAppended() const { return m_lines; }
    /// Lines skipped as replays after reconnects.
    quint64 linesSkipped() const { return m_reader.skippedLines(); }
    /// The container instance being read (its restartCount).
    int instance() const { return m_instance; }

Q_SIGNALS:
    void stateChanged(workbench::engine::kube::LogStreamState state, const QString &detail);
    /// Lines [from, to) were appended to the store (log lines and markers of this stream).
    void appended(workbench::models::logs::LineNumber from, workbench::models::logs::LineNumber to);
    /// A marker line was appended (also part of an appended() range).
    void marker(workbench::models::logs::LineKind kind, const QString &text);
    /// The container was restarted: what follows is a new instance (SCONE status starts over).
    void restarted(int restartCount);
    /// State Ended.
    void finished();

private:
    void connectStream();
    void onData(const QByteArray &data);
    void onDone(const Status &status);
    void decideAfterEnd(bool clean);
    void scheduleReconnect(const QString &why, bool checkPod);
    void setState(LogStreamState state, const QString &detail);
    void finishReader();
    void end(const QString &detail, bool markerLine);
    void appendMarker(models::logs::LineKind kind, const QString &text);
    void newInstance(const models::kube::KubeContainerStatus &status, const QString &why);
    void dropRequest();
    void pollPod();

    KubeClient &m_client;
    models::logs::LogStore &m_store;
    models::logs::SourceId m_source;
    Options m_options;
    LogStreamReader m_reader;
    LogStreamState m_state = LogStreamState::Connecting;
    QString m_detail;
    std::optional<Error> m_lastError;
    KubeCall m_call;
    quint64 m_generation = 0;  // of the running request; callbacks of older ones are ignored
    QTimer m_retry;
    bool m_retryChecksPod = false;
    bool m_retryClean = false;
    bool m_stopping = false;
    std::optional<models::kube::KubeContainerStatus> m_pendingInstance;  // after reading the previous one
    int m_backoffMs = 0;
    int m_failures = 0;  // in a row
    int m_reconnects = 0;
    quint64 m_lines = 0;
    int m_instance = -1;
    bool m_opened = false;           // the current request was accepted
    bool m_everOpened = false;       // any request was accepted (initial options used)
    bool m_readingPrevious = false;  // reading the rest of the previous instance
    bool m_resumePending = false;    // the next open is a reconnect (marker)
    bool m_newLinesSinceOpen = false;
    QString m_brokenBecause;
    QElapsedTimer m_brokenSince;
};

}  // namespace workbench::engine::kube
