// SPDX-License-Identifier: Apache-2.0
#include "cli/deploycli.h"

#include "cli/cli.h"
#include "cli/cliargs.h"
#include "cli/projectrun.h"
#include "cli/stopsignals.h"

#include "analysis/projectanalyzer.h"
#include "build/imagebuilder.h"
#include "core/displaytext.h"
#include "deploy/credentialstore.h"
#include "jobs/job.h"
#include "jobs/jobhistory.h"
#include "jobs/pipelinejob.h"
#include "manifest/manifestproject.h"
#include "net/httpclient.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QUrl>

namespace workbench::cli {

using namespace workbench::engine::deploy;
using namespace workbench::models::policy;

int failure(const QString &command, const QString &message)
{
    err() << "scone-workbench: " << command << ": " << message << '\n';
    err().flush();
    return ExitFailure;
}

std::optional<DeployCliOptions> parseDeployOptions(const QString &command, const QStringList &args, int groups,
                                                   const char *help, int *exitCode)
{
    const QString prefix = command + QStringLiteral(": ");
    DeployCliOptions o;
    bool uploadDetails = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(help);
            out().flush();
            *exitCode = ExitOk;
            return std::nullopt;
        }
        const QString name = optionName(a);
        // The value of `--name VALUE` or `--name=VALUE`; nullopt when it is missing.
        auto value = [&]() { return optionValue(args, &i); };
        auto usage = [&](const QString &message) {
            *exitCode = usageError(prefix + message);
            return std::nullopt;
        };
        auto needs = [&](int group) { return (groups & group) != 0; };
        auto takeValue = [&](QString *target, const QString &what) -> bool {
            const std::optional<QString> v = value();
            if (!v || v->isEmpty()) {
                *exitCode = usageError(prefix + name + QStringLiteral(" needs ") + what);
                return false;
            }
            *target = *v;
            return true;
        };

