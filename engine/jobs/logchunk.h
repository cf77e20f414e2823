// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace workbench::engine::jobs {

/// Where a log line came from.
enum class LogChannel : std::uint8_t { Stdout, Stderr, Info };

/// One line of a LogChunk: its bytes are chunk.data.mid(offset, length) (UTF-8, no line end).
struct LogEntry {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    qint64 timestampMs = 0;  ///< ms since the epoch (UTC)
    LogChannel channel = LogChannel::Info;
    std::uint16_t source = 0;  ///< 0: the job itself; in a pipeline's log, 1 + the step's index
};

/// Lines packed for speed: the bytes of all lines back to back plus one small entry per line.
/// The process I/O thread fills one per output batch and the job log adopts it without copying
/// each line. Offsets are 32-bit: a chunk holds at most 4 GiB (batches are a few MiB).
struct LogChunk {
    QByteArray data;
    std::vector<LogEntry> entries;

    void append(QByteArrayView line, qint64 timestampMs, LogChannel channel, std::uint16_t source = 0)
    {
        entries.push_back({std::uint32_t(data.size()), std::uint32_t(line.size()), timestampMs, channel, source});
        data.append(line);
    }
    QByteArrayView bytes(const LogEntry &e) const { return QByteArrayView(data.constData() + e.offset, e.length); }
    bool isEmpty() const { return entries.empty(); }
    qsizetype lineCount() const { return qsizetype(entries.size()); }
    /// Memory it accounts for in a log's cap.
    qint64 footprint() const { return data.size() + qint64(entries.size() * sizeof(LogEntry)); }
};

}  // namespace workbench::engine::jobs
