// SPDX-License-Identifier: Apache-2.0
#include "certs/verificationpanel.h"
#include "core/plural.h"

#include "common/theme.h"
#include "common/wordwrapdelegate.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using namespace workbench::models::certs;

VerificationPanel::VerificationPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    layout->addWidget(m_verdict);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("problems"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({QStringLiteral("Kind"), QStringLiteral("Name"), QStringLiteral("Reason")});
    m_list->setRootIsDecorated(false);
    // Reasons are sentences: wrapped to the column, never cut off (rows grow as needed).
    m_list->setWordWrap(true);
    m_list->setUniformRowHeights(false);
    m_list->setTextElideMode(Qt::ElideNone);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    WordWrapDelegate::install(m_list);
    layout->addWidget(m_list, 1);
    setEntry(nullptr);
}

void VerificationPanel::setEntry(const CertificateEntry *entry)
{
    m_list->clear();
    if (!entry) {
        m_verdict->setText(QStringLiteral("No certificate selected."));
        m_verdict->setStyleSheet({});
        return;
    }
    if (!entry->checked) {
        m_verdict->setText(
            entry->kind == CertificateEntry::Kind::PreviewImport
                ? QStringLiteral("Imported: verified at its origin (%1).")
                      .arg(entry->chain.isEmpty() ? QString() : entry->chain.first().subject())
                : QStringLiteral(
                      "Not verified on its own: it is an issuer in this set; its issued certificates were checked."));
        m_verdict->setStyleSheet({});
    } else if (entry->verified) {
        QString text = QStringLiteral("✓ Verified");
        if (!entry->purposes.isEmpty())
            text += QStringLiteral(" for ") + entry->purposes;
        if (!entry->verification.checkedHostnames.isEmpty())
            text += QStringLiteral("; valid for the names clients dial: ") +
                    entry->verification.checkedHostnames.join(QStringLiteral(", "));
        m_verdict->setText(text + QLatin1Char('.'));
        m_verdict->setStyleSheet(QStringLiteral("font-weight: bold;"));
    } else {
        m_verdict->setText(QStringLiteral("✗ Does not verify: %1.")
                               .arg(counted(entry->verification.problems.size(), QStringLiteral("problem"))));
        m_verdict->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(theme::errorColor().name()));
    }
    for (const VerificationProblem &p : entry->verification.problems) {
        auto *item = new QTreeWidgetItem(m_list, {QStringLiteral("problem"), p.name, p.message});
        item->setForeground(0, theme::errorColor());
        item->setToolTip(2, p.reason.isEmpty() ? p.message : p.message + QStringLiteral("\nOpenSSL: ") + p.reason);
    }
    for (const LintWarning &w : entry->lint) {
        auto *item = new QTreeWidgetItem(m_list, {QStringLiteral("warning"), w.code, w.message});
        item->setForeground(0, theme::warningColor());
        item->setToolTip(2, w.message);
    }
}

QString VerificationPanel::verdict() const
{
    return m_verdict->text();
}

QStringList VerificationPanel::rows() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        out << item->text(0) + QLatin1Char(' ') + item->text(1) + QStringLiteral(": ") + item->text(2);
    }
    return out;
}

}  // namespace workbench::ui
