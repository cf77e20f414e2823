// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>

namespace workbench::engine {

/// What the workbench last saw of a file on disk; used to tell our own writes and mere touches
/// apart from real external changes (the bytes are compared, not only the time stamp).
struct DiskSnapshot {
    bool exists = false;
    qint64 size = -1;
    QDateTime modified;
};

/// One open file: the bytes on disk when it was loaded or last saved, and the current buffer as
/// the editor last published it. No widgets: the editor widget owns the live text (with its
/// undo stack) and pushes it here with setText(), debounced while typing; before anything reads
/// text() for saving or autosaving, sync() asks the editor to push pending keystrokes at once.
///
/// Modified means "the buffer differs from the file": typing a character and deleting it again
/// leaves the document unmodified. Owned by DocumentManager.
class Document : public QObject
{
    Q_OBJECT
public:
    enum class ExternalState {
        InSync,           ///< disk matches what we loaded/saved
        ChangedOnDisk,    ///< disk changed while the buffer had unsaved edits (conflict)
        RemovedFromDisk,  ///< the file disappeared; the buffer is kept (and counts as modified)
    };
    Q_ENUM(ExternalState)

    explicit Document(const QString &absolutePath, QObject *parent = nullptr);

    QString path() const { return m_path; }
    QString fileName() const;

    /// Current buffer (as last pushed by the editor).
    QByteArray text() const { return m_text; }
    /// Bytes on disk at the last load, save or accepted external change.
    QByteArray savedText() const { return m_savedText; }
    bool isModified() const { return m_modified; }
    /// Incremented on every change of text(); lets background jobs drop stale results.
    quint64 revision() const { return m_revision; }

    bool isReadOnly() const { return m_readOnly; }
    QString readOnlyReason() const { return m_readOnlyReason; }
    ExternalState externalState() const { return m_externalState; }

    /// Asks the editor (through syncRequested()) to publish pending keystrokes now.
    void sync();
    /// The editor publishes its buffer. Modified state is recomputed against savedText().
    void setText(const QByteArray &text);

    /// Reads the file. Fails when it cannot be read. Updates read-only state.
    Status load();
    /// For a file that no longer exists (a recovered buffer of a deleted file): an empty base,
    /// state RemovedFromDisk, so the buffer counts as modified and saving writes the file again.
    void startAsMissing();
    /// For a file that does not exist yet and may be created (the project's settings file): an
    /// empty, unmodified buffer; the first save creates the file (and its folder).
    void startAsNew();
    /// Makes the document read-only for @p reason whatever the permissions say (a settings file
    /// that is a symbolic link is not written through); empty lifts it.
    void setWriteBlockedReason(const QString &reason);
    /// Writes text() atomically (QSaveFile: a temporary file renamed over the target, so a
    /// crash never leaves a half-written manifest). Read-only documents refuse. When the file
    /// changed on disk since it was loaded (whether or not the watcher has said so yet), the
    /// save is refused with `document.conflict` and the conflict is raised, so that another
    /// program's change is never overwritten unasked: reload() or keepBufferOverDisk() first.
    Status save();
    /// Replaces the buffer with the disk content (the editor turns it into an undoable edit
    /// through bufferReplaced()). Clears a conflict.
    Status reload();
    /// Replaces the buffer with @p text from elsewhere than the editor (a recovered autosave);
    /// emits bufferReplaced() so the editor adopts it as an undoable edit.
    void replaceBuffer(const QByteArray &text);
    /// The user chose to keep the buffer after an external change: the disk content becomes
    /// the new base, so the buffer stays modified and a later save overwrites the file.
    void keepBufferOverDisk();

    /// Compares the file on disk with savedText(). Returns true when something changed and was
    /// handled: reloaded silently (no unsaved edits), conflict raised, or removal noticed.
    bool checkDisk();

    DiskSnapshot diskSnapshot() const { return m_snapshot; }
    /// Re-evaluates writability (file and folder) and emits readOnlyChanged() when it changes.
    void refreshReadOnly();

Q_SIGNALS:
    /// Editors connected with Qt::DirectConnection call setText() with their pending buffer.
    void syncRequested();
    void textChanged();
    void modifiedChanged(bool modified);
    void readOnlyChanged(bool readOnly);
    /// text() was replaced by the engine, not by the editor: reload (explicit or silent, of a
    /// clean document whose file changed) or a restored recovery copy. Editors adopt text().
    void bufferReplaced();
    void saved();
    void externalStateChanged(workbench::engine::Document::ExternalState state);

private:
    void setModified(bool modified);
    void setExternalState(ExternalState state);
    void takeSnapshot();
    Result<QByteArray> readDisk() const;

    QString m_path;
    QByteArray m_text;
    QByteArray m_savedText;
    bool m_modified = false;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    QString m_writeBlockedReason;
    quint64 m_revision = 0;
    ExternalState m_externalState = ExternalState::InSync;
    DiskSnapshot m_snapshot;
};

}  // namespace workbench::engine
