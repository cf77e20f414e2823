// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QtGlobal>

namespace workbench::models::logs {

/// How much of a log store stays in memory; older lines go to a temporary spill file.
struct LogStoreLimits {
    /// Lines kept in memory before the oldest are spilled (at least 2M, as issue 14 asks).
    quint64 maxLinesInMemory = 2'500'000;
    /// Bytes of memory (chunks and index) before the oldest lines are spilled.
    quint64 maxMemoryBytes = quint64(1) << 30;
    /// Size of the spill file's live part before the oldest spilled lines are dropped; 0 means
    /// no limit (lines are then dropped only when the file cannot be written).
    quint64 maxSpillBytes = 0;
    /// Folder of the spill file; the system's temporary folder when empty.
    QString spillDirectory;
    /// Lines and bytes per chunk (the unit of spilling and of parallel filtering).
    quint32 chunkLines = 8192;
    quint32 chunkBytes = quint32(1) << 20;
};

}  // namespace workbench::models::logs
