// SPDX-License-Identifier: Apache-2.0
#include "editor/recordtablemodel.h"

#include "common/theme.h"
#include "core/displaytext.h"
#include "documents/manifestedits.h"

#include <QColor>

namespace workbench::ui {

namespace {
bool isTrue(const QString &v)
{
    const QString l = v.trimmed().toLower();
    return l == QLatin1String("true") || l == QLatin1String("yes") || l == QLatin1String("on") ||
           l == QLatin1String("1");
}

QString problemIcon(int severity)
{
    switch (severity) {
    case 0:
        return QStringLiteral(":/icons/status-error.svg");
    case 1:
        return QStringLiteral(":/icons/status-warning.svg");
    default:
        return QStringLiteral(":/icons/status-info.svg");
    }
}
}  // namespace

RecordTableModel::RecordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RecordTableModel::setFields(const QList<FieldSpec> &fields)
{
    beginResetModel();
    m_fields = fields;
    endResetModel();
}

int RecordTableModel::columnOf(const QString &key) const
{
    for (int i = 0; i < m_fields.size(); ++i)
        if (m_fields.at(i).key == key)
            return i;
    return -1;
}

void RecordTableModel::setChoices(const QString &key, const QStringList &choices)
{
    const int c = columnOf(key);
    if (c < 0 || m_fields.at(c).choices == choices)
        return;
    m_fields[c].choices = choices;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, c), index(int(m_rows.size()) - 1, c), {ChoicesRole});
}

void RecordTableModel::setRows(const QList<RecordRow> &rows)
{
    // Rows are list items identified by position: shrink first, then update what is common,
    // then grow, so that views keep the selection and an open editor where they can.
    const int common = int(qMin(rows.size(), m_rows.size()));
    if (rows.size() < m_rows.size()) {
        beginRemoveRows({}, common, int(m_rows.size()) - 1);
        m_rows.resize(common);
        endRemoveRows();
    }
    for (int r = 0; r < common; ++r) {
        const RecordRow &b = rows.at(r);
        {
            const RecordRow &cur = m_rows.at(r);
            if (cur.nodePath == b.nodePath && cur.values == b.values && cur.problems == b.problems &&
                cur.severities == b.severities)
                continue;
        }
        const RecordRow a = m_rows.at(r);
        const bool rowChanged = a.problems.value(QString()) != b.problems.value(QString()) || a.nodePath != b.nodePath;
        m_rows[r] = b;
        for (int c = 0; c < m_fields.size(); ++c) {
            const QString &k = m_fields.at(c).key;
            if (rowChanged || a.values.value(k) != b.values.value(k) || a.problems.value(k) != b.problems.value(k) ||
                a.severities.value(k, -1) != b.severities.value(k, -1))
                Q_EMIT dataChanged(index(r, c), index(r, c));
        }
    }
    if (rows.size() > common) {
        beginInsertRows({}, common, int(rows.size()) - 1);
        for (qsizetype r = common; r < rows.size(); ++r)
            m_rows.append(rows.at(r));
        endInsertRows();
    }
}

void RecordTableModel::setReadOnly(bool readOnly)
{
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    if (!m_rows.isEmpty() && !m_fields.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(m_fields.size()) - 1));
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

QVariant RecordTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RecordRow &row = m_rows.at(index.row());
    const FieldSpec &f = m_fields.at(index.column());
    const QString value = row.values.value(f.key);
    QString problem = row.problems.value(f.key);
    int severity = row.severities.value(f.key, -1);
    if (problem.isEmpty() && index.column() == 0 && row.problems.contains(QString())) {
        problem = row.problems.value(QString());
        severity = row.severities.value(QString(), 0);
    }
    switch (role) {
    case Qt::DisplayRole:
        // A cell is a one-line editor: a block scalar's final line break is not shown (nor
        // typed); the form keeps it when the cell is edited.
        return f.type == FieldSpec::Type::Bool
                   ? QVariant()
                   : QVariant(models::showControlCharacters(engine::manifestedits::lineEditorText(value)));
    case Qt::EditRole:
        return engine::manifestedits::lineEditorText(value);
    case Qt::CheckStateRole:
        if (f.type == FieldSpec::Type::Bool)
            return isTrue(value) ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        return problem.isEmpty() ? QVariant() : QVariant(problem);
    case Qt::DecorationRole:
        return problem.isEmpty() ? QVariant() : QVariant(theme::icon(problemIcon(severity)));
    case NodePathRole:
        return row.nodePath;
    case FieldKeyRole:
        return f.key;
    case ChoicesRole:
        return f.choices;
    case EditableChoiceRole:
        return f.editableChoice;
    case ProblemRole:
        return problem;
    default:
        return {};
    }
}

bool RecordTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (m_readOnly || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const FieldSpec &f = m_fields.at(index.column());
    if (f.readOnly)
        return false;
    QString text;
    if (role == Qt::CheckStateRole && f.type == FieldSpec::Type::Bool)
        text = value.value<Qt::CheckState>() == Qt::Checked ? QStringLiteral("true") : QString();
    else if (role == Qt::EditRole)
        text = value.toString();
    else
        return false;
    const QString current = m_rows.at(index.row()).values.value(f.key);
    if (text == current || (role == Qt::EditRole && text == engine::manifestedits::lineEditorText(current)))
        return true;
    Q_EMIT cellEdited(index.row(), f.key, text);
    return true;
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return section >= 0 && section < m_fields.size() ? QVariant(m_fields.at(section).title) : QVariant();
    return section + 1;
}

Qt::ItemFlags RecordTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags fl = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    const FieldSpec &f = m_fields.at(index.column());
    if (!m_readOnly && !f.readOnly)
        fl |= f.type == FieldSpec::Type::Bool ? Qt::ItemIsUserCheckable : Qt::ItemIsEditable;
    return fl;
}

}  // namespace workbench::ui
