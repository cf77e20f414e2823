// SPDX-License-Identifier: Apache-2.0
// engine/jobs JobHistory: runs survive a restart, are capped in number and log size, are keyed
// by the canonical project path and live in the application's data folder, never the project.
#include "jobs/jobhistory.h"
#include "jobs/pipelinejob.h"
#include "testjobs.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::jobs;
using workbench::test::TimedJob;

namespace {
std::unique_ptr<PipelineJob> finishedPipeline(bool fail)
{
    auto p = std::make_unique<PipelineJob>(
        QStringLiteral("Build & deploy"),
        sequence({step(QStringLiteral("build"),
                       [](PipelineContext &) { return std::make_unique<TimedJob>(QStringLiteral("build"), 1); }),
                  step(QStringLiteral("deploy"), [fail](PipelineContext &) {
                      return std::make_unique<TimedJob>(
                          QStringLiteral("deploy"), 1,
                          fail ? Status(makeError(QStringLiteral("process.exit"),
                                                  QStringLiteral("helm exited with code 1.")))
                               : Status(Ok{}));
                  })}));
    QSignalSpy finished(p.get(), &Job::finished);
    p->start();
    finished.wait(10000);
    return p;
}
}  // namespace

class TestJobHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aRunSurvivesARestart()
    {
        QTemporaryDir base, project;
        auto p = finishedPipeline(true);
        QCOMPARE(p->state(), JobState::Failed);
        {
            JobHistory history(project.path(), base.path());
            QVERIFY(history.record(*p).ok());
        }
        JobHistory again(project.path(), base.path());  // a new session
        const auto runs = again.runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), 1);
        const RunRecord &r = runs->first();
        QCOMPARE(r.title, QStringLiteral("Build & deploy"));
        QCOMPARE(r.state, JobState::Failed);
        QCOMPARE(r.error->code, QStringLiteral("process.exit"));
        QCOMPARE(r.error->context.step, QStringLiteral("deploy"));
        QCOMPARE(r.steps.size(), 2);
        QCOMPARE(r.steps.at(0).name, QStringLiteral("build"));
        QCOMPARE(r.steps.at(0).state, StepState::Succeeded);
        QCOMPARE(r.steps.at(1).state, StepState::Failed);
        QCOMPARE(r.steps.at(1).attempts, 1);
        QCOMPARE(r.startedAt, p->startedAt());
        QCOMPARE(r.finishedAt, p->finishedAt());
        QCOMPARE(r.steps.at(0).startedAt, p->steps().at(0).startedAt);
        QVERIFY(r.log.contains(QStringLiteral("deploy running")));
        QVERIFY(!QDir(project.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size());
    }

    void runsAreCappedNewestFirst()
    {
        QTemporaryDir base, project;
        JobHistory history(project.path(), base.path());
        history.setMaxRuns(3);
        for (int i = 0; i < 5; ++i) {
            RunRecord r;
            r.id = QStringLiteral("id%1-xxxxxxxx").arg(i);
            r.title = QStringLiteral("run %1").arg(i);
            r.startedAt = QDateTime(QDate(2026, 1, 1), QTime(10, 0, i), Qt::UTC);
            QVERIFY(history.append(r).ok());
        }
        const auto runs = history.runs();
        QCOMPARE(runs->size(), 3);
        QCOMPARE(runs->at(0).title, QStringLiteral("run 4"));
        QCOMPARE(runs->at(2).title, QStringLiteral("run 2"));
        QCOMPARE(QDir(history.directory()).entryList({QStringLiteral("run-*.json")}).size(), 3);
    }

    void theLogIsCappedKeepingTheNewestLines()
    {
        QTemporaryDir base, project;
        TimedJob job(QStringLiteral("chatty"), 1);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        for (int i = 0; i < 20000; ++i)
            job.log().append(LogChannel::Stdout,
                             QStringLiteral("output line %1 with some padding to make it longer").arg(i));
        QVERIFY(finished.wait(10000));
        JobHistory history(project.path(), base.path());
        history.setMaxLogBytes(16 * 1024);
        QVERIFY(history.record(job).ok());
        const RunRecord r = history.runs()->first();
        QVERIFY2(r.log.toUtf8().size() <= 16 * 1024 + 100, qPrintable(QString::number(r.log.size())));
        QVERIFY(r.log.contains(QStringLiteral("output line 19999 ")));
        QVERIFY(!r.log.contains(QStringLiteral("output line 100 ")));
        QVERIFY(r.log.startsWith(QStringLiteral("[")));
        // The file on disk is bounded too.
        const QStringList files = QDir(history.directory()).entryList({QStringLiteral("run-*.json")});
        QVERIFY(QFileInfo(QDir(history.directory()).filePath(files.first())).size() < 32 * 1024);
    }

    void keyedByTheCanonicalProjectPath()
    {
        QTemporaryDir base, root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("proj")));
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("other")));
        const QString real = root.filePath(QStringLiteral("proj"));
        const QString link = root.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(real, link));
        JobHistory viaReal(real, base.path());
        JobHistory viaLink(link + QStringLiteral("/"), base.path());
        JobHistory other(root.filePath(QStringLiteral("other")), base.path());
        QCOMPARE(viaLink.projectKey(), viaReal.projectKey());
        QCOMPARE(viaLink.directory(), viaReal.directory());
        QVERIFY(other.directory() != viaReal.directory());
        RunRecord r;
        r.id = QStringLiteral("abc");
        r.title = QStringLiteral("t");
        QVERIFY(viaLink.append(r).ok());
        QCOMPARE(viaReal.runs()->size(), 1);
        QCOMPARE(other.runs()->size(), 0);
        QFile marker(QDir(viaReal.directory()).filePath(QStringLiteral("project.json")));
        QVERIFY(marker.open(QIODevice::ReadOnly));
        QVERIFY(marker.readAll().contains(QFileInfo(real).canonicalFilePath().toUtf8()));
    }

    void defaultLocationIsTheApplicationDataFolder()
    {
        QTemporaryDir project;
        JobHistory history(project.path());
        const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QVERIFY(!appData.isEmpty());
        QVERIFY2(history.directory().startsWith(appData + QStringLiteral("/history/")),
                 qPrintable(history.directory()));
        QVERIFY(!history.directory().startsWith(project.path()));
    }

    void unreadableRunsAreSkipped()
    {
        QTemporaryDir base, project;
        JobHistory history(project.path(), base.path());
        RunRecord r;
        r.id = QStringLiteral("good");
        r.title = QStringLiteral("good");
        QVERIFY(history.append(r).ok());
        QFile bad(QDir(history.directory()).filePath(QStringLiteral("run-99990101T000000000-bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ not json");
        bad.close();
        const auto runs = history.runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), 1);
        QCOMPARE(runs->first().title, QStringLiteral("good"));
        QVERIFY(history.clear().ok());
        QCOMPARE(history.runs()->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJobHistory)
#include "tst_jobhistory.moc"
