// SPDX-License-Identifier: Apache-2.0
// `scone-workbench logs` (the real executable) against the loopback test Kubernetes API server:
// usage errors (exit 2), configuration and first-request errors (exit 1 with the API server's
// message), every pod and container of a release merged as `POD CONTAINER | TEXT` (each stream's
// lines complete and in order, other releases left out), --tail / --since / --timestamps /
// --grep / -c, --kubeconfig and --context, colours on a terminal only, and -f: a pod added, a
// container restarted and a stream cut in the middle of a line while following, with the exact
// sequence of every stream asserted (nothing lost, nothing twice), reconnect markers on stderr,
// and SIGINT / SIGTERM ending it with exit 0 and every line written.
#include "kubeops.h"
#include "kubetestserver.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace workbench;

namespace {

const QString kNs = QStringLiteral("shop");

QJsonObject op(const char *name, QJsonObject fields = {})
{
    return test::kubeops::op(name, kNs, std::move(fields));
}

QJsonObject addPod(const QString &name, const QStringList &containers, const QString &release,
                   const QStringList &initContainers = {})
{
    return op("addPod", {{QStringLiteral("name"), name},
                         {QStringLiteral("containers"), QJsonArray::fromStringList(containers)},
                         {QStringLiteral("initContainers"), QJsonArray::fromStringList(initContainers)},
                         {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/instance"), release},
                                                                {QStringLiteral("app.kubernetes.io/name"),
                                                                 name.section(QLatin1Char('-'), 0, 0)}}}});
}

QJsonObject appendLogs(const QString &pod, const QString &container, const QStringList &lines,
                       const QJsonArray &timestamps = {})
{
    return test::kubeops::appendLogs(kNs, pod, container, lines, timestamps);
}

/// stdout split by stream: "POD CONTAINER" -> its texts in order. Lines not in the format are
/// collected under "".
QMap<QString, QStringList> byStream(const QByteArray &out)
{
    QMap<QString, QStringList> m;
    for (const QByteArray &raw : out.split('\n')) {
        if (raw.isEmpty())
            continue;
        const QString line = QString::fromUtf8(raw);
        const qsizetype bar = line.indexOf(QStringLiteral(" | "));
        if (bar < 0) {
            m[QString()] << line;
            continue;
        }
        m[line.left(bar)] << line.mid(bar + 3);
    }
    return m;
}

}  // namespace

