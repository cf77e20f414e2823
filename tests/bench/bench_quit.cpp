// SPDX-License-Identifier: Apache-2.0
// Quit benchmark: wall time from the window being closed (as File > Quit does; the program
// prints "closing" just before) to the end of the process, median and max of N runs, for
//   - the example project, closed once start-up work is over (idle), and
//   - a generated 300-service project, closed while validation, the policy render and the
//     certificate preview are still at work (busy),
// each with the full teardown (SCONE_WORKBENCH_FULL_TEARDOWN=1: destroy the window, wait for
// the workers, as before the fix) and as shipped (the process ends once the close is done).
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace workbench;

namespace {

/// The example with its redis service copied @p services times (each its own session).
bool makeBigProject(const QString &dir, int services)
{
    if (!test::copyTree(test::exampleDir(), dir))
        return false;
    const QByteArray redis = test::readFile(QDir(dir).filePath(QStringLiteral("redis/service.yaml")));
    QByteArray mesh = test::readFile(QDir(dir).filePath(QStringLiteral("mesh.yaml")));
    const qsizetype at = mesh.indexOf("\nservices:\n");
    if (redis.isEmpty() || at < 0)
        return false;
    mesh.truncate(at + 11);
    for (int i = 0; i < services; ++i) {
        const QByteArray name = "svc" + QByteArray::number(i);
        QByteArray text = redis;
        text.replace("name: redis\n  kind: sconify_image", QByteArray("name: " + name + "\n  kind: sconify_image"));
        text.replace("secure-doc-management-redis", QByteArray("sdm-" + name));
        if (!QDir(dir).mkpath(QString::fromLatin1(name)) ||
            !test::writeFile(QDir(dir).filePath(QString::fromLatin1(name + "/service.yaml")), text))
            return false;
        mesh += "  - name: " + name + "\n    image: $APP_IMAGE_REPO/sdm-" + name + ":1\n";
    }
    QDir(QDir(dir).filePath(QStringLiteral("redis"))).removeRecursively();
    QDir(QDir(dir).filePath(QStringLiteral("flask-api"))).removeRecursively();
    return test::writeFile(QDir(dir).filePath(QStringLiteral("mesh.yaml")), mesh);
}

struct Figures {
    double median = 0;
    double max = 0;
};

Figures measure(const QString &project, int closeAfterMs, bool fullTeardown, int runs)
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen")));
    if (fullTeardown)
        env.insert(QStringLiteral("SCONE_WORKBENCH_FULL_TEARDOWN"), QStringLiteral("1"));
    QList<double> ms;
    for (int i = 0; i < runs; ++i) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(WORKBENCH_CLI_PATH),
                {QStringLiteral("--close-after"), QString::number(closeAfterMs), project});
        if (!p.waitForStarted(30000))
            return {};
        while (!p.canReadLine())
            if (!p.waitForReadyRead(60000))
                return {};
        QElapsedTimer t;
        t.start();
        const QByteArray line = p.readLine().trimmed();
        if (line != "closing" || !p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning() << "run failed:" << line << p.readAllStandardError();
            return {};
        }
        ms << t.nsecsElapsed() / 1e6;
    }
    std::sort(ms.begin(), ms.end());
    return {ms.at(ms.size() / 2), ms.last()};
}

}  // namespace

class BenchQuit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void closeToProcessEnd()
    {
        const int runs =
            qEnvironmentVariableIntValue("BENCH_RUNS") > 0 ? qEnvironmentVariableIntValue("BENCH_RUNS") : 5;
        QTemporaryDir dir;
        const QString example = dir.filePath(QStringLiteral("example"));
        const QString big = dir.filePath(QStringLiteral("big"));
        QVERIFY(test::copyTree(test::exampleDir(), example));
        QVERIFY(makeBigProject(big, 300));
        struct Case {
            const char *name;
            QString project;
            int closeAfterMs;
        };
        for (const Case &c : {Case{"example, idle (closed after 2.5 s)", example, 2500},
                              Case{"300 services, busy (closed after 1.5 s)", big, 1500}}) {
            const Figures before = measure(c.project, c.closeAfterMs, true, runs);
            const Figures after = measure(c.project, c.closeAfterMs, false, runs);
            QVERIFY(before.max > 0 && after.max > 0);
            qInfo().noquote() << QStringLiteral(
                                     "close -> process end, %1, %2 runs: full teardown median %3 ms (max %4); "
                                     "as shipped median %5 ms (max %6)")
                                     .arg(QLatin1String(c.name))
                                     .arg(runs)
                                     .arg(before.median, 0, 'f', 0)
                                     .arg(before.max, 0, 'f', 0)
                                     .arg(after.median, 0, 'f', 0)
                                     .arg(after.max, 0, 'f', 0);
        }
    }
};

QTEST_GUILESS_MAIN(BenchQuit)
#include "bench_quit.moc"
