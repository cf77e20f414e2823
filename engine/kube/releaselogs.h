// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/containerlogstream.h"
#include "kube/kubeobjects.h"
#include "logs/linetypes.h"
#include "logs/sconestatustracker.h"

#include <QHash>
#include <QObject>

#include <map>
#include <memory>
#include <optional>

namespace workbench::models::logs {
class LogStore;
}

namespace workbench::engine::kube {

class KubeClient;
class PodWatcher;

/// What ReleaseLogs follows.
struct ReleaseLogOptions {
    QString namespaceName;
    /// The pods: selectorFor(release, service) or any label selector the user typed.
    QString labelSelector;
    /// One container (of every pod that has it); empty: all containers.
    QString container;
    bool initContainers = true;
    /// Follow (new and restarted pods included) until stop(); without it, the logs as they are
    /// now, then finished().
    bool follow = true;
    // The first request of each stream (resumed streams ask from where they stopped):
    std::optional<qint64> sinceSeconds;
    std::optional<qint64> sinceTime;
    std::optional<qint64> tailLines;
    int initialBackoffMs = 500;
    int maxBackoffMs = 30000;

    /// "app.kubernetes.io/instance=RELEASE[,app.kubernetes.io/name=SERVICE][,EXTRA]".
    static QString selectorFor(const QString &release, const QString &service = {}, const QString &extra = {});
};

/// One stream as the Logs area and the `logs` command show it.
struct ReleaseLogStreamInfo {
    models::logs::SourceId source;
    QString pod;
    QString container;
    bool initContainer = false;
    LogStreamState state = LogStreamState::Connecting;
    QString detail;
    int reconnects = 0;
    quint64 lines = 0;
};

/// The logs of a release's pods, merged into one LogStore: the pods found by a label selector
/// (app.kubernetes.io/instance=<release>, narrowed by app.kubernetes.io/name=<service> or any
/// selector), watched (PodWatcher) so that new and restarted pods are picked up and their logs
/// followed automatically, every container or one, init containers included; one
/// ContainerLogStream per container (reconnects, exact resume, markers). Each container is a
/// LogSource (Container kind; service = the pod's app.kubernetes.io/name label); the SCONE
/// status of each source and service is tracked as lines arrive.
///
/// Lives on the client's thread; the store is used on that thread.
class ReleaseLogs : public QObject
{
    Q_OBJECT

public:
    ReleaseLogs(KubeClient &client, models::logs::LogStore &store, ReleaseLogOptions options,
                QObject *parent = nullptr);
    ~ReleaseLogs() override;

    const ReleaseLogOptions &options() const { return m_options; }
    /// Lists the pods (the first request: failed() when it fails), then streams their logs.
    void start();
    /// Stops every stream; what they received is appended first. finished() follows.
    void stop();
    bool isFinished() const { return m_finished; }

    /// Every stream so far (also ended ones), by source, with the lines appended so far.
    QList<ReleaseLogStreamInfo> streams() const;
    std::optional<ReleaseLogStreamInfo> stream(models::logs::SourceId source) const;
    /// The pods now (follow: as watched; otherwise as listed).
    QList<models::kube::KubePod> pods() const;

    /// SCONE status per source and service, from the lines so far.
    const models::logs::SconeStatusTracker &sconeStatus() const { return m_scone; }

    /// The previous instance's log of a container, on demand, appended as a source of its own
    /// ("CONTAINER (previous)") between two StreamState markers. Its stream ends by itself.
    Result<models::logs::SourceId> showPrevious(const QString &pod, const QString &container);

Q_SIGNALS:
    /// The pods were listed (the first request succeeded).
    void started();
    /// The first request failed (the API server's message); nothing else follows.
    void failed(const workbench::Error &error);
    /// Lines [from, to) were appended to the store (text and markers).
    void linesAppended(workbench::models::logs::LineNumber from, workbench::models::logs::LineNumber to);
    void streamChanged(const workbench::engine::kube::ReleaseLogStreamInfo &info);
    /// A marker line (reconnected, possible gap, container restarted, stream ended) for @p info's
    /// stream; the `logs` command prints these on stderr.
    void marker(const workbench::engine::kube::ReleaseLogStreamInfo &info, workbench::models::logs::LineKind kind,
                const QString &text);
    /// The pod watch failed and is retried / works again.
    void watchProblem(const workbench::Error &error, int retryInMs);
    void watchRecovered();
    /// Without follow: every stream ended. With follow: after stop(), every stream ended.
    void finished();

private:
    struct Stream {
        ContainerLogStream *stream = nullptr;
        ReleaseLogStreamInfo info;
    };
    void podSeen(const models::kube::KubePod &pod);
    void podGone(const models::kube::KubePod &pod);
    void startStream(const models::kube::KubePod &pod, const QString &container, bool init);
    void streamFinished(models::logs::SourceId source);
    void linesArrived(models::logs::LineNumber from, models::logs::LineNumber to);
    void checkFinished();
    QStringList containersOf(const models::kube::KubePod &pod, QList<bool> *init) const;

    KubeClient &m_client;
    models::logs::LogStore &m_store;
    ReleaseLogOptions m_options;
    PodWatcher *m_watcher = nullptr;
    std::map<quint16, Stream> m_streams;  // by source id
    QHash<QString, QString> m_podUid;     // pod name -> uid being streamed
    models::logs::SconeStatusTracker m_scone;
    bool m_started = false;
    bool m_listed = false;
    bool m_stopping = false;
    bool m_finished = false;
};

}  // namespace workbench::engine::kube
