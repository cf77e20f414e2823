// SPDX-License-Identifier: Apache-2.0
#include "deploy/deploypipeline.h"

#include "jobs/pipelinerecipe.h"
#include "kube/kubeclient.h"
#include "kube/podwatcher.h"

namespace workbench::engine::deploy {

DeployRun::DeployRun(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_servicesDeps(std::move(services))
{}

DeployRun::~DeployRun()
{
    stopWatchingPods();
}

Status DeployRun::watchPods()
{
    if (m_watcher)
        return Ok{};
    if (!m_servicesDeps.http)
        return makeError(QStringLiteral("deploy.http"), QStringLiteral("No HTTP client is available."));
    Result<models::kube::KubeConnection> connection = kubeConnectionFor(*m_config);
    if (!connection.ok())
        return connection.error();
    const QString ns = connection->namespaceName;
    m_kube = std::make_unique<kube::KubeClient>(*m_servicesDeps.http, std::move(connection).value());
    m_watcher = std::make_unique<kube::PodWatcher>(
        *m_kube, ns, QStringLiteral("app.kubernetes.io/instance=") + m_config->project->settings.release.trimmed());
    const auto relist = [this] {
        QList<DeployedPod> pods;
        for (const models::kube::KubePod &p : m_watcher->podList())
            pods << deployedPodFrom(p);
        m_pods = pods;
        Q_EMIT podsReset();
    };
    connect(m_watcher.get(), &kube::PodWatcher::synced, this, relist);
    connect(m_watcher.get(), &kube::PodWatcher::podAdded, this, [this, relist] {
        if (m_watcher->isSynced())
            relist();
    });
    connect(m_watcher.get(), &kube::PodWatcher::podChanged, this, relist);
    connect(m_watcher.get(), &kube::PodWatcher::podRemoved, this, relist);
    m_watcher->start();
    return Ok{};
}

void DeployRun::stopWatchingPods()
{
    if (m_watcher)
        m_watcher->stop();
    m_watcher.reset();
    m_kube.reset();
}

QStringList DeployRun::chosenRoutes(std::optional<DeployStep> from) const
{
    QStringList routes;
    const int first = from ? int(allDeploySteps().indexOf(*from)) : 0;
    for (const DeployStep step : allDeploySteps().mid(first)) {
        switch (step) {
        case DeployStep::Doctor:
            break;
        case DeployStep::Build:
            routes << buildRouteKey(m_config->build);
            break;
        case DeployStep::Upload:
            routes << uploadRouteKey(m_config->upload.route);
            break;
        case DeployStep::Deploy:
            routes << QStringLiteral("deploy");
            break;
        }
    }
    return routes;
}

std::unique_ptr<jobs::PipelineJob> DeployRun::makePipeline(std::optional<DeployStep> from)
{
    const QStringList routes = chosenRoutes(from);
    QList<jobs::PipelineRecipe> steps;
    for (const DeployStep step : allDeploySteps())
        steps << jobs::step(deployStepName(step),
                            [this, step, routes](jobs::PipelineContext &) { return createStepJob(step, routes); });
    auto pipeline = std::make_unique<jobs::PipelineJob>(tr("Build & Deploy"), jobs::sequence(steps));
    if (from)
        pipeline->setStartFrom(deployStepName(*from));
    return pipeline;
}

std::unique_ptr<jobs::Job> DeployRun::makeStep(DeployStep step)
{
    return createStepJob(step, step == DeployStep::Doctor ? QStringList() : chosenRoutes(step).mid(0, 1));
}

std::unique_ptr<jobs::Job> DeployRun::createStepJob(DeployStep step, const QStringList &doctorRoutes)
{
    std::unique_ptr<jobs::Job> job;
    switch (step) {
    case DeployStep::Doctor: {
        DoctorScope scope;
        scope.chosenRoutes = doctorRoutes;
        auto j = std::make_unique<DoctorJob>(m_config, m_servicesDeps, scope);
        observe(j.get());
        job = std::move(j);
        break;
    }
    case DeployStep::Build: {
        auto j = std::make_unique<BuildJob>(m_config);
        observe(j.get());
        job = std::move(j);
        break;
    }
    case DeployStep::Upload:
        if (m_config->upload.route == UploadRoute::Direct) {
            auto j = std::make_unique<UploadJob>(m_config, m_servicesDeps);
            observeUpload(j.get());
            job = std::move(j);
        } else {
            auto j = std::make_unique<SconectlUploadJob>(m_config);
            observeUpload(j.get());
            job = std::move(j);
        }
        break;
    case DeployStep::Deploy: {
        auto j = std::make_unique<DeployJob>(m_config, m_servicesDeps);
        observe(j.get());
        job = std::move(j);
        break;
    }
    }
    Q_EMIT stepJobCreated(step, job.get());
    return job;
}

void DeployRun::observe(DoctorJob *job)
{
    m_doctor.reset();
    Q_EMIT doctorChanged();
    connect(job, &jobs::Job::finished, this, [this, job] {
        m_doctor = job->report();
        Q_EMIT doctorChanged();
    });
}

void DeployRun::observe(BuildJob *job)
{
    m_services.clear();
    Q_EMIT servicesReset();
    connect(job, &BuildJob::servicesPlanned, this, [this, job] {
        m_services = job->services();
        Q_EMIT servicesReset();
    });
    connect(job, &BuildJob::serviceChanged, this, [this, job](int index) {
        if (index < 0 || index >= job->services().size())
            return;
        if (m_services.size() != job->services().size()) {
            m_services = job->services();
            Q_EMIT servicesReset();
            return;
        }
        m_services[index] = job->services().at(index);
        Q_EMIT serviceChanged(index);
    });
}

template<typename J> void DeployRun::observeUpload(J *job)
{
    m_sessions.clear();
    Q_EMIT sessionsReset();
    connect(job, &J::sessionsPlanned, this, [this, job] {
        m_sessions = job->sessions();
        Q_EMIT sessionsReset();
    });
    connect(job, &J::sessionChanged, this, [this, job](int index) {
        if (index < 0 || index >= job->sessions().size())
            return;
        if (m_sessions.size() != job->sessions().size()) {
            m_sessions = job->sessions();
            Q_EMIT sessionsReset();
            return;
        }
        m_sessions[index] = job->sessions().at(index);
        Q_EMIT sessionChanged(index);
    });
}

void DeployRun::observe(DeployJob *job)
{
    stopWatchingPods();
    m_pods.clear();
    m_chartDir.clear();
    Q_EMIT podsReset();
    connect(job, &DeployJob::podsReset, this, [this, job] {
        m_pods = job->pods();
        Q_EMIT podsReset();
    });
    connect(job, &DeployJob::podChanged, this, [this, job](int index) {
        if (index < 0 || index >= job->pods().size())
            return;
        if (m_pods.size() != job->pods().size()) {
            m_pods = job->pods();
            Q_EMIT podsReset();
            return;
        }
        m_pods[index] = job->pods().at(index);
        Q_EMIT podChanged(index);
    });
    connect(job, &jobs::Job::finished, this, [this, job] { m_chartDir = job->chartDir(); });
}

}  // namespace workbench::engine::deploy
