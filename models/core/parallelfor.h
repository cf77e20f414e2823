// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <functional>

namespace workbench::models {

/// Runs body(0) … body(count - 1), possibly at the same time on several threads, and returns
/// when every call has returned. Supplied by the caller (engine/ owns the threads; models/
/// starts none), e.g. engine::parallelForOn(pool). An empty ParallelFor means "one after another
/// on the calling thread".
using ParallelFor = std::function<void(qsizetype count, const std::function<void(qsizetype)> &body)>;

/// body(0) … body(count - 1) through @p parallelFor, or in order on this thread when it is empty.
inline void runParallel(const ParallelFor &parallelFor, qsizetype count, const std::function<void(qsizetype)> &body)
{
    if (parallelFor && count > 1) {
        parallelFor(count, body);
        return;
    }
    for (qsizetype i = 0; i < count; ++i)
        body(i);
}

}  // namespace workbench::models
