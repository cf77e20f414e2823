// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/imagebuilder.h"
#include "build/toolinvocation.h"
#include "core/result.h"
#include "deploy/deployconfig.h"
#include "policy/deploymentsettings.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace workbench::engine {
struct AnalysisSnapshot;
class SettingsStore;
}  // namespace workbench::engine

namespace workbench::engine::deploy {

/// The routes a user picks in the Build & Deploy area (the command line's `--builder` and
/// `--direct`). Remembered per project as the deployment settings' BUILDER and UPLOAD
/// (`.scone-workbench/settings.yaml`, never the manifests), so the area and the command line
/// take the same routes.
struct RouteChoice {
    models::build::BuildRoute build = models::build::BuildRoute::Sconectl;
    std::optional<models::build::ImageBuilder> builder;  ///< native: the tool; nullopt: the first found
    UploadRoute upload = UploadRoute::Sconectl;

    /// BUILDER's value: "sconectl", "native", "buildah", "podman", "docker".
    QString builderValue() const;
    /// From BUILDER / UPLOAD of @p settings (unknown values: the defaults, sconectl and sconectl).
    static RouteChoice fromSettings(const models::policy::DeploymentSettings &settings);
    /// "native", "buildah", ... as BUILDER takes it; nullopt for an unknown value.
    static std::optional<RouteChoice> withBuilderValue(RouteChoice base, const QString &value);

    friend bool operator==(const RouteChoice &, const RouteChoice &) = default;
};

/// Writes @p choice into the settings (BUILDER, UPLOAD) as one edit each, only what differs.
/// The settings file is saved when it held no other unsaved edit (so a choice is remembered
/// without writing someone's half-done edits); otherwise the choice waits in the buffer for
/// the next save. Refused for read-only settings.
Status rememberRouteChoice(SettingsStore &settings, const RouteChoice &choice);

/// The environment of this process, as the tools inherit it.
models::build::Environment processEnvironment();

/// The configuration of a run from the window's analysis, the way the command line makes it
/// from its own: project, settings and policies of @p analysis, @p choice for the routes, the
/// rest from the settings (applySettingsDefaults()), the process environment, the default
/// working folder. Fails (`deploy.project`) when the analysis found errors (nothing runs on a
/// broken project) or there is no project, (`deploy.busy`) for a provisional snapshot (its
/// policies are the previous ones), and for bad route settings.
///
/// @p unsavedFiles: the project's files with unsaved edits (absolute paths). The build and the
/// sconectl upload read the manifests on disk while the analysis sees the edits, so a run with
/// unsaved manifests would build one thing and upload another: refused (`deploy.unsaved`,
/// naming them). The deployment settings' own unsaved edits are allowed (the run takes the
/// settings from the analysis, edits included).
Result<std::shared_ptr<const DeployConfig>> deployConfigFor(const AnalysisSnapshot &analysis, const RouteChoice &choice,
                                                            const QStringList &unsavedFiles = {});

}  // namespace workbench::engine::deploy
