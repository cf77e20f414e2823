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
        {QStringLiteral("doctor"), QStringLiteral("doctor [--json]"),
         QStringLiteral("Check the tools, the Kubernetes context and the credentials Build & Deploy needs."),
         &runDoctor},
        {QStringLiteral("build"),
         QStringLiteral("build PROJECT_DIR [--service NAME]... [--builder sconectl|buildah|podman|docker] [--no-push] "
                        "[--mode debug|production] [--set NAME=VALUE]..."),
         QStringLiteral("Build (and push) the images of the project's services."), &runBuild},
        {QStringLiteral("upload"),
         QStringLiteral("upload PROJECT_DIR [--direct --cas https://HOST:PORT --cas-ca FILE --identity FILE] "
                        "[--set NAME=VALUE]..."),
         QStringLiteral("Upload the project's CAS sessions in upload order."), &runUpload},
        {QStringLiteral("deploy"),
         QStringLiteral(
             "deploy PROJECT_DIR [--kubeconfig FILE] [--context NAME] [--wait SECONDS] [--set NAME=VALUE]..."),
         QStringLiteral("Install the release with helm and wait until its pods are running and ready."), &runDeploy},
        {QStringLiteral("pipeline"),
         QStringLiteral("pipeline PROJECT_DIR [the options above] [--from doctor|build|upload|deploy]"),
         QStringLiteral("Run doctor, build, upload and deploy as one pipeline."), &runPipeline},
    };
    return list;
}

}  // namespace workbench::cli
