// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobcontext.h"

#include "jobs/job.h"
#include "jobs/jobreporter_p.h"

#include <QDateTime>

namespace workbench::engine::jobs {

void JobContext::schedule(const std::shared_ptr<JobReporter> &r)
{
    // Called with r->mutex held: one delivery in flight at a time.
    if (r->queued)
        return;
    auto *job = static_cast<Job *>(r->mailbox->receiver());
    if (!job)
        return;
    r->queued = true;
    // Runs on the job's thread, and only while the job lives (Mailbox).
    r->mailbox->post([job] { job->deliverReports(); });
}

void JobContext::setProgress(double fraction, const QString &step) const
{
    setProgress(JobProgress{fraction, step});
}

void JobContext::setProgress(const JobProgress &progress) const
{
    if (!m_reporter)
        return;
    QMutexLocker lock(&m_reporter->mutex);
    m_reporter->progress = progress;
    schedule(m_reporter);
}

void JobContext::log(const QString &line, LogChannel channel) const
{
    if (!m_reporter)
        return;
    const QByteArray utf8 = line.toUtf8();
    QMutexLocker lock(&m_reporter->mutex);
    m_reporter->lines.append(utf8, QDateTime::currentMSecsSinceEpoch(), channel);
    schedule(m_reporter);
}

}  // namespace workbench::engine::jobs
