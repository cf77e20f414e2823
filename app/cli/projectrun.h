// SPDX-License-Identifier: Apache-2.0
// What the commands that work on a whole project (`render`, `certs`) share: the command line
// `PROJECT_DIR --out DIR [--set NAME=VALUE]...`, the deployment settings it resolves to, and
// the generated policies both start from.
#pragma once

#include "analysis/analysissnapshot.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace workbench::cli {

struct ProjectRunOptions {
    QString projectDir;  ///< absolute
    QString outDir;
    QList<QPair<QString, QString>> overrides;  ///< --set NAME=VALUE, in order
    bool force = false;                        ///< --force: write beside files the workbench did not write
};

/// A run of such a command once its project is analysed.
struct ProjectRun {
    QString command;  ///< "render", "certs": prefixes every message
    ProjectRunOptions options;
    /// The project analysed exactly as the workbench's window analyses it (engine's
    /// analyzeProject()): the settings with the --set overrides applied (APP_NAMESPACE proposed
    /// when unset, never written), the one diagnostics list, the generated policies. The run
    /// reads the project and writes nothing into it (see prepareProjectRun() for what it keeps).
    engine::AnalysisSnapshot analysis;
};

/// Parses `PROJECT_DIR --out DIR [--set NAME=VALUE]... [--force] [-h|--help]` for @p command and
/// analyses the project. Returns the run (kept until the process exits: keepUntilExit()), or null
/// with @p exitCode set: `--help` printed @p help
/// (ExitOk), a usage error or a failure was printed (ExitUsage, ExitFailure).
/// The run keeps what the commands read: the diagnostics, settings, policies and certificate
/// secrets, not the parsed files (`analysis.project` is empty), the secret index, nor the texts
/// of the sessions and the chart (models::policy::writePolicyTexts() writes them from the run:
/// the same diagnostics either way).
std::shared_ptr<const ProjectRun> prepareProjectRun(const QString &command, const QStringList &args, const char *help,
                                                    int *exitCode);

/// Prints @p diagnostics (errors and warnings; paths relative to @p projectDir) on stderr and
/// returns how many errors there are. When there are any, also prints
/// "scone-workbench: COMMAND: N errors<errorsSuffix>".
int reportDiagnostics(const QString &command, const QString &projectDir, const models::Diagnostics &diagnostics,
                      const QString &errorsSuffix);
/// The same for @p run: "scone-workbench: COMMAND: N errors, nothing written".
int reportDiagnostics(const ProjectRun &run);

/// @p file relative to @p projectDir when it lies inside it, else unchanged.
QString displayPath(const QString &projectDir, const QString &file);

}  // namespace workbench::cli
