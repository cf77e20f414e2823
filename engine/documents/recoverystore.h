// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QLockFile;

namespace workbench::engine {

/// An unsaved buffer found in the recovery folder, left behind by a session that ended without
/// closing cleanly (crash, kill, power loss).
struct RecoveryEntry {
    QString path;           ///< absolute path of the file the buffer belongs to
    QByteArray text;        ///< the unsaved buffer
    QByteArray baseSha256;  ///< hash of the file content the buffer was based on
    QDateTime savedAt;      ///< when it was autosaved
    QString sessionDir;     ///< recovery folder of the session that wrote it
    QString entryName;      ///< file stem inside sessionDir

    /// True when the file on disk is no longer what the buffer was based on.
    bool diskChangedSince() const;
};

/// Autosave storage: `<root>/<session>/` holds one `<hash>.data` (bytes) + `<hash>.json` (path,
/// base hash, time) per unsaved document, written atomically, plus a `session.lock` QLockFile
/// held while the session runs. A session folder whose lock is not held (the process is gone)
/// is an orphan: its entries are offered for recovery. A clean shutdown removes its folder.
///
/// Never used for secrets: it stores manifest buffers, the same bytes a save would write.
class RecoveryStore
{
public:
    /// @p rootDir e.g. `<AppDataLocation>/recovery`.
    explicit RecoveryStore(QString rootDir);
    ~RecoveryStore();
    RecoveryStore(const RecoveryStore &) = delete;
    RecoveryStore &operator=(const RecoveryStore &) = delete;

    QString rootDir() const { return m_rootDir; }
    /// This session's folder (created on first store()).
    QString sessionDir() const { return m_sessionDir; }

    /// Stores (replaces) the unsaved buffer of @p path.
    Status store(const QString &path, const QByteArray &text, const QByteArray &baseText);
    /// Creates and locks this session's folder if not done yet (store() does it itself).
    Status ensureSession();
    /// What store() writes, into @p sessionDir (from ensureSession()). Touches no member: safe
    /// on a worker thread while the store is used on its own thread.
    static Status writeEntry(const QString &sessionDir, const QString &path, const QByteArray &text,
                             const QByteArray &baseText);
    /// Removes this session's entry for @p path (the document was saved, reverted or closed).
    void remove(const QString &path);
    bool contains(const QString &path) const;

    /// Entries of orphaned sessions, newest first; only those under @p projectDir when given.
    /// When two orphaned sessions hold the same path, only the newest entry is returned.
    QList<RecoveryEntry> orphanedEntries(const QString &projectDir = {}) const;
    /// Deletes an orphaned entry (after it was restored or declined); removes its session
    /// folder when it becomes empty.
    void discard(const RecoveryEntry &entry);

    /// Clean shutdown: removes this session's folder and releases the lock.
    void close();

    static QByteArray hashOf(const QByteArray &text);

    /// Files moved from folder @p from to @p to (the data folder moved): entries under @p root
    /// that belong to files below @p from are made to name the files below @p to, so that they
    /// are still offered for those files. Returns how many entries were rewritten.
    static int relocateEntries(const QString &root, const QString &from, const QString &to);

private:
    static QString entryNameFor(const QString &path);

    QString m_rootDir;
    QString m_sessionDir;
    std::unique_ptr<QLockFile> m_lock;
};

}  // namespace workbench::engine
