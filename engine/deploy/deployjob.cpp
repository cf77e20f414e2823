// SPDX-License-Identifier: Apache-2.0
#include "deploy/deployjob.h"

#include "build/helminvocation.h"
#include "build/pullsecret.h"
#include "build/workfolder.h"
#include "deploy/credentialresolver.h"
#include "process/toolinvocationspec.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>

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

void DeployJob::kubectl(const QString &title, const QStringList &arguments, ToolDone done, const QList<int> &accepted,
                        SharedSecret stdinSecret)
{
    KubectlTarget target{m_config->kube.kubeconfig, m_config->kube.context, m_namespace};
    ToolInvocation inv = kubectlInvocation(target, arguments, m_config->environment);
    inv.workingDirectory = m_config->workDir;
    process::ProcessSpec spec = process::processSpecFor(inv, m_config->toolPath(QStringLiteral("kubectl")));
    spec.collectStdoutLimit = 32 * 1024 * 1024;
    spec.secretStdin = std::move(stdinSecret);
    runTool(title, std::move(spec), std::move(done), accepted);
}

void DeployJob::ensureNamespace()
{
    if (stopIfCancelled())
        return;
    setProgress(0.05, QStringLiteral("Namespace %1").arg(m_namespace));
    kubectl(QStringLiteral("kubectl get namespace"), kubectlGetNamespaceArgs(m_namespace),
            [this](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    failWith(r.error());
                    return;
                }
                if (r->exitCode == 0) {
                    info(QStringLiteral("Namespace %1 exists").arg(m_namespace));
                    applyPullSecret();
                    return;
                }
                if (!isKubectlNotFound(r->stderrTail)) {
                    failWith(makeError(
                        QStringLiteral("deploy.namespace"),
                        QStringLiteral("Cannot read namespace %1: %2").arg(m_namespace, r->stderrTail.trimmed())));
                    return;
                }
                kubectl(QStringLiteral("kubectl create namespace"), kubectlCreateNamespaceArgs(m_namespace),
                        [this](const Result<process::ProcessResult> &created) {
                            if (!created.ok()) {
                                failWith(created.error());
                                return;
                            }
                            info(QStringLiteral("Namespace %1 created").arg(m_namespace));
                            applyPullSecret();
                        });
            },
            {0, 1});
}

void DeployJob::applyPullSecret()
{
    if (stopIfCancelled())
        return;
    setProgress(0.1, QStringLiteral("Image pull secret"));
    const QList<ChartImage> images = chartImages(m_config->project->preview);
    QString name = m_config->kube.pullSecret;
    for (const ChartImage &ci : images)
        if (name.isEmpty() && !ci.pullSecrets.isEmpty())
            name = ci.pullSecrets.first();
    if (name.isEmpty())
        name = QString::fromLatin1(kDefaultPullSecretName);
    const QStringList registries = chartRegistries(m_config->project->preview);
    if (registries.isEmpty()) {
        info(QStringLiteral("No registry to log in to: no image pull secret"));
        runHelm();
        return;
    }
    resolveRegistryLogins(
        registries, *m_config, m_services.credentials.get(), this, [this, name](const Result<ResolvedLogins> &r) {
            if (stopIfCancelled())
                return;
            if (!r.ok()) {
                failWith(r.error());
                return;
            }
            for (const QString &note : r->notes)
                info(note);
            for (const QString &host : r->withoutCredentials)
                warning(QStringLiteral("no login for %1: its images are pulled anonymously").arg(host));
            if (r->logins.isEmpty()) {
                runHelm();
                return;
            }
            QList<const RegistryCredential *> logins;
            QStringList hosts;
            for (const auto &login : r->logins) {
                logins << login.get();
                hosts << login->registry;
            }
            auto object = std::make_shared<const certs::SecretBytes>(pullSecretObject(name, m_namespace, logins));
            writePullSecret(name, std::move(object), hosts);
        });
}

