// SPDX-License-Identifier: Apache-2.0
#include "analysis/projectanalysis.h"

#include "certs/clock.h"
#include "project/projectfiles.h"
#include "project/projectworkspace.h"
#include "session/settingsstore.h"
#include "validation/diagnosticsmodel.h"

#include <QFileInfo>
#include <QPointer>
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
    return hasPendingChanges() || m_runInFlight || m_timer->isActive();
}

AnalysisInput ProjectAnalysis::takeInput(bool readAllOnThisThread)
{
    AnalysisInput in;
    in.projectId = m_projectId;
    in.generation = ++m_lastGeneration;
    in.projectDir = m_workspace->projectDir();
    in.checkFiles = !in.projectDir.isEmpty();
    in.settings = m_settings ? m_settings->resolved() : models::policy::readProjectSettings(in.projectDir);
    if (m_snapshot->projectId == m_projectId)
        in.base = m_snapshot->project;
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
    if (m_runInFlight || !hasPendingChanges())
        return;  // a running run re-arms the timer when it ends
    QThreadPool *pool = &m_pool;
    m_runInFlight = true;
    m_run.setFuture(QtConcurrent::run(
        pool, [input = takeInput(false), pool]() mutable { return analyzeProject(std::move(input), pool); }));
}

void ProjectAnalysis::onRunFinished()
{
    m_runInFlight = false;
    if (m_run.future().resultCount() > 0)
        publish(m_run.result());
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
    ++m_counters.runs;
    m_counters.parsedFiles += quint64(snapshot.parsedFiles);
    m_counters.validations += quint64(snapshot.validations);
    if (snapshot.projectId != m_projectId || snapshot.generation <= m_snapshot->generation)
        return;  // another project's, or older than what is shown
    const bool listChanged = snapshot.diagnostics != m_snapshot->diagnostics;
    m_snapshot = std::make_shared<const AnalysisSnapshot>(std::move(snapshot));
    if (listChanged)
        m_problems->setDiagnostics(m_snapshot->diagnostics);
    Q_EMIT snapshotChanged();
    if (m_previewWanted)
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
