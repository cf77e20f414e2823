// SPDX-License-Identifier: Apache-2.0
// `scone-workbench pipeline PROJECT_DIR [the options of build, upload and deploy]
// [--from doctor|build|upload|deploy]`
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/deploycli.h"

namespace workbench::cli {

namespace {

const char kHelp[] =
    "Usage: scone-workbench pipeline PROJECT_DIR [--service NAME]... [--builder sconectl|buildah|podman|docker]\n"
    "                                [--no-push] [--mode debug|production]\n"
    "                                [--direct --cas https://HOST:PORT --cas-ca FILE --identity FILE]\n"
    "                                [--kubeconfig FILE] [--context NAME] [--wait SECONDS]\n"
    "                                [--from doctor|build|upload|deploy] [--set NAME=VALUE]...\n"
    "\n"
    "Runs doctor -> build -> upload -> deploy and stops at the first step that fails. The doctor\n"
    "checks what the chosen routes need. The options are those of the build, upload and deploy\n"
    "commands; --from starts at a later step (the earlier ones are skipped: \"retry from here\").\n"
    "Each run is kept in the project's history with its per-step timings and log.\n"
    "\n"
    "Progress goes to stderr, each line prefixed with its step. stdout: the results of the\n"
    "steps that ran, as the build, upload and deploy commands print them. Exit codes: 0 all\n"
    "steps succeeded, 1 a step failed, 2 usage error, 130 cancelled by SIGINT or SIGTERM.\n";

}  // namespace

int runPipeline(const QStringList &args)
{
    return runDeployCommand(QStringLiteral("pipeline"), args, BuildGroup | UploadGroup | KubeGroup | FromGroup, kHelp,
                            std::nullopt);
}

}  // namespace workbench::cli
