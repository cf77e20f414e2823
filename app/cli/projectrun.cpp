// SPDX-License-Identifier: Apache-2.0
#include "cli/projectrun.h"

#include "analysis/projectanalyzer.h"
#include "cli/cli.h"
#include "cli/cliargs.h"
#include "core/displaytext.h"
#include "policy/projectsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>

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
        if (a == QLatin1String("--force")) {
            o.force = true;
            continue;
        }
        const QString name = optionName(a);
        if (name == QLatin1String("--out")) {
            const std::optional<QString> v = optionValue(args, &i);
            if (!v || v->isEmpty())
                return usageError(prefix + QStringLiteral("--out needs a folder"));
            if (!o.outDir.isEmpty())
                return usageError(prefix + QStringLiteral("--out given twice"));
            o.outDir = *v;
        } else if (name == QLatin1String("--set")) {
            const Result<QPair<QString, QString>> set = parseSetOverride(optionValue(args, &i));
            if (!set.ok())
                return usageError(prefix + set.error().message);
            o.overrides.append(set.value());
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

}  // namespace

std::shared_ptr<const ProjectRun> prepareProjectRun(const QString &command, const QStringList &args, const char *help,
                                                    int *exitCode)
{
    ProjectRun run;
    run.command = command;
    bool helpShown = false;
    *exitCode = parseProjectRunOptions(command, args, help, &run.options, &helpShown);
    if (*exitCode != ExitOk || helpShown)
        return nullptr;
    QThreadPool *pool = QThreadPool::globalInstance();
    Result<engine::AnalysisInput> input =
        engine::analysisInputFromFolder(run.options.projectDir, run.options.overrides, pool);
    if (!input.ok()) {
        err() << "scone-workbench: " << command << ": " << models::escapeControlCharacters(input.error().toString())
              << '\n';
        err().flush();
        *exitCode = ExitFailure;
        return nullptr;
    }
    input->buildSecretIndex = false;  // no command that runs a project reads it
    input->writeTexts = false;        // `render` writes them once the parse is gone
    run.analysis = engine::analyzeProject(std::move(input).value(), pool);
    // Nothing after the analysis reads the parsed files: they go before the output is made, so
    // a big project's documents and its output are not held at the same time.
    run.analysis.project = models::ManifestProject();
    auto kept = std::make_shared<const ProjectRun>(std::move(run));
    keepUntilExit(kept);  // the command ends with the run: released by the exit, not freed piece by piece
    return kept;
}

int reportDiagnostics(const QString &command, const QString &projectDir, const models::Diagnostics &diagnostics,
                      const QString &errorsSuffix)
{
    int errors = 0;
    for (models::Diagnostic d : diagnostics) {
        if (d.severity == models::Diagnostic::Severity::Info)
            continue;
        if (d.severity == models::Diagnostic::Severity::Error)
            ++errors;
        d.file = displayPath(projectDir, d.file);
        err() << models::escapeControlCharacters(d.toString()) << '\n';
    }
    if (errors > 0)
        err() << "scone-workbench: " << command << ": " << errors << (errors == 1 ? " error" : " errors")
              << errorsSuffix << '\n';
    err().flush();
    return errors;
}

int reportDiagnostics(const ProjectRun &run)
{
    return reportDiagnostics(run.command, run.options.projectDir, run.analysis.diagnostics,
                             QStringLiteral(", nothing written"));
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