        if (name == QLatin1String("--set")) {
            const Result<QPair<QString, QString>> set = parseSetOverride(value());
            if (!set.ok())
                return usage(set.error().message);
            o.overrides.append(set.value());
        } else if (needs(BuildGroup) && name == QLatin1String("--service")) {
            QString s;
            if (!takeValue(&s, QStringLiteral("a service NAME")))
                return std::nullopt;
            o.services << s;
        } else if (needs(BuildGroup) && name == QLatin1String("--builder")) {
            if (!takeValue(&o.builder, QStringLiteral("sconectl, buildah, podman or docker")))
                return std::nullopt;
            if (o.builder != QLatin1String("sconectl") && !models::build::parseImageBuilder(o.builder))
                return usage(
                    QStringLiteral("--builder must be sconectl, buildah, podman or docker, not \"%1\"").arg(o.builder));
        } else if (needs(BuildGroup) && a == QLatin1String("--no-push")) {
            o.noPush = true;
        } else if (needs(BuildGroup) && name == QLatin1String("--mode")) {
            QString m;
            if (!takeValue(&m, QStringLiteral("debug or production")))
                return std::nullopt;
            if (m == QLatin1String("debug"))
                o.mode = DeploymentMode::Debug;
            else if (m == QLatin1String("production"))
                o.mode = DeploymentMode::Production;
            else
                return usage(QStringLiteral("--mode must be debug or production, not \"%1\"").arg(m));
        } else if (needs(UploadGroup) && a == QLatin1String("--direct")) {
            o.direct = true;
        } else if (needs(UploadGroup) && name == QLatin1String("--cas")) {
            if (!takeValue(&o.cas, QStringLiteral("https://HOST:PORT")))
                return std::nullopt;
            const QUrl url(o.cas);
            if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
                return usage(QStringLiteral("--cas must be https://HOST:PORT, not \"%1\"").arg(o.cas));
            uploadDetails = true;
        } else if (needs(UploadGroup) && name == QLatin1String("--cas-ca")) {
            if (!takeValue(&o.casCa, QStringLiteral("a CA certificate FILE")))
                return std::nullopt;
            uploadDetails = true;
        } else if (needs(UploadGroup) && name == QLatin1String("--identity")) {
            if (!takeValue(&o.identity, QStringLiteral("an identity FILE")))
                return std::nullopt;
            uploadDetails = true;
        } else if (needs(KubeGroup) && name == QLatin1String("--kubeconfig")) {
            if (!takeValue(&o.kubeconfig, QStringLiteral("a FILE")))
                return std::nullopt;
        } else if (needs(KubeGroup) && name == QLatin1String("--context")) {
            if (!takeValue(&o.context, QStringLiteral("a context NAME")))
                return std::nullopt;
        } else if (needs(KubeGroup) && name == QLatin1String("--wait")) {
            QString w;
            if (!takeValue(&w, QStringLiteral("SECONDS")))
                return std::nullopt;
            bool ok = false;
            const int seconds = w.toInt(&ok);
            if (!ok || seconds <= 0)
                return usage(QStringLiteral("--wait needs a positive number of SECONDS, not \"%1\"").arg(w));
            o.waitSeconds = seconds;
        } else if (needs(FromGroup) && name == QLatin1String("--from")) {
            QString f;
            if (!takeValue(&f, QStringLiteral("doctor, build, upload or deploy")))
                return std::nullopt;
            o.from = parseDeployStep(f);
            if (!o.from)
                return usage(QStringLiteral("--from must be doctor, build, upload or deploy, not \"%1\"").arg(f));
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usage(QStringLiteral("unknown option %1").arg(a));
        } else if (!o.projectDir.isEmpty()) {
            return usage(QStringLiteral("more than one PROJECT_DIR (%1, %2)").arg(o.projectDir, a));
        } else {
            o.projectDir = a;
        }
    }
    if (uploadDetails && !o.direct) {
        *exitCode = usageError(prefix + QStringLiteral("--cas, --cas-ca and --identity go with --direct"));
        return std::nullopt;
    }
    if (o.projectDir.isEmpty()) {
        *exitCode = usageError(prefix + QStringLiteral("PROJECT_DIR is missing"));
        return std::nullopt;
    }
    if (!QFileInfo(o.projectDir).isDir()) {
        *exitCode = usageError(prefix + QStringLiteral("%1 is not a folder").arg(o.projectDir));
        return std::nullopt;
    }
    o.projectDir = QFileInfo(o.projectDir).absoluteFilePath();
    *exitCode = ExitOk;
    return o;
}

namespace {

/// The analysis' findings on stderr (errors and warnings; paths relative to the project), as
/// `render` prints them. Returns how many errors there are; with any, the command does nothing.
models::build::Environment systemEnvironment()
{
    models::build::Environment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &k : system.keys())
        env.insert(k, system.value(k));
    return env;
}

QString absoluteOrEmpty(const QString &path)
{
    return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
}

}  // namespace

