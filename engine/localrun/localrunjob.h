// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"
#include "jobs/logchunk.h"
#include "localrun/localrunplan.h"
#include "localrun/runfolder.h"
#include "localrun/runfolderlock.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace workbench::engine::process {
class Process;
}

namespace workbench::engine::localrun {

class PortWaiter;

/// Where one service of a local run is.
enum class ServiceState {
    Pending,   ///< not started yet (an earlier service is still starting)
    Waiting,   ///< waiting for the ports of the services it needs
    Starting,  ///< its sandbox runs; the ports it listens on are not all open yet
    Running,   ///< its sandbox runs and every port it listens on accepts connections
    Stopping,  ///< stop asked (stopService(), restartService() or the run's cancel)
    Stopped,   ///< stopped on request
    Exited,    ///< ended on its own with exit code 0
    Failed,    ///< could not start, or ended on its own with a non-zero code or a signal
};

/// "pending", "waiting", "starting", "running", "stopping", "stopped", "exited", "failed".
QString serviceStateName(ServiceState state);
/// Waiting, Starting, Running or Stopping: a sandbox may run or is about to.
bool isActive(ServiceState state);

/// The state of one service and what the user should read about it.
struct ServiceStatus {
    QString name;
    ServiceState state = ServiceState::Pending;
    qint64 pid = 0;               ///< bwrap's pid while it runs, else 0
    std::optional<int> exitCode;  ///< the last run's exit code (bwrap passes the service's on)
    int signal = 0;               ///< the last run ended by this signal
    QString message;              ///< "waiting for redis at sdm-redis:6379", "exited with code 1", ...
    int starts = 0;               ///< how often its sandbox was started (restarts count)
};

/// `<data folder>/local-runs` (engine::dataFolder(), `~/.local/share/scone-workbench`): where
/// the workbench creates run folders.
QString defaultRunsDir();

/// How a local run runs.
struct LocalRunSettings {
    QString runsDir;  ///< where run folders are created: defaultRunsDir()
    QString bwrap;    ///< bwrap's absolute path (models::localrun::findBwrap())
    bool keepRunFolder = false;
    /// How long a service waits for a port of a service it needs (and for its own ports before a
    /// note is logged); a dependency that does not open in time fails the start.
    int portWaitTimeoutMs = 60000;
    int portPollIntervalMs = 100;
    /// Stop: SIGTERM to the sandbox's process tree, SIGKILL after this grace period.
    int terminateGraceMs = 3000;
    /// Lines of each service's output kept for error messages (lastLines()).
    int tailLines = 20;
};

/// Runs a LocalRunPlan: the mesh's services on this machine, each in a bubblewrap sandbox, as
/// one job of the engine core.
///
/// run() creates the run folder (owner-only, `RunFolder`) under settings.runsDir and writes the
/// plan into it; then, in the plan's start order, each service waits for the ports of the
/// services it needs (PortWait: a TCP connect to the address and port, every
/// portPollIntervalMs) and starts as an engine::process::Process (bwrap with the service's
/// sandbox arguments; the environment given to bwrap itself, the session's placeholder values
/// as secrets: redacted from every display and from the output). Its output arrives as log
/// lines whose source is the service (sourceOf()); the job's own lines about a service (started,
/// exited, waiting) carry the service's source too, channel Info; lines about the whole run
/// carry source 0.
///
/// The run is up (up()) once every service is Running. A service that cannot start before the
/// run is up (its sandbox cannot be built or started, it ends, or a port it needs does not open
/// in time) stops the whole run: the job fails with "localrun.start" naming the service, with
/// its last lines in Error::context.outputTail. After the run is up, a service that ends is
/// Exited or Failed and the others keep running (restartService() starts it again); when every
/// service has ended on its own, the job ends (Succeeded when they all exited with 0, else
/// Failed "localrun.exited").
///
/// cancel() stops every sandbox's process tree (SIGTERM, SIGKILL after the grace period) and
/// the job ends Cancelled once they are all gone. In every case the run folder is removed when
/// the job ends (unless keepRunFolder), after the processes are gone. If the workbench is
/// killed, the process runner's supervisor and bwrap's --die-with-parent end every process of
/// the run; only the run folder stays behind, and the next run removes it (a live run holds a
/// lock on its folder, see RunFolderLock; kept folders stay).
///
/// Lives on its owner's thread (the UI thread in the window, the main thread in the CLI).
class LocalRunJob : public jobs::Job
{
    Q_OBJECT
public:
    LocalRunJob(models::localrun::LocalRunPlan plan, LocalRunSettings settings, QObject *parent = nullptr);
    /// Stops every process (bounded, as Process does) and removes the run folder unless kept.
    ~LocalRunJob() override;

