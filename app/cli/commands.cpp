// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.h"
#include "cli/cli.h"

namespace workbench::cli {

const QList<Command> &commands()
{
    // Add one line per subcommand; the order is the order of `--help`.
    static const QList<Command> list = {
        {QStringLiteral("validate"), QStringLiteral("validate [--json] PATH..."),
         QStringLiteral("Check manifests (a file or a project folder): syntax, schema and cross-file rules."),
         &runValidate},
        {QStringLiteral("edit"),
         QStringLiteral("edit FILE [--set PATH=VALUE]... [--add PATH=YAML]... [--remove PATH]... [--in-place]"),
         QStringLiteral("Change a manifest without touching its comments or formatting."), &runEdit},
        {QStringLiteral("render"), QStringLiteral("render PROJECT_DIR --out DIR [--set NAME=VALUE]..."),
         QStringLiteral("Write the CAS sessions, their upload order and the helm chart the mesh produces."),
         &runRender},
        {QStringLiteral("certs"), QStringLiteral("certs PROJECT_DIR --out DIR [--set NAME=VALUE]..."),
         QStringLiteral(
             "Issue the certificates the policies describe, locally, and verify their chains (for testing)."),
         &runCerts},
        {QStringLiteral("settings"), QStringLiteral("settings PROJECT_DIR [--set NAME=VALUE]... [--save]"),
         QStringLiteral("Show the deployment settings the commands use; with --set or --save, write them."),
         &runSettings},
        {QStringLiteral("inspect"),
         QStringLiteral("inspect (FILE | HOST:PORT) [--ca FILE] [--servername NAME] [--password-file FILE] "
                        "[--timeout SECONDS] [--json]"),
         QStringLiteral("Show and verify the certificate chain of a file or a live TLS endpoint."), &runInspect},
        {QStringLiteral("logs"), QStringLiteral("logs (--release NAME | -l SELECTOR) [-f] [OPTIONS]"),
         QStringLiteral("Print (and follow) the logs of a release's pods, every pod and container merged."), &runLogs},
        {QStringLiteral("run"), QStringLiteral("run PROJECT_DIR [--service NAME]... [--set NAME=VALUE]... [--keep]"),
         QStringLiteral("Run the mesh on this machine, each service sandboxed with what its CAS session injects; "
                        "print the merged logs."),
         &runRun},
    };
    return list;
}

}  // namespace workbench::cli