std::optional<PreparedDeploy> prepareDeploy(const QString &command, const DeployCliOptions &options, int *exitCode)
{
    // The one analysis every command reads (validate, render, certs, the window): the settings
    // with --set applied and an APP_NAMESPACE proposed when none is set, the one diagnostics
    // list, the generated policies.
    Result<engine::AnalysisInput> input = engine::analysisInputFromFolder(options.projectDir, options.overrides);
    if (!input.ok()) {
        *exitCode = failure(command, models::escapeControlCharacters(input.error().toString()));
        return std::nullopt;
    }
    const engine::AnalysisSnapshot analysis = engine::analyzeProject(std::move(input).value());
    if (reportDiagnostics(command, options.projectDir, analysis.diagnostics,
                          QStringLiteral(" in the project, nothing done")) > 0) {
        *exitCode = ExitFailure;
        return std::nullopt;
    }

    PreparedDeploy prepared;
    prepared.generatedNamespace = analysis.settings.namespaceProposed;
    auto config = std::make_shared<DeployConfig>();
    config->project = std::make_shared<const DeployProject>(DeployProject::fromAnalysis(analysis));
    config->commandLine = true;
    config->environment = systemEnvironment();
    config->homeDir = QDir::homePath();
    config->workDir = defaultWorkFolder(options.projectDir);
    config->build.services = options.services;
    config->build.noPush = options.noPush;
    config->build.mode = options.mode;
    if (options.builder == QLatin1String("sconectl")) {
        config->build.route = models::build::BuildRoute::Sconectl;
    } else if (!options.builder.isEmpty()) {
        config->build.route = models::build::BuildRoute::Native;
        config->build.builder = models::build::parseImageBuilder(options.builder);
    }
    if (options.direct)
        config->upload.route = UploadRoute::Direct;
    config->upload.casUrl = options.cas;
    config->upload.casCaFile = absoluteOrEmpty(options.casCa);
    config->upload.identityFile = absoluteOrEmpty(options.identity);
    config->kube.kubeconfig = absoluteOrEmpty(options.kubeconfig);
    config->kube.context = options.context;
    if (options.waitSeconds)
        config->kube.waitSeconds = *options.waitSeconds;
    if (const Status st = applySettingsDefaults(*config, !options.builder.isEmpty(), options.direct); !st.ok()) {
        *exitCode = failure(command, st.error().toString());
        return std::nullopt;
    }
    prepared.config = std::move(config);
    *exitCode = ExitOk;
    return prepared;
}

void keepDeployNamespace(const QString &command, const PreparedDeploy &prepared)
{
    if (!prepared.generatedNamespace)
        return;
    const QString &appNamespace = prepared.config->project->settings.appNamespace;
    const QString projectDir = prepared.config->project->projectDir;
    auto warn = [&](const QString &why) {
        err() << "scone-workbench: " << command << ": warning: APP_NAMESPACE "
              << models::escapeControlCharacters(appNamespace)
              << " could not be kept in the project settings: " << models::escapeControlCharacters(why) << '\n';
        err().flush();
    };
    // Through the settings store, as `settings --save` and the window write it: the file keeps
    // its comments, order and unknown keys, a linked settings file is never written through.
    engine::ProjectSession session;
    if (const Status st = session.open(projectDir); !st.ok())
        return warn(st.error().toString());
    engine::SettingsStore *store = session.settings();
    QString problem;
    if (!store->document()) {
        problem = QStringLiteral("the settings file cannot be read: %1").arg(store->filePath());
    } else if (!store->namespaceProposed()) {
        // Someone set one since the run started: theirs stands.
    } else if (store->isReadOnly()) {
        problem = store->readOnlyReason();
    } else {
        // The one this run used (the proposal of the RELEASE in effect, which --set may change).
        Status st = store->setValue(QStringLiteral("APP_NAMESPACE"), appNamespace);
        if (st.ok())
            st = store->save();
        if (!st.ok())
            problem = st.error().toString();
    }
    session.shutdown();
    if (!problem.isEmpty())
        warn(problem);
}

// --- running a job to its end ---------------------------------------------------------------

