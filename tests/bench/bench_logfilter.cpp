// SPDX-License-Identifier: Apache-2.0
// Regex filter over 2M log lines (goal < 200 ms), side by side with `grep -E -c` on the same
// lines written to a file, in the same run; match counts must agree.
//   ./build/dev/tests/bench_logfilter [runs]     (default 5 runs of ours, 3 of grep)
#include "logs/logfilter.h"
#include "logs/logstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace workbench::models::logs;
using namespace workbench::engine::logs;

namespace {

constexpr quint64 kLines = 2'000'000;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

QByteArray makeLine(quint64 n)
{
    switch (n % 50) {
    case 7:
        return "2024-05-01T12:00:00.123Z WARN  [worker-3] slow response from upstream id=" + QByteArray::number(n);
    case 13:
        return "2024-05-01T12:00:00.456Z ERROR [worker-5] request failed: timeout after " +
               QByteArray::number(n % 5000) + "ms id=" + QByteArray::number(n);
    case 29:
        return "2024-05-01T12:00:00.456Z INFO  [worker-1] POST /api/v1/upload status=" +
               QByteArray::number(500 + n % 4) + " dur=" + QByteArray::number(n % 977) + "ms";
    case 41:
        return "[SCONE|FATAL] src/process/init.c:470:__scone_prepare_secure_config(): Attestation failed id=" +
               QByteArray::number(n);
    default:
        return "2024-05-01T12:00:00.789Z INFO  [worker-" + QByteArray::number(n % 8) + "] GET /api/v1/items/" +
               QByteArray::number(n * 31 % 100000) + " status=200 bytes=" + QByteArray::number(n * 13 % 9000) +
               " dur=12ms";
    }
}

// Runs tasks on a pool of threads (what the engine's job runner will lend the filter).
class ThreadPoolFor
{
public:
    explicit ThreadPoolFor(unsigned threads)
        : m_threads(std::max(1u, threads))
    {}
    void operator()(int count, const std::function<void(int)> &task) const
    {
        std::atomic<int> next{0};
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < m_threads; ++t)
            workers.emplace_back([&] {
                for (int i = next++; i < count; i = next++)
                    task(i);
            });
        for (auto &w : workers)
            w.join();
    }

private:
    unsigned m_threads;
};

struct Case {
    const char *name;
    MatchPattern pattern;
    QStringList grepArgs;
};

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;

    LogStore store;
    const SourceId source = store.sources().addLocal(QStringLiteral("bench")).value();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lines.log"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        QByteArray buffer;
        for (quint64 n = 0; n < kLines; ++n) {
            const QByteArray line = makeLine(n);
            store.append(source, 0, line);
            buffer += line;
            buffer += '\n';
            if (buffer.size() > (1 << 20)) {
                file.write(buffer);
                buffer.clear();
            }
        }
        file.write(buffer);
    }
    const LogSnapshot snapshot = store.snapshot();
    const QString grep = QStandardPaths::findExecutable(QStringLiteral("grep"));
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());

    const QList<Case> cases = {
        {"regex 'ERROR.*timeout after [0-9]+ms'",
         MatchPattern{QStringLiteral("ERROR.*timeout after [0-9]+ms"), true, true},
         {QStringLiteral("-E"), QStringLiteral("ERROR.*timeout after [0-9]+ms")}},
        {"regex 'status=5[0-9]{2} dur=[0-9]{3}ms'",
         MatchPattern{QStringLiteral("status=5[0-9]{2} dur=[0-9]{3}ms"), true, true},
         {QStringLiteral("-E"), QStringLiteral("status=5[0-9]{2} dur=[0-9]{3}ms")}},
        {"regex case-insensitive 'attestation (failed|error)'",
         MatchPattern{QStringLiteral("attestation (failed|error)"), true, false},
         {QStringLiteral("-E"), QStringLiteral("-i"), QStringLiteral("attestation (failed|error)")}},
        {"plain text 'items/4242'",
         MatchPattern{QStringLiteral("items/4242"), false, true},
         {QStringLiteral("-F"), QStringLiteral("items/4242")}},
    };
    std::printf("filter over %llu lines (%.0f MB), %u hardware threads\n", static_cast<unsigned long long>(kLines),
                double(QFile(path).size()) / 1e6, threads);
    bool ok = true;
    for (const Case &c : cases) {
        LogFilterSpec spec;
        spec.include = {c.pattern};
        const LogFilter filter = LogFilter::compile(spec).value();
        std::vector<double> sequential;
        std::vector<double> parallel;
        qsizetype matches = 0;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer t;
            t.start();
            const FilterResult result = filter.evaluate(snapshot, snapshot.firstLine(), snapshot.endLine());
            sequential.push_back(double(t.nsecsElapsed()) / 1e6);
            t.restart();
            const FilterResult p =
                filter.evaluate(snapshot, snapshot.firstLine(), snapshot.endLine(), ThreadPoolFor(threads));
            parallel.push_back(double(t.nsecsElapsed()) / 1e6);
            matches = result.size();
            if (!(p == result)) {
                std::fprintf(stderr, "parallel result differs\n");
                return 1;
            }
        }
        std::vector<double> grepMs;
        qsizetype grepMatches = -1;
        if (!grep.isEmpty()) {
            for (int r = 0; r < std::min(runs, 3); ++r) {
                QProcess p;
                QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
                env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
                p.setProcessEnvironment(env);
                QElapsedTimer t;
                t.start();
                p.start(grep, QStringList{QStringLiteral("-c")} + c.grepArgs + QStringList{path});
                p.waitForFinished(120000);
                grepMs.push_back(double(t.nsecsElapsed()) / 1e6);
                grepMatches = p.readAllStandardOutput().trimmed().toLongLong();
            }
        }
        const double best = std::min(median(sequential), median(parallel));
        std::printf("%s: %lld matching lines\n", c.name, static_cast<long long>(matches));
        std::printf(
            "  ours: one thread median %.1f ms, %u threads median %.1f ms   grep %s-c: median %.1f ms (%lld lines)\n",
            median(sequential), threads, median(parallel),
            qPrintable(c.grepArgs.mid(0, c.grepArgs.size() - 1).join(QLatin1Char(' ')) + QLatin1Char(' ')),
            median(grepMs), static_cast<long long>(grepMatches));
        if (grepMatches >= 0 && grepMatches != matches) {
            std::fprintf(stderr, "  match counts differ from grep\n");
            ok = false;
        }
        if (best >= 200.0)
            ok = false;
    }
    std::printf("target < 200 ms for each: %s\n", ok ? "met" : "MISSED");
    return ok ? 0 : 1;
}
