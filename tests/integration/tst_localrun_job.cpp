// SPDX-License-Identifier: Apache-2.0
// engine::localrun::LocalRunJob on hand-made plans whose services are the process test app's
// `listen` personality, each in a real bubblewrap sandbox: start order and port waits, log
// lines per service, injection files at their absolute paths, secret variables in the service's
// environment and nowhere on a command line, a service that fails to start (the run fails with
// its last lines), a port that never opens, stop and restart of one service, cancel and
// destruction of the job. After each: no process of the run left (/proc), the run folder gone
// (or kept when asked), nothing created outside it.
#include "jobs/jobrunner.h"
#include "localrun/hostsystem.h"
#include "localrun/localrunjob.h"
#include "localrun/runfolderlock.h"
#include "localrun/sandbox.h"
#include "proctree.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::localrun;
using namespace workbench::engine::localrun;
using workbench::engine::jobs::JobState;

namespace {

const QString kApp = QStringLiteral(WORKBENCH_PROCESS_TEST_APP);

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

/// A service that runs `processtestapp listen ADDRESS PORT [PATHS...]` in its sandbox.
LocalService listener(const QString &name, const QString &address, int port, const QStringList &printPaths = {})
{
    LocalService s;
    s.name = name;
    s.session = QStringLiteral("ns/") + name;
    s.kind = QStringLiteral("sconify_image");
    s.runtime = RuntimeKind::Native;
    s.argv = QStringList{kApp, QStringLiteral("listen"), address, QString::number(port)} + printPaths;
    s.command = s.argv.join(QLatin1Char(' '));
    s.pwd = QStringLiteral("/");
    s.program.program = kApp;
    s.program.extraReadOnlyPaths = {QFileInfo(kApp).absolutePath()};
    s.address = address;
    s.hostNames = {name};
    s.ports = {port};
    s.files << LocalFile{QStringLiteral("/etc/hosts"),
                         QByteArray("127.0.0.1 localhost\n") + address.toUtf8() + ' ' + name.toUtf8() + '\n',
                         false,
                         {}};
    return s;
}

void waitFor(LocalService &s, const LocalService &target)
{
    s.waitFor << PortWait{target.name, target.name, target.address, target.ports.first(), QStringLiteral("test")};
    s.dependsOn << target.name;
}

LocalRunPlan planOf(const QList<LocalService> &services)
{
    LocalRunPlan p;
    p.release = QStringLiteral("t");
    p.policyNamespace = QStringLiteral("ns");
    p.services = services;
    return p;
}

QStringList rootEntries()
{
    return QDir(QStringLiteral("/")).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

/// The log's lines as "SERVICE|text" ("|text" for the run's own lines), in order.
QStringList logLines(const LocalRunJob &job)
{
    QStringList out;
    for (qint64 n = job.log().firstLine(); n < job.log().endLine(); ++n) {
        const auto l = job.log().line(n);
        out << job.serviceOfSource(l->source) + QLatin1Char('|') + l->text;
    }
    return out;
}

qsizetype indexOfLine(const QStringList &lines, const QString &prefix)
{
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (lines.at(i).startsWith(prefix))
            return i;
    return -1;
}

/// bwrap's pid of every running service, its supervisor and everything below it.
QList<pid_t> runPids(const LocalRunJob &job)
{
    QList<pid_t> out;
    for (const ServiceStatus &s : job.statuses())
        if (s.pid > 0) {
            out << pid_t(s.pid) << test::descendantsOf(pid_t(s.pid));
            if (const pid_t supervisor = test::parentOf(pid_t(s.pid)); supervisor > 1 && supervisor != ::getpid())
                out << supervisor;
        }
    return out;
}

QByteArray environOf(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/environ").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray cmdlineOf(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestLocalRunJob : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_bwrap;
    int m_run = 0;

    LocalRunSettings settings()
    {
        LocalRunSettings s;
        s.runsDir = m_tmp.filePath(QStringLiteral("runs%1").arg(++m_run));
        s.bwrap = m_bwrap;
        s.portPollIntervalMs = 20;
        s.portWaitTimeoutMs = 20000;
        s.terminateGraceMs = 2000;
        return s;
    }

    /// Everything of a finished run is gone: no process names its folder, the folder is removed
    /// and its parent is empty.
    void verifyNothingLeft(const LocalRunJob &job, const QList<pid_t> &pids)
    {
        const QList<pid_t> alive = test::waitUntilGone(pids, 10000);
        QVERIFY2(alive.isEmpty(), qPrintable(QStringLiteral("%1 processes still run").arg(alive.size())));
        QVERIFY(!job.runFolder().isEmpty());
        QVERIFY(test::processesMentioning(job.runFolder().toUtf8()).isEmpty());
        QVERIFY(job.runFolderRemoved());
        QVERIFY(!QFileInfo::exists(job.runFolder()));
        QCOMPARE(QDir(job.settings().runsDir)
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
                 QStringList());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const Result<QString> bwrap = findBwrap(HostSystem::local());
        if (!bwrap.ok()) {
            if (qEnvironmentVariableIntValue("WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS") == 1)
                QFAIL(qPrintable(bwrap.error().toString()));
            QSKIP(qPrintable(bwrap.error().toString()));
        }
        m_bwrap = bwrap.value();
        QVERIFY(QFileInfo(kApp).isExecutable());
        const QStringList root = rootEntries();
        QVERIFY2(!root.contains(QStringLiteral("tls")),
                 "the machine must not have /tls for this test to prove anything");
    }

    void startsInOrderAndCancelStopsEverything()
    {
        const QStringList rootBefore = rootEntries();
        const int pa = freePort(), pb = freePort();
        QVERIFY(pa && pb && pa != pb);
        LocalService a = listener(
            QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), pa,
            {QStringLiteral("/tls/alpha.crt"), QStringLiteral("/etc/hosts"), QStringLiteral("/tls/missing.key")});
        a.files << LocalFile{QStringLiteral("/tls/alpha.crt"), "ALPHA CERTIFICATE\nsecond line\n", true, {}};
        // A word of the command that holds placeholder material (listen prints it as a path).
        const QString secretArgument = QStringLiteral("/secret/argument-from-a-placeholder");
        a.argv << secretArgument;
        a.secretArguments << int(a.argv.size() - 1);
        LocalService b = listener(QStringLiteral("beta"), QStringLiteral("127.0.0.3"), pb);
        waitFor(b, a);
        const QString secret = QStringLiteral("s3cr3t-value-of-the-session");
        b.environment << qMakePair(QStringLiteral("TOKEN"), secret)
                      << qMakePair(QStringLiteral("PLAIN"), QStringLiteral("visible"));
        b.secretVariables << QStringLiteral("TOKEN");

        engine::jobs::JobRunner runner;
        auto *job = runner.submit(std::make_unique<LocalRunJob>(planOf({a, b}), settings()));
        QSignalSpy up(job, &LocalRunJob::up);
        QSignalSpy finished(job, &LocalRunJob::finished);
        QVERIFY2(up.wait(20000) || job->isUp(), qPrintable(logLines(*job).join(QLatin1Char('\n'))));
        QCOMPARE(job->state(), JobState::Running);
        QCOMPARE(job->status(QStringLiteral("alpha")).state, ServiceState::Running);
        QCOMPARE(job->status(QStringLiteral("beta")).state, ServiceState::Running);

        // beta waited for alpha's port before it started. (Its own port wait and alpha's are two
        // pollers of the same port: which of "alpha|listening on" and "beta|started" is logged
        // first is not fixed, so only beta's order is asserted, and that alpha's port opened.)
        QStringList lines = logLines(*job);
        const qsizetype alphaOpen = indexOfLine(lines, QStringLiteral("alpha|listening on 127.0.0.2:%1").arg(pa));
        const qsizetype betaWaits = indexOfLine(lines, QStringLiteral("beta|waiting for alpha"));
        const qsizetype betaStarted = indexOfLine(lines, QStringLiteral("beta|started (bwrap pid"));
        QVERIFY2(alphaOpen >= 0 && betaWaits >= 0 && betaStarted > betaWaits,
                 qPrintable(lines.join(QLatin1Char('\n'))));
        // The service's own output carries its source; the injection file is at its absolute
        // path inside the sandbox, /etc/hosts is the run's, a file that was not injected is not there.
        QTRY_VERIFY2_WITH_TIMEOUT(logLines(*job).contains(QStringLiteral("beta|listening 127.0.0.3:%1").arg(pb)),
                                  qPrintable(logLines(*job).join(QLatin1Char('\n'))), 5000);
        lines = logLines(*job);
        QVERIFY(lines.contains(QStringLiteral("alpha|/tls/alpha.crt: ALPHA CERTIFICATE")));
        QVERIFY(lines.contains(QStringLiteral("alpha|/etc/hosts: 127.0.0.1 localhost")));
        QVERIFY(lines.contains(QStringLiteral("alpha|/tls/missing.key: <missing>")));
        QVERIFY(lines.contains(QStringLiteral("alpha|listening 127.0.0.2:%1").arg(pa)));
        // The secret argument reached the program and is *** in its output and in the run's lines.
        QVERIFY(lines.contains(QStringLiteral("alpha|***: <missing>")));
        QVERIFY(!lines.join(QLatin1Char('\n')).contains(secretArgument));
        QVERIFY(lines.filter(QStringLiteral("alpha|started (bwrap pid")).value(0).endsWith(QStringLiteral(" ***")));
        QCOMPARE(job->sourceOf(QStringLiteral("alpha")), std::uint16_t(1));
        QCOMPARE(job->serviceOfSource(2), QStringLiteral("beta"));
        QVERIFY(job->lastLines(QStringLiteral("alpha")).contains(QStringLiteral("/tls/alpha.crt: ALPHA CERTIFICATE")));

        // The secret reaches beta's process environment and is on no command line.
        const QList<pid_t> pids = runPids(*job);
        QVERIFY2(pids.size() >= 8,
                 qPrintable(QString::number(pids.size())));  // per service: supervisor, bwrap, init, app
        bool secretInEnvironment = false;
        for (pid_t pid : pids) {
            QVERIFY(!cmdlineOf(pid).contains(secret.toUtf8()));
            if (environOf(pid).split('\0').contains("TOKEN=" + secret.toUtf8()) &&
                cmdlineOf(pid).startsWith(kApp.toUtf8()))
                secretInEnvironment = true;
        }
        QVERIFY(secretInEnvironment);

        // Owner-only run folder; nothing outside it.
        const QString root = job->runFolder();
        QVERIFY(root.startsWith(job->settings().runsDir + QLatin1Char('/')));
        QCOMPARE(QFileInfo(root).permissions() & 0x0077, QFileDevice::Permissions());
        QCOMPARE(test::readFile(root + QStringLiteral("/alpha/files/tls/alpha.crt")),
                 QByteArray("ALPHA CERTIFICATE\nsecond line\n"));
        QCOMPARE(QFileInfo(root + QStringLiteral("/alpha/files/tls/alpha.crt")).permissions() & 0x0077,
                 QFileDevice::Permissions());
        QCOMPARE(rootEntries(), rootBefore);

        job->cancel();
        QVERIFY(finished.wait(15000) || job->isFinished());
        QCOMPARE(job->state(), JobState::Cancelled);
        QCOMPARE(job->status(QStringLiteral("alpha")).state, ServiceState::Stopped);
        QCOMPARE(job->status(QStringLiteral("beta")).state, ServiceState::Stopped);
        verifyNothingLeft(*job, pids);
        QCOMPARE(rootEntries(), rootBefore);
    }

    void serviceThatFailsToStartFailsTheRun()
    {
        const int pa = freePort();
        LocalService a = listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), pa);
        LocalService b = listener(QStringLiteral("beta"), QStringLiteral("127.0.0.3"), freePort());
        b.argv = QStringList{kApp, QStringLiteral("exit"), QStringLiteral("3")};
        waitFor(b, a);
        engine::jobs::JobRunner runner;
        auto *job = runner.submit(std::make_unique<LocalRunJob>(planOf({a, b}), settings()));
        QSignalSpy finished(job, &LocalRunJob::finished);
        QList<pid_t> pids;
        connect(job, &LocalRunJob::serviceStateChanged, this,
                [&](const QString &, ServiceState) { pids += runPids(*job); });
        QVERIFY(finished.wait(20000) || job->isFinished());
        QCOMPARE(job->state(), JobState::Failed);
        QVERIFY(job->error());
        const Error e = *job->error();
        QCOMPARE(e.code, QStringLiteral("localrun.start"));
        QVERIFY2(e.message.contains(QStringLiteral("beta failed to start: exited with code 3")), qPrintable(e.message));
        QCOMPARE(e.context.step, QStringLiteral("beta"));
        QCOMPARE(e.context.exitCode, std::optional<int>(3));
        QVERIFY2(e.context.outputTail.contains(QStringLiteral("err line")), qPrintable(e.context.outputTail));
        QVERIFY(e.context.outputTail.contains(QStringLiteral("out")));
        QCOMPARE(job->status(QStringLiteral("beta")).state, ServiceState::Failed);
        QCOMPARE(job->status(QStringLiteral("alpha")).state, ServiceState::Stopped);
        QVERIFY(!pids.isEmpty());
        verifyNothingLeft(*job, pids);
    }

    void portThatNeverOpensFailsTheRun()
    {
        LocalService a = listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort());
        LocalService b = listener(QStringLiteral("beta"), QStringLiteral("127.0.0.3"), freePort());
        b.waitFor << PortWait{QStringLiteral("alpha"), QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort(),
                              QStringLiteral("test")};
        LocalRunSettings s = settings();
        s.portWaitTimeoutMs = 500;
        engine::jobs::JobRunner runner;
        auto *job = runner.submit(std::make_unique<LocalRunJob>(planOf({a, b}), s));
        QSignalSpy finished(job, &LocalRunJob::finished);
        QList<pid_t> pids;
        connect(job, &LocalRunJob::serviceStateChanged, this,
                [&](const QString &, ServiceState) { pids += runPids(*job); });
        QVERIFY(finished.wait(20000) || job->isFinished());
        QCOMPARE(job->state(), JobState::Failed);
        QVERIFY2(job->error()->message.contains(QStringLiteral("beta failed to start")) &&
                     job->error()->message.contains(QStringLiteral("did not open")),
                 qPrintable(job->error()->message));
        QCOMPARE(job->status(QStringLiteral("beta")).starts, 0);  // never started
        QCOMPARE(job->status(QStringLiteral("alpha")).state, ServiceState::Stopped);
        verifyNothingLeft(*job, pids);
    }

    void stopAndRestartOneService()
    {
        LocalService a = listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort());
        LocalService b = listener(QStringLiteral("beta"), QStringLiteral("127.0.0.3"), freePort());
        engine::jobs::JobRunner runner;
        auto *job = runner.submit(std::make_unique<LocalRunJob>(planOf({a, b}), settings()));
        QSignalSpy up(job, &LocalRunJob::up);
        QVERIFY2(up.wait(20000) || job->isUp(), qPrintable(logLines(*job).join(QLatin1Char('\n'))));
        const qint64 firstPid = job->status(QStringLiteral("alpha")).pid;
        QList<pid_t> alphaPids = {pid_t(firstPid)};
        alphaPids += test::descendantsOf(pid_t(firstPid));
        QVERIFY(alphaPids.size() >= 3);

        job->stopService(QStringLiteral("alpha"));
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("alpha")).state, ServiceState::Stopped, 10000);
        QVERIFY(test::waitUntilGone(alphaPids, 10000).isEmpty());
        QCOMPARE(job->state(), JobState::Running);  // the run goes on
        QCOMPARE(job->status(QStringLiteral("beta")).state, ServiceState::Running);

        job->restartService(QStringLiteral("alpha"));
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("alpha")).state, ServiceState::Running, 10000);
        QCOMPARE(job->status(QStringLiteral("alpha")).starts, 2);
        QVERIFY(job->status(QStringLiteral("alpha")).pid != firstPid);
        QVERIFY(test::processAlive(job->status(QStringLiteral("alpha")).pid));

        // A restart of a running service stops it first.
        const qint64 secondPid = job->status(QStringLiteral("alpha")).pid;
        job->restartService(QStringLiteral("alpha"));
        QTRY_VERIFY_WITH_TIMEOUT(job->status(QStringLiteral("alpha")).starts == 3 &&
                                     job->status(QStringLiteral("alpha")).state == ServiceState::Running,
                                 10000);
        QVERIFY(test::waitUntilGone({pid_t(secondPid)}, 10000).isEmpty());

        const QList<pid_t> pids = runPids(*job);
        QSignalSpy finished(job, &LocalRunJob::finished);
        job->cancel();
        QVERIFY(finished.wait(15000) || job->isFinished());
        QCOMPARE(job->state(), JobState::Cancelled);
        verifyNothingLeft(*job, pids);
    }

    void destroyedJobStopsEverything()
    {
        LocalService a = listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort());
        const LocalRunSettings s = settings();
        auto job = std::make_unique<LocalRunJob>(planOf({a}), s);
        QSignalSpy up(job.get(), &LocalRunJob::up);
        job->start();
        QVERIFY(up.wait(20000) || job->isUp());
        const QList<pid_t> pids = runPids(*job);
        const QString root = job->runFolder();
        QVERIFY(QFileInfo::exists(root));
        job.reset();
        QVERIFY(test::waitUntilGone(pids, 10000).isEmpty());
        QVERIFY(test::processesMentioning(root.toUtf8()).isEmpty());
        QVERIFY(!QFileInfo::exists(root));
    }

    void laterRunRemovesTheFolderOfARunThatDidNotEnd()
    {
        const LocalRunSettings s = settings();
        engine::jobs::JobRunner runner;
        auto *live = runner.submit(std::make_unique<LocalRunJob>(
            planOf({listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort())}), s));
        QSignalSpy liveUp(live, &LocalRunJob::up);
        QVERIFY(liveUp.wait(20000) || live->isUp());

        // A run that did not end (its workbench was killed): folder and lock file, nobody holds the lock.
        Result<RunFolder> stale = RunFolder::create(s.runsDir);
        QVERIFY(stale.ok());
        QVERIFY(test::writeFile(stale->root() + QStringLiteral("/.lock"), {}));
        QVERIFY(test::writeFile(stale->root() + QStringLiteral("/alpha.key"), "KEY"));
        // One the user kept, and one without a lock (not made by a LocalRunJob): both stay.
        Result<RunFolder> kept = RunFolder::create(s.runsDir);
        QVERIFY(kept.ok());
        QVERIFY(test::writeFile(kept->root() + QStringLiteral("/.lock"), {}));
        QVERIFY(markRunFolderKept(kept->root()).ok());
        Result<RunFolder> foreign = RunFolder::create(s.runsDir);
        QVERIFY(foreign.ok());

        auto *next = runner.submit(std::make_unique<LocalRunJob>(
            planOf({listener(QStringLiteral("beta"), QStringLiteral("127.0.0.3"), freePort())}), s));
        QSignalSpy nextUp(next, &LocalRunJob::up);
        QVERIFY(nextUp.wait(20000) || next->isUp());
        QVERIFY(!QFileInfo::exists(stale->root()));
        QVERIFY(logLines(*next).contains(
            QStringLiteral("|Removed the run folder of an earlier run that did not end: ") + stale->root()));
        QVERIFY(QFileInfo::exists(live->runFolder()));  // locked by the live run
        QVERIFY(QFileInfo::exists(kept->root()));
        QVERIFY(QFileInfo::exists(foreign->root()));

        const QList<pid_t> pids = runPids(*live) + runPids(*next);
        live->cancel();
        next->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(live->isFinished() && next->isFinished(), 15000);
        QVERIFY(test::waitUntilGone(pids, 10000).isEmpty());
        QVERIFY(!QFileInfo::exists(live->runFolder()));
        QVERIFY(!QFileInfo::exists(next->runFolder()));
        QVERIFY(kept->remove().ok());
        QVERIFY(foreign->remove().ok());
    }

    void keptRunFolderStays()
    {
        LocalService a = listener(QStringLiteral("alpha"), QStringLiteral("127.0.0.2"), freePort());
        a.files << LocalFile{QStringLiteral("/tls/alpha.key"), "KEY", true, {}};
        LocalRunSettings s = settings();
        s.keepRunFolder = true;
        engine::jobs::JobRunner runner;
        auto *job = runner.submit(std::make_unique<LocalRunJob>(planOf({a}), s));
        QSignalSpy up(job, &LocalRunJob::up);
        QVERIFY(up.wait(20000) || job->isUp());
        const QList<pid_t> pids = runPids(*job);
        QSignalSpy finished(job, &LocalRunJob::finished);
        job->cancel();
        QVERIFY(finished.wait(15000) || job->isFinished());
        QVERIFY(test::waitUntilGone(pids, 10000).isEmpty());
        QVERIFY(!job->runFolderRemoved());
        const QString key = job->runFolder() + QStringLiteral("/alpha/files/tls/alpha.key");
        QCOMPARE(test::readFile(key), QByteArray("KEY"));
        QCOMPARE(QFileInfo(key).permissions() & 0x0077, QFileDevice::Permissions());
        QVERIFY(RunFolder(job->runFolder()).remove().ok());
    }
};

QTEST_GUILESS_MAIN(TestLocalRunJob)
#include "tst_localrun_job.moc"
