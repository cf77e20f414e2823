// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/linetypes.h"

#include <QString>

#include <memory>

namespace workbench::models::logs {

class LineChunk;

/// Where a spilled chunk lies in the spill file.
struct SpillLocation {
    ByteOffset offset;
    quint64 size = 0;
};

/// The temporary file older log lines are moved to. It has no name in any folder (O_TMPFILE,
/// or a name removed right after creation), is readable by its owner only, and disappears with
/// its last reference, also when the process dies.
///
/// Threading: write() from the store's thread only; read() from any thread (pread on an
/// offset that was written before the reader learnt of it).
class SpillFile
{
public:
    ~SpillFile();
    SpillFile(const SpillFile &) = delete;
    SpillFile &operator=(const SpillFile &) = delete;

    /// Creates the file in @p directory (the system's temporary folder when empty).
    static Result<std::shared_ptr<SpillFile>> create(const QString &directory);

    Result<SpillLocation> write(const LineChunk &chunk);
    Result<std::shared_ptr<LineChunk>> read(const SpillLocation &location) const;

    /// Gives the space of a chunk that is no longer needed back to the file system (best effort;
    /// readers of older snapshots that still refer to it read zeros and get an error).
    void release(const SpillLocation &location);

    /// Bytes written so far.
    quint64 size() const { return m_size; }

private:
    explicit SpillFile(int fd);

    int m_fd = -1;
    quint64 m_size = 0;  // written by the store's thread only
};

}  // namespace workbench::models::logs
