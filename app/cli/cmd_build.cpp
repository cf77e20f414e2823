// SPDX-License-Identifier: Apache-2.0
// `scone-workbench build PROJECT_DIR [--service NAME]... [--builder sconectl|buildah|podman|docker]
// [--no-push] [--mode debug|production] [--set NAME=VALUE]...`
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/deploycli.h"

namespace workbench::cli {

namespace {

const char kHelp[] =
    "Usage: scone-workbench build PROJECT_DIR [--service NAME]... [--builder sconectl|buildah|podman|docker]\n"
    "                             [--no-push] [--mode debug|production] [--set NAME=VALUE]...\n"
    "\n"
    "Builds the image of every service of the project that has a build section (or the chosen\n"
    "ones). The manifests are rendered with the deployment settings (as envsubst would; an unset\n"
    "variable is an error) into a working folder outside the project.\n"
    "  sconectl route      sconectl apply -f service.yaml, in the service's folder, with the\n"
    "                      environment sconectl reads (SCONECTL_REPO, VERSION, DOCKER_HOST, ...)\n"
    "  native route        a Containerfile generated from the build section, built with buildah,\n"
    "                      podman or docker (chosen, or the first found) and pushed to build.to;\n"
    "                      the tools' own configuration (CONTAINERS_STORAGE_CONF,\n"
    "                      CONTAINERS_REGISTRIES_CONF, REGISTRY_AUTH_FILE, BUILDAH_ISOLATION,\n"
    "                      DOCKER_HOST) is honoured\n"
    "\n"
    "Options:\n"
    "  --service NAME      build only this service (build.name; repeatable)\n"
    "  --builder TOOL      sconectl, or buildah, podman, docker for the native route\n"
    "                      (default: the BUILDER setting, else sconectl)\n"
    "  --no-push           build only, do not push\n"
    "  --mode MODE         debug or production (sconectl --mode; default: the MODE setting)\n"
    "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Progress goes to stderr. stdout: one line per service built, \"SERVICE IMAGE@sha256:DIGEST\"\n"
    "(the tag alone with --no-push). Exit codes: 0 built, 1 failed, 2 usage error, 130 cancelled\n"
    "by SIGINT or SIGTERM (the build's processes are stopped first).\n";

}  // namespace

int runBuild(const QStringList &args)
{
    return runDeployCommand(QStringLiteral("build"), args, BuildGroup, kHelp, engine::deploy::DeployStep::Build);
}

}  // namespace workbench::cli
