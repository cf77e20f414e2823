// SPDX-License-Identifier: Apache-2.0
#include "cli/projectrun.h"

#include "cli/cli.h"
#include "manifest/manifestproject.h"
#include "policy/projectsettings.h"

#include <QDir>
#include <QFileInfo>

namespace workbench::cli {

using namespace workbench::models::policy;

namespace {

/// Parses the options; ExitOk with @p options filled, or the exit code to end with (usage errors
/// printed here; `--help` prints @p help and sets @p helpShown).
int parseProjectRunOptions(const QString &command, const QStringList &args, const char *help,
                           ProjectRunOptions *options, bool *helpShown)
{
    *helpShown = false;
    const QString prefix = command + QStringLiteral(": ");
    ProjectRunOptions o;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(help);
            out().flush();
            *helpShown = true;
            return ExitOk;
        }
        // `--name VALUE` or `--name=VALUE`; false when the value is missing.
        auto optionValue = [&](const QString &name, QString *value) {
            if (a.startsWith(name + QLatin1Char('='))) {
                *value = a.mid(name.size() + 1);
                return true;
            }
            if (a != name || i + 1 >= args.size())
                return false;
            *value = args.at(++i);
            return true;
        };
        if (a == QLatin1String("--force")) {
            o.force = true;
            continue;
        }
        const bool isOut = a == QLatin1String("--out") || a.startsWith(QLatin1String("--out="));
        const bool isSet = a == QLatin1String("--set") || a.startsWith(QLatin1String("--set="));
        if (isOut) {
            QString v;
            if (!optionValue(QStringLiteral("--out"), &v) || v.isEmpty())
                return usageError(prefix + QStringLiteral("--out needs a folder"));
            if (!o.outDir.isEmpty())
                return usageError(prefix + QStringLiteral("--out given twice"));
            o.outDir = v;
        } else if (isSet) {
            QString v;
            if (!optionValue(QStringLiteral("--set"), &v))
                return usageError(prefix + QStringLiteral("--set needs NAME=VALUE"));
            const qsizetype eq = v.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usageError(prefix + QStringLiteral("--set needs NAME=VALUE, not \"%1\"").arg(v));
            const QString name = v.left(eq);
            if (!isValidVariableName(name))
                return usageError(prefix + QStringLiteral("invalid variable name \"%1\" in --set").arg(name));
            o.overrides.append({name, v.mid(eq + 1)});
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(prefix + QStringLiteral("unknown option %1").arg(a));
        } else if (!o.projectDir.isEmpty()) {
            return usageError(prefix + QStringLiteral("more than one PROJECT_DIR (%1, %2)").arg(o.projectDir, a));
        } else {
            o.projectDir = a;
        }
    }
    if (o.projectDir.isEmpty())
        return usageError(prefix + QStringLiteral("PROJECT_DIR is missing"));
    if (o.outDir.isEmpty())
        return usageError(prefix + QStringLiteral("--out DIR is missing"));
    if (!QFileInfo(o.projectDir).isDir())
        return usageError(prefix + QStringLiteral("%1 is not a folder").arg(o.projectDir));
    o.projectDir = QFileInfo(o.projectDir).absoluteFilePath();
    *options = std::move(o);
    return ExitOk;
}

/// The deployment settings with the overrides applied and APP_NAMESPACE generated when unset.
int resolveProjectSettings(const QString &command, const ProjectRunOptions &options, DeploymentSettings *settings,
                           bool *generatedNamespace)
{
    Result<DeploymentSettings> loaded = loadDeploymentSettings(options.projectDir);
    if (!loaded.ok()) {
        err() << "scone-workbench: " << command << ": " << loaded.error().toString() << '\n';
        err().flush();
        return ExitFailure;
    }
    DeploymentSettings resolved = loaded.value();
    for (const auto &o : options.overrides) {
        const Status st = resolved.set(o.first, o.second);
        if (!st.ok())
            return usageError(command + QStringLiteral(": ") + st.error().message);
    }
    *generatedNamespace = ensureAppNamespace(resolved);
    *settings = std::move(resolved);
    return ExitOk;
}

}  // namespace

std::optional<ProjectRun> prepareProjectRun(const QString &command, const QStringList &args, const char *help,
                                            int *exitCode)
{
    ProjectRun run;
    run.command = command;
    bool helpShown = false;
    *exitCode = parseProjectRunOptions(command, args, help, &run.options, &helpShown);
    if (*exitCode != ExitOk || helpShown)
        return std::nullopt;
    *exitCode = resolveProjectSettings(command, run.options, &run.settings, &run.generatedNamespace);
    if (*exitCode != ExitOk)
        return std::nullopt;
    Result<models::ManifestProject> project = models::ManifestProject::loadFolder(run.options.projectDir);
    if (!project.ok()) {
        err() << "scone-workbench: " << command << ": " << project.error().toString() << '\n';
        err().flush();
        *exitCode = ExitFailure;
        return std::nullopt;
    }
    PolicyGenerationOptions generation;
    generation.settings = run.settings;
    generation.commandLine = true;
    run.preview = generatePolicies(project.value(), generation);
    return run;
}

void keepGeneratedNamespace(const ProjectRun &run)
{
    if (!run.generatedNamespace)
        return;
    const QString &appNamespace = run.settings.appNamespace;
    // Re-read: only APP_NAMESPACE is added to what the file holds.
    Result<DeploymentSettings> stored = loadDeploymentSettings(run.options.projectDir);
    Status st = stored.ok() ? Status(Ok{}) : Status(stored.error());
    if (st.ok() && stored->appNamespace.isEmpty()) {
        stored->appNamespace = appNamespace;
        st = saveDeploymentSettings(run.options.projectDir, stored.value());
    }
    if (!st.ok())
        err() << "scone-workbench: " << run.command << ": warning: APP_NAMESPACE " << appNamespace
              << " could not be kept in the project settings: " << st.error().toString() << '\n';
}

QString displayPath(const QString &projectDir, const QString &file)
{
    if (file.isEmpty())
        return file;
    if (QDir::cleanPath(file) == QDir::cleanPath(projectDir))
        return QDir::cleanPath(projectDir);  // a finding about the folder: name it as given, not "."
    const QString rel = QDir(projectDir).relativeFilePath(file);
    return rel.startsWith(QLatin1String("..")) ? file : rel;
}

}  // namespace workbench::cli
