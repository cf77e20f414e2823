// SPDX-License-Identifier: Apache-2.0
#include "build/sconectlinvocation.h"

namespace workbench::models::build {

namespace {

ToolInvocation sconectlApply(const QString &dir, const QString &file, const SconectlOptions &options,
                             const Environment &inherited)
{
    ToolInvocation inv;
    inv.program = QStringLiteral("sconectl");
    inv.workingDirectory = dir;
    inv.environment = inherited;
    inv.arguments = {QStringLiteral("apply"), QStringLiteral("-f"), file,
                     options.mode == policy::DeploymentMode::Debug ? QStringLiteral("--mode=debug")
                                                                   : QStringLiteral("--mode=production")};
    if (!options.version.isEmpty())
        inv.arguments << QStringLiteral("--set-version") << options.version;
    if (!options.sconectlRepo.isEmpty())
        inv.setVariable(QStringLiteral("SCONECTL_REPO"), options.sconectlRepo);
    if (!options.version.isEmpty())
        inv.setVariable(QStringLiteral("VERSION"), options.version);
    inv.setVariable(QStringLiteral("PWD"), dir);
    return inv;
}

}  // namespace

SconectlOptions SconectlOptions::fromSettings(const policy::DeploymentSettings &settings)
{
    SconectlOptions o;
    o.mode = settings.mode;
    o.sconectlRepo = settings.sconectlRepo;
    o.version = settings.version;
    return o;
}

ToolInvocation sconectlApplyService(const QString &serviceDir, const QString &manifestFile,
                                    const SconectlOptions &options, const Environment &inherited)
{
    ToolInvocation inv = sconectlApply(serviceDir, manifestFile, options, inherited);
    if (options.noPush)
        inv.arguments << QStringLiteral("--no-push");
    return inv;
}

ToolInvocation sconectlApplyMesh(const QString &meshDir, const QString &meshFile, const QString &release,
                                 const SconectlOptions &options, const Environment &inherited)
{
    ToolInvocation inv = sconectlApply(meshDir, meshFile, options, inherited);
    inv.arguments.insert(3, QStringLiteral("--release"));
    inv.arguments.insert(4, release);
    if (!options.kubeconfig.isEmpty())
        inv.setVariable(QStringLiteral("KUBECONFIG"), options.kubeconfig);
    return inv;
}

}  // namespace workbench::models::build
