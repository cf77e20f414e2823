// SPDX-License-Identifier: Apache-2.0
#include "deploy/deployjob.h"

#include "build/helminvocation.h"
#include "build/workfolder.h"
#include "deploy/credentialresolver.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "process/toolinvocationspec.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

namespace workbench::engine::deploy {

using namespace workbench::models;
using namespace workbench::models::build;

DeployJob::DeployJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent)
    : StepJob(QStringLiteral("Deploy"), parent)
    , m_config(std::move(config))
    , m_services(std::move(services))
{}

DeployJob::~DeployJob()
{
    stopWatching();
}

void DeployJob::run()
{
    const DeployProject &project = *m_config->project;
    m_namespace = project.settings.kubeNamespace.trimmed();
    m_release = project.settings.release.trimmed();
    if (m_namespace.isEmpty()) {
        failWith(makeError(QStringLiteral("deploy.namespace"), QStringLiteral("NAMESPACE is not set.")));
        return;
    }
    if (!isValidReleaseName(m_release)) {
        failWith(makeError(QStringLiteral("deploy.release"),
                           QStringLiteral("RELEASE \"%1\" is not a valid helm release name (lower-case letters, digits "
                                          "and -, at most 53 characters).")
                               .arg(m_release)));
        return;
    }
    prepareChart();
}

void DeployJob::prepareChart()
{
    const DeployProject &project = *m_config->project;
    const Result<std::optional<LastUpload>> last = loadLastUpload(m_config->workDir);
    if (!last.ok()) {
        failWith(last.error());
        return;
    }
    if (last.value() && last.value()->route == UploadRoute::Sconectl) {
        m_chartDir = last.value()->chartDir;
        if (!QFileInfo::exists(m_chartDir + QStringLiteral("/Chart.yaml"))) {
            failWith(makeError(
                QStringLiteral("deploy.chart"),
                QStringLiteral("The chart of the last upload (sconectl) is gone: %1. Upload again.").arg(m_chartDir)));
            return;
        }
        info(QStringLiteral("Chart written by sconectl at the last upload: %1").arg(m_chartDir));
    } else {
        if (project.preview.hasErrors()) {
            failWith(makeError(QStringLiteral("deploy.project"),
                               QStringLiteral("The project has errors; nothing is deployed (scone-workbench validate "
                                              "lists them).")));
            return;
        }
        if (Status s = checkWorkFolder(project.projectDir, m_config->workDir); !s) {
            failWith(s.error());
            return;
        }
        m_chartDir = m_config->workDir + QStringLiteral("/chart");
        QDir(m_chartDir).removeRecursively();
        for (const policy::ChartFile &f : project.preview.chart.files)
            if (Status s = writeWorkFile(m_chartDir, f.path, f.content.text.toUtf8()); !s) {
                failWith(s.error());
                return;
            }
        info(QStringLiteral("The workbench's chart (%1 files): %2")
                 .arg(project.preview.chart.files.size())
                 .arg(m_chartDir));
    }
    ensureNamespace();
}

void DeployJob::ensureNamespace()
{
    // PENDING(engine/kube): namespace via the Kubernetes API.
    applyPullSecret();
}

void DeployJob::applyPullSecret()
{
    // PENDING(engine/kube): pull secret via the Kubernetes API.
    runHelm();
}

void DeployJob::runHelm()
{
    if (stopIfCancelled())
        return;
    HelmDeployOptions options;
    options.release = m_release;
    options.chartDir = m_chartDir;
    options.kubeNamespace = m_namespace;
    options.kubeconfig = m_config->kube.kubeconfig;
    options.kubeContext = m_config->kube.context;
    const Result<ToolInvocation> inv = helmUpgradeInstall(options, m_config->environment);
    if (!inv.ok()) {
        failWith(inv.error());
        return;
    }
    setProgress(-1.0, QStringLiteral("helm upgrade --install %1").arg(m_release));
    runTool(QStringLiteral("helm upgrade"),
            process::processSpecFor(inv.value(), m_config->toolPath(QStringLiteral("helm"))),
            [this](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    failWith(r.error());
                    return;
                }
                waitForPods();
            });
}

void DeployJob::waitForPods()
{
    // PENDING(engine/kube): wait for the release's pods.
    reportSucceeded();
}

void DeployJob::updatePod(const models::kube::KubePod &, bool) {}

void DeployJob::checkPods() {}

void DeployJob::waitTimedOut() {}

void DeployJob::stopWatching() {}

void DeployJob::onCancelRequested()
{
    StepJob::onCancelRequested();
    stopWatching();
}

}  // namespace workbench::engine::deploy
