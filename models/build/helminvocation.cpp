// SPDX-License-Identifier: Apache-2.0
#include "build/helminvocation.h"

#include <QRegularExpression>

namespace workbench::models::build {

bool isValidReleaseName(const QString &release)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return !release.isEmpty() && release.size() <= 53 && re.match(release).hasMatch();
}

Result<ToolInvocation> helmUpgradeInstall(const HelmDeployOptions &options, const Environment &inherited)
{
    if (!isValidReleaseName(options.release))
        return makeError(QStringLiteral("deploy.helm"),
                         QStringLiteral("`%1` is not a valid helm release name (lower-case letters, digits and -, at "
                                        "most 53 characters)")
                             .arg(options.release));
    if (options.kubeNamespace.trimmed().isEmpty())
        return makeError(QStringLiteral("deploy.helm"), QStringLiteral("no Kubernetes namespace to deploy into"));
    if (options.chartDir.trimmed().isEmpty())
        return makeError(QStringLiteral("deploy.helm"), QStringLiteral("no helm chart folder"));
    ToolInvocation inv;
    inv.program = QStringLiteral("helm");
    inv.environment = inherited;
    inv.arguments << QStringLiteral("upgrade") << QStringLiteral("--install") << options.release << options.chartDir
                  << QStringLiteral("--namespace") << options.kubeNamespace.trimmed();
    if (!options.kubeconfig.isEmpty())
        inv.arguments << QStringLiteral("--kubeconfig") << options.kubeconfig;
    if (!options.kubeContext.isEmpty())
        inv.arguments << QStringLiteral("--kube-context") << options.kubeContext;
    return inv;
}

}  // namespace workbench::models::build
