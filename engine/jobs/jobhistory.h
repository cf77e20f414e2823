// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/runrecord.h"

#include <QString>

namespace workbench::engine::jobs {

/// The finished runs of one project, kept across restarts in the application's data folder,
/// never in the project:
///
///     <AppDataLocation>/history/<key>/project.json        {"path": canonical project path}
///     <AppDataLocation>/history/<key>/run-<UTC start>-<id>.json   one RunRecord each
///
/// <key> is the first 32 hex digits of SHA-256(canonical project path), so the same project
/// reached through a symlink has one history. Caps: at most maxRuns() runs per project (the
/// oldest are deleted; default 50) and maxLogBytes() of each run's log (the newest lines;
/// default 256 KiB), so a project's history stays under ~13 MiB. Files are written atomically.
/// The log holds what the tools printed; command lines in it are already redacted.
///
/// Synchronous file I/O of one small file per call: fine on the UI thread for append(); run
/// runs() in a ConcurrentJob for long histories.
class JobHistory
{
public:
    static constexpr int DefaultMaxRuns = 50;
    static constexpr qint64 DefaultMaxLogBytes = 256 * 1024;

    /// @p baseDirectory: where the per-project folders go; empty = AppDataLocation + "/history".
    explicit JobHistory(const QString &projectPath, const QString &baseDirectory = {});

    /// The canonical project path the history is keyed by.
    QString projectKey() const { return m_projectKey; }
    /// The project's history folder.
    QString directory() const { return m_directory; }

    void setMaxRuns(int maxRuns);
    int maxRuns() const { return m_maxRuns; }
    void setMaxLogBytes(qint64 bytes);
    qint64 maxLogBytes() const { return m_maxLogBytes; }

    /// Stores @p run (its log cut to maxLogBytes()) and deletes the oldest runs beyond maxRuns().
    Status append(RunRecord run);
    /// Convenience: append(RunRecord::fromJob(job, maxLogBytes())).
    Status record(const Job &job);
    /// Newest first. Unreadable files are skipped (logged), not fatal.
    Result<QList<RunRecord>> runs() const;
    Status clear();

    /// The canonical form of @p projectPath used as the key (symlinks resolved when it exists).
    static QString canonicalProjectPath(const QString &projectPath);

private:
    QString m_projectKey;
    QString m_directory;
    int m_maxRuns = DefaultMaxRuns;
    qint64 m_maxLogBytes = DefaultMaxLogBytes;
};

}  // namespace workbench::engine::jobs
