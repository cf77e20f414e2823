// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QTreeView;
class QIdentityProxyModel;

namespace workbench::models {
class ProjectFilesModel;
}

namespace workbench::ui {

/// The project's files grouped by kind, with problem badges; activating a file opens it.
class ProjectExplorer : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectExplorer(models::ProjectFilesModel *model, QWidget *parent = nullptr);
    QTreeView *view() const { return m_view; }

Q_SIGNALS:
    void fileActivated(const QString &absolutePath);

private:
    QTreeView *m_view = nullptr;
    QIdentityProxyModel *m_proxy = nullptr;
};

}  // namespace workbench::ui
