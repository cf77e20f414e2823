// SPDX-License-Identifier: Apache-2.0
#include "analysis/projectanalysis.h"

#include "certs/clock.h"
#include "jobs/concurrentjob.h"
#include "jobs/jobrunner.h"
#include "project/projectfiles.h"
#include "project/projectworkspace.h"
#include "session/settingsstore.h"
#include "validation/diagnosticsmodel.h"

#include <QFileInfo>
#include <QPointer>
#include <QThread>
#include <QTimer>

namespace workbench::engine {

namespace {

bool isProjectYaml(const ProjectWorkspace *workspace, const QString &path)
{
    if (!models::isYamlFileName(QFileInfo(path).fileName()))
        return false;
    for (const models::ProjectFileInfo &f : workspace->files())
        if (f.absolutePath == path)
            return true;
    return false;
}

}  // namespace

ProjectAnalysis::ProjectAnalysis(ProjectWorkspace *workspace, SettingsStore *settings, QObject *parent,
                                 jobs::JobRunner *runner)
    : QObject(parent)
    , m_workspace(workspace)
    , m_settings(settings)
    , m_snapshot(std::make_shared<const AnalysisSnapshot>())
    , m_runner(runner ? runner : new jobs::JobRunner(this))
{
    m_pool.setObjectName(QStringLiteral("analysis"));
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_fastLanePool.setObjectName(QStringLiteral("analysis-fast-lane"));
    m_fastLanePool.setMaxThreadCount(1);
    m_problems = new models::DiagnosticsModel(this);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &ProjectAnalysis::start);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(500);
    connect(m_previewTimer, &QTimer::timeout, this, &ProjectAnalysis::startPreview);

    connect(workspace, &ProjectWorkspace::projectOpened, this, &ProjectAnalysis::reset);
    connect(workspace, &ProjectWorkspace::filesChanged, this, &ProjectAnalysis::scheduleAll);
    connect(workspace, &ProjectWorkspace::documentChanged, this, &ProjectAnalysis::scheduleFile);
    if (settings)
        connect(settings, &SettingsStore::changed, this, &ProjectAnalysis::scheduleSettings);
    if (!workspace->projectDir().isEmpty())
        reset(workspace->projectDir());  // made for a project that is open already
}

ProjectAnalysis::~ProjectAnalysis()
{
    // Shutdown is the one place that waits: the workers own copies only, but they run on this
    // object's pool and report to its watchers.
    if (m_previewJob)
        m_previewJob->cancel();
    if (m_runJob)
        m_runJob->cancel();
    if (m_fastLaneJob)
        m_fastLaneJob->cancel();
    m_pool.waitForDone();
    m_fastLanePool.waitForDone();
}

void ProjectAnalysis::reset(const QString &projectDir)
{
    ++m_projectId;
    m_dirty.clear();
    m_fullRefresh = true;
    m_settingsChanged = false;
    if (m_runJob)
        m_runJob->cancel();  // its result would be dropped: another project's
    cancelCertificatePreview();
    m_preview.reset();
    m_previewError.reset();
    auto empty = std::make_shared<AnalysisSnapshot>();
    empty->projectId = m_projectId;
    empty->projectDir = projectDir;
    empty->generation = ++m_lastGeneration;
    m_snapshot = empty;
    m_problems->setDiagnostics({});
    Q_EMIT snapshotChanged();
    m_timer->start();
}

void ProjectAnalysis::setDelay(int ms)
{
    m_timer->setInterval(std::max(0, ms));
}

void ProjectAnalysis::scheduleFile(const QString &path)
{
    if (!isProjectYaml(m_workspace, path) && !m_snapshot->project.file(path))
        return;  // not a manifest of the project (the settings file has its own signal)
    m_dirty.insert(path);
    m_timer->start();
}

void ProjectAnalysis::scheduleAll()
{
    m_fullRefresh = true;
    m_timer->start();
}

void ProjectAnalysis::scheduleSettings()
{
    m_settingsChanged = true;
    m_timer->start();
}

bool ProjectAnalysis::isBusy() const
{
    return hasPendingChanges() || m_runInFlight || m_fastLaneJob || m_timer->isActive();
}

