// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace workbench::models::kube {

/// The "exec" part of a kubeconfig user: a credential plugin (client.authentication.k8s.io
/// v1 or v1beta1) that prints an ExecCredential.
struct KubeExecConfig {
    enum class InteractiveMode { Never, IfAvailable, Always };

    QString apiVersion;  ///< "client.authentication.k8s.io/v1" or ".../v1beta1"
    /// The program; a path with a '/' is made absolute against the kubeconfig's folder, a bare
    /// name is looked up in PATH when it runs (as kubectl does).
    QString command;
    QStringList args;
    QList<QPair<QString, QString>> env;  ///< added to the plugin's environment
    QString installHint;                 ///< shown when the command is missing
    bool provideClusterInfo = false;     ///< pass the cluster in KUBERNETES_EXEC_INFO
    /// v1 requires it; v1beta1 defaults to IfAvailable.
    InteractiveMode interactiveMode = InteractiveMode::IfAvailable;

    static constexpr const char *v1 = "client.authentication.k8s.io/v1";
    static constexpr const char *v1beta1 = "client.authentication.k8s.io/v1beta1";
};

}  // namespace workbench::models::kube
