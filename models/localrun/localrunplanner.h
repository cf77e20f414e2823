// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "localrun/hostsystem.h"
#include "localrun/localrunplan.h"
#include "localrun/secretmaterial.h"
#include "policy/variableresolver.h"

#include <QString>
#include <QStringList>

namespace workbench::models {
class ManifestProject;
}
namespace workbench::models::certs {
class IssuedSecrets;
}
namespace workbench::models::policy {
struct DeploymentSettings;
struct PolicyPreview;
}  // namespace workbench::models::policy

namespace workbench::models::localrun {

struct LocalRunOptions {
    /// Services to start; empty = all. The services they depend on start too.
    QStringList services;
    QString python;  ///< LOCAL_PYTHON: the interpreter to use instead of searching PATH
    QString java;    ///< LOCAL_JAVA
    /// The `$VAR`s of the deployment settings, for `build.kind`, `build.copy` and `build.requirements`.
    policy::VariableMap variables;
    RandomBytes random = systemRandomBytes();

    /// LOCAL_PYTHON, LOCAL_JAVA and the variables from the project's deployment settings.
    static LocalRunOptions fromSettings(const policy::DeploymentSettings &settings);
};

/// Plans a local run of the mesh from the generated policies (@p preview, `$$SCONE::…$$` kept)
/// and the preview-issued secrets (@p issued: issueSecrets() over secretSpecsFromSessions() of
/// the same preview, as the Certificates area does). For every service session: its
/// environment, injection files and command with the placeholders replaced (SecretMaterial),
/// its working directory and the project files its build copies (`build.copy` and
/// `build.requirements`, placed at `pwd` keeping their relative paths), the program that runs
/// it on this machine (chooseProgram(), which probes python3 through @p host), its loopback
/// address and names, an /etc/hosts, the ports it waits for and the start order
/// (planMeshNetwork()).
///
/// Reads the project's requirements files and checks that the copied files exist; runs nothing
/// itself (the Python probe is @p host's runProbe). Every problem is collected in
/// LocalRunPlan::errors (the policy preview's errors first), each naming the service and, where
/// there is one, the manifest line.
LocalRunPlan planLocalRun(const policy::PolicyPreview &preview, const certs::IssuedSecrets &issued,
                          const ManifestProject &project, const LocalRunOptions &options, const HostSystem &host);

}  // namespace workbench::models::localrun
