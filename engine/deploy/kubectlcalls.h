// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::kube {
struct KubePod;
}

namespace workbench::engine::deploy {

// The pods of the Deploy step and kubectl's command lines. The Deploy step talks to the API
// server through engine/kube's KubeClient; the kubectl helpers remain for the doctor and for
// reading `kubectl get pods -o json` output.

/// A pod of the release as the Deploy step shows it (a row of the step).
struct DeployedPod {
    QString name;
    QString phase;   ///< Pending, Running, Succeeded, Failed, Unknown
    QString status;  ///< kubectl's STATUS column: ContainerCreating, ImagePullBackOff, Running, ...
    int readyContainers = 0;
    int containers = 0;
    bool ready = false;    ///< condition Ready
    QString reason;        ///< what keeps it from running (ImagePullBackOff, CrashLoopBackOff, Unschedulable)
    QString message;       ///< its message (the scheduler's, the kubelet's)
    bool removed = false;  ///< the pod is gone (replaced by a newer one)

    /// Running and Ready.
    bool isUp() const { return phase == QLatin1String("Running") && ready; }
    /// "web-0 Running 1/1", "web-1 ImagePullBackOff 0/1: Back-off pulling image ..."
    QString describe() const;

    friend bool operator==(const DeployedPod &, const DeployedPod &) = default;
};

/// Where kubectl talks to: `--kubeconfig` and `--context` when given (else kubectl's own
/// KUBECONFIG / ~/.kube/config and current context).
struct KubectlTarget {
    QString kubeconfig;
    QString context;
    QString kubeNamespace;
};

/// `kubectl [--kubeconfig F] [--context C] ARGS...` with @p inherited as its environment.
models::build::ToolInvocation kubectlInvocation(const KubectlTarget &target, const QStringList &arguments,
                                                const models::build::Environment &inherited);

/// `get namespace NS -o name` (exit 1 with NotFound when it does not exist).
QStringList kubectlGetNamespaceArgs(const QString &kubeNamespace);
/// `create namespace NS`.
QStringList kubectlCreateNamespaceArgs(const QString &kubeNamespace);
/// `get secret NAME -n NS -o name`.
QStringList kubectlGetSecretArgs(const QString &kubeNamespace, const QString &name);
/// `create|replace --validate=false -n NS -f -`: the object comes on stdin (never on the command line).
QStringList kubectlApplyStdinArgs(const QString &verb, const QString &kubeNamespace);
/// `get pods -n NS -l app.kubernetes.io/instance=RELEASE -o json`.
QStringList kubectlGetReleasePodsArgs(const QString &kubeNamespace, const QString &release);

/// True when kubectl's error output says the object does not exist (`Error from server
/// (NotFound)`, `... not found`).
bool isKubectlNotFound(const QString &stderrText);

/// The pods of a `PodList` (or a single `Pod`) as JSON, sorted by name: phase, readiness and,
/// for a pod that does not run, the reason kubectl would show (a waiting container's reason
/// such as ImagePullBackOff or CrashLoopBackOff with its message, a terminated container's,
/// the PodScheduled condition's Unschedulable with the scheduler's message). Errors
/// (`deploy.pods`) for text that is not such JSON.
Result<QList<DeployedPod>> parsePodList(const QByteArray &json);

/// The row of a pod as the API server returned it (engine/kube's KubeClient, PodWatcher):
/// kubectl's STATUS text, readiness and what keeps it from running (KubePod::problem()).
DeployedPod deployedPodFrom(const models::kube::KubePod &pod);

}  // namespace workbench::engine::deploy
