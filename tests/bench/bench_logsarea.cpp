// SPDX-License-Identifier: Apache-2.0
// Issue 14's UI-thread benchmark: the longest stall of the UI thread while 100k lines/s stream
// into the open Logs area (goal < 30 ms). The area is shown (offscreen), connected to the loopback
// test API server, following 10 pods; the server is told every 20 ms to write 2,000 new lines of
// 100 bytes (200 per pod: 100k lines/s), without this process waiting for its replies. A 1 ms
// heartbeat timer on the UI thread records the gaps between its ticks: the longest gap minus
// the 1 ms period is the longest stall. Three scenarios, one after the other in one run:
// following; following with a regex filter kept current (LogFilterJob) and a search
// highlighted; the same with "Find next" pressed every 100 ms (LogSearchJob). For the longest
// stall it also prints how much of it the UI thread spent on the CPU and how long it waited for
// a CPU while runnable (/proc/thread-self/schedstat; the rest it was blocked or asleep), and the
// most CPU time the UI thread used between two ticks ("longest busy": the longest piece of work
// the area did at once). With --events it also lists, per scenario, the longest event
// deliveries on the UI thread, the events of the busiest interval and the paint time per widget.
//   QT_QPA_PLATFORM=offscreen ./build/dev/tests/bench_logsarea [--events] [seconds-per-scenario] [lines-per-second]
#include "kube/releaselogs.h"
#include "kubetestserver.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "session/projectsession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <tuple>
#include <vector>

using namespace workbench;

namespace {

const QString kNs = QStringLiteral("bench");
constexpr int kPods = 10;

QJsonObject op(const char *name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    fields.insert(QStringLiteral("namespace"), kNs);
    return fields;
}

qint64 threadCpuNanos()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// With --events: the application times every event it delivers on the UI thread (outermost
// deliveries only) and each scenario lists its longest ones: receiver class, object name and
// event type, so that a stall can be traced to the handler that caused it.
struct EventRecord {
    double ms = 0;
    double cpuMs = 0;
    QString what;
};

class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool recording = false;
    std::vector<EventRecord> longest;  // the 8 longest, longest first
    // The events delivered since the last heartbeat tick, and those of the busiest interval.
    struct Delivery {
        const char *className;
        const char *parentClass;
        int type;
        qint64 cpuNanos;
    };
    std::vector<Delivery> current, busiest;
    std::size_t busiestTick = 0;
    std::map<QString, std::tuple<int, double, double>> paints;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!recording || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        if (m_depth > 0) {
            if (event->type() != QEvent::Paint)
                return QApplication::notify(receiver, event);
            const char *cn = receiver->metaObject()->className();
            const QString nm = receiver->objectName();
            const char *pn = receiver->parent() ? receiver->parent()->metaObject()->className() : "";
            const qint64 pc0 = threadCpuNanos();
            const bool pr = QApplication::notify(receiver, event);
            auto &[n, total, mx] =
                paints[QString::fromLatin1(cn) + QLatin1Char('/') + nm + QLatin1Char('/') + QString::fromLatin1(pn)];
            const double ms = double(threadCpuNanos() - pc0) / 1e6;
            ++n;
            total += ms;
            mx = std::max(mx, ms);
            return pr;
        }
        ++m_depth;
        // Taken before delivery: the event may delete its receiver.
        const char *className = receiver->metaObject()->className();
        const char *parentClass = receiver->parent() ? receiver->parent()->metaObject()->className() : nullptr;
        const QString name = receiver->objectName();
        const int type = int(event->type());
        const qint64 cpu0 = threadCpuNanos();
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        --m_depth;
        current.push_back({className, parentClass, type, threadCpuNanos() - cpu0});
        if (longest.size() < 8 || ms > longest.back().ms) {
            const double cpuMs = double(threadCpuNanos() - cpu0) / 1e6;
            QString what = QString::fromLatin1(className);
            if (!name.isEmpty())
                what += QLatin1Char('(') + name + QLatin1Char(')');
            if (parentClass)
                what += QStringLiteral(" in ") + QString::fromLatin1(parentClass);
            what += QStringLiteral(" event %1").arg(type);
            longest.push_back({ms, cpuMs, what});
            std::sort(longest.begin(), longest.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
            if (longest.size() > 8)
                longest.pop_back();
        }
        return r;
    }

private:
    int m_depth = 0;
};

