// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobrunner.h"

#include "core/errorcodes.h"
#include "core/logging.h"

#include <QThread>

#include <algorithm>

namespace workbench::engine::jobs {

JobRunner::JobRunner(QObject *parent)
    : QObject(parent)
    , m_maxParallel(std::max(1, QThread::idealThreadCount()))
{}

JobRunner::~JobRunner()
{
    cancelAll();
    // Delete while the runner still is one: a job's finished() may still reach onFinished().
    const QList<Entry> entries = std::exchange(m_entries, {});
    for (const Entry &e : entries) {
        disconnect(e.job, nullptr, this, nullptr);
        delete e.job;
    }
}

void JobRunner::setMaxParallel(int maxParallel)
{
    m_maxParallel = std::max(1, maxParallel);
    schedule();
}

void JobRunner::setRetainFinished(int count)
{
    m_retainFinished = std::max(0, count);
    pruneFinished();
}

void JobRunner::setRetainBackground(int count)
{
    m_retainBackground = std::max(0, count);
    pruneFinished();
}

Job *JobRunner::submit(std::unique_ptr<Job> owned, const QList<Job *> &dependsOn)
{
    Job *job = owned.release();
    job->setParent(this);
    Entry e;
    e.job = job;
    for (Job *d : dependsOn)
        e.dependsOn.append(QPointer<Job>(d));
    m_entries.append(e);
    connect(job, &Job::finished, this, [this, job] { onFinished(job); });
    Q_EMIT jobAdded(job);
    if (job->isFinished())  // cancelled before it was submitted
        onFinished(job);
    else
        schedule();
    return job;
}

QList<Job *> JobRunner::jobs() const
{
    QList<Job *> out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        out.append(e.job);
    return out;
}

int JobRunner::activeCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(), [](const Entry &e) { return !e.job->isFinished(); }));
}

int JobRunner::foregroundActiveCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(),
                             [](const Entry &e) { return !e.job->isFinished() && !e.job->isBackground(); }));
}

QList<Job *> JobRunner::foregroundActiveJobs() const
{
    QList<Job *> out;
    for (const Entry &e : m_entries)
        if (!e.job->isFinished() && !e.job->isBackground())
            out.append(e.job);
    return out;
}

void JobRunner::cancelForeground()
{
    const bool wasScheduling = std::exchange(m_scheduling, true);
    const QList<Job *> active = foregroundActiveJobs();
    for (Job *job : active)
        job->cancel();
    m_scheduling = wasScheduling;
    if (!m_scheduling)
        schedule();
}

void JobRunner::cancelAll()
{
    // No scheduling meanwhile: a slot freed by one cancellation must not start a queued job
    // that is about to be cancelled too.
    const bool wasScheduling = std::exchange(m_scheduling, true);
    const QList<Entry> entries = m_entries;
    for (const Entry &e : entries)
        if (!e.job->isFinished())
            e.job->cancel();
    m_scheduling = wasScheduling;
    if (!m_scheduling)
        schedule();
}

void JobRunner::schedule()
{
    // Starting a job can finish it (or others) synchronously, which calls back into here.
    if (m_scheduling)
        return;
    m_scheduling = true;
    bool again = true;
    while (again) {
        again = false;
        for (int i = 0; i < m_entries.size(); ++i) {
            Entry e = m_entries.at(i);
            if (e.job->state() != JobState::Queued)
                continue;
            bool ready = true;
            std::optional<Error> blocked;
            for (const QPointer<Job> &d : e.dependsOn) {
                const bool known = d && std::any_of(m_entries.begin(), m_entries.end(),
                                                    [&](const Entry &o) { return o.job == d.data(); });
                if (!known) {
                    blocked = makeError(QString(errc::dependencyFailed),
                                        QStringLiteral("Not started: a job it depends on is not known to the runner."));
                    break;
                }
                if (d->state() == JobState::Succeeded)
                    continue;
                if (d->state() == JobState::Cancelled) {
                    blocked = Error::cancelled(QStringLiteral("Not started: \"%1\" was cancelled.").arg(d->title()));
                    break;
                }
                if (d->state() == JobState::Failed) {
                    Error err = makeError(QString(errc::dependencyFailed),
                                          QStringLiteral("Not started: \"%1\" failed.").arg(d->title()));
                    if (d->error())
                        err = err.causedBy(*d->error());
                    blocked = err;
                    break;
                }
                ready = false;
            }
            if (blocked) {
                e.job->reportFailed(*blocked);
                again = true;
                continue;
            }
            if (!ready)
                continue;
            if (e.job->isBackground()) {
                // Outside the limit: background work brings its own bounded threads.
                Q_EMIT jobStarted(e.job);
                e.job->start();
                again = true;
                continue;
            }
            if (m_running >= m_maxParallel)
                continue;
            ++m_running;
            m_started.insert(e.job);
            Q_EMIT jobStarted(e.job);
            e.job->start();
            again = true;
        }
    }
    m_scheduling = false;
    settle();
}

void JobRunner::onFinished(Job *job)
{
    if (m_started.remove(job))
        --m_running;
    Q_EMIT jobFinished(job);
    schedule();  // no-op while a schedule() further up the stack is running; it settles then
}

void JobRunner::settle()
{
    pruneFinished();
    const int foreground = foregroundActiveCount();
    if (foreground != m_lastForegroundActive) {
        m_lastForegroundActive = foreground;
        Q_EMIT foregroundActiveCountChanged(foreground);
    }
    const int active = activeCount();
    if (active == m_lastActive)
        return;
    m_lastActive = active;
    Q_EMIT activeCountChanged(active);
    if (active == 0)
        Q_EMIT idle();
}

void JobRunner::pruneFinished()
{
    // Foreground and background jobs are retained apart: frequent background runs never push
    // the user's finished jobs out of a Jobs list.
    int finished[2] = {0, 0};  // [foreground, background]
    for (const Entry &e : std::as_const(m_entries))
        if (e.job->isFinished())
            ++finished[e.job->isBackground() ? 1 : 0];
    const int retain[2] = {m_retainFinished, m_retainBackground};
    for (int i = 0; i < m_entries.size() && (finished[0] > retain[0] || finished[1] > retain[1]);) {
        Job *job = m_entries.at(i).job;
        const int kind = job->isBackground() ? 1 : 0;
        if (finished[kind] <= retain[kind]) {
            ++i;
            continue;
        }
        // A job still named as a dependency of a queued one stays until that one is decided.
        const bool needed = std::any_of(m_entries.begin(), m_entries.end(), [job](const Entry &o) {
            return !o.job->isFinished() && o.dependsOn.contains(QPointer<Job>(job));
        });
        if (!job->isFinished() || needed) {
            ++i;
            continue;
        }
        m_entries.removeAt(i);
        --finished[kind];
        Q_EMIT jobRemoved(job);
        disconnect(job, nullptr, this, nullptr);
        job->deleteLater();
    }
}

}  // namespace workbench::engine::jobs
