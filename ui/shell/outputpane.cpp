// SPDX-License-Identifier: Apache-2.0
#include "shell/outputpane.h"

#include "shell/theme.h"
#include "validation/diagnosticsmodel.h"

#include <QDateTime>
#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace workbench::ui {

namespace detail {
/// Presentation of the Problems table: relative file names and severity icons. Every other
/// role (FileRole, LineRole, ...) passes through unchanged.
class ProblemsProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    void setProjectDir(const QString &dir)
    {
        m_dir = dir;
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, models::DiagnosticsModel::FileColumn),
                               index(rowCount() - 1, models::DiagnosticsModel::FileColumn), {Qt::DisplayRole});
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DisplayRole && index.column() == models::DiagnosticsModel::FileColumn && !m_dir.isEmpty()) {
            const QString file = QIdentityProxyModel::data(index, models::DiagnosticsModel::FileRole).toString();
            if (file.startsWith(m_dir + QLatin1Char('/')))
                return file.mid(m_dir.size() + 1);
        }
        if (role == Qt::DecorationRole && index.column() == models::DiagnosticsModel::SeverityColumn) {
            switch (QIdentityProxyModel::data(index, models::DiagnosticsModel::SeverityRole).toInt()) {
            case int(models::Diagnostic::Severity::Error):
                return theme::icon(QStringLiteral(":/icons/status-error.svg"));
            case int(models::Diagnostic::Severity::Warning):
                return theme::icon(QStringLiteral(":/icons/status-warning.svg"));
            default:
                return theme::icon(QStringLiteral(":/icons/status-info.svg"));
            }
        }
        if (role == Qt::ToolTipRole && index.column() == models::DiagnosticsModel::MessageColumn)
            return QIdentityProxyModel::data(index, Qt::DisplayRole);
        return QIdentityProxyModel::data(index, role);
    }

private:
    QString m_dir;
};
}  // namespace detail

OutputPane::OutputPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::North);

    m_problems = new QTreeView(m_tabs);
    m_problems->setObjectName(QStringLiteral("problemsView"));
    m_problems->setRootIsDecorated(false);
    m_problems->setUniformRowHeights(true);
    m_problems->setAlternatingRowColors(true);
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setSortingEnabled(false);
    m_problemsProxy = new detail::ProblemsProxy(this);
    connect(m_problems, &QTreeView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT problemActivated(m_problemsProxy->mapToSource(index)); });

    m_output = new QPlainTextEdit(m_tabs);
    m_output->setObjectName(QStringLiteral("outputView"));
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(10000);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_tabs->addTab(m_problems, QStringLiteral("Problems"));
    m_tabs->addTab(m_output, QStringLiteral("Output"));
    layout->addWidget(m_tabs);
}

void OutputPane::setProblemsModel(QAbstractItemModel *model)
{
    m_problemsProxy->setSourceModel(model);
    m_problems->setModel(m_problemsProxy);
    QHeaderView *h = m_problems->header();
    h->setStretchLastSection(false);
    if (model->columnCount() == models::DiagnosticsModel::ColumnCount) {
        h->setSectionResizeMode(models::DiagnosticsModel::SeverityColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(models::DiagnosticsModel::MessageColumn, QHeaderView::Stretch);
        h->setSectionResizeMode(models::DiagnosticsModel::FileColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(models::DiagnosticsModel::PositionColumn, QHeaderView::ResizeToContents);
        h->setSectionResizeMode(models::DiagnosticsModel::CodeColumn, QHeaderView::ResizeToContents);
    } else {
        h->setStretchLastSection(true);
    }
}

void OutputPane::setProjectDir(const QString &dir)
{
    static_cast<detail::ProblemsProxy *>(m_problemsProxy)->setProjectDir(dir);
}

void OutputPane::appendMessage(const QString &message)
{
    m_output->appendPlainText(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss  ")) + message);
}

void OutputPane::showProblems()
{
    m_tabs->setCurrentWidget(m_problems);
}

void OutputPane::showOutput()
{
    m_tabs->setCurrentWidget(m_output);
}

}  // namespace workbench::ui
