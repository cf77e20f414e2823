// SPDX-License-Identifier: Apache-2.0
#include "project/projectfilesmodel.h"
#include "core/plural.h"

namespace workbench::models {

QString categoryTitle(ProjectFileCategory category)
{
    switch (category) {
    case ProjectFileCategory::ServiceManifest:
        return QStringLiteral("Services");
    case ProjectFileCategory::MeshManifest:
        return QStringLiteral("Meshes");
    case ProjectFileCategory::CasSession:
        return QStringLiteral("CAS sessions");
    case ProjectFileCategory::OtherYaml:
        return QStringLiteral("Other YAML");
    case ProjectFileCategory::Other:
        return QStringLiteral("Other files");
    }
    return {};
}

ProjectFilesModel::ProjectFilesModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void ProjectFilesModel::setFiles(const QString &projectDir, const QList<ProjectFileInfo> &files)
{
    beginResetModel();
    m_projectDir = projectDir;
    m_files = files;
    m_groups.clear();
    const ProjectFileCategory order[] = {ProjectFileCategory::MeshManifest, ProjectFileCategory::ServiceManifest,
                                         ProjectFileCategory::CasSession, ProjectFileCategory::OtherYaml,
                                         ProjectFileCategory::Other};
    for (ProjectFileCategory c : order) {
        Group g{c, categoryTitle(c), {}};
        for (int i = 0; i < m_files.size(); ++i)
            if (m_files.at(i).category == c)
                g.fileRows.append(i);
        if (!g.fileRows.isEmpty())
            m_groups.append(g);
    }
    endResetModel();
}

QModelIndex ProjectFilesModel::indexForPath(const QString &absolutePath) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const auto &rows = m_groups.at(g).fileRows;
        for (int r = 0; r < rows.size(); ++r)
            if (m_files.at(rows.at(r)).absolutePath == absolutePath)
                return createIndex(r, 0, quintptr(g + 1));
    }
    return {};
}

void ProjectFilesModel::setProblemCounts(const QHash<QString, QPair<int, int>> &countsByPath)
{
    m_problemCounts = countsByPath;
    for (int g = 0; g < m_groups.size(); ++g) {
        const int n = int(m_groups.at(g).fileRows.size());
        if (n > 0)
            Q_EMIT dataChanged(createIndex(0, 0, quintptr(g + 1)), createIndex(n - 1, 0, quintptr(g + 1)));
    }
}

QModelIndex ProjectFilesModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, 0, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0)
        return {};
    const int g = parent.row();
    if (g >= m_groups.size() || row >= m_groups.at(g).fileRows.size())
        return {};
    return createIndex(row, 0, quintptr(g + 1));
}

QModelIndex ProjectFilesModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int ProjectFilesModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != 0)
        return 0;
    return int(m_groups.at(parent.row()).fileRows.size());
}

int ProjectFilesModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ProjectFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const Group &g = m_groups.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            return g.title;
        case IsGroupRole:
            return true;
        case CategoryRole:
            return int(g.category);
        case IconRole:
            return QStringLiteral(":/icons/folder.svg");
        default:
            return {};
        }
    }
    const ProjectFileInfo &f = m_files.at(m_groups.at(int(index.internalId() - 1)).fileRows.at(index.row()));
    const auto counts = m_problemCounts.value(f.absolutePath, {0, 0});
    switch (role) {
    case Qt::DisplayRole:
        return f.relativePath;
    case Qt::ToolTipRole: {
        QString tip = f.absolutePath;
        if (!f.kind.isEmpty())
            tip += QStringLiteral("\nkind: ") + f.kind;
        if (counts.first || counts.second)
            tip += QStringLiteral("\n%1, %2")
                       .arg(counted(counts.first, QStringLiteral("error")),
                            counted(counts.second, QStringLiteral("warning")));
        return tip;
    }
    case PathRole:
        return f.absolutePath;
    case RelativePathRole:
        return f.relativePath;
    case CategoryRole:
        return int(f.category);
    case IsGroupRole:
        return false;
    case ErrorCountRole:
        return counts.first;
    case WarningCountRole:
        return counts.second;
    case IconRole:
        if (counts.first > 0)
            return QStringLiteral(":/icons/status-error.svg");
        if (counts.second > 0)
            return QStringLiteral(":/icons/status-warning.svg");
        return f.category == ProjectFileCategory::Other ? QStringLiteral(":/icons/file-text.svg")
                                                        : QStringLiteral(":/icons/file-yaml.svg");
    default:
        return {};
    }
}

Qt::ItemFlags ProjectFilesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == 0)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> ProjectFilesModel::roleNames() const
{
    auto r = QAbstractItemModel::roleNames();
    r.insert(PathRole, "path");
    r.insert(RelativePathRole, "relativePath");
    r.insert(CategoryRole, "category");
    r.insert(IsGroupRole, "isGroup");
    r.insert(IconRole, "icon");
    return r;
}

}  // namespace workbench::models
