// SPDX-License-Identifier: Apache-2.0
// `scone-workbench render PROJECT_DIR --out DIR [--set NAME=VALUE]...`: what `sconectl apply -f
// mesh.yaml` would upload and deploy, written to DIR without contacting anything.
#include "cli/cli.h"
#include "cli/commands.h"

#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/policyreference.h"
#include "policy/projectsettings.h"

#include <QDir>
#include <QFileInfo>

namespace workbench::cli {

namespace {

using namespace workbench::models;
using namespace workbench::models::policy;

const char kHelp[] =
    "Usage: scone-workbench render PROJECT_DIR --out DIR [--set NAME=VALUE]...\n"
    "\n"
    "Generates, from the project's service manifests, its mesh and its deployment settings\n"
    "(PROJECT_DIR/.scone-workbench/settings.yaml):\n"
    "  DIR/policies/<session>.yaml      one CAS session per mesh service plus the namespace\n"
    "                                   session ('/' in session names become folders)\n"
    "  DIR/policies/upload-order.txt    session names in upload order, one per line\n"
    "  DIR/helm/                        the helm chart (one sub-chart per service)\n"
    "Existing DIR/policies and DIR/helm are replaced; nothing else in DIR is touched.\n"
    "\n"
    "Options:\n"
    "  --out DIR           output folder (required)\n"
    "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable),\n"
    "                      e.g. --set RELEASE=demo --set APP_IMAGE_REPO=registry.example.com/me\n"
    "  -h, --help          show this help\n"
    "\n"
    "On first use APP_NAMESPACE is generated as <release>-<n>-<n> and kept in the project\n"
    "settings, so later renders use the same CAS namespace (unless --set APP_NAMESPACE=...).\n"
    "Diagnostics go to stderr. Exit codes: 0 rendered, 1 the project has errors (nothing is\n"
    "written), 2 usage error.\n";

QString displayPath(const QString &projectDir, const QString &file)
{
    if (file.isEmpty())
        return file;
    const QString rel = QDir(projectDir).relativeFilePath(file);
    return rel.startsWith(QLatin1String("..")) ? file : rel;
}

} // namespace

int runRender(const QStringList &args)
{
    QString projectDir;
    QString outDir;
    QList<QPair<QString, QString>> overrides;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(kHelp);
            out().flush();
            return ExitOk;
        }
        if (a == QLatin1String("--out") || a.startsWith(QLatin1String("--out="))) {
            QString v;
            if (a.startsWith(QLatin1String("--out=")))
                v = a.mid(6);
            else if (i + 1 < args.size())
                v = args.at(++i);
            else
                return usageError(QStringLiteral("render: --out needs a folder"));
            if (v.isEmpty())
                return usageError(QStringLiteral("render: --out needs a folder"));
            if (!outDir.isEmpty())
                return usageError(QStringLiteral("render: --out given twice"));
            outDir = v;
            continue;
        }
        if (a == QLatin1String("--set") || a.startsWith(QLatin1String("--set="))) {
            QString v;
            if (a.startsWith(QLatin1String("--set=")))
                v = a.mid(6);
            else if (i + 1 < args.size())
                v = args.at(++i);
            else
                return usageError(QStringLiteral("render: --set needs NAME=VALUE"));
            const qsizetype eq = v.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return usageError(QStringLiteral("render: --set needs NAME=VALUE, not \"%1\"").arg(v));
            const QString name = v.left(eq);
            if (!isValidVariableName(name))
                return usageError(QStringLiteral("render: invalid variable name \"%1\" in --set").arg(name));
            overrides.append({name, v.mid(eq + 1)});
            continue;
        }
        if (a.startsWith(QLatin1Char('-')) && a.size() > 1)
            return usageError(QStringLiteral("render: unknown option %1").arg(a));
        if (!projectDir.isEmpty())
            return usageError(QStringLiteral("render: more than one PROJECT_DIR (%1, %2)").arg(projectDir, a));
        projectDir = a;
    }
    if (projectDir.isEmpty())
        return usageError(QStringLiteral("render: PROJECT_DIR is missing"));
    if (outDir.isEmpty())
        return usageError(QStringLiteral("render: --out DIR is missing"));
    if (!QFileInfo(projectDir).isDir())
        return usageError(QStringLiteral("render: %1 is not a folder").arg(projectDir));
    projectDir = QFileInfo(projectDir).absoluteFilePath();

    Result<DeploymentSettings> loaded = loadDeploymentSettings(projectDir);
    if (!loaded.ok()) {
        err() << "scone-workbench: render: " << loaded.error().toString() << '\n';
        err().flush();
        return ExitFailure;
    }
    DeploymentSettings stored = loaded.value();
    DeploymentSettings settings = stored;
    for (const auto &o : overrides) {
        Status st = settings.set(o.first, o.second);
        if (!st.ok())
            return usageError(QStringLiteral("render: ") + st.error().message);
    }
    if (settings.appNamespace.isEmpty()) {
        // Generated once and kept in the project, as the tutorials keep it in release.sh.
        ensureAppNamespace(stored);
        settings.appNamespace = stored.appNamespace;
        Status st = saveDeploymentSettings(projectDir, stored);
        if (!st.ok())
            err() << "scone-workbench: render: warning: APP_NAMESPACE " << settings.appNamespace
                  << " could not be kept in the project settings: " << st.error().toString() << '\n';
    }

    Result<ManifestProject> project = ManifestProject::loadFolder(projectDir);
    if (!project.ok()) {
        err() << "scone-workbench: render: " << project.error().toString() << '\n';
        err().flush();
        return ExitFailure;
    }
    PolicyGenerationOptions options;
    options.settings = settings;
    const PolicyPreview preview = generatePolicies(project.value(), options);

    int errors = 0, warnings = 0;
    for (Diagnostic d : preview.diagnostics) {
        if (d.severity == Diagnostic::Severity::Info)
            continue;
        (d.severity == Diagnostic::Severity::Error ? errors : warnings)++;
        d.file = displayPath(projectDir, d.file);
        err() << d.toString() << '\n';
    }
    if (errors > 0) {
        err() << "scone-workbench: render: " << errors << (errors == 1 ? " error" : " errors")
              << ", nothing written\n";
        err().flush();
        return ExitFailure;
    }
    Result<QStringList> written = writeRenderOutput(preview, outDir);
    if (!written.ok()) {
        err() << "scone-workbench: render: " << written.error().toString() << '\n';
        err().flush();
        return ExitFailure;
    }
    out() << "Rendered " << preview.sessions.size() << " sessions (namespace " << preview.policyNamespace
          << ") and " << preview.chart.files.size() << " chart files to " << QDir(outDir).absolutePath();
    if (warnings > 0)
        out() << " (" << warnings << (warnings == 1 ? " warning" : " warnings") << ")";
    out() << '\n';
    out().flush();
    err().flush();
    return ExitOk;
}

} // namespace workbench::cli
