// SPDX-License-Identifier: Apache-2.0
#include "build/statuslight.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace workbench::ui {

QIcon statusLight(Light light)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(light));
    if (it != cache.constEnd())
        return *it;
    QColor fill;
    switch (light) {
    case Light::Off:
        fill = QColor(0xbd, 0xbd, 0xbd);
        break;
    case Light::Running:
        fill = QColor(0x1e, 0x88, 0xe5);
        break;
    case Light::Ok:
        fill = QColor(0x43, 0xa0, 0x47);
        break;
    case Light::Warning:
        fill = QColor(0xfb, 0x8c, 0x00);
        break;
    case Light::Failed:
        fill = QColor(0xe5, 0x39, 0x35);
        break;
    case Light::Skipped:
        fill = QColor(0xe0, 0xe0, 0xe0);
        break;
    }
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    {
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(fill.darker(130), 2));
        p.setBrush(light == Light::Skipped ? QBrush(Qt::NoBrush) : QBrush(fill));
        p.drawEllipse(QRectF(5, 5, 22, 22));
    }
    const QIcon icon(pixmap);
    cache.insert(int(light), icon);
    return icon;
}

}  // namespace workbench::ui
