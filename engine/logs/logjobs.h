// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/concurrentjob.h"
#include "logs/filterresult.h"
#include "logs/linematcher.h"
#include "logs/logfilter.h"
#include "logs/logsearch.h"
#include "logs/logsnapshot.h"
#include "logs/parallelfor.h"

#include <QObject>

#include <memory>
#include <optional>

namespace workbench::engine::logs {

/// A ParallelFor on @p threads plain threads (0: QThread::idealThreadCount()); tasks are handed
/// out one at a time from a shared counter, the calling thread works too. Safe to call from a
/// thread-pool worker (it does not wait on the pool).
ParallelFor threadsParallelFor(int threads = 0);

/// The filter as an engine job: evaluates the lines [from, to) of @p snapshot on a worker
/// thread, the chunks in parallel, cancellable between lines (cancel() ends it Cancelled). Its
/// result is the FilterResult of that range; a view keeps its result current by running the job
/// again for [previous.evaluatedTo(), newSnapshot.endLine()) and appending (FilterResult::append),
/// which equals a full recomputation. Progress is reported per chunk.
class LogFilterJob : public jobs::ConcurrentJob<FilterResult>
{
public:
    LogFilterJob(LogFilter filter, LogSnapshot snapshot, LineNumber from, LineNumber to, QObject *parent = nullptr);
    /// The whole snapshot.
    LogFilterJob(LogFilter filter, LogSnapshot snapshot, QObject *parent = nullptr);
};

/// Search next / previous as an engine job: LogSearch::find() on a worker thread (nullopt when
/// there is no match), cancellable.
class LogSearchJob : public jobs::ConcurrentJob<std::optional<LineNumber>>
{
public:
    LogSearchJob(LogSnapshot snapshot, LineMatcher matcher, LineNumber from, SearchDirection direction,
                 std::shared_ptr<const FilterResult> within = {}, QObject *parent = nullptr);
};

}  // namespace workbench::engine::logs
