// SPDX-License-Identifier: Apache-2.0
#include "editor/codeeditor.h"

#include "common/theme.h"

#include <QAction>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace workbench::ui {

namespace detail {
/// The gutter: line numbers and a problem mark per line. Painting is done by the editor, which
/// knows the block geometry.
class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("lineNumberArea"));
    }
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumberArea(event); }

private:
    CodeEditor *m_editor;
};
}  // namespace detail

namespace {
constexpr int kMarkWidth = 12;

QColor severityColor(TextMarker::Severity s)
{
    switch (s) {
    case TextMarker::Severity::Error:
        return theme::errorColor();
    case TextMarker::Severity::Warning:
        return theme::warningColor();
    case TextMarker::Severity::Info:
        return theme::infoColor();
    }
    return theme::errorColor();
}

QString severityLabel(TextMarker::Severity s)
{
    switch (s) {
    case TextMarker::Severity::Error:
        return QStringLiteral("Error");
    case TextMarker::Severity::Warning:
        return QStringLiteral("Warning");
    case TextMarker::Severity::Info:
        return QStringLiteral("Info");
    }
    return {};
}

int leadingSpaces(const QString &s)
{
    int n = 0;
    while (n < s.size() && s.at(n) == QLatin1Char(' '))
        ++n;
    return n;
}
}  // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("codeEditor"));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * m_indentWidth);
    setCenterOnScroll(false);
    viewport()->setMouseTracking(true);
    m_lineNumberArea = new detail::LineNumberArea(this);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { updateLineNumberAreaWidth(); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::updateExtraSelections);
    updateLineNumberAreaWidth();
    updateExtraSelections();
}

int CodeEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = qMax(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    digits = qMax(digits, 3);
    return kMarkWidth + 8 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::updateLineNumberAreaWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy)
        m_lineNumberArea->scroll(0, dy);
    else
        m_lineNumberArea->update(0, rect.y(), m_lineNumberArea->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateLineNumberAreaWidth();
}

void CodeEditor::resizeEvent(QResizeEvent *e)
{
    QPlainTextEdit::resizeEvent(e);
    const QRect cr = contentsRect();
    m_lineNumberArea->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void CodeEditor::changeEvent(QEvent *e)
{
    QPlainTextEdit::changeEvent(e);
    if (e->type() == QEvent::PaletteChange || e->type() == QEvent::ApplicationPaletteChange) {
        rebuildMarkerSelections();
        updateExtraSelections();
    } else if (e->type() == QEvent::FontChange) {
        setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * m_indentWidth);
        updateLineNumberAreaWidth();
    }
}

void CodeEditor::paintLineNumberArea(QPaintEvent *event)
{
    QPainter painter(m_lineNumberArea);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::Window));
    QTextBlock block = firstVisibleBlock();
    int blockNumber = block.blockNumber();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int current = textCursor().blockNumber();
    const int width = m_lineNumberArea->width();
    const int lineHeight = fontMetrics().height();
    painter.setRenderHint(QPainter::Antialiasing, true);
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            painter.setPen(pal.color(blockNumber == current ? QPalette::Text : QPalette::PlaceholderText));
            painter.drawText(0, top, width - 6, lineHeight, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(blockNumber + 1));
            const auto it = m_lineSeverity.constFind(blockNumber);
            if (it != m_lineSeverity.constEnd()) {
                const int d = qMin(8, lineHeight - 4);
                painter.setPen(Qt::NoPen);
                painter.setBrush(severityColor(TextMarker::Severity(it.value())));
                painter.drawEllipse(QRect(3, top + (lineHeight - d) / 2, d, d));
            }
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++blockNumber;
    }
}

