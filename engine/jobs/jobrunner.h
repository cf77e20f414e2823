// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

namespace workbench::engine::jobs {

/// Runs jobs: independent ones in parallel up to maxParallel(), dependent ones after the jobs
/// they depend on have succeeded, everything else in submission order. Owns the jobs it is
/// given; keeps the last retainFinished() finished ones (for a Jobs list) and deletes older
/// ones (hold a QPointer to a job you keep beyond its finished() signal).
///
/// The limit counts top-level jobs: a PipelineJob occupies one slot while its steps run inside
/// it. Background jobs (Job::isBackground(): analysis runs, autosave rounds) take no slot and
/// start at once — typing must never wait behind a deployment —, are retained apart
/// (retainBackground()) so they never push the user's finished jobs out, and are left out of
/// foregroundActiveCount(). Lives on (and must be used from) one thread, normally the UI thread.
class JobRunner : public QObject
{
    Q_OBJECT
public:
    explicit JobRunner(QObject *parent = nullptr);
    /// Cancels every job; each job's destructor then stops its work (bounded).
    ~JobRunner() override;

    void setMaxParallel(int maxParallel);  ///< >= 1; default: QThread::idealThreadCount()
    int maxParallel() const { return m_maxParallel; }
    void setRetainFinished(int count);  ///< default 50
    int retainFinished() const { return m_retainFinished; }
    void setRetainBackground(int count);  ///< finished background jobs kept; default 20
    int retainBackground() const { return m_retainBackground; }

    /// Takes ownership of @p job and queues it. It starts once a slot is free and every job in
    /// @p dependsOn has succeeded; if one of them fails or is cancelled (or is unknown to this
    /// runner), the job ends without running: Cancelled when the dependency was cancelled,
    /// Failed ("job.dependency_failed", naming it) otherwise. Returns the job.
    Job *submit(std::unique_ptr<Job> job, const QList<Job *> &dependsOn = {});
    template<typename J> J *submit(std::unique_ptr<J> job, const QList<Job *> &dependsOn = {})
    {
        J *raw = job.get();
        submit(std::unique_ptr<Job>(std::move(job)), dependsOn);
        return raw;
    }

    /// Every job the runner holds, in submission order: queued, running, retained finished.
    QList<Job *> jobs() const;
    int runningCount() const { return m_running; }
    /// Queued or running.
    int activeCount() const;
    bool isIdle() const { return activeCount() == 0; }
    /// Queued or running jobs that are not background work: what the status bar counts and
    /// what closing the window asks about.
    int foregroundActiveCount() const;
    /// The queued or running foreground jobs, in submission order.
    QList<Job *> foregroundActiveJobs() const;

    /// Cancels every queued and running job.
    void cancelAll();
    /// Cancels every queued and running foreground job (background work goes on).
    void cancelForeground();

Q_SIGNALS:
    void jobAdded(workbench::engine::jobs::Job *job);
    void jobStarted(workbench::engine::jobs::Job *job);
    void jobFinished(workbench::engine::jobs::Job *job);
    /// A retained finished job is about to be deleted.
    void jobRemoved(workbench::engine::jobs::Job *job);
    void activeCountChanged(int active);
    void foregroundActiveCountChanged(int active);
    /// The last active job finished.
    void idle();

private:
    struct Entry {
        Job *job = nullptr;
        QList<QPointer<Job>> dependsOn;
    };
    void schedule();
    void onFinished(Job *job);
    /// After scheduling: drops old finished jobs and announces the active count.
    void settle();
    void pruneFinished();

    QList<Entry> m_entries;  ///< submission order
    int m_maxParallel;
    int m_retainFinished = 50;
    int m_retainBackground = 20;
    QSet<Job *> m_started;  ///< started by this runner and not finished: they hold the slots
    int m_running = 0;
    int m_lastActive = 0;
    int m_lastForegroundActive = 0;
    bool m_scheduling = false;
};

}  // namespace workbench::engine::jobs
