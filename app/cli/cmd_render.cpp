// SPDX-License-Identifier: Apache-2.0
// `scone-workbench render PROJECT_DIR --out DIR [--set NAME=VALUE]...`: what `sconectl apply -f
// mesh.yaml` would upload and deploy, written to DIR without contacting anything.
#include "cli/cli.h"
#include "cli/commandoutput.h"
#include "cli/commands.h"
#include "cli/projectrun.h"

#include "core/displaytext.h"
#include "core/poolparallelfor.h"
#include "policy/policygenerator.h"
#include "policy/policyreference.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>

namespace workbench::cli {

namespace {

using namespace workbench::models;
using namespace workbench::models::policy;

const char kHelp[] = "Usage: scone-workbench render PROJECT_DIR --out DIR [--set NAME=VALUE]... [--force]\n"
                     "\n"
                     "Generates, from the project's service manifests, its mesh and its deployment settings\n"
                     "(PROJECT_DIR/.scone-workbench/settings.yaml):\n"
                     "  DIR/policies/<session>.yaml      one CAS session per mesh service plus the namespace\n"
                     "                                   session ('/' in session names become folders)\n"
                     "  DIR/policies/upload-order.txt    session names in upload order, one per line\n"
                     "  DIR/helm/                        the helm chart (one sub-chart per service)\n"
                     "Sessions that hold secret values in plain text (value:, application_secret:) are written\n"
                     "with mode 0600.\n"
                     "DIR/.scone-workbench-output lists the files written: the next run replaces exactly those\n"
                     "(all at once, or nothing changes). A DIR that holds anything else is refused unless\n"
                     "--force; with --force those files stay as they are, and only a file where the output\n"
                     "goes is still refused. Symbolic links inside DIR are never followed.\n"
                     "\n"
                     "Options:\n"
                     "  --out DIR           output folder (required)\n"
                     "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable),\n"
                     "                      e.g. --set RELEASE=demo --set APP_IMAGE_REPO=registry.example.com/me\n"
                     "  --force             write into DIR although it holds files the workbench did not write\n"
                     "                      (they are kept)\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "The project is only read: when the settings set no APP_NAMESPACE, the one the workbench\n"
                     "proposes (<release>-<n>-<n>, the same for the same project folder) is used and not written\n"
                     "(save the settings in the workbench, or --set APP_NAMESPACE=..., to choose one).\n"
                     "The project has the diagnostics `validate PROJECT_DIR` prints; any error stops the render.\n"
                     "Diagnostics go to stderr. Exit codes: 0 rendered, 1 the project has errors (nothing is\n"
                     "written), 2 usage error.\n";

}  // namespace

int runRender(const QStringList &args)
{
    int exitCode = ExitOk;
    const std::shared_ptr<const ProjectRun> run = prepareProjectRun(QStringLiteral("render"), args, kHelp, &exitCode);
    if (!run)
        return exitCode;
    const QString &outDir = run->options.outDir;
    const PolicyPreview &preview = run->analysis.policies;
    if (reportDiagnostics(*run) > 0)
        return ExitFailure;
    const int warnings = run->analysis.counts.warnings;
    // The texts are written now that the parse is gone (on the pool's threads), and each is
    // dropped once encoded: a big project's parse, its texts and their bytes are never all held
    // at the same time.
    PolicyPreview texts = preview;  // shares the sessions
    writePolicyTexts(texts, engine::parallelForOn(QThreadPool::globalInstance()));
    const Result<QList<OutputFile>> files = renderOutputFiles(std::move(texts));
    if (!files.ok()) {
        err() << "scone-workbench: render: " << escapeControlCharacters(files.error().toString()) << '\n';
        err().flush();
        return ExitFailure;
    }
    if (!writeCommandOutput(QStringLiteral("render"), outDir, files.value(), run->options.force))
        return ExitFailure;
    out() << "Rendered " << preview.sessions.size() << " sessions (namespace "
          << escapeControlCharacters(preview.policyNamespace) << ") and " << preview.chart.files.size()
          << " chart files to " << QDir(outDir).absolutePath();
    if (warnings > 0)
        out() << " (" << warnings << (warnings == 1 ? " warning" : " warnings") << ")";
    out() << '\n';
    out().flush();
    err().flush();
    return ExitOk;
}

}  // namespace workbench::cli
