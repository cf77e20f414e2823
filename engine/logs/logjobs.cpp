// SPDX-License-Identifier: Apache-2.0
#include "logs/logjobs.h"

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

namespace workbench::engine::logs {

namespace {

/// An atomic flag that follows the job's cancellation token (what the filter and search check).
struct CancelFlag {
    std::atomic<bool> flag{false};
    CancellationCallback registration;
    explicit CancelFlag(const jobs::JobContext &context)
        : registration(context.token().onCancel([this] { flag.store(true, std::memory_order_relaxed); }))
    {
        if (context.isCancelled())
            flag = true;
    }
};

/// A ParallelFor that also reports progress (tasks done / count) and stops handing out tasks
/// after a cancel.
ParallelFor progressParallelFor(const jobs::JobContext &context, const std::atomic<bool> &cancel)
{
    const ParallelFor inner = threadsParallelFor();
    return [inner, context, &cancel](int count, const std::function<void(int)> &task) {
        std::atomic<int> done{0};
        inner(count, [&](int i) {
            if (cancel.load(std::memory_order_relaxed))
                return;
            task(i);
            const int d = done.fetch_add(1) + 1;
            if (count >= 8 && d % std::max(1, count / 20) == 0)
                context.setProgress(double(d) / count);
        });
    };
}

}  // namespace

ParallelFor threadsParallelFor(int threads)
{
    const int n = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    return [n](int count, const std::function<void(int)> &task) {
        if (count <= 0)
            return;
        std::atomic<int> next{0};
        auto work = [&] {
            for (int i = next.fetch_add(1); i < count; i = next.fetch_add(1))
                task(i);
        };
        const int helpers = std::min(n, count) - 1;
        std::vector<std::thread> pool;
        pool.reserve(std::size_t(std::max(0, helpers)));
        for (int t = 0; t < helpers; ++t)
            pool.emplace_back(work);
        work();
        for (std::thread &t : pool)
            t.join();
    };
}

LogFilterJob::LogFilterJob(LogFilter filter, LogSnapshot snapshot, LineNumber from, LineNumber to, QObject *parent)
    : jobs::ConcurrentJob<FilterResult>(
          QCoreApplication::translate("LogJobs", "Filter log lines"),
          [filter = std::move(filter), snapshot = std::move(snapshot), from,
           to](const jobs::JobContext &context) -> Result<FilterResult> {
              CancelFlag cancel(context);
              FilterResult result =
                  filter.evaluate(snapshot, from, to, progressParallelFor(context, cancel.flag), &cancel.flag);
              if (cancel.flag.load())
                  return Error::cancelled();
              context.setProgress(1.0);
              return result;
          },
          parent)
{}

LogFilterJob::LogFilterJob(LogFilter filter, LogSnapshot snapshot, QObject *parent)
    : LogFilterJob(std::move(filter), snapshot, snapshot.firstLine(), snapshot.endLine(), parent)
{}

LogSearchJob::LogSearchJob(LogSnapshot snapshot, LineMatcher matcher, LineNumber from, SearchDirection direction,
                           std::shared_ptr<const FilterResult> within, QObject *parent)
    : jobs::ConcurrentJob<std::optional<LineNumber>>(
          QCoreApplication::translate("LogJobs", "Search the log"),
          [snapshot = std::move(snapshot), matcher = std::move(matcher), from, direction,
           within = std::move(within)](const jobs::JobContext &context) -> Result<std::optional<LineNumber>> {
              CancelFlag cancel(context);
              const std::optional<LineNumber> hit =
                  LogSearch::find(snapshot, matcher, from, direction, within.get(), &cancel.flag);
              if (cancel.flag.load())
                  return Error::cancelled();
              return hit;
          },
          parent)
{}

}  // namespace workbench::engine::logs
