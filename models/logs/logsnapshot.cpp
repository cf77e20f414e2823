// SPDX-License-Identifier: Apache-2.0
#include "logs/logsnapshot.h"

#include <QCoreApplication>

#include <algorithm>

namespace workbench::models::logs {

LogSnapshot::LogSnapshot(std::vector<ChunkRef> chunks, std::shared_ptr<const SpillFile> spill, LineNumber endLine)
    : m_chunks(std::move(chunks))
    , m_spill(std::move(spill))
    , m_end(endLine)
{}

int LogSnapshot::chunkIndexOf(LineNumber line) const
{
    if (line < firstLine() || line >= endLine())
        return -1;
    const auto it = std::upper_bound(m_chunks.begin(), m_chunks.end(), line,
                                     [](LineNumber l, const ChunkRef &c) { return l < c.firstLine; });
    return int(it - m_chunks.begin()) - 1;
}

Result<LoadedChunk> LogSnapshot::loadChunk(int index) const
{
    const ChunkRef &ref = m_chunks[std::size_t(index)];
    if (ref.memory)
        return LoadedChunk{ref.memory, ref.firstLine, ref.count};
    if (ref.isDropped())
        return LoadedChunk{nullptr, ref.firstLine, 0};
    if (!m_spill) {
        return makeError(QStringLiteral("logs.spill"),
                         QCoreApplication::translate("LogStore", "The log spill file is gone."));
    }
    auto loaded = m_spill->read(ref.spill);
    if (!loaded)
        return loaded.error();
    return LoadedChunk{std::move(loaded).value(), ref.firstLine, ref.count};
}

}  // namespace workbench::models::logs
