// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"

#include <optional>

namespace workbench::engine::jobs {

/// A job with a typed result: value() after it Succeeded, error() otherwise.
template<typename T> class ResultJob : public Job
{
public:
    using Job::Job;

    /// The value once Succeeded.
    const std::optional<T> &value() const { return m_value; }
    /// The outcome as a Result: the value, the error, or (not finished yet) an error saying so.
    Result<T> result() const
    {
        if (m_value)
            return *m_value;
        if (error())
            return *error();
        return makeError(QStringLiteral("job.unfinished"), QStringLiteral("The job has not finished."));
    }
    /// Moves the value out (for results that are expensive to copy).
    std::optional<T> takeValue() { return std::exchange(m_value, std::nullopt); }

protected:
    void reportValue(T value)
    {
        if (isFinished())
            return;
        m_value = std::move(value);
        reportSucceeded();
    }
    void finishWith(Result<T> result)
    {
        if (result.ok())
            reportValue(std::move(result).value());
        else
            reportFailed(result.error());
    }

private:
    std::optional<T> m_value;
};

}  // namespace workbench::engine::jobs
