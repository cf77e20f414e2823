// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatetreemodel.h"
#include "core/plural.h"

#include "certs/clock.h"
#include "common/theme.h"

#include <QColor>
#include <QFont>

namespace workbench::ui {

using namespace workbench::models::certs;

QColor expiryColor(const Certificate &cert, const QDateTime &now)
{
    if (cert.isNull())
        return {};
    if (cert.isExpiredAt(now) || cert.isNotYetValidAt(now))
        return theme::errorColor();
    if (cert.daysLeft(now) < 30)
        return theme::warningColor();
    return {};
}

QString expiryText(const Certificate &cert, const QDateTime &now)
{
    if (cert.isNull())
        return {};
    if (cert.isNotYetValidAt(now))
        return QStringLiteral("not valid before %1").arg(cert.notBefore().toString(Qt::ISODate));
    if (cert.notAfter().date().year() >= 9999)
        return QStringLiteral("no expiry");
    const qint64 days = cert.daysLeft(now);
    if (days < 0)
        return QStringLiteral("expired %1 %2 ago")
            .arg(-days)
            .arg(days == -1 ? QStringLiteral("day") : QStringLiteral("days"));
    return QStringLiteral("%1 %2 left").arg(days).arg(days == 1 ? QStringLiteral("day") : QStringLiteral("days"));
}

CertificateTreeModel::CertificateTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void CertificateTreeModel::setEntries(QList<CertificateEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    m_roots.clear();
    for (int i = 0; i < int(m_entries.size()); ++i)
        if (m_entries.at(i).parent < 0)
            m_roots << i;
    endResetModel();
}

void CertificateTreeModel::setClock(const Clock *clock)
{
    m_clock = clock;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QDateTime CertificateTreeModel::now() const
{
    return (m_clock ? *m_clock : Clock::system()).now();
}

const CertificateEntry *CertificateTreeModel::entry(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const int e = int(index.internalId());
    return e >= 0 && e < m_entries.size() ? &m_entries.at(e) : nullptr;
}

int CertificateTreeModel::rowOf(int entry) const
{
    const int p = m_entries.at(entry).parent;
    return int(p < 0 ? m_roots.indexOf(entry) : m_entries.at(p).children.indexOf(entry));
}

QModelIndex CertificateTreeModel::indexOfEntry(int entry, int column) const
{
    if (entry < 0 || entry >= m_entries.size())
        return {};
    const int row = rowOf(entry);
    return row < 0 ? QModelIndex() : createIndex(row, column, quintptr(entry));
}

QModelIndex CertificateTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const QList<int> &list = parent.isValid() ? m_entries.at(int(parent.internalId())).children : m_roots;
    if (parent.isValid() && parent.column() != 0)
        return {};
    if (row >= list.size())
        return {};
    return createIndex(row, column, quintptr(list.at(row)));
}

QModelIndex CertificateTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int p = m_entries.at(int(child.internalId())).parent;
    return p < 0 ? QModelIndex() : indexOfEntry(p, 0);
}

int CertificateTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    return int(m_entries.at(int(parent.internalId())).children.size());
}

int CertificateTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CertificateTreeModel::data(const QModelIndex &index, int role) const
{
    const CertificateEntry *e = entry(index);
    if (!e)
        return {};
    const Certificate &c = e->certificate;
    const bool import = e->kind == CertificateEntry::Kind::PreviewImport;
    if (role == EntryIndexRole)
        return int(index.internalId());
    if (role == DaysLeftRole)
        return c.daysLeft(now());
    if (role == VerifiedRole)
        return e->checked ? QVariant(e->verified) : QVariant();
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return import ? QStringLiteral("⇢ %1").arg(e->title) : e->title;
        case SourceColumn: {
            // Sessions share the policy namespace: show the part that differs (full name in the tooltip).
            const QString shown =
                e->kind == CertificateEntry::Kind::Inspected ? e->source : e->source.section(QLatin1Char('/'), -1);
            return import ? QStringLiteral("imported by %1").arg(shown) : shown;
        }
        case KeyColumn: {
            const QString a = c.keyAlgorithm();
            return a.startsWith(QLatin1String("RSA")) ? QStringLiteral("%1 %2").arg(a).arg(c.keyBits()) : a;
        }
        case ExpiryColumn:
            return expiryText(c, now());
        case StatusColumn:
            if (import)
                return QStringLiteral("same as origin");
            if (!e->checked)
                return e->lint.isEmpty() ? QString() : counted(e->lint.size(), QStringLiteral("warning"));
            if (!e->verified)
                return QString(QStringLiteral("✗ ") +
                               counted(e->verification.problems.size(), QStringLiteral("problem")));
            return e->lint.isEmpty()
                       ? QStringLiteral("✓ verified")
                       : QString(QStringLiteral("✓ verified, ") + counted(e->lint.size(), QStringLiteral("warning")));
        default:
            break;
        }
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == ExpiryColumn) {
            const QColor col = expiryColor(c, now());
            return col.isValid() ? QVariant(col) : QVariant();
        }
        if (index.column() == StatusColumn && !import) {
            if (e->checked && !e->verified)
                return theme::errorColor();
            if (!e->lint.isEmpty())
                return theme::warningColor();
        }
        if (import)
            return QColor(Qt::gray);
    }
    if (role == Qt::FontRole && index.column() == NameColumn && c.isCa() && !import) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole) {
        // The cell's own text first: the view may have cut it in the middle.
        QString tip = data(index, Qt::DisplayRole).toString() + QLatin1Char('\n') + c.subject() +
                      QStringLiteral("\nissued by ") + c.issuer();
        if (!e->source.isEmpty())
            tip += (import ? QStringLiteral("\nimported by ") : QStringLiteral("\n")) + e->source;
        if (import)
            tip += QStringLiteral("\nImported from %1: the very certificate that session issues.")
                       .arg(m_entries.at(e->linkTo).source);
        for (const VerificationProblem &p : e->verification.problems)
            tip += QStringLiteral("\n✗ ") + p.message;
        for (const LintWarning &w : e->lint)
            tip += QStringLiteral("\n⚠ ") + w.message;
        return tip;
    }
    return {};
}

QVariant CertificateTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return QStringLiteral("Certificate");
    case SourceColumn:
        return QStringLiteral("Session / source");
    case KeyColumn:
        return QStringLiteral("Key");
    case ExpiryColumn:
        return QStringLiteral("Expiry");
    case StatusColumn:
        return QStringLiteral("Verification");
    default:
        return {};
    }
}

}  // namespace workbench::ui
