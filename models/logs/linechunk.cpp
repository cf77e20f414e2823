// SPDX-License-Identifier: Apache-2.0
#include "logs/linechunk.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace workbench::models::logs {

namespace {

constexpr quint32 kSpillMagic = 0x4c4f4743;  // "LOGC"
constexpr quint32 kSpillVersion = 1;

struct SpillHeader {
    quint32 magic;
    quint32 version;
    quint64 firstLine;
    quint32 count;
    quint32 byteSize;
};

Status ioError(const char *what)
{
    const int e = errno;
    return makeError(QStringLiteral("logs.spill"),
                     QCoreApplication::translate("LogStore", "Could not use the log spill file."),
                     QString::fromLatin1(what) + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(e)));
}

Status writeAll(int fd, const void *data, std::size_t size, quint64 offset)
{
    const char *p = static_cast<const char *>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, p, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError("write");
        }
        if (n == 0) {
            errno = ENOSPC;
            return ioError("write");
        }
        p += n;
        size -= std::size_t(n);
        offset += quint64(n);
    }
    return Ok{};
}

Status readAll(int fd, void *data, std::size_t size, quint64 offset)
{
    char *p = static_cast<char *>(data);
    while (size > 0) {
        const ssize_t n = ::pread(fd, p, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return ioError("read");
        }
        if (n == 0) {
            errno = EIO;
            return ioError("read (file too short)");
        }
        p += n;
        size -= std::size_t(n);
        offset += quint64(n);
    }
    return Ok{};
}

}  // namespace

LineChunk::LineChunk(LineNumber firstLine, quint32 lineCapacity, quint32 byteCapacity)
    : m_firstLine(firstLine)
    , m_bytes(byteCapacity)
    , m_ends(lineCapacity)
    , m_sources(lineCapacity)
    , m_attributes(lineCapacity)
    , m_timestamps(lineCapacity)
{}

quint64 LineChunk::memoryBytes() const
{
    return sizeof(LineChunk) + m_bytes.capacityBytes() + m_ends.capacityBytes() + m_sources.capacityBytes() +
           m_attributes.capacityBytes() + m_timestamps.capacityBytes();
}

void LineChunk::shrinkToFit()
{
    m_bytes.resize(m_byteSize);
    m_ends.resize(m_count);
    m_sources.resize(m_count);
    m_attributes.resize(m_count);
    m_timestamps.resize(m_count);
}

std::shared_ptr<LineChunk> LineChunk::compactCopy() const
{
    auto copy = std::make_shared<LineChunk>(m_firstLine, m_count, m_byteSize);
    if (m_byteSize)
        std::memcpy(copy->m_bytes.data(), m_bytes.data(), m_byteSize);
    if (m_count) {
        std::memcpy(copy->m_ends.data(), m_ends.data(), m_count * sizeof(quint32));
        std::memcpy(copy->m_sources.data(), m_sources.data(), m_count * sizeof(quint16));
        std::memcpy(copy->m_attributes.data(), m_attributes.data(), m_count * sizeof(quint16));
        std::memcpy(copy->m_timestamps.data(), m_timestamps.data(), m_count * sizeof(LogTimestamp));
    }
    copy->m_count = m_count;
    copy->m_byteSize = m_byteSize;
    return copy;
}

quint64 LineChunk::serializedSize() const
{
    return sizeof(SpillHeader) + quint64(m_count) * (sizeof(quint32) + 2 * sizeof(quint16) + sizeof(LogTimestamp)) +
           m_byteSize;
}

Status LineChunk::writeTo(int fd, ByteOffset offset) const
{
    const SpillHeader header{kSpillMagic, kSpillVersion, m_firstLine.get(), m_count, m_byteSize};
    quint64 at = offset.get();
    const struct {
        const void *data;
        std::size_t size;
    } parts[] = {
        {&header, sizeof header},
        {m_timestamps.data(), m_count * sizeof(LogTimestamp)},
        {m_ends.data(), m_count * sizeof(quint32)},
        {m_sources.data(), m_count * sizeof(quint16)},
        {m_attributes.data(), m_count * sizeof(quint16)},
        {m_bytes.data(), m_byteSize},
    };
    for (const auto &part : parts) {
        if (part.size == 0)
            continue;
        if (Status s = writeAll(fd, part.data, part.size, at); !s)
            return s;
        at += part.size;
    }
    return Ok{};
}

Result<std::shared_ptr<LineChunk>> LineChunk::readFrom(int fd, ByteOffset offset, quint64 size)
{
    SpillHeader header{};
    if (Status s = readAll(fd, &header, sizeof header, offset.get()); !s)
        return s.error();
    const quint64 expected = sizeof(SpillHeader) +
                             quint64(header.count) * (sizeof(quint32) + 2 * sizeof(quint16) + sizeof(LogTimestamp)) +
                             header.byteSize;
    if (header.magic != kSpillMagic || header.version != kSpillVersion || expected != size) {
        errno = EIO;
        return ioError("read (corrupt chunk)").error();
    }
    auto chunk = std::make_shared<LineChunk>(LineNumber(header.firstLine), header.count, header.byteSize);
    quint64 at = offset.get() + sizeof header;
    const struct {
        void *data;
        std::size_t size;
    } parts[] = {
        {chunk->m_timestamps.data(), header.count * sizeof(LogTimestamp)},
        {chunk->m_ends.data(), header.count * sizeof(quint32)},
        {chunk->m_sources.data(), header.count * sizeof(quint16)},
        {chunk->m_attributes.data(), header.count * sizeof(quint16)},
        {chunk->m_bytes.data(), header.byteSize},
    };
    for (const auto &part : parts) {
        if (part.size == 0)
            continue;
        if (Status s = readAll(fd, part.data, part.size, at); !s)
            return s.error();
        at += part.size;
    }
    // The index must describe the bytes, or readers would run off the buffer.
    quint32 previous = 0;
    for (quint32 i = 0; i < header.count; ++i) {
        const quint32 end = chunk->m_ends[i];
        if (end <= previous || end > header.byteSize || chunk->m_bytes[end - 1] != '\n') {
            errno = EIO;
            return ioError("read (corrupt line index)").error();
        }
        previous = end;
    }
    chunk->m_count = header.count;
    chunk->m_byteSize = header.byteSize;
    return chunk;
}

}  // namespace workbench::models::logs
