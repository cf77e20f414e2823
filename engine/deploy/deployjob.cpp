// SPDX-License-Identifier: Apache-2.0
#include "deploy/deployjob.h"

#include "build/helminvocation.h"
#include "build/pullsecret.h"
#include "build/workfolder.h"
#include "core/errorcodes.h"
#include "deploy/credentialresolver.h"
#include "kube/kubeconfigloader.h"
#include "kube/podwatcher.h"
#include "process/toolinvocationspec.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>

namespace workbench::engine::deploy {

using namespace workbench::models;
using namespace workbench::models::build;

Result<models::kube::KubeConnection> kubeConnectionFor(const DeployConfig &config)
{
    const Result<models::kube::Kubeconfig> loaded = models::kube::KubeconfigLoader::load(
        config.kube.kubeconfig, config.environment.value(QStringLiteral("KUBECONFIG")), config.homeDir);
    if (!loaded.ok())
        return loaded.error();
    return models::kube::KubeConnection::resolve(loaded.value(), config.kube.context,
                                                 config.project->settings.kubeNamespace.trimmed());
}

DeployJob::DeployJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent)
    : StepJob(QStringLiteral("Deploy"), parent)
    , m_config(std::move(config))
    , m_services(std::move(services))
{}

DeployJob::~DeployJob()
{
    m_kubeCall.cancel();
    if (m_watcher)
        m_watcher->stop();
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
    if (!m_services.http) {
        failWith(makeError(QStringLiteral("deploy.http"), QStringLiteral("No HTTP client is available.")));
        return;
    }
    Result<models::kube::KubeConnection> connection = kubeConnectionFor(*m_config);
    if (!connection.ok()) {
        failWith(connection.error());
        return;
    }
    for (const QString &w : connection->warnings)
        warning(w);
    info(QStringLiteral("Kubernetes: %1").arg(connection->describe()));
    m_kube = std::make_unique<kube::KubeClient>(*m_services.http, std::move(connection).value());
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

void DeployJob::failKube(const Error &error, const QString &what)
{
    if (error.isCancelled() || isCancelRequested()) {
        failWith(error);
        return;
    }
    Error e = error;
    e.message = what + QStringLiteral(": ") + error.message;
    failWith(std::move(e));
}

void DeployJob::ensureNamespace()
{
    if (stopIfCancelled())
        return;
    setProgress(0.05, QStringLiteral("Namespace %1").arg(m_namespace));
    m_kubeCall = m_kube->ensureNamespace(
        m_namespace, {}, this, [this](const Result<models::kube::KubeNamespace> &r, bool created) {
            m_kubeCall = kube::KubeCall();
            if (!r.ok()) {
                failKube(r.error(), QStringLiteral("Cannot create namespace %1").arg(m_namespace));
                return;
            }
            info(created ? QStringLiteral("Namespace %1 created").arg(m_namespace)
                         : QStringLiteral("Namespace %1 exists").arg(m_namespace));
            applyPullSecret();
        });
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
    if (stopIfCancelled())
        return;
    // GET first, so that an existing secret is replaced (PUT) and a new one created (POST)
    // without provoking an AlreadyExists answer.
    m_kubeCall = m_kube->getSecret(
        m_namespace, name, this, [this, name, object, hosts](const Result<models::kube::KubeSecret> &r) {
            m_kubeCall = kube::KubeCall();
            const bool missing = !r.ok() && r.error().code == QLatin1String(errc::kubeNotFound);
            if (!r.ok() && !missing) {
                failKube(r.error(), QStringLiteral("Cannot read secret %1 in %2").arg(name, m_namespace));
                return;
            }
            if (stopIfCancelled())
                return;
            const bool exists = r.ok();
            if (exists && r->type != QLatin1String("kubernetes.io/dockerconfigjson")) {
                failWith(makeError(QStringLiteral("deploy.secret"),
                                   QStringLiteral("Secret %1 in %2 is of type %3, not an image pull secret "
                                                  "(kubernetes.io/dockerconfigjson); name another with PULL_SECRET.")
                                       .arg(name, m_namespace, r->type)));
                return;
            }
            const auto written = [this, name, hosts, exists](const Result<models::kube::KubeObjectMeta> &w) {
                m_kubeCall = kube::KubeCall();
                if (!w.ok()) {
                    failKube(w.error(), QStringLiteral("Cannot write secret %1 in %2").arg(name, m_namespace));
                    return;
                }
                info(QStringLiteral("Image pull secret %1 %2 for %3")
                         .arg(name, exists ? QStringLiteral("updated") : QStringLiteral("created"),
                              hosts.join(QStringLiteral(", "))));
                runHelm();
            };
            m_kubeCall = exists ? m_kube->replaceSecret(m_namespace, name, object, this, written)
                                : m_kube->createSecret(m_namespace, object, this, written);
        });
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
    info(QStringLiteral("Waiting up to %1 s for the pods of %2 (app.kubernetes.io/instance=%2) in %3")
             .arg(m_config->kube.waitSeconds)
             .arg(m_release, m_namespace));
    setProgress(0.5, QStringLiteral("Waiting for the pods"));
    m_deadline = new QTimer(this);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &DeployJob::deadlineReached);
    m_deadline->start(std::max(1, m_config->kube.waitSeconds) * 1000);
    m_watcher = std::make_unique<kube::PodWatcher>(*m_kube, m_namespace,
                                                   QStringLiteral("app.kubernetes.io/instance=") + m_release);
    const auto listed = [this] {
        QList<DeployedPod> pods;
        for (const models::kube::KubePod &p : m_watcher->podList())
            pods << deployedPodFrom(p);
        podsListed(pods);
    };
    connect(m_watcher.get(), &kube::PodWatcher::synced, this, listed);
    connect(m_watcher.get(), &kube::PodWatcher::podAdded, this, [this, listed] {
        if (m_watcher->isSynced())
            listed();
    });
    connect(m_watcher.get(), &kube::PodWatcher::podChanged, this, listed);
    connect(m_watcher.get(), &kube::PodWatcher::podRemoved, this, listed);
    connect(m_watcher.get(), &kube::PodWatcher::failed, this, [this](const Error &error) {
        stopWatching();
        failKube(error, QStringLiteral("Cannot list the pods of %1 in %2").arg(m_release, m_namespace));
    });
    connect(m_watcher.get(), &kube::PodWatcher::problem, this, [this](const Error &error, int retryInMs) {
        warning(QStringLiteral("watching the pods: %1 (again in %2 ms)").arg(error.message).arg(retryInMs));
    });
    m_watcher->start();
}

