// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/parallelfor.h"

class QThreadPool;

namespace workbench::engine {

/// A models::ParallelFor on @p pool: the calling thread takes part and extra workers are started
/// only where the pool has a free thread, so a nested call never waits on a queue. Empty (one
/// item after another on the calling thread) when @p pool is null. What the parse, the analysis
/// stages, the certificate preview and the output writer run on.
models::ParallelFor parallelForOn(QThreadPool *pool);

}  // namespace workbench::engine
