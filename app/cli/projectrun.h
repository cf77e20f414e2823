// SPDX-License-Identifier: Apache-2.0
// What the commands that work on a whole project (`render`, `certs`) share: the command line
// `PROJECT_DIR --out DIR [--set NAME=VALUE]...`, the deployment settings it resolves to, and
// the generated policies both start from.
#pragma once

#include "policy/deploymentsettings.h"
#include "policy/policygenerator.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::cli {

struct ProjectRunOptions {
    QString projectDir;  ///< absolute
    QString outDir;
    QList<QPair<QString, QString>> overrides;  ///< --set NAME=VALUE, in order
    bool force = false;                        ///< --force: write beside files the workbench did not write
};

/// A run of such a command once its project is loaded and its policies generated.
struct ProjectRun {
    QString command;  ///< "render", "certs": prefixes every message
    ProjectRunOptions options;
    /// The project's deployment settings with the --set overrides applied. When APP_NAMESPACE
    /// was not set, one was generated (from the release in effect) and generatedNamespace is
    /// set: keepGeneratedNamespace() stores it once the command succeeded, so that later runs
    /// use the same CAS namespace (as the tutorials keep it in release.sh).
    models::policy::DeploymentSettings settings;
    bool generatedNamespace = false;
    models::policy::PolicyPreview preview;
};

/// Parses `PROJECT_DIR --out DIR [--set NAME=VALUE]... [--force] [-h|--help]` for @p command, resolves the
/// deployment settings, loads the project and generates its policies. Returns the run, or
/// nullopt with @p exitCode set: `--help` printed @p help (ExitOk), a usage error or a failure
/// was printed (ExitUsage, ExitFailure).
std::optional<ProjectRun> prepareProjectRun(const QString &command, const QStringList &args, const char *help,
                                            int *exitCode);

/// Stores a generated APP_NAMESPACE in the project's settings file (nothing else of the run's
/// settings: --set values are for one run); nothing when none was generated. A failure is a
/// warning on stderr.
void keepGeneratedNamespace(const ProjectRun &run);

/// @p file relative to @p projectDir when it lies inside it, else unchanged.
QString displayPath(const QString &projectDir, const QString &file);

}  // namespace workbench::cli