// How long the calling thread has waited for a CPU while runnable (the second figure of
// /proc/thread-self/schedstat), in ns; 0 where the kernel does not tell.
qint64 threadRunQueueWaitNanos()
{
    std::FILE *f = std::fopen("/proc/thread-self/schedstat", "r");
    if (!f)
        return 0;
    unsigned long long onCpu = 0, waiting = 0;
    const int n = std::fscanf(f, "%llu %llu", &onCpu, &waiting);
    std::fclose(f);
    return n == 2 ? qint64(waiting) : 0;
}

struct Outcome {
    double longestStallMs = 0;
    double longestStallCpuMs = 0;   // UI-thread CPU time within the longest stall
    double longestStallWaitMs = 0;  // time the UI thread waited for a CPU within it
    double longestBusyMs = 0;       // the most UI-thread CPU time between two ticks
    double p99StallMs = 0;
    double linesPerSecond = 0;
    quint64 storeLines = 0;
    qint64 filterShown = -1;
    int searches = 0;
    std::vector<EventRecord> longestEvents;
};

Outcome runScenario(TimingApplication &app, bool events, test::KubeTestServer &server, ui::LogsArea &area,
                    double seconds, int linesPerSecond, bool searching)
{
    const quint64 before = area.store()->endLine().get();
    const int perTick = std::max(1, linesPerSecond / 50 / kPods);  // every 20 ms, per pod
    QTimer driver;
    driver.setTimerType(Qt::PreciseTimer);
    driver.setInterval(20);
    QObject::connect(&driver, &QTimer::timeout, &driver, [&] {
        for (int p = 0; p < kPods; ++p)
            server.post(op("generateLogs", {{QStringLiteral("name"), QStringLiteral("pod-%1").arg(p)},
                                            {QStringLiteral("container"), QStringLiteral("app")},
                                            {QStringLiteral("count"), perTick},
                                            {QStringLiteral("lineBytes"), 100}}));
    });
    QTimer finder;
    finder.setInterval(100);
    Outcome o;
    QObject::connect(&finder, &QTimer::timeout, &finder, [&] {
        if (!area.isSearching()) {
            area.findNext();
            ++o.searches;
        }
    });
    std::vector<double> gaps;
    double longestCpu = 0;
    gaps.reserve(std::size_t(seconds * 1000) + 16);
    QElapsedTimer clock;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    qint64 last = 0;
    qint64 lastCpu = threadCpuNanos();
    qint64 lastWait = threadRunQueueWaitNanos();
    QObject::connect(&heartbeat, &QTimer::timeout, &heartbeat, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpu = threadCpuNanos();
        const qint64 wait = threadRunQueueWaitNanos();
        const double gap = double(now - last) / 1e6 - 1.0;
        const double busy = double(cpu - lastCpu) / 1e6;
        gaps.push_back(gap);
        if (gap >= o.longestStallMs) {
            o.longestStallMs = gap;
            o.longestStallCpuMs = busy;
            o.longestStallWaitMs = double(wait - lastWait) / 1e6;
        }
        if (busy > longestCpu) {
            app.busiest = app.current;
            app.busiestTick = gaps.size();
        }
        app.current.clear();
        longestCpu = std::max(longestCpu, busy);
        last = now;
        lastCpu = cpu;
        lastWait = wait;
    });
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    clock.start();
    heartbeat.start();
    driver.start();
    if (searching)
        finder.start();
    app.longest.clear();
    app.recording = events;
    loop.exec();
    app.recording = false;
    o.longestEvents = app.longest;
    {
        std::map<QString, std::pair<int, double>> parts;
        for (const auto &d : app.busiest) {
            auto &[n, ms] = parts[QString::fromLatin1(d.className) + QStringLiteral(" in ") +
                                  QString::fromLatin1(d.parentClass ? d.parentClass : "-") +
                                  QStringLiteral(" event %1").arg(d.type)];
            ++n;
            ms += double(d.cpuNanos) / 1e6;
        }
        std::printf("  the busiest interval's events (tick %zu, %zu events):\n", app.busiestTick, app.busiest.size());
        for (const auto &[k, v] : parts)
            std::printf("    %3d x %-70s CPU %6.2f ms\n", v.first, qPrintable(k), v.second);
        app.busiest.clear();
    }
    for (const auto &[k, v] : app.paints)
        std::printf("  paint %-50s n %5d total %7.1f ms max %5.1f ms\n", qPrintable(k), std::get<0>(v), std::get<1>(v),
                    std::get<2>(v));
    app.paints.clear();
    driver.stop();
    finder.stop();
    heartbeat.stop();
    const double elapsed = double(clock.nsecsElapsed()) / 1e9;
    std::sort(gaps.begin(), gaps.end());
    o.longestStallMs = std::max(0.0, o.longestStallMs);
    o.longestBusyMs = longestCpu;
    o.p99StallMs = gaps.empty() ? 0 : std::max(0.0, gaps[gaps.size() * 99 / 100]);
    o.storeLines = area.store()->endLine().get() - before;
    o.linesPerSecond = double(o.storeLines) / elapsed;
    if (area.filterResult())
        o.filterShown = area.filterResult()->size();
    return o;
}

