// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploy/buildjob.h"
#include "deploy/deployconfig.h"
#include "deploy/deployjob.h"
#include "deploy/doctor.h"
#include "deploy/uploadjob.h"
#include "jobs/pipelinejob.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace workbench::engine::kube {
class KubeClient;
class PodWatcher;
}  // namespace workbench::engine::kube

namespace workbench::engine::deploy {

/// The Build & Deploy run as the area and the command line see it: makes the step jobs
/// (alone or as the pipeline doctor → build → upload → deploy) and keeps the rows they report
/// — the doctor's checklist, one row per service built, per session uploaded, per pod of the
/// release — after the step jobs are gone, with signals for a view. One DeployRun per run;
/// lives on the owner's thread.
///
///     DeployRun run(config, services);
///     auto pipeline = run.makePipeline(DeployStep::Upload);   // "retry from here"
///     connect(&run, &DeployRun::serviceChanged, view, ...);
///     runner->submit(std::move(pipeline));
///     // when it finished: jobs::JobHistory(projectDir).record(*job)
class DeployRun : public QObject
{
    Q_OBJECT
public:
    DeployRun(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent = nullptr);
    ~DeployRun() override;

    const DeployConfig &config() const { return *m_config; }

    /// The pipeline doctor → build → upload → deploy (steps named by deployStepName()); with
    /// @p from, the steps before it are Skipped ("retry from here"). It stops at the first
    /// step that fails, with that step's error and log. The doctor checks what the steps that
    /// run need (the chosen routes).
    std::unique_ptr<jobs::PipelineJob> makePipeline(std::optional<DeployStep> from = std::nullopt);
    /// One step as a job of its own (the `build`, `upload`, `deploy`, `doctor` commands; "Run step").
    std::unique_ptr<jobs::Job> makeStep(DeployStep step);

    /// The route keys (doctor.h) the steps from @p from on will take.
    QStringList chosenRoutes(std::optional<DeployStep> from = std::nullopt) const;

    // The rows of the latest try of each step.
    const std::optional<DoctorReport> &doctorReport() const { return m_doctor; }
    const QList<ServiceBuild> &services() const { return m_services; }
    const QList<SessionUpload> &sessions() const { return m_sessions; }
    const QList<DeployedPod> &pods() const { return m_pods; }
    QString chartDir() const { return m_chartDir; }

    /// Keeps pods() current after the deploy: the release's pods watched through the
    /// Kubernetes API (a kube::PodWatcher on the services' HTTP client), announced with
    /// podsReset()/podChanged() as during the deploy. Fails (`deploy.http`, `kube.config`)
    /// when there is no HTTP client or no usable kube context. Idempotent.
    Status watchPods();
    void stopWatchingPods();
    bool isWatchingPods() const { return bool(m_watcher); }

Q_SIGNALS:
    /// A step's job was created and is about to start (the pipeline's or a single step's).
    void stepJobCreated(workbench::engine::deploy::DeployStep step, workbench::engine::jobs::Job *job);
    void doctorChanged();
    void servicesReset();
    void serviceChanged(int index);
    void sessionsReset();
    void sessionChanged(int index);
    void podsReset();
    void podChanged(int index);

private:
    std::unique_ptr<jobs::Job> createStepJob(DeployStep step, const QStringList &doctorRoutes);
    void observe(DoctorJob *job);
    void observe(BuildJob *job);
    template<typename J> void observeUpload(J *job);
    void observe(DeployJob *job);

    std::shared_ptr<const DeployConfig> m_config;
    DeployServices m_servicesDeps;
    std::optional<DoctorReport> m_doctor;
    QList<ServiceBuild> m_services;
    QList<SessionUpload> m_sessions;
    QList<DeployedPod> m_pods;
    QString m_chartDir;
    std::unique_ptr<kube::KubeClient> m_kube;     ///< watchPods()
    std::unique_ptr<kube::PodWatcher> m_watcher;  ///< destroyed before m_kube
};

}  // namespace workbench::engine::deploy
