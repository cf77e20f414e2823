// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/casidentity.h"
#include "build/registryauth.h"
#include "core/result.h"
#include "deploy/deployconfig.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace workbench::engine::deploy {

class CredentialStore;

/// Where the steps find credentials, in order, with notes for the log (never a secret).
///
/// CAS identity: the file the user named (`--identity`, CAS_IDENTITY_FILE), else the keychain,
/// else scone's state file (`$SCONE_CLI_CONFIG`, `~/.cas/config.json`) when it exists.
/// Registry login for a host: the keychain, else the container tools' auth files
/// (REGISTRY_AUTH_FILE, `$XDG_RUNTIME_DIR/containers/auth.json`, ..., `~/.docker/config.json`).
/// A keychain that is unavailable or refuses is a note, not an error: the files are tried.
struct Resolved {
    QStringList notes;  ///< "CAS identity from /home/u/.cas/config.json (certificate sha256 ab12…)"
};

struct ResolvedIdentity : Resolved {
    std::optional<models::build::CasIdentity> identity;  ///< nullopt: none anywhere
};
using IdentityCallback = std::function<void(const Result<ResolvedIdentity> &)>;
/// @p done runs on @p context's thread. Errors: a named file that is missing or malformed.
void resolveCasIdentity(const DeployConfig &config, const CredentialStore *store, QObject *context,
                        IdentityCallback done);

struct ResolvedLogins : Resolved {
    /// One per registry that has credentials, in the order of @p registries.
    QList<std::shared_ptr<const models::build::RegistryCredential>> logins;
    QStringList withoutCredentials;  ///< registries nothing was found for
};
using LoginsCallback = std::function<void(const Result<ResolvedLogins> &)>;
/// Looks up every host of @p registries (duplicates once). Errors: a malformed auth file, or
/// a credential helper (docker-credential-*) named for a registry (the workbench does not run
/// them: store the login in the keychain instead).
void resolveRegistryLogins(const QStringList &registries, const DeployConfig &config, const CredentialStore *store,
                           QObject *context, LoginsCallback done);

/// An image the chart deploys, read from its sub-chart's values.
struct ChartImage {
    QString service;          ///< sub-chart (mesh service) name
    QString image;            ///< as the chart names it
    QString registry;         ///< its registry host (empty when the reference does not parse)
    QStringList pullSecrets;  ///< the sub-chart's imagePullSecrets names
};
QList<ChartImage> chartImages(const models::policy::PolicyPreview &preview);

/// The registry hosts of the images the chart deploys (each service's image), in chart order,
/// without duplicates.
QStringList chartRegistries(const models::policy::PolicyPreview &preview);

}  // namespace workbench::engine::deploy
