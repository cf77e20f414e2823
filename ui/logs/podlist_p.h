// SPDX-License-Identifier: Apache-2.0
// The Logs area's list of pods and local services (logsarea.cpp, logsarealocal.cpp): its columns,
// item roles and the colour swatch of a source.
#pragma once

#include "logs/sconestatus.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidgetItem>

namespace workbench::ui::podlist {

constexpr int kSourceRole = Qt::UserRole + 1;    ///< a stream row: source id + 1 (0: a pod row)
constexpr int kLocalRunRole = Qt::UserRole + 2;  ///< the "Local run" row
constexpr int kPodColumn = 0, kStateColumn = 1, kSconeColumn = 2, kLinesColumn = 3;

/// The small square in a source's colour that marks its rows.
inline QIcon sourceSwatch(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(colour);
    p.setPen(colour.darker(130));
    p.drawRoundedRect(QRectF(1, 1, 10, 10), 2, 2);
    return QIcon(pixmap);
}

/// A source row's SCONE column: the status, the failure's detail, session and secret as its
/// tooltip, failing in red. @p unknownText stands for "nothing SCONE said yet".
inline void showSconeStatus(QTreeWidgetItem *item, const models::logs::SconeSourceStatus &status,
                            const QString &unknownText = {}, const QString &unknownTip = {})
{
    using models::logs::SconeStatus;
    if (status.status == SconeStatus::Unknown) {
        item->setText(kSconeColumn, unknownText);
        item->setToolTip(kSconeColumn, unknownTip);
        item->setForeground(kSconeColumn, unknownText.isEmpty() ? QBrush() : QBrush(QColor(0x75, 0x75, 0x75)));
        return;
    }
    item->setText(kSconeColumn, models::logs::sconeStatusName(status.status));
    QString tip = status.event.detail;
    if (!status.session.isEmpty())
        tip += QCoreApplication::translate("LogsArea", "\nsession: %1").arg(status.session);
    if (!status.secret.isEmpty())
        tip += QCoreApplication::translate("LogsArea", "\nsecret: %1").arg(status.secret);
    item->setToolTip(kSconeColumn, tip.trimmed());
    item->setForeground(kSconeColumn,
                        status.status == SconeStatus::Failing ? QBrush(QColor(0xc6, 0x28, 0x28)) : QBrush());
}

}  // namespace workbench::ui::podlist
