// SPDX-License-Identifier: Apache-2.0
// Run locally as the window drives it: the ProjectSession's LocalRunner on a copy of the example
// (free ports), real redis-server with TLS and the Flask API in bubblewrap. The plan is prepared
// as a job of the session's runner and the LocalRunJob is submitted to it; both services come
// up; a LogStore attached to the runner gets every service as a Local source with its lines (a
// store attached later gets the lines retained so far, then the new ones); stop and restart of
// one service; Stop leaves no process (/proc) and no run folder; with "keep" the owner-only run
// folder stays, and a run of one service starts only it. Missing tools stop the
// preparation with problems naming the Debian packages, and nothing starts. The SCONE status of
// the local services follows their lines (kept apart from pods'), and a cleared APP_IMAGE_REPO
// gets the local name `run` gives it instead of stopping the run.
#include "analysis/projectanalysis.h"
#include "jobs/jobrunner.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunner.h"
#include "localrunproject.h"
#include "localrunsupport.h"
#include "logs/logstore.h"
#include "proctree.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "testsupport.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using engine::localrun::LocalRunner;
using engine::localrun::ServiceState;
using models::logs::LogStore;
using models::logs::SourceId;

namespace {

/// The lines of @p source in @p store.
QStringList linesOf(const LogStore &store, SourceId source)
{
    QStringList out;
    for (auto n = store.firstLine(); n < store.endLine(); ++n)
        if (const auto line = store.line(n); line && line->source == source)
            out << QString::fromUtf8(line->text);
    return out;
}

/// Every process of the run: each sandbox's supervisor, bwrap and what runs below it.
QList<qint64> runPids(const engine::localrun::LocalRunJob &job, const QString &only = {})
{
    QList<qint64> out;
    for (const engine::localrun::ServiceStatus &s : job.statuses())
        if (s.pid > 0 && (only.isEmpty() || s.name == only)) {
            out << s.pid << test::parentOf(pid_t(s.pid));
            for (pid_t p : test::descendantsOf(pid_t(s.pid)))
                out << p;
        }
    return out;
}

QString problemsOf(const LocalRunner &runner)
{
    QStringList out;
    for (const Error &e : runner.problems())
        out << e.toString();
    return out.join(QLatin1Char('\n'));
}

}  // namespace

