// SPDX-License-Identifier: Apache-2.0
// The stand-in sconectl, helm and kubectl (tests/tools/standin_tool.cpp) that the Build & Deploy
// tests drive instead of the real tools: they record argv, working folder and environment, answer
// like the real tools (versions the doctor parses, sconectl's push digest, helm's release
// revisions, tool-typical errors), and have personalities (fail, slow, hang, ignore SIGTERM,
// with a child process) so cancellation can be checked through /proc.
#include "build/imagebuilder.h"
#include "build/sconectlinvocation.h"
#include "build/toolversion.h"
#include "standins.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

using namespace workbench;
using namespace workbench::models::build;

namespace {

struct Ran {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran runTool(const QString &tool, const QStringList &args, const QProcessEnvironment &env, const QString &cwd = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    p.start(test::standinBinDir() + QLatin1Char('/') + tool, args);
    Ran r;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QProcessEnvironment toProcessEnvironment(const Environment &env)
{
    QProcessEnvironment e;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    return e;
}

Environment toEnvironment(const QProcessEnvironment &env)
{
    Environment e;
    for (const QString &k : env.keys())
        e.insert(k, env.value(k));
    return e;
}

/// Waits (bounded) until @p pid is gone; true if it is.
bool waitGone(qint64 pid, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (test::processAlive(pid) && t.elapsed() < ms)
        QTest::qWait(20);
    return !test::processAlive(pid);
}

}  // namespace

class TestBuildStandins : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_record = m_dir->filePath(QStringLiteral("calls.jsonl"));
    }

    void versionsAsTheDoctorReadsThem()
    {
        const QProcessEnvironment env = test::standinEnvironment(m_record);
        for (const Tool tool : {Tool::Sconectl, Tool::Helm, Tool::Kubectl}) {
            const ToolInvocation inv = versionInvocation(tool, toEnvironment(env));
            const Ran r = runTool(inv.program, inv.arguments, env);
            QCOMPARE(r.exitCode, 0);
            const Result<QString> v = parseToolVersion(tool, r.out);
            QVERIFY2(v.ok(), r.out.constData());
            QCOMPARE(*v, tool == Tool::Sconectl ? QStringLiteral("6.0.0")
                         : tool == Tool::Helm   ? QStringLiteral("v3.14.4")
                                                : QStringLiteral("v1.30.2"));
        }
        QProcessEnvironment other = env;
        other.insert(QStringLiteral("STANDIN_VERSION"), QStringLiteral("v3.9.0"));
        QCOMPARE(
            *parseToolVersion(
                Tool::Helm,
                runTool(QStringLiteral("helm"), {QStringLiteral("version"), QStringLiteral("--short")}, other).out),
            QStringLiteral("v3.9.0"));
        const QList<test::StandinCall> calls = test::readStandinCalls(m_record);
        QCOMPARE(calls.size(), 4);
        QCOMPARE(calls.at(0).tool, QStringLiteral("sconectl"));
        QCOMPARE(calls.at(0).arguments(), QStringList{QStringLiteral("--help")});
    }

