// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificateentries.h"

#include <QAbstractItemModel>
#include <QDateTime>

namespace workbench::models::certs {
class Clock;
}

namespace workbench::ui {

/// The chain tree of the Certificates area: CAs at the top, what they issued below, and under
/// an issued secret the sessions that import it ("⇢ flask-api"). Columns: name, session/source,
/// key, expiry (coloured: expired/not yet valid, expiring within 30 days, fine), status.
class CertificateTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, SourceColumn, KeyColumn, ExpiryColumn, StatusColumn, ColumnCount };
    enum Role { EntryIndexRole = Qt::UserRole + 1, DaysLeftRole, VerifiedRole };

    explicit CertificateTreeModel(QObject *parent = nullptr);

    void setEntries(QList<CertificateEntry> entries);
    const QList<CertificateEntry> &entries() const { return m_entries; }
    const CertificateEntry *entry(const QModelIndex &index) const;
    QModelIndex indexOfEntry(int entry, int column = 0) const;
    /// The clock for days left and colours; null = system clock. Not owned.
    void setClock(const models::certs::Clock *clock);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QDateTime now() const;
    int rowOf(int entry) const;

    QList<CertificateEntry> m_entries;
    QList<int> m_roots;
    const models::certs::Clock *m_clock = nullptr;
};

/// Days-left colour rule shared by the tree, the details and the timeline: red when expired or
/// not yet valid, amber within 30 days, otherwise invalid QColor (use the palette).
QColor expiryColor(const models::certs::Certificate &cert, const QDateTime &now);
/// "expired 3 days ago", "12 days left", "no expiry", "not valid before …".
QString expiryText(const models::certs::Certificate &cert, const QDateTime &now);

}  // namespace workbench::ui
