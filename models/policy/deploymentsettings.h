// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace workbench::models::policy {

enum class DeploymentMode { Production, Debug };

/// The deployment settings of a project: what `run.sh` of the tutorials passes to envsubst and
/// sconectl. Public values only (the CAS key and the session encryption key are public keys);
/// never secrets. Stored in `<project>/.scone-workbench/settings.yaml` (see projectsettings.h).
///
/// Every field is also a `$VARIABLE` for the manifests (see variables()); an empty field is
/// *not set*, so `$CAS_KEY` with an empty casKey is reported as unresolved, never replaced by "".
struct DeploymentSettings {
    QString release;                                   ///< RELEASE: helm release name
    QString kubeNamespace;                             ///< NAMESPACE: Kubernetes namespace
    QString appNamespace;                              ///< APP_NAMESPACE: CAS policy namespace, <release>-<n>-<n>
    QString appImageRepo;                              ///< APP_IMAGE_REPO
    QString sconectlRepo;                              ///< SCONECTL_REPO
    QString version;                                   ///< VERSION: SCONE version of the images
    QString casAddress;                                ///< CAS_URL: host[:port] of the CAS, no scheme
    QString casKey;                                    ///< CAS_KEY: public-key hash of the CAS
    QString casSessionEncryptionKey;                   ///< CAS_SESSION_ENCRYPTION_KEY: public, 64 hex
    QString kubeContext;                               ///< KUBE_CONTEXT
    DeploymentMode mode = DeploymentMode::Production;  ///< MODE: production | debug
    QString meshFile;                  ///< MESH_FILE: relative path of the mesh when a project has several
    QMap<QString, QString> variables;  ///< free variables NAME -> value

    /// Sensible defaults for a project folder: release from the folder name, namespace
    /// "default", SCONECTL_REPO registry.scontain.com/sconectl, VERSION 5.8.0, CAS
    /// cas.scone-system, APP_IMAGE_REPO the placeholder registry.example.com/<release> (see
    /// isPlaceholderValue()). APP_NAMESPACE stays empty (see proposeAppNamespace()).
    static DeploymentSettings defaults(const QString &projectDir = {});

    /// All non-empty values as variables: the known names above plus the free variables
    /// (free variables cannot shadow known names). CAS_ADDR is an alias of CAS_URL.
    QMap<QString, QString> toVariables() const;

    /// Sets a variable by name (the `--set NAME=VALUE` of the command line): a known name sets
    /// its field, any other valid name a free variable. Fails on an invalid name or an invalid
    /// MODE value.
    Status set(const QString &name, const QString &value);
    /// Value of a known name or free variable; empty when not set.
    QString value(const QString &name) const;

    friend bool operator==(const DeploymentSettings &, const DeploymentSettings &) = default;
};

/// The known variable names, in settings-panel order.
QStringList knownSettingNames();
/// One sentence describing a known name (for tooltips and `--help`); empty if unknown.
QString settingDescription(const QString &name);
/// `[A-Za-z_][A-Za-z0-9_]*`.
bool isValidVariableName(const QString &name);
/// True for names that suggest a secret (PASSWORD, TOKEN, SECRET, PRIVATE_KEY, ...). Such
/// variables are refused by the settings file: it is a plain file inside the project.
bool looksLikeSecretName(const QString &name);
/// A helm release name from a folder name: lowercase, [a-z0-9-], at most 53 characters.
QString sanitizeReleaseName(const QString &name);

}  // namespace workbench::models::policy
