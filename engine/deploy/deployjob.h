// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploy/credentialstore.h"
#include "deploy/deployconfig.h"
#include "deploy/kubectlcalls.h"
#include "deploy/stepjob.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QTimer;

namespace workbench::engine::deploy {

/// The Deploy step, through kubectl (until engine/kube's KubeClient replaces it, see
/// kubectlcalls.h) and helm:
/// 1. the kube context resolved (`--kubeconfig`, `--context`, else KUBECONFIG and KUBE_CONTEXT);
/// 2. the namespace NAMESPACE created when missing;
/// 3. the image pull secret (`sconeapps` unless the chart names another) of type
///    `kubernetes.io/dockerconfigjson` created or updated for the registry hosts of the chart's
///    images, with the logins from the keychain, else the container tools' auth files (a
///    registry without a login is a warning: its pods pull anonymously);
/// 4. `helm upgrade --install RELEASE <chart> --namespace NS` with the chart sconectl wrote at
///    the last upload (sconectl route) or the workbench's own chart (direct route);
/// 5. waiting until every pod of the release (`app.kubernetes.io/instance=RELEASE`) is Running
///    and Ready, logging phase changes and what keeps a pod from running (ImagePullBackOff,
///    CrashLoopBackOff, Pending with the scheduler's message); fails with `deploy.timeout`
///    naming the pods and their reasons after `--wait` seconds.
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
    void pollPods();
    void podsListed(const QList<DeployedPod> &pods);
    void stopWatching();
    void kubectl(const QString &title, const QStringList &arguments, ToolDone done, const QList<int> &accepted = {0},
                 SharedSecret stdinSecret = {});

    std::shared_ptr<const DeployConfig> m_config;
    DeployServices m_services;
    QString m_chartDir;
    QString m_namespace;
    QString m_release;
    QList<DeployedPod> m_pods;
    QTimer *m_pollTimer = nullptr;
    qint64 m_deadlineMs = 0;  ///< since the epoch
};

}  // namespace workbench::engine::deploy
