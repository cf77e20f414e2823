// SPDX-License-Identifier: Apache-2.0
// Benchmark: a local run of the bundled example (redis-server with TLS and the Flask API, each in
// bubblewrap, on free ports), from LocalRunJob::start() until every service is up (its ports
// open: redis's TLS port, the API's HTTPS port), and from cancel() until the job has ended (every
// process tree gone, the run folder removed). The plan (policies, issued secrets, the python3
// probe) is timed separately. Goal: the example up "in seconds" (issue 16): up <= 3 s.
//   cmake --build build/<dir> --target bench_localrun && build/<dir>/tests/bench_localrun [runs]
#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"
#include "localrun/hostprobe.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunplanner.h"
#include "localrun/sandbox.h"
#include "localrunproject.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::localrun;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::Any, 0) ? probe.serverPort() : 0;
}

/// The example on free ports (as the local-run tests prepare it).
bool prepare(const QString &project, quint16 redisPort, quint16 apiPort)
{
    return !test::localRunExampleCopy(project, redisPort, apiPort).isEmpty();
}

/// Runs the event loop until @p done or 60 s.
template<typename F> bool waitUntil(F done)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

void report(const char *what, std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    std::printf("  %-34s min %5.0f ms, median %5.0f ms, max %5.0f ms\n", what, ms.front(), ms[ms.size() / 2],
                ms.back());
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;
    qputenv("PATH", "/usr/bin:" + qgetenv("PATH"));
    std::vector<double> planMs, upMs, stopMs;
    for (int r = 0; r < runs; ++r) {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("project"));
        if (!prepare(project, freePort(), freePort())) {
            std::fprintf(stderr, "cannot prepare the example\n");
            return 1;
        }
        QElapsedTimer t;
        t.start();
        auto loaded = ManifestProject::loadFolder(project);
        if (!loaded) {
            std::fprintf(stderr, "%s\n", qPrintable(loaded.error().toString()));
            return 1;
        }
        policy::PolicyGenerationOptions o;
        o.settings = policy::DeploymentSettings::defaults(project);
        o.settings.release = QStringLiteral("sdm");
        o.settings.appNamespace = QStringLiteral("sdm-1-1");
        o.settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
        const policy::PolicyPreview preview = policy::generatePolicies(loaded.value(), o);
        auto issued = certs::issueSecrets(certs::secretSpecsFromSessions(preview.sessions).specs);
        if (!issued) {
            std::fprintf(stderr, "%s\n", qPrintable(issued.error().toString()));
            return 1;
        }
        const HostSystem host = engine::localrun::localHostSystem();
        LocalRunPlan plan =
            planLocalRun(preview, issued.value(), loaded.value(), LocalRunOptions::fromSettings(o.settings), host);
        if (!plan.ok()) {
            std::fprintf(stderr, "%s (needs bwrap, redis-server, python3-flask, python3-redis)\n",
                         qPrintable(plan.errors.first().toString()));
            return 1;
        }
        planMs.push_back(double(t.nsecsElapsed()) / 1e6);
        engine::localrun::LocalRunSettings settings;
        settings.runsDir = dir.filePath(QStringLiteral("runs"));
        const Result<QString> bwrap = findBwrap(host);
        if (!bwrap) {
            std::fprintf(stderr, "%s\n", qPrintable(bwrap.error().toString()));
            return 1;
        }
        settings.bwrap = bwrap.value();
        settings.portPollIntervalMs = 20;
        engine::localrun::LocalRunJob job(std::move(plan), settings);
        t.restart();
        job.start();
        if (!waitUntil([&] { return job.isUp() || job.isFinished(); }) || !job.isUp()) {
            std::fprintf(stderr, "the run did not come up: %s\n",
                         job.error() ? qPrintable(job.error()->toDetailedString()) : "timeout");
            return 1;
        }
        upMs.push_back(double(t.nsecsElapsed()) / 1e6);
        t.restart();
        job.cancel();
        if (!waitUntil([&] { return job.isFinished(); })) {
            std::fprintf(stderr, "the run did not stop\n");
            return 1;
        }
        stopMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("local run of the example (redis TLS + Flask API in bubblewrap), %d runs:\n", runs);
    report("plan (policies, secrets, probe)", planMs);
    report("start -> every service up", upMs);
    report("cancel -> every process gone", stopMs);
    std::printf("  (goal: up <= 3000 ms)\n");
    return 0;
}
