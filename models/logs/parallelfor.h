// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>

namespace workbench::models::logs {

/// Parallelism lent by the caller (models/ starts no threads): runs task(i) for every i in
/// [0, count), in any order and possibly concurrently, and returns when all have run.
using ParallelFor = std::function<void(int count, const std::function<void(int)> &task)>;

/// Runs the tasks one after the other on the calling thread.
inline void runSequentially(int count, const std::function<void(int)> &task)
{
    for (int i = 0; i < count; ++i)
        task(i);
}

}  // namespace workbench::models::logs
