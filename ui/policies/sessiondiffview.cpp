// SPDX-License-Identifier: Apache-2.0
#include "policies/sessiondiffview.h"

#include "common/theme.h"
#include "policies/policyhighlighter.h"

#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

namespace workbench::ui {

using models::policy::DiffLine;
using models::policy::SecurityChange;

SessionDiffView::SessionDiffView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("diffHeader"));
    m_header->setWordWrap(true);
    m_header->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_header);
    auto *split = new QSplitter(Qt::Vertical, this);
    m_security = new QListWidget(split);
    m_security->setObjectName(QStringLiteral("securityChanges"));
    m_text = new QPlainTextEdit(split);
    m_text->setObjectName(QStringLiteral("diffText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *hl = new PolicyHighlighter(m_text->document());
    hl->setDiffMode(true);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({90, 400});
    layout->addWidget(split, 1);
    connect(m_security, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_diff.securityChanges.size())
            return;
        const int line = diffLineOfPreviewLine(m_diff.securityChanges.at(row).newLine);
        if (line <= 0)
            return;
        QTextCursor c(m_text->document()->findBlockByNumber(line - 1));
        m_text->setTextCursor(c);
        m_text->centerCursor();
    });
    setNoReference(QStringLiteral("No reference yet."));
}

void SessionDiffView::setNoReference(const QString &message)
{
    m_diff = {};
    m_header->setText(message);
    m_security->clear();
    m_security->hide();
    m_text->clear();
}

void SessionDiffView::setTexts(const QString &referenceLabel, const QString &referenceText, const QString &previewText)
{
    m_diff = models::policy::diffSessions(referenceText, previewText);
    int added = 0, removed = 0;
    QString body;
    for (const DiffLine &l : m_diff.lines) {
        const char *prefix = l.kind == DiffLine::Kind::Added ? "+ " : l.kind == DiffLine::Kind::Removed ? "- " : "  ";
        added += l.kind == DiffLine::Kind::Added;
        removed += l.kind == DiffLine::Kind::Removed;
        body += QLatin1String(prefix) + l.text + QLatin1Char('\n');
    }
    const int scroll = m_text->textCursor().blockNumber();
    m_text->setPlainText(body);
    QTextCursor c(m_text->document()->findBlockByNumber(std::min(scroll, m_text->document()->blockCount() - 1)));
    m_text->setTextCursor(c);

    QString header = QStringLiteral("Preview against %1: ").arg(referenceLabel);
    if (m_diff.identical())
        header += QStringLiteral("identical.");
    else
        header += QStringLiteral("%1 added, %2 removed.")
                      .arg(added == 1 ? QStringLiteral("1 line") : QStringLiteral("%1 lines").arg(added))
                      .arg(removed);
    if (!m_diff.error.isEmpty())
        header += QStringLiteral(" ") + m_diff.error;
    if (!m_diff.securityChanges.isEmpty())
        header += QStringLiteral(" <b style=\"color:%1\">%2 security relaxation%3.</b>")
                      .arg(theme::errorColor().name())
                      .arg(m_diff.securityChanges.size())
                      .arg(m_diff.securityChanges.size() == 1 ? QString() : QStringLiteral("s"));
    m_header->setText(header);

    m_security->clear();
    for (const SecurityChange &s : m_diff.securityChanges) {
        auto *item = new QListWidgetItem(models::policy::securityChangeTitle(s.kind) + QStringLiteral(": ") + s.detail,
                                         m_security);
        item->setForeground(theme::errorColor());
        item->setData(Qt::UserRole, int(s.kind));
        item->setToolTip(QStringLiteral("Security change: the CAS will check less before it releases secrets."));
    }
    m_security->setVisible(!m_diff.securityChanges.isEmpty());
}

int SessionDiffView::diffLineOfPreviewLine(int previewLine) const
{
    if (previewLine <= 0)
        return 0;
    for (int i = 0; i < m_diff.lines.size(); ++i)
        if (m_diff.lines.at(i).newLine == previewLine)
            return i + 1;
    return 0;
}

}  // namespace workbench::ui
