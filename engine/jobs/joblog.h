// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/logchunk.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace workbench::engine::jobs {

/// One line as read back from a JobLog.
struct LogLine {
    qint64 number = -1;  ///< absolute line number (0 = first line ever appended)
    qint64 timestampMs = 0;
    LogChannel channel = LogChannel::Info;
    std::uint16_t source = 0;
    QString text;  ///< decoded from UTF-8 (invalid sequences become U+FFFD)
};

/// The output of a job: timestamped lines tagged stdout / stderr / info, capped in memory.
/// Lines are numbered from 0 for the whole life of the log; when the retained bytes pass the
/// cap, the oldest lines are dropped (firstLine() moves up), so a viewer keeps its positions.
/// Appends adopt whole LogChunks (one per process output batch), which keeps a child's 2M
/// lines/s from costing one allocation per line. Not thread-safe: owned by the job's thread.
class JobLog
{
public:
    static constexpr qint64 DefaultCapBytes = 16 * 1024 * 1024;

    explicit JobLog(qint64 capBytes = DefaultCapBytes);

    void setCapBytes(qint64 capBytes);
    qint64 capBytes() const { return m_capBytes; }

    /// Appends one line (no line end); returns its number.
    qint64 append(LogChannel channel, const QString &text, qint64 timestampMs = 0, std::uint16_t source = 0);
    qint64 appendUtf8(LogChannel channel, QByteArrayView line, qint64 timestampMs = 0, std::uint16_t source = 0);
    /// Appends every line of @p chunk (its entries' timestamps are kept; 0 becomes "now");
    /// returns the number of its first line.
    qint64 appendChunk(LogChunk chunk);

    qint64 firstLine() const { return m_firstLine; }  ///< lines before it were dropped by the cap
    qint64 endLine() const { return m_endLine; }      ///< one past the last line
    qint64 lineCount() const { return m_endLine - m_firstLine; }
    qint64 droppedLines() const { return m_firstLine; }
    qint64 retainedBytes() const { return m_bytes; }
    bool isEmpty() const { return lineCount() == 0; }

    /// @p number in [firstLine(), endLine()); otherwise nullopt.
    std::optional<LogLine> line(qint64 number) const;
    QByteArrayView lineBytes(qint64 number) const;
    /// Lines [first, first + count) that are still retained, as a chunk (bytes copied, not
    /// decoded); with @p source set, every entry gets that source.
    LogChunk copyLines(qint64 first, qint64 count, std::optional<std::uint16_t> source = std::nullopt) const;
    /// The last @p maxLines lines (of @p channel only, when given), oldest first.
    QList<LogLine> tail(int maxLines, std::optional<LogChannel> channel = std::nullopt) const;

    /// Plain text "HH:mm:ss.zzz out|err|info  text" per line for the history, newest lines
    /// kept: at most @p maxBytes (a first line says how many lines were left out).
    QString toText(qint64 maxBytes) const;

    void clear();

private:
    struct Block {
        LogChunk chunk;
        qint64 firstLine = 0;   ///< absolute number of chunk.entries[0]
        std::size_t begin = 0;  ///< entries before this index were dropped by the cap
    };
    const Block *blockFor(qint64 number, std::size_t *index) const;
    Block &openBlock();
    void enforceCap();

    std::deque<Block> m_blocks;
    qint64 m_capBytes;
    qint64 m_bytes = 0;  ///< footprint of the retained lines
    qint64 m_firstLine = 0;
    qint64 m_endLine = 0;
};

}  // namespace workbench::engine::jobs