    const models::localrun::LocalRunPlan &plan() const { return m_plan; }
    const LocalRunSettings &settings() const { return m_settings; }
    /// The run folder once run() created it (it stays named after removal).
    QString runFolder() const { return m_folder.root(); }
    bool runFolderRemoved() const { return m_folderRemoved; }

    /// The services in start order.
    QStringList serviceNames() const;
    ServiceStatus status(const QString &service) const;
    QList<ServiceStatus> statuses() const;
    /// Every service Running.
    bool isUp() const { return m_up; }

    /// The log source of @p service's lines: 1 + its index in start order; 0 for an unknown name
    /// (and for the run's own lines).
    std::uint16_t sourceOf(const QString &service) const;
    /// The service of a log source; empty for 0 (the run itself) and unknown sources.
    QString serviceOfSource(std::uint16_t source) const;
    /// The last settings.tailLines lines of the service's output (its own and the job's lines
    /// about it), oldest first.
    QStringList lastLines(const QString &service) const;

    /// Stops one service (its whole process tree); it becomes Stopped. Nothing when it does not run.
    void stopService(const QString &service);
    /// Stops the service if it runs, then starts it again (waiting for the ports it needs first).
    void restartService(const QString &service);

Q_SIGNALS:
    void serviceStateChanged(const QString &service, workbench::engine::localrun::ServiceState state);
    /// A batch of @p service's output, each line's source set to sourceOf(service), as appended
    /// to log() (for views that keep their own store, e.g. the Logs area).
    void serviceOutput(const QString &service, const workbench::engine::jobs::LogChunk &lines);
    /// Every service is Running (once per run; after a restart the state signals tell).
    void up();

protected:
    void run() override;
    void onCancelRequested() override;

private:
    struct Slot {
        models::localrun::LocalService service;
        ServiceStatus status;
        QPointer<process::Process> process;
        QList<PortWaiter *> waits;  ///< its pending waits (dependencies, then own ports)
        QStringList tail;
        bool restartPending = false;
        bool stopRequested = false;
    };

    void startNext();
    void prepare(int index);
    void launch(int index);
    void watchOwnPorts(int index);
    void onProcessFinished(int index, process::Process *p);
    void failStart(int index, const QString &reason);
    void setState(int index, ServiceState state, const QString &message = {});
    void serviceInfo(int index, const QString &text);
    void runInfo(const QString &text);
    void appendServiceChunk(int index, jobs::LogChunk chunk);
    void clearWaits(int index);
    void stopAll();
    void checkUp();
    void finishIfDone();
    void removeFolder();
    int indexOf(const QString &service) const;
    int activeCount() const;

    models::localrun::LocalRunPlan m_plan;
    LocalRunSettings m_settings;
    models::localrun::RunFolder m_folder;
    bool m_folderRemoved = false;
    RunFolderLock m_lock;  ///< held while the run lives (removeStaleRunFolders() of later runs)
    QList<Slot> m_slots;
    int m_nextToStart = 0;  ///< start phase: the next service to prepare
    bool m_up = false;
    bool m_stopping = false;  ///< cancel or a failed start: everything is stopping
    std::optional<Error> m_failure;
    bool m_reported = false;
};

}  // namespace workbench::engine::localrun
