// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/parallelfor.h"
#include "policy/cassession.h"
#include "policy/deploymentsettings.h"
#include "policy/helmchart.h"
#include "policy/renderedtext.h"
#include "policy/uploadplan.h"
#include "validation/diagnostic.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models {
class ManifestProject;
}

namespace workbench::models::policy {

struct PolicyGenerationOptions {
    DeploymentSettings settings;
    /// MRENCLAVEs known from a build, by mesh service name. Services without an entry get a
    /// placeholder (CasService::mrenclavePlaceholder) and an info diagnostic.
    QHash<QString, QStringList> mrenclaves;
    /// Also run the project validator (models/validation) and merge its errors and warnings,
    /// so "the project has errors" means the same as for `validate`. File checks are off:
    /// generation does no I/O.
    /// With the validator on, generation leaves to it the findings it reports more precisely
    /// (a `$$SCONE::x$$` naming an unknown secret).
    bool runValidator = true;
    /// Messages tell command-line users how to fix a finding there (`--set NAME=VALUE`, the
    /// settings file); otherwise they speak of the desktop application (the Deployment settings).
    bool commandLine = false;
    /// With runValidator: the findings of a validator run the caller already made on the same
    /// project (engine's analysis validates once and hands them over), merged instead of
    /// validating again. Errors and warnings are merged; infos are left to the caller.
    const Diagnostics *validatorFindings = nullptr;
    /// Also write the texts: the sessions' YAML (PolicyPreview::sessionYaml) and the helm chart
    /// (PolicyPreview::chart). Off for a caller that only reads the diagnostics, the sessions and
    /// the upload plan (`validate`): writing them adds no finding, so the diagnostics are the same.
    bool writeTexts = true;
    /// The services' sessions are made through it when given (each on its own; the same output).
    ParallelFor parallelFor;
};

/// Everything `sconectl apply -f mesh.yaml` would upload and deploy, computed locally.
struct PolicyPreview {
    QString meshFile;         ///< path of the mesh used (ManifestFile::path)
    QString policyNamespace;  ///< resolved `policy.namespace` (= APP_NAMESPACE)
    QString uploadMode;       ///< resolved `cas[0].mode` (EncryptedManifest, Upload, ...)
    QString casAddress;       ///< resolved `cas_url` of the CAS playing the `cas` role
    /// The namespace session first, then one session per mesh service in mesh order.
    QList<CasSession> sessions;
    QList<RenderedText> sessionYaml;  ///< parallel to `sessions`
    UploadPlan upload;
    /// What the chart was generated from: per service its port and init containers (the
    /// host:port each waits for). Run locally reads its start order and waits from it.
    ChartInput chartInput;
    HelmChart chart;
    Diagnostics diagnostics;  ///< sorted; includes the upload plan's and (optionally) the validator's

    bool hasErrors() const { return models::hasErrors(diagnostics); }
    int indexOf(const QString &sessionName) const;
    const CasSession *session(const QString &sessionName) const;
};

/// Generates the namespace session, one session per mesh service, the upload plan and the helm
/// chart from the manifests of @p project and the deployment settings. Pure: no I/O, no
/// globals; the same inputs give the same output. Safe to call from a worker thread on a copy
/// of the project.
///
/// Rules (spec §2–§6): session `<APP_NAMESPACE>/<mesh service>`; a mesh service is matched to
/// the service manifest whose resolved `build.to` equals its resolved `image` (else whose
/// `build.name` equals its name); unmatched services are curated images whose embedded policy
/// is unknown (a partial session is previewed). Environment: the service's local variables
/// (except the SCONE_*/INIT_CONTAINER*/PYTHON_SERVICE_PORT ones, which go to the image and the
/// chart) and its global variables with the mesh value of precedence service > helm > global,
/// else the manifest default. Secrets imported by a service are exported by the owning
/// service's session to `../<importer>`. `$VAR` come from the settings, `{{var}}` from the
/// mesh env; unresolved ones are `policy.variable.unresolved` diagnostics.
PolicyPreview generatePolicies(const ManifestProject &project, const PolicyGenerationOptions &options);

/// Writes the texts of @p preview from its sessions and chart input: each session's YAML
/// (`sessionYaml`) and the helm chart (`chart`), as generatePolicies() does with writeTexts. A
/// caller that generated without texts calls it later, e.g. once the parsed project is freed.
/// The sessions are written through @p parallelFor when given (each on its own).
void writePolicyTexts(PolicyPreview &preview, const ParallelFor &parallelFor = {});

/// The mesh-time names every service can use besides the mesh env: `namespace`, `session`,
/// `service_name`, `image_name`, `cas_service_name`, `cas.<name>.cas_url`, `cas_<name>_cas_url`.
QStringList builtinMeshVariableNames();

}  // namespace workbench::models::policy
