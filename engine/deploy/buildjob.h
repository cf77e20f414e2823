// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/buildcontext.h"
#include "build/imagebuilder.h"
#include "build/templaterender.h"
#include "deploy/deployconfig.h"
#include "deploy/stepjob.h"
#include "manifest/servicemanifest.h"

#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine::deploy {

/// One service to build: its manifest rendered with the deployment settings.
struct ServicePlan {
    QString service;       ///< rendered `build.name`
    QString manifestPath;  ///< project-relative
    models::build::RenderedManifest rendered;
    models::BuildSection build;  ///< of the rendered manifest
};

/// Renders the project's service manifests (as `envsubst` would, unset variables are errors)
/// and keeps those with a build section, in file order; with @p only, just those services
/// (by `build.name`). Errors: the renderer's (`build.render.unset`, ...), and
/// `build.service.unknown` naming the services there are.
Result<QList<ServicePlan>> planServiceBuilds(const DeployProject &project, const QStringList &only = {});

/// The result of building one service (a row of the Build step).
struct ServiceBuild {
    enum class State { Pending, Building, Pushing, Built, Failed, Cancelled };
    QString service;
    QString manifestPath;  ///< project-relative
    QString image;         ///< the tag built (`build.to`)
    QString builder;       ///< sconectl, buildah, podman, docker
    State state = State::Pending;
    QString digest;             ///< `sha256:…` of the pushed manifest; empty when not pushed
    QString imageId;            ///< native route: the local image ID (`sha256:…`)
    QString containerfile;      ///< native route: the generated Containerfile
    QString containerfilePath;  ///< native route: where it was written (absolute, in the working folder)
    std::optional<Error> error;
    qint64 startedMs = 0;  ///< since the epoch; 0 before it started
    qint64 elapsedMs = 0;

    /// `IMAGE@sha256:…` when there is a digest, else the tag.
    QString reference() const;
};
QString serviceBuildStateName(ServiceBuild::State state);

/// The Build step: every service (or the chosen ones) built in turn, on the sconectl route
/// (`sconectl apply -f service.yaml`, digest from its push output) or the native route (a
/// generated Containerfile built with buildah, podman or docker, chosen or the first found,
/// and pushed to `build.to` unless --no-push; digest from `--digestfile` or docker's output).
/// Templates are rendered into the working folder, which mirrors the project; the tools get
/// the inherited environment only (their own configuration is honoured). The Containerfile of
/// each native build is written to the log. Stops at the first service that fails.
class BuildJob : public StepJob
{
    Q_OBJECT
public:
    BuildJob(std::shared_ptr<const DeployConfig> config, QObject *parent = nullptr);

    /// One row per planned service (filled when the job starts).
    const QList<ServiceBuild> &services() const { return m_rows; }

Q_SIGNALS:
    /// The rows were planned (services() has its final length).
    void servicesPlanned();
    void serviceChanged(int index);

protected:
    void run() override;

private:
    void buildNext();
    void buildNative(int index);
    void pushNative(int index);
    void buildSconectl(int index);
    void serviceDone(int index, const Status &status);
    void setRow(int index, ServiceBuild::State state);

    std::shared_ptr<const DeployConfig> m_config;
    QList<ServicePlan> m_plans;
    QList<ServiceBuild> m_rows;
    std::optional<models::build::ImageBuilder> m_builder;
    QString m_builderPath;
    int m_next = 0;
};

}  // namespace workbench::engine::deploy
