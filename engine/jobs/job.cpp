// SPDX-License-Identifier: Apache-2.0
#include "jobs/job.h"

#include "core/logging.h"
#include "core/mailbox.h"
#include "jobs/jobcontext.h"
#include "jobs/jobreporter_p.h"

#include <QThread>

#include <atomic>

namespace workbench::engine::jobs {

namespace {
std::atomic<quint64> g_nextJobId{1};
}

Job::Job(QString title, QObject *parent)
    : QObject(parent)
    , m_id(g_nextJobId.fetch_add(1))
    , m_title(std::move(title))
    , m_reporter(std::make_shared<JobReporter>())
{
    m_reporter->mailbox = Mailbox::create(this);
}

Job::~Job()
{
    m_reporter->mailbox->close();
    m_cancel.cancel();
}

void Job::setTitle(const QString &title)
{
    m_title = title;
}

qint64 Job::elapsedMs() const
{
    if (m_state == JobState::Running)
        return m_clock.elapsed();
    return m_elapsedMs;
}

void Job::linkCancellation(const CancellationToken &parent)
{
    // A fresh source linked to the parent; a cancel() that already happened stays in effect.
    const bool wasCancelled = m_cancel.isCancelled();
    m_cancel = CancellationSource(parent);
    if (wasCancelled)
        m_cancel.cancel();
}

void Job::start()
{
    if (m_state != JobState::Queued)
        return;
    if (m_cancel.isCancelled()) {
        reportCancelled();
        return;
    }
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_clock.start();
    setState(JobState::Running);
    qCDebug(lcJobs) << "job" << m_id << "started:" << m_title;
    Q_EMIT started();
    run();
}

void Job::cancel()
{
    m_cancel.cancel();
    if (QThread::currentThread() != thread()) {
        m_reporter->mailbox->post([this] { cancel(); });
        return;
    }
    if (m_state == JobState::Queued)
        reportCancelled();
    else if (m_state == JobState::Running)
        onCancelRequested();
}

JobContext Job::context()
{
    return JobContext(m_reporter, m_cancel.token());
}

void Job::setProgress(const JobProgress &progress)
{
    if (progress == m_progress)
        return;
    m_progress = progress;
    Q_EMIT progressChanged(m_progress);
}

void Job::setProgress(double fraction, const QString &step)
{
    setProgress(JobProgress{fraction, step});
}

qint64 Job::appendLog(LogChannel channel, const QString &text)
{
    const qint64 n = m_log.append(channel, text);
    Q_EMIT outputAppended(n, 1);
    return n;
}

void Job::appendLogChunk(LogChunk chunk)
{
    const qint64 count = chunk.lineCount();
    if (count == 0)
        return;
    const qint64 first = m_log.appendChunk(std::move(chunk));
    Q_EMIT outputAppended(first, count);
}

void Job::deliverReports()
{
    std::optional<JobProgress> progress;
    LogChunk lines;
    {
        QMutexLocker lock(&m_reporter->mutex);
        progress.swap(m_reporter->progress);
        std::swap(lines, m_reporter->lines);
        m_reporter->queued = false;
    }
    if (!lines.isEmpty())
        appendLogChunk(std::move(lines));
    if (progress && m_state == JobState::Running)
        setProgress(*progress);
}

void Job::reportSucceeded()
{
    setFinalState(JobState::Succeeded, std::nullopt);
}

void Job::reportFailed(Error error)
{
    if (error.isCancelled()) {
        setFinalState(JobState::Cancelled, std::move(error));
        return;
    }
    setFinalState(JobState::Failed, std::move(error));
}

void Job::reportCancelled(const QString &message)
{
    setFinalState(JobState::Cancelled, Error::cancelled(message));
}

void Job::finish(const Status &status)
{
    if (status.ok())
        reportSucceeded();
    else
        reportFailed(status.error());
}

void Job::setFinalState(JobState state, std::optional<Error> error)
{
    if (isFinal(m_state)) {
        qCWarning(lcJobs) << "job" << m_id << m_title << "reported an outcome twice; ignored";
        return;
    }
    // Reports a worker made before it ended belong in the log before "finished".
    deliverReports();
    if (m_clock.isValid())
        m_elapsedMs = m_clock.elapsed();
    m_finishedAt = QDateTime::currentDateTimeUtc();
    m_error = std::move(error);
    if (state == JobState::Succeeded && m_progress.fraction >= 0.0 && m_progress.fraction < 1.0)
        m_progress.fraction = 1.0;
    qCDebug(lcJobs) << "job" << m_id << jobStateName(state) << m_title << (m_error ? m_error->toString() : QString());
    setState(state);
    Q_EMIT finished();
}

void Job::setState(JobState state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(m_state);
}

}  // namespace workbench::engine::jobs