int runJobToEnd(const QString &command, engine::jobs::Job &job, bool echoLog)
{
    using namespace workbench::engine::jobs;
    auto *pipeline = qobject_cast<PipelineJob *>(&job);
    if (echoLog)
        QObject::connect(&job, &Job::outputAppended, &job, [&job, pipeline](qint64 first, qint64 count) {
            for (qint64 n = first; n < first + count; ++n) {
                const std::optional<LogLine> line = job.log().line(n);
                if (!line)
                    continue;
                if (pipeline && line->source > 0 && line->source <= pipeline->steps().size())
                    err() << '[' << pipeline->steps().at(line->source - 1).name << "] ";
                err() << line->text << '\n';
            }
            err().flush();
        });
    QEventLoop loop;
    QObject::connect(&job, &Job::finished, &loop, &QEventLoop::quit);
    // SIGINT/SIGTERM cancel the job; it ends once its process trees are gone.
    StopSignals stopSignals;
    std::unique_ptr<QSocketNotifier> notifier;
    bool signalled = false;
    if (stopSignals.install()) {
        notifier = std::make_unique<QSocketNotifier>(stopSignals.readFd(), QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, &job, [&] {
            if (stopSignals.drain() == 0 || signalled)
                return;
            signalled = true;
            err() << "scone-workbench: cancelling...\n";
            err().flush();
            job.cancel();
        });
    }
    job.start();
    if (!job.isFinished())
        loop.exec();
    switch (job.state()) {
    case JobState::Succeeded:
        return ExitOk;
    case JobState::Cancelled:
        if (signalled) {
            err() << "scone-workbench: " << command << ": cancelled\n";
            err().flush();
            return ExitCancelled;
        }
        return failure(command, job.error() ? job.error()->message : QStringLiteral("cancelled"));
    default:
        return failure(command, job.error() ? job.error()->message : QStringLiteral("failed"));
    }
}

void printServices(const QList<ServiceBuild> &services)
{
    for (const ServiceBuild &s : services)
        if (s.state == ServiceBuild::State::Built)
            out() << s.service << ' ' << s.reference() << '\n';
    out().flush();
}

void printSessions(const QList<SessionUpload> &sessions)
{
    for (const SessionUpload &s : sessions)
        if (s.state == SessionUpload::State::Created || s.state == SessionUpload::State::Updated ||
            s.state == SessionUpload::State::Uploaded)
            out() << s.session << ' ' << (s.hash.isEmpty() ? QStringLiteral("-") : s.hash) << '\n';
    out().flush();
}

void printPods(const QList<DeployedPod> &pods)
{
    for (const DeployedPod &p : pods)
        if (!p.removed)
            out() << p.name << ' ' << (p.status.isEmpty() ? p.phase : p.status) << ' ' << p.readyContainers << '/'
                  << p.containers << '\n';
    out().flush();
}

std::shared_ptr<const CredentialStore> commandLineCredentials()
{
    return std::make_shared<const CredentialStore>();
}

int runDeployCommand(const QString &command, const QStringList &args, int groups, const char *help,
                     std::optional<DeployStep> step)
{
    int exitCode = ExitOk;
    const std::optional<DeployCliOptions> options = parseDeployOptions(command, args, groups, help, &exitCode);
    if (!options)
        return exitCode;
    const std::optional<PreparedDeploy> prepared = prepareDeploy(command, *options, &exitCode);
    if (!prepared)
        return exitCode;

    engine::net::HttpClient http;
    DeployRun run(prepared->config, DeployServices{&http, commandLineCredentials()});
    std::unique_ptr<engine::jobs::Job> job = step ? run.makeStep(*step) : run.makePipeline(options->from);
    exitCode = runJobToEnd(command, *job);

    if (!step || *step == DeployStep::Build)
        printServices(run.services());
    if (!step || *step == DeployStep::Upload)
        printSessions(run.sessions());
    if (!step || *step == DeployStep::Deploy)
        printPods(run.pods());
    if (job->isFinished()) {
        engine::jobs::JobHistory history(prepared->config->project->projectDir);
        if (const Status st = history.record(*job); !st.ok())
            err() << "scone-workbench: " << command
                  << ": warning: the run is not in the history: " << st.error().toString() << '\n';
    }
    // A generated APP_NAMESPACE is kept once anything went to the CAS under it (even when a
    // later session or step failed), so the next run updates the same sessions.
    bool uploadedAny = false;
    for (const SessionUpload &s : run.sessions())
        uploadedAny = uploadedAny || s.state == SessionUpload::State::Created ||
                      s.state == SessionUpload::State::Updated || s.state == SessionUpload::State::Uploaded;
    if (exitCode == ExitOk || uploadedAny)
        keepDeployNamespace(command, *prepared);
    err().flush();
    return exitCode;
}

}  // namespace workbench::cli
