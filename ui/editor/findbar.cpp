// SPDX-License-Identifier: Apache-2.0
#include "editor/findbar.h"

#include "common/theme.h"
#include "core/plural.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

namespace workbench::ui {

namespace {
constexpr int kMaxHighlights = 5000;

QToolButton *optionButton(const QString &text, const QString &name, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    b->setCheckable(true);
    b->setAutoRaise(true);
    return b;
}

QPushButton *actionButton(const QString &text, const QString &name, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setToolTip(tip);
    b->setAutoDefault(false);
    return b;
}
}  // namespace

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findBar"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 3, 6, 3);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(2);

    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("findText"));
    m_find->setPlaceholderText(QStringLiteral("Find"));
    m_find->setClearButtonEnabled(true);
    m_find->installEventFilter(this);
    m_case = optionButton(QStringLiteral("Aa"), QStringLiteral("findCase"), QStringLiteral("Match case"), this);
    m_regex = optionButton(QStringLiteral(".*"), QStringLiteral("findRegex"),
                           QStringLiteral("Regular expression (replace with \\1 or $1 for a captured group)"), this);
    auto *prev = actionButton(QStringLiteral("Previous"), QStringLiteral("findPrevious"),
                              QStringLiteral("Previous match (Shift+F3)"), this);
    auto *next =
        actionButton(QStringLiteral("Next"), QStringLiteral("findNext"), QStringLiteral("Next match (F3)"), this);
    auto *inProject =
        actionButton(QStringLiteral("In project"), QStringLiteral("findInProject"),
                     QStringLiteral("Find in every file of the project (results in the Output pane)"), this);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setMinimumWidth(120);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("findClose"));
    close->setText(QStringLiteral("✕"));
    close->setToolTip(QStringLiteral("Close (Escape)"));
    close->setAutoRaise(true);

    m_replaceRow = new QWidget(this);
    auto *replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    m_replace = new QLineEdit(m_replaceRow);
    m_replace->setObjectName(QStringLiteral("replaceText"));
    m_replace->setPlaceholderText(QStringLiteral("Replace with"));
    m_replace->installEventFilter(this);
    auto *replaceOne = actionButton(QStringLiteral("Replace"), QStringLiteral("replaceOne"),
                                    QStringLiteral("Replace this match and find the next"), m_replaceRow);
    auto *replaceAllButton = actionButton(QStringLiteral("Replace all"), QStringLiteral("replaceAll"),
                                          QStringLiteral("Replace every match (one undo step)"), m_replaceRow);
    replaceLayout->addWidget(m_replace, 1);
    replaceLayout->addWidget(replaceOne);
    replaceLayout->addWidget(replaceAllButton);

    grid->addWidget(m_find, 0, 0);
    grid->addWidget(m_case, 0, 1);
    grid->addWidget(m_regex, 0, 2);
    grid->addWidget(prev, 0, 3);
    grid->addWidget(next, 0, 4);
    grid->addWidget(inProject, 0, 5);
    grid->addWidget(m_status, 0, 6);
    grid->addWidget(close, 0, 7);
    grid->addWidget(m_replaceRow, 1, 0, 1, 6);
    grid->setColumnStretch(0, 1);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(80);
    connect(m_refresh, &QTimer::timeout, this, &FindBar::refreshMatches);
    connect(m_find, &QLineEdit::textChanged, this, [this] {
        refreshMatches();
        // Find as you type: from where the selection starts, so the match grows in place.
        if (m_editor && m_matchCount > 0) {
            QTextCursor c = m_editor->textCursor();
            c.setPosition(c.selectionStart());
            m_editor->setTextCursor(c);
            findNext();
        }
    });
    connect(m_case, &QToolButton::toggled, this, &FindBar::refreshMatches);
    connect(m_regex, &QToolButton::toggled, this, &FindBar::refreshMatches);
    connect(next, &QPushButton::clicked, this, &FindBar::findNext);
    connect(prev, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replaceCurrent);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(inProject, &QPushButton::clicked, this, [this] {
        if (!m_find->text().isEmpty())
            Q_EMIT findInProjectRequested(options());
    });
    connect(close, &QToolButton::clicked, this, &FindBar::closeBar);
    hide();
}

