// SPDX-License-Identifier: Apache-2.0
#include "localrun/localrunner.h"

#include "analysis/certificatepreview.h"
#include "analysis/projectanalysis.h"
#include "jobs/concurrentjob.h"
#include "jobs/jobrunner.h"
#include "localrun/hostprobe.h"
#include "localrun/localrunanalysis.h"
#include "localrun/localrunplanner.h"
#include "localrun/sandbox.h"
#include "logs/logstore.h"

#include <QDir>
#include <QThreadPool>

#include <algorithm>
#include <memory>

namespace workbench::engine::localrun {

using namespace workbench::models::localrun;

namespace {

constexpr qint64 kNsPerMs = 1000000;  // job logs keep ms, the log store ns

/// What the preparation worker returns: the plan (its errors are problems) and bwrap's path.
struct Prepared {
    LocalRunPlan plan;
    QString bwrap;
    QList<Error> problems;
};

/// @p e with its file named relative to @p projectDir (as the Problems pane names files).
Error relativeTo(Error e, const QString &projectDir)
{
    if (!e.file.isEmpty() && !projectDir.isEmpty()) {
        const QString rel = QDir(projectDir).relativeFilePath(e.file);
        if (!rel.startsWith(QLatin1String("..")))
            e.file = rel;
    }
    return e;
}

}  // namespace

LocalRunner::LocalRunner(ProjectAnalysis *analysis, jobs::JobRunner *jobs, QObject *parent)
    : QObject(parent)
    , m_analysis(analysis)
    , m_jobs(jobs)
{
    m_template.runsDir = defaultRunsDir();
}

LocalRunner::~LocalRunner()
{
    // The jobs belong to the runner (its destructor stops them); nothing of ours to wait for.
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    if (m_preparation)
        disconnect(m_preparation, nullptr, this, nullptr);
}

std::optional<Error> LocalRunner::bwrapProblem()
{
    const Result<QString> bwrap = findBwrap(HostSystem::local());
    if (bwrap.ok())
        return std::nullopt;
    return bwrap.error();
}

void LocalRunner::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

Status LocalRunner::start(const StartOptions &options)
{
    if (m_phase != Phase::Idle)
        return makeError(QStringLiteral("localrun.busy"), tr("A local run is already going; stop it first."));
    if (!m_analysis || !m_jobs)
        return makeError(QStringLiteral("localrun.project"), tr("No project is open."));
    // The analysis of what is there now: unsaved buffers and settings included, with the local
    // run's settings rule (an unset APP_IMAGE_REPO gets a local name, as `run` gives it).
    m_analysis->analyzeNow();
    const AnalysisSnapshotPtr snapshot = localRunAnalysis(m_analysis->snapshot());
    if (!snapshot || snapshot->projectDir.isEmpty())
        return makeError(QStringLiteral("localrun.project"), tr("No project is open."));
    m_options = options;
    m_problems.clear();
    m_failure.reset();
    m_projectDir = snapshot->projectDir;

    int errors = 0;
    for (const models::Diagnostic &d : snapshot->diagnostics)
        if (d.severity == models::Diagnostic::Severity::Error)
            ++errors;
    if (errors > 0) {
        m_problems << makeError(
            QStringLiteral("localrun.project"),
            errors == 1 ? tr("The project has 1 error (see the Problems pane); nothing started.")
                        : tr("The project has %1 errors (see the Problems pane); nothing started.").arg(errors));
        Q_EMIT preparationFailed();
        return Ok{};
    }

    // The secrets the Certificates area shows, when its preview is of this very analysis.
    CertificatePreviewPtr preview = m_analysis->certificatePreview();
    if (preview &&
        (preview->error || preview->projectId != snapshot->projectId || preview->generation != snapshot->generation))
        preview.reset();

    const QStringList services = options.services;
    auto job = std::make_unique<jobs::ConcurrentJob<Prepared>>(
        tr("Prepare the local run"), [snapshot, preview, services](const jobs::JobContext &) -> Result<Prepared> {
            Prepared out;
            const HostSystem host = localHostSystem();
            const Result<QString> bwrap = findBwrap(host);
            if (!bwrap.ok())
                out.problems << bwrap.error();
            else
                out.bwrap = bwrap.value();
            CertificatePreviewPtr issued = preview;
            if (!issued) {
                auto fresh = std::make_shared<CertificatePreview>(issueCertificatePreview(
                    *snapshot, models::certs::Clock::system(), nullptr, {}, QThreadPool::globalInstance()));
                if (fresh->error) {
                    out.problems << makeError(QStringLiteral("localrun.secrets"),
                                              QStringLiteral("The secrets could not be issued: ") +
                                                  fresh->error->toString());
                    return out;
                }
                issued = fresh;
            }
            LocalRunOptions planOptions = LocalRunOptions::fromSettings(snapshot->settings.values);
            planOptions.services = services;
            out.plan = planLocalRun(snapshot->policies, issued->issued, snapshot->project, planOptions, host);
            for (const Error &e : std::as_const(out.plan.errors))
                out.problems << e;
            return out;
        });
    auto *raw = m_jobs->submit(std::move(job));
    m_preparation = raw;
    setPhase(Phase::Preparing);
    connect(raw, &jobs::Job::finished, this, [this, raw] {
        if (m_preparation != raw)
            return;
        m_preparation = nullptr;
        if (raw->state() == jobs::JobState::Cancelled || m_phase == Phase::Stopping) {
            setPhase(Phase::Idle);
            return;
        }
        std::optional<Prepared> prepared = raw->takeValue();
        if (!prepared) {
            m_problems << raw->error().value_or(
                makeError(QStringLiteral("localrun.prepare"), tr("The local run could not be prepared.")));
        } else {
            for (const Error &e : std::as_const(prepared->problems))
                m_problems << relativeTo(e, m_projectDir);
        }
        if (!m_problems.isEmpty()) {
            setPhase(Phase::Idle);
            Q_EMIT preparationFailed();
            return;
        }
        launch(std::move(prepared->plan), prepared->bwrap);
    });
    return Ok{};
}

void LocalRunner::launch(LocalRunPlan plan, const QString &bwrap)
{
    LocalRunSettings settings = m_template;
    settings.bwrap = bwrap;
    settings.keepRunFolder = m_options.keepRunFolder;
    auto owned = std::make_unique<LocalRunJob>(std::move(plan), settings);
    LocalRunJob *job = owned.get();
    m_job = job;
    connect(job, &LocalRunJob::serviceStateChanged, this, &LocalRunner::serviceStateChanged);
    connect(job, &LocalRunJob::serviceOutput, this, [this](const QString &service, const jobs::LogChunk &lines) {
        for (Attached &a : m_stores)
            appendChunk(a, service, lines);
    });
    connect(job, &jobs::Job::finished, this, [this, job] {
        if (m_job != job)
            return;
        const jobs::JobState state = job->state();
        if (state == jobs::JobState::Failed)
            m_failure = job->error().value_or(makeError(QStringLiteral("localrun"), tr("The local run failed.")));
        setPhase(Phase::Idle);
        Q_EMIT runFinished();
    });
    for (Attached &a : m_stores) {
        registerSources(a);
        Q_EMIT logSourcesChanged(a.store);
    }
    setPhase(Phase::Running);
    m_jobs->submit(std::move(owned));
    Q_EMIT runStarted(job);
}

void LocalRunner::stop()
{
    if (m_phase == Phase::Preparing && m_preparation) {
        setPhase(Phase::Stopping);
        m_preparation->cancel();
        return;
    }
    if (m_phase == Phase::Running && m_job && !m_job->isFinished()) {
        setPhase(Phase::Stopping);
        m_job->cancel();
    }
}

void LocalRunner::stopService(const QString &service)
{
    if (m_job && !m_job->isFinished())
        m_job->stopService(service);
}

void LocalRunner::restartService(const QString &service)
{
    if (!m_job || m_job->isFinished())
        return;
    for (Attached &a : m_stores) {
        const auto it = a.sources.constFind(service);
        if (it != a.sources.constEnd())
            a.scone.resetSource(*it);  // the restarted service attests (or fails) anew
    }
    m_job->restartService(service);
}

// --- log lines ---------------------------------------------------------------------------------

void LocalRunner::attachLogStore(models::logs::LogStore *store)
{
    if (!store)
        return;
    for (const Attached &a : m_stores)
        if (a.store == store)
            return;
    m_stores.push_back({store, {}, {}});
    Attached &a = m_stores.back();
    if (!m_job)
        return;
    registerSources(a);
    Q_EMIT logSourcesChanged(store);
    replay(a);
}

void LocalRunner::detachLogStore(models::logs::LogStore *store)
{
    m_stores.erase(
        std::remove_if(m_stores.begin(), m_stores.end(), [store](const Attached &a) { return a.store == store; }),
        m_stores.end());
}

std::optional<models::logs::SourceId> LocalRunner::sourceOf(const models::logs::LogStore *store,
                                                            const QString &service) const
{
    for (const Attached &a : m_stores)
        if (a.store == store) {
            const auto it = a.sources.constFind(service);
            if (it != a.sources.constEnd())
                return *it;
        }
    return std::nullopt;
}

const models::logs::SconeStatusTracker *LocalRunner::sconeStatus(const models::logs::LogStore *store) const
{
    for (const Attached &a : m_stores)
        if (a.store == store)
            return &a.scone;
    return nullptr;
}

void LocalRunner::registerSources(Attached &attached)
{
    if (!m_job)
        return;
    for (const QString &service : m_job->serviceNames()) {
        const Result<models::logs::SourceId> id = attached.store->sources().addLocal(service);
        if (id.ok()) {
            attached.sources.insert(service, id.value());
            attached.store->sources().setRetired(id.value(), false);
            attached.scone.resetSource(id.value());  // a new run: what an earlier one said is over
        }
    }
}

void LocalRunner::appendChunk(Attached &attached, const QString &service, const jobs::LogChunk &chunk)
{
    const auto it = attached.sources.constFind(service);
    if (it == attached.sources.constEnd() || chunk.isEmpty())
        return;
    const models::logs::LineNumber from = attached.store->endLine();
    for (const jobs::LogEntry &e : chunk.entries) {
        if (e.channel == jobs::LogChannel::Info)
            attached.store->appendMarker(*it, e.timestampMs * kNsPerMs, models::logs::LineKind::StreamState,
                                         chunk.bytes(e));
        else
            attached.store->append(*it, e.timestampMs * kNsPerMs, chunk.bytes(e));
    }
    attached.scone.observe(*attached.store, from, attached.store->endLine());
    Q_EMIT logLinesAppended(attached.store);
}

void LocalRunner::replay(Attached &attached)
{
    if (!m_job)
        return;
    const jobs::JobLog &log = m_job->log();
    const models::logs::LineNumber from = attached.store->endLine();
    bool any = false;
    for (qint64 n = log.firstLine(); n < log.endLine(); ++n) {
        const std::optional<jobs::LogLine> line = log.line(n);
        if (!line || line->source == 0)
            continue;
        const auto it = attached.sources.constFind(m_job->serviceOfSource(line->source));
        if (it == attached.sources.constEnd())
            continue;
        const QByteArrayView text = log.lineBytes(n);
        const models::logs::LogTimestamp at = line->timestampMs * kNsPerMs;
        if (line->channel == jobs::LogChannel::Info)
            attached.store->appendMarker(*it, at, models::logs::LineKind::StreamState, text);
        else
            attached.store->append(*it, at, text);
        any = true;
    }
    if (!any)
        return;
    attached.scone.observe(*attached.store, from, attached.store->endLine());
    Q_EMIT logLinesAppended(attached.store);
}

}  // namespace workbench::engine::localrun
