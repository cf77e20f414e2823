// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/workbencharea.h"
#include "documents/recoverystore.h"
#include "editor/editormanager.h"
#include "project/textsearch.h"

#include <functional>

class QTabWidget;
class QLabel;
class QSplitter;
class QTreeWidget;

namespace workbench::ui {

class EditorDocument;
class FindBar;
class ManifestEditor;
class MessageBanner;

/// The Manifests area: the project's files in editor tabs (a form and the YAML text for
/// service and mesh manifests, a plain text editor for everything else), on one EditorManager
/// (documents, validation while typing, navigation). Offers to restore unsaved edits that a
/// crashed session left behind, asks before dropping unsaved changes, lists references.
class ManifestsArea : public WorkbenchArea
{
    Q_OBJECT
public:
    enum class UnsavedChoice { Save, Discard, Cancel };
    /// Asks what to do with unsaved changes to the named files (a dialog by default; tests
    /// replace it).
    using UnsavedPrompt = std::function<UnsavedChoice(const QStringList &fileNames)>;

    explicit ManifestsArea(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~ManifestsArea() override;
    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// Opens @p path in a tab (or focuses its tab). Returns false when it cannot be read.
    bool openFile(const QString &path);
    QStringList openFiles() const;
    QTabWidget *tabs() const { return m_tabs; }
    EditorManager *editorManager() const { return m_manager; }
    ManifestEditor *editor(const QString &path) const;
    ManifestEditor *currentEditor() const;
    /// Every open editor commits what is typed in its form but not applied yet.
    void commitPendingInput();
    EditorDocument *currentDocument() const;
    /// Opens the file of @p location and moves the caret there.
    bool openLocation(const EditorLocation &location);

    /// Closes a tab, asking first when it has unsaved changes. False when the user cancelled.
    bool closeFile(const QString &path);
    /// Asks about all unsaved changes (Save All / Discard / Cancel). True when it is fine to go on.
    bool confirmDiscardAll();
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_prompt = std::move(prompt); }

    bool saveCurrent();
    bool saveAll();
    void undo();
    void redo();

    /// Looks for unsaved edits of a crashed session under the project and offers them.
    void checkForRecovery();
    /// The banner that offers recovered edits. The main window shows it above every area, so
    /// that a recovery is announced whichever area the window opens on.
    MessageBanner *recoveryBanner() const { return m_recoveryBanner; }
    /// Project-relative paths of the recovered files on offer (empty when none).
    QStringList recoverableFiles() const;
    /// Restores every offered entry (what the banner's Restore button does). Returns how many.
    int restoreRecovered();
    void discardRecovered();

    /// Lists every use of @p secretName below the tabs.
    void showReferences(const QString &secretName);
    QTreeWidget *referencesView() const { return m_references; }

    /// Find and replace in the current file's text (Ctrl+F, Ctrl+H, F3, Shift+F3).
    FindBar *findBar() const { return m_findBar; }
    /// Opens the find bar on the current file (switching a form-only tab to form + text).
    void openFind(bool withReplace);
    /// The page shown while no file is open ("New Service" / "New Mesh" in a project without
    /// manifests).
    QWidget *emptyPage() const { return m_empty; }

Q_SIGNALS:
    void currentDocumentChanged(workbench::ui::EditorDocument *document);
    /// Save state or undo state of the current document changed (menus update).
    void documentStateChanged();
    /// The current document's name or modified state changed (the window title follows).
    void currentTitleChanged();
    /// Unsaved edits of a crashed session are on offer (project-relative paths).
    void recoveryOffered(const QStringList &files);
    /// A "New Service" / "New Mesh" button of the empty page was pressed.
    void newManifestRequested(bool mesh);
    /// The find bar's "In project" was pressed.
    void findInProjectRequested(const workbench::models::TextSearchOptions &options);

private:
    ManifestEditor *addEditor(EditorDocument *doc, bool activate);
    void updateTabTitle(ManifestEditor *editor);
    void updateEmptyPage();
    QString nameOf(const QString &path) const;
    void removeTab(int index);
    bool saveDocuments(const QList<EditorDocument *> &docs);

    EditorManager *m_manager = nullptr;
    QTabWidget *m_tabs = nullptr;
    QWidget *m_empty = nullptr;
    QLabel *m_emptyText = nullptr;
    QWidget *m_emptyButtons = nullptr;
    FindBar *m_findBar = nullptr;
    MessageBanner *m_recoveryBanner = nullptr;
    QSplitter *m_splitter = nullptr;
    QTreeWidget *m_references = nullptr;
    QList<engine::RecoveryEntry> m_recoverable;
    UnsavedPrompt m_prompt;
};

}  // namespace workbench::ui
