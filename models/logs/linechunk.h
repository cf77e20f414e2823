// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/detail/rawarray.h"
#include "logs/lineattributes.h"
#include "logs/linetypes.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>
#include <memory>

namespace workbench::models::logs {

/// A block of consecutive log lines: their bytes, each followed by '\n', in one buffer, and per
/// line the end offset, source, attributes and timestamp in four flat arrays (16 bytes a line).
/// No heap object per line.
///
/// Threading: one writer appends; readers read only lines below a count they were given (a
/// LogSnapshot's), which the writer never touches again. The arrays never move while a chunk
/// is open (they are allocated at full capacity); shrinking happens only at sealing, on a
/// chunk nobody else references (LogStore checks), or on a copy.
class LineChunk
{
public:
    LineChunk(LineNumber firstLine, quint32 lineCapacity, quint32 byteCapacity);

    LineNumber firstLine() const { return m_firstLine; }
    /// Lines appended so far (the writer's view; readers use their snapshot's count).
    quint32 lineCount() const { return m_count; }
    quint32 lineCapacity() const { return quint32(m_ends.capacity()); }
    quint32 byteCapacity() const { return quint32(m_bytes.capacity()); }

    /// True when a line of @p textBytes bytes (plus its '\n') still fits.
    bool hasRoomFor(qsizetype textBytes) const
    {
        return m_count < m_ends.capacity() && quint64(m_byteSize) + quint64(textBytes) + 1 <= m_bytes.capacity();
    }
    /// Appends one line; requires hasRoomFor(text.size()).
    void append(QByteArrayView text, SourceId source, LogTimestamp timestamp, LineAttributes attributes)
    {
        const quint32 n = m_count;
        if (!text.isEmpty()) {
            char *to = m_bytes.data() + m_byteSize;
            std::memcpy(to, text.data(), std::size_t(text.size()));
            // Lines are separated by '\n' in the buffer: one inside a line would split it.
            for (char *nl = static_cast<char *>(std::memchr(to, '\n', std::size_t(text.size()))); nl;
                 nl = static_cast<char *>(std::memchr(nl, '\n', std::size_t(to + text.size() - nl))))
                *nl = ' ';
        }
        m_byteSize += quint32(text.size());
        m_bytes[m_byteSize++] = '\n';
        m_ends[n] = m_byteSize;
        m_sources[n] = source.get();
        m_attributes[n] = attributes.pack();
        m_timestamps[n] = timestamp;
        m_count = n + 1;
    }

    // Readers: @p index is relative to firstLine() and below the reader's count.
    quint32 lineStart(quint32 index) const { return index == 0 ? 0 : m_ends[index - 1]; }
    /// Offset of the line's '\n'.
    quint32 lineEnd(quint32 index) const { return m_ends[index] - 1; }
    QByteArrayView text(quint32 index) const
    {
        const quint32 start = lineStart(index);
        return {m_bytes.data() + start, qsizetype(lineEnd(index) - start)};
    }
    SourceId source(quint32 index) const { return SourceId(m_sources[index]); }
    LineAttributes attributes(quint32 index) const { return LineAttributes::unpack(m_attributes[index]); }
    quint16 packedAttributes(quint32 index) const { return m_attributes[index]; }
    LogTimestamp timestamp(quint32 index) const { return m_timestamps[index]; }
    /// All line bytes (each line followed by '\n'); lines [0, n) occupy [0, lineEnd(n-1)+1).
    const char *bytes() const { return m_bytes.data(); }
    /// Line ends as stored: end[i] is one past line i's '\n'.
    const quint32 *ends() const { return m_ends.data(); }
    /// Bytes used by all lines appended so far (text and newlines).
    quint32 usedBytes() const { return m_byteSize; }

    /// Bytes allocated for this chunk (capacity, not use).
    quint64 memoryBytes() const;

    /// Gives back unused capacity. Only for a chunk no reader references: the arrays may move.
    void shrinkToFit();
    /// A copy whose capacity is exactly what the lines use.
    std::shared_ptr<LineChunk> compactCopy() const;

    /// Serialised form for the spill file (arrays first, then bytes).
    quint64 serializedSize() const;
    /// Writes serializedSize() bytes at @p offset of the file @p fd.
    Status writeTo(int fd, ByteOffset offset) const;
    /// Reads a chunk written by writeTo().
    static Result<std::shared_ptr<LineChunk>> readFrom(int fd, ByteOffset offset, quint64 size);

private:
    LineNumber m_firstLine;
    quint32 m_count = 0;
    quint32 m_byteSize = 0;
    detail::RawArray<char> m_bytes;
    detail::RawArray<quint32> m_ends;
    detail::RawArray<quint16> m_sources;
    detail::RawArray<quint16> m_attributes;
    detail::RawArray<LogTimestamp> m_timestamps;
};

}  // namespace workbench::models::logs
