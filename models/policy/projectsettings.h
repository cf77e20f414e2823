// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "policy/deploymentsettings.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace workbench::models::policy {

/// `<project>/.scone-workbench`: the workbench's project-local folder (hidden; not scanned as
/// project files). Holds the deployment settings and the last rendered/uploaded policies.
QString workbenchDir(const QString &projectDir);

/// The settings file of a project: `settings.yaml` or, if only that exists, `settings.json`.
QString settingsFilePath(const QString &projectDir);

/// Reads the project's deployment settings. A missing file gives
/// DeploymentSettings::defaults(projectDir) (not an error); fields absent from the file keep
/// their defaults. Fails on unreadable or malformed files and on secret-looking variables.
Result<DeploymentSettings> loadDeploymentSettings(const QString &projectDir);

/// Writes the settings (YAML, or JSON when the project already uses settings.json), creating
/// the folder. Refuses variables whose names look like secrets (looksLikeSecretName()): the
/// file lives in the project folder and often in version control.
Status saveDeploymentSettings(const QString &projectDir, const DeploymentSettings &settings);

/// Serialisation (used by load/save and by tests).
QByteArray settingsToYaml(const DeploymentSettings &settings);
QByteArray settingsToJson(const DeploymentSettings &settings);
/// @p defaults supplies the values of absent fields; @p fileName only labels errors.
Result<DeploymentSettings> settingsFromYaml(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName = {});
Result<DeploymentSettings> settingsFromJson(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName = {});

/// A source of numbers in [0, 32767] (bash's $RANDOM); injectable for tests.
using RandomSource = std::function<int()>;
/// The default source (QRandomGenerator::global()).
RandomSource defaultRandomSource();

/// `<release>-<n>-<n>` as the tutorials' run.sh generates APP_NAMESPACE.
QString generateAppNamespace(const QString &release, const RandomSource &random);

/// Generates APP_NAMESPACE if it is empty. Returns true when it generated one (the caller then
/// saves the settings so the namespace is kept: every later render must use the same one).
bool ensureAppNamespace(DeploymentSettings &settings, const RandomSource &random = defaultRandomSource());

}  // namespace workbench::models::policy
