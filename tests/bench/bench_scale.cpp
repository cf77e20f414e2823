// SPDX-License-Identifier: Apache-2.0
// Scaling benchmark: wall time and peak memory (max RSS) of the real command line on generated
// projects of growing size (tests/support/projectgenerator: per service a CA and a server
// certificate, the CAs of the previous services imported, a global `svc_<i>_host` variable per
// service set by the mesh, injection files). Each measurement runs
//   scone-workbench validate DIR | render DIR --out OUT | certs DIR --out OUT
// as a child process and reads its max RSS from wait4(). Prints a table and the time ratio of
// each stage between the sizes.
//
// Goals (issue 17): 10x the services costs at most 12x the time in each stage; 2,000 services:
// validate < 0.5 s, render < 1 s; 10,000 services: validate < 3 s; render of 2,000 services
// well under 300 MB. Exit 0 when met, 2 when a goal is missed, 1 when a command fails.
//
//   build/dev/tests/bench_scale [SIZE...]            default 200 2000 10000
//   build/dev/tests/bench_scale --generate N DIR     only write the project of N services to DIR
//   BENCH_RUNS=3            runs per measurement (median; default 3 up to 2,000 services, else 1)
//   BENCH_SCALE_TIMEOUT=120 seconds after which a command is stopped and reported as "> cap"
//   BENCH_SCALE_STAGES=validate,render   only these stages
//   BENCH_SCALE_CLI=PATH    measure another build of scone-workbench (e.g. a copy of an older one)
//   BENCH_SCALE_MEMORY=3072 address-space limit of each command in MB (a command that needs more
//                           fails instead of exhausting a shared machine)
// The project and the outputs go to the temporary folder (TMPDIR): `render` and `certs` write
// thousands of files, so on a slow disk the figures include its flush times; TMPDIR=/dev/shm
// measures the computation alone.
#include "projectgenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

struct Measurement {
    double seconds = 0;     ///< wall time
    double cpuSeconds = 0;  ///< user + system time of the child (less sensitive to a busy machine)
    double maxRssMb = 0;
    int exitCode = -1;
    bool timedOut = false;
};

