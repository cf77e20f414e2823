// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploy/credentialstore.h"
#include "deploy/deployconfig.h"
#include "deploy/kubectlcalls.h"
#include "deploy/stepjob.h"
#include "kube/kubeclient.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QTimer;

namespace workbench::engine::kube {
class KubeClient;
class PodWatcher;
}  // namespace workbench::engine::kube

namespace workbench::engine::deploy {

/// The Deploy step, through the Kubernetes API (engine/kube's KubeClient on the services' HTTP
/// client) and helm:
/// 1. the kube context resolved (`--kubeconfig`, `--context`, else KUBECONFIG and KUBE_CONTEXT);
/// 2. the namespace NAMESPACE created when missing (GET, then POST);
/// 3. the image pull secret (`sconeapps` unless the chart names another) of type
///    `kubernetes.io/dockerconfigjson` created or updated for the registry hosts of the chart's
///    images, with the logins from the keychain, else the container tools' auth files (a
///    registry without a login is a warning: its pods pull anonymously): GET, then POST or PUT;
/// 4. `helm upgrade --install RELEASE <chart> --namespace NS` with the chart sconectl wrote at
///    the last upload (sconectl route) or the workbench's own chart (direct route);
/// 5. waiting until every pod of the release (`app.kubernetes.io/instance=RELEASE`) is Running
///    and Ready (a PodWatcher: list, then watch), logging phase changes and what keeps a pod from running
///    (ImagePullBackOff, CrashLoopBackOff, Pending with the scheduler's message); fails with `deploy.timeout` naming
///    the pods and their reasons after `--wait` seconds.
/// The Kubernetes connection of a run: `--kubeconfig` (else KUBECONFIG of the run's
/// environment, else ~/.kube/config), `--context` (else KUBE_CONTEXT, else the current one),
/// NAMESPACE as the default namespace.
Result<models::kube::KubeConnection> kubeConnectionFor(const DeployConfig &config);

class DeployJob : public StepJob
{
    Q_OBJECT
public:
    DeployJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent = nullptr);
    ~DeployJob() override;

    /// The release's pods, sorted by name (removed ones stay, marked).
    const QList<DeployedPod> &pods() const { return m_pods; }
    /// The chart installed (absolute folder).
    QString chartDir() const { return m_chartDir; }

Q_SIGNALS:
    void podChanged(int index);
    void podsReset();

protected:
    void run() override;
    void onCancelRequested() override;

private:
    void prepareChart();
    void ensureNamespace();
    void applyPullSecret();
    void writePullSecret(const QString &name, SharedSecret object, const QStringList &hosts);
    void runHelm();
    void waitForPods();
    void podsListed(const QList<DeployedPod> &pods);
    void deadlineReached();
    void stopWatching();
    /// Ends the job for a failed API call (Cancelled when it was cancelled).
    void failKube(const Error &error, const QString &what);

    std::shared_ptr<const DeployConfig> m_config;
    DeployServices m_services;
    QString m_chartDir;
    QString m_namespace;
    QString m_release;
    QList<DeployedPod> m_pods;
    std::unique_ptr<kube::KubeClient> m_kube;
    std::unique_ptr<kube::PodWatcher> m_watcher;
    kube::KubeCall m_kubeCall;  ///< the API call in flight (one at a time)
    QTimer *m_deadline = nullptr;
};

}  // namespace workbench::engine::deploy
