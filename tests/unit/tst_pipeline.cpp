// SPDX-License-Identifier: Apache-2.0
// engine/jobs PipelineJob: declared sequences and parallel groups, order, retry with backoff,
// per-step timeouts, cancel in every state, a failure naming its step, start from a step.
#include "core/errorcodes.h"
#include "jobs/pipelinejob.h"
#include "testjobs.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::jobs;
using workbench::test::ManualJob;
using workbench::test::TimedJob;
using namespace std::chrono_literals;

namespace {

/// Records which steps were created (and when) and hands out jobs the test controls.
struct Recorder {
    QStringList created;
    QList<qint64> createdAtMs;
    QElapsedTimer clock;
    QHash<QString, QPointer<ManualJob>> manual;
    Recorder() { clock.start(); }

    PipelineStep timed(const QString &name, int ms = 1, Status outcome = Ok{})
    {
        return step(name, [this, name, ms, outcome](PipelineContext &) {
            created << name;
            createdAtMs << clock.elapsed();
            return std::make_unique<TimedJob>(name, ms, outcome);
        });
    }
    PipelineStep manualStep(const QString &name, bool ignoreCancel = false)
    {
        return step(name, [this, name, ignoreCancel](PipelineContext &) {
            created << name;
            createdAtMs << clock.elapsed();
            auto job = std::make_unique<ManualJob>(name);
            job->ignoreCancel = ignoreCancel;
            manual[name] = job.get();
            return job;
        });
    }
    /// Fails the first @p failures tries, then succeeds.
    PipelineStep flaky(const QString &name, int failures)
    {
        auto count = std::make_shared<int>(0);
        return step(name, [this, name, failures, count](PipelineContext &) {
            created << name;
            createdAtMs << clock.elapsed();
            const bool fail = (*count)++ < failures;
            return std::make_unique<TimedJob>(
                name, 1,
                fail ? Status(makeError(QStringLiteral("net.connect"), QStringLiteral("Refused."))) : Status(Ok{}));
        });
    }
};

Error failure()
{
    return makeError(QStringLiteral("process.exit"), QStringLiteral("helm exited with code 1."));
}

bool runToEnd(PipelineJob &p, int timeoutMs = 10000)
{
    if (p.state() == JobState::Queued)
        p.start();
    QSignalSpy finished(&p, &Job::finished);
    return p.isFinished() || finished.wait(timeoutMs);
}

}  // namespace

class TestPipeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequenceRunsInDeclarationOrderAndPassesValues()
    {
        Recorder r;
        auto produce = r.timed(QStringLiteral("build")).onSucceeded([](Job &, PipelineContext &c) {
            c.values.insert(QStringLiteral("digest"), QStringLiteral("sha256:abc"));
        });
        QString seenDigest;
        auto consume = step(QStringLiteral("deploy"), [&](PipelineContext &c) {
            seenDigest = c.values.value(QStringLiteral("digest")).toString();
            r.created << QStringLiteral("deploy");
            return std::make_unique<TimedJob>(QStringLiteral("deploy"), 1);
        });
        PipelineJob p(QStringLiteral("ship"), sequence({produce, r.timed(QStringLiteral("push")), consume}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
        QCOMPARE(r.created, (QStringList{QStringLiteral("build"), QStringLiteral("push"), QStringLiteral("deploy")}));
        QCOMPARE(seenDigest, QStringLiteral("sha256:abc"));
        QCOMPARE(p.values().value(QStringLiteral("digest")).toString(), QStringLiteral("sha256:abc"));
        for (const StepRecord &s : p.steps()) {
            QCOMPARE(s.state, StepState::Succeeded);
            QCOMPARE(s.attempts, 1);
            QVERIFY(s.finishedAt >= s.startedAt);
        }
        QCOMPARE(p.progress().fraction, 1.0);
        // Step output lands in the pipeline's log, tagged with the step.
        bool tagged = false;
        for (qint64 n = p.log().firstLine(); n < p.log().endLine(); ++n)
            if (p.log().line(n)->text == QStringLiteral("push running"))
                tagged = p.log().line(n)->source == 2;
        QVERIFY(tagged);
    }

    void parallelBranchesRunTogetherThenTheNextStep()
    {
        Recorder r;
        PipelineJob p(
            QStringLiteral("p"),
            sequence({parallel({r.manualStep(QStringLiteral("push app")), r.manualStep(QStringLiteral("push db"))}),
                      r.manualStep(QStringLiteral("deploy"))}));
        p.start();
        QCOMPARE(r.created, (QStringList{QStringLiteral("push app"), QStringLiteral("push db")}));
        QCOMPARE(p.steps().at(0).state, StepState::Running);
        QCOMPARE(p.steps().at(1).state, StepState::Running);
        r.manual.value(QStringLiteral("push db"))->succeed();
        QTRY_COMPARE(p.steps().at(1).state, StepState::Succeeded);
        QCOMPARE(r.created.size(), 2);  // deploy waits for the whole group
        QVERIFY(p.progress().fraction > 0.3 && p.progress().fraction < 0.4);
        r.manual.value(QStringLiteral("push app"))->succeed();
        QTRY_COMPARE(r.created.size(), 3);
        r.manual.value(QStringLiteral("deploy"))->succeed();
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
    }

    void parallelGroupLimit()
    {
        Recorder r;
        PipelineJob p(QStringLiteral("p"),
                      parallel({r.manualStep(QStringLiteral("a")), r.manualStep(QStringLiteral("b")),
                                r.manualStep(QStringLiteral("c"))},
                               1));
        p.start();
        QCOMPARE(r.created, QStringList{QStringLiteral("a")});
        r.manual.value(QStringLiteral("a"))->succeed();
        QTRY_COMPARE(r.created.size(), 2);
        r.manual.value(QStringLiteral("b"))->succeed();
        QTRY_COMPARE(r.created.size(), 3);
        r.manual.value(QStringLiteral("c"))->succeed();
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
    }

    void failureStopsTheRestAndNamesTheStep()
    {
        Recorder r;
        PipelineJob p(QStringLiteral("p"),
                      sequence({r.timed(QStringLiteral("build")), r.timed(QStringLiteral("deploy"), 1, failure()),
                                r.timed(QStringLiteral("verify"))}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(r.created, (QStringList{QStringLiteral("build"), QStringLiteral("deploy")}));
        const Error &e = *p.error();
        QCOMPARE(e.code, QStringLiteral("process.exit"));  // the step's code is kept
        QCOMPARE(e.context.step, QStringLiteral("deploy"));
        QCOMPARE(e.message, QStringLiteral("Step \"deploy\" failed: helm exited with code 1."));
        QVERIFY(e.cause && e.cause->message == QStringLiteral("helm exited with code 1."));
        QCOMPARE(p.steps().at(1).state, StepState::Failed);
        QCOMPARE(p.steps().at(2).state, StepState::Pending);
    }

    void failureInAParallelGroupCancelsTheSiblings()
    {
        Recorder r;
        PipelineJob p(
            QStringLiteral("p"),
            sequence({parallel({r.manualStep(QStringLiteral("slow")), r.timed(QStringLiteral("broken"), 5, failure())}),
                      r.timed(QStringLiteral("after"))}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(p.error()->context.step, QStringLiteral("broken"));
        QCOMPARE(p.steps().at(0).state, StepState::Cancelled);
        QCOMPARE(p.steps().at(2).state, StepState::Pending);
        QVERIFY(!r.created.contains(QStringLiteral("after")));
    }

    void retryWithBackoff()
    {
        Recorder r;
        PipelineJob p(QStringLiteral("p"),
                      sequence({r.flaky(QStringLiteral("upload"), 2).retry(RetryPolicy::times(3, 30ms, 2.0))}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
        const StepRecord &s = p.steps().first();
        QCOMPARE(s.attempts, 3);
        QCOMPARE(s.retryDelaysMs, (QList<qint64>{30, 60}));
        QCOMPARE(r.createdAtMs.size(), 3);
        // Precise timers never fire early: each try starts at least its backoff after the last.
        QVERIFY(r.createdAtMs.at(1) - r.createdAtMs.at(0) >= 30);
        QVERIFY(r.createdAtMs.at(2) - r.createdAtMs.at(1) >= 60);
        bool logged = false;
        for (qint64 n = p.log().firstLine(); n < p.log().endLine(); ++n)
            logged = logged || p.log().line(n)->text.contains(QStringLiteral("try 3 of 3"));
        QVERIFY(logged);
    }

    void retryPolicyArithmetic()
    {
        RetryPolicy p = RetryPolicy::times(6, 100ms, 3.0);
        p.maxBackoff = 1000ms;
        QCOMPARE(p.delayBefore(1).count(), 0);
        QCOMPARE(p.delayBefore(2).count(), 100);
        QCOMPARE(p.delayBefore(3).count(), 300);
        QCOMPARE(p.delayBefore(4).count(), 900);
        QCOMPARE(p.delayBefore(5).count(), 1000);
        QVERIFY(p.shouldRetry(1, failure()));
        QVERIFY(!p.shouldRetry(6, failure()));
        QVERIFY(!p.shouldRetry(1, Error::cancelled()));
        p.retryIf = [](const Error &e) { return e.code.startsWith(QStringLiteral("net.")); };
        QVERIFY(!p.shouldRetry(1, failure()));
    }

    void retriesRunOutOrAreNotWanted_data()
    {
        QTest::addColumn<bool>("onlyNetworkErrors");
        QTest::addColumn<int>("expectedAttempts");
        QTest::newRow("exhausted") << false << 3;
        QTest::newRow("retryIf says no") << true << 1;
    }
    void retriesRunOutOrAreNotWanted()
    {
        QFETCH(bool, onlyNetworkErrors);
        QFETCH(int, expectedAttempts);
        Recorder r;
        RetryPolicy policy = RetryPolicy::times(3, 1ms);
        if (onlyNetworkErrors)
            policy.retryIf = [](const Error &e) { return e.code.startsWith(QStringLiteral("net.")); };
        PipelineJob p(QStringLiteral("p"), sequence({r.timed(QStringLiteral("deploy"), 1, failure()).retry(policy)}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(p.steps().first().attempts, expectedAttempts);
        QCOMPARE(p.error()->context.step, QStringLiteral("deploy"));
    }

    void timeoutStopsTheTryAndCountsAsAFailure()
    {
        Recorder r;
        PipelineJob p(QStringLiteral("p"),
                      sequence({r.manualStep(QStringLiteral("hang")).timeout(40ms).retry(RetryPolicy::times(2, 1ms))}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(p.error()->code, QString(errc::timeout));
        QCOMPARE(p.error()->context.step, QStringLiteral("hang"));
        QCOMPARE(p.steps().first().attempts, 2);
        QCOMPARE(r.created.size(), 2);
    }

    void cancelInEveryState_data()
    {
        QTest::addColumn<QString>("when");
        QTest::newRow("queued") << QStringLiteral("queued");
        QTest::newRow("step running") << QStringLiteral("running");
        QTest::newRow("waiting to retry") << QStringLiteral("backoff");
        QTest::newRow("parallel group running") << QStringLiteral("parallel");
        QTest::newRow("finished") << QStringLiteral("finished");
    }
    void cancelInEveryState()
    {
        QFETCH(QString, when);
        Recorder r;
        PipelineRecipe recipe = sequence({r.manualStep(QStringLiteral("first")), r.timed(QStringLiteral("second"))});
        if (when == QLatin1String("backoff"))
            recipe = sequence({r.timed(QStringLiteral("first"), 1, failure()).retry(RetryPolicy::times(5, 60s)),
                               r.timed(QStringLiteral("second"))});
        if (when == QLatin1String("parallel"))
            recipe = sequence({parallel({r.manualStep(QStringLiteral("a")), r.manualStep(QStringLiteral("b"))}),
                               r.timed(QStringLiteral("second"))});
        if (when == QLatin1String("finished"))
            recipe = sequence({r.timed(QStringLiteral("first"))});
        PipelineJob p(QStringLiteral("p"), recipe);
        QSignalSpy finished(&p, &Job::finished);

        if (when == QLatin1String("queued")) {
            p.cancel();
            QCOMPARE(p.state(), JobState::Cancelled);
            p.start();
            QVERIFY(r.created.isEmpty());
            return;
        }
        p.start();
        if (when == QLatin1String("backoff"))
            QTRY_VERIFY(p.steps().first().retryDelaysMs.size() == 1);
        if (when == QLatin1String("finished")) {
            QVERIFY(runToEnd(p));
            p.cancel();
            QCOMPARE(p.state(), JobState::Succeeded);
            return;
        }
        QElapsedTimer t;
        t.start();
        p.cancel();
        QVERIFY(runToEnd(p));
        QVERIFY(t.elapsed() < 5000);  // not after the 60 s backoff
        QCOMPARE(p.state(), JobState::Cancelled);
        QVERIFY(p.error()->isCancelled());
        QCOMPARE(finished.count(), 1);
        QVERIFY(!r.created.contains(QStringLiteral("second")));
        if (when == QLatin1String("backoff"))
            QCOMPARE(p.steps().first().attempts, 1);
        if (when == QLatin1String("parallel")) {
            QCOMPARE(p.steps().at(0).state, StepState::Cancelled);
            QCOMPARE(p.steps().at(1).state, StepState::Cancelled);
            QCOMPARE(r.manual.value(QStringLiteral("a"))->cancelRequests, 1);
        } else {
            QCOMPARE(p.steps().first().state, StepState::Cancelled);
        }
        QCOMPARE(p.steps().last().state, StepState::Pending);
    }

    void startFromAStepSkipsTheOnesBefore()
    {
        Recorder r;
        PipelineJob p(QStringLiteral("p"),
                      sequence({r.timed(QStringLiteral("build")),
                                parallel({r.timed(QStringLiteral("push a")), r.timed(QStringLiteral("push b"))}),
                                r.timed(QStringLiteral("deploy"))}));
        p.setStartFrom(QStringLiteral("push b"));
        p.setInitialValues({{QStringLiteral("digest"), QStringLiteral("sha256:old")}});
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
        QCOMPARE(r.created, (QStringList{QStringLiteral("push b"), QStringLiteral("deploy")}));
        QCOMPARE(p.steps().at(0).state, StepState::Skipped);
        QCOMPARE(p.steps().at(1).state, StepState::Skipped);
        QCOMPARE(p.steps().at(2).state, StepState::Succeeded);
        QCOMPARE(p.values().value(QStringLiteral("digest")).toString(), QStringLiteral("sha256:old"));
    }

    void invalidPipelinesFailBeforeAnythingRuns_data()
    {
        QTest::addColumn<bool>("duplicate");
        QTest::newRow("duplicate step name") << true;
        QTest::newRow("unknown start step") << false;
    }
    void invalidPipelinesFailBeforeAnythingRuns()
    {
        QFETCH(bool, duplicate);
        Recorder r;
        PipelineJob p(QStringLiteral("p"), sequence({r.timed(QStringLiteral("a")),
                                                     r.timed(duplicate ? QStringLiteral("a") : QStringLiteral("b"))}));
        if (!duplicate)
            p.setStartFrom(QStringLiteral("nope"));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(p.error()->code, QString(errc::invalidPipeline));
        QVERIFY(r.created.isEmpty());
    }

    void aFactoryErrorFailsTheStep()
    {
        PipelineJob p(
            QStringLiteral("p"),
            sequence({step(QStringLiteral("locate helm"), [](PipelineContext &) -> Result<std::unique_ptr<Job>> {
                return makeError(QStringLiteral("process.not_found"), QStringLiteral("helm was not found on PATH."));
            })}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Failed);
        QCOMPARE(p.error()->code, QStringLiteral("process.not_found"));
        QCOMPARE(p.error()->context.step, QStringLiteral("locate helm"));
    }

    void workStepsRunOnAWorker()
    {
        QThread *owner = QThread::currentThread();
        std::atomic<bool> elsewhere{false};
        PipelineJob p(QStringLiteral("p"),
                      sequence({PipelineStep::work(QStringLiteral("render"), [&](const JobContext &c) -> Status {
                          elsewhere = QThread::currentThread() != owner;
                          c.log(QStringLiteral("rendered 3 policies"));
                          return Ok{};
                      })}));
        QVERIFY(runToEnd(p));
        QCOMPARE(p.state(), JobState::Succeeded);
        QVERIFY(elsewhere);
        bool logged = false;
        for (qint64 n = p.log().firstLine(); n < p.log().endLine(); ++n)
            logged = logged || p.log().line(n)->text == QStringLiteral("rendered 3 policies");
        QVERIFY(logged);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
