// SPDX-License-Identifier: Apache-2.0
#include "jobs/retrypolicy.h"

#include <algorithm>
#include <cmath>

namespace workbench::engine::jobs {

std::chrono::milliseconds RetryPolicy::delayBefore(int attempt) const
{
    if (attempt <= 1)
        return std::chrono::milliseconds(0);
    const double factor = std::pow(std::max(1.0, multiplier), attempt - 2);
    const double ms = std::min(double(maxBackoff.count()), double(initialBackoff.count()) * factor);
    return std::chrono::milliseconds(qint64(std::max(0.0, ms)));
}

bool RetryPolicy::shouldRetry(int attempt, const Error &error) const
{
    if (attempt >= attempts || error.isCancelled())
        return false;
    return !retryIf || retryIf(error);
}

}  // namespace workbench::engine::jobs
