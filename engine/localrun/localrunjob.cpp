// SPDX-License-Identifier: Apache-2.0
#include "localrun/localrunjob.h"

#include "core/datafolder.h"
#include "core/logging.h"
#include "localrun/hostsystem.h"
#include "localrun/portwaiter.h"
#include "localrun/runfolderlock.h"
#include "localrun/sandbox.h"
#include "process/commandline.h"
#include "process/process.h"
#include "process/processenvironment.h"
#include "process/processspec.h"

#include <QDateTime>
#include <QDir>

#include <csignal>
#include <cstring>

namespace workbench::engine::localrun {

using namespace workbench::models::localrun;

namespace {

const QLatin1String kStartError{"localrun.start"};
const QLatin1String kExitedError{"localrun.exited"};

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}

/// @p program with @p arguments, whose last words are @p service's argv: the words that hold
/// placeholder material are secret arguments (shown as ***, redacted from the output).
process::CommandLine sandboxCommand(const QString &program, const QStringList &arguments, const LocalService &service)
{
    process::CommandLine cl(program);
    // The arguments end with argv[0..] (bwrap's) or argv[1..] (the service's own program).
    const qsizetype offset = arguments.size() - service.argv.size();
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (i >= offset && service.secretArguments.contains(int(i - offset)))
            cl.secretArg(arguments.at(i));
        else
            cl.arg(arguments.at(i));
    }
    return cl;
}

}  // namespace

QString defaultRunsDir()
{
    return QDir(dataFolder()).filePath(QStringLiteral("local-runs"));
}

