// SPDX-License-Identifier: Apache-2.0
#include "analysis/projectanalysis.h"

#include "certs/clock.h"
#include "project/projectfiles.h"
#include "project/projectworkspace.h"
#include "session/settingsstore.h"
#include "validation/diagnosticsmodel.h"

#include <QFileInfo>
#include <QPointer>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
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

ProjectAnalysis::ProjectAnalysis(ProjectWorkspace *workspace, SettingsStore *settings, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_settings(settings)
    , m_snapshot(std::make_shared<const AnalysisSnapshot>())
{
    m_pool.setObjectName(QStringLiteral("analysis"));
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_problems = new models::DiagnosticsModel(this);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &ProjectAnalysis::start);
    connect(&m_run, &QFutureWatcher<AnalysisSnapshot>::finished, this, &ProjectAnalysis::onRunFinished);
    connect(&m_run, &QFutureWatcher<AnalysisSnapshot>::resultReadyAt, this, &ProjectAnalysis::onProvisionalResult);
    m_fastLanePool.setObjectName(QStringLiteral("analysis-fast-lane"));
    m_fastLanePool.setMaxThreadCount(1);
    connect(&m_fastLane, &QFutureWatcher<std::optional<AnalysisSnapshot>>::finished, this,
            &ProjectAnalysis::onFastLaneFinished);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(500);
    connect(m_previewTimer, &QTimer::timeout, this, &ProjectAnalysis::startPreview);
    connect(&m_previewRun, &QFutureWatcher<CertificatePreview>::finished, this, &ProjectAnalysis::onPreviewFinished);

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
    if (m_previewCancel)
        m_previewCancel->store(true);
    m_pool.waitForDone();
    m_fastLanePool.waitForDone();
}

void ProjectAnalysis::reset(const QString &projectDir)
{
    ++m_projectId;
    m_dirty.clear();
    m_fullRefresh = true;
    m_settingsChanged = false;
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
    return hasPendingChanges() || m_runInFlight || m_fastLaneInFlight || m_timer->isActive();
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

void ProjectAnalysis::start()
{
    if (!hasPendingChanges())
        return;
    if (m_runInFlight) {
        startFastLane();  // the whole run follows when the running one ends (it re-arms the timer)
        return;
    }
    QThreadPool *pool = &m_pool;
    m_runInFlight = true;
    // The run's results: a provisional snapshot first when the fast lane applies, then the
    // whole run's (onProvisionalResult(), onRunFinished()).
    m_run.setFuture(
        QtConcurrent::run(pool, [input = takeInput(false), pool](QPromise<AnalysisSnapshot> &promise) mutable {
            AnalysisSnapshot whole = analyzeProject(std::move(input), pool, [&promise](AnalysisSnapshot provisional) {
                promise.addResult(std::move(provisional));
            });
            promise.addResult(std::move(whole));
        }));
}

void ProjectAnalysis::startFastLane()
{
    if (m_fastLaneInFlight || m_fullRefresh || m_settingsChanged || m_dirty.size() != 1 ||
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
    m_fastLaneInFlight = true;
    m_fastLane.setFuture(QtConcurrent::run(
        &m_fastLanePool, [in = std::move(in)]() mutable { return analyzeFileProvisionally(std::move(in)); }));
}

void ProjectAnalysis::onFastLaneFinished()
{
    m_fastLaneInFlight = false;
    if (m_fastLane.future().resultCount() > 0) {
        std::optional<AnalysisSnapshot> provisional = m_fastLane.result();
        if (provisional)
            publish(std::move(*provisional));
    }
    if (m_runInFlight && hasPendingChanges())
        startFastLane();  // typed on while it ran
}

void ProjectAnalysis::onProvisionalResult(int index)
{
    AnalysisSnapshot result = m_run.future().resultAt(index);
    if (result.provisional)
        publish(std::move(result));
}

void ProjectAnalysis::onRunFinished()
{
    m_runInFlight = false;
    const int results = m_run.future().resultCount();
    if (results > 0) {
        AnalysisSnapshot whole = m_run.future().resultAt(results - 1);
        if (!whole.provisional)
            publish(std::move(whole));
    }
    if (hasPendingChanges())
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
    if (m_previewCancel)
        m_previewCancel->store(true);
}

bool ProjectAnalysis::isCertificatePreviewRunning() const
{
    return m_previewInFlight || m_previewTimer->isActive();
}

void ProjectAnalysis::startPreview()
{
    if (m_snapshot->projectDir.isEmpty())
        return;
    if (m_previewInFlight) {
        // Never wait for it: cancel, and start again with the newest snapshot when it has ended.
        m_previewCancel->store(true);
        m_previewRestart = true;
        return;
    }
    m_previewRestart = false;
    m_previewCancel = std::make_shared<std::atomic<bool>>(false);
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
    m_previewInFlight = true;
    m_previewRun.setFuture(
        QtConcurrent::run(pool, [snapshot = m_snapshot, clock, cancel = m_previewCancel, progress, pool] {
            return issueCertificatePreview(*snapshot, *clock, cancel.get(), progress, pool);
        }));
    Q_EMIT certificatePreviewStarted();
}

void ProjectAnalysis::onPreviewFinished()
{
    m_previewInFlight = false;
    const bool restart = m_previewRestart;
    m_previewRestart = false;
    if (m_previewRun.future().resultCount() > 0) {
        CertificatePreview result = m_previewRun.result();
        // Cancelled after the worker had finished: the user still asked not to show it.
        if (m_previewCancel && m_previewCancel->load() && !result.error)
            result.error =
                makeError(QStringLiteral("certs.cancelled"), QStringLiteral("Preview issuance was cancelled."));
        if (result.projectId == m_projectId && !restart) {
            if (result.error) {
                m_previewError = result.error;
            } else {
                m_previewError.reset();
                m_preview = std::make_shared<const CertificatePreview>(std::move(result));
            }
            Q_EMIT certificatePreviewFinished();
        }
    }
    if (restart)
        startPreview();
}

}  // namespace workbench::engine
