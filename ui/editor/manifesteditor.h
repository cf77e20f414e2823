// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "editor/editormanager.h"
#include "editor/manifestform.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QSplitter;
class QTimer;
class QToolButton;

namespace workbench::ui {

class CodeEditor;
class EditorDocument;
class ManifestForm;
class MeshForm;
class MessageBanner;
class ServiceForm;

/// One tab of the Manifests area: the form and the YAML text of one file, side by side or one
/// at a time (Ctrl+Shift+E cycles), kept in sync through the EditorDocument. Banners say when
/// the file is read-only, changed or vanished on disk, or when the text does not parse (the form
/// then shows the last valid state, read-only). The caret and the selected form row follow each
/// other; a breadcrumb shows the YAML path under the caret. Files that are not manifests get the
/// text view only (Python code, requirements).
class ManifestEditor : public QWidget
{
    Q_OBJECT
public:
    enum class ViewMode { Split, Form, Text };

    ManifestEditor(EditorDocument *document, EditorManager *manager, QWidget *parent = nullptr);
    ~ManifestEditor() override;

    EditorDocument *editorDocument() const { return m_doc; }
    CodeEditor *textEditor() const { return m_text; }
    ManifestForm *form() const { return m_form; }
    ServiceForm *serviceForm() const;
    MeshForm *meshForm() const;
    bool hasForm() const { return m_form != nullptr; }
    /// Commits what is typed in the form but not yet applied, and publishes the text to the
    /// document (before save, close, quit).
    void commitPendingInput();

    void setViewMode(ViewMode mode);
    ViewMode viewMode() const { return m_mode; }
    void cycleViewMode();

    /// Moves the caret to 1-based line/column and selects @p length code points.
    void goTo(int line, int column, int length = 0);
    /// Go to definition / find references at the caret (F2, Shift+F12).
    void goToDefinition();
    void findReferences();

    MessageBanner *fileBanner() const { return m_fileBanner; }
    MessageBanner *syntaxBanner() const { return m_syntaxBanner; }
    QLabel *breadcrumb() const { return m_breadcrumb; }

Q_SIGNALS:
    /// Go to definition landed in another file.
    void openLocationRequested(const workbench::ui::EditorLocation &location);
    void referencesRequested(const QString &secretName);
    void statusMessage(const QString &message);

private:
    void rebuildForm();
    void updateBanners();
    void updateMarkers();
    void revealPath(const QString &nodePath);
    void followCaret();
    void updateModeButtons();

    EditorDocument *m_doc;
    EditorManager *m_manager;
    QSplitter *m_splitter = nullptr;
    CodeEditor *m_text = nullptr;
    QPointer<ManifestForm> m_form;
    QWidget *m_formHolder = nullptr;
    MessageBanner *m_fileBanner = nullptr;
    MessageBanner *m_syntaxBanner = nullptr;
    QLabel *m_breadcrumb = nullptr;
    QToolButton *m_formButton = nullptr;
    QToolButton *m_textButton = nullptr;
    QToolButton *m_splitButton = nullptr;
    QTimer *m_caretTimer = nullptr;
    ViewMode m_mode = ViewMode::Split;
    int m_formKind = -1;
    bool m_revealing = false;
};

}  // namespace workbench::ui
