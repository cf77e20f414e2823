// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

class QApplication;

namespace workbench::ui {

/// Look and feel: Fusion style with the system's light or dark palette, and SVG icons
/// (scalable, so they stay sharp at every device pixel ratio).
namespace theme {

/// Applies the style and, when the desktop asks for a dark scheme, a dark palette.
void apply(QApplication &app);

/// True when the current application palette is dark (window colour lightness < 50%).
bool isDark();

/// An icon from the resources, e.g. icon(":/icons/area-logs.svg").
QIcon icon(const QString &resourcePath);

/// Colours that keep their meaning in both palettes.
QColor errorColor();
QColor warningColor();
QColor infoColor();

}  // namespace theme
}  // namespace workbench::ui