AnalysisInput ProjectAnalysis::takeInput(bool readAllOnThisThread)
{
    AnalysisInput in;
    in.projectId = m_projectId;
    in.generation = ++m_lastGeneration;
    in.projectDir = m_workspace->projectDir();
    in.checkFiles = !in.projectDir.isEmpty();
    in.settings = m_settings ? m_settings->resolved() : models::policy::readProjectSettings(in.projectDir);
    if (m_snapshot->projectId == m_projectId) {
        in.base = m_snapshot->project;
        in.previous = m_snapshot;
    }
    // One manifest edited (typing): the run may report that file's findings first.
    if (!m_fullRefresh && !m_settingsChanged && !readAllOnThisThread && m_dirty.size() == 1)
        in.focusFile = *m_dirty.cbegin();
    auto take = [&](const QString &path) {
        if (m_workspace->hasUnsavedText(path))
            in.texts.append({path, m_workspace->text(path)});
        else if (readAllOnThisThread)
            in.texts.append({path, m_workspace->text(path)});
        else
            in.filesToRead.append(path);
    };
    if (m_fullRefresh || readAllOnThisThread) {
        QSet<QString> present;
        for (const models::ProjectFileInfo &f : m_workspace->files()) {
            if (!models::isYamlFileName(QFileInfo(f.absolutePath).fileName()))
                continue;
            present.insert(f.absolutePath);
            take(f.absolutePath);
        }
        for (const models::ManifestFile &f : in.base.files())
            if (!present.contains(f.path))
                in.removed.append(f.path);
    } else {
        for (const QString &path : std::as_const(m_dirty)) {
            if (isProjectYaml(m_workspace, path))
                take(path);
            else
                in.removed.append(path);
        }
    }
    m_dirty.clear();
    m_fullRefresh = false;
    m_settingsChanged = false;
    return in;
}

jobs::Job *ProjectAnalysis::runningJob() const
{
    return m_runJob.data();
}

void ProjectAnalysis::start()
{
    if (!hasPendingChanges())
        return;
    if (m_runInFlight) {
        startFastLane();  // the whole run follows when the running one ends (it re-arms the timer)
        return;
    }
    QThreadPool *pool = &m_pool;
    AnalysisInput input = takeInput(false);
    const QString title = QStringLiteral("Analysis (generation %1)").arg(input.generation);
    // The fast lane's provisional snapshot is posted to this thread as soon as it is made
    // (dropped with this object if it is gone by then).
    const ProvisionalSink provisional = [this](AnalysisSnapshot snapshot) {
        QMetaObject::invokeMethod(
            this, [this, snapshot = std::move(snapshot)]() mutable { publish(std::move(snapshot)); },
            Qt::QueuedConnection);
    };
    auto job = std::make_unique<jobs::ConcurrentJob<AnalysisSnapshot>>(
        title,
        [input = std::move(input), pool, provisional](const jobs::JobContext &context) -> Result<AnalysisSnapshot> {
            AnalysisInput copy = input;  // cheap: documents and texts are shared
            copy.cancel = context.token();
            AnalysisSnapshot snapshot = analyzeProject(std::move(copy), pool, provisional);
            if (context.isCancelled())
                return Error::cancelled(QStringLiteral("The analysis was cancelled."));
            return snapshot;
        });
    job->setBackground(true);
    job->setThreadPool(pool);
    auto *raw = job.get();
    connect(raw, &jobs::Job::finished, this, [this, raw] { onRunFinished(raw); });
    m_runInFlight = true;
    m_runJob = raw;
    m_runner->submit(std::move(job));
}

