// SPDX-License-Identifier: Apache-2.0
// Benchmark: lines per second from a child process into a job log (ProcessJob: fork/exec under
// the supervisor, pipe reads, line splitting on bytes, batches to the owner thread, JobLog
// appends), side by side with `cat FILE > /dev/null` of the same data in the same run.
// Goal: >= 2M lines/s of 100-byte lines. Prints the median of several runs.
//   cmake --build build/<dir> --target bench_processlines && build/<dir>/tests/bench_processlines [lines] [runs]
#include "process/processjob.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace workbench::engine;
using namespace workbench::engine::process;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool writeData(const QString &path, qint64 lines)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray block;
    for (qint64 i = 0; i < lines; ++i) {
        QByteArray line = QByteArray::number(i).rightJustified(10, '0');
        line += ' ';
        line += QByteArray(99 - line.size(), char('a' + i % 26));
        line += '\n';  // 100 bytes
        block += line;
        if (block.size() > (1 << 20)) {
            f.write(block);
            block.clear();
        }
    }
    f.write(block);
    return f.error() == QFile::NoError;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 lines = argc > 1 ? QByteArray(argv[1]).toLongLong() : 3000000;
    const int runs = argc > 2 ? std::max(1, atoi(argv[2])) : 5;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("lines.txt"));
    if (!writeData(file, lines)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
        return 1;
    }

    std::vector<double> catRates, jobRates;
    qint64 logged = 0;
    for (int r = 0; r < runs; ++r) {
        {
            QProcess sh;
            QElapsedTimer t;
            t.start();
            sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("cat \"$0\" > /dev/null"), file});
            sh.waitForFinished(-1);
            catRates.push_back(double(lines) / (double(t.nsecsElapsed()) / 1e9));
        }
        {
            ProcessSpec spec;
            spec.command = CommandLine(QStringLiteral("cat"), {file});
            ProcessJob job(QStringLiteral("cat"), spec);
            QSignalSpy finished(&job, &jobs::Job::finished);
            QElapsedTimer t;
            t.start();
            job.start();
            finished.wait(600000);
            const double s = double(t.nsecsElapsed()) / 1e9;
            if (job.state() != jobs::JobState::Succeeded || job.value()->stdoutLines != lines) {
                std::fprintf(stderr, "job failed or lost lines: %lld of %lld\n",
                             static_cast<long long>(job.value() ? job.value()->stdoutLines : -1),
                             static_cast<long long>(lines));
                return 1;
            }
            logged = job.log().endLine();
            jobRates.push_back(double(lines) / s);
        }
    }
    std::printf("process lines -> job log: %lld lines of 100 bytes (%.0f MB), median of %d runs\n",
                static_cast<long long>(lines), double(lines) * 100 / 1e6, runs);
    std::printf("  cat FILE > /dev/null : %8.2f M lines/s\n", median(catRates) / 1e6);
    std::printf("  ProcessJob (cat FILE): %8.2f M lines/s  (%lld log lines, goal >= 2 M lines/s)\n",
                median(jobRates) / 1e6, static_cast<long long>(logged));
    return 0;
}
