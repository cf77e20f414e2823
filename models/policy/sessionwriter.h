// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/cassession.h"
#include "policy/renderedtext.h"

namespace workbench::models::policy {

/// Writes @p session as session-language YAML: block style, fixed key order (name, version,
/// access_policy, services, images, secrets, security), `version` always quoted, every scalar
/// quoted exactly when a YAML parser could read it as something other than the same string.
/// Deterministic: equal sessions give byte-identical text. Each line remembers its source.
RenderedText writeSession(const CasSession &session);

/// Relative file path of a session in a render output: slashes become directories,
/// `ns/flask-api` -> `ns/flask-api.yaml`. Segments are sanitised so they can never escape the
/// output directory (`..`, empty segments and characters outside [A-Za-z0-9_.~-] are replaced).
QString sessionFilePath(const QString &sessionName);
/// @p slashSeparated as a relative path that stays inside the folder it is joined to: each
/// segment keeps [A-Za-z0-9_.~-], anything else becomes '_', and "", "." and ".." become
/// underscores. For files named after sessions and secrets (which come from the project).
QString safeRelativePath(const QString &slashSeparated);

}  // namespace workbench::models::policy
