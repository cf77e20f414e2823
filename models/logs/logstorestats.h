// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QtGlobal>

namespace workbench::models::logs {

/// What a log store holds, for the status bar and the memory benchmark.
struct LogStoreStats {
    quint64 linesInMemory = 0;
    quint64 linesSpilled = 0;
    /// Lines no longer readable: beyond maxSpillBytes, or lost when the spill file failed.
    quint64 linesDropped = 0;
    /// Bytes allocated for lines in memory: chunk buffers, per-line arrays, chunk list.
    quint64 memoryBytes = 0;
    /// Text bytes (without newlines) of the lines in memory.
    quint64 textBytesInMemory = 0;
    /// Live bytes in the spill file.
    quint64 spillBytes = 0;
    /// Why lines were dropped, when the spill file failed; empty otherwise.
    QString spillError;
};

}  // namespace workbench::models::logs