void FindBar::setEditor(CodeEditor *editor, EditorDocument *document)
{
    if (m_editor == editor)
        return;
    if (m_editor)
        m_editor->setSearchMatches({});
    disconnect(m_textConnection);
    m_editor = editor;
    m_document = document;
    if (m_editor)
        m_textConnection =
            connect(m_editor->document(), &QTextDocument::contentsChanged, this, &FindBar::scheduleRefresh);
    refreshMatches();
}

bool FindBar::isReplaceShown() const
{
    return m_replaceRow->isVisible();
}

models::TextSearchOptions FindBar::options() const
{
    models::TextSearchOptions o;
    o.pattern = m_find->text();
    o.caseSensitive = m_case->isChecked();
    o.regex = m_regex->isChecked();
    return o;
}

void FindBar::setOptions(const models::TextSearchOptions &options)
{
    const QSignalBlocker b1(m_case), b2(m_regex);
    m_case->setChecked(options.caseSensitive);
    m_regex->setChecked(options.regex);
    m_find->setText(options.pattern);
    refreshMatches();
}

void FindBar::setReplacement(const QString &text)
{
    m_replace->setText(text);
}

void FindBar::openFind(bool withReplace)
{
    if (m_editor) {
        const QTextCursor c = m_editor->textCursor();
        if (c.hasSelection() && c.block() == m_editor->document()->findBlock(c.selectionStart()) &&
            c.block() == m_editor->document()->findBlock(c.selectionEnd())) {
            const QSignalBlocker block(m_find);
            m_find->setText(c.selectedText());
        }
    }
    m_replaceRow->setVisible(withReplace);
    show();
    refreshMatches();
    m_find->setFocus();
    m_find->selectAll();
}

void FindBar::closeBar()
{
    hide();
    if (m_editor) {
        m_editor->setSearchMatches({});
        m_editor->setFocus();
    }
}

QString FindBar::editorText() const
{
    if (!m_editor)
        return {};
    // Raw text keeps one character per position (toPlainText() maps nbsp to a space).
    QString s = m_editor->document()->toRawText();
    for (QChar &c : s)
        if (c == QChar::ParagraphSeparator || c == QChar::LineSeparator)
            c = QLatin1Char('\n');
    return s;
}

void FindBar::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: %1;").arg(theme::errorColor().name()) : QString());
}

void FindBar::scheduleRefresh()
{
    if (isVisible())
        m_refresh->start();
}

void FindBar::refreshMatches()
{
    m_matchCount = 0;
    if (!m_editor) {
        setStatus(QStringLiteral("No text view"));
        return;
    }
    if (m_find->text().isEmpty()) {
        m_editor->setSearchMatches({});
        setStatus({});
        return;
    }
    const auto re = models::compileTextSearch(options());
    if (!re) {
        m_editor->setSearchMatches({});
        setStatus(re.error().message, true);
        return;
    }
    const QList<models::TextMatch> matches = models::findAllMatches(editorText(), re.value());
    m_matchCount = int(matches.size());
    QList<QPair<int, int>> ranges;
    if (isVisible())
        for (qsizetype i = 0; i < matches.size() && i < kMaxHighlights; ++i)
            ranges.append({matches.at(i).start, matches.at(i).length});
    m_editor->setSearchMatches(ranges);
    setStatus(m_matchCount == 0 ? QStringLiteral("No matches")
                                : counted(m_matchCount, QStringLiteral("match"), QStringLiteral("matches")),
              m_matchCount == 0);
}

bool FindBar::findNext()
{
    return step(true);
}

bool FindBar::findPrevious()
{
    return step(false);
}