int CodeEditor::positionOf(int line, int column) const
{
    const QTextBlock b = document()->findBlockByNumber(line - 1);
    if (!b.isValid())
        return -1;
    const QString text = b.text();
    int i = 0;
    for (int cp = 1; cp < column && i < text.size(); ++cp)
        i += (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
    return b.position() + i;
}

QPair<int, int> CodeEditor::caretLineColumn() const
{
    const QTextCursor c = textCursor();
    const QString text = c.block().text();
    const int pos = c.positionInBlock();
    int column = 1;
    for (int i = 0; i < pos && i < text.size(); ++i)
        if (!text.at(i).isLowSurrogate())
            ++column;
    return {c.blockNumber() + 1, column};
}

void CodeEditor::goToLine(int line, int column)
{
    const int pos = positionOf(qMax(1, line), qMax(1, column));
    if (pos < 0)
        return;
    QTextCursor c(document());
    c.setPosition(pos);
    setTextCursor(c);
    centerCursor();
}

void CodeEditor::setMarkers(const QList<TextMarker> &markers)
{
    m_markers = markers;
    rebuildMarkerSelections();
    updateExtraSelections();
    m_lineNumberArea->update();
}

void CodeEditor::setSearchMatches(const QList<QPair<int, int>> &ranges)
{
    m_searchSelections.clear();
    const QColor match = theme::isDark() ? QColor(0x6b, 0x5a, 0x1c) : QColor(0xff, 0xe8, 0x8a);
    for (const auto &r : ranges) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        sel.cursor.setPosition(r.first);
        sel.cursor.setPosition(r.first + r.second, QTextCursor::KeepAnchor);
        sel.format.setBackground(match);
        m_searchSelections.append(sel);
    }
    updateExtraSelections();
}

void CodeEditor::rebuildMarkerSelections()
{
    m_markerSelections.clear();
    m_markerSeverities.clear();
    m_lineSeverity.clear();
    for (const TextMarker &m : std::as_const(m_markers)) {
        if (m.line <= 0)
            continue;
        int start = positionOf(m.line, qMax(1, m.column));
        if (start < 0)
            continue;
        const QTextBlock block = document()->findBlock(start);
        const int blockEnd = block.position() + block.length() - 1;
        int end = -1;
        if (m.endLine > 0)
            end = positionOf(m.endLine, qMax(1, m.endColumn));
        if (end <= start) {
            // No extent: underline the token at the position (up to the next blank).
            const QString text = block.text();
            int i = start - block.position();
            while (i < text.size() && text.at(i) != QLatin1Char(' '))
                ++i;
            end = block.position() + i;
        }
        if (end <= start) {
            if (start < blockEnd) {
                end = start + 1;
            } else if (blockEnd > block.position()) {
                // At the end of the line: mark the line's content instead.
                start = block.position() + leadingSpaces(block.text());
                end = blockEnd;
            } else {
                end = start;
            }
        }
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(document());
        sel.cursor.setPosition(start);
        sel.cursor.setPosition(end, QTextCursor::KeepAnchor);
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(severityColor(m.severity));
        sel.format.setToolTip(m.message);
        m_markerSelections.append(sel);
        m_markerSeverities.append(m.severity);
        const int bn = m.line - 1;
        const auto it = m_lineSeverity.find(bn);
        if (it == m_lineSeverity.end() || int(m.severity) < it.value())
            m_lineSeverity.insert(bn, int(m.severity));
    }
}

void CodeEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection current;
    const QColor base = palette().color(QPalette::Base);
    current.format.setBackground(theme::isDark() ? base.lighter(135) : base.darker(106));
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections.append(current);
    selections += m_searchSelections;
    selections += m_markerSelections;
    setExtraSelections(selections);
}

