// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "policy/cassession.h"

#include <QByteArray>
#include <QString>

namespace workbench::models {
struct CasSessionFile;
}

namespace workbench::models::policy {

/// Converts a parsed session file (models/manifest) into a CasSession (kind Other, or
/// Namespace when it has `create_sessions` and no services). Export/import references are
/// resolved against the session's own name. Sources point into @p file's file name.
CasSession sessionFromFile(const CasSessionFile &file);

/// Parses session YAML text (a generated session, a stored reference or a file the user
/// opened). Fails when the text does not parse or has no `name`.
Result<CasSession> sessionFromYaml(const QByteArray &text, const QString &fileName = {});

}  // namespace workbench::models::policy
