// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QPlainTextEdit>

#include <functional>

namespace workbench::ui {

/// A problem to show in the text: wavy underline, gutter mark and tooltip. Lines and columns are
/// 1-based; columns count code points (as the validator reports them).
struct TextMarker {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    int line = 0;
    int column = 0;
    int endLine = 0;  ///< 0: to the end of the token at line/column
    int endColumn = 0;
    QString message;
};

/// The code editor of the workbench: QPlainTextEdit with a line-number gutter (with problem
/// marks), current-line highlight, indentation with spaces (Tab/Shift+Tab indent and unindent,
/// Enter keeps the indentation, one more level after `key:`), wavy underlines for problems and
/// tooltips. It does not own undo: the shortcuts Undo/Redo are turned into undoRequested() /
/// redoRequested() so the document's QUndoStack stays in charge (form and text edits share it).
class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);

    void setIndentWidth(int spaces) { m_indentWidth = spaces; }
    int indentWidth() const { return m_indentWidth; }

    void setMarkers(const QList<TextMarker> &markers);
    const QList<TextMarker> &markers() const { return m_markers; }
    /// Extra selections for the markers (exposed for tests: they are what gets painted).
    const QList<QTextEdit::ExtraSelection> &markerSelections() const { return m_markerSelections; }

    /// Highlights these (position, length) ranges as search matches (the find bar's).
    void setSearchMatches(const QList<QPair<int, int>> &ranges);
    int searchMatchCount() const { return int(m_searchSelections.size()); }

    /// Extra tooltip text for a document position (e.g. the secret behind `$$SCONE::x$$`).
    void setHoverProvider(std::function<QString(int position)> provider) { m_hoverProvider = std::move(provider); }

    /// Moves the caret to 1-based @p line / @p column (code points) and centres it.
    void goToLine(int line, int column = 1);
    /// Document position of 1-based line/column (code points); -1 when out of range.
    int positionOf(int line, int column) const;
    /// 1-based line and column (code points) of the caret.
    QPair<int, int> caretLineColumn() const;

    int lineNumberAreaWidth() const;
    /// Paints the gutter (called by the gutter widget).
    void paintLineNumberArea(QPaintEvent *event);

Q_SIGNALS:
    void undoRequested();
    void redoRequested();
    /// F2, or Ctrl+click at a position.
    void definitionRequested(int position);
    /// Shift+F12 (or the context menu).
    void referencesRequested(int position);

protected:
    bool viewportEvent(QEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;
    void contextMenuEvent(QContextMenuEvent *e) override;
    void changeEvent(QEvent *e) override;

private:
    void updateLineNumberAreaWidth();
    void updateLineNumberArea(const QRect &rect, int dy);
    void updateExtraSelections();
    void rebuildMarkerSelections();
    void indentSelection(bool unindent);
    bool handleReturn();
    bool handleBackspace();
    QString toolTipAt(const QPoint &viewportPos) const;

    QWidget *m_lineNumberArea = nullptr;
    int m_indentWidth = 2;
    QList<TextMarker> m_markers;
    QList<QTextEdit::ExtraSelection> m_markerSelections;
    QList<QTextEdit::ExtraSelection> m_searchSelections;
    QList<TextMarker::Severity> m_markerSeverities;  // parallel to m_markerSelections
    QHash<int, int> m_lineSeverity;                  // block number -> most severe TextMarker::Severity
    std::function<QString(int)> m_hoverProvider;
};

}  // namespace workbench::ui
