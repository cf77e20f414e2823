// SPDX-License-Identifier: Apache-2.0
#include "policies/injectedfilesview.h"

#include "common/theme.h"
#include "policies/policyhighlighter.h"
#include "policy/variableresolver.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using namespace models::policy;

namespace {

QString describeFormat(const QString &format)
{
    if (format.isEmpty())
        return QStringLiteral("default form");
    if (format == QLatin1String(".crt") || format.startsWith(QLatin1String(":crt")))
        return QStringLiteral("certificate (PEM)");
    if (format == QLatin1String(".key") || format.startsWith(QLatin1String(":privatekey")))
        return QStringLiteral("private key");
    if (format == QLatin1String(".chain"))
        return QStringLiteral("legacy chain: root first, including the certificate itself");
    if (format == QLatin1String(":chain"))
        return QStringLiteral("chain: intermediates to root, without the certificate itself");
    return format.mid(1);
}

}  // namespace

InjectedFilesView::InjectedFilesView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(this);
    m_empty->setContentsMargins(6, 4, 6, 4);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_files = new QTreeWidget(split);
    m_files->setObjectName(QStringLiteral("injectedFiles"));
    m_files->setHeaderLabels({QStringLiteral("Path"), QStringLiteral("Secrets")});
    m_files->setRootIsDecorated(false);
    m_files->header()->setStretchLastSection(true);
    auto *right = new QSplitter(Qt::Vertical, split);
    m_content = new QPlainTextEdit(right);
    m_content->setObjectName(QStringLiteral("injectedContent"));
    m_content->setReadOnly(true);
    m_content->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_content->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new PolicyHighlighter(m_content->document(), /*yaml=*/false);
    m_placeholders = new QListWidget(right);
    m_placeholders->setObjectName(QStringLiteral("injectedPlaceholders"));
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);
    connect(m_files, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *item) { showFile(item ? m_files->indexOfTopLevelItem(item) : -1); });
    connect(m_files, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const int i = m_files->indexOfTopLevelItem(item);
        if (i >= 0 && m_list.at(i).source.isValid())
            Q_EMIT sourceRequested(m_list.at(i).source);
    });
}

void InjectedFilesView::setSession(const CasSession &session)
{
    const QString selected = m_files->currentItem() ? m_files->currentItem()->text(0) : QString();
    m_session = session;
    m_list.clear();
    for (const CasImage &img : session.images)
        m_list += img.injectionFiles;
    m_files->clear();
    for (const CasInjectionFile &f : std::as_const(m_list)) {
        QStringList secrets;
        for (const SconePlaceholder &p : findSconePlaceholders(f.content))
            if (!secrets.contains(p.secret))
                secrets << p.secret;
        auto *item = new QTreeWidgetItem(m_files, {f.path, secrets.join(QStringLiteral(", "))});
        item->setToolTip(0, QStringLiteral("Double-click to open the manifest line"));
    }
    if (m_list.isEmpty()) {
        m_empty->setText(
            session.curatedImage
                ? QStringLiteral(
                      "%1 uses a curated image: its injected files are defined by the policy embedded in the image.")
                      .arg(session.name)
                : QStringLiteral("%1 injects no files.").arg(session.name));
        m_empty->show();
        m_content->clear();
        m_placeholders->clear();
        return;
    }
    m_empty->setText(
        QStringLiteral("Files %1 injects into the service's in-memory file system, as the service will see them "
                       "before the CAS fills in the marked placeholders.")
            .arg(session.name));
    if (!selectFile(selected))
        m_files->setCurrentItem(m_files->topLevelItem(0));
}

int InjectedFilesView::fileCount() const
{
    return int(m_list.size());
}

bool InjectedFilesView::selectFile(const QString &path)
{
    for (int i = 0; i < m_files->topLevelItemCount(); ++i)
        if (m_files->topLevelItem(i)->text(0) == path) {
            m_files->setCurrentItem(m_files->topLevelItem(i));
            showFile(i);
            return true;
        }
    return false;
}

void InjectedFilesView::showFile(int index)
{
    m_placeholders->clear();
    if (index < 0 || index >= m_list.size()) {
        m_content->clear();
        return;
    }
    const CasInjectionFile &f = m_list.at(index);
    if (m_content->toPlainText() != f.content)
        m_content->setPlainText(f.content);
    for (const SconePlaceholder &p : findSconePlaceholders(f.content)) {
        const CasSecret *s = m_session.secret(p.secret);
        QString where;
        QColor color;
        if (!s) {
            where = QStringLiteral("not defined or imported by this session");
            color = theme::errorColor();
        } else if (s->import) {
            where =
                s->import->sessionAbsolute.isEmpty()
                    ? QStringLiteral("imported, but no session exports it")
                    : QStringLiteral("imported from %1 (secret %2)").arg(s->import->sessionAbsolute, s->import->secret);
            if (s->import->sessionAbsolute.isEmpty())
                color = theme::errorColor();
        } else {
            where = QStringLiteral("%1 generated by this session")
                        .arg(s->kind.isEmpty() ? QStringLiteral("secret") : s->kind);
        }
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 → %2, %3").arg(f.content.mid(p.offset, p.length), describeFormat(p.format), where),
            m_placeholders);
        if (color.isValid())
            item->setForeground(color);
    }
    const QList<VariableReference> unresolved = findVariableReferences(f.content);
    for (const VariableReference &r : unresolved) {
        auto *item = new QListWidgetItem(QStringLiteral("%1 is unresolved: the service would see it literally")
                                             .arg(f.content.mid(r.offset, r.length)),
                                         m_placeholders);
        item->setForeground(theme::errorColor());
    }
}

}  // namespace workbench::ui
