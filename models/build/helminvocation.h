// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "core/result.h"

#include <QString>

namespace workbench::models::build {

struct HelmDeployOptions {
    QString release;        ///< RELEASE
    QString chartDir;       ///< the rendered chart folder (absolute)
    QString kubeNamespace;  ///< NAMESPACE
    QString kubeconfig;   ///< `--kubeconfig FILE` of the deploy command; empty: helm's own (KUBECONFIG, ~/.kube/config)
    QString kubeContext;  ///< `--context NAME` of the deploy command; empty: the kubeconfig's current context
};

/// True for a valid helm release name: lower-case letters, digits and `-` (dots too, as helm
/// allows), starting and ending with a letter or digit, at most 53 characters.
bool isValidReleaseName(const QString &release);

/// `helm upgrade --install RELEASE CHART_DIR --namespace NS [--kubeconfig FILE]
/// [--kube-context NAME]` with @p inherited as its environment. helm's flags for the
/// kubeconfig and context are added only when the user gave them. Fails (`deploy.helm`) for an
/// invalid release name, an empty namespace or chart folder.
Result<ToolInvocation> helmUpgradeInstall(const HelmDeployOptions &options, const Environment &inherited);

}  // namespace workbench::models::build
