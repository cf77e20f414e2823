// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIcon>

namespace workbench::ui {

/// The status lights of the Build & Deploy area.
enum class Light { Off, Running, Ok, Warning, Failed, Skipped };

/// A filled circle in the light's colour (cached).
QIcon statusLight(Light light);

}  // namespace workbench::ui
