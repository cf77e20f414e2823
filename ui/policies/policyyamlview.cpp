// SPDX-License-Identifier: Apache-2.0
#include "policies/policyyamlview.h"

#include "policies/policyhighlighter.h"

#include <QDir>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

PolicyYamlView::PolicyYamlView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(QStringLiteral("policyYaml"));
    m_edit->setReadOnly(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_edit->viewport()->installEventFilter(this);
    m_edit->installEventFilter(this);
    m_highlighter = new PolicyHighlighter(m_edit->document());
    layout->addWidget(m_edit, 1);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 0, 4, 2);
    m_origin = new QLabel(this);
    m_origin->setObjectName(QStringLiteral("policyYamlOrigin"));
    m_origin->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_goto = new QToolButton(this);
    m_goto->setText(QStringLiteral("Go to source"));
    m_goto->setToolTip(
        QStringLiteral("Open the manifest line this line was generated from (double-click, Ctrl+Return)"));
    m_goto->setEnabled(false);
    bar->addWidget(m_origin, 1);
    bar->addWidget(m_goto);
    layout->addLayout(bar);

    connect(m_edit, &QPlainTextEdit::cursorPositionChanged, this, &PolicyYamlView::updateOrigin);
    connect(m_goto, &QToolButton::clicked, this, [this] { jumpToSource(currentLine()); });
    updateOrigin();
}

void PolicyYamlView::setRenderedText(const models::policy::RenderedText &text, const QString &projectDir,
                                     bool markVariables)
{
    m_projectDir = projectDir;
    const bool sameText = text.text == m_edit->toPlainText();
    m_text = text;
    if (markVariables != m_markVariables) {
        m_markVariables = markVariables;
        m_highlighter->setMarkVariables(markVariables);
    }
    if (!sameText) {
        const int scroll = m_edit->verticalScrollBar()->value();
        const int line = currentLine();
        m_edit->setPlainText(text.text);
        setCurrentLine(line);
        m_edit->verticalScrollBar()->setValue(scroll);
    }
    updateOrigin();
}

void PolicyYamlView::clear(const QString &placeholder)
{
    m_text = {};
    m_edit->setPlainText(QString());
    m_edit->setPlaceholderText(placeholder);
    updateOrigin();
}

int PolicyYamlView::currentLine() const
{
    return m_edit->textCursor().blockNumber() + 1;
}

void PolicyYamlView::setCurrentLine(int line)
{
    const QTextBlock block = m_edit->document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor c(block);
    m_edit->setTextCursor(c);
    m_edit->centerCursor();
}

bool PolicyYamlView::jumpToSource(int line)
{
    const models::policy::SourceRef src = m_text.sourceOfLine(line);
    if (!src.isValid())
        return false;
    Q_EMIT sourceRequested(src);
    return true;
}

bool PolicyYamlView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        jumpToSource(currentLine());
        return false;
    }
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *ke = static_cast<QKeyEvent *>(event);
        if ((ke->key() == Qt::Key_Return || ke->key() == Qt::Key_Enter) && (ke->modifiers() & Qt::ControlModifier)) {
            jumpToSource(currentLine());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PolicyYamlView::updateOrigin()
{
    const models::policy::SourceRef src = m_text.sourceOfLine(currentLine());
    m_goto->setEnabled(src.isValid());
    if (!src.isValid()) {
        m_origin->setText(
            m_text.text.isEmpty()
                ? QString()
                : QStringLiteral("Line %1: structure, not from a single manifest line").arg(currentLine()));
        return;
    }
    QString file = src.file;
    if (!m_projectDir.isEmpty()) {
        const QString rel = QDir(m_projectDir).relativeFilePath(file);
        if (!rel.startsWith(QLatin1String("..")))
            file = rel;
    }
    m_origin->setText(QStringLiteral("Line %1 comes from %2:%3").arg(currentLine()).arg(file).arg(src.line));
}

}  // namespace workbench::ui
