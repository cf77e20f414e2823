// SPDX-License-Identifier: Apache-2.0
// Issue 14's comparison, side by side in one run against the same loopback test API server:
// `scone-workbench logs --release bench` versus `kubectl logs -l app.kubernetes.io/instance=bench
// --all-containers --prefix`, 10 pods x 100k lines of 100 bytes (every line of every pod, both
// read through a pipe by this process, lines counted). Runs alternate (workbench, kubectl, ...)
// so machine load hits both alike; medians and their ratio are printed. A second pair with
// --timestamps on both sides.
//   ./build/dev/tests/bench_logscli [lines-per-pod] [rounds]
#include "kubetestserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

using namespace workbench;

namespace {

struct Run {
    double seconds = 0;
    double cpuSeconds = 0;  // user + system of the child
    qint64 lines = 0;
    int exitCode = -1;
};

Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    Run r;
    QObject::connect(&p, &QProcess::readyReadStandardOutput, &p,
                     [&] { r.lines += p.readAllStandardOutput().count('\n'); });
    rusage before{};
    ::getrusage(RUSAGE_CHILDREN, &before);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(900000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.lines += p.readAllStandardOutput().count('\n');
    r.seconds = double(t.nsecsElapsed()) / 1e9;
    rusage after{};
    ::getrusage(RUSAGE_CHILDREN, &after);
    auto secs = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    r.cpuSeconds = secs(after.ru_utime) - secs(before.ru_utime) + secs(after.ru_stime) - secs(before.ru_stime);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    constexpr int kPods = 10;
    const qint64 perPod = argc > 1 ? std::max(1, atoi(argv[1])) : 100'000;
    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 3;
    const QString kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    if (kubectl.isEmpty()) {
        std::printf("kubectl not found: nothing to compare with\n");
        return 1;
    }

    test::KubeTestServer server;
    if (!server.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(server.errorString()));
        return 1;
    }
    for (int p = 0; p < kPods; ++p) {
        const QString pod = QStringLiteral("bench-%1").arg(p);
        if (!server.run(
                QJsonObject{{QStringLiteral("op"), QStringLiteral("addPod")},
                            {QStringLiteral("namespace"), QStringLiteral("bench")},
                            {QStringLiteral("name"), pod},
                            {QStringLiteral("containers"), QJsonArray{QStringLiteral("app")}},
                            {QStringLiteral("labels"),
                             QJsonObject{{QStringLiteral("app.kubernetes.io/instance"), QStringLiteral("bench")}}}}) ||
            !server.run(QJsonObject{{QStringLiteral("op"), QStringLiteral("generateLogs")},
                                    {QStringLiteral("namespace"), QStringLiteral("bench")},
                                    {QStringLiteral("name"), pod},
                                    {QStringLiteral("container"), QStringLiteral("app")},
                                    {QStringLiteral("count"), perPod},
                                    {QStringLiteral("lineBytes"), 100}},
                        120000))
            return 1;
    }
    const qint64 total = kPods * perPod;
    std::printf("%d pods x %lld lines of 100 bytes, %d rounds each, alternating\n", kPods,
                static_cast<long long>(perPod), rounds);

    QTemporaryDir home;
    const QString config = home.filePath(QStringLiteral("config"));
    server.writeKubeconfig(config, test::KubeTestServer::Auth::Token, QStringLiteral("bench"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("KUBECONFIG"), config);

    bool ok = true;
    for (const bool timestamps : {false, true}) {
        QStringList ours{QStringLiteral("logs"), QStringLiteral("--release"), QStringLiteral("bench"),
                         QStringLiteral("--no-color")};
        QStringList theirs{QStringLiteral("logs"),
                           QStringLiteral("-l"),
                           QStringLiteral("app.kubernetes.io/instance=bench"),
                           QStringLiteral("--all-containers"),
                           QStringLiteral("--prefix"),
                           QStringLiteral("--tail=-1"),
                           QStringLiteral("--max-log-requests=10")};
        if (timestamps) {
            ours << QStringLiteral("--timestamps");
            theirs << QStringLiteral("--timestamps");
        }
        std::vector<double> a;
        std::vector<double> b;
        for (int i = 0; i < rounds; ++i) {
            const Run w = run(QStringLiteral(WORKBENCH_CLI_PATH), ours, env);
            const Run k = run(kubectl, theirs, env);
            std::printf(
                "  round %d: scone-workbench %.2f s (cpu %.2f s, %lld lines, exit %d), kubectl %.2f s (cpu %.2f s, "
                "%lld lines, exit %d)\n",
                i + 1, w.seconds, w.cpuSeconds, static_cast<long long>(w.lines), w.exitCode, k.seconds, k.cpuSeconds,
                static_cast<long long>(k.lines), k.exitCode);
            ok = ok && w.lines == total && k.lines == total && w.exitCode == 0 && k.exitCode == 0;
            a.push_back(w.seconds);
            b.push_back(k.seconds);
        }
        const double ma = median(a);
        const double mb = median(b);
        std::printf("%s: scone-workbench logs median %.2f s (%.2f M lines/s), kubectl logs median %.2f s (%.2f M "
                    "lines/s); time ratio workbench/kubectl = %.2f\n",
                    timestamps ? "with --timestamps" : "without timestamps", ma, double(total) / ma / 1e6, mb,
                    double(total) / mb / 1e6, ma / mb);
    }
    std::printf("all lines delivered by both: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