void print(const char *name, const Outcome &o)
{
    std::printf("%-34s longest stall %6.1f ms (UI thread on the CPU %5.1f ms of it, waiting for a CPU %5.1f ms)  "
                "longest busy %5.1f ms  p99 %5.2f ms  ingested %8.0f lines/s  (%llu lines",
                name, o.longestStallMs, o.longestStallCpuMs, o.longestStallWaitMs, o.longestBusyMs, o.p99StallMs,
                o.linesPerSecond, static_cast<unsigned long long>(o.storeLines));
    if (o.filterShown >= 0)
        std::printf(", %lld shown by the filter", static_cast<long long>(o.filterShown));
    if (o.searches > 0)
        std::printf(", %d searches", o.searches);
    std::printf(")\n");
    for (const EventRecord &e : o.longestEvents)
        std::printf("    %6.1f ms (CPU %5.1f ms)  %s\n", e.ms, e.cpuMs, qPrintable(e.what));
}

}  // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const bool events = args.removeAll(QStringLiteral("--events")) > 0;
    const double seconds = !args.isEmpty() ? std::max(1.0, args.at(0).toDouble()) : 10.0;
    const int rate = args.size() > 1 ? std::max(1000, args.at(1).toInt()) : 100'000;

    QTemporaryDir dir;
    qputenv("HOME", dir.path().toUtf8());
    qunsetenv("KUBECONFIG");
    test::KubeTestServer server;
    if (!server.start()) {
        std::printf("kube-test-server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    const QString kubeconfig = dir.filePath(QStringLiteral("config"));
    if (!server.writeKubeconfig(kubeconfig, test::KubeTestServer::Auth::Token, kNs) ||
        !server.run(op("addNamespace", {{QStringLiteral("name"), kNs}})))
        return 1;
    for (int p = 0; p < kPods; ++p) {
        const QJsonObject labels{{QStringLiteral("app.kubernetes.io/instance"), QStringLiteral("stall")},
                                 {QStringLiteral("app.kubernetes.io/name"), QStringLiteral("svc%1").arg(p % 3)}};
        if (!server.run(op("addPod", {{QStringLiteral("name"), QStringLiteral("pod-%1").arg(p)},
                                      {QStringLiteral("containers"), QJsonArray{QStringLiteral("app")}},
                                      {QStringLiteral("labels"), labels}})))
            return 1;
    }

    QTemporaryDir recovery;
    engine::ProjectSession session(nullptr, recovery.path());  // the area's HTTP client is the session's
    ui::LogsArea area(&session);
    area.resize(1400, 800);
    area.show();
    ui::LogsArea::Connection c;
    c.kubeconfig = kubeconfig;
    c.release = QStringLiteral("stall");
    area.setConnection(c);
    area.connectToCluster();
    QElapsedTimer wait;
    wait.start();
    while (wait.elapsed() < 20000 && area.releaseLogs() && area.releaseLogs()->streams().size() < kPods)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    QTimer settle;
    settle.setSingleShot(true);
    settle.start(500);
    while (settle.isActive())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!area.isConnected() || area.releaseLogs()->streams().size() < kPods) {
        std::printf("not connected: %s\n", qPrintable(area.bannerText()));
        return 1;
    }
    std::printf("Logs area, 10 pods, %d lines/s of 100 bytes, %.0f s per scenario\n", rate, seconds);
    const Outcome follow = runScenario(app, events, server, area, seconds, rate, false);
    print("following", follow);
    area.setFilterText(QStringLiteral("line \\d*7 "), {}, true);
    (void)area.setSearchText(QStringLiteral("line 4242 "));
    const Outcome filtered = runScenario(app, events, server, area, seconds, rate, false);
    print("following + regex filter + search", filtered);
    const Outcome searching = runScenario(app, events, server, area, seconds, rate, true);
    print("... + find next every 100 ms", searching);
    std::printf("store: %llu lines in total\n", static_cast<unsigned long long>(area.store()->lineCount().get()));
    area.disconnectFromCluster();
    return 0;
}