QString CodeEditor::toolTipAt(const QPoint &viewportPos) const
{
    const QTextCursor c = cursorForPosition(viewportPos);
    const int pos = c.position();
    QStringList parts;
    for (qsizetype i = 0; i < m_markerSelections.size(); ++i) {
        const QTextCursor &s = m_markerSelections.at(i).cursor;
        if (pos >= s.selectionStart() && pos <= s.selectionEnd()) {
            const QString label = severityLabel(m_markerSeverities.value(i));
            parts << QStringLiteral("<b>%1:</b> %2")
                         .arg(label, m_markerSelections.at(i).format.toolTip().toHtmlEscaped());
        }
    }
    if (m_hoverProvider) {
        const QString extra = m_hoverProvider(pos);
        if (!extra.isEmpty())
            parts << extra;
    }
    return parts.join(QStringLiteral("<hr>"));
}

bool CodeEditor::viewportEvent(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *he = static_cast<QHelpEvent *>(e);
        const QString tip = toolTipAt(he->pos());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(he->globalPos(), tip, viewport());
        return true;
    }
    return QPlainTextEdit::viewportEvent(e);
}

void CodeEditor::keyPressEvent(QKeyEvent *e)
{
    if (e == QKeySequence::Undo) {
        Q_EMIT undoRequested();
        e->accept();
        return;
    }
    if (e == QKeySequence::Redo) {
        Q_EMIT redoRequested();
        e->accept();
        return;
    }
    const auto mods = e->modifiers() & ~Qt::KeypadModifier;
    if (e->key() == Qt::Key_F2 && mods == Qt::NoModifier) {
        Q_EMIT definitionRequested(textCursor().position());
        e->accept();
        return;
    }
    if (e->key() == Qt::Key_F12 && mods == Qt::ShiftModifier) {
        Q_EMIT referencesRequested(textCursor().position());
        e->accept();
        return;
    }
    if (!isReadOnly()) {
        if (e->key() == Qt::Key_Tab && mods == Qt::NoModifier) {
            QTextCursor c = textCursor();
            if (c.hasSelection() &&
                document()->findBlock(c.selectionStart()) != document()->findBlock(c.selectionEnd())) {
                indentSelection(false);
            } else {
                const int col = c.positionInBlock();
                c.insertText(QString(m_indentWidth - col % m_indentWidth, QLatin1Char(' ')));
                setTextCursor(c);
            }
            e->accept();
            return;
        }
        if (e->key() == Qt::Key_Backtab) {
            indentSelection(true);
            e->accept();
            return;
        }
        if ((e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) &&
            (mods == Qt::NoModifier || mods == Qt::ShiftModifier) && handleReturn()) {
            e->accept();
            return;
        }
        if (e->key() == Qt::Key_Backspace && mods == Qt::NoModifier && handleBackspace()) {
            e->accept();
            return;
        }
    }
    QPlainTextEdit::keyPressEvent(e);
}

bool CodeEditor::handleReturn()
{
    QTextCursor c = textCursor();
    const QString line = c.block().text();
    const int posInBlock = c.positionInBlock();
    const QString before = line.left(posInBlock);
    int indent = qMin(leadingSpaces(line), posInBlock);
    // Strip a trailing comment before looking at how the line ends.
    QString code = before;
    for (int i = 0; i < code.size(); ++i)
        if (code.at(i) == QLatin1Char('#') && (i == 0 || code.at(i - 1) == QLatin1Char(' '))) {
            code.truncate(i);
            break;
        }
    code = code.trimmed();
    const bool opensBlock = code.endsWith(QLatin1Char(':')) || code.endsWith(QLatin1String(": |")) ||
                            code.endsWith(QLatin1String(": >")) || code.endsWith(QLatin1String(": |-")) ||
                            code.endsWith(QLatin1String(": >-")) || code.endsWith(QLatin1String(": |+")) ||
                            code == QLatin1String("- |");
    if (opensBlock) {
        // Items after `- key:` are indented relative to the key, not the dash.
        const QString trimmedLine = before.mid(indent);
        if (trimmedLine.startsWith(QLatin1String("- ")))
            indent += 2;
        indent += m_indentWidth;
    }
    c.beginEditBlock();
    c.insertText(QStringLiteral("\n") + QString(indent, QLatin1Char(' ')));
    c.endEditBlock();
    setTextCursor(c);
    ensureCursorVisible();
    return true;
}

