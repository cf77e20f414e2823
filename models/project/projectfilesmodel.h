// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "project/projectfiles.h"

#include <QAbstractItemModel>
#include <QHash>

namespace workbench::models {

/// The project explorer's tree: groups (services, meshes, CAS sessions, other YAML, other
/// files) with the project's files below them. Qt Core only: icons are named by resource path
/// in IconRole and turned into QIcons by the view layer.
class ProjectFilesModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,  ///< absolute path (files only)
        RelativePathRole,
        CategoryRole,  ///< int(ProjectFileCategory)
        IsGroupRole,
        IconRole,  ///< resource path of an SVG icon
        ErrorCountRole,
        WarningCountRole,
    };

    explicit ProjectFilesModel(QObject *parent = nullptr);

    void setFiles(const QString &projectDir, const QList<ProjectFileInfo> &files);
    QString projectDir() const { return m_projectDir; }
    const QList<ProjectFileInfo> &files() const { return m_files; }
    QModelIndex indexForPath(const QString &absolutePath) const;

    /// Problem badges per file (absolute path -> counts). Files not in the map have none.
    void setProblemCounts(const QHash<QString, QPair<int, int>> &countsByPath);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Group {
        ProjectFileCategory category;
        QString title;
        QList<int> fileRows;  ///< indices into m_files
    };
    // Internal ids: 0 = top-level group; n > 0 = file of group (n - 1).
    QString m_projectDir;
    QList<ProjectFileInfo> m_files;
    QList<Group> m_groups;
    QHash<QString, QPair<int, int>> m_problemCounts;
};

QString categoryTitle(ProjectFileCategory category);

}  // namespace workbench::models
