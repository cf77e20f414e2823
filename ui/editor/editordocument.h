// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "documents/document.h"
#include "manifest/manifestproject.h"
#include "manifest/yamldocument.h"
#include "manifest/yamledit.h"
#include "validation/diagnostic.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTextDocument;
class QTimer;
class QUndoStack;

namespace workbench::ui {

class YamlHighlighter;

/// The editor side of one open file, shared by all its views (form and text): the live text
/// (a QTextDocument), its QUndoStack, the last parse (YamlDocument + typed view) and the
/// diagnostics of the file.
///
/// Flow: a keystroke changes the QTextDocument; after a short debounce the bytes are published
/// to the engine::Document (which publishes them to the workspace, so validation and the other
/// areas follow). The parse comes back either from the project snapshot (off the UI thread) or
/// synchronously when a form edit, undo or redo needs it at once. A form edit is a YamlEdit:
/// the YamlDocument plans the minimal TextChange, which is applied to the QTextDocument as one
/// edit block, hence one undo level shared by both views. While the text does not parse, the
/// typed views keep the last valid state (the forms show it read-only).
class EditorDocument : public QObject
{
    Q_OBJECT
public:
    /// A replacement of @p byteLength bytes at @p byteOffset of the current text.
    struct Replacement {
        int byteOffset = 0;
        int byteLength = 0;
        QString text;
    };

    explicit EditorDocument(engine::Document *document, QObject *parent = nullptr);
    ~EditorDocument() override;

    engine::Document *document() const { return m_doc; }
    QString path() const;
    /// The file name, or, while another open file has the same name, the shortest end of the
    /// path that tells them apart (`flask-api/service.yaml`). Set by the EditorManager.
    QString displayName() const;
    void setDisplayName(const QString &name);
    QTextDocument *textDocument() const { return m_text; }
    QUndoStack *undoStack() const { return m_undo; }
    bool isYaml() const { return m_isYaml; }
    bool isReadOnly() const;
    QString readOnlyReason() const;
    bool isModified() const;

    /// The editor text as file bytes (line endings and encoding as in the file).
    QByteArray currentBytes() const;
    /// Publishes pending keystrokes to the engine::Document now (normally debounced).
    void flush();
    bool hasPendingSync() const { return m_syncPending; }
    /// Debounce between the last keystroke and publishing the buffer (default 40 ms).
    void setSyncDelay(int ms);
    int syncDelay() const;

    // --- parse state ---------------------------------------------------------------------
    /// The last parse (of the current text when isParseCurrent()).
    const models::YamlDocument &yaml() const { return m_yaml; }
    bool isParseCurrent() const { return m_parseCurrent; }
    bool hasSyntaxError() const;
    /// "line 12, column 3: could not find expected ':'" (empty when the text parses).
    QString syntaxErrorText() const;
    int syntaxErrorLine() const;
    /// Kind and typed view of the last text that parsed (the forms' source).
    models::ManifestFile::Kind kind() const { return m_kind; }
    std::shared_ptr<const models::ServiceManifest> service() const { return m_service; }
    std::shared_ptr<const models::MeshManifest> mesh() const { return m_mesh; }
    /// The YamlDocument the typed views were built from (the last valid parse).
    const models::YamlDocument &lastValidYaml() const { return m_lastValid; }
    /// Parses the current text now on this thread (after flush()).
    void reparseNow();
    /// Adopts a parse made elsewhere (the validation snapshot) when it is of the current text.
    bool adoptParse(const models::ManifestFile &file);

    // --- edits -----------------------------------------------------------------------------
    /// Applies form edits as one undo level named @p description. The exact text change is the
    /// one YamlDocument plans (minimal; comments and formatting elsewhere untouched).
    Status applyEdits(const QList<models::YamlEdit> &edits, const QString &description);
    Status applyEdit(const models::YamlEdit &edit) { return applyEdits({edit}, edit.description()); }
    /// Replaces byte ranges of the current text as one undo level (rename, reload). Ranges must
    /// not overlap. @p groupId ties the level to levels of other documents (one rename).
    Status applyReplacements(QList<Replacement> replacements, const QString &description, quint64 groupId = 0);
    /// Replaces ranges of the editor text (QTextDocument positions and lengths) as one undo
    /// level named @p description (find and replace). Ranges must not overlap.
    struct TextRangeReplacement {
        int position = 0;
        int length = 0;
        QString text;
    };
    Status replaceTextRanges(QList<TextRangeReplacement> replacements, const QString &description);
    /// Replaces the whole text as one undoable level (only the changed middle is touched).
    void replaceAllText(const QByteArray &bytes, const QString &description);
    /// The TextChanges of the last applyEdits() (for tests and the status bar).
    const QList<models::TextChange> &lastChanges() const { return m_lastChanges; }

    void undo();
    void redo();

    // --- positions ---------------------------------------------------------------------------
    /// QTextDocument position of a 1-based line / column (code points); -1 when out of range.
    int positionOf(int line, int column) const;
    /// Position of a byte offset of yaml() (valid when isParseCurrent()).
    int positionOfByte(int byteOffset) const;
    /// Byte offset of a position in the current text (uses line starts, so it is exact also
    /// while the parse is stale as long as the line above the position did not change).
    int byteOfPosition(int position) const;
    /// Dotted YAML path of the node at @p position ("secrets.global[3].kind"), parsing first if
    /// needed; empty when nothing is there.
    QString nodePathAt(int position);

    // --- diagnostics -------------------------------------------------------------------------
    void setDiagnostics(const models::Diagnostics &diagnostics);
    const models::Diagnostics &diagnostics() const { return m_diagnostics; }

Q_SIGNALS:
    /// The typed view changed (forms refresh). Also emitted when the parse state changes.
    void modelChanged();
    void parseStateChanged(bool hasSyntaxError);
    void diagnosticsChanged();
    void modifiedChanged(bool modified);
    void readOnlyChanged(bool readOnly);
    /// Undo or redo changed the text near @p position (views move the caret there).
    void undoRedoApplied(int position);
    /// The buffer was replaced by the engine (reload, recovery).
    void bufferReplaced();
    void displayNameChanged();

private:
    void onContentsChange(int position, int removed, int added);
    void adopt(const models::YamlDocument &doc, std::shared_ptr<const models::ServiceManifest> service,
               std::shared_ptr<const models::MeshManifest> mesh, bool typedViewsGiven);
    QString editorString(const QByteArray &bytes) const;
    int positionOfByteIn(const QByteArray &bytes, int byteOffset) const;

    QPointer<engine::Document> m_doc;
    QTextDocument *m_text = nullptr;
    QUndoStack *m_undo = nullptr;
    YamlHighlighter *m_highlighter = nullptr;
    QTimer *m_syncTimer = nullptr;
    bool m_isYaml = false;
    bool m_crlf = false;
    bool m_encodingProblem = false;
    bool m_syncPending = false;
    bool m_inUndoRedo = false;
    int m_undoRedoPosition = -1;
    QString m_nextUndoText;
    quint64 m_nextGroupId = 0;
    QString m_displayName;

    models::YamlDocument m_yaml;
    bool m_parseCurrent = false;
    models::YamlDocument m_lastValid;
    models::ManifestFile::Kind m_kind = models::ManifestFile::Kind::Other;
    std::shared_ptr<const models::ServiceManifest> m_service;
    std::shared_ptr<const models::MeshManifest> m_mesh;
    models::Diagnostics m_diagnostics;
    QList<models::TextChange> m_lastChanges;
};

}  // namespace workbench::ui