bool CodeEditor::handleBackspace()
{
    QTextCursor c = textCursor();
    if (c.hasSelection())
        return false;
    const int pos = c.positionInBlock();
    if (pos == 0)
        return false;
    const QString before = c.block().text().left(pos);
    if (leadingSpaces(before) != pos)
        return false;
    int n = pos % m_indentWidth;
    if (n == 0)
        n = m_indentWidth;
    c.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, qMin(n, pos));
    c.removeSelectedText();
    setTextCursor(c);
    return true;
}

void CodeEditor::indentSelection(bool unindent)
{
    QTextCursor c = textCursor();
    QTextBlock first = document()->findBlock(c.selectionStart());
    QTextBlock last = document()->findBlock(c.selectionEnd());
    if (c.hasSelection() && last != first && c.selectionEnd() == last.position())
        last = last.previous();
    c.beginEditBlock();
    for (QTextBlock b = first; b.isValid(); b = b.next()) {
        QTextCursor bc(b);
        if (unindent) {
            const int n = qMin(leadingSpaces(b.text()), m_indentWidth);
            if (n > 0) {
                bc.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, n);
                bc.removeSelectedText();
            }
        } else if (!b.text().isEmpty()) {
            bc.insertText(QString(m_indentWidth, QLatin1Char(' ')));
        }
        if (b == last)
            break;
    }
    c.endEditBlock();
}

void CodeEditor::mousePressEvent(QMouseEvent *e)
{
    if (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ControlModifier)) {
        const QTextCursor c = cursorForPosition(e->position().toPoint());
        setTextCursor(c);
        Q_EMIT definitionRequested(c.position());
        e->accept();
        return;
    }
    QPlainTextEdit::mousePressEvent(e);
}

void CodeEditor::mouseMoveEvent(QMouseEvent *e)
{
    viewport()->setCursor((e->modifiers() & Qt::ControlModifier) ? Qt::PointingHandCursor : Qt::IBeamCursor);
    QPlainTextEdit::mouseMoveEvent(e);
}

void CodeEditor::contextMenuEvent(QContextMenuEvent *e)
{
    QMenu *menu = createStandardContextMenu(e->pos());
    // The text control's own Undo/Redo would bypass the document's undo stack: replace them.
    const auto actions = menu->actions();
    QAction *firstAction = actions.value(0);
    for (QAction *a : actions)
        if (a->objectName() == QLatin1String("edit-undo") || a->objectName() == QLatin1String("edit-redo"))
            menu->removeAction(a);
    QAction *undo = new QAction(QStringLiteral("&Undo"), menu);
    undo->setShortcut(QKeySequence::Undo);
    connect(undo, &QAction::triggered, this, &CodeEditor::undoRequested);
    QAction *redo = new QAction(QStringLiteral("&Redo"), menu);
    redo->setShortcut(QKeySequence::Redo);
    connect(redo, &QAction::triggered, this, &CodeEditor::redoRequested);
    QAction *before = menu->actions().value(0);
    menu->insertAction(before, undo);
    menu->insertAction(before, redo);
    if (firstAction)
        menu->insertSeparator(before);
    const int pos = cursorForPosition(e->pos()).position();
    menu->addSeparator();
    QAction *def = menu->addAction(QStringLiteral("Go to &Definition"));
    def->setShortcut(Qt::Key_F2);
    connect(def, &QAction::triggered, this, [this, pos] { Q_EMIT definitionRequested(pos); });
    QAction *refs = menu->addAction(QStringLiteral("Find &References"));
    refs->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F12));
    connect(refs, &QAction::triggered, this, [this, pos] { Q_EMIT referencesRequested(pos); });
    menu->exec(e->globalPos());
    delete menu;
}

}  // namespace workbench::ui
