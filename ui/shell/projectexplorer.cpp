// SPDX-License-Identifier: Apache-2.0
#include "shell/projectexplorer.h"

#include "common/theme.h"
#include "project/projectfilesmodel.h"

#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace workbench::ui {

namespace {
/// Turns the model's icon resource paths into QIcons (models/ has no QtGui).
class IconProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole) {
            const QString path = QIdentityProxyModel::data(index, models::ProjectFilesModel::IconRole).toString();
            return path.isEmpty() ? QVariant() : QVariant(theme::icon(path));
        }
        if (role == Qt::FontRole && QIdentityProxyModel::data(index, models::ProjectFilesModel::IsGroupRole).toBool()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return QIdentityProxyModel::data(index, role);
    }
};
}  // namespace

ProjectExplorer::ProjectExplorer(models::ProjectFilesModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_proxy = new IconProxy(this);
    m_proxy->setSourceModel(model);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("projectTree"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setExpandsOnDoubleClick(true);
    layout->addWidget(m_view);

    connect(model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString path = index.data(models::ProjectFilesModel::PathRole).toString();
        if (!path.isEmpty())
            Q_EMIT fileActivated(path);
    });
}

bool ProjectExplorer::selectFile(const QString &absolutePath)
{
    const QModelIndex source = m_model->indexForPath(absolutePath);
    if (!source.isValid())
        return false;
    const QModelIndex index = m_proxy->mapFromSource(source);
    m_view->expand(index.parent());
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
    return true;
}

QString ProjectExplorer::selectedFile() const
{
    return m_view->currentIndex().data(models::ProjectFilesModel::PathRole).toString();
}

}  // namespace workbench::ui
