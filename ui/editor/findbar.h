// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "project/textsearch.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace workbench::ui {

/// Find and replace in the text view of the current file (below the editor tabs, as in Qt
/// Creator and Kate): Ctrl+F opens it with the selection as the text to find, Ctrl+H with the
/// replace row, F3 / Shift+F3 (Enter / Shift+Enter in the field) go to the next / previous match
/// and wrap around, Escape closes it. Options: case-sensitive, regular expression (replacement
/// with `\1` / `$1`). Every match is highlighted; "Replace all" is one undo level. "In project"
/// asks the window to search every project file (results in the Output pane).
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    /// The text view searched (the current tab's); null when the current tab has none.
    void setEditor(CodeEditor *editor, EditorDocument *document);
    CodeEditor *editor() const { return m_editor; }

    /// Shows the bar (with the replace row when @p withReplace), takes the editor's selection
    /// (when it is on one line) as the text to find and focuses the find field.
    void openFind(bool withReplace);
    void closeBar();

    /// Selects the next / previous match after / before the editor's selection, wrapping
    /// around. False when there is none (or the pattern is invalid).
    bool findNext();
    bool findPrevious();
    /// Replaces the selected match (if the selection is one) and selects the next one.
    bool replaceCurrent();
    /// Replaces every match as one undo level; returns how many were replaced.
    int replaceAll();

    models::TextSearchOptions options() const;
    void setOptions(const models::TextSearchOptions &options);
    void setReplacement(const QString &text);
    /// Matches in the current text (0 when none or the pattern is invalid).
    int matchCount() const { return m_matchCount; }

    QLineEdit *findEdit() const { return m_find; }
    QLineEdit *replaceEdit() const { return m_replace; }
    QToolButton *caseButton() const { return m_case; }
    QToolButton *regexButton() const { return m_regex; }
    QLabel *statusLabel() const { return m_status; }
    bool isReplaceShown() const;

Q_SIGNALS:
    /// "In project" was pressed: search every file of the project with these options.
    void findInProjectRequested(const workbench::models::TextSearchOptions &options);
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool step(bool forward);
    void refreshMatches();
    void scheduleRefresh();
    void setStatus(const QString &text, bool error = false);
    QString editorText() const;

    QPointer<CodeEditor> m_editor;
    QPointer<EditorDocument> m_document;
    QLineEdit *m_find = nullptr;
    QLineEdit *m_replace = nullptr;
    QWidget *m_replaceRow = nullptr;
    QToolButton *m_case = nullptr;
    QToolButton *m_regex = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_refresh = nullptr;
    int m_matchCount = 0;
    QMetaObject::Connection m_textConnection;
};

}  // namespace workbench::ui
