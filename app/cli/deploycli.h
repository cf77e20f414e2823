// SPDX-License-Identifier: Apache-2.0
// What the Build & Deploy commands (`build`, `upload`, `deploy`, `pipeline`) share: their
// options, the DeployConfig they resolve to, and running a step or the pipeline to its end with
// progress on stderr, results on stdout, and SIGINT/SIGTERM cancelling it (exit 130 once the
// process tree is gone).
#pragma once

#include "deploy/deploypipeline.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::engine::jobs {
class Job;
}

namespace workbench::cli {

/// The exit code of a command cancelled by SIGINT or SIGTERM.
inline constexpr int ExitCancelled = 130;

/// Which options a command accepts.
enum DeployOptionGroup : int {
    BuildGroup = 1,   ///< --service, --builder, --no-push, --mode
    UploadGroup = 2,  ///< --direct, --cas, --cas-ca, --identity
    KubeGroup = 4,    ///< --kubeconfig, --context, --wait
    FromGroup = 8,    ///< --from
};

struct DeployCliOptions {
    QString projectDir;                        ///< absolute
    QList<QPair<QString, QString>> overrides;  ///< --set NAME=VALUE, in order
    QStringList services;
    QString builder;  ///< sconectl | buildah | podman | docker; empty: the BUILDER setting
    bool noPush = false;
    std::optional<models::policy::DeploymentMode> mode;
    bool direct = false;
    QString cas;
    QString casCa;
    QString identity;
    QString kubeconfig;
    QString context;
    std::optional<int> waitSeconds;
    std::optional<engine::deploy::DeployStep> from;
};

/// Parses `PROJECT_DIR [options of @p groups] [--set NAME=VALUE]... [-h|--help]`. Returns the
/// options, or nullopt with @p exitCode set (help shown: ExitOk; usage error printed: ExitUsage).
std::optional<DeployCliOptions> parseDeployOptions(const QString &command, const QStringList &args, int groups,
                                                   const char *help, int *exitCode);

/// Analyses the project once, as validate/render do (engine::analysisInputFromFolder() +
/// engine::analyzeProject(): the settings with --set applied and an APP_NAMESPACE proposed when
/// none is set, the one diagnostics list, the generated policies), prints its errors and
/// warnings, and stops (ExitFailure) when there are errors. Otherwise makes the run's config
/// from that analysis: the working folder outside the project, the routes (options, else the
/// settings' BUILDER / UPLOAD, see engine::deploy::applySettingsDefaults()), the inherited
/// environment.
struct PreparedDeploy {
    std::shared_ptr<const engine::deploy::DeployConfig> config;
    bool generatedNamespace = false;  ///< APP_NAMESPACE was proposed by the analysis, not set
};
std::optional<PreparedDeploy> prepareDeploy(const QString &command, const DeployCliOptions &options, int *exitCode);

/// Keeps a proposed APP_NAMESPACE the run used in the project's settings file, through the
/// settings store (as `settings --save` writes it: comments and order kept, a linked file never
/// written through), so later runs address the same sessions and namespace. Nothing when the
/// namespace was set (in the file or by --set) or the file has one by now; a failure is a
/// warning on stderr.
void keepDeployNamespace(const QString &command, const PreparedDeploy &prepared);

/// Runs @p job to its end on an event loop: its log lines on stderr (a pipeline's prefixed with
/// "[step] "), SIGINT/SIGTERM cancel it. Returns ExitOk, ExitFailure (the error printed as
/// "scone-workbench: COMMAND: ..."), or ExitCancelled when a signal cancelled it.
int runJobToEnd(const QString &command, engine::jobs::Job &job, bool echoLog = true);

/// Results on stdout: "SERVICE IMAGE_REFERENCE@sha256:DIGEST" per built service (the tag alone
/// when it was not pushed), "SESSION HASH" per uploaded session in upload order ("-" when the
/// route reports no hash), "POD STATUS READY/TOTAL" per pod of the release.
void printServices(const QList<engine::deploy::ServiceBuild> &services);
void printSessions(const QList<engine::deploy::SessionUpload> &sessions);
void printPods(const QList<engine::deploy::DeployedPod> &pods);

/// The keychain-backed credential store of the command line.
std::shared_ptr<const engine::deploy::CredentialStore> commandLineCredentials();

/// A whole Build & Deploy command: parse, prepare, run @p step (nullopt: the pipeline, from
/// `--from`), print its results, keep the run in the project's history (jobs::JobHistory).
int runDeployCommand(const QString &command, const QStringList &args, int groups, const char *help,
                     std::optional<engine::deploy::DeployStep> step);

/// "scone-workbench: COMMAND: MESSAGE" on stderr; returns ExitFailure.
int failure(const QString &command, const QString &message);

}  // namespace workbench::cli
