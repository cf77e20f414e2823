// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/concurrentjob.h"
#include "jobs/job.h"
#include "jobs/pipelinecontext.h"
#include "jobs/retrypolicy.h"

#include <chrono>
#include <functional>
#include <memory>
#include <type_traits>

namespace workbench::engine::jobs {

/// One step of a pipeline: a name (unique in its pipeline; used in errors, the history and
/// "start from step"), a factory that makes a fresh Job for every try, an optional timeout per
/// try and a retry policy. Built fluently:
///
///     step("push", makePushJob).timeout(5min).retry(RetryPolicy::times(3, 2s))
class PipelineStep
{
public:
    using Factory = std::function<Result<std::unique_ptr<Job>>(PipelineContext &)>;
    using SucceededHook = std::function<void(Job &, PipelineContext &)>;

    /// @p factory returns a std::unique_ptr to any Job subclass, or a Result of one.
    template<typename F>
    PipelineStep(QString name, F factory)
        : m_name(std::move(name))
        , m_factory(wrap(std::move(factory)))
    {}

    /// A step that runs @p work on a worker thread (a ConcurrentJob<Ok>).
    static PipelineStep work(QString name, std::function<Status(const JobContext &)> work);

    PipelineStep &timeout(std::chrono::milliseconds timeout)
    {
        m_timeout = timeout;
        return *this;
    }
    PipelineStep &retry(RetryPolicy policy)
    {
        m_retry = std::move(policy);
        return *this;
    }
    /// Runs after a successful try, before the next step starts (store outputs in values).
    PipelineStep &onSucceeded(SucceededHook hook)
    {
        m_onSucceeded = std::move(hook);
        return *this;
    }

    const QString &name() const { return m_name; }
    const Factory &factory() const { return m_factory; }
    std::chrono::milliseconds timeoutValue() const { return m_timeout; }  ///< 0: none
    const RetryPolicy &retryPolicy() const { return m_retry; }
    const SucceededHook &succeededHook() const { return m_onSucceeded; }

private:
    template<typename F> static Factory wrap(F f)
    {
        return [f = std::move(f)](PipelineContext &c) -> Result<std::unique_ptr<Job>> {
            auto made = f(c);
            using R = decltype(made);
            if constexpr (std::is_constructible_v<std::unique_ptr<Job>, R &&>) {
                std::unique_ptr<Job> job(std::move(made));
                if (!job)
                    return makeError(QStringLiteral("pipeline.step_factory"), QStringLiteral("The step made no job."));
                return job;
            } else {
                if (!made.ok())
                    return made.error();
                std::unique_ptr<Job> job(std::move(made).value());
                if (!job)
                    return makeError(QStringLiteral("pipeline.step_factory"), QStringLiteral("The step made no job."));
                return job;
            }
        };
    }

    QString m_name;
    Factory m_factory;
    std::chrono::milliseconds m_timeout{0};
    RetryPolicy m_retry;
    SucceededHook m_onSucceeded;
};

}  // namespace workbench::engine::jobs
