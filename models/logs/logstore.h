// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/chunkref.h"
#include "logs/lineattributes.h"
#include "logs/logline.h"
#include "logs/logsnapshot.h"
#include "logs/logsourceregistry.h"
#include "logs/logstorelimits.h"
#include "logs/logstorestats.h"

#include <QByteArrayView>

#include <array>
#include <deque>
#include <memory>
#include <optional>

namespace workbench::models::logs {

/// The lines of all log sources, merged in arrival order, kept compactly: raw bytes in
/// append-only chunks plus a per-line index (end offset, source, attributes, timestamp: 16
/// bytes a line), no object per line. Beyond LogStoreLimits the oldest chunks move to a
/// temporary spill file and stay readable.
///
/// Threading: the store belongs to one thread (append, line(), snapshot(), stats()). Work on
/// other threads (filtering, searching, saving) reads a snapshot(). The store starts no thread.
class LogStore
{
public:
    explicit LogStore(LogStoreLimits limits = {});
    ~LogStore();
    LogStore(const LogStore &) = delete;
    LogStore &operator=(const LogStore &) = delete;

    const LogStoreLimits &limits() const { return m_limits; }
    LogSourceRegistry &sources() { return m_sources; }
    const LogSourceRegistry &sources() const { return m_sources; }

    /// Appends a line the source wrote, without its line break; recognises its level and SCONE
    /// event. A trailing '\r' is dropped. Returns the line's number.
    LineNumber append(SourceId source, LogTimestamp timestamp, QByteArrayView text);
    /// Appends a line with attributes the caller determined.
    LineNumber append(SourceId source, LogTimestamp timestamp, QByteArrayView text, LineAttributes attributes);
    /// Appends a line the workbench inserts (reconnect, possible gap, stream state).
    LineNumber appendMarker(SourceId source, LogTimestamp timestamp, LineKind kind, QByteArrayView text);

    /// Oldest readable line (0 unless lines were dropped or cleared), and one past the newest.
    LineNumber firstLine() const;
    LineNumber endLine() const { return m_end; }
    LineCount lineCount() const { return endLine() - firstLine(); }

    /// The line, from memory or read back from the spill file; nullopt when it is outside
    /// [firstLine(), endLine()), was dropped, or cannot be read back.
    std::optional<LogLine> line(LineNumber number) const;

    /// Every line that exists now, for reading on any thread.
    LogSnapshot snapshot() const;

    LogStoreStats stats() const;

    /// Forgets every line (the numbers of later lines continue after the last one). Sources stay.
    void clear();

private:
    void sealOpenChunk();
    void openChunk(qsizetype lineBytes);
    void enforceLimits();
    void spillOldestInMemory();
    void dropOldestSpilled();
    quint64 openMemoryBytes() const;

    LogStoreLimits m_limits;
    LogSourceRegistry m_sources;

    std::deque<ChunkRef> m_sealed;  // oldest first; [0, m_firstInMemory) spilled or dropped
    std::size_t m_firstInMemory = 0;
    std::shared_ptr<LineChunk> m_open;
    LineNumber m_end;

    quint64 m_sealedLinesInMemory = 0;
    quint64 m_sealedMemoryBytes = 0;
    quint64 m_sealedTextBytes = 0;
    quint64 m_linesSpilled = 0;
    quint64 m_linesDropped = 0;
    quint64 m_spillLiveBytes = 0;
    std::shared_ptr<SpillFile> m_spill;
    QString m_spillError;

    // Spilled chunks read back for line(), most recent first.
    mutable std::array<LoadedChunk, 4> m_readCache;
};

}  // namespace workbench::models::logs