class TestLocalRunSession : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<workbench::models::logs::LogStore *>();
        if (const QString missing = test::prepareLocalRunTools(); !missing.isEmpty()) {
            if (test::localRunToolsRequired())
                QFAIL(qPrintable(missing));
            QSKIP(qPrintable(missing));
        }
    }

    void runsStopsAndFeedsLogStores()
    {
        const QString project =
            test::localRunExampleCopy(m_tmp.filePath(QStringLiteral("good")), test::freeTcpPort(), test::freeTcpPort());
        QVERIFY(!project.isEmpty());
        engine::ProjectSession session(nullptr, m_tmp.filePath(QStringLiteral("recovery")));
        QVERIFY(session.open(project));
        LocalRunner *runner = session.localRun();
        QVERIFY(runner);
        engine::localrun::LocalRunSettings settings = runner->runSettings();
        settings.runsDir = m_tmp.filePath(QStringLiteral("runs"));
        runner->setRunSettings(settings);

        LogStore early;
        runner->attachLogStore(&early);
        QSignalSpy added(session.jobs(), &engine::jobs::JobRunner::jobAdded);
        QVERIFY(runner->start({}));
        QCOMPARE(runner->phase(), LocalRunner::Phase::Preparing);
        QVERIFY(!runner->start({}));  // one run at a time
        QTRY_VERIFY_WITH_TIMEOUT(runner->job() != nullptr || !runner->problems().isEmpty(), 60000);
        QVERIFY2(runner->problems().isEmpty(), qPrintable(problemsOf(*runner)));
        engine::localrun::LocalRunJob *job = runner->job();
        // Both the preparation and the run are jobs of the session's runner.
        QCOMPARE(added.size(), 2);
        QCOMPARE(added.at(1).at(0).value<engine::jobs::Job *>(), static_cast<engine::jobs::Job *>(job));
        QTRY_VERIFY_WITH_TIMEOUT(job->isUp() || job->isFinished(), 60000);
        QVERIFY2(job->isUp(), qPrintable(job->error() ? job->error()->toDetailedString() : QString()));
        QCOMPARE(runner->phase(), LocalRunner::Phase::Running);
        const QString folder = job->runFolder();
        QVERIFY(folder.startsWith(settings.runsDir));

        // The early store: one Local source per service, with the service's own output.
        const auto redis = runner->sourceOf(&early, QStringLiteral("redis"));
        const auto api = runner->sourceOf(&early, QStringLiteral("flask-api"));
        QVERIFY(redis && api && *redis != *api);
        QCOMPARE(early.sources().source(*redis).kind, models::logs::LogSourceKind::Local);
        QCOMPARE(early.sources().source(*api).service, QStringLiteral("flask-api"));
        QTRY_VERIFY(linesOf(early, *redis).join(QLatin1Char('\n')).contains(QLatin1String("Ready to accept")));
        QTRY_VERIFY(linesOf(early, *api).join(QLatin1Char('\n')).contains(QLatin1String("Running on")));

        // A store attached now gets what the run printed so far, then what follows.
        LogStore late;
        QSignalSpy appended(runner, &LocalRunner::logLinesAppended);
        runner->attachLogStore(&late);
        QVERIFY(!appended.isEmpty());
        const auto lateRedis = runner->sourceOf(&late, QStringLiteral("redis"));
        QVERIFY(lateRedis);
        QCOMPARE(linesOf(late, *lateRedis), linesOf(early, *redis));

        // Stop one service: its processes go, the other stays up; restart brings it back.
        const QList<qint64> apiPids = runPids(*job, QStringLiteral("flask-api"));
        QVERIFY(apiPids.size() >= 3);
        runner->stopService(QStringLiteral("flask-api"));
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("flask-api")).state, ServiceState::Stopped, 20000);
        for (qint64 pid : apiPids)
            QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(pid), 5000);
        QCOMPARE(job->status(QStringLiteral("redis")).state, ServiceState::Running);
        runner->restartService(QStringLiteral("flask-api"));
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("flask-api")).state, ServiceState::Running, 60000);
        QCOMPARE(job->status(QStringLiteral("flask-api")).starts, 2);
        // The late store got the restart as it happened (the first start was replayed).
        const auto lateApi = runner->sourceOf(&late, QStringLiteral("flask-api"));
        QVERIFY(lateApi);
        QTRY_COMPARE(linesOf(late, *lateApi).filter(QStringLiteral("started (bwrap pid")).size(), 2);
        runner->detachLogStore(&late);

        // Stop all: every process goes, the run folder is removed, the runner is idle.
        const QList<qint64> pids = runPids(*job);
        QVERIFY(pids.size() >= 6);
        QSignalSpy finished(runner, &LocalRunner::runFinished);
        runner->stop();
        QCOMPARE(runner->phase(), LocalRunner::Phase::Stopping);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(runner->phase(), LocalRunner::Phase::Idle);
        QCOMPARE(job->state(), engine::jobs::JobState::Cancelled);
        QVERIFY(!runner->failure());
        for (qint64 pid : pids)
            QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(pid), 5000);
        QVERIFY(test::processesMentioning(folder.toUtf8()).isEmpty());
        QVERIFY(!QFileInfo::exists(folder));
        runner->detachLogStore(&early);
    }

    void keepsTheRunFolderWhenAsked()
    {
        const QString project =
            test::localRunExampleCopy(m_tmp.filePath(QStringLiteral("kept")), test::freeTcpPort(), test::freeTcpPort());
        QVERIFY(!project.isEmpty());
        engine::ProjectSession session(nullptr, m_tmp.filePath(QStringLiteral("recovery3")));
        QVERIFY(session.open(project));
        LocalRunner *runner = session.localRun();
        engine::localrun::LocalRunSettings settings = runner->runSettings();
        settings.runsDir = m_tmp.filePath(QStringLiteral("runs3"));
        runner->setRunSettings(settings);
        LocalRunner::StartOptions options;
        options.keepRunFolder = true;
        options.services = {QStringLiteral("redis")};
        QVERIFY(runner->start(options));
        QTRY_VERIFY_WITH_TIMEOUT(runner->job() != nullptr || !runner->problems().isEmpty(), 60000);
        QVERIFY2(runner->problems().isEmpty(), qPrintable(problemsOf(*runner)));
        engine::localrun::LocalRunJob *job = runner->job();
        QCOMPARE(job->serviceNames(), QStringList{QStringLiteral("redis")});  // only what was asked
        QTRY_VERIFY_WITH_TIMEOUT(job->isUp() || job->isFinished(), 60000);
        QVERIFY(job->isUp());
        const QString folder = job->runFolder();
        runner->stop();
        QTRY_COMPARE_WITH_TIMEOUT(runner->phase(), LocalRunner::Phase::Idle, 30000);
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/redis/files/tls/redis.key")));
        QCOMPARE(QFileInfo(folder).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::ExeOther),
                 QFile::Permissions());
        QVERIFY(QDir(folder).removeRecursively());
    }

    void sconeStatusOfLocalServicesAndAnUnsetImageRepo()
    {
        const QString project = test::localRunExampleCopy(m_tmp.filePath(QStringLiteral("scone")), test::freeTcpPort(),
                                                          test::freeTcpPort());
        QVERIFY(!project.isEmpty());
        // The API's own output carries the line a SCONE runtime prints when it contacts the CAS:
        // the run's SCONE status follows the services' lines as the pods' status follows theirs.
        const QString api = project + QStringLiteral("/flask-api/rest_api.py");
        QVERIFY(test::writeFile(api, "import sys\nprint('Note: Connecting to CAS at cas (port 18765) using service ID "
                                     "doc/flask-api/python3', file=sys.stderr, flush=True)\n" +
                                         test::readFile(api)));
        const QString settingsFile = project + QStringLiteral("/.scone-workbench/settings.yaml");
        const QByteArray settingsOnDisk = test::readFile(settingsFile);
        engine::ProjectSession session(nullptr, m_tmp.filePath(QStringLiteral("recovery4")));
        QVERIFY(session.open(project));
        // APP_IMAGE_REPO cleared (an unsaved edit): a local run pulls no image, so it names the
        // sessions' images as `run` does instead of stopping on the unset variable.
        QVERIFY(session.settings()->setValue(QStringLiteral("APP_IMAGE_REPO"), QString()));
        session.analysis()->analyzeNow();
        QVERIFY(session.analysis()->snapshot()->hasErrors());  // what render would stop on
        LocalRunner *runner = session.localRun();
        engine::localrun::LocalRunSettings settings = runner->runSettings();
        settings.runsDir = m_tmp.filePath(QStringLiteral("runs4"));
        runner->setRunSettings(settings);
        LogStore store;
        runner->attachLogStore(&store);
        QVERIFY(runner->start({}));
        QTRY_VERIFY_WITH_TIMEOUT(runner->job() != nullptr || !runner->problems().isEmpty(), 60000);
        QVERIFY2(runner->problems().isEmpty(), qPrintable(problemsOf(*runner)));
        engine::localrun::LocalRunJob *job = runner->job();
        QTRY_VERIFY_WITH_TIMEOUT(job->isUp() || job->isFinished(), 60000);
        QVERIFY2(job->isUp(), qPrintable(job->error() ? job->error()->toDetailedString() : QString()));

        using models::logs::SconeStatus;
        using Place = models::logs::SconeStatusTracker::Place;
        const models::logs::SconeStatusTracker *scone = runner->sconeStatus(&store);
        QVERIFY(scone);
        QVERIFY(!runner->sconeStatus(nullptr));
        const auto apiSource = runner->sourceOf(&store, QStringLiteral("flask-api"));
        const auto redisSource = runner->sourceOf(&store, QStringLiteral("redis"));
        QVERIFY(apiSource && redisSource);
        // Contacted the CAS, then the program ran: attested. Redis printed nothing of SCONE.
        QTRY_COMPARE_WITH_TIMEOUT(scone->source(*apiSource).status, SconeStatus::Attested, 30000);
        QCOMPARE(scone->service(store.sources(), QStringLiteral("flask-api"), Place::Local).status,
                 SconeStatus::Attested);
        QCOMPARE(scone->source(*redisSource).status, SconeStatus::Unknown);
        QCOMPARE(scone->service(store.sources(), QStringLiteral("flask-api"), Place::Cluster).status,
                 SconeStatus::Unknown);
        // A restart starts over: the status is the new process's.
        runner->stopService(QStringLiteral("flask-api"));
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("flask-api")).state, ServiceState::Stopped, 20000);
        runner->restartService(QStringLiteral("flask-api"));
        QVERIFY(scone->source(*apiSource).status != SconeStatus::Attested);
        QTRY_COMPARE_WITH_TIMEOUT(job->status(QStringLiteral("flask-api")).state, ServiceState::Running, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(scone->source(*apiSource).status, SconeStatus::Attested, 30000);

        runner->stop();
        QTRY_COMPARE_WITH_TIMEOUT(runner->phase(), LocalRunner::Phase::Idle, 30000);
        runner->detachLogStore(&store);
        QVERIFY(!runner->sconeStatus(&store));
        // The rule changed nothing on disk: the settings edit is still only in the window.
        QCOMPARE(test::readFile(settingsFile), settingsOnDisk);
        QVERIFY(session.settings()->isModified());
    }

    void missingToolsNameTheirPackages()
    {
        const QString project = test::localRunExampleCopy(m_tmp.filePath(QStringLiteral("notools")),
                                                          test::freeTcpPort(), test::freeTcpPort());
        QVERIFY(!project.isEmpty());
        engine::ProjectSession session(nullptr, m_tmp.filePath(QStringLiteral("recovery2")));
        QVERIFY(session.open(project));
        LocalRunner *runner = session.localRun();
        engine::localrun::LocalRunSettings settings = runner->runSettings();
        settings.runsDir = m_tmp.filePath(QStringLiteral("runs2"));
        runner->setRunSettings(settings);
        // A machine without bubblewrap, redis-server or python3: an empty PATH.
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(m_tmp.filePath(QStringLiteral("empty-bin"))));
        auto restore = qScopeGuard([&] { qputenv("PATH", path); });
        QSignalSpy failed(runner, &LocalRunner::preparationFailed);
        QVERIFY(runner->start({}));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 60000);
        QCOMPARE(runner->phase(), LocalRunner::Phase::Idle);
        QVERIFY(!runner->job());
        const QString all = problemsOf(*runner);
        QVERIFY2(all.contains(QLatin1String("bubblewrap")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("redis-server")), qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("python3")), qPrintable(all));
        QVERIFY(!QFileInfo::exists(settings.runsDir) || QDir(settings.runsDir).isEmpty());
        QVERIFY(LocalRunner::bwrapProblem().has_value());
        restore.dismiss();
        qputenv("PATH", path);
        QVERIFY(!LocalRunner::bwrapProblem().has_value());
    }
};

QTEST_GUILESS_MAIN(TestLocalRunSession)
#include "tst_localrun_session.moc"
