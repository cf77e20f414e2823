// SPDX-License-Identifier: Apache-2.0
// `scone-workbench doctor [--json]`: are the tools and credentials of Build & Deploy there?
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/deploycli.h"

#include "deploy/doctor.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcessEnvironment>

namespace workbench::cli {

namespace {

const char kHelp[] = "Usage: scone-workbench doctor [--json]\n"
                     "\n"
                     "Checks what Build & Deploy needs: sconectl, buildah, podman, docker, helm and kubectl (found\n"
                     "or not, with their versions), the Kubernetes context (KUBECONFIG, ~/.kube/config), and the\n"
                     "CAS identity (keychain, $SCONE_CLI_CONFIG or ~/.cas/config.json). Each miss comes with its\n"
                     "fix (a Debian package or an install page). A route is ready when everything it needs is\n"
                     "there: build:sconectl, build:buildah, build:podman, build:docker, upload:sconectl,\n"
                     "upload:direct, deploy.\n"
                     "\n"
                     "Options:\n"
                     "  --json              the report as JSON: {\"ok\", \"checks\": [{\"id\", \"title\", \"status\",\n"
                     "                      \"detail\", \"fix\", \"version\", \"path\", \"neededBy\", \"required\"}],\n"
                     "                      \"routes\": [{\"route\", \"ready\", \"missing\"}]}\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "The checklist goes to stdout. Exit codes: 0 build, upload and deploy each have a ready\n"
                     "route, 1 one of them has none, 2 usage error, 130 cancelled by SIGINT or SIGTERM.\n";

}  // namespace

int runDoctor(const QStringList &args)
{
    using namespace workbench::engine::deploy;
    bool json = false;
    for (const QString &a : args) {
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(kHelp);
            out().flush();
            return ExitOk;
        }
        if (a == QLatin1String("--json"))
            json = true;
        else if (a.startsWith(QLatin1Char('-')))
            return usageError(QStringLiteral("doctor: unknown option %1").arg(a));
        else
            return usageError(QStringLiteral("doctor: unexpected argument %1").arg(a));
    }
    auto config = std::make_shared<DeployConfig>();
    config->commandLine = true;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &k : system.keys())
        config->environment.insert(k, system.value(k));
    config->homeDir = QDir::homePath();
    DoctorScope scope;
    scope.checkProject = false;
    DoctorJob job(config, DeployServices{nullptr, commandLineCredentials()}, scope);
    const int rc = runJobToEnd(QStringLiteral("doctor"), job, false);
    if (rc != ExitOk)
        return rc;
    const DoctorReport &report = job.report();
    if (json)
        out() << QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    else
        out() << report.toText();
    out().flush();
    return report.ok() ? ExitOk : ExitFailure;
}

}  // namespace workbench::cli
