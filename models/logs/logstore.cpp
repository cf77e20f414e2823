// SPDX-License-Identifier: Apache-2.0
#include "logs/logstore.h"

#include "logs/levelclassifier.h"
#include "logs/sconeeventclassifier.h"

#include <algorithm>

namespace workbench::models::logs {

LogStore::LogStore(LogStoreLimits limits)
    : m_limits(std::move(limits))
{
    m_limits.chunkLines = std::clamp<quint32>(m_limits.chunkLines, 16, 1u << 20);
    m_limits.chunkBytes = std::clamp<quint32>(m_limits.chunkBytes, 4096, 1u << 30);
    m_limits.maxLinesInMemory = std::max<quint64>(m_limits.maxLinesInMemory, m_limits.chunkLines);
}

LogStore::~LogStore() = default;

LineNumber LogStore::append(SourceId source, LogTimestamp timestamp, QByteArrayView text)
{
    if (text.endsWith('\r'))
        text.chop(1);
    LineAttributes attributes;
    attributes.level = LevelClassifier::classify(text);
    attributes.scone = SconeEventClassifier::kind(text);
    return append(source, timestamp, text, attributes);
}

LineNumber LogStore::append(SourceId source, LogTimestamp timestamp, QByteArrayView text, LineAttributes attributes)
{
    // Offsets are 32-bit per chunk: keep a single line well inside that.
    constexpr qsizetype kMaxLine = qsizetype(1) << 30;
    if (text.size() > kMaxLine)
        text.truncate(kMaxLine);
    if (!m_open || !m_open->hasRoomFor(text.size())) {
        if (m_open && m_open->lineCount() > 0)
            sealOpenChunk();
        openChunk(text.size());
    }
    m_open->append(text, source, timestamp, attributes);
    const LineNumber number = m_end;
    ++m_end;
    return number;
}

LineNumber LogStore::appendMarker(SourceId source, LogTimestamp timestamp, LineKind kind, QByteArrayView text)
{
    LineAttributes attributes;
    attributes.kind = kind;
    return append(source, timestamp, text, attributes);
}

LineNumber LogStore::firstLine() const
{
    if (!m_sealed.empty())
        return m_sealed.front().firstLine;
    if (m_open)
        return m_open->firstLine();
    return m_end;
}

void LogStore::openChunk(qsizetype lineBytes)
{
    const quint32 bytes = std::max<quint32>(m_limits.chunkBytes, quint32(lineBytes + 1));
    m_open = std::make_shared<LineChunk>(m_end, m_limits.chunkLines, bytes);
}

void LogStore::sealOpenChunk()
{
    // Readers of earlier snapshots may hold the open chunk: shrinking would move their bytes,
    // so they keep the full-size chunk and the store continues with a compact copy.
    std::shared_ptr<const LineChunk> sealed;
    if (m_open.use_count() == 1) {
        m_open->shrinkToFit();
        sealed = std::move(m_open);
    } else {
        sealed = m_open->compactCopy();
        m_open.reset();
    }
    ChunkRef ref;
    ref.firstLine = sealed->firstLine();
    ref.count = sealed->lineCount();
    ref.memory = sealed;
    m_sealedLinesInMemory += ref.count;
    m_sealedMemoryBytes += sealed->memoryBytes();
    m_sealedTextBytes += sealed->usedBytes() - ref.count;
    m_sealed.push_back(std::move(ref));
    enforceLimits();
}

quint64 LogStore::openMemoryBytes() const
{
    return m_open ? m_open->memoryBytes() : 0;
}

void LogStore::enforceLimits()
{
    const quint64 openLines = m_open ? m_open->lineCount() : 0;
    while (m_firstInMemory < m_sealed.size() && (m_sealedLinesInMemory + openLines > m_limits.maxLinesInMemory ||
                                                 m_sealedMemoryBytes + openMemoryBytes() > m_limits.maxMemoryBytes)) {
        spillOldestInMemory();
    }
}

void LogStore::spillOldestInMemory()
{
    ChunkRef &ref = m_sealed[m_firstInMemory];
    const LineChunk &chunk = *ref.memory;
    m_sealedLinesInMemory -= ref.count;
    m_sealedMemoryBytes -= chunk.memoryBytes();
    m_sealedTextBytes -= chunk.usedBytes() - ref.count;

    if (!m_spill) {
        auto created = SpillFile::create(m_limits.spillDirectory);
        if (created)
            m_spill = std::move(created).value();
        else
            m_spillError = created.error().toString();
    }
    bool spilled = false;
    if (m_spill) {
        auto location = m_spill->write(chunk);
        if (location) {
            ref.spill = location.value();
            m_spillLiveBytes += ref.spill.size;
            m_linesSpilled += ref.count;
            spilled = true;
        } else {
            m_spillError = location.error().toString();
        }
    }
    if (!spilled)
        m_linesDropped += ref.count;  // kept as a dropped chunk so line numbers stay contiguous
    ref.memory.reset();
    ++m_firstInMemory;

    while (m_limits.maxSpillBytes > 0 && m_spillLiveBytes > m_limits.maxSpillBytes && m_firstInMemory > 0)
        dropOldestSpilled();
    // Dropped chunks at the front carry nothing: forget them.
    while (m_firstInMemory > 0 && m_sealed.front().isDropped()) {
        m_sealed.pop_front();
        --m_firstInMemory;
    }
}

void LogStore::dropOldestSpilled()
{
    ChunkRef &front = m_sealed.front();
    if (front.isSpilled()) {
        m_spillLiveBytes -= front.spill.size;
        m_linesSpilled -= front.count;
        m_linesDropped += front.count;
        m_spill->release(front.spill);
        for (LoadedChunk &cached : m_readCache)
            if (cached.chunk && cached.firstLine == front.firstLine)
                cached = {};
    }
    m_sealed.pop_front();
    --m_firstInMemory;
}

std::optional<LogLine> LogStore::line(LineNumber number) const
{
    auto make = [number](const std::shared_ptr<const LineChunk> &chunk) {
        const auto i = quint32((number - chunk->firstLine()).get());
        return LogLine{number, chunk->source(i), chunk->timestamp(i), chunk->attributes(i), chunk->text(i), chunk};
    };
    if (number >= m_end)
        return std::nullopt;
    if (m_open && number >= m_open->firstLine())
        return make(m_open);
    if (m_sealed.empty() || number < m_sealed.front().firstLine)
        return std::nullopt;
    const auto it = std::upper_bound(m_sealed.begin(), m_sealed.end(), number,
                                     [](LineNumber l, const ChunkRef &c) { return l < c.firstLine; });
    const ChunkRef &ref = *(it - 1);
    if (ref.memory)
        return make(ref.memory);
    if (!ref.isSpilled() || !m_spill)
        return std::nullopt;
    for (std::size_t i = 0; i < m_readCache.size(); ++i) {
        if (m_readCache[i].chunk && m_readCache[i].firstLine == ref.firstLine) {
            std::rotate(m_readCache.begin(), m_readCache.begin() + std::ptrdiff_t(i),
                        m_readCache.begin() + std::ptrdiff_t(i) + 1);
            return make(m_readCache[0].chunk);
        }
    }
    auto loaded = m_spill->read(ref.spill);
    if (!loaded)
        return std::nullopt;
    std::rotate(m_readCache.begin(), m_readCache.end() - 1, m_readCache.end());
    m_readCache[0] = LoadedChunk{std::move(loaded).value(), ref.firstLine, ref.count};
    return make(m_readCache[0].chunk);
}

LogSnapshot LogStore::snapshot() const
{
    std::vector<ChunkRef> chunks;
    chunks.reserve(m_sealed.size() + 1);
    chunks.assign(m_sealed.begin(), m_sealed.end());
    if (m_open && m_open->lineCount() > 0) {
        ChunkRef open;
        open.firstLine = m_open->firstLine();
        open.count = m_open->lineCount();
        open.memory = m_open;
        chunks.push_back(std::move(open));
    }
    return LogSnapshot(std::move(chunks), m_spill, m_end);
}

LogStoreStats LogStore::stats() const
{
    LogStoreStats s;
    const quint64 openLines = m_open ? m_open->lineCount() : 0;
    s.linesInMemory = m_sealedLinesInMemory + openLines;
    s.linesSpilled = m_linesSpilled;
    s.linesDropped = m_linesDropped;
    s.memoryBytes = m_sealedMemoryBytes + openMemoryBytes() + m_sealed.size() * sizeof(ChunkRef) + sizeof(LogStore);
    s.textBytesInMemory = m_sealedTextBytes + (m_open ? m_open->usedBytes() - openLines : 0);
    s.spillBytes = m_spillLiveBytes;
    s.spillError = m_spillError;
    return s;
}

void LogStore::clear()
{
    m_sealed.clear();
    m_firstInMemory = 0;
    m_open.reset();
    m_sealedLinesInMemory = 0;
    m_sealedMemoryBytes = 0;
    m_sealedTextBytes = 0;
    m_linesSpilled = 0;
    m_spillLiveBytes = 0;
    m_spill.reset();  // snapshots keep their reference; a new file is made when needed
    m_readCache = {};
}

}  // namespace workbench::models::logs
