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
    /// Selects and reveals @p absolutePath (the file shown in the editor) without opening it.
    /// False when the file is not in the tree.
    bool selectFile(const QString &absolutePath);
    /// Absolute path of the selected file (empty for a group or nothing).
    QString selectedFile() const;

Q_SIGNALS:
    void fileActivated(const QString &absolutePath);

private:
    QTreeView *m_view = nullptr;
    QIdentityProxyModel *m_proxy = nullptr;
    models::ProjectFilesModel *m_model = nullptr;
};

}  // namespace workbench::ui
