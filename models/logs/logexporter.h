// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/filterresult.h"
#include "logs/logsnapshot.h"

#include <QByteArray>

#include <atomic>
#include <vector>

class QIODevice;

namespace workbench::models::logs {

class LogSourceRegistry;

/// Writes lines of a snapshot as text, one per line: "[TIMESTAMP ]POD CONTAINER | TEXT".
/// Copies what it needs from the registry, so it can run on another thread than the store.
class LogExporter
{
public:
    struct Options {
        bool prefixes = true;
        bool timestamps = false;
    };

    LogExporter(const LogSourceRegistry &sources, Options options);

    /// Every line of [from, to).
    Status write(QIODevice &device, const LogSnapshot &snapshot, LineNumber from, LineNumber to,
                 const std::atomic<bool> *cancel = nullptr) const;
    /// The lines of a filter result.
    Status write(QIODevice &device, const LogSnapshot &snapshot, const FilterResult &lines,
                 const std::atomic<bool> *cancel = nullptr) const;
    /// The file @p path, written whole or not at all (QSaveFile): the lines of @p lines, or every
    /// line of the snapshot when null. Errors (`logs.write`, or the writer's) name the file.
    Status writeFile(const QString &path, const LogSnapshot &snapshot, const FilterResult *lines) const;

private:
    void appendLine(QByteArray &out, const LineChunk &chunk, quint32 index) const;
    Status flush(QIODevice &device, QByteArray &buffer) const;

    std::vector<QByteArray> m_prefixes;
    Options m_options;
};

}  // namespace workbench::models::logs
