// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "policy/deploymentsettings.h"

#include <QString>

namespace workbench::models::build {

/// What the workbench tells sconectl (scone-formats.md §5). Everything else sconectl reads from
/// the environment it inherits, untouched: DOCKER_HOST (the Docker or podman API it drives),
/// SCONECTL_CAS_CONFIG (CAS identity folder), SCONECTL_NOPULL, SCONECTL_VERSION (which, in
/// sconectl, wins over VERSION for the sconecli image), HOME, and KUBECONFIG unless given here.
struct SconectlOptions {
    policy::DeploymentMode mode = policy::DeploymentMode::Production;  ///< `--mode=production|debug`
    bool noPush = false;                                               ///< `--no-push` (service builds only)
    QString sconectlRepo;                                              ///< SCONECTL_REPO (settings); not set when empty
    QString version;     ///< VERSION (settings) and `--set-version VERSION`; neither when empty
    QString kubeconfig;  ///< KUBECONFIG for the mesh step (`--kubeconfig FILE`); inherited when empty

    /// SCONECTL_REPO, VERSION and MODE from the deployment settings.
    static SconectlOptions fromSettings(const policy::DeploymentSettings &settings);
};

/// `sconectl apply -f <manifest> --mode=<mode> [--set-version V] [--no-push]`, run in
/// @p serviceDir (the service's build context in the working folder: sconectl only sees files
/// under its working directory). @p manifestFile is relative to @p serviceDir. The environment is
/// @p inherited plus SCONECTL_REPO and VERSION from @p options and PWD = @p serviceDir (sconectl
/// mounts `$PWD` as the container's /wd, so an inherited PWD of another folder must not leak in).
ToolInvocation sconectlApplyService(const QString &serviceDir, const QString &manifestFile,
                                    const SconectlOptions &options, const Environment &inherited);

/// `sconectl apply -f <mesh> --release <release> --mode=<mode> [--set-version V]`, run in
/// @p meshDir (the mesh's folder in the working folder; sconectl writes the helm chart to
/// `<meshDir>/target/helm`). Same environment rules as sconectlApplyService(), plus KUBECONFIG
/// when @p options names one.
///
/// No namespace flag: for a mesh, sconectl's `-n` means `--no-pull` (scone-formats.md §5.2), and
/// the tutorials pass the Kubernetes namespace to helm only. The policy namespace is the mesh's
/// `policy.namespace`, rendered from APP_NAMESPACE.
ToolInvocation sconectlApplyMesh(const QString &meshDir, const QString &meshFile, const QString &release,
                                 const SconectlOptions &options, const Environment &inherited);

}  // namespace workbench::models::build