void ProjectAnalysis::startFastLane()
{
    if (m_fastLaneJob || m_fullRefresh || m_settingsChanged || m_dirty.size() != 1 ||
        m_snapshot->projectId != m_projectId || m_snapshot->project.files().size() < kProvisionalMinFiles)
        return;
    const QString path = *m_dirty.cbegin();
    if (!isProjectYaml(m_workspace, path))
        return;
    const QByteArray text = m_workspace->text(path);
    if (path == m_fastLanePath && text == m_fastLaneText)
        return;  // shown already
    AnalysisInput in;
    in.projectId = m_projectId;
    in.generation = ++m_lastGeneration;
    in.projectDir = m_workspace->projectDir();
    in.checkFiles = !in.projectDir.isEmpty();
    in.settings = m_snapshot->settings;  // unchanged (a settings change is no fast-lane change)
    in.base = m_snapshot->project;
    in.previous = m_snapshot;
    in.focusFile = path;
    in.texts.append({path, text});
    m_fastLanePath = path;
    m_fastLaneText = text;
    auto job = std::make_unique<jobs::ConcurrentJob<std::optional<AnalysisSnapshot>>>(
        QStringLiteral("Analysis of %1 (generation %2)").arg(QFileInfo(path).fileName()).arg(in.generation),
        [in = std::move(in)](const jobs::JobContext &context) -> Result<std::optional<AnalysisSnapshot>> {
            std::optional<AnalysisSnapshot> provisional = analyzeFileProvisionally(in);
            if (context.isCancelled())
                return Error::cancelled(QStringLiteral("The analysis was cancelled."));
            return provisional;
        });
    job->setBackground(true);
    job->setThreadPool(&m_fastLanePool);
    auto *raw = job.get();
    connect(raw, &jobs::Job::finished, this, [this, raw] {
        if (raw != m_fastLaneJob)
            return;
        m_fastLaneJob.clear();
        if (std::optional<std::optional<AnalysisSnapshot>> provisional = raw->takeValue(); provisional && *provisional)
            publish(std::move(**provisional));
        if (m_runInFlight && hasPendingChanges())
            startFastLane();  // typed on while it ran
    });
    m_fastLaneJob = raw;
    m_runner->submit(std::move(job));
}

void ProjectAnalysis::onRunFinished(jobs::ConcurrentJob<AnalysisSnapshot> *job)
{
    if (job != m_runJob)
        return;
    m_runInFlight = false;
    m_runJob.clear();
    const bool changedMeanwhile = hasPendingChanges();
    if (std::optional<AnalysisSnapshot> snapshot = job->takeValue()) {
        publish(std::move(*snapshot));
    } else {
        // Cancelled (or failed): what the run took is analysed again by the next run, which a
        // change or analyzeNow() starts (a cancelled run is not restarted behind the user's back).
        ++m_counters.cancelledRuns;
        m_fullRefresh = true;
        m_settingsChanged = true;
    }
    if (changedMeanwhile)
        m_timer->start();
}

void ProjectAnalysis::analyzeNow()
{
    m_timer->stop();
    if (!hasPendingChanges() && !m_runInFlight)
        return;  // the published snapshot is the current state
    // Everything is read again here (only changed texts are parsed again): a run in flight took
    // its changes with it, and its older result is dropped when it lands.
    publish(analyzeProject(takeInput(true), &m_pool));
}

void ProjectAnalysis::publish(AnalysisSnapshot snapshot)
{
    if (snapshot.provisional) {
        ++m_counters.provisionalSnapshots;
    } else {
        ++m_counters.runs;
        m_counters.parsedFiles += quint64(snapshot.parsedFiles);
        m_counters.validations += quint64(snapshot.validations);
    }
    // Another project's, or older than what is shown (the whole run of the generation a
    // provisional snapshot shows replaces it; a provisional one never replaces a whole run).
    const bool replacesProvisional =
        m_snapshot->provisional && !snapshot.provisional && snapshot.generation == m_snapshot->generation;
    if (snapshot.projectId != m_projectId || (snapshot.generation <= m_snapshot->generation && !replacesProvisional))
        return;
    const bool listChanged = snapshot.diagnostics != m_snapshot->diagnostics;
    m_snapshot = std::make_shared<const AnalysisSnapshot>(std::move(snapshot));
    if (listChanged)
        m_problems->setDiagnostics(m_snapshot->diagnostics);
    Q_EMIT snapshotChanged();
    if (m_previewWanted && !m_snapshot->provisional)
        schedulePreview();
}

// --- certificate preview ---------------------------------------------------------------------

void ProjectAnalysis::setCertificatePreviewWanted(bool wanted)
{
    if (wanted == m_previewWanted)
        return;
    m_previewWanted = wanted;
    if (!wanted) {
        m_previewTimer->stop();
        return;
    }
    // Shown again: preview what is there unless the last preview is of it already.
    if (!m_preview || m_preview->projectId != m_snapshot->projectId || m_preview->generation != m_snapshot->generation)
        schedulePreview();
}