void DeployJob::podsListed(const QList<DeployedPod> &listed)
{
    if (isFinished())
        return;
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
}

void DeployJob::deadlineReached()
{
    if (isFinished())
        return;
    stopWatching();
    QStringList stuck;
    int present = 0;
    for (const DeployedPod &p : std::as_const(m_pods)) {
        if (p.removed)
            continue;
        ++present;
        if (!p.isUp())
            stuck << p.describe();
    }
    const QString what = present == 0
                             ? QStringLiteral("no pod of release %1 appeared in %2").arg(m_release, m_namespace)
                             : stuck.join(QStringLiteral("; "));
    failWith(makeError(QStringLiteral("deploy.timeout"), QStringLiteral("The release %1 was not ready after %2 s: %3")
                                                             .arg(m_release)
                                                             .arg(m_config->kube.waitSeconds)
                                                             .arg(what)));
}

void DeployJob::stopWatching()
{
    if (m_deadline)
        m_deadline->stop();
    if (m_watcher)
        m_watcher->stop();
}

void DeployJob::onCancelRequested()
{
    StepJob::onCancelRequested();
    m_kubeCall.cancel();  // its callback ends the job Cancelled
    // While waiting for the pods nothing runs that would end the job: end it here.
    if (m_watcher && m_watcher->isRunning() && !isFinished()) {
        stopWatching();
        reportCancelled();
    }
}

}  // namespace workbench::engine::deploy
