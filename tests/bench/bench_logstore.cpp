// SPDX-License-Identifier: Apache-2.0
// Log store: ingest across 50 sources (goal >= 1M lines/s) and memory for 2M lines of 100
// bytes (goal <= 1.3 x the raw bytes, measured as the process's resident memory growth).
//   ./build/dev/tests/bench_logstore [runs]     (default 5 ingest runs)
#include "logs/logstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <vector>

using namespace workbench::models::logs;

namespace {

constexpr int kSources = 50;
constexpr quint64 kLines = 2'000'000;

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

quint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toULongLong() * 1024;
    return 0;
}

// Realistic lines of about 100 bytes: mostly INFO, some WARN/ERROR, JSON, SCONE runtime lines.
std::vector<QByteArray> linePool()
{
    std::vector<QByteArray> pool;
    for (int i = 0; i < 4096; ++i) {
        QByteArray l;
        switch (i % 40) {
        case 7:
            l = "2024-05-01T12:00:00.123Z WARN  [worker-3] slow response from upstream id=" +
                QByteArray::number(i * 7919);
            break;
        case 13:
            l = "2024-05-01T12:00:00.456Z ERROR [worker-5] request failed: timeout after 3000ms id=" +
                QByteArray::number(i);
            break;
        case 21:
            l = R"({"level":"info","ts":"2024-05-01T12:00:00Z","msg":"cache refreshed","entries":)" +
                QByteArray::number(i) + "}";
            break;
        case 33:
            l = "Note: Connecting to CAS at cas.scone (port 18765) using service ID shop/api/python3";
            break;
        default:
            l = "2024-05-01T12:00:00.789Z INFO  [worker-" + QByteArray::number(i % 8) + "] GET /api/v1/items/" +
                QByteArray::number(i * 31) + " status=200 bytes=" + QByteArray::number(i * 13 % 9000) + " dur=12ms";
        }
        pool.push_back(l);
    }
    return pool;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 5;

    // Ingest: 2M realistic lines, round-robin over 50 sources (levels and SCONE events are
    // recognised on append).
    const std::vector<QByteArray> pool = linePool();
    quint64 poolBytes = 0;
    for (const QByteArray &l : pool)
        poolBytes += quint64(l.size());
    std::vector<double> rates;
    for (int r = 0; r < runs; ++r) {
        LogStore store;
        std::vector<SourceId> sources;
        for (int s = 0; s < kSources; ++s)
            sources.push_back(store.sources()
                                  .addContainer(QStringLiteral("shop"), QStringLiteral("pod-%1").arg(s / 2),
                                                QStringLiteral("c%1").arg(s % 2))
                                  .value());
        QElapsedTimer t;
        t.start();
        for (quint64 n = 0; n < kLines; ++n)
            store.append(sources[n % kSources], LogTimestamp(n), pool[n % pool.size()]);
        const double s = double(t.nsecsElapsed()) / 1e9;
        rates.push_back(double(kLines) / s);
    }
    std::printf("ingest: %llu lines (avg %.0f bytes) across %d sources, level + SCONE recognition on append\n",
                static_cast<unsigned long long>(kLines), double(poolBytes) / double(pool.size()), kSources);
    std::printf("  median %.2f M lines/s over %d runs (min %.2f, max %.2f)\n", median(rates) / 1e6, runs,
                *std::min_element(rates.begin(), rates.end()) / 1e6,
                *std::max_element(rates.begin(), rates.end()) / 1e6);
    const bool ingestOk = median(rates) >= 1e6;
    std::printf("  target >= 1M lines/s: %s\n", ingestOk ? "met" : "MISSED");

    // Memory: 2M lines of exactly 100 bytes; growth of the resident set while they are added.
    malloc_trim(0);
    LogStore store;
    const SourceId source = store.sources().addLocal(QStringLiteral("bench")).value();
    char line[100];
    for (int i = 0; i < 100; ++i)
        line[i] = char('a' + i % 26);
    const quint64 before = residentBytes();
    for (quint64 n = 0; n < kLines; ++n) {
        // A different line each time (the counter in the first bytes), always 100 bytes.
        quint64 v = n;
        for (int i = 0; i < 10; ++i, v /= 10)
            line[9 - i] = char('0' + v % 10);
        store.append(source, LogTimestamp(n), QByteArrayView(line, 100));
    }
    const quint64 after = residentBytes();
    const LogStoreStats stats = store.stats();
    const double raw = double(kLines) * 100.0;
    const double ratio = double(after - before) / raw;
    std::printf("memory: %llu lines of 100 bytes = %.1f MB raw\n", static_cast<unsigned long long>(kLines), raw / 1e6);
    std::printf("  resident set growth %.1f MB = %.3f x raw; store's own accounting %.1f MB = %.3f x raw\n",
                double(after - before) / 1e6, ratio, double(stats.memoryBytes) / 1e6, double(stats.memoryBytes) / raw);
    std::printf("  lines in memory %llu, spilled %llu\n", static_cast<unsigned long long>(stats.linesInMemory),
                static_cast<unsigned long long>(stats.linesSpilled));
    const bool memoryOk = ratio <= 1.3 && stats.linesInMemory == kLines;
    std::printf("  target <= 1.3 x raw: %s\n", memoryOk ? "met" : "MISSED");
    return ingestOk && memoryOk ? 0 : 1;
}
