// SPDX-License-Identifier: Apache-2.0
// The small engine parts of a local run: PortWaiter (opened once a port accepts connections,
// timedOut when nobody listens, nothing after stop()), runHostProbe() (stdout of a program that
// exits with 0 through the process runner; an error with its stderr otherwise, and when it runs
// too long) and the run-folder lock (held by one run at a time; stale folders removed, others kept).
#include "localrun/hostprobe.h"
#include "localrun/portwaiter.h"
#include "localrun/runfolder.h"
#include "localrun/runfolderlock.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine::localrun;

namespace {
const QString kApp = QStringLiteral(WORKBENCH_PROCESS_TEST_APP);
}

class TestLocalRunEngineParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void portWaiterSeesAListeningPort()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        PortWaiter w(QStringLiteral("127.0.0.1"), server.serverPort(), 20000, 10);
        QSignalSpy opened(&w, &PortWaiter::opened);
        QSignalSpy timedOut(&w, &PortWaiter::timedOut);
        w.start();
        QVERIFY(opened.wait(20000));
        QCOMPARE(timedOut.count(), 0);
        QVERIFY(w.isDone());
    }

    void portWaiterWaitsForALaterListener()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        PortWaiter w(QStringLiteral("127.0.0.1"), port, 20000, 10);
        QSignalSpy opened(&w, &PortWaiter::opened);
        w.start();
        QTest::qWait(100);  // a few refused attempts
        QCOMPARE(opened.count(), 0);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        QVERIFY(opened.wait(20000));
    }

    void portWaiterTimesOutAndStops()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        PortWaiter w(QStringLiteral("127.0.0.1"), port, 200, 10);
        QSignalSpy opened(&w, &PortWaiter::opened);
        QSignalSpy timedOut(&w, &PortWaiter::timedOut);
        w.start();
        QVERIFY(timedOut.wait(20000));
        QCOMPARE(opened.count(), 0);

        PortWaiter stopped(QStringLiteral("127.0.0.1"), port, 200, 10);
        QSignalSpy stoppedSignals(&stopped, &PortWaiter::timedOut);
        stopped.start();
        stopped.stop();
        QTest::qWait(400);
        QCOMPARE(stoppedSignals.count(), 0);
    }

    void hostProbeReturnsStdout()
    {
        const Result<QByteArray> r =
            runHostProbe(kApp, {QStringLiteral("argv"), QStringLiteral("a b"), QStringLiteral("c")});
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r.value(), QByteArray("a b\nc\n"));
    }

    void hostProbeFailures()
    {
        Result<QByteArray> r = runHostProbe(kApp, {QStringLiteral("exit"), QStringLiteral("3")});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("localrun.probe"));
        QVERIFY2(r.error().message.contains(QStringLiteral("exited with code 3")), qPrintable(r.error().message));
        QVERIFY(r.error().context.outputTail.contains(QStringLiteral("err line")));

        r = runHostProbe(kApp, {QStringLiteral("ignoreterm")}, 200);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("did not finish")), qPrintable(r.error().message));

        r = runHostProbe(QStringLiteral("/nonexistent/python3"), {});
        QVERIFY(!r.ok());
    }

    void runFolderLockIsExclusive()
    {
        QTemporaryDir dir;
        Result<models::localrun::RunFolder> folder = models::localrun::RunFolder::create(dir.path());
        QVERIFY(folder.ok());
        Result<RunFolderLock> first = RunFolderLock::acquire(folder->root());
        QVERIFY(first.ok());
        QCOMPARE(QFileInfo(folder->root() + QStringLiteral("/.lock")).permissions() & 0x0077,
                 QFileDevice::Permissions());
        QVERIFY(!RunFolderLock::acquire(folder->root()).ok());
        QVERIFY(removeStaleRunFolders(dir.path()).isEmpty());  // held: not stale
        QVERIFY(QFileInfo::exists(folder->root()));
        first->release();
        QCOMPARE(removeStaleRunFolders(dir.path()), QStringList{folder->root()});
        QVERIFY(!QFileInfo::exists(folder->root()));
    }

    void staleRemovalSparesOtherFolders()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("run-not-a-run-folder")));
        QVERIFY(test::writeFile(dir.filePath(QStringLiteral("run-not-a-run-folder/.lock")), {}));
        Result<models::localrun::RunFolder> kept = models::localrun::RunFolder::create(dir.path());
        QVERIFY(kept.ok());
        QVERIFY(test::writeFile(kept->root() + QStringLiteral("/.lock"), {}));
        QVERIFY(markRunFolderKept(kept->root()).ok());
        QVERIFY(removeStaleRunFolders(dir.path()).isEmpty());
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("run-not-a-run-folder"))));  // no marker
        QVERIFY(QFileInfo::exists(kept->root()));
    }
};

QTEST_GUILESS_MAIN(TestLocalRunEngineParts)
#include "tst_localrun_engineparts.moc"
