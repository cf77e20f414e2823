// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/chunkref.h"

#include <memory>
#include <vector>

namespace workbench::models::logs {

/// A consistent, immutable view of a LogStore's lines at one moment: the lines that existed
/// then, no matter what is appended, spilled or dropped afterwards (chunks a snapshot refers to
/// stay alive with it). Cheap to copy. Made on the store's thread, then usable on any thread;
/// all const members are thread-safe.
class LogSnapshot
{
public:
    LogSnapshot() = default;
    LogSnapshot(std::vector<ChunkRef> chunks, std::shared_ptr<const SpillFile> spill, LineNumber endLine);

    /// Oldest readable line and one past the newest.
    LineNumber firstLine() const { return m_chunks.empty() ? m_end : m_chunks.front().firstLine; }
    LineNumber endLine() const { return m_end; }
    LineCount lineCount() const { return endLine() - firstLine(); }
    bool isEmpty() const { return lineCount().get() == 0; }

    int chunkCount() const { return int(m_chunks.size()); }
    const ChunkRef &chunkRef(int index) const { return m_chunks[std::size_t(index)]; }
    /// Index of the chunk holding @p line; -1 when the line is not in the snapshot.
    int chunkIndexOf(LineNumber line) const;
    /// The chunk, read back from the spill file when it was spilled.
    Result<LoadedChunk> loadChunk(int index) const;

private:
    std::vector<ChunkRef> m_chunks;
    std::shared_ptr<const SpillFile> m_spill;
    LineNumber m_end;
};

}  // namespace workbench::models::logs
