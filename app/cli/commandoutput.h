// SPDX-License-Identifier: Apache-2.0
// How `render --out` and `certs --out` write their folder: through models::writeOutputFolder()
// (which owns the rules), with the command's messages. The one place the commands touch for it.
#pragma once

#include "core/outputfolder.h"

#include <QList>
#include <QString>

#include <optional>

namespace workbench::cli {

/// Writes @p files into @p outDir (`--force` as @p force). On failure prints
/// "scone-workbench: COMMAND: MESSAGE" on stderr (for files the workbench did not write, with a
/// hint at --force) and returns nullopt.
std::optional<models::OutputWriteResult> writeCommandOutput(const QString &command, const QString &outDir,
                                                            const QList<models::OutputFile> &files, bool force);

}  // namespace workbench::cli
