// SPDX-License-Identifier: Apache-2.0
// `scone-workbench run PROJECT_DIR [--service NAME]... [--set NAME=VALUE]... [--keep]`: starts
// the mesh on this machine, every service in a bubblewrap sandbox with what its CAS session
// would inject, prints the merged logs ("SERVICE | TEXT") and stops every process on SIGINT or
// SIGTERM.
#include "cli/cli.h"
#include "cli/cliargs.h"
#include "cli/commands.h"
#include "cli/logformat.h"
#include "cli/stopsignals.h"

#include "analysis/certificatepreview.h"
#include "analysis/projectanalyzer.h"
#include "core/displaytext.h"
#include "jobs/jobrunner.h"
#include "localrun/hostprobe.h"
#include "localrun/limitations.h"
#include "localrun/localrunanalysis.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunplanner.h"
#include "localrun/sandbox.h"
#include "policy/projectsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QThreadPool>

#include <csignal>
#include <unistd.h>

namespace workbench::cli {

namespace {

using namespace workbench::models;
using namespace workbench::models::localrun;
using engine::localrun::LocalRunJob;

const char kHelp[] = "Usage: scone-workbench run PROJECT_DIR [--service NAME]... [--set NAME=VALUE]... [--keep]\n"
                     "\n"
                     "Starts every service of the mesh on this machine, natively and without SGX, each in a\n"
                     "bubblewrap sandbox that holds exactly what its CAS session would inject: the environment and\n"
                     "the injection files with every $$SCONE::...$$ replaced by the preview-issued secrets (the\n"
                     "Certificates area's), the code the build copies, at its pwd. The services start in\n"
                     "dependency order and wait for the ports of the services they need. Their output is printed\n"
                     "merged, one line per line of output:\n"
                     "  SERVICE | TEXT\n"
                     "The run's own messages (started, waiting, exited) go to stderr.\n"
                     "\n"
                     "No image is built or pulled; when APP_IMAGE_REPO is not set, the sessions name images\n"
                     "under local-run.invalid/images. APP_NAMESPACE, when not set, is the one the workbench proposes\n"
                     "(the same as render and certs use), not written. The project is only read; it has the\n"
                     "diagnostics `validate PROJECT_DIR` prints, and any error stops the run before it starts.\n"
                     "\n"
                     "A local run is no security test: no enclave, no attestation, no CAS, no SCONE runtime.\n"
                     "\n"
                     "Options:\n"
                     "  --service NAME      start only this service and the services it needs (repeatable)\n"
                     "  --set NAME=VALUE    override a deployment setting or variable for this run (repeatable)\n"
                     "  --keep              keep the run folder (injection files, code copies) after the run\n"
                     "  -h, --help          show this help\n"
                     "\n"
                     "SIGINT (Ctrl+C) or SIGTERM stops every process of the run and removes the run folder.\n"
                     "Exit codes: 0 stopped by SIGINT/SIGTERM (or every service exited with 0), 1 the run could not\n"
                     "be planned, a service failed to start (its last lines are printed) or a service ended with\n"
                     "an error, 2 usage error.\n";

struct RunOptions {
    QString projectDir;  ///< absolute
    QStringList services;
    QList<QPair<QString, QString>> overrides;
    bool keep = false;
};

/// Parses the command line; ExitOk with @p options filled, or the exit code to end with.
int parseRunOptions(const QStringList &args, RunOptions *options, bool *helpShown)
{
    const QString prefix = QStringLiteral("run: ");
    *helpShown = false;
    RunOptions o;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-h") || a == QLatin1String("--help")) {
            out() << QString::fromUtf8(kHelp);
            out().flush();
            *helpShown = true;
            return ExitOk;
        }
        const QString name = optionName(a);
        if (name == QLatin1String("--service")) {
            const std::optional<QString> v = optionValue(args, &i);
            if (!v || v->isEmpty())
                return usageError(prefix + QStringLiteral("--service needs a NAME"));
            o.services << *v;
        } else if (name == QLatin1String("--set")) {
            const Result<QPair<QString, QString>> set = parseSetOverride(optionValue(args, &i));
            if (!set.ok())
                return usageError(prefix + set.error().message);
            o.overrides.append(set.value());
        } else if (a == QLatin1String("--keep")) {
            o.keep = true;
        } else if (a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            return usageError(prefix + QStringLiteral("unknown option %1").arg(a));
        } else if (!o.projectDir.isEmpty()) {
            return usageError(prefix + QStringLiteral("more than one PROJECT_DIR (%1, %2)").arg(o.projectDir, a));
        } else {
            o.projectDir = a;
        }
    }
    if (o.projectDir.isEmpty())
        return usageError(prefix + QStringLiteral("PROJECT_DIR is missing"));
    if (!QFileInfo(o.projectDir).isDir())
        return usageError(prefix + QStringLiteral("%1 is not a folder").arg(o.projectDir));
    o.projectDir = QFileInfo(o.projectDir).absoluteFilePath();
    *options = std::move(o);
    return ExitOk;
}

