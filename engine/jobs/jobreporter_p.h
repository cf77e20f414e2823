// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/mailbox.h"
#include "jobs/jobprogress.h"
#include "jobs/logchunk.h"

#include <QMutex>

#include <memory>
#include <optional>

namespace workbench::engine::jobs {

/// Shared between a Job and the JobContexts of its workers. Holds reports until the job's
/// thread picks them up; at most one delivery is queued at a time.
struct JobReporter {
    std::shared_ptr<Mailbox> mailbox;
    QMutex mutex;
    std::optional<JobProgress> progress;  // guarded by mutex
    LogChunk lines;                       // guarded by mutex
    bool queued = false;                  // guarded by mutex: a delivery is posted
};

}  // namespace workbench::engine::jobs
