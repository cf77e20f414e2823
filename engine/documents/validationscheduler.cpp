// SPDX-License-Identifier: Apache-2.0
#include "documents/validationscheduler.h"

#include "project/projectfiles.h"
#include "project/projectworkspace.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

namespace workbench::engine {

ValidationScheduler::ValidationScheduler(ProjectWorkspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("validation"));
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &ValidationScheduler::start);
    m_watcher = new QFutureWatcher<ProjectSnapshot>(this);
    connect(m_watcher, &QFutureWatcher<ProjectSnapshot>::finished, this, [this] {
        if (m_watcher->future().resultCount() > 0)
            publish(m_watcher->result());
        if (m_fullRefresh || !m_dirty.isEmpty())
            m_timer->start();
    });
    connect(workspace, &ProjectWorkspace::documentChanged, this, &ValidationScheduler::scheduleFile);
    connect(workspace, &ProjectWorkspace::filesChanged, this, &ValidationScheduler::scheduleFullRefresh);
}

ValidationScheduler::~ValidationScheduler()
{
    // The job only touches its own copies, but it must not outlive the watcher it reports to.
    if (m_watcher->isRunning())
        m_watcher->waitForFinished();
    m_pool.waitForDone();
}

void ValidationScheduler::setDelay(int ms)
{
    m_timer->setInterval(qMax(0, ms));
}

void ValidationScheduler::scheduleFullRefresh()
{
    m_fullRefresh = true;
    m_timer->start();
}

void ValidationScheduler::scheduleFile(const QString &absolutePath)
{
    if (!models::isYamlFileName(QFileInfo(absolutePath).fileName()))
        return;
    m_dirty.insert(absolutePath);
    m_timer->start();
}

bool ValidationScheduler::isBusy() const
{
    return m_watcher->isRunning();
}

ValidationScheduler::Input ValidationScheduler::takeInput()
{
    Input in;
    in.rootDir = m_workspace->projectDir();
    in.options = m_options;
    in.options.checkFiles = m_options.checkFiles && !in.rootDir.isEmpty();
    in.generation = m_nextGeneration++;
    if (m_fullRefresh) {
        for (const auto &f : m_workspace->files())
            if (models::isYamlFileName(QFileInfo(f.absolutePath).fileName()))
                in.texts.append({f.absolutePath, m_workspace->text(f.absolutePath)});
    } else {
        in.base = m_snapshot.project;
        for (const QString &path : std::as_const(m_dirty)) {
            const bool inProject = !in.rootDir.isEmpty() && path.startsWith(in.rootDir + QLatin1Char('/'));
            if (!inProject && !in.base.file(path))
                continue;
            if (m_workspace->hasUnsavedText(path) || QFileInfo::exists(path))
                in.texts.append({path, m_workspace->text(path)});
            else
                in.removed.append(path);
        }
    }
    m_dirty.clear();
    m_fullRefresh = false;
    return in;
}

ProjectSnapshot ValidationScheduler::run(Input input, QThreadPool *pool)
{
    QElapsedTimer clock;
    clock.start();
    ProjectSnapshot s;
    s.project = std::move(input.base);
    s.project.setRootDir(input.rootDir);
    for (const auto &t : std::as_const(input.texts))
        s.project.setText(t.first, t.second);
    for (const QString &path : std::as_const(input.removed))
        s.project.removeFile(path);
    // The secret index and the validation only read the project: build them side by side (the
    // UI thread is idle meanwhile, so both cores work on it).
    QFuture<SecretIndex> index = QtConcurrent::run(pool, &SecretIndex::build, s.project);
    s.diagnostics = models::ProjectValidator(input.options).validate(s.project);
    s.secrets = index.result();
    s.generation = input.generation;
    s.elapsedMs = clock.elapsed();
    return s;
}

void ValidationScheduler::start()
{
    if (isBusy() || (!m_fullRefresh && m_dirty.isEmpty()))
        return;
    Input input = takeInput();
    if (m_syncBudgetMs > 0 && m_lastRunMs <= m_syncBudgetMs) {
        publish(run(std::move(input), &m_pool));
        return;
    }
    m_watcher->setFuture(QtConcurrent::run(&m_pool, &ValidationScheduler::run, std::move(input), &m_pool));
}

void ValidationScheduler::validateNow()
{
    if (isBusy()) {
        m_watcher->waitForFinished();
        if (m_watcher->future().resultCount() > 0)
            publish(m_watcher->result());
    }
    m_timer->stop();
    if (m_fullRefresh || !m_dirty.isEmpty())
        publish(run(takeInput(), &m_pool));
}

void ValidationScheduler::publish(ProjectSnapshot snapshot)
{
    if (snapshot.generation <= m_snapshot.generation)
        return;  // already published (validateNow() took it first)
    m_lastRunMs = snapshot.elapsedMs;
    m_snapshot = std::move(snapshot);
    Q_EMIT updated();
}

}  // namespace workbench::engine
