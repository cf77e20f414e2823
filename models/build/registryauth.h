// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "certs/secretbytes.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::build {

/// Registry credentials read from a container tool's auth file. The password (or token) is
/// held as SecretBytes and never appears in an error message.
struct RegistryCredential {
    QString registry;  ///< the registry host the image names (`127.0.0.1:5000`, `docker.io`)
    QString username;
    certs::SecretBytes password;
    QString sourceFile;  ///< the auth file it came from (for the UI: "from ~/.docker/config.json")
};

/// The auth files the container tools read, in their order (containers/image and docker):
/// `$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`; then
/// `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`; then `${DOCKER_CONFIG:-~/.docker}/config.json`.
/// Entries whose variables are not set are left out. @p homeDir is the user's home folder.
QStringList registryAuthFiles(const Environment &environment, const QString &homeDir);

/// Looks up @p imageOrRegistry (an image reference or a bare registry host) in one auth file's
/// JSON (@p path labels errors):
/// - `credHelpers` naming the registry: error `registry.auth.helper` (the workbench does not run
///   docker-credential-* helpers: the credentials dialog is the way then);
/// - an `auths` entry (keys may carry a scheme and `/v1/`, and auth.json keys may name a
///   repository: the most specific key wins) with `auth` (base64 of `user:password`) or
///   `username` + `password`: the credential;
/// - a `credsStore` and no usable entry: error `registry.auth.helper`;
/// - otherwise nullopt (not in this file).
/// `docker.io`, `index.docker.io` and `registry-1.docker.io` name the same registry.
/// Errors: `registry.auth.file` (not JSON, `auths` not an object), `registry.auth.entry`
/// (`auth` not base64 of `user:password`, an identity token only). Messages name the file and
/// the registry, never a credential.
Result<std::optional<RegistryCredential>> credentialFromAuthFile(const QByteArray &json, const QString &path,
                                                                 const QString &imageOrRegistry);

/// Searches registryAuthFiles() in order and returns the first credential for
/// @p imageOrRegistry; files that do not exist are skipped, an unreadable or malformed one is
/// an error (as it is for the tools). nullopt when no file has one.
Result<std::optional<RegistryCredential>>
findRegistryCredential(const QString &imageOrRegistry, const Environment &environment, const QString &homeDir);

}  // namespace workbench::models::build