void printError(const QString &text)
{
    err() << "scone-workbench: run: " << escapeControlCharacters(text) << '\n';
    err().flush();
}

/// From the project folder to the plan: the project analysed as `validate`, `render` and `certs`
/// analyse it (engine's analyzeProject(): the deployment settings with the --set overrides,
/// APP_NAMESPACE proposed when unset and not written anywhere, so a local run changes nothing in
/// the project; the one diagnostics list; the generated policies), the secrets issued from that
/// same analysis as `certs` and the Certificates area issue them, and the local-run plan. Any
/// error of the analysis stops the run before anything starts.
std::optional<LocalRunPlan> prepareLocalRun(const RunOptions &o, const HostSystem &host, int *exitCode)
{
    *exitCode = ExitFailure;
    Result<engine::AnalysisInput> input = engine::analysisInputFromFolder(o.projectDir, o.overrides);
    if (!input.ok()) {
        printError(input.error().toString());
        return std::nullopt;
    }
    // No image is built or pulled: the sessions only need an image name to match their services.
    engine::localrun::applyLocalRunSettings(input->settings);
    const engine::AnalysisSnapshot analysis = engine::analyzeProject(std::move(input).value());
    int errors = 0;
    for (Diagnostic d : analysis.diagnostics) {
        if (d.severity != Diagnostic::Severity::Error)
            continue;
        ++errors;
        const QString rel = QDir(o.projectDir).relativeFilePath(d.file);
        if (!d.file.isEmpty() && !rel.startsWith(QLatin1String("..")))
            d.file = rel;
        err() << escapeControlCharacters(d.toString()) << '\n';
    }
    if (errors > 0) {
        printError(errors == 1 ? QStringLiteral("1 error, nothing started")
                               : QStringLiteral("%1 errors, nothing started").arg(errors));
        return std::nullopt;
    }
    const engine::CertificatePreview issued =
        engine::issueCertificatePreview(analysis, certs::Clock::system(), nullptr, {}, QThreadPool::globalInstance());
    if (issued.error) {
        printError(QStringLiteral("the secrets could not be issued: ") + issued.error->toString());
        return std::nullopt;
    }
    const policy::DeploymentSettings &settings = analysis.settings.values;
    const policy::PolicyPreview &preview = analysis.policies;
    LocalRunOptions options = LocalRunOptions::fromSettings(settings);
    options.services = o.services;
    LocalRunPlan plan = planLocalRun(preview, issued.issued, analysis.project, options, host);
    if (!plan.ok()) {
        for (const Error &e : std::as_const(plan.errors)) {
            Error shown = e;
            if (!shown.file.isEmpty()) {
                const QString rel = QDir(o.projectDir).relativeFilePath(shown.file);
                if (!rel.startsWith(QLatin1String("..")))
                    shown.file = rel;
            }
            printError(shown.toString());
        }
        printError(plan.errors.size() == 1 ? QStringLiteral("1 problem, nothing started")
                                           : QStringLiteral("%1 problems, nothing started").arg(plan.errors.size()));
        return std::nullopt;
    }
    *exitCode = ExitOk;
    return plan;
}

}  // namespace

