// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "jobs/logchunk.h"
#include "localrun/localrunjob.h"
#include "logs/linetypes.h"
#include "logs/sconestatustracker.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace workbench::models::logs {
class LogStore;
}

namespace workbench::engine {
class ProjectAnalysis;
namespace jobs {
class JobRunner;
}
}  // namespace workbench::engine

namespace workbench::engine::localrun {

/// "Run locally" of the open project, for the window: one local run at a time, owned by the
/// ProjectSession (`session->localRun()`); the Build & Deploy area's panel drives it and the
/// Logs area shows its lines, neither knowing the other.
///
/// start() takes the analysis of what is there now (ProjectAnalysis::analyzeNow(): unsaved
/// buffers and the deployment settings included), the certificate preview the Certificates area
/// shows when it is of that same analysis (else the secrets are issued from it, as `run` does),
/// and prepares the plan on a worker as a job of jobs() (bubblewrap looked for, the Python probe,
/// planLocalRun()); then the LocalRunJob is submitted to jobs(). Problems found while preparing
/// (a missing bwrap, interpreter, module or executable, each naming its Debian package; errors
/// of the project) are problems(), and nothing starts.
///
/// Log lines: attachLogStore() registers every service of the run as a Local source of the store
/// (models::logs::LogSourceRegistry::addLocal()) and appends the run's lines to it, the ones
/// already retained by the job first; logLinesAppended() follows each batch. So the Logs area
/// shows them beside the pods, with its filter, search, colours and SCONE highlighting.
class LocalRunner : public QObject
{
    Q_OBJECT
public:
    enum class Phase {
        Idle,       ///< nothing runs (a previous run's job() and outcome stay readable)
        Preparing,  ///< the plan is being made
        Running,    ///< the LocalRunJob runs (services starting, up, some stopped ...)
        Stopping,   ///< stop() asked; the process trees are being stopped
    };

    struct StartOptions {
        bool keepRunFolder = false;
        QStringList services;  ///< empty: every service (else these and the ones they need)
    };

    LocalRunner(ProjectAnalysis *analysis, jobs::JobRunner *jobs, QObject *parent = nullptr);
    ~LocalRunner() override;

    /// Where run folders go and how the run waits (defaults: LocalRunSettings{} with
    /// defaultRunsDir()); runsDir, keepRunFolder and bwrap are set by start().
    void setRunSettings(const LocalRunSettings &settings) { m_template = settings; }
    const LocalRunSettings &runSettings() const { return m_template; }

    /// Starts a local run of the open project. An error (nothing started) when a run is already
    /// going or no project is open; the preparation's outcome comes later (phaseChanged(),
    /// problems()).
    Status start(const StartOptions &options);
    /// Stops the run (or its preparation): every process tree ends, the run folder is removed
    /// unless kept.
    void stop();
    void stopService(const QString &service);
    void restartService(const QString &service);

    Phase phase() const { return m_phase; }
    bool isActive() const { return m_phase != Phase::Idle; }
    /// The current run's job, or the last one's while the runner keeps it; null before.
    LocalRunJob *job() const { return m_job.data(); }
    /// What stopped the last preparation (nothing was started): one error per problem.
    const QList<Error> &problems() const { return m_problems; }
    /// Why the last run ended, when it failed (its last lines in context.outputTail); nullopt
    /// while it runs, after a stop and after success.
    const std::optional<Error> &failure() const { return m_failure; }
    /// The project's files named relative to the project folder in problems() messages.
    QString projectDir() const { return m_projectDir; }

    /// bubblewrap on this machine (a cheap PATH look-up, no program run): nullopt when found,
    /// else the error naming the Debian package.
    static std::optional<Error> bwrapProblem();

    // --- log lines ---------------------------------------------------------------------------
    /// Appends the run's lines (retained ones first) to @p store as Local sources; not owned.
    /// Detach it before it is destroyed.
    void attachLogStore(models::logs::LogStore *store);
    void detachLogStore(models::logs::LogStore *store);
    /// @p store's source of @p service (registered by attachLogStore() or a new run); nullopt
    /// when not attached or unknown.
    std::optional<models::logs::SourceId> sourceOf(const models::logs::LogStore *store, const QString &service) const;
    /// The SCONE events of the run's lines in @p store, per source and per service (what the
    /// Logs area summarises for pods, for the local services too): fed as lines are appended,
    /// a service's source reset when it restarts. Null when @p store is not attached.
    const models::logs::SconeStatusTracker *sconeStatus(const models::logs::LogStore *store) const;

Q_SIGNALS:
    void phaseChanged(workbench::engine::localrun::LocalRunner::Phase phase);
    /// A new run's job was submitted (its services are known; states follow).
    void runStarted(workbench::engine::localrun::LocalRunJob *job);
    void serviceStateChanged(const QString &service, workbench::engine::localrun::ServiceState state);
    /// The preparation found problems (problems()); nothing was started.
    void preparationFailed();
    /// The run's job ended (failure() tells why when it failed).
    void runFinished();
    /// Lines were appended to an attached store.
    void logLinesAppended(workbench::models::logs::LogStore *store);
    /// Sources were registered in an attached store (a run with new services).
    void logSourcesChanged(workbench::models::logs::LogStore *store);

private:
    struct Attached {
        models::logs::LogStore *store = nullptr;
        QHash<QString, models::logs::SourceId> sources;
        models::logs::SconeStatusTracker scone;
    };
    void setPhase(Phase phase);
    void launch(models::localrun::LocalRunPlan plan, const QString &bwrap);
    void registerSources(Attached &attached);
    void appendChunk(Attached &attached, const QString &service, const jobs::LogChunk &chunk);
    void replay(Attached &attached);

    ProjectAnalysis *m_analysis;
    jobs::JobRunner *m_jobs;
    LocalRunSettings m_template;
    StartOptions m_options;
    Phase m_phase = Phase::Idle;
    QPointer<jobs::Job> m_preparation;
    QPointer<LocalRunJob> m_job;
    QList<Error> m_problems;
    std::optional<Error> m_failure;
    QString m_projectDir;
    std::vector<Attached> m_stores;
};

}  // namespace workbench::engine::localrun
