// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "policy/deploymentsettings.h"
#include "validation/diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

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

/// Serialisation (used by load/save and by tests).
QByteArray settingsToYaml(const DeploymentSettings &settings);
QByteArray settingsToJson(const DeploymentSettings &settings);
/// @p defaults supplies the values of absent fields; @p fileName only labels errors.
Result<DeploymentSettings> settingsFromYaml(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName = {});
Result<DeploymentSettings> settingsFromJson(const QByteArray &text, const DeploymentSettings &defaults,
                                            const QString &fileName = {});

/// The deployment settings of a project as every consumer uses them (the analysis, the Policies
/// and Certificates areas, `validate`, `render`, `certs`): the file's values over the defaults,
/// `--set` overrides on top, an APP_NAMESPACE proposed when none is set, and what is wrong with
/// them as diagnostics of the project's one list.
struct ResolvedSettings {
    DeploymentSettings values;
    QString filePath;  ///< the settings file (it may not exist)
    bool fileExists = false;
    /// APP_NAMESPACE is set nowhere: values.appNamespace is proposeAppNamespace()'s proposal,
    /// which is written into the file only when the user saves the settings.
    bool namespaceProposed = false;
    /// A file that cannot be read or parsed (an error; the values are then the defaults),
    /// placeholder values (warnings).
    Diagnostics diagnostics;

    friend bool operator==(const ResolvedSettings &, const ResolvedSettings &) = default;
};

/// Resolves the settings of @p projectDir from @p text, the settings file's content (an editor
/// buffer, or the file as read); @p fileExists tells whether the file is on disk (an empty
/// buffer of a missing file means "no settings yet"). @p filePath defaults to
/// settingsFilePath(projectDir). @p overrides are applied in order (the caller checked them).
ResolvedSettings resolveSettings(const QString &projectDir, const QByteArray &text, bool fileExists,
                                 const QString &filePath, const QList<QPair<QString, QString>> &overrides = {});
/// resolveSettings() of the file on disk.
ResolvedSettings readProjectSettings(const QString &projectDir, const QList<QPair<QString, QString>> &overrides = {});

/// `<release>-<n>-<n>`, the shape of the tutorials' generated APP_NAMESPACE, with the numbers
/// derived from the canonical path of @p projectDir: the same project always gets the same
/// proposal, so it is stable across opens and runs without being written anywhere.
QString proposeAppNamespace(const QString &release, const QString &projectDir);

/// The image repository a project gets until the user sets a real one:
/// `registry.example.com/<release>`.
QString placeholderImageRepo(const QString &release);
/// True for values that name a reserved example domain (`example.com`, `example.org`,
/// `example.net`, `*.example`): placeholders that say they are placeholders.
bool isPlaceholderValue(const QString &value);

/// Where a setting (a variable name: RELEASE, MODE, a free variable) lives in the settings
/// file, as a dotted path: `release`, `mode`, `variables.NAME`.
QString settingsFileKey(const QString &name);
/// The first lines of a new settings file (comments and `format`).
QByteArray settingsFileHeader();

}  // namespace workbench::models::policy