/// Runs the CLI with @p args in a child, stdout/stderr to @p logFile; wall time and max RSS.
Measurement runCli(const QByteArray &cli, const QStringList &args, const QString &logFile, double timeoutSeconds,
                   double memoryMb)
{
    Measurement m;
    std::vector<QByteArray> argBytes;
    argBytes.push_back(cli);
    for (const QString &a : args)
        argBytes.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const QByteArray log = logFile.toLocal8Bit();

    QElapsedTimer timer;
    timer.start();
    const pid_t pid = fork();
    if (pid < 0)
        return m;
    if (pid == 0) {
        const int fd = ::open(log.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        const rlim_t limit = rlim_t(memoryMb * 1024 * 1024);
        const struct rlimit as = {limit, limit};
        setrlimit(RLIMIT_AS, &as);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage {
    };
    while (true) {
        const pid_t r = wait4(pid, &status, WNOHANG, &usage);
        if (r == pid)
            break;
        if (r < 0)
            return m;
        if (double(timer.nsecsElapsed()) / 1e9 > timeoutSeconds) {
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            m.timedOut = true;
            break;
        }
        const struct timespec pause = {0, 2'000'000};  // 2 ms: the resolution of the figures
        nanosleep(&pause, nullptr);
    }
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    m.maxRssMb = double(usage.ru_maxrss) / 1024.0;  // KiB on Linux
    m.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t mid = v.size() / 2;
    return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

QString figure(const Measurement &m, double cap)
{
    if (m.timedOut)
        return QStringLiteral("> %1 s (stopped)").arg(cap, 0, 'f', 0);
    return QStringLiteral("%1 s").arg(m.seconds, 0, 'f', m.seconds < 10 ? 3 : 1);
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && QByteArray(argv[1]) == "--generate") {
        workbench::test::ScaleProjectOptions options;
        options.services = std::max(1, QByteArray(argv[2]).toInt());
        return workbench::test::writeScaleProject(QString::fromLocal8Bit(argv[3]), options) ? 0 : 1;
    }
    QList<int> sizes;
    for (int i = 1; i < argc; ++i)
        if (const int n = QByteArray(argv[i]).toInt(); n > 0)
            sizes.append(n);
    if (sizes.isEmpty())
        sizes = {200, 2000, 10000};
    const QByteArray runsEnv = qgetenv("BENCH_RUNS");
    const double cap = qEnvironmentVariableIsSet("BENCH_SCALE_TIMEOUT")
                           ? std::max(1.0, qEnvironmentVariable("BENCH_SCALE_TIMEOUT").toDouble())
                           : 120.0;
    const double memoryMb = qEnvironmentVariableIsSet("BENCH_SCALE_MEMORY")
                                ? std::max(256.0, qEnvironmentVariable("BENCH_SCALE_MEMORY").toDouble())
                                : 3072.0;
    const QByteArray cli =
        qEnvironmentVariableIsSet("BENCH_SCALE_CLI") ? qgetenv("BENCH_SCALE_CLI") : QByteArray(WORKBENCH_CLI_PATH);
    QStringList stages = {QStringLiteral("validate"), QStringLiteral("render"), QStringLiteral("certs")};
    if (qEnvironmentVariableIsSet("BENCH_SCALE_STAGES"))
        stages = qEnvironmentVariable("BENCH_SCALE_STAGES").split(QLatin1Char(','), Qt::SkipEmptyParts);

    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::printf("bench_scale: cannot create a temporary folder\n");
        return 1;
    }
    std::printf("bench_scale: %s in %s, wall time, CPU time and max RSS of each command (child process); "
                "caps %.0f s, %.0f MB\n",
                cli.constData(), qPrintable(tmp.path()), cap, memoryMb);
    std::printf("%8s  %-8s  %10s  %18s  %10s  %10s  %s\n", "services", "stage", "YAML", "time (median)", "CPU",
                "max RSS", "runs");

    QMap<QString, QMap<int, Measurement>> results;  // stage -> size -> median measurement
    bool failed = false;
    for (const int n : std::as_const(sizes)) {
        const QString project = QDir(tmp.path()).filePath(QStringLiteral("project-%1").arg(n));
        workbench::test::ScaleProjectOptions options;
        options.services = n;
        qint64 bytes = 0;
        for (const auto &f : workbench::test::scaleProjectFiles(options))
            bytes += f.second.size();
        if (!workbench::test::writeScaleProject(project, options)) {
            std::printf("bench_scale: cannot write %s\n", qPrintable(project));
            return 1;
        }
        const int runs = runsEnv.isEmpty() ? (n <= 2000 ? 3 : 1) : std::max(1, runsEnv.toInt());
        for (const QString &stage : std::as_const(stages)) {
            const QString outDir = QDir(tmp.path()).filePath(QStringLiteral("out-%1-%2").arg(stage).arg(n));
            QStringList args{stage, project};
            if (stage != QLatin1String("validate"))
                args << QStringLiteral("--out") << outDir;
            const QString log = outDir + QStringLiteral(".log");
            std::vector<double> times, cpu, rss;
            Measurement last;
            for (int r = 0; r < runs; ++r) {
                QDir(outDir).removeRecursively();
                last = runCli(cli, args, log, cap, memoryMb);
                times.push_back(last.seconds);
                cpu.push_back(last.cpuSeconds);
                rss.push_back(last.maxRssMb);
                if (last.timedOut || last.exitCode != 0)
                    break;
            }
            Measurement med = last;
            if (!last.timedOut) {
                med.seconds = median(times);
                med.cpuSeconds = median(cpu);
                med.maxRssMb = median(rss);
            }
            results[stage][n] = med;
            std::printf("%8d  %-8s  %7.1f MB  %18s  %8.3f s  %7.0f MB  %zu%s\n", n, qPrintable(stage),
                        double(bytes) / 1e6, qPrintable(figure(med, cap)), med.cpuSeconds, med.maxRssMb, times.size(),
                        med.timedOut        ? ""
                        : med.exitCode != 0 ? "  FAILED:"
                                            : "");
            if (!med.timedOut && med.exitCode != 0) {
                failed = true;
                QFile f(log);
                if (f.open(QIODevice::ReadOnly))
                    std::printf("%s\n", f.read(4000).constData());
            }
            std::fflush(stdout);
        }
        QDir(project).removeRecursively();
        for (const QString &stage : std::as_const(stages))
            QDir(QDir(tmp.path()).filePath(QStringLiteral("out-%1-%2").arg(stage).arg(n))).removeRecursively();
    }

    // Ratios between consecutive sizes, against the linear ratio.
    bool goalsMissed = false;
    std::printf("\ntime ratios (linear would be the size ratio; goal: at most 1.2x the size ratio)\n");
    for (const QString &stage : std::as_const(stages)) {
        const QMap<int, Measurement> &bySize = results.value(stage);
        for (int i = 1; i < sizes.size(); ++i) {
            const Measurement a = bySize.value(sizes[i - 1]);
            const Measurement b = bySize.value(sizes[i]);
            const double sizeRatio = double(sizes[i]) / double(sizes[i - 1]);
            if (a.timedOut || b.timedOut || a.exitCode != 0 || b.exitCode != 0 || a.seconds <= 0) {
                std::printf("  %-8s %6d -> %6d: n/a (a run failed or was stopped at a cap)\n", qPrintable(stage),
                            sizes[i - 1], sizes[i]);
                goalsMissed = true;
                continue;
            }
            const double ratio = b.seconds / a.seconds;
            const double cpuRatio = a.cpuSeconds > 0 ? b.cpuSeconds / a.cpuSeconds : 0;
            const bool ok = ratio <= 1.2 * sizeRatio;
            goalsMissed = goalsMissed || !ok;
            std::printf("  %-8s %6d -> %6d: %6.1fx time (%.1fx CPU) for %4.1fx services%s\n", qPrintable(stage),
                        sizes[i - 1], sizes[i], ratio, cpuRatio, sizeRatio, ok ? "" : "   (goal missed)");
        }
    }

    // Absolute goals where the sizes were measured.
    struct Goal {
        const char *stage;
        int services;
        double seconds;
    };
    for (const Goal &g : {Goal{"validate", 2000, 0.5}, Goal{"render", 2000, 1.0}, Goal{"validate", 10000, 3.0}}) {
        const auto stageIt = results.constFind(QLatin1String(g.stage));
        if (stageIt == results.cend() || !stageIt->contains(g.services))
            continue;
        const Measurement m = stageIt->value(g.services);
        const bool ok = !m.timedOut && m.exitCode == 0 && m.seconds < g.seconds;
        goalsMissed = goalsMissed || !ok;
        std::printf("goal: %s of %d services < %.1f s: %s (%s)\n", g.stage, g.services, g.seconds,
                    ok ? "met" : "MISSED", qPrintable(figure(m, cap)));
    }
    if (results.contains(QStringLiteral("render")) && results.value(QStringLiteral("render")).contains(2000)) {
        const Measurement m = results.value(QStringLiteral("render")).value(2000);
        const bool ok = !m.timedOut && m.exitCode == 0 && m.maxRssMb < 300;
        goalsMissed = goalsMissed || !ok;
        std::printf("goal: render of 2000 services < 300 MB: %s (%.0f MB)\n", ok ? "met" : "MISSED", m.maxRssMb);
    }
    if (failed) {
        std::printf("a command failed (see its log above)\n");
        return 1;
    }
    return goalsMissed ? 2 : 0;
}