QString serviceStateName(ServiceState state)
{
    switch (state) {
    case ServiceState::Pending:
        return QStringLiteral("pending");
    case ServiceState::Waiting:
        return QStringLiteral("waiting");
    case ServiceState::Starting:
        return QStringLiteral("starting");
    case ServiceState::Running:
        return QStringLiteral("running");
    case ServiceState::Stopping:
        return QStringLiteral("stopping");
    case ServiceState::Stopped:
        return QStringLiteral("stopped");
    case ServiceState::Exited:
        return QStringLiteral("exited");
    case ServiceState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

bool isActive(ServiceState state)
{
    return state == ServiceState::Waiting || state == ServiceState::Starting || state == ServiceState::Running ||
           state == ServiceState::Stopping;
}

LocalRunJob::LocalRunJob(LocalRunPlan plan, LocalRunSettings settings, QObject *parent)
    : Job(QStringLiteral("Run %1 locally").arg(plan.release.isEmpty() ? QStringLiteral("the mesh") : plan.release),
          parent)
    , m_plan(std::move(plan))
    , m_settings(std::move(settings))
{
    for (const LocalService &s : std::as_const(m_plan.services)) {
        Slot slot;
        slot.service = s;
        slot.status.name = s.name;
        m_slots << slot;
    }
}

LocalRunJob::~LocalRunJob()
{
    m_stopping = true;
    for (Slot &slot : m_slots) {
        for (PortWaiter *w : std::as_const(slot.waits))
            delete w;
        slot.waits.clear();
        // Process's destructor stops the tree (SIGTERM, SIGKILL after the grace period) and waits.
        delete slot.process.data();
    }
    removeFolder();
}

QStringList LocalRunJob::serviceNames() const
{
    QStringList out;
    for (const Slot &s : m_slots)
        out << s.service.name;
    return out;
}

int LocalRunJob::indexOf(const QString &service) const
{
    for (int i = 0; i < m_slots.size(); ++i)
        if (m_slots.at(i).service.name == service)
            return i;
    return -1;
}

ServiceStatus LocalRunJob::status(const QString &service) const
{
    const int i = indexOf(service);
    return i < 0 ? ServiceStatus{} : m_slots.at(i).status;
}

QList<ServiceStatus> LocalRunJob::statuses() const
{
    QList<ServiceStatus> out;
    for (const Slot &s : m_slots)
        out << s.status;
    return out;
}

std::uint16_t LocalRunJob::sourceOf(const QString &service) const
{
    const int i = indexOf(service);
    return i < 0 ? 0 : std::uint16_t(i + 1);
}

QString LocalRunJob::serviceOfSource(std::uint16_t source) const
{
    if (source == 0 || source > m_slots.size())
        return {};
    return m_slots.at(source - 1).service.name;
}

QStringList LocalRunJob::lastLines(const QString &service) const
{
    const int i = indexOf(service);
    return i < 0 ? QStringList() : m_slots.at(i).tail;
}

int LocalRunJob::activeCount() const
{
    int n = 0;
    for (const Slot &s : m_slots)
        if (s.process || !s.waits.isEmpty())
            ++n;
    return n;
}

// --- log lines -----------------------------------------------------------------------------

void LocalRunJob::appendServiceChunk(int index, jobs::LogChunk chunk)
{
    Slot &slot = m_slots[index];
    const std::uint16_t source = std::uint16_t(index + 1);
    for (jobs::LogEntry &e : chunk.entries) {
        e.source = source;
        slot.tail << QString::fromUtf8(chunk.bytes(e));
    }
    const int keep = std::max(1, m_settings.tailLines);
    if (slot.tail.size() > keep)
        slot.tail.remove(0, slot.tail.size() - keep);
    Q_EMIT serviceOutput(slot.service.name, chunk);
    appendLogChunk(std::move(chunk));
}

void LocalRunJob::serviceInfo(int index, const QString &text)
{
    QString line = text;
    // The job's own lines are not filtered by the process runner: keep the session's secret
    // values out of them as the runner keeps them out of the service's output.
    const Slot &slot = m_slots.at(index);
    for (const auto &[name, value] : std::as_const(slot.service.environment))
        if (slot.service.secretVariables.contains(name) && value.size() >= 4)
            line.replace(value, process::CommandLine::Redacted);
    jobs::LogChunk chunk;
    chunk.append(line.toUtf8(), QDateTime::currentMSecsSinceEpoch(), jobs::LogChannel::Info);
    appendServiceChunk(index, std::move(chunk));
}

void LocalRunJob::runInfo(const QString &text)
{
    appendLog(jobs::LogChannel::Info, text);
}

void LocalRunJob::setState(int index, ServiceState state, const QString &message)
{
    ServiceStatus &st = m_slots[index].status;
    const bool changed = st.state != state || st.message != message;
    st.state = state;
    st.message = message;
    if (changed)
        Q_EMIT serviceStateChanged(st.name, state);
}

// --- starting ------------------------------------------------------------------------------

void LocalRunJob::run()
{
    if (!m_plan.ok()) {
        reportFailed(m_plan.errors.first());
        return;
    }
    if (m_slots.isEmpty()) {
        reportFailed(makeError(QString(kStartError), QStringLiteral("The plan has no service to run.")));
        return;
    }
    for (const QString &stale : removeStaleRunFolders(m_settings.runsDir))
        runInfo(QStringLiteral("Removed the run folder of an earlier run that did not end: ") + stale);
    Result<RunFolder> created = RunFolder::create(m_settings.runsDir);
    if (!created.ok()) {
        reportFailed(created.error());
        return;
    }
    m_folder = created.value();
    Result<RunFolderLock> lock = RunFolderLock::acquire(m_folder.root());
    Status kept = m_settings.keepRunFolder ? markRunFolderKept(m_folder.root()) : Status(Ok{});
    if (!lock.ok() || !kept.ok()) {
        m_settings.keepRunFolder = false;
        removeFolder();
        reportFailed(lock.ok() ? kept.error() : lock.error());
        return;
    }
    m_lock = std::move(lock).value();
    runInfo(QStringLiteral("Run folder %1%2")
                .arg(m_folder.root(), m_settings.keepRunFolder ? QStringLiteral(" (kept after the run)") : QString()));
    if (Status written = m_folder.write(m_plan); !written.ok()) {
        removeFolder();
        reportFailed(written.error());
        return;
    }
    for (const QString &note : std::as_const(m_plan.notes))
        runInfo(note);
    setProgress(jobs::JobProgress::indeterminate(QStringLiteral("Starting")));
    startNext();
}

void LocalRunJob::startNext()
{
    if (m_stopping || m_nextToStart >= m_slots.size())
        return;
    prepare(m_nextToStart++);
}

void LocalRunJob::prepare(int index)
{
    Slot &slot = m_slots[index];
    slot.stopRequested = false;
    slot.status.exitCode.reset();
    slot.status.signal = 0;
    const QList<PortWait> waits = slot.service.waitFor;
    if (waits.isEmpty()) {
        launch(index);
        return;
    }
    QStringList what;
    for (const PortWait &w : waits)
        what << QStringLiteral("%1 at %2:%3").arg(w.service, w.host).arg(w.port);
    const QString message = QStringLiteral("waiting for ") + what.join(QStringLiteral(", "));
    setState(index, ServiceState::Waiting, message);
    serviceInfo(index, message);
    for (const PortWait &w : waits) {
        auto *waiter =
            new PortWaiter(w.address, w.port, m_settings.portWaitTimeoutMs, m_settings.portPollIntervalMs, this);
        slot.waits << waiter;
        connect(waiter, &PortWaiter::opened, this, [this, index, waiter] {
            Slot &s = m_slots[index];
            s.waits.removeOne(waiter);
            waiter->deleteLater();
            if (s.waits.isEmpty() && !m_stopping && s.status.state == ServiceState::Waiting)
                launch(index);
        });
        connect(waiter, &PortWaiter::timedOut, this, [this, index, waiter, w] {
            Slot &s = m_slots[index];
            s.waits.removeOne(waiter);
            waiter->deleteLater();
            const QString reason = QStringLiteral("%1:%2 of %3 did not open within %4")
                                       .arg(w.host)
                                       .arg(w.port)
                                       .arg(w.service, seconds(m_settings.portWaitTimeoutMs));
            clearWaits(index);
            if (!m_up) {
                failStart(index, reason);
                return;
            }
            setState(index, ServiceState::Failed, reason);
            serviceInfo(index, reason);
            finishIfDone();
        });
        waiter->start();
    }
}

void LocalRunJob::launch(int index)
{
    Slot &slot = m_slots[index];
    const LocalService &s = slot.service;
    const Result<SandboxSpec> sandbox = buildSandbox(s, m_folder, m_plan.release, HostSystem::local());
    if (!sandbox.ok()) {
        failStart(index, sandbox.error().message);
        return;
    }
    process::ProcessSpec spec;
    spec.command = sandboxCommand(m_settings.bwrap, bwrapArguments(sandbox.value()), s);
    // The environment goes to bwrap itself (never on its command line); the values of the
    // session's placeholders are secrets: redacted from every display and from the output.
    process::ProcessEnvironment env = process::ProcessEnvironment::empty();
    for (const auto &[name, value] : processEnvironment(s)) {
        if (s.secretVariables.contains(name))
            env.setSecret(name, value);
        else
            env.set(name, value);
    }
    spec.environment = env;
    spec.workingDirectory = m_folder.root();
    spec.terminateGraceMs = m_settings.terminateGraceMs;
    spec.stderrTailLines = m_settings.tailLines;

    auto *p = new process::Process(this);
    slot.process = p;
    ++slot.status.starts;
    p->setOutputHandler([this, index, p](jobs::LogChunk lines) {
        if (m_slots.at(index).process == p)
            appendServiceChunk(index, std::move(lines));
    });
    connect(p, &process::Process::started, this, [this, index, p](qint64 pid) {
        if (m_slots.at(index).process != p)
            return;
        m_slots[index].status.pid = pid;
        const LocalService &service = m_slots.at(index).service;
        serviceInfo(index,
                    QStringLiteral("started (bwrap pid %1) on %2: %3")
                        .arg(pid)
                        .arg(service.address,
                             sandboxCommand(service.argv.value(0), service.argv.mid(1), service).toDisplayString()));
        watchOwnPorts(index);
    });
    connect(p, &process::Process::finished, this, [this, index, p] { onProcessFinished(index, p); });
    setState(index, ServiceState::Starting, QStringLiteral("starting"));
    p->start(spec);
    if (!m_up)
        startNext();
}

void LocalRunJob::watchOwnPorts(int index)
{
    Slot &slot = m_slots[index];
    const auto becameRunning = [this, index] {
        setState(index, ServiceState::Running, QStringLiteral("running"));
        const Slot &s = m_slots.at(index);
        if (!s.service.ports.isEmpty()) {
            QStringList ports;
            for (int port : s.service.ports)
                ports << QString::number(port);
            serviceInfo(index,
                        QStringLiteral("listening on %1:%2").arg(s.service.address, ports.join(QLatin1Char(','))));
        }
        checkUp();
    };
    if (slot.service.ports.isEmpty()) {
        becameRunning();
        return;
    }
    for (int port : std::as_const(slot.service.ports)) {
        auto *waiter = new PortWaiter(slot.service.address, port, m_settings.portWaitTimeoutMs,
                                      m_settings.portPollIntervalMs, this);
        slot.waits << waiter;
        connect(waiter, &PortWaiter::opened, this, [this, index, waiter, becameRunning] {
            Slot &s = m_slots[index];
            s.waits.removeOne(waiter);
            waiter->deleteLater();
            if (s.waits.isEmpty() && s.status.state == ServiceState::Starting)
                becameRunning();
        });
        connect(waiter, &PortWaiter::timedOut, this, [this, index, waiter, port, becameRunning] {
            Slot &s = m_slots[index];
            s.waits.removeOne(waiter);
            waiter->deleteLater();
            // Not a failure: the manifests may name a port the program does not use. Say so.
            serviceInfo(index, QStringLiteral("port %1 is not open after %2; it may listen elsewhere")
                                   .arg(port)
                                   .arg(seconds(m_settings.portWaitTimeoutMs)));
            if (s.waits.isEmpty() && s.status.state == ServiceState::Starting)
                becameRunning();
        });
        waiter->start();
    }
}

void LocalRunJob::clearWaits(int index)
{
    Slot &slot = m_slots[index];
    for (PortWaiter *w : std::as_const(slot.waits)) {
        w->stop();
        w->deleteLater();
    }
    slot.waits.clear();
}

// --- ending --------------------------------------------------------------------------------

void LocalRunJob::onProcessFinished(int index, process::Process *p)
{
    Slot &slot = m_slots[index];
    if (slot.process != p)
        return;
    const Result<process::ProcessResult> result =
        p->result() ? *p->result() : Result<process::ProcessResult>(makeError(QString(kStartError), QString()));
    slot.process = nullptr;
    p->deleteLater();
    clearWaits(index);
    slot.status.pid = 0;

    const bool requested = slot.stopRequested || m_stopping;
    QString message;
    ServiceState state = ServiceState::Failed;
    if (!result.ok()) {
        message = QStringLiteral("could not start: ") + result.error().message;
    } else {
        const process::ProcessResult &r = result.value();
        slot.status.signal = r.signal;
        if (r.signal == 0)
            slot.status.exitCode = r.exitCode;
        if (r.signal != 0)
            message = QStringLiteral("ended by signal %1 (%2)")
                          .arg(r.signal)
                          .arg(QString::fromLocal8Bit(strsignal(r.signal)));
        else
            message = QStringLiteral("exited with code %1").arg(r.exitCode);
        if (r.signal == 0 && r.exitCode == 0)
            state = ServiceState::Exited;
    }
    if (requested && result.ok())
        state = ServiceState::Stopped;
    if (state == ServiceState::Stopped)
        message = result.value().signal != 0 || result.value().exitCode == 0
                      ? QStringLiteral("stopped")
                      : QStringLiteral("stopped (exit code %1)").arg(result.value().exitCode);
    serviceInfo(index, message);

    if (!requested && !m_up && state == ServiceState::Failed) {
        failStart(index, message);
        return;
    }
    setState(index, state, message);
    checkUp();
    if (slot.restartPending && !m_stopping) {
        slot.restartPending = false;
        serviceInfo(index, QStringLiteral("restarting"));
        prepare(index);
        return;
    }
    finishIfDone();
}

void LocalRunJob::failStart(int index, const QString &reason)
{
    const Slot &slot = m_slots.at(index);
    if (!m_failure) {
        Error e =
            makeError(QString(kStartError), QStringLiteral("%1 failed to start: %2").arg(slot.service.name, reason));
        e.context.step = slot.service.name;
        e.context.outputTail = slot.tail.join(QLatin1Char('\n'));
        if (slot.status.exitCode)
            e.context.exitCode = slot.status.exitCode;
        m_failure = e;
        runInfo(e.message);
    }
    setState(index, ServiceState::Failed, reason);
    stopAll();
}

void LocalRunJob::stopAll()
{
    m_stopping = true;
    setProgress(jobs::JobProgress::indeterminate(QStringLiteral("Stopping")));
    for (int i = 0; i < m_slots.size(); ++i) {
        Slot &slot = m_slots[i];
        slot.restartPending = false;
        const bool waiting = !slot.waits.isEmpty() && !slot.process;
        clearWaits(i);
        if (slot.process) {
            setState(i, ServiceState::Stopping, QStringLiteral("stopping"));
            slot.process->cancel();
        } else if (waiting) {
            setState(i, ServiceState::Stopped, QStringLiteral("stopped before it started"));
        }
    }
    finishIfDone();
}

void LocalRunJob::onCancelRequested()
{
    if (!m_stopping)
        runInfo(QStringLiteral("Stopping every service"));
    stopAll();
}

void LocalRunJob::stopService(const QString &service)
{
    const int i = indexOf(service);
    if (i < 0 || m_stopping || isFinished())
        return;
    Slot &slot = m_slots[i];
    slot.restartPending = false;
    if (!slot.waits.isEmpty() && !slot.process) {
        clearWaits(i);
        setState(i, ServiceState::Stopped, QStringLiteral("stopped before it started"));
        return;
    }
    if (!slot.process)
        return;
    slot.stopRequested = true;
    clearWaits(i);
    setState(i, ServiceState::Stopping, QStringLiteral("stopping"));
    serviceInfo(i, QStringLiteral("stopping"));
    slot.process->cancel();
}

void LocalRunJob::restartService(const QString &service)
{
    const int i = indexOf(service);
    if (i < 0 || m_stopping || state() != jobs::JobState::Running)
        return;
    Slot &slot = m_slots[i];
    if (slot.process) {
        stopService(service);
        slot.restartPending = true;
        return;
    }
    if (!slot.waits.isEmpty())
        return;  // already waiting to start
    if (i >= m_nextToStart)
        return;  // the start phase reaches it
    serviceInfo(i, QStringLiteral("restarting"));
    prepare(i);
}

void LocalRunJob::checkUp()
{
    if (m_up || m_stopping || m_nextToStart < m_slots.size())
        return;
    QStringList running;
    for (const Slot &s : std::as_const(m_slots)) {
        if (s.status.state == ServiceState::Running)
            running << s.service.name + QLatin1Char(' ') + s.service.address;
        else if (s.status.state != ServiceState::Exited && s.status.state != ServiceState::Stopped)
            return;
    }
    m_up = true;
    runInfo(QStringLiteral("Up: ") + running.join(QStringLiteral(", ")));
    setProgress(jobs::JobProgress::indeterminate(QStringLiteral("Running")));
    Q_EMIT up();
}

void LocalRunJob::finishIfDone()
{
    if (m_reported || isFinished())
        return;
    if (m_stopping) {
        if (activeCount() > 0)
            return;
        removeFolder();
        m_reported = true;
        if (m_failure)
            reportFailed(*m_failure);
        else
            reportCancelled(QStringLiteral("Every service was stopped."));
        return;
    }
    if (m_nextToStart < m_slots.size() || activeCount() > 0)
        return;
    // Started everything and nothing waits or runs.
    bool userStopped = false;
    QStringList failed;
    for (const Slot &s : std::as_const(m_slots)) {
        if (s.status.state == ServiceState::Stopped)
            userStopped = true;
        if (s.status.state == ServiceState::Failed)
            failed << s.service.name + QStringLiteral(" (") + s.status.message + QLatin1Char(')');
    }
    if (userStopped)
        return;  // stopped on request: the user may restart it; cancel() ends the run
    removeFolder();
    m_reported = true;
    if (failed.isEmpty()) {
        runInfo(QStringLiteral("Every service has exited"));
        reportSucceeded();
    } else {
        reportFailed(
            makeError(QString(kExitedError),
                      QStringLiteral("Every service has ended; failed: %1").arg(failed.join(QStringLiteral(", ")))));
    }
}

void LocalRunJob::removeFolder()
{
    if (m_folder.isNull() || m_folderRemoved || m_settings.keepRunFolder)
        return;
    const Status removed = m_folder.remove();
    m_lock.release();
    if (removed.ok()) {
        m_folderRemoved = true;
        if (!isFinished())
            runInfo(QStringLiteral("Run folder removed"));
    } else {
        qCWarning(lcProcess).noquote() << "local run: cannot remove" << m_folder.root() << removed.error().toString();
        if (!isFinished())
            runInfo(QStringLiteral("The run folder could not be removed: ") + removed.error().toString());
    }
}

}  // namespace workbench::engine::localrun
