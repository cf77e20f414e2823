// SPDX-License-Identifier: Apache-2.0
// The Logs area's list of pods and local services (logsarea.cpp, logsarealocal.cpp): its columns,
// item roles and the colour swatch of a source.
#pragma once

#include <QColor>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

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

}  // namespace workbench::ui::podlist
