// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/buildcontext.h"
#include "build/imagebuilder.h"
#include "build/toolinvocation.h"
#include "core/result.h"
#include "policy/deploymentsettings.h"
#include "policy/policygenerator.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace workbench::models {
class ManifestProject;
}

namespace workbench::engine {
struct AnalysisSnapshot;
}

namespace workbench::engine::net {
class HttpClient;
}

namespace workbench::engine::deploy {

class CredentialStore;

/// How the sessions reach the CAS.
enum class UploadRoute {
    Sconectl,  ///< `sconectl apply -f mesh.yaml --release R` (sconectl also writes the helm chart)
    Direct,    ///< the CAS REST API over mutual TLS, with the workbench's own policies and chart
};
QString uploadRouteName(UploadRoute route);  ///< "sconectl", "direct"
std::optional<UploadRoute> parseUploadRoute(const QString &name);

/// The steps of the pipeline, in order; their names are the step names of the PipelineJob,
/// of `--from` and of the history.
enum class DeployStep { Doctor, Build, Upload, Deploy };
QString deployStepName(DeployStep step);  ///< "doctor", "build", "upload", "deploy"
std::optional<DeployStep> parseDeployStep(const QString &name);
QList<DeployStep> allDeploySteps();

/// What the steps know about the project, taken from one analysis of it (the command line
/// analyses the project once; the window passes its analysis snapshot). Plain values: the
/// steps never load the project themselves, except the files the build copies and the
/// manifests they render from disk.
struct DeployProject {
    QString projectDir;                           ///< absolute
    models::policy::DeploymentSettings settings;  ///< resolved: --set applied, APP_NAMESPACE set
    QStringList serviceManifests;                 ///< project-relative paths of the service manifests, file order
    QString meshFile;                             ///< project-relative path of the mesh; empty when there is none
    models::policy::PolicyPreview preview;        ///< sessions, upload order and chart

    /// From a loaded project and the policies generated from it with @p settings.
    static DeployProject fromProject(const QString &projectDir, const models::policy::DeploymentSettings &settings,
                                     const models::ManifestProject &project,
                                     const models::policy::PolicyPreview &preview);
    /// From the one analysis of the project (engine::analyzeProject(), the window's snapshot):
    /// its folder, its resolved settings (a proposed APP_NAMESPACE included), its files and its
    /// generated policies.
    static DeployProject fromAnalysis(const AnalysisSnapshot &analysis);
};

struct BuildOptions {
    models::build::BuildRoute route = models::build::BuildRoute::Sconectl;
    /// Native route: the chosen tool; nullopt: the first of buildah, podman, docker found.
    std::optional<models::build::ImageBuilder> builder;
    QStringList services;  ///< `build.name`s to build; empty: every service with a build section
    bool noPush = false;
    /// `--mode`; nullopt: the settings' MODE.
    std::optional<models::policy::DeploymentMode> mode;
};

struct UploadOptions {
    UploadRoute route = UploadRoute::Sconectl;
    QString casUrl;        ///< direct: `https://HOST:PORT` of the CAS REST API
    QString casCaFile;     ///< direct: the pinned CA the CAS certificate must lead to (PEM)
    QString identityFile;  ///< direct: PEM key + certificate, or scone's config.json; empty: keychain, then scone's
                           ///< state file
    QString serverName;    ///< direct: the name to verify the CAS certificate for, when not the URL's host
};

struct KubeOptions {
    QString kubeconfig;     ///< `--kubeconfig FILE`; empty: KUBECONFIG, then ~/.kube/config
    QString context;        ///< `--context NAME`; empty: KUBE_CONTEXT of the settings, then the current context
    int waitSeconds = 300;  ///< `--wait`: how long to wait for the release's pods
    /// The image pull secret's name; empty: the one the chart's imagePullSecrets name, else
    /// `sconeapps` (PULL_SECRET in the settings fills it).
    QString pullSecret;
};

/// Everything one run of the steps needs. Plain values; share it (std::shared_ptr<const>).
struct DeployConfig {
    std::shared_ptr<const DeployProject> project;
    models::build::Environment environment;  ///< the environment the tools inherit (and KUBECONFIG, HOME, ...)
    QString homeDir;
    QString workDir;                   ///< rendered manifests, build contexts and charts: outside the project
    QMap<QString, QString> toolPaths;  ///< tool name -> executable from the settings; missing: PATH
    BuildOptions build;
    UploadOptions upload;
    KubeOptions kube;
    /// Who reads the messages: the command line (a fix names its options) or the window (a fix
    /// names the Deployment settings and the Credentials dialog; see howToSupply()).
    bool commandLine = false;

    /// The tool's configured path (empty: search PATH).
    QString toolPath(const QString &tool) const { return toolPaths.value(tool); }
    /// PATH of `environment`, split.
    QStringList searchPath() const;
};

/// The shared services the steps use: the application's one HTTP client and the credential
/// store (null: the keychain is not consulted, e.g. in tests without a session bus).
struct DeployServices {
    net::HttpClient *http = nullptr;
    std::shared_ptr<const CredentialStore> credentials;
};

/// The working folder of a project when none is chosen:
/// `<CacheLocation>/work/<first 32 hex of SHA-256(canonical project path)>`.
QString defaultWorkFolder(const QString &projectDir);

/// Fills the route defaults of @p config from the deployment settings' variables, for what the
/// command line did not choose (documented in the README):
///   BUILDER           sconectl | buildah | podman | docker | native   (build route; default sconectl)
///   UPLOAD            sconectl | direct                               (upload route; default sconectl)
///   CAS_API_URL       https://HOST:PORT of the CAS REST API (default https://<CAS_URL>, port 8081 added)
///   CAS_CA_FILE       the pinned CA of the CAS (PEM)
///   CAS_IDENTITY_FILE the identity file (PEM key + certificate, or scone's config.json)
///   CAS_SERVER_NAME   the name the CAS certificate is issued for, when not the URL's host
///   PULL_SECRET       the image pull secret's name (default: the chart's imagePullSecrets, else sconeapps)
/// Only empty fields are filled; @p buildChosen / @p uploadChosen say whether the route was
/// given on the command line. Fails (`deploy.settings`) for an unknown BUILDER or UPLOAD value.
Status applySettingsDefaults(DeployConfig &config, bool buildChosen, bool uploadChosen);

/// `https://HOST:PORT` from CAS_URL (`host[:port]`, port 8081 when none); empty when unset.
QString defaultCasApiUrl(const models::policy::DeploymentSettings &settings);

/// The record of the last successful upload in the working folder (`<work>/last-upload.json`):
/// which route it took and, for the sconectl route, the chart sconectl wrote. The deploy step
/// installs that chart; after a direct upload (or none) it installs the workbench's own chart.
struct LastUpload {
    UploadRoute route = UploadRoute::Direct;
    QString chartDir;  ///< absolute; sconectl route only
};
Result<std::optional<LastUpload>> loadLastUpload(const QString &workDir);
Status saveLastUpload(const QString &workDir, const LastUpload &upload);

}  // namespace workbench::engine::deploy