    void sconectlServiceBuildIsRecorded()
    {
        const QString serviceDir = m_dir->filePath(QStringLiteral("work/flask-api"));
        QVERIFY(test::writeFile(serviceDir + QStringLiteral("/service.yaml"),
                                "kind: genservice\nbuild:\n  name: flask-api\n  to: 127.0.0.1:5000/team/flask:1\n"));
        SconectlOptions o;
        o.version = QStringLiteral("5.8.0");
        o.sconectlRepo = QStringLiteral("registry.example/sconectl");
        QProcessEnvironment base = test::standinEnvironment(m_record);
        base.insert(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix:///run/podman/podman.sock"));
        const ToolInvocation inv =
            sconectlApplyService(serviceDir, QStringLiteral("service.yaml"), o, toEnvironment(base));
        const Ran r = runTool(inv.program, inv.arguments, toProcessEnvironment(inv.environment), inv.workingDirectory);
        QCOMPARE(r.exitCode, 0);
        // The push digest is printed the way docker push prints it.
        const Result<QString> digest = parseDockerPushDigest(r.out);
        QVERIFY2(digest.ok(), r.out.constData());

        const QList<test::StandinCall> calls = test::readStandinCalls(m_record);
        QCOMPARE(calls.size(), 1);
        const test::StandinCall &c = calls.first();
        QCOMPARE(c.tool, QStringLiteral("sconectl"));
        QCOMPARE(c.arguments(), inv.arguments);
        QCOMPARE(QDir(c.cwd).canonicalPath(), QDir(serviceDir).canonicalPath());
        QCOMPARE(c.env.value(QStringLiteral("SCONECTL_REPO")), QStringLiteral("registry.example/sconectl"));
        QCOMPARE(c.env.value(QStringLiteral("VERSION")), QStringLiteral("5.8.0"));
        QCOMPARE(c.env.value(QStringLiteral("DOCKER_HOST")), QStringLiteral("unix:///run/podman/podman.sock"));
        QCOMPARE(c.env.value(QStringLiteral("PWD")), serviceDir);
        QVERIFY(c.pid > 0);

        // --no-push: no digest.
        SconectlOptions noPush = o;
        noPush.noPush = true;
        const ToolInvocation inv2 =
            sconectlApplyService(serviceDir, QStringLiteral("service.yaml"), noPush, toEnvironment(base));
        const Ran r2 = runTool(inv2.program, inv2.arguments, toProcessEnvironment(inv2.environment), serviceDir);
        QCOMPARE(r2.exitCode, 0);
        QVERIFY(!parseDockerPushDigest(r2.out).ok());
    }

    void sconectlSeesOnlyItsFolder()
    {
        const QProcessEnvironment env = test::standinEnvironment(m_record);
        const Ran r = runTool(QStringLiteral("sconectl"),
                              {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("missing.yaml")}, env,
                              m_dir->path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("Execution failed!"));
    }

    void meshThenHelmRevisions()
    {
        const QString work = m_dir->filePath(QStringLiteral("work"));
        QVERIFY(test::writeFile(work + QStringLiteral("/mesh.yaml"), "apiVersion: scone/5.8\nkind: mesh\n"));
        const QProcessEnvironment env = test::standinEnvironment(m_record);
        const Ran mesh = runTool(QStringLiteral("sconectl"),
                                 {QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("mesh.yaml"),
                                  QStringLiteral("--release"), QStringLiteral("demo")},
                                 env, work);
        QCOMPARE(mesh.exitCode, 0);
        QVERIFY(test::readFile(work + QStringLiteral("/target/helm/Chart.yaml")).contains("name: demo"));

        const QStringList helmArgs{QStringLiteral("upgrade"),     QStringLiteral("--install"),
                                   QStringLiteral("demo"),        work + QStringLiteral("/target/helm"),
                                   QStringLiteral("--namespace"), QStringLiteral("apps")};
        Ran helm = runTool(QStringLiteral("helm"), helmArgs, env);
        QCOMPARE(helm.exitCode, 0);
        QVERIFY(helm.out.startsWith("Release \"demo\" does not exist. Installing it now.\n"));
        QVERIFY(helm.out.contains("NAMESPACE: apps\nSTATUS: deployed\nREVISION: 1\n"));
        helm = runTool(QStringLiteral("helm"), helmArgs, env);
        QVERIFY(helm.out.startsWith("Release \"demo\" has been upgraded. Happy Helming!\n"));
        QVERIFY(helm.out.contains("REVISION: 2\n"));
        // Another release starts at 1 again.
        QStringList other = helmArgs;
        other[2] = QStringLiteral("other");
        QVERIFY(runTool(QStringLiteral("helm"), other, env).out.contains("REVISION: 1\n"));
        // A chart folder without Chart.yaml is helm's "path not found".
        other[3] = m_dir->filePath(QStringLiteral("nowhere"));
        helm = runTool(QStringLiteral("helm"), other, env);
        QCOMPARE(helm.exitCode, 1);
        QVERIFY(helm.err.startsWith("Error: path "));
    }

    void kubectlAnswers()
    {
        QProcessEnvironment env = test::standinEnvironment(m_record);
        env.insert(QStringLiteral("STANDIN_KUBE_CONTEXT"), QStringLiteral("kind-dev"));
        QCOMPARE(
            runTool(QStringLiteral("kubectl"), {QStringLiteral("config"), QStringLiteral("current-context")}, env).out,
            QByteArray("kind-dev\n"));
        const Ran r = runTool(QStringLiteral("kubectl"), {QStringLiteral("version"), QStringLiteral("--client")}, env);
        QVERIFY(r.out.startsWith("Client Version: v1.30.2\n"));
    }

    void failures_data()
    {
        QTest::addColumn<QStringList>("settings");  // NAME=VALUE
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("stderrStart");
        QTest::newRow("helm typical") << QStringList{QStringLiteral("STANDIN_MODE=fail")} << QStringLiteral("helm")
                                      << QStringList{QStringLiteral("upgrade")} << 1
                                      << QByteArray("Error: INSTALLATION FAILED: Kubernetes cluster unreachable");
        QTest::newRow("kubectl typical") << QStringList{QStringLiteral("STANDIN_KUBECTL_MODE=fail")}
                                         << QStringLiteral("kubectl") << QStringList{QStringLiteral("get")} << 1
                                         << QByteArray("The connection to the server localhost:8080 was refused");
        QTest::newRow("own message and code")
            << QStringList{QStringLiteral("STANDIN_SCONECTL_MODE=fail"), QStringLiteral("STANDIN_EXIT=3"),
                           QStringLiteral("STANDIN_SCONECTL_MESSAGE=denied: push access")}
            << QStringLiteral("sconectl") << QStringList{QStringLiteral("apply")} << 3
            << QByteArray("denied: push access\n");
        QTest::newRow("scoped to a subcommand: apply fails")
            << QStringList{QStringLiteral("STANDIN_SCONECTL_APPLY_MODE=fail")} << QStringLiteral("sconectl")
            << QStringList{QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("x")} << 1
            << QByteArray("Execution failed!");
        QTest::newRow("scoped to a subcommand: help still works")
            << QStringList{QStringLiteral("STANDIN_SCONECTL_APPLY_MODE=fail")} << QStringLiteral("sconectl")
            << QStringList{QStringLiteral("--help")} << 0 << QByteArray();
        QTest::newRow("tool mode wins over the global one")
            << QStringList{QStringLiteral("STANDIN_MODE=fail"), QStringLiteral("STANDIN_HELM_MODE=success")}
            << QStringLiteral("helm") << QStringList{QStringLiteral("version")} << 0 << QByteArray();
        QTest::newRow("unknown mode") << QStringList{QStringLiteral("STANDIN_MODE=sideways")} << QStringLiteral("helm")
                                      << QStringList{QStringLiteral("version")} << 2
                                      << QByteArray("standin: unknown mode 'sideways'");
    }
    void failures()
    {
        QFETCH(QStringList, settings);
        QFETCH(QString, tool);
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, stderrStart);
        QProcessEnvironment env = test::standinEnvironment(m_record);
        for (const QString &s : settings)
            env.insert(s.section(QLatin1Char('='), 0, 0), s.section(QLatin1Char('='), 1));
        const Ran r = runTool(tool, args, env, m_dir->path());
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.startsWith(stderrStart), r.err.constData());
        // Every call is recorded, failing or not.
        QCOMPARE(test::readStandinCalls(m_record).size(), 1);
    }

    void slowPrintsProgress()
    {
        QProcessEnvironment env = test::standinEnvironment(m_record);
        env.insert(QStringLiteral("STANDIN_MODE"), QStringLiteral("slow"));
        env.insert(QStringLiteral("STANDIN_STEPS"), QStringLiteral("3"));
        env.insert(QStringLiteral("STANDIN_DELAY_MS"), QStringLiteral("10"));
        Ran r = runTool(QStringLiteral("helm"), {QStringLiteral("version"), QStringLiteral("--short")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("step 1/3\nstep 2/3\nstep 3/3\nv3.14.4"));
        r = runTool(QStringLiteral("sconectl"), {QStringLiteral("--help")}, env);
        QVERIFY(r.out.startsWith("\rBuilding step 1/3\rBuilding step 2/3\rBuilding step 3/3\nsconectl 6.0.0"));
    }

    void hangUntilKilled_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("child");
        QTest::newRow("hang") << QStringLiteral("hang") << false;
        QTest::newRow("hang with child") << QStringLiteral("hang") << true;
        QTest::newRow("ignore-term with child") << QStringLiteral("ignore-term") << true;
    }
    void hangUntilKilled()
    {
        QFETCH(QString, mode);
        QFETCH(bool, child);
        QProcessEnvironment env = test::standinEnvironment(m_record);
        env.insert(QStringLiteral("STANDIN_SCONECTL_MODE"), mode);
        if (child)
            env.insert(QStringLiteral("STANDIN_SPAWN_CHILD"), QStringLiteral("1"));
        QProcess p;
        p.setProcessEnvironment(env);
        // Its own process group, as the engine's process runner starts tools.
        p.setChildProcessModifier([] { ::setpgid(0, 0); });
        p.start(test::standinBinDir() + QStringLiteral("/sconectl"), {QStringLiteral("apply")});
        QVERIFY(p.waitForStarted());
        QVERIFY(p.waitForReadyRead(10000));
        QCOMPARE(p.readAllStandardOutput(), QByteArray("STANDIN sconectl waiting\n"));
        const QList<test::StandinCall> calls = test::readStandinCalls(m_record);
        QCOMPARE(calls.size(), 1);
        const qint64 pid = calls.first().pid;
        QCOMPARE(pid, p.processId());
        QCOMPARE(calls.first().pgid, pid);
        QCOMPARE(calls.first().childPid > 0, child);
        QVERIFY(test::processAlive(pid));
        if (child)
            QVERIFY(test::processAlive(calls.first().childPid));

        ::kill(-pid_t(pid), SIGTERM);
        if (mode == QLatin1String("ignore-term")) {
            // Still there after SIGTERM (a behaviour check: the tests of cancel rely on it).
            QVERIFY(!p.waitForFinished(300));
            QVERIFY(test::processAlive(pid));
            ::kill(-pid_t(pid), SIGKILL);
        }
        QVERIFY(p.waitForFinished(5000));
        QVERIFY(waitGone(pid));
        if (child)
            QVERIFY(waitGone(calls.first().childPid));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_record;
};

QTEST_GUILESS_MAIN(TestBuildStandins)
#include "tst_build_standins.moc"
