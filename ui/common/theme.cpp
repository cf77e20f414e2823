// SPDX-License-Identifier: Apache-2.0
#include "common/theme.h"

#include <QApplication>
#include <QHash>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>

namespace workbench::ui::theme {

namespace {
bool desktopPrefersDark()
{
    // Qt 6.4 has no QStyleHints::colorScheme(); read what desktops publish instead.
    const QByteArray gtkTheme = qgetenv("GTK_THEME").toLower();
    if (gtkTheme.endsWith(":dark") || gtkTheme.contains("-dark"))
        return true;
    const QByteArray scheme = qgetenv("SCONE_WORKBENCH_COLOR_SCHEME").toLower();
    if (scheme == "dark")
        return true;
    // A platform theme (KDE, GNOME via qgnomeplatform) may already hand us a dark palette.
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    const QColor highlight(0x35, 0x74, 0xf0), disabled(0x7f, 0x84, 0x8b);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa7, 0xff));
    p.setColor(QPalette::Mid, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1c));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}
}  // namespace

void apply(QApplication &app)
{
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    if (desktopPrefersDark())
        QApplication::setPalette(darkPalette());
    else
        QApplication::setPalette(QApplication::style()->standardPalette());
    Q_UNUSED(app);
}

bool isDark()
{
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

QIcon icon(const QString &resourcePath)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(resourcePath);
    if (it == cache.end())
        it = cache.insert(resourcePath, QIcon(resourcePath));
    return it.value();
}

QColor errorColor()
{
    return isDark() ? QColor(0xff, 0x6b, 0x61) : QColor(0xc0, 0x1c, 0x28);
}
QColor warningColor()
{
    return isDark() ? QColor(0xf6, 0xc3, 0x42) : QColor(0xb3, 0x6b, 0x00);
}
QColor infoColor()
{
    return isDark() ? QColor(0x78, 0xae, 0xed) : QColor(0x1c, 0x71, 0xd8);
}

}  // namespace workbench::ui::theme
