// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linechunk.h"
#include "logs/spillfile.h"

#include <memory>

namespace workbench::models::logs {

/// One chunk as a store or snapshot lists it: in memory, spilled (memory is null, spill set),
/// or dropped (neither: its lines were lost when the spill file failed), with the number of its
/// lines the holder may read.
struct ChunkRef {
    LineNumber firstLine;
    quint32 count = 0;
    std::shared_ptr<const LineChunk> memory;
    SpillLocation spill;

    LineNumber endLine() const { return firstLine + LineCount(count); }
    bool inMemory() const { return memory != nullptr; }
    bool isSpilled() const { return !memory && spill.size > 0; }
    bool isDropped() const { return !memory && spill.size == 0; }
};

/// A chunk loaded for reading, with the count of lines the reader may read. chunk is null (and
/// count 0) for a dropped chunk.
struct LoadedChunk {
    std::shared_ptr<const LineChunk> chunk;
    LineNumber firstLine;
    quint32 count = 0;

    LineNumber endLine() const { return firstLine + LineCount(count); }
};

}  // namespace workbench::models::logs