void ProjectAnalysis::setCertificatePreviewDelay(int ms)
{
    m_previewTimer->setInterval(std::max(0, ms));
}

void ProjectAnalysis::schedulePreview()
{
    if (!m_snapshot->projectDir.isEmpty())
        m_previewTimer->start();
}

void ProjectAnalysis::refreshCertificatePreview()
{
    m_previewTimer->stop();
    startPreview();
}

void ProjectAnalysis::cancelCertificatePreview()
{
    m_previewTimer->stop();
    m_previewRestart = false;
    if (m_previewJob)
        m_previewJob->cancel();
}

bool ProjectAnalysis::isCertificatePreviewRunning() const
{
    return m_previewJob || m_previewTimer->isActive();
}

jobs::Job *ProjectAnalysis::certificatePreviewJob() const
{
    return m_previewJob.data();
}

void ProjectAnalysis::startPreview()
{
    if (m_snapshot->projectDir.isEmpty())
        return;
    if (m_previewJob) {
        // Never wait for it: cancel, and start again with the newest snapshot when it has ended.
        m_previewJob->cancel();
        m_previewRestart = true;
        return;
    }
    m_previewRestart = false;
    QPointer<ProjectAnalysis> self(this);
    auto progress = [self](int done, int total) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, total] {
                if (self)
                    Q_EMIT self->certificatePreviewProgress(done, total);
            },
            Qt::QueuedConnection);
    };
    const models::certs::Clock *clock = m_clock ? m_clock : &models::certs::Clock::system();
    QThreadPool *pool = &m_pool;
    ++m_counters.certificatePreviews;
    m_previewProjectId = m_projectId;
    auto job = std::make_unique<jobs::ConcurrentJob<CertificatePreview>>(
        QStringLiteral("Certificate preview"),
        [snapshot = m_snapshot, clock, progress, pool](const jobs::JobContext &context) -> Result<CertificatePreview> {
            // issueCertificatePreview() polls a flag; the job's token sets it.
            auto flag = std::make_shared<std::atomic<bool>>(false);
            const CancellationCallback onCancel = context.token().onCancel([flag] { flag->store(true); });
            auto report = [progress, context](int done, int total) {
                progress(done, total);
                context.setProgress(total > 0 ? double(done) / total : -1.0,
                                    QStringLiteral("%1 of %2 certificates").arg(done).arg(total));
            };
            CertificatePreview preview = issueCertificatePreview(*snapshot, *clock, flag.get(), report, pool);
            if (context.isCancelled() || (preview.error && preview.error->isCancelled()))
                return Error::cancelled(QStringLiteral("Preview issuance was cancelled."));
            return preview;
        });
    job->setBackground(true);
    job->setThreadPool(pool);
    auto *raw = job.get();
    connect(raw, &jobs::Job::finished, this, [this, raw] { onPreviewFinished(raw); });
    m_previewJob = raw;
    m_runner->submit(std::move(job));
    Q_EMIT certificatePreviewStarted();
}

void ProjectAnalysis::onPreviewFinished(jobs::ConcurrentJob<CertificatePreview> *job)
{
    if (job != m_previewJob)
        return;
    m_previewJob.clear();
    const bool restart = m_previewRestart;
    m_previewRestart = false;
    std::optional<CertificatePreview> value = job->takeValue();
    // Cancelled after the worker had finished: the user still asked not to show it.
    if (value && job->isCancelRequested() && !value->error)
        value->error = Error::cancelled(QStringLiteral("Preview issuance was cancelled."));
    if (m_previewProjectId == m_projectId && !restart) {
        if (!value) {
            m_previewError = job->error().value_or(Error::cancelled());
        } else if (value->error) {
            m_previewError = value->error;
        } else {
            m_previewError.reset();
            m_preview = std::make_shared<const CertificatePreview>(std::move(*value));
        }
        Q_EMIT certificatePreviewFinished();
    }
    if (restart)
        startPreview();
}

}  // namespace workbench::engine
