// SPDX-License-Identifier: Apache-2.0
// engine/jobs JobRunner: the parallel limit, submission order, dependencies, cancelAll,
// retention of finished jobs.
#include "core/errorcodes.h"
#include "jobs/jobrunner.h"
#include "testjobs.h"

#include <QSignalSpy>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::jobs;
using workbench::test::ManualJob;

namespace {
ManualJob *add(JobRunner &runner, const QString &title, const QList<Job *> &deps = {})
{
    return runner.submit(std::make_unique<ManualJob>(title), deps);
}
}  // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void limitIsHonouredAndOrderKept()
    {
        JobRunner runner;
        runner.setMaxParallel(2);
        QStringList startOrder;
        connect(&runner, &JobRunner::jobStarted, this, [&](Job *j) { startOrder << j->title(); });
        ManualJob *a = add(runner, QStringLiteral("a"));
        ManualJob *b = add(runner, QStringLiteral("b"));
        ManualJob *c = add(runner, QStringLiteral("c"));
        ManualJob *d = add(runner, QStringLiteral("d"));
        QCOMPARE(runner.runningCount(), 2);
        QCOMPARE(runner.activeCount(), 4);
        QCOMPARE(c->state(), JobState::Queued);
        b->succeed();
        QCOMPARE(c->state(), JobState::Running);
        QCOMPARE(d->state(), JobState::Queued);
        a->fail(makeError(QStringLiteral("x"), QStringLiteral("x")));  // a failure frees its slot too
        QCOMPARE(d->state(), JobState::Running);
        QCOMPARE(startOrder,
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(runner.runningCount(), 2);
        QSignalSpy idle(&runner, &JobRunner::idle);
        c->succeed();
        d->succeed();
        QCOMPARE(idle.count(), 1);
        QVERIFY(runner.isIdle());
        QCOMPARE(runner.jobs().size(), 4);
    }

    void raisingTheLimitStartsQueuedJobs()
    {
        JobRunner runner;
        runner.setMaxParallel(1);
        ManualJob *a = add(runner, QStringLiteral("a"));
        ManualJob *b = add(runner, QStringLiteral("b"));
        QCOMPARE(b->state(), JobState::Queued);
        runner.setMaxParallel(2);
        QCOMPARE(b->state(), JobState::Running);
        a->succeed();
        b->succeed();
    }

    void dependentJobWaitsForItsDependency()
    {
        JobRunner runner;
        runner.setMaxParallel(4);
        ManualJob *build = add(runner, QStringLiteral("build"));
        ManualJob *push = add(runner, QStringLiteral("push"), {build});
        ManualJob *other = add(runner, QStringLiteral("other"));
        QCOMPARE(push->state(), JobState::Queued);  // a free slot is not enough
        QCOMPARE(other->state(), JobState::Running);
        build->succeed();
        QCOMPARE(push->state(), JobState::Running);
        push->succeed();
        other->succeed();
    }

    void failedOrCancelledDependencyStopsTheDependent_data()
    {
        QTest::addColumn<bool>("cancelIt");
        QTest::newRow("failed") << false;
        QTest::newRow("cancelled") << true;
    }
    void failedOrCancelledDependencyStopsTheDependent()
    {
        QFETCH(bool, cancelIt);
        JobRunner runner;
        ManualJob *build = add(runner, QStringLiteral("build image"));
        ManualJob *push = add(runner, QStringLiteral("push"), {build});
        ManualJob *deploy = add(runner, QStringLiteral("deploy"), {push});
        if (cancelIt) {
            build->cancel();
            QTRY_COMPARE(build->state(), JobState::Cancelled);
        } else {
            build->fail(makeError(QStringLiteral("process.exit"), QStringLiteral("buildah exited with code 1.")));
        }
        QCOMPARE(push->runs, 0);
        QCOMPARE(deploy->runs, 0);
        if (cancelIt) {
            QCOMPARE(push->state(), JobState::Cancelled);
        } else {
            QCOMPARE(push->state(), JobState::Failed);
            QCOMPARE(push->error()->code, QString(errc::dependencyFailed));
            QVERIFY(push->error()->message.contains(QStringLiteral("\"build image\"")));
            QVERIFY(push->error()->cause);
            QCOMPARE(push->error()->cause->code, QStringLiteral("process.exit"));
        }
        QVERIFY(isFinal(deploy->state()));  // the chain ends
        QVERIFY(runner.isIdle());
    }

    void dependencyUnknownToTheRunnerFails()
    {
        JobRunner runner;
        ManualJob outside(QStringLiteral("outside"));
        ManualJob *job = add(runner, QStringLiteral("j"), {&outside});
        QCOMPARE(job->state(), JobState::Failed);
        QCOMPARE(job->error()->code, QString(errc::dependencyFailed));
    }

    void cancelAllStopsEverythingAndStartsNothing()
    {
        JobRunner runner;
        runner.setMaxParallel(1);
        ManualJob *a = add(runner, QStringLiteral("a"));
        ManualJob *b = add(runner, QStringLiteral("b"));
        ManualJob *c = add(runner, QStringLiteral("c"));
        runner.cancelAll();
        QCOMPARE(b->state(), JobState::Cancelled);
        QCOMPARE(c->state(), JobState::Cancelled);
        QTRY_COMPARE(a->state(), JobState::Cancelled);
        QCOMPARE(b->runs, 0);
        QCOMPARE(c->runs, 0);
        QVERIFY(runner.isIdle());
    }

    void finishedJobsBeyondTheRetentionAreDeleted()
    {
        JobRunner runner;
        runner.setRetainFinished(2);
        QSignalSpy removed(&runner, &JobRunner::jobRemoved);
        QList<QPointer<ManualJob>> jobs;
        for (int i = 0; i < 5; ++i) {
            jobs << add(runner, QString::number(i));
            jobs.last()->succeed();
        }
        QCOMPARE(runner.jobs().size(), 2);
        QCOMPARE(removed.count(), 3);
        QTRY_VERIFY(jobs.at(0).isNull());  // deleteLater
        QVERIFY(!jobs.at(4).isNull());
        QCOMPARE(runner.jobs().last(), jobs.at(4).data());
    }

    void destroyingTheRunnerCancelsRunningJobs()
    {
        QPointer<ManualJob> a;
        {
            JobRunner runner;
            a = add(runner, QStringLiteral("a"));
            QCOMPARE(a->state(), JobState::Running);
        }
        QVERIFY(a.isNull());
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
