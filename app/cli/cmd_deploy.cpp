// SPDX-License-Identifier: Apache-2.0
// `scone-workbench deploy PROJECT_DIR [--kubeconfig FILE] [--context NAME] [--wait SECONDS]
// [--set NAME=VALUE]...`
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/deploycli.h"

namespace workbench::cli {

namespace {

const char kHelp[] = "Usage: scone-workbench deploy PROJECT_DIR [--kubeconfig FILE] [--context NAME] [--wait SECONDS]\n"
                     "                              [--set NAME=VALUE]...\n"
                     "\n"
                     "Deploys the release: creates the namespace NAMESPACE when missing, creates or updates the\n"
                     "image pull secret (PULL_SECRET, else the chart's imagePullSecrets, else sconeapps) for the\n"
                     "registries of the images with the logins from the keychain or the container tools' auth\n"
                     "files, runs helm upgrade --install RELEASE CHART --namespace NAMESPACE (the chart sconectl\n"
                     "wrote at the last upload, else the workbench's own), then waits until every pod of the\n"
                     "release (app.kubernetes.io/instance=RELEASE) is Running and Ready, reporting what keeps a\n"
                     "pod from running (ImagePullBackOff, CrashLoopBackOff, Pending with the scheduler's message).\n"
                     "\n"
                     "Options:\n"
                     "  --kubeconfig FILE   the kubeconfig (default: KUBECONFIG, then ~/.kube/config)\n"
                     "  --context NAME      its context (default: the KUBE_CONTEXT setting, then the current one)\n"
                     "  --wait SECONDS      how long to wait for the pods (default 300)\n"
                     "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable)\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "Progress goes to stderr. stdout: one line per pod of the release, \"POD STATUS READY/TOTAL\".\n"
                     "Exit codes: 0 deployed and ready, 1 failed or not ready in time, 2 usage error,\n"
                     "130 cancelled by SIGINT or SIGTERM.\n";

}  // namespace

int runDeploy(const QStringList &args)
{
    return runDeployCommand(QStringLiteral("deploy"), args, KubeGroup, kHelp, engine::deploy::DeployStep::Deploy);
}

}  // namespace workbench::cli
