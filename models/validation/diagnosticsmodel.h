// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "validation/diagnostic.h"

#include <QAbstractTableModel>

namespace workbench::models {

/// Table of diagnostics for a problems view: columns severity, message, file, line:col, code.
/// Every cell also answers the custom roles below, so a view can jump to the position.
class DiagnosticsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, MessageColumn, FileColumn, PositionColumn, CodeColumn, ColumnCount };
    enum Role {
        FileRole = Qt::UserRole + 1,  ///< QString
        LineRole,                     ///< int, 1-based
        ColumnRole,                   ///< int, 1-based
        SeverityRole,                 ///< int (Diagnostic::Severity)
        CodeRole,                     ///< QString
        OffsetRole,                   ///< int, UTF-8 byte offset, -1 if unknown
        LengthRole,                   ///< int
    };

    explicit DiagnosticsModel(QObject *parent = nullptr);

    /// Replaces all rows (one model reset).
    void setDiagnostics(Diagnostics diagnostics);
    /// Replaces the rows of one file only (for revalidation of one buffer).
    void setDiagnosticsForFile(const QString &file, Diagnostics diagnostics);
    void clear();
    const Diagnostics &diagnostics() const { return m_diagnostics; }
    const Diagnostic *diagnosticAt(int row) const;
    int errorCount() const;
    int warningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countsChanged();

private:
    Diagnostics m_diagnostics;
};

}  // namespace workbench::models
