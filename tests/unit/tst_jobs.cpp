// SPDX-License-Identifier: Apache-2.0
// engine/jobs Job and ConcurrentJob: states, signals on the owner thread, cooperative cancel in
// every state, typed results, worker reports, destructor behaviour.
#include "jobs/concurrentjob.h"
#include "testjobs.h"

#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::jobs;
using workbench::test::ManualJob;

class TestJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lifecycleAndSignalOrder()
    {
        ManualJob job(QStringLiteral("build"));
        QStringList events;
        connect(&job, &Job::started, this, [&] { events << QStringLiteral("started"); });
        connect(&job, &Job::stateChanged, this, [&](JobState s) { events << jobStateName(s); });
        connect(&job, &Job::progressChanged, this,
                [&](const JobProgress &p) { events << QString::number(p.fraction); });
        connect(&job, &Job::outputAppended, this,
                [&](qint64 first, qint64 n) { events << QStringLiteral("out %1+%2").arg(first).arg(n); });
        connect(&job, &Job::finished, this, [&] { events << QStringLiteral("finished"); });
        QCOMPARE(job.state(), JobState::Queued);
        QVERIFY(job.id() > 0);
        job.start();
        QCOMPARE(job.runs, 1);
        QVERIFY(job.startedAt().isValid());
        job.emitProgress(0.5, QStringLiteral("half"));
        job.log(QStringLiteral("a line"));
        job.succeed();
        job.succeed();  // a second outcome is ignored
        job.start();    // and so is a second start
        QCOMPARE(job.runs, 1);
        QCOMPARE(job.state(), JobState::Succeeded);
        QVERIFY(!job.error());
        QCOMPARE(job.progress().fraction, 1.0);  // a finished job is complete
        QCOMPARE(events,
                 (QStringList{QStringLiteral("running"), QStringLiteral("started"), QStringLiteral("0.5"),
                              QStringLiteral("out 0+1"), QStringLiteral("succeeded"), QStringLiteral("finished")}));
        QVERIFY(job.finishedAt() >= job.startedAt());
    }

    void cancelWhileQueuedNeverRuns()
    {
        ManualJob job(QStringLiteral("queued"));
        QSignalSpy finished(&job, &Job::finished);
        job.cancel();
        QCOMPARE(job.state(), JobState::Cancelled);
        QVERIFY(job.error() && job.error()->isCancelled());
        QCOMPARE(finished.count(), 1);
        job.start();
        QCOMPARE(job.runs, 0);
    }

    void cancelWhileRunningIsCooperative()
    {
        ManualJob job(QStringLiteral("running"));
        job.start();
        QVERIFY(!job.token().isCancelled());
        job.cancel();
        QVERIFY(job.token().isCancelled());
        QCOMPARE(job.cancelRequests, 1);
        QCOMPARE(job.state(), JobState::Running);  // until the work has stopped
        QTRY_COMPARE(job.state(), JobState::Cancelled);
        job.cancel();  // after the end: nothing
        QCOMPARE(job.cancelRequests, 1);
    }

    void cancelAfterSuccessChangesNothing()
    {
        ManualJob job(QStringLiteral("done"));
        job.start();
        job.succeed();
        job.cancel();
        QCOMPARE(job.state(), JobState::Succeeded);
        QCOMPARE(job.cancelRequests, 0);
    }

    void failureKeepsTheErrorAndCancellationIsNotAFailure()
    {
        ManualJob a(QStringLiteral("a"));
        a.start();
        a.fail(makeError(QStringLiteral("x.y"), QStringLiteral("Broken.")));
        QCOMPARE(a.state(), JobState::Failed);
        QCOMPARE(a.error()->code, QStringLiteral("x.y"));
        ManualJob b(QStringLiteral("b"));
        b.start();
        b.fail(Error::cancelled());
        QCOMPARE(b.state(), JobState::Cancelled);
    }

    void cancelFromAnotherThreadIsDeliveredOnTheOwnerThread()
    {
        ManualJob job(QStringLiteral("x"));
        job.start();
        QThread *owner = QThread::currentThread();
        QThread *seen = nullptr;
        connect(&job, &Job::finished, this, [&] { seen = QThread::currentThread(); });
        std::thread other([&] { job.cancel(); });
        other.join();
        QVERIFY(job.token().isCancelled());  // at once, on any thread
        QTRY_COMPARE(job.state(), JobState::Cancelled);
        QCOMPARE(seen, owner);
    }

    void concurrentJobReturnsItsValueOnTheOwnerThread()
    {
        QThread *owner = QThread::currentThread();
        std::atomic<bool> ranElsewhere{false};
        ConcurrentJob<int> job(QStringLiteral("sum"), [&](const JobContext &ctx) -> Result<int> {
            ranElsewhere = QThread::currentThread() != owner;
            ctx.setProgress(0.25, QStringLiteral("adding"));
            ctx.log(QStringLiteral("from the worker"));
            return 42;
        });
        QList<QThread *> signalThreads;
        connect(&job, &Job::progressChanged, this, [&] { signalThreads << QThread::currentThread(); });
        connect(&job, &Job::outputAppended, this, [&] { signalThreads << QThread::currentThread(); });
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QVERIFY(ranElsewhere);
        QCOMPARE(job.state(), JobState::Succeeded);
        QCOMPARE(*job.value(), 42);
        QCOMPARE(job.result().value(), 42);
        QCOMPARE(job.log().lineCount(), 1);
        QCOMPARE(job.log().line(0)->text, QStringLiteral("from the worker"));
        QVERIFY(!signalThreads.isEmpty());
        for (QThread *t : signalThreads)
            QCOMPARE(t, owner);
    }

    void concurrentJobErrorsAndExceptionsAreFailures_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::newRow("error") << 0 << QStringLiteral("test.error");
        QTest::newRow("exception") << 1 << QStringLiteral("job.exception");
    }
    void concurrentJobErrorsAndExceptionsAreFailures()
    {
        QFETCH(int, kind);
        QFETCH(QString, code);
        ConcurrentJob<QString> job(QStringLiteral("x"), [kind](const JobContext &) -> Result<QString> {
            if (kind == 1)
                throw std::runtime_error("boom");
            return makeError(QStringLiteral("test.error"), QStringLiteral("No."));
        });
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job.state(), JobState::Failed);
        QCOMPARE(job.error()->code, code);
        QVERIFY(!job.value());
        QCOMPARE(job.result().error().code, code);
    }

    void concurrentJobStopsAtItsNextCheckWhenCancelled()
    {
        std::atomic<bool> started{false};
        ConcurrentJob<int> job(QStringLiteral("loop"), [&](const JobContext &ctx) -> Result<int> {
            started = true;
            while (!ctx.isCancelled())
                QThread::msleep(1);
            return Error::cancelled();
        });
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QTRY_VERIFY(started.load());
        job.cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job.state(), JobState::Cancelled);
    }

    void abandonOnCancelEndsAtOnceAndDropsTheLateResult()
    {
        auto release = std::make_shared<std::atomic<bool>>(false);
        auto returned = std::make_shared<std::atomic<bool>>(false);
        auto running = std::make_shared<std::atomic<bool>>(false);
        auto *job = new ConcurrentJob<int>(QStringLiteral("lookup"),
                                           [release, returned, running](const JobContext &) -> Result<int> {
                                               *running = true;
                                               while (!*release)  // ignores the token, like a name lookup
                                                   QThread::msleep(1);
                                               *returned = true;
                                               return 7;
                                           });
        job->setAbandonOnCancel(true);
        QSignalSpy finished(job, &Job::finished);
        job->start();
        QTRY_VERIFY(running->load());
        job->cancel();
        QCOMPARE(job->state(), JobState::Cancelled);
        QCOMPARE(finished.count(), 1);
        *release = true;
        QTRY_VERIFY(returned->load());
        QTest::qWait(20);  // the late result, if it were delivered, would arrive now
        QCOMPARE(job->state(), JobState::Cancelled);
        QVERIFY(!job->value());
        QCOMPARE(finished.count(), 1);
        delete job;
    }

    void destructorCancelsAndWaitsForTheWorker()
    {
        auto stoppedCleanly = std::make_shared<std::atomic<bool>>(false);
        auto started = std::make_shared<std::atomic<bool>>(false);
        auto *job = new ConcurrentJob<int>(QStringLiteral("w"), [=](const JobContext &ctx) -> Result<int> {
            *started = true;
            while (!ctx.isCancelled())
                QThread::msleep(1);
            QThread::msleep(30);  // cleanup after noticing
            *stoppedCleanly = true;
            return Error::cancelled();
        });
        job->start();
        QTRY_VERIFY(started->load());
        delete job;
        QVERIFY(stoppedCleanly->load());  // the destructor waited for it
    }

    void workerReportsAfterTheJobIsGoneAreDropped()
    {
        auto go = std::make_shared<std::atomic<bool>>(false);
        auto done = std::make_shared<std::atomic<bool>>(false);
        auto running = std::make_shared<std::atomic<bool>>(false);
        auto *job = new ConcurrentJob<int>(QStringLiteral("late"), [=](const JobContext &ctx) -> Result<int> {
            *running = true;
            while (!*go)
                QThread::msleep(1);
            for (int i = 0; i < 1000; ++i) {
                ctx.setProgress(i / 1000.0);
                ctx.log(QStringLiteral("line"));
            }
            *done = true;
            return 1;
        });
        job->setAbandonOnCancel(true);
        job->setWaitOnDestroyMs(0);
        job->start();
        QTRY_VERIFY(running->load());
        delete job;  // abandoned
        *go = true;
        QTRY_VERIFY(done->load());
        QTest::qWait(20);  // posted reports for a deleted job must not crash anything
    }

    void progressFromTheWorkerIsCoalesced()
    {
        ConcurrentJob<int> job(QStringLiteral("many"), [](const JobContext &ctx) -> Result<int> {
            for (int i = 1; i <= 100000; ++i)
                ctx.setProgress(i / 100000.0, QStringLiteral("step"));
            return 0;
        });
        int updates = 0;
        connect(&job, &Job::progressChanged, this, [&] { ++updates; });
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QVERIFY2(updates < 100000, qPrintable(QString::number(updates)));
        QCOMPARE(job.progress().fraction, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
