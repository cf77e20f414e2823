// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "documents/document.h"
#include "documents/recoverystore.h"
#include "jobs/job.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace workbench::engine {

class ProjectWorkspace;
namespace jobs {
class JobRunner;
}  // namespace jobs

/// The open documents of the workbench: opening (one Document per file), saving (atomic) and
/// Save All, closing, watching the files for external changes (reload silently when clean,
/// report a conflict when modified, notice removal), autosaving unsaved buffers to a recovery
/// folder every few seconds and finding what a crashed session left behind.
///
/// Unsaved buffers are published to the ProjectWorkspace (setDocumentText), so every area
/// follows unsaved edits. No widgets and no dialogs: decisions (reload or keep, restore or
/// discard) are signalled and taken by the UI.
///
/// An autosave round is a background job (Job::isBackground()) of a JobRunner — the session's,
/// so the Jobs list sees it —, writing on a worker thread; cancelling it stops between two
/// files with the one "cancelled" error (what was not written is written by the next round).
class DocumentManager : public QObject
{
    Q_OBJECT
public:
    /// @p recoveryDir defaults to `<AppDataLocation>/recovery`. @p runner: where autosave rounds
    /// go as jobs (the session's); null: a private runner of this object.
    explicit DocumentManager(ProjectWorkspace *workspace, QObject *parent = nullptr, const QString &recoveryDir = {},
                             jobs::JobRunner *runner = nullptr);
    ~DocumentManager() override;

    ProjectWorkspace *workspace() const { return m_workspace; }

    /// Opens @p path (or returns the already open document). Paths are made absolute/canonical.
    /// With @p allowMissing a file that does not exist opens as RemovedFromDisk (for recovery).
    Result<Document *> open(const QString &path, bool allowMissing = false);
    /// Opens @p path, or, when it does not exist, a new empty document for it (unmodified; the
    /// first save creates the file). For files the workbench creates on demand (the settings).
    Result<Document *> openOrCreate(const QString &path);
    Document *document(const QString &path) const;
    QList<Document *> documents() const;
    /// Documents with unsaved changes (after asking every editor to publish pending edits).
    QList<Document *> modifiedDocuments();
    bool hasModifiedDocuments();

    /// Closes a document, discarding its buffer (the UI asks first). False when not open.
    bool close(const QString &path);
    void closeAll();

    Status save(const QString &path);
    /// Saves every modified document; returns the errors (empty on success).
    QList<Error> saveAll();

    /// Compares every open document with its file (e.g. when the window is re-activated).
    void checkForExternalChanges();

    // --- recovery ------------------------------------------------------------------------
    /// Milliseconds between autosaves of modified buffers (default 5000; 0 disables).
    void setAutosaveInterval(int ms);
    int autosaveInterval() const { return m_autosaveMs; }
    /// Writes the recovery copy of every modified buffer that changed since its last copy.
    int autosaveNow();
    /// The job of the autosave round in flight (null when none).
    jobs::Job *autosaveJob() const;
    /// Shutdown only: waits at most @p timeoutMs for a round in flight to finish writing and
    /// books it (the session calls it before its runner cancels what still runs).
    void waitForAutosave(int timeoutMs = 10000);
    RecoveryStore &recoveryStore() { return *m_recovery; }
    /// Buffers left by sessions that ended without closing, for files under @p projectDir.
    QList<RecoveryEntry> recoverableEntries(const QString &projectDir) const;
    /// Opens the entry's file and puts the recovered buffer in it (modified, not saved); the
    /// editor takes it over as an undoable edit. The entry is removed from the store.
    Result<Document *> restore(const RecoveryEntry &entry);
    void discardRecovery(const RecoveryEntry &entry);
    /// Clean end of the session (after the user decided about unsaved changes): removes this
    /// session's recovery data. Without it (crash) the data stays for the next start.
    void shutdown();

    static QString canonicalPath(const QString &path);

Q_SIGNALS:
    void documentOpened(workbench::engine::Document *document);
    void documentAboutToClose(workbench::engine::Document *document);
    void documentClosed(const QString &path);
    void modifiedChanged(workbench::engine::Document *document, bool modified);
    /// A clean document was reloaded because its file changed on disk.
    void reloadedFromDisk(workbench::engine::Document *document);
    /// A modified document's file changed on disk: the UI offers reload or keep.
    void externalConflict(workbench::engine::Document *document);
    void removedFromDisk(workbench::engine::Document *document);
    void saved(workbench::engine::Document *document);
    /// After an autosave round: how many buffers were written.
    void autosaved(int count);
    /// Something the user should read (e.g. an autosave failure).
    void message(const QString &text);

private:
    enum class Missing { Fail, Recover, Create };
    Result<Document *> openDocument(const QString &path, Missing missing);
    void watch(Document *doc);
    void onFileChanged(const QString &path);
    void publish(Document *doc);

    ProjectWorkspace *m_workspace;
    QHash<QString, Document *> m_documents;  // canonical path -> document (owned, child QObject)
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_changeTimer = nullptr;
    QSet<QString> m_changedPaths;
    QTimer *m_autosaveTimer = nullptr;
    int m_autosaveMs = 5000;
    std::unique_ptr<RecoveryStore> m_recovery;
    QHash<QString, quint64> m_autosavedRevision;  // path -> revision last written to recovery

    /// One buffer handed to the background autosave.
    struct AutosaveItem {
        QString path;
        QByteArray text;
        QByteArray base;
        quint64 revision = 0;
        QString error;  ///< set by the worker when the write failed
    };
    /// Autosave on the timer: the writes (QSaveFile, fsync) run on a worker thread so that a
    /// slow disk never stalls typing; at most one round is in flight.
    void autosaveInBackground();
    /// Books a finished round; returns how many copies are now current.
    int finishAutosave(const QList<AutosaveItem> &items);
    /// Buffers whose recovery copy is out of date (modified, revision not yet written); drops
    /// the copies of documents that are no longer modified.
    QList<AutosaveItem> collectAutosave();
    /// One round handed to a worker: it fills `items` (those it wrote or tried) and then
    /// releases `done`; the UI thread reads `items` only after done.wait().
    struct AutosaveRound;
    /// Books the round in flight (after waiting at most @p timeoutMs for its worker).
    void bookAutosaveRound(int timeoutMs);
    jobs::JobRunner *m_runner = nullptr;
    std::shared_ptr<AutosaveRound> m_autosaveRound;  ///< in flight or not booked yet; null otherwise
    QPointer<jobs::Job> m_autosaveJob;
};

}  // namespace workbench::engine
