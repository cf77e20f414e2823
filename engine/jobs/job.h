// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationsource.h"
#include "core/result.h"
#include "jobs/joblog.h"
#include "jobs/jobprogress.h"
#include "jobs/jobstate.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

#include <memory>
#include <optional>

namespace workbench::engine {
class Mailbox;
}

namespace workbench::engine::jobs {

class JobContext;
struct JobReporter;
class JobRunner;

/// A piece of long work the user can see and cancel: a title, a state, progress, an output log
/// and an outcome (an Error when it failed or was cancelled; typed results in ResultJob<T>).
///
/// Threading: a Job is a QObject of its owner's thread (normally the UI thread). Its signals
/// are emitted there and its methods are called there, except cancel() and context(), which
/// any thread may call. Work running elsewhere reports through a JobContext.
///
/// Subclasses implement run() (called once by start(), on the owner thread), and end the job
/// exactly once with reportSucceeded()/reportFailed()/reportCancelled() (or finish()), from the
/// owner thread. Cancellation is cooperative: cancel() cancels token() and calls
/// onCancelRequested(); the job ends Cancelled when its work has stopped. A queued job that is
/// cancelled ends at once without running.
///
/// Destruction: ~Job cancels the token. Subclasses must stop their work in their own destructor
/// (bounded: kill a process, wait a worker for a few seconds, then abandon it) because the base
/// destructor runs after their members are gone.
class Job : public QObject
{
    Q_OBJECT
public:
    explicit Job(QString title, QObject *parent = nullptr);
    ~Job() override;

    quint64 id() const { return m_id; }
    QString title() const { return m_title; }
    void setTitle(const QString &title);
    /// Background work the workbench does by itself, short and frequent (an analysis run, an
    /// autosave round): a JobRunner starts it at once, outside its parallel limit (such work
    /// brings its own bounded threads), keeps it apart from the user's jobs (its own retention,
    /// foregroundActiveCount()), and a Jobs list shows it only on request. Set before submit().
    void setBackground(bool background) { m_background = background; }
    bool isBackground() const { return m_background; }
    JobState state() const { return m_state; }
    bool isFinished() const { return isFinal(m_state); }
    JobProgress progress() const { return m_progress; }
    const JobLog &log() const { return m_log; }
    JobLog &log() { return m_log; }
    /// Set when the job failed or was cancelled.
    const std::optional<Error> &error() const { return m_error; }
    QDateTime startedAt() const { return m_startedAt; }
    QDateTime finishedAt() const { return m_finishedAt; }
    /// Running time so far (or in total once finished); 0 before start.
    qint64 elapsedMs() const;

    /// Starts the job (Queued -> Running -> run()). Normally called by a JobRunner or a
    /// PipelineJob. Does nothing unless the job is Queued.
    void start();
    /// The one way to cancel a job. Thread-safe; idempotent.
    void cancel();
    bool isCancelRequested() const { return m_cancel.isCancelled(); }
    /// Cancelled by cancel() (and, for pipeline steps, by the pipeline's cancel).
    CancellationToken token() const { return m_cancel.token(); }
    /// A thread-safe reporting handle for work running on other threads.
    JobContext context();

    /// Links this job's token to @p parent: cancelling the parent cancels the job (pipelines
    /// link their steps). Call before start().
    void linkCancellation(const CancellationToken &parent);

Q_SIGNALS:
    void started();
    void progressChanged(const workbench::engine::jobs::JobProgress &progress);
    /// Lines [firstLine, firstLine + count) were appended to log().
    void outputAppended(qint64 firstLine, qint64 count);
    void stateChanged(workbench::engine::jobs::JobState state);
    /// Exactly once, after the final state is set.
    void finished();

protected:
    virtual void run() = 0;
    /// Called on the owner thread by cancel() while Running. Default: nothing (the work watches
    /// token()).
    virtual void onCancelRequested() {}

    void setProgress(const JobProgress &progress);
    void setProgress(double fraction, const QString &step = {});
    qint64 appendLog(LogChannel channel, const QString &text);
    void appendLogChunk(LogChunk chunk);

    void reportSucceeded();
    void reportFailed(Error error);
    void reportCancelled(const QString &message = {});
    /// Succeeded for Ok; Cancelled for a cancellation error; Failed otherwise.
    void finish(const Status &status);

private:
    friend class JobRunner;
    friend class JobContext;
    void setFinalState(JobState state, std::optional<Error> error);
    void setState(JobState state);
    void deliverReports();

    const quint64 m_id;
    QString m_title;
    bool m_background = false;
    JobState m_state = JobState::Queued;
    JobProgress m_progress;
    JobLog m_log;
    std::optional<Error> m_error;
    CancellationSource m_cancel;
    QDateTime m_startedAt;
    QDateTime m_finishedAt;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = 0;
    std::shared_ptr<JobReporter> m_reporter;  // shared with JobContexts on other threads
};

}  // namespace workbench::engine::jobs