bool FindBar::step(bool forward)
{
    if (!m_editor || m_find->text().isEmpty())
        return false;
    const auto re = models::compileTextSearch(options());
    if (!re) {
        setStatus(re.error().message, true);
        return false;
    }
    const QList<models::TextMatch> matches = models::findAllMatches(editorText(), re.value());
    m_matchCount = int(matches.size());
    if (matches.isEmpty()) {
        setStatus(QStringLiteral("No matches"), true);
        return false;
    }
    const QTextCursor cur = m_editor->textCursor();
    qsizetype pick = -1;
    bool wrapped = false;
    if (forward) {
        for (qsizetype i = 0; i < matches.size() && pick < 0; ++i)
            if (matches.at(i).start >= cur.selectionEnd() ||
                (!cur.hasSelection() && matches.at(i).start >= cur.position()))
                pick = i;
        if (pick < 0) {
            pick = 0;
            wrapped = true;
        }
    } else {
        for (qsizetype i = matches.size() - 1; i >= 0 && pick < 0; --i)
            if (matches.at(i).start < cur.selectionStart())
                pick = i;
        if (pick < 0) {
            pick = matches.size() - 1;
            wrapped = true;
        }
    }
    const models::TextMatch &m = matches.at(pick);
    QTextCursor c(m_editor->document());
    c.setPosition(m.start);
    c.setPosition(m.start + m.length, QTextCursor::KeepAnchor);
    m_editor->setTextCursor(c);
    m_editor->ensureCursorVisible();
    setStatus(QStringLiteral("%1 of %2%3")
                  .arg(pick + 1)
                  .arg(matches.size())
                  .arg(wrapped ? (forward ? QStringLiteral(" (from the top)") : QStringLiteral(" (from the end)"))
                               : QString()));
    return true;
}

bool FindBar::replaceCurrent()
{
    if (!m_editor || !m_document || m_find->text().isEmpty())
        return false;
    const auto re = models::compileTextSearch(options());
    if (!re) {
        setStatus(re.error().message, true);
        return false;
    }
    const QTextCursor cur = m_editor->textCursor();
    bool replaced = false;
    if (cur.hasSelection()) {
        // Only a selection that is exactly a match is replaced (else: find the next first).
        const QString text = editorText();
        const QRegularExpressionMatch m = re.value().match(text, cur.selectionStart(), QRegularExpression::NormalMatch,
                                                           QRegularExpression::AnchorAtOffsetMatchOption);
        if (m.hasMatch() && m.capturedStart() == cur.selectionStart() && m.capturedEnd() == cur.selectionEnd()) {
            const QString with = models::expandReplacement(m, m_replace->text(), options().regex);
            const int start = cur.selectionStart();
            if (const Status s =
                    m_document->replaceTextRanges({{start, int(m.capturedLength()), with}}, QStringLiteral("Replace"));
                !s) {
                Q_EMIT message(s.error().message);
                return false;
            }
            QTextCursor after(m_editor->document());
            after.setPosition(start + int(with.size()));
            m_editor->setTextCursor(after);
            replaced = true;
        }
    }
    refreshMatches();
    findNext();
    return replaced;
}

int FindBar::replaceAll()
{
    if (!m_editor || !m_document || m_find->text().isEmpty())
        return 0;
    const auto re = models::compileTextSearch(options());
    if (!re) {
        setStatus(re.error().message, true);
        return 0;
    }
    const QString text = editorText();
    QList<EditorDocument::TextRangeReplacement> edits;
    QRegularExpressionMatchIterator it = re.value().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength() == 0)
            continue;
        edits.append({int(m.capturedStart()), int(m.capturedLength()),
                      models::expandReplacement(m, m_replace->text(), options().regex)});
    }
    if (edits.isEmpty()) {
        setStatus(QStringLiteral("No matches"), true);
        return 0;
    }
    const int n = int(edits.size());
    if (const Status s = m_document->replaceTextRanges(std::move(edits), QStringLiteral("Replace All")); !s) {
        Q_EMIT message(s.error().message);
        return 0;
    }
    refreshMatches();
    setStatus(QStringLiteral("Replaced %1").arg(counted(n, QStringLiteral("match"), QStringLiteral("matches"))));
    Q_EMIT message(QStringLiteral("Replaced %1 in %2.")
                       .arg(counted(n, QStringLiteral("match"), QStringLiteral("matches")), m_document->displayName()));
    return n;
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && (watched == m_find || watched == m_replace)) {
        auto *ke = static_cast<QKeyEvent *>(event);
        if (ke->key() == Qt::Key_Escape) {
            closeBar();
            return true;
        }
        if (ke->key() == Qt::Key_Return || ke->key() == Qt::Key_Enter) {
            if (watched == m_replace)
                replaceCurrent();
            else if (ke->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace workbench::ui
