// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <chrono>
#include <functional>

namespace workbench::engine::jobs {

/// How often a pipeline step is tried and how long to wait between tries. The wait before try
/// k (k >= 2) is min(maxBackoff, initialBackoff * multiplier^(k-2)). By default every failure
/// is retried except a cancellation; retryIf narrows that (e.g. only network errors).
struct RetryPolicy {
    int attempts = 1;  ///< total tries, >= 1 (1: no retry)
    std::chrono::milliseconds initialBackoff{1000};
    double multiplier = 2.0;
    std::chrono::milliseconds maxBackoff{60000};
    std::function<bool(const Error &)> retryIf;  ///< null: retry any failure but cancellation

    static RetryPolicy none() { return {}; }
    static RetryPolicy times(int attempts, std::chrono::milliseconds initialBackoff = std::chrono::milliseconds(1000),
                             double multiplier = 2.0)
    {
        RetryPolicy p;
        p.attempts = attempts;
        p.initialBackoff = initialBackoff;
        p.multiplier = multiplier;
        return p;
    }

    /// The wait before try @p attempt (2 = the first retry); 0 for attempt <= 1.
    std::chrono::milliseconds delayBefore(int attempt) const;
    /// Whether a failure of try @p attempt with @p error leads to another try.
    bool shouldRetry(int attempt, const Error &error) const;
};

}  // namespace workbench::engine::jobs
