// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationtoken.h"
#include "jobs/jobprogress.h"
#include "jobs/logchunk.h"

#include <QString>

#include <memory>

namespace workbench::engine::jobs {

struct JobReporter;

/// What work running on another thread gets from its job: the cancellation token and a way
/// to report progress and log lines. Cheap to copy; every method is thread-safe. Reports are
/// coalesced (only the latest progress survives between two deliveries) and delivered on the
/// job's thread; once the job is gone they are dropped.
class JobContext
{
public:
    JobContext() = default;  ///< reports go nowhere, never cancelled

    CancellationToken token() const { return m_token; }
    bool isCancelled() const { return m_token.isCancelled(); }

    void setProgress(double fraction, const QString &step = {}) const;
    void setProgress(const JobProgress &progress) const;
    void log(const QString &line, LogChannel channel = LogChannel::Info) const;

private:
    friend class Job;
    JobContext(std::shared_ptr<JobReporter> reporter, CancellationToken token)
        : m_reporter(std::move(reporter))
        , m_token(std::move(token))
    {}
    static void schedule(const std::shared_ptr<JobReporter> &reporter);
    std::shared_ptr<JobReporter> m_reporter;
    CancellationToken m_token;
};

}  // namespace workbench::engine::jobs
