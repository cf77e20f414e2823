// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/renderedtext.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace workbench::ui {

class PolicyHighlighter;

/// Read-only, highlighted view of generated text (a session or a chart file) that knows, for
/// each line, the manifest line it came from. The line under the cursor shows its origin
/// below the text; double-click, Ctrl+Return or "Go to source" asks to open it.
class PolicyYamlView : public QWidget
{
    Q_OBJECT
public:
    explicit PolicyYamlView(QWidget *parent = nullptr);

    /// Shows @p text; @p projectDir only shortens the origin paths shown. Keeps the scroll
    /// position when the text is a new version of the same document (live regeneration).
    void setRenderedText(const models::policy::RenderedText &text, const QString &projectDir = {},
                         bool markVariables = true);
    void clear(const QString &placeholder = {});
    const models::policy::RenderedText &renderedText() const { return m_text; }

    QPlainTextEdit *editor() const { return m_edit; }
    /// 1-based line of the cursor.
    int currentLine() const;
    void setCurrentLine(int line);
    /// Emits sourceRequested() for @p line (1-based). False when that line has no source.
    bool jumpToSource(int line);

Q_SIGNALS:
    void sourceRequested(const models::policy::SourceRef &source);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateOrigin();

    QPlainTextEdit *m_edit = nullptr;
    PolicyHighlighter *m_highlighter = nullptr;
    QLabel *m_origin = nullptr;
    QToolButton *m_goto = nullptr;
    models::policy::RenderedText m_text;
    QString m_projectDir;
    bool m_markVariables = true;
};

}  // namespace workbench::ui
