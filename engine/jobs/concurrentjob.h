// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/logging.h"
#include "core/mailbox.h"
#include "jobs/jobcontext.h"
#include "jobs/resultjob.h"
#include "jobs/workerlatch.h"

#include <QThreadPool>

#include <exception>
#include <functional>
#include <memory>

namespace workbench::engine::jobs {

/// Runs a function on a worker thread as a job: the function gets a JobContext (cancellation
/// token, progress, log) and returns a Result<T>. This is the shape of the analysis chain, the
/// TLS chain fetch and autosave: they replace their QFutureWatcher + atomic flag pairs with it.
///
/// The function runs on a QThreadPool (the global one unless setThreadPool()) and must own
/// copies of everything it touches (capture by value). Its outcome decides the job's state: a
/// value -> Succeeded (even if cancel() came too late to stop it: the work was done), an
/// Error::cancelled() -> Cancelled, another error -> Failed. An exception thrown by the function
/// becomes a failure ("job.exception"), never a crash.
///
/// With setAbandonOnCancel(true) a cancelled job ends Cancelled at once and drops the worker's
/// late result (for work that cannot be interrupted, such as a name lookup). The destructor
/// cancels and waits for the worker at most waitOnDestroyMs() (default 5 s), then abandons it.
template<typename T> class ConcurrentJob : public ResultJob<T>
{
public:
    using Function = std::function<Result<T>(const JobContext &)>;

    ConcurrentJob(QString title, Function function, QObject *parent = nullptr)
        : ResultJob<T>(std::move(title), parent)
        , m_function(std::move(function))
    {}

    ~ConcurrentJob() override
    {
        if (this->state() != JobState::Running)
            return;
        // token() is cancelled by ~Job too late for a worker we may wait for here.
        this->cancel();
        if (m_latch && !m_latch->wait(m_waitOnDestroyMs))
            qCWarning(lcJobs) << "job" << this->title() << "still running after" << m_waitOnDestroyMs
                              << "ms; abandoned (its result will be dropped)";
    }

    void setThreadPool(QThreadPool *pool) { m_pool = pool; }
    void setAbandonOnCancel(bool abandon) { m_abandonOnCancel = abandon; }
    void setWaitOnDestroyMs(int ms) { m_waitOnDestroyMs = ms; }
    int waitOnDestroyMs() const { return m_waitOnDestroyMs; }

protected:
    void run() override
    {
        m_latch = std::make_shared<WorkerLatch>();
        auto box = Mailbox::create(this);
        auto latch = m_latch;
        QThreadPool *pool = m_pool ? m_pool : QThreadPool::globalInstance();
        // Moved, not copied: what the function captured (inputs, snapshots) is released when the
        // worker is done, not kept as long as the runner retains the finished job.
        pool->start([function = std::move(m_function), context = this->context(), box, latch, self = this] {
            auto result = std::make_shared<Result<T>>(invoke(function, context));
            box->post([self, result] { self->workerReturned(std::move(*result)); });
            latch->release();
        });
    }

    void onCancelRequested() override
    {
        if (m_abandonOnCancel)
            this->reportCancelled();
    }

private:
    static Result<T> invoke(const Function &function, const JobContext &context)
    {
        try {
            if (context.isCancelled())
                return Error::cancelled();
            return function(context);
        } catch (const std::exception &e) {
            return makeError(QStringLiteral("job.exception"), QStringLiteral("The job failed unexpectedly."),
                             QString::fromLocal8Bit(e.what()));
        } catch (...) {
            return makeError(QStringLiteral("job.exception"), QStringLiteral("The job failed unexpectedly."));
        }
    }

    void workerReturned(Result<T> result)
    {
        if (this->isFinished())
            return;  // abandoned on cancel
        this->finishWith(std::move(result));
    }

    Function m_function;
    QThreadPool *m_pool = nullptr;
    bool m_abandonOnCancel = false;
    int m_waitOnDestroyMs = 5000;
    std::shared_ptr<WorkerLatch> m_latch;
};

}  // namespace workbench::engine::jobs
