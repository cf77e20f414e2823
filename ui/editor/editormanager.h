// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "core/result.h"
#include "documents/secretindex.h"
#include "validation/diagnostic.h"

#include <QHash>
#include <QObject>
#include <QPair>

#include <memory>
#include <optional>

namespace workbench::engine {
class Document;
class DocumentManager;
class ProjectAnalysis;
class ProjectSession;
class ProjectWorkspace;
}  // namespace workbench::engine
namespace workbench::models {
class DiagnosticsModel;
}

namespace workbench::ui {

class EditorDocument;

/// A place to jump to: file and 1-based line/column (code points).
struct EditorLocation {
    QString path;
    int line = 0;
    int column = 0;
    int length = 0;  ///< code points to select, 0 for none
};

/// What the editors of one window share, on top of the session's engine objects (the open
/// documents of engine::DocumentManager, the project's engine::ProjectAnalysis): one
/// EditorDocument per open file, each fed the parse and the diagnostics of its file from the
/// analysis snapshot, and the project-wide secret navigation (definition, references, hover,
/// rename as one undoable step). No widgets: the area and its tabs are views.
class EditorManager : public QObject
{
    Q_OBJECT
public:
    explicit EditorManager(engine::ProjectSession *session, QObject *parent = nullptr);
    ~EditorManager() override;

    engine::ProjectWorkspace *workspace() const { return m_workspace; }
    engine::DocumentManager *documents() const { return m_documents; }
    engine::ProjectAnalysis *analysis() const { return m_analysis; }
    /// The Problems pane's model (the analysis owns it).
    models::DiagnosticsModel *diagnosticsModel() const;

    /// Opens (or returns) the editor document of @p path.
    Result<EditorDocument *> open(const QString &path);
    EditorDocument *editorDocument(const QString &path) const;
    QList<EditorDocument *> editorDocuments() const;
    /// Closes without asking (the caller asked). Drops the buffer.
    void close(const QString &path);
    void closeAll();

    /// Debounce between a keystroke and publishing the buffer, for every editor (ms).
    void setSyncDelay(int ms);
    int syncDelay() const { return m_syncDelay; }

    /// Flushes every editor and brings the analysis up to date now (ProjectAnalysis::analyzeNow);
    /// for navigation and tests.
    void refreshNow();
    /// The analysis snapshot the editors show.
    const engine::AnalysisSnapshot &snapshot() const;
    /// The secrets of the latest snapshot.
    const engine::SecretIndex &secretIndex();

    /// UI-thread time spent applying the last snapshot (parses, forms, markers, Problems).
    qint64 lastRefreshNs() const { return m_lastRefreshNs; }

    /// The counts of the snapshot (the same everywhere).
    int errorCount() const;
    int warningCount() const;

    // --- navigation ------------------------------------------------------------------------
    /// The secret name at @p position of @p doc (placeholder, definition, import, issuer...).
    std::optional<engine::SecretSite> secretAt(EditorDocument *doc, int position);
    /// Where the secret used at @p position is defined (across files).
    std::optional<EditorLocation> definitionAt(EditorDocument *doc, int position);
    /// Every use of a secret (definitions excluded), across files.
    QList<engine::SecretSite> references(const QString &secretName);
    /// Rich text for a tooltip over @p position: the secret a `$$SCONE::name$$` resolves to.
    QString hoverTextAt(EditorDocument *doc, int position);
    /// Renames a secret and every reference in the project, as one undoable step (one undo
    /// level in each changed file, undone together). Opens the files it changes.
    Status renameSecret(const QString &oldName, const QString &newName);

    /// Undo/redo of @p doc's last level; a level that belongs to a group (a rename) is undone
    /// or redone in every document of the group.
    /// Undoes the last step of @p doc; a step that spans files (a rename) is undone in every
    /// file at once, or, when one of them has changed since, not at all (the error says which).
    Status undo(EditorDocument *doc);
    Status redo(EditorDocument *doc);

    /// Secret names by kind over the project (for the forms' combo boxes).
    QStringList secretNames(const QString &kind = {});
    /// `build.to` of every service manifest (for the mesh form's image column).
    QStringList serviceImages() const;

Q_SIGNALS:
    void documentOpened(workbench::ui::EditorDocument *doc);
    /// The editor document is about to be deleted: views showing it must go now.
    void documentAboutToClose(workbench::ui::EditorDocument *doc);
    void documentClosed(const QString &path);
    /// Diagnostics of the project were refreshed.
    void diagnosticsUpdated();
    /// The project snapshot changed (forms refresh their combo boxes).
    void projectUpdated();
    /// A rename or another project-wide operation changed these files.
    void filesEdited(const QStringList &paths);

private:
    void onSnapshot();
    /// Gives open files that share a name the path ends that tell them apart.
    void updateDisplayNames();
    Status stepGroup(EditorDocument *doc, bool undo);

    engine::ProjectWorkspace *m_workspace;
    engine::DocumentManager *m_documents = nullptr;
    engine::ProjectAnalysis *m_analysis = nullptr;
    std::shared_ptr<const engine::AnalysisSnapshot> m_snapshot;
    QHash<QString, EditorDocument *> m_editors;
    quint64 m_indexGeneration = 0;
    quint64 m_nextGroup = 1;
    QHash<quint64, QStringList> m_groupFiles;  ///< files each undo group (a rename) changed
    int m_syncDelay = 40;
    qint64 m_lastRefreshNs = 0;
    QHash<QString, QStringList> m_namesCache;  // kind -> names; valid for m_namesGeneration
    quint64 m_namesGeneration = 0;
};

}  // namespace workbench::ui