int runRun(const QStringList &args)
{
    RunOptions options;
    bool helpShown = false;
    if (const int rc = parseRunOptions(args, &options, &helpShown); rc != ExitOk || helpShown)
        return rc;

    // Signals first: a Ctrl+C during the planning (the Python probe) ends the command cleanly.
    StopSignals stopSignals;
    if (!stopSignals.install()) {
        printError(QStringLiteral("cannot watch SIGINT/SIGTERM"));
        return ExitFailure;
    }
    const HostSystem host = engine::localrun::localHostSystem();
    const Result<QString> bwrap = findBwrap(host);
    if (!bwrap.ok()) {
        printError(bwrap.error().toString());
        return ExitFailure;
    }
    int exitCode = ExitOk;
    std::optional<LocalRunPlan> plan = prepareLocalRun(options, host, &exitCode);
    if (!plan)
        return exitCode;

    QStringList topics;
    for (const LocalRunLimitation &l : localRunLimitations())
        topics << l.topic.toLower();
    err() << "scone-workbench: run: not a security test: " << topics.join(QStringLiteral(", ")) << ".\n";
    err().flush();

    engine::localrun::LocalRunSettings settings;
    settings.runsDir = engine::localrun::defaultRunsDir();
    settings.bwrap = bwrap.value();
    settings.keepRunFolder = options.keep;

    engine::jobs::JobRunner runner;
    auto owned = std::make_unique<LocalRunJob>(std::move(*plan), settings);
    LocalRunJob *job = owned.get();
    bool stopRequested = false;

    QObject::connect(job, &engine::jobs::Job::outputAppended, job, [job](qint64 first, qint64 count) {
        for (qint64 n = first; n < first + count; ++n) {
            const std::optional<engine::jobs::LogLine> line = job->log().line(n);
            if (!line)
                continue;
            const QString service = job->serviceOfSource(line->source);
            if (service.isEmpty())
                err() << "scone-workbench: run: " << line->text << '\n';
            else if (line->channel == engine::jobs::LogChannel::Info)
                err() << "scone-workbench: run: " << service << ": " << line->text << '\n';
            else
                out() << formatLogLine(localLogSource(service), line->text) << '\n';
        }
        out().flush();
        err().flush();
    });
    QSocketNotifier notifier(stopSignals.readFd(), QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, job, [&] {
        stopSignals.drain();
        if (!stopRequested) {
            stopRequested = true;
            job->cancel();
        }
    });
    QObject::connect(job, &engine::jobs::Job::finished, QCoreApplication::instance(),
                     [] { QCoreApplication::exit(0); });
    runner.submit(std::move(owned));
    if (!job->isFinished())
        QCoreApplication::exec();

    out().flush();
    const QString folder = job->runFolder();
    if (options.keep && !folder.isEmpty())
        err() << "scone-workbench: run: the run folder is kept: " << folder << '\n';
    switch (job->state()) {
    case engine::jobs::JobState::Succeeded:
        return ExitOk;
    case engine::jobs::JobState::Cancelled:
        return stopRequested ? ExitOk : ExitFailure;
    default:
        break;
    }
    const Error e = job->error().value_or(makeError(QStringLiteral("localrun"), QStringLiteral("the run failed")));
    printError(e.message);
    if (!e.context.step.isEmpty() && !e.context.outputTail.isEmpty()) {
        err() << "scone-workbench: run: last lines of " << e.context.step << ":\n";
        for (const QString &l : e.context.outputTail.split(QLatin1Char('\n')))
            err() << "  " << formatLogLine(localLogSource(e.context.step), l) << '\n';
    }
    err().flush();
    return ExitFailure;
}

}  // namespace workbench::cli
