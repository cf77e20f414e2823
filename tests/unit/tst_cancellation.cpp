// SPDX-License-Identifier: Apache-2.0
// engine/core: cancellation token and source, the one "cancelled" error code, Error context.
#include "core/cancellationsource.h"
#include "core/cancellationtoken.h"
#include "core/errorcodes.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace workbench;
using namespace workbench::engine;

class TestCancellation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultTokenIsNeverCancelled()
    {
        CancellationToken t;
        QVERIFY(!t.isCancelled());
        QVERIFY(!t.canBeCancelled());
        int calls = 0;
        auto reg = t.onCancel([&] { ++calls; });
        QVERIFY(!reg.isRegistered());
        QVERIFY(t.check().ok());
    }

    void cancelReachesEveryCopyOnce()
    {
        CancellationSource source;
        CancellationToken a = source.token();
        CancellationToken b = a;  // copies share the state
        int calls = 0;
        auto reg = b.onCancel([&] { ++calls; });
        QVERIFY(!a.isCancelled());
        QVERIFY(source.cancel());
        QVERIFY(!source.cancel());  // only the first call cancels
        QVERIFY(a.isCancelled());
        QVERIFY(b.isCancelled());
        QCOMPARE(calls, 1);
        const Status s = a.check(QStringLiteral("Stopped."));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("cancelled"));
        QCOMPARE(s.error().message, QStringLiteral("Stopped."));
    }

    void callbackAfterCancelRunsAtOnce()
    {
        CancellationSource source;
        source.cancel();
        int calls = 0;
        auto reg = source.token().onCancel([&] { ++calls; });
        QCOMPARE(calls, 1);
    }

    void unregisteredCallbackIsNotCalled()
    {
        CancellationSource source;
        int calls = 0;
        {
            auto reg = source.token().onCancel([&] { ++calls; });
        }
        auto kept = source.token().onCancel([&] { calls += 10; });
        kept.reset();
        source.cancel();
        QCOMPARE(calls, 0);
    }

    void linkedSourceFollowsItsParentOnly()
    {
        CancellationSource parent;
        CancellationSource child(parent.token());
        CancellationSource other(parent.token());
        child.cancel();
        QVERIFY(child.isCancelled());
        QVERIFY(!parent.isCancelled());
        QVERIFY(!other.isCancelled());
        parent.cancel();
        QVERIFY(other.isCancelled());
    }

    void callbackRunsOnTheCancellingThread()
    {
        CancellationSource source;
        std::atomic<bool> onWorker{false};
        std::thread::id workerId;
        auto reg = source.token().onCancel([&] { onWorker = std::this_thread::get_id() == workerId; });
        std::thread worker([&] {
            workerId = std::this_thread::get_id();
            source.cancel();
        });
        worker.join();
        QVERIFY(onWorker);
    }

    void workerStopsAtItsNextCheck()
    {
        CancellationSource source;
        CancellationToken token = source.token();
        std::atomic<long> rounds{0};
        std::atomic<bool> sawCancel{false};
        std::thread worker([&] {
            while (!token.isCancelled())
                ++rounds;
            sawCancel = true;
        });
        while (rounds.load() == 0)
            std::this_thread::yield();
        source.cancel();
        worker.join();
        QVERIFY(sawCancel);
    }

    void oneCancelledCodeForEveryLayer_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("cancelled");
        QTest::newRow("engine") << Error::cancelledCode() << true;
        QTest::newRow("legacy certs") << QStringLiteral("certs.cancelled") << true;
        QTest::newRow("legacy tls") << QStringLiteral("tls.cancelled") << true;
        QTest::newRow("timeout") << QString(engine::errc::timeout) << false;
        QTest::newRow("exit") << QString(engine::errc::exitCode) << false;
        QTest::newRow("almost") << QStringLiteral("notcancelled") << false;
    }
    void oneCancelledCodeForEveryLayer()
    {
        QFETCH(QString, code);
        QFETCH(bool, cancelled);
        QCOMPARE(makeError(code, QStringLiteral("x")).isCancelled(), cancelled);
    }

    void errorContextAndCauseAreShown()
    {
        Error lower = makeError(QStringLiteral("net.tls"), QStringLiteral("The certificate is not trusted."));
        Error e = makeError(QStringLiteral("process.exit"), QStringLiteral("helm exited with code 1.")).causedBy(lower);
        e.context.step = QStringLiteral("deploy");
        e.context.exitCode = 1;
        e.context.outputTail = QStringLiteral("Error: boom");
        QVERIFY(!e.context.isEmpty());
        QCOMPARE(e.toString(), QStringLiteral("helm exited with code 1."));  // unchanged for old callers
        const QString d = e.toDetailedString();
        QVERIFY2(d.contains(QStringLiteral("step: deploy")), qPrintable(d));
        QVERIFY(d.contains(QStringLiteral("exit code: 1")));
        QVERIFY(d.contains(QStringLiteral("stderr:\nError: boom")));
        QVERIFY(d.contains(QStringLiteral("caused by: The certificate is not trusted.")));
        QVERIFY(Error().context.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCancellation)
#include "tst_cancellation.moc"
