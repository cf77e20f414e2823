// SPDX-License-Identifier: Apache-2.0
#include "validation/diagnosticsmodel.h"

#include "core/displaytext.h"

#include <algorithm>

namespace workbench::models {

DiagnosticsModel::DiagnosticsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void DiagnosticsModel::setDiagnostics(Diagnostics diagnostics)
{
    beginResetModel();
    m_diagnostics = std::move(diagnostics);
    endResetModel();
    Q_EMIT countsChanged();
}

void DiagnosticsModel::setDiagnosticsForFile(const QString &file, Diagnostics diagnostics)
{
    Diagnostics all;
    all.reserve(m_diagnostics.size() + diagnostics.size());
    for (const Diagnostic &d : std::as_const(m_diagnostics))
        if (d.file != file)
            all.append(d);
    for (Diagnostic &d : diagnostics) {
        d.file = file;
        all.append(std::move(d));
    }
    sortDiagnostics(all);
    setDiagnostics(std::move(all));
}

void DiagnosticsModel::clear()
{
    setDiagnostics({});
}

const Diagnostic *DiagnosticsModel::diagnosticAt(int row) const
{
    return row >= 0 && row < m_diagnostics.size() ? &m_diagnostics.at(row) : nullptr;
}

int DiagnosticsModel::errorCount() const
{
    return countSeverity(m_diagnostics, Diagnostic::Severity::Error);
}

int DiagnosticsModel::warningCount() const
{
    return countSeverity(m_diagnostics, Diagnostic::Severity::Warning);
}

int DiagnosticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diagnostics.size());
}

int DiagnosticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_diagnostics.size() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Diagnostic &d = m_diagnostics.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return d.severityName();
        // Messages quote keys and values of the files: control characters are shown, not obeyed.
        case MessageColumn:
            return showControlCharacters(d.message);
        case FileColumn:
            return showControlCharacters(d.file);
        case PositionColumn:
            return d.line > 0
                       ? QString(QString::number(d.line) + QLatin1Char(':') + QString::number(std::max(1, d.column)))
                       : QString();
        case CodeColumn:
            return d.code;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return showControlCharacters(d.toString());
    case FileRole:
        return d.file;
    case LineRole:
        return d.line;
    case ColumnRole:
        return d.column;
    case SeverityRole:
        return int(d.severity);
    case CodeRole:
        return d.code;
    case OffsetRole:
        return d.offset;
    case LengthRole:
        return d.length;
    default:
        return {};
    }
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return QStringLiteral("Severity");
    case MessageColumn:
        return QStringLiteral("Message");
    case FileColumn:
        return QStringLiteral("File");
    case PositionColumn:
        return QStringLiteral("Line:Col");
    case CodeColumn:
        return QStringLiteral("Code");
    default:
        return {};
    }
}

QHash<int, QByteArray> DiagnosticsModel::roleNames() const
{
    QHash<int, QByteArray> r = QAbstractTableModel::roleNames();
    r.insert(FileRole, QByteArrayLiteral("file"));
    r.insert(LineRole, QByteArrayLiteral("line"));
    r.insert(ColumnRole, QByteArrayLiteral("column"));
    r.insert(SeverityRole, QByteArrayLiteral("severity"));
    r.insert(CodeRole, QByteArrayLiteral("code"));
    r.insert(OffsetRole, QByteArrayLiteral("offset"));
    r.insert(LengthRole, QByteArrayLiteral("length"));
    return r;
}

}  // namespace workbench::models
