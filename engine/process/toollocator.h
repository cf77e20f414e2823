// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace workbench::engine::process {

/// Finds the executable of an external tool: the path from the settings when one is given,
/// otherwise the first match on the search path. A missing tool is an error ("process.not_found")
/// whose message says how to install it (ToolInfo) or to set its path in the settings.
class ToolLocator
{
public:
    /// @p program: a name ("helm") or a path containing '/'. @p configuredPath: from the settings
    /// (wins when set; must be an executable file). @p searchPath: directories to search
    /// (normally the child environment's PATH).
    static Result<QString> locate(const QString &program, const QString &configuredPath, const QStringList &searchPath);
};

}  // namespace workbench::engine::process
