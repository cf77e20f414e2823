// SPDX-License-Identifier: Apache-2.0
// What the commands that work on a whole project (`render`, `certs`) share: the command line
// `PROJECT_DIR --out DIR [--set NAME=VALUE]...` and the deployment settings it resolves to.
#pragma once

#include "policy/deploymentsettings.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace workbench::cli {

struct ProjectRunOptions {
    QString projectDir;  ///< absolute
    QString outDir;
    QList<QPair<QString, QString>> overrides;  ///< --set NAME=VALUE, in order
};

/// Parses `PROJECT_DIR --out DIR [--set NAME=VALUE]... [-h|--help]` for @p command. Returns
/// ExitOk with @p options filled, or the exit code to end with: usage errors are printed here,
/// and `--help` prints @p help and sets @p helpShown (exit code ExitOk).
int parseProjectRunOptions(const QString &command, const QStringList &args, const char *help,
                           ProjectRunOptions *options, bool *helpShown);

/// The project's deployment settings with the --set overrides applied. When APP_NAMESPACE is
/// not set, one is generated (from the release in effect) into @p settings and
/// @p generatedNamespace is set: the command keeps it with keepGeneratedNamespace() once it
/// succeeded, so that later runs use the same CAS namespace (as the tutorials keep it in
/// release.sh). Returns ExitOk, or the exit code after printing why.
int resolveProjectSettings(const QString &command, const ProjectRunOptions &options,
                           models::policy::DeploymentSettings *settings, bool *generatedNamespace);

/// Stores @p appNamespace in the project's settings file (nothing else of the run's settings:
/// --set values are for one run). A failure is a warning on stderr.
void keepGeneratedNamespace(const QString &command, const ProjectRunOptions &options, const QString &appNamespace);

/// @p file relative to @p projectDir when it lies inside it, else unchanged.
QString displayPath(const QString &projectDir, const QString &file);

}  // namespace workbench::cli
