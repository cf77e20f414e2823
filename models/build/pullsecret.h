// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/registryauth.h"
#include "certs/secretbytes.h"

#include <QList>
#include <QString>

namespace workbench::models::build {

/// The image pull secret name the tutorials use when the settings name none.
inline constexpr char kDefaultPullSecretName[] = "sconeapps";

/// The key of @p registry in a `.dockerconfigjson`: `https://index.docker.io/v1/` for Docker Hub
/// (what `kubectl create secret docker-registry` writes), the host otherwise.
QString dockerConfigKey(const QString &registry);

/// `{"auths":{"<key>":{"username":"…","password":"…","auth":"<base64 user:password>"}}}` for
/// @p credentials (one entry per registry; a later one for the same registry is ignored).
/// Returned as SecretBytes; every intermediate buffer is scrubbed.
certs::SecretBytes dockerConfigJson(const QList<const RegistryCredential *> &credentials);

/// The Kubernetes Secret object (JSON) of type `kubernetes.io/dockerconfigjson` named @p name in
/// @p kubeNamespace, its `data[".dockerconfigjson"]` the base64 of dockerConfigJson(), labelled
/// `app.kubernetes.io/managed-by: scone-workbench`. The body of a create (POST) or replace (PUT).
certs::SecretBytes pullSecretObject(const QString &name, const QString &kubeNamespace,
                                    const QList<const RegistryCredential *> &credentials);

}  // namespace workbench::models::build