void DeployJob::writePullSecret(const QString &name, SharedSecret object, const QStringList &hosts)
{
    kubectl(
        QStringLiteral("kubectl get secret"), kubectlGetSecretArgs(m_namespace, name),
        [this, name, object, hosts](const Result<process::ProcessResult> &r) {
            if (!r.ok()) {
                failWith(r.error());
                return;
            }
            if (r->exitCode != 0 && !isKubectlNotFound(r->stderrTail)) {
                failWith(makeError(
                    QStringLiteral("deploy.secret"),
                    QStringLiteral("Cannot read secret %1 in %2: %3").arg(name, m_namespace, r->stderrTail.trimmed())));
                return;
            }
            const bool exists = r->exitCode == 0;
            const QString verb = exists ? QStringLiteral("replace") : QStringLiteral("create");
            kubectl(
                QStringLiteral("kubectl %1 secret").arg(verb), kubectlApplyStdinArgs(verb, m_namespace),
                [this, name, hosts, exists](const Result<process::ProcessResult> &written) {
                    if (!written.ok()) {
                        failWith(written.error());
                        return;
                    }
                    info(QStringLiteral("Image pull secret %1 %2 for %3")
                             .arg(name, exists ? QStringLiteral("updated") : QStringLiteral("created"),
                                  hosts.join(QStringLiteral(", "))));
                    runHelm();
                },
                {0}, object);
        },
        {0, 1});
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
    if (stopIfCancelled())
        return;
    m_deadlineMs = QDateTime::currentMSecsSinceEpoch() + qint64(m_config->kube.waitSeconds) * 1000;
    info(QStringLiteral("Waiting up to %1 s for the pods of %2 (app.kubernetes.io/instance=%2) in %3")
             .arg(m_config->kube.waitSeconds)
             .arg(m_release, m_namespace));
    setProgress(0.5, QStringLiteral("Waiting for the pods"));
    m_pollTimer = new QTimer(this);
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &DeployJob::pollPods);
    pollPods();
}

void DeployJob::pollPods()
{
    if (stopIfCancelled())
        return;
    kubectl(QStringLiteral("kubectl get pods"), kubectlGetReleasePodsArgs(m_namespace, m_release),
            [this](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    failWith(r.error());
                    return;
                }
                const Result<QList<DeployedPod>> pods = parsePodList(r->stdoutBytes);
                if (!pods.ok()) {
                    failWith(pods.error());
                    return;
                }
                podsListed(pods.value());
            });
}

void DeployJob::podsListed(const QList<DeployedPod> &listed)
{
    bool reset = false;
    for (const DeployedPod &pod : listed) {
        auto it = std::find_if(m_pods.begin(), m_pods.end(), [&](const DeployedPod &p) { return p.name == pod.name; });
        if (it == m_pods.end()) {
            info(QStringLiteral("pod %1").arg(pod.describe()));
            m_pods << pod;
            reset = true;
            continue;
        }
        if (*it == pod)
            continue;
        if (it->status != pod.status || it->ready != pod.ready || it->message != pod.message)
            info(QStringLiteral("pod %1").arg(pod.describe()));
        *it = pod;
        if (!reset)
            Q_EMIT podChanged(int(it - m_pods.begin()));
    }
    for (int i = 0; i < m_pods.size(); ++i) {
        DeployedPod &p = m_pods[i];
        const bool present =
            std::any_of(listed.begin(), listed.end(), [&](const DeployedPod &l) { return l.name == p.name; });
        if (!present && !p.removed) {
            p.removed = true;
            info(QStringLiteral("pod %1 is gone").arg(p.name));
            if (!reset)
                Q_EMIT podChanged(i);
        }
    }
    if (reset) {
        std::sort(m_pods.begin(), m_pods.end(),
                  [](const DeployedPod &a, const DeployedPod &b) { return a.name < b.name; });
        Q_EMIT podsReset();
    }

    int up = 0;
    for (const DeployedPod &p : listed)
        up += p.isUp() ? 1 : 0;
    if (!listed.isEmpty() && up == listed.size()) {
        setProgress(1.0, QString());
        info(QStringLiteral("All %1 pods of %2 are running and ready").arg(listed.size()).arg(m_release));
        stopWatching();
        reportSucceeded();
        return;
    }
    if (!listed.isEmpty())
        setProgress(0.5 + 0.5 * double(up) / double(listed.size()),
                    QStringLiteral("%1 of %2 pods ready").arg(up).arg(listed.size()));
    if (QDateTime::currentMSecsSinceEpoch() >= m_deadlineMs) {
        stopWatching();
        QStringList stuck;
        for (const DeployedPod &p : listed)
            if (!p.isUp())
                stuck << p.describe();
        const QString what = listed.isEmpty()
                                 ? QStringLiteral("no pod of release %1 appeared in %2").arg(m_release, m_namespace)
                                 : stuck.join(QStringLiteral("; "));
        failWith(
            makeError(QStringLiteral("deploy.timeout"), QStringLiteral("The release %1 was not ready after %2 s: %3")
                                                            .arg(m_release)
                                                            .arg(m_config->kube.waitSeconds)
                                                            .arg(what)));
        return;
    }
    const qint64 left = m_deadlineMs - QDateTime::currentMSecsSinceEpoch();
    m_pollTimer->start(int(std::clamp<qint64>(std::min<qint64>(left, m_config->kube.pollIntervalMs), 1, 60000)));
}

void DeployJob::stopWatching()
{
    if (m_pollTimer)
        m_pollTimer->stop();
}

void DeployJob::onCancelRequested()
{
    StepJob::onCancelRequested();
    // Between two polls nothing runs that would end the job: end it here.
    if (m_pollTimer && m_pollTimer->isActive()) {
        stopWatching();
        reportCancelled();
    }
}

}  // namespace workbench::engine::deploy
