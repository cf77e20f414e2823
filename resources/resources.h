// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::resources {

/// Resource path of the bundled example project (a Qt resource directory).
QString exampleProjectResourcePath();

/// Copies the bundled example project into @p targetDir (created if missing).
/// Existing files are left alone, so a user's edits in an earlier copy are never overwritten.
/// Returns an empty string on success, otherwise a user-readable error.
QString copyExampleProject(const QString &targetDir);

} // namespace workbench::resources
