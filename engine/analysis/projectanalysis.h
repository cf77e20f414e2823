// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "analysis/certificatepreview.h"
#include "analysis/projectanalyzer.h"
#include "jobs/job.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

class QTimer;

namespace workbench::models {
class DiagnosticsModel;
}
namespace workbench::models::certs {
class Clock;
}

namespace workbench::engine {

namespace jobs {
class JobRunner;
template<typename T> class ConcurrentJob;
}  // namespace jobs

class ProjectWorkspace;
class SettingsStore;

/// The one analysis of the open project. Every change of a text (typing, save, reload, a file
/// added or removed) or of the settings gets a new generation; one run (analyzeProject()) on a
/// worker thread parses what changed, validates, generates the policies and checks the
/// certificate structure, and its AnalysisSnapshot is published once (snapshotChanged()).
/// Runs never overlap: changes made during a run are taken by the next one. A result is applied
/// only when it belongs to the open project and is newer than the published one, so nothing
/// stale lands after a project switch or a newer generation.
///
/// The certificate preview is the chain's lazy last stage: it runs only while someone wants it
/// (setCertificatePreviewWanted(), e.g. the Certificates area while shown), debounced after a
/// new snapshot, on the snapshot's specs (no parse), cancellable, never waited for.
///
/// Every run is a background job (jobs::ConcurrentJob, Job::isBackground()) of a JobRunner — the
/// session's, so the Jobs list sees it —, on this object's own bounded pool. Cancelling a run
/// (from the Jobs list, or a project switch) ends it with the one "cancelled" error; its changes
/// stay pending for the next run. analyzeNow() runs on the calling thread and is no job.
///
/// Lives on the UI thread. Workers get copies and return values; they touch no member.
class ProjectAnalysis : public QObject
{
    Q_OBJECT
public:
    /// @p settings may be null (then the defaults of the project folder are used). @p runner: where
    /// the runs go as jobs (the session's); null: a private runner of this object.
    ProjectAnalysis(ProjectWorkspace *workspace, SettingsStore *settings, QObject *parent = nullptr,
                    jobs::JobRunner *runner = nullptr);
    ~ProjectAnalysis() override;

    /// The latest published snapshot (never null; empty before the first run).
    AnalysisSnapshotPtr snapshot() const { return m_snapshot; }
    /// Changes not published yet (a run scheduled or in flight).
    bool isBusy() const;
    /// The job of the run in flight (null when none).
    jobs::Job *runningJob() const;
    /// The runner the runs are submitted to.
    jobs::JobRunner *jobRunner() const { return m_runner; }

    /// The one seam for "I need the analysis of what is there now" (navigation, rename, tests,
    /// start-up): when anything is pending, the current state is analysed on this thread and
    /// published; a run in flight is not waited for (its older result is dropped when it lands).
    void analyzeNow();
    /// Debounce between a change and the run (default 0: the editor already debounces).
    void setDelay(int ms);

    /// The Problems pane's model: the snapshot's diagnostics (reset only when they change).
    models::DiagnosticsModel *problems() const { return m_problems; }

    /// Work done so far, for tests and benchmarks: one keystroke must cost one parse and one
    /// validation.
    struct Counters {
        quint64 runs = 0;           ///< runs that ended with a snapshot (applied or dropped as stale)
        quint64 cancelledRuns = 0;  ///< runs that ended cancelled (a project switch, the Jobs list)
        quint64 parsedFiles = 0;
        quint64 validations = 0;
        quint64 certificatePreviews = 0;
        quint64 provisionalSnapshots = 0;  ///< fast-lane snapshots published (not counted in runs)
    };
    Counters counters() const { return m_counters; }

    // --- certificate preview (lazy) ------------------------------------------------------------
    /// While wanted, every new snapshot is previewed (after the preview delay).
    void setCertificatePreviewWanted(bool wanted);
    bool isCertificatePreviewWanted() const { return m_previewWanted; }
    /// Issues a fresh preview of the current snapshot now (the "Re-issue" button).
    void refreshCertificatePreview();
    void cancelCertificatePreview();
    bool isCertificatePreviewRunning() const;
    /// The job of the preview in flight (null when none; a background job of jobRunner()).
    jobs::Job *certificatePreviewJob() const;
    /// Delay between a new snapshot and its preview (default 500 ms: keys are not made for every
    /// keystroke).
    void setCertificatePreviewDelay(int ms);
    /// The last preview that issued (null before the first).
    CertificatePreviewPtr certificatePreview() const { return m_preview; }
    /// The last preview run's failure (cancelled — Error::cancelled() —, not issuable, issuance
    /// error); nullopt after a success.
    const std::optional<Error> &certificatePreviewError() const { return m_previewError; }
    /// Clock for issuance and verification (tests pin it); null = system. Not owned.
    void setClock(const models::certs::Clock *clock) { m_clock = clock; }

Q_SIGNALS:
    void snapshotChanged();
    void certificatePreviewStarted();
    void certificatePreviewProgress(int done, int total);
    /// A preview run ended: certificatePreview() or certificatePreviewError() says how.
    void certificatePreviewFinished();

private:
    void reset(const QString &projectDir);
    void scheduleFile(const QString &path);
    void scheduleAll();
    void scheduleSettings();
    bool hasPendingChanges() const { return m_fullRefresh || m_settingsChanged || !m_dirty.isEmpty(); }
    AnalysisInput takeInput(bool readAllOnThisThread);
    void start();
    void onRunFinished(jobs::ConcurrentJob<AnalysisSnapshot> *job);
    void startFastLane();
    void publish(AnalysisSnapshot snapshot);
    void schedulePreview();
    void startPreview();
    void onPreviewFinished(jobs::ConcurrentJob<CertificatePreview> *job);

    ProjectWorkspace *m_workspace;
    SettingsStore *m_settings;
    AnalysisSnapshotPtr m_snapshot;
    models::DiagnosticsModel *m_problems = nullptr;
    quint64 m_projectId = 0;
    quint64 m_lastGeneration = 0;
    QSet<QString> m_dirty;
    bool m_fullRefresh = false;
    bool m_settingsChanged = false;
    QTimer *m_timer = nullptr;
    jobs::JobRunner *m_runner = nullptr;
    QPointer<jobs::Job> m_runJob;  ///< the run in flight
    bool m_runInFlight = false;    ///< started and its result not handled yet (the job's finish is queued)
    Counters m_counters;

    bool m_previewWanted = false;
    bool m_previewRestart = false;  ///< start again when the running (cancelled) preview ends
    QTimer *m_previewTimer = nullptr;
    QPointer<jobs::Job> m_previewJob;  ///< the preview in flight
    quint64 m_previewProjectId = 0;    ///< the project the preview in flight is of
    CertificatePreviewPtr m_preview;
    std::optional<Error> m_previewError;
    const models::certs::Clock *m_clock = nullptr;

    /// The analysis' own bounded threads, where its jobs run: a run and its secret index, the
    /// preview and its issuing helpers. Never more threads than
    /// cores, so nothing here oversubscribes the machine.
    QThreadPool m_pool;

    /// The editor's fast lane while a whole run is busy (see analyzeFileProvisionally()): a
    /// background job on one thread of its own, so a keystroke's findings never wait behind a
    /// whole run of a big project; the whole run of the change follows the busy one.
    QThreadPool m_fastLanePool;
    QPointer<jobs::Job> m_fastLaneJob;
    QString m_fastLanePath;  ///< the file and text the last fast lane showed
    QByteArray m_fastLaneText;
};

}  // namespace workbench::engine
