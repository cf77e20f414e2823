// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/templaterender.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace workbench::models::build {

/// @p relative as a clean path inside a folder (`./a//b` -> `a/b`). Fails (`build.path`) for
/// an empty or absolute path and for one that leaves the folder (`..`).
Result<QString> cleanProjectPath(const QString &relative);

/// Checks that @p workDir may receive the rendered files and build contexts of @p projectDir:
/// it must be outside the project and must not contain it (the rendered tree mirrors the
/// project's, so writing either way could overwrite project files). Fails with `build.workdir`.
Status checkWorkFolder(const QString &projectDir, const QString &workDir);

/// Creates @p path and its missing parents with mode 0700 (the working folder may hold a
/// signing key). Fails (`build.write`) when it cannot.
Status makePrivateFolder(const QString &path);

/// Writes @p bytes to `workDir/relative` (replacing it), creating missing folders with mode
/// 0700 (the working folder may hold a signing key). Fails (`build.write`) on I/O errors and
/// for a relative path that leaves the folder.
Status writeWorkFile(const QString &workDir, const QString &relative, const QByteArray &bytes);

/// Writes each rendered manifest to `workDir/outputPath`.
Status writeRenderedManifests(const QString &workDir, const QList<RenderedManifest> &files);

}  // namespace workbench::models::build
