// SPDX-License-Identifier: Apache-2.0
// `scone-workbench validate [--json] PATH...`
#include "cli/cli.h"
#include "cli/commands.h"

#include "analysis/projectanalyzer.h"
#include "core/displaytext.h"
#include "manifest/manifestproject.h"
#include "validation/projectvalidator.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThreadPool>

#include <cstdio>

namespace workbench::cli {

using namespace workbench::models;

namespace {
const char kUsage[] = "usage: scone-workbench validate [--json] PATH...\n"
                      "  PATH is a service or mesh manifest, a CAS session file, or a project folder.\n"
                      "  Prints FILE:LINE:COLUMN: SEVERITY: MESSAGE [CODE] per finding (or JSON with --json).\n"
                      "  A project folder is analysed as the workbench's window shows it: its deployment settings\n"
                      "  (.scone-workbench/settings.yaml, or the defaults), the manifests, the policies `render`\n"
                      "  would write and the certificates `certs` would issue. Every error that would stop `render`\n"
                      "  or `certs` is reported here. The project is only read.\n"
                      "  Exit 0 without errors (warnings allowed), 1 with errors, 2 on usage errors.\n";

}  // namespace

int runValidate(const QStringList &args)
{
    bool json = false;
    QStringList paths;
    bool optionsEnded = false;
    for (const QString &a : args) {
        if (!optionsEnded && a == QLatin1String("--json")) {
            json = true;
        } else if (!optionsEnded && (a == QLatin1String("-h") || a == QLatin1String("--help"))) {
            out() << kUsage;
            out().flush();
            return ExitOk;
        } else if (!optionsEnded && a == QLatin1String("--")) {
            optionsEnded = true;
        } else if (!optionsEnded && a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(QStringLiteral("validate: unknown option %1").arg(a));
        } else {
            paths.append(a);
        }
    }
    if (paths.isEmpty())
        return usageError(QStringLiteral("validate: no PATH given"));

    Diagnostics all;
    ProjectValidator validator;
    for (const QString &path : paths) {
        const QFileInfo fi(path);
        if (!fi.exists())
            return usageError(QStringLiteral("validate: %1: no such file or folder").arg(path));
        if (fi.isDir()) {
            // The machine's threads read and parse the files and run the stages side by side;
            // only the diagnostics are read, so what adds no finding is not made.
            QThreadPool *pool = QThreadPool::globalInstance();
            Result<engine::AnalysisInput> input = engine::analysisInputFromFolder(path, {}, pool);
            if (!input) {
                err() << "scone-workbench: validate: " << escapeControlCharacters(input.error().toString()) << '\n';
                err().flush();
                return ExitFailure;
            }
            input->buildSecretIndex = false;
            input->writeTexts = false;
            auto analysis = std::make_shared<const engine::AnalysisSnapshot>(
                engine::analyzeProject(std::move(input).value(), pool));
            all += analysis->diagnostics;
            keepUntilExit(analysis);  // released by the exit, not freed piece by piece
        } else {
            auto project = ManifestProject::loadFiles({path});
            if (!project) {
                err() << "scone-workbench: validate: " << escapeControlCharacters(project.error().toString()) << '\n';
                err().flush();
                return ExitFailure;
            }
            all += validator.validateFile(project->files().first());
        }
    }
    sortDiagnostics(all);

    if (json) {
        QJsonArray list;
        for (const Diagnostic &d : std::as_const(all)) {
            QJsonObject o;
            o.insert(QStringLiteral("file"), d.file);
            o.insert(QStringLiteral("line"), d.line);
            o.insert(QStringLiteral("column"), d.column);
            o.insert(QStringLiteral("severity"), d.severityName());
            o.insert(QStringLiteral("code"), d.code);
            o.insert(QStringLiteral("message"), d.message);
            list.append(o);
        }
        QJsonObject root;
        root.insert(QStringLiteral("diagnostics"), list);
        out() << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
    } else {
        // Keys and values of the files are in the messages: one line each, no control characters.
        for (const Diagnostic &d : std::as_const(all))
            out() << escapeControlCharacters(d.toString()) << '\n';
        const int errors = countSeverity(all, Diagnostic::Severity::Error);
        const int warnings = countSeverity(all, Diagnostic::Severity::Warning);
        err() << errors << (errors == 1 ? " error, " : " errors, ") << warnings
              << (warnings == 1 ? " warning" : " warnings") << '\n';
    }
    out().flush();
    err().flush();
    return hasErrors(all) ? ExitFailure : ExitOk;
}

}  // namespace workbench::cli