class TestLogsCli : public QObject
{
    Q_OBJECT

private:
    test::KubeTestServer m_server;
    QTemporaryDir m_home;
    QString m_kubeconfig;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("KUBECONFIG"), m_kubeconfig);
        env.remove(QStringLiteral("NO_COLOR"));
        return env;
    }

    test::CliResult logs(const QStringList &args, int timeoutMs = 60000)
    {
        return test::runCli(QStringList{QStringLiteral("logs")} + args, timeoutMs, environment());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_kubeconfig = m_home.filePath(QStringLiteral("config"));
        QVERIFY(m_server.writeKubeconfig(m_kubeconfig, test::KubeTestServer::Auth::Token, kNs));
        QVERIFY(m_server.run(op("addNamespace", {{QStringLiteral("name"), kNs}})));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no pods chosen") << QStringList{} << QStringLiteral("--release NAME or -l SELECTOR");
        QTest::newRow("both") << QStringList{QStringLiteral("--release"), QStringLiteral("a"), QStringLiteral("-l"),
                                             QStringLiteral("x=y")}
                              << QStringLiteral("not both");
        QTest::newRow("bad since") << QStringList{QStringLiteral("--release=a"), QStringLiteral("--since"),
                                                  QStringLiteral("10 minutes")}
                                   << QStringLiteral("is no duration");
        QTest::newRow("bad tail") << QStringList{QStringLiteral("--release=a"), QStringLiteral("--tail"),
                                                 QStringLiteral("many")}
                                  << QStringLiteral("is no number");
        QTest::newRow("bad regex") << QStringList{QStringLiteral("--release=a"), QStringLiteral("--grep"),
                                                  QStringLiteral("(unclosed")}
                                   << QStringLiteral("--grep");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--release=a"), QStringLiteral("--colour")}
                                        << QStringLiteral("unknown option '--colour'");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--release")} << QStringLiteral("needs a NAME");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const test::CliResult r = logs(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void configurationError()
    {
        const test::CliResult r = logs({QStringLiteral("--release"), QStringLiteral("shop"),
                                        QStringLiteral("--context"), QStringLiteral("nowhere")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nowhere"), r.err.constData());
    }

    void firstRequestFailsWithTheServersMessage()
    {
        QVERIFY(m_server.run(op("forbid", {{QStringLiteral("user"), QStringLiteral("token-tester")},
                                           {QStringLiteral("verb"), QStringLiteral("list")},
                                           {QStringLiteral("resource"), QStringLiteral("pods")},
                                           {QStringLiteral("namespace"), QStringLiteral("locked")}})));
        for (const QString &follow : {QString(), QStringLiteral("-f")}) {
            QStringList args{QStringLiteral("-n"), QStringLiteral("locked"), QStringLiteral("--release"),
                             QStringLiteral("shop")};
            if (!follow.isEmpty())
                args << follow;
            const test::CliResult r = logs(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("pods is forbidden: User \\\"token-tester\\\" cannot list resource \\\"pods\\\"") ||
                         r.err.contains("pods is forbidden: User \"token-tester\" cannot list resource \"pods\""),
                     r.err.constData());
        }
    }

    void mergesEveryPodAndContainer()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("api-0"), {QStringLiteral("api"), QStringLiteral("sidecar")},
                                    QStringLiteral("shop"), {QStringLiteral("setup")})));
        QVERIFY(m_server.run(addPod(QStringLiteral("db-0"), {QStringLiteral("db")}, QStringLiteral("shop"))));
        QVERIFY(m_server.run(addPod(QStringLiteral("other-0"), {QStringLiteral("x")}, QStringLiteral("elsewhere"))));
        QVERIFY(
            m_server.run(appendLogs(QStringLiteral("api-0"), QStringLiteral("setup"), {QStringLiteral("init done")})));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("api-0"), QStringLiteral("api"),
                                        test::kubeops::numbered(QStringLiteral("api "), 0, 500))));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("api-0"), QStringLiteral("sidecar"),
                                        test::kubeops::numbered(QStringLiteral("side "), 0, 300))));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("db-0"), QStringLiteral("db"),
                                        {QStringLiteral("ready"), QStringLiteral("ünïcödé ✓"), QString()})));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("other-0"), QStringLiteral("x"), {QStringLiteral("not mine")})));

        const test::CliResult r = logs({QStringLiteral("--release"), QStringLiteral("shop")});
        QCOMPARE(r.exitCode, 0);
        const auto streams = byStream(r.out);
        QCOMPARE(streams.keys(), (QStringList{QStringLiteral("api-0 api"), QStringLiteral("api-0 setup"),
                                              QStringLiteral("api-0 sidecar"), QStringLiteral("db-0 db")}));
        QCOMPARE(streams.value(QStringLiteral("api-0 api")), test::kubeops::numbered(QStringLiteral("api "), 0, 500));
        QCOMPARE(streams.value(QStringLiteral("api-0 sidecar")),
                 test::kubeops::numbered(QStringLiteral("side "), 0, 300));
        QCOMPARE(streams.value(QStringLiteral("api-0 setup")), QStringList{QStringLiteral("init done")});
        QCOMPARE(streams.value(QStringLiteral("db-0 db")),
                 (QStringList{QStringLiteral("ready"), QStringLiteral("ünïcödé ✓"), QString()}));
        QVERIFY(!r.out.contains("\x1b["));  // not a terminal: no colours

        // -l with any selector, -c one container.
        const test::CliResult one = logs({QStringLiteral("-l"), QStringLiteral("app.kubernetes.io/name in (api,db)"),
                                          QStringLiteral("-c"), QStringLiteral("sidecar")});
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(byStream(one.out).keys(), QStringList{QStringLiteral("api-0 sidecar")});
    }

    void options()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("opt-0"), {QStringLiteral("c")}, QStringLiteral("opts"))));
        const qint64 old = QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch() * 1'000'000;
        QVERIFY(m_server.run(appendLogs(
            QStringLiteral("opt-0"), QStringLiteral("c"), {QStringLiteral("old one"), QStringLiteral("old two")},
            QJsonArray{QString::number(old + 120'000'000), QString::number(old + 1'000'000'000)})));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("opt-0"), QStringLiteral("c"),
                                        {QStringLiteral("new ERROR one"), QStringLiteral("new two")})));

        const QStringList base{QStringLiteral("--release"), QStringLiteral("opts")};
        auto texts = [](const test::CliResult &r) { return byStream(r.out).value(QStringLiteral("opt-0 c")); };

        test::CliResult r = logs(base + QStringList{QStringLiteral("--tail"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(texts(r), QStringList{QStringLiteral("new two")});

        r = logs(base + QStringList{QStringLiteral("--since"), QStringLiteral("1h")});
        QCOMPARE(texts(r), (QStringList{QStringLiteral("new ERROR one"), QStringLiteral("new two")}));

        r = logs(base + QStringList{QStringLiteral("--grep"), QStringLiteral("^(old t|new E)")});
        QCOMPARE(texts(r), (QStringList{QStringLiteral("old two"), QStringLiteral("new ERROR one")}));

        r = logs(base + QStringList{QStringLiteral("--timestamps"), QStringLiteral("--tail=4")});
        const QStringList stamped = texts(r);
        QCOMPARE(stamped.size(), 4);
        QCOMPARE(stamped.at(0), QStringLiteral("2020-01-02T03:04:05.12Z old one"));  // Go's RFC3339Nano
        QCOMPARE(stamped.at(1), QStringLiteral("2020-01-02T03:04:06Z old two"));
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z new two$"))
                     .match(stamped.at(3))
                     .hasMatch(),
                 qPrintable(stamped.at(3)));

        // No pods: a note on stderr, exit 0 (as kubectl's "No resources found").
        r = logs({QStringLiteral("--release"), QStringLiteral("nothing-here")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("no pods match app.kubernetes.io/instance=nothing-here"), r.err.constData());
    }

    void explicitKubeconfigAndContext()
    {
        // KUBECONFIG points at a file without a usable context; --kubeconfig and --context win.
        const QString other = m_home.filePath(QStringLiteral("other-config"));
        QVERIFY(m_server.writeKubeconfig(other, test::KubeTestServer::Auth::ClientCertificate, kNs));
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("KUBECONFIG"), m_home.filePath(QStringLiteral("missing")));
        const test::CliResult r =
            test::runCli({QStringLiteral("logs"), QStringLiteral("--kubeconfig"), other, QStringLiteral("--context"),
                          QStringLiteral("test"), QStringLiteral("--release"), QStringLiteral("shop"),
                          QStringLiteral("-c"), QStringLiteral("db")},
                         60000, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(byStream(r.out).keys(), QStringList{QStringLiteral("db-0 db")});
        const test::CliResult missing =
            test::runCli({QStringLiteral("logs"), QStringLiteral("--kubeconfig"),
                          m_home.filePath(QStringLiteral("nope")), QStringLiteral("--release"), QStringLiteral("shop")},
                         60000, env);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("nope"), missing.err.constData());
    }

    void coloursOnATerminalOnly()
    {
        const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
        if (script.isEmpty())
            QSKIP("util-linux script (a pseudo-terminal for the command) is not installed");
        auto onTerminal = [&](const QStringList &extra) {
            QString command = QStringLiteral(WORKBENCH_CLI_PATH) + QStringLiteral(" logs --release shop -c db");
            for (const QString &e : extra)
                command += QLatin1Char(' ') + e;
            QProcess p;
            p.setProcessEnvironment(environment());
            p.start(script, {QStringLiteral("-q"), QStringLiteral("-e"), QStringLiteral("-c"), command,
                             QStringLiteral("/dev/null")});
            p.waitForFinished(60000);
            return p.readAllStandardOutput();
        };
        const QByteArray coloured = onTerminal({});
        QVERIFY2(coloured.contains("\x1b[") && coloured.contains("db-0 db\x1b[0m | ready"), coloured.constData());
        const QByteArray plain = onTerminal({QStringLiteral("--no-color")});
        QVERIFY2(!plain.contains("\x1b[") && plain.contains("db-0 db | ready"), plain.constData());
    }

    void followPicksUpPodsRestartsAndCutsExactly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }
    void followPicksUpPodsRestartsAndCutsExactly()
    {
        QFETCH(int, signal);
        const QString release = QStringLiteral("live%1").arg(signal);
        const QString web = QStringLiteral("web-%1").arg(signal);
        const QString worker = QStringLiteral("worker-%1").arg(signal);
        QVERIFY(m_server.run(addPod(web, {QStringLiteral("app"), QStringLiteral("proxy")}, release)));
        QVERIFY(
            m_server.run(appendLogs(web, QStringLiteral("app"), test::kubeops::numbered(QStringLiteral("a"), 0, 50))));
        QVERIFY(m_server.run(
            appendLogs(web, QStringLiteral("proxy"), test::kubeops::numbered(QStringLiteral("p"), 0, 10))));

        QProcess p;
        p.setProcessEnvironment(environment());
        QByteArray out;
        QByteArray err;
        connect(&p, &QProcess::readyReadStandardOutput, &p, [&] { out += p.readAllStandardOutput(); });
        connect(&p, &QProcess::readyReadStandardError, &p, [&] { err += p.readAllStandardError(); });
        p.start(QStringLiteral(WORKBENCH_CLI_PATH),
                {QStringLiteral("logs"), QStringLiteral("--release"), release, QStringLiteral("-f")});
        QVERIFY(p.waitForStarted(10000));
        const auto killer = qScopeGuard([&p] {
            if (p.state() != QProcess::NotRunning) {
                p.kill();
                p.waitForFinished(5000);
            }
        });
        const QString appKey = web + QStringLiteral(" app");
        const QString proxyKey = web + QStringLiteral(" proxy");
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(appKey).size(), 50, 20000);

        // Lines while following, some sharing one timestamp (and text) across the cut: the
        // resumed stream (sinceTime cut to whole seconds) replays them and they must not show twice.
        const qint64 t = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
        QJsonArray same;
        for (int i = 0; i < 4; ++i)
            same.append(QString::number(t + 5'000'000'000LL));
        QVERIFY(m_server.run(appendLogs(
            web, QStringLiteral("app"),
            {QStringLiteral("dup"), QStringLiteral("dup"), QStringLiteral("x"), QStringLiteral("dup")}, same)));
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(appKey).size(), 54, 20000);
        const QJsonObject cut =
            m_server.control(op("cutLogStreams", {{QStringLiteral("name"), web},
                                                  {QStringLiteral("container"), QStringLiteral("app")},
                                                  {QStringLiteral("midLine"), true}}));
        QCOMPARE(cut.value(QStringLiteral("cut")).toInt(), 1);
        QJsonArray later;
        for (int i = 0; i < 3; ++i)
            later.append(QString::number(t + 5'000'000'000LL + 1000 * (i + 1)));
        QVERIFY(m_server.run(appendLogs(
            web, QStringLiteral("app"),
            {QStringLiteral("after cut 0"), QStringLiteral("after cut 1"), QStringLiteral("after cut 2")}, later)));
        QTRY_VERIFY_WITH_TIMEOUT(err.contains("reconnected"), 20000);

        // A new pod of the release, then a restart of the proxy container.
        QVERIFY(m_server.run(addPod(worker, {QStringLiteral("w")}, release)));
        QVERIFY(
            m_server.run(appendLogs(worker, QStringLiteral("w"), test::kubeops::numbered(QStringLiteral("w"), 0, 20))));
        QVERIFY(m_server.run(
            appendLogs(web, QStringLiteral("proxy"), test::kubeops::numbered(QStringLiteral("p"), 10, 5))));
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(proxyKey).size(), 15, 20000);
        QVERIFY(m_server.run(op("restartContainer", {{QStringLiteral("name"), web},
                                                     {QStringLiteral("container"), QStringLiteral("proxy")},
                                                     {QStringLiteral("exitCode"), 137}})));
        QVERIFY(m_server.run(
            appendLogs(web, QStringLiteral("proxy"), test::kubeops::numbered(QStringLiteral("second p"), 0, 5))));
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(proxyKey).size(), 20, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(worker + QStringLiteral(" w")).size(), 20, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(byStream(out).value(appKey).size(), 57, 20000);

        ::kill(pid_t(p.processId()), signal);
        QVERIFY(p.waitForFinished(20000));
        out += p.readAllStandardOutput();
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);

        const auto streams = byStream(out);
        QStringList app = test::kubeops::numbered(QStringLiteral("a"), 0, 50);
        app << QStringLiteral("dup") << QStringLiteral("dup") << QStringLiteral("x") << QStringLiteral("dup")
            << QStringLiteral("after cut 0") << QStringLiteral("after cut 1") << QStringLiteral("after cut 2");
        QCOMPARE(streams.value(appKey), app);
        QCOMPARE(streams.value(proxyKey), test::kubeops::numbered(QStringLiteral("p"), 0, 15) +
                                              test::kubeops::numbered(QStringLiteral("second p"), 0, 5));
        QCOMPARE(streams.value(worker + QStringLiteral(" w")), test::kubeops::numbered(QStringLiteral("w"), 0, 20));
        QVERIFY2(!streams.contains(QString()), out.constData());

        // Markers on stderr, one line each, naming pod and container.
        const QString e = QString::fromUtf8(err);
        QVERIFY2(e.contains(QRegularExpression(QStringLiteral("(^|\\n)%1 app: reconnected[^\\n]*\\n").arg(web))),
                 err.constData());
        QVERIFY2(e.contains(QRegularExpression(QStringLiteral("(^|\\n)%1 proxy: container restarted").arg(web))),
                 err.constData());
    }
};

QTEST_GUILESS_MAIN(TestLogsCli)
#include "tst_logs_cli.moc"
