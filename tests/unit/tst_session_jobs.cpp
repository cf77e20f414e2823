// SPDX-License-Identifier: Apache-2.0
// The session's own background work runs on its one JobRunner (issue 12): analysis runs, the
// certificate preview, autosave rounds and the TLS chain fetch are jobs the runner sees, a
// cancelled one ends with the one "cancelled" error code, and background jobs stay out of the
// user's way (no parallel slot, their own retention, not counted as foreground work).

#include "analysis/projectanalysis.h"
#include "documents/documentmanager.h"
#include "jobs/jobrunner.h"
#include "net/httpclient.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "sessionsupport.h"
#include "testjobs.h"
#include "testsupport.h"
#include "tls/tlschainfetcher.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace workbench;
using engine::jobs::Job;
using engine::jobs::JobRunner;
using engine::jobs::JobState;

class TestSessionJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void analysisRunsAreBackgroundJobsOfTheSessionRunner();
    void cancelledAnalysisReportsTheCancelledCode();
    void certificatePreviewIsAJobAndCancelsWithTheOneCode();
    void autosaveRoundsAreJobs();
    void cancelledAutosaveIsWrittenByTheNextRound();
    void chainFetchIsAJobTheRunnerCancels();
    void backgroundJobsTakeNoSlotAndAreRetainedApart();
    void cancelForegroundLeavesBackgroundWork();
    void sessionOwnsOneHttpClient();

private:
    bool waitIdle() { return test::waitUntilAnalysed(*m_session); }
    QString copyExample(const QString &name) { return test::copyProject(test::exampleDir(), m_dir->filePath(name)); }
    QString meshPath() const { return QDir(m_session->projectDir()).filePath(QStringLiteral("mesh.yaml")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectSession> m_session;
};

void TestSessionJobs::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir->filePath(QStringLiteral("recovery")));
}

void TestSessionJobs::cleanup()
{
    m_session.reset();
    m_dir.reset();
}

void TestSessionJobs::analysisRunsAreBackgroundJobsOfTheSessionRunner()
{
    JobRunner *runner = m_session->jobs();
    QList<QPointer<Job>> added;
    connect(runner, &JobRunner::jobAdded, this, [&added](Job *job) { added.append(job); });
    QVERIFY(m_session->open(copyExample(QStringLiteral("p"))).ok());
    QVERIFY(waitIdle());
    const auto runs = m_session->analysis()->counters().runs;
    QVERIFY(runs >= 1);
    // Every published run was a job of the session's runner, background, and succeeded.
    int analysisJobs = 0;
    for (const QPointer<Job> &job : std::as_const(added)) {
        QVERIFY(job);
        if (!job->title().startsWith(QLatin1String("Analysis")))
            continue;
        ++analysisJobs;
        QVERIFY(job->isBackground());
        QCOMPARE(job->state(), JobState::Succeeded);
        QVERIFY(runner->jobs().contains(job.data()));
    }
    QCOMPARE(quint64(analysisJobs), runs);
    QCOMPARE(runner->foregroundActiveCount(), 0);

    // A keystroke: one more job, while it runs it is the analysis' running job.
    QPointer<Job> seen;
    connect(runner, &JobRunner::jobAdded, this, [this, &seen](Job *job) {
        if (job->title().startsWith(QLatin1String("Analysis")))
            seen = job;
        QCOMPARE(m_session->analysis()->runningJob(), job);
    });
    m_session->workspace()->setDocumentText(meshPath(), m_session->workspace()->text(meshPath()) + "# edit\n");
    QVERIFY(waitIdle());
    QVERIFY(seen);
    QCOMPARE(seen->state(), JobState::Succeeded);
    QVERIFY(!m_session->analysis()->runningJob());
    QVERIFY(m_session->analysis()->snapshot()->project.file(meshPath())->document.text().endsWith("# edit\n"));
}

void TestSessionJobs::cancelledAnalysisReportsTheCancelledCode()
{
    QVERIFY(m_session->open(copyExample(QStringLiteral("p"))).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    const quint64 generation = analysis->snapshot()->generation;
    const auto cancelledBefore = analysis->counters().cancelledRuns;

    // Cancelled as it starts (the Jobs list's cancel button does the same).
    QPointer<Job> job;
    auto conn = connect(m_session->jobs(), &JobRunner::jobStarted, this, [&job](Job *j) {
        if (!j->title().startsWith(QLatin1String("Analysis")))
            return;
        job = j;
        j->cancel();
    });
    const QByteArray edited = m_session->workspace()->text(meshPath()) + "# cancelled edit\n";
    m_session->workspace()->setDocumentText(meshPath(), edited);
    QVERIFY(QTest::qWaitFor([&job] { return job && job->isFinished(); }, 20000));
    disconnect(conn);
    QCOMPARE(job->state(), JobState::Cancelled);
    QVERIFY(job->error());
    QCOMPARE(job->error()->code, Error::cancelledCode());
    QCOMPARE(analysis->counters().cancelledRuns, cancelledBefore + 1);
    // Nothing of the cancelled run was published; its change is still pending, not lost.
    QCOMPARE(analysis->snapshot()->generation, generation);
    QVERIFY(analysis->isBusy());
    analysis->analyzeNow();
    QCOMPARE(analysis->snapshot()->project.file(meshPath())->document.text(), edited);
    QVERIFY(!analysis->isBusy());
}

void TestSessionJobs::certificatePreviewIsAJobAndCancelsWithTheOneCode()
{
    QVERIFY(m_session->open(copyExample(QStringLiteral("p"))).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    analysis->setCertificatePreviewDelay(0);
    QSignalSpy finished(analysis, &engine::ProjectAnalysis::certificatePreviewFinished);
    QPointer<Job> job;
    auto conn = connect(m_session->jobs(), &JobRunner::jobStarted, this, [&job](Job *j) {
        if (j->title() == QLatin1String("Certificate preview")) {
            job = j;
            j->cancel();
        }
    });
    analysis->setCertificatePreviewWanted(true);
    analysis->refreshCertificatePreview();
    QVERIFY(finished.size() > 0 || finished.wait(30000));
    disconnect(conn);
    QVERIFY(job);
    QVERIFY(job->isBackground());
    QCOMPARE(job->state(), JobState::Cancelled);
    QVERIFY(analysis->certificatePreviewError());
    QCOMPARE(analysis->certificatePreviewError()->code, Error::cancelledCode());

    // Not cancelled: the next preview issues, as a job that succeeds.
    QPointer<Job> second;
    connect(m_session->jobs(), &JobRunner::jobStarted, this, [&second](Job *j) {
        if (j->title() == QLatin1String("Certificate preview"))
            second = j;
    });
    finished.clear();
    analysis->refreshCertificatePreview();
    QVERIFY(finished.wait(60000));
    QVERIFY(second);
    QCOMPARE(second->state(), JobState::Succeeded);
    QVERIFY(!analysis->certificatePreviewError());
    QVERIFY(analysis->certificatePreview());
}

void TestSessionJobs::autosaveRoundsAreJobs()
{
    QVERIFY(m_session->open(copyExample(QStringLiteral("p"))).ok());
    engine::DocumentManager *docs = m_session->documents();
    auto doc = docs->open(meshPath());
    QVERIFY(doc.ok());
    QPointer<Job> job;
    connect(m_session->jobs(), &JobRunner::jobAdded, this, [&job](Job *j) {
        if (j->title().startsWith(QLatin1String("Autosave")))
            job = j;
    });
    QSignalSpy autosaved(docs, &engine::DocumentManager::autosaved);
    doc.value()->setText(doc.value()->text() + "# unsaved\n");
    docs->setAutosaveInterval(20);
    QVERIFY(autosaved.wait(10000));
    QVERIFY(job);
    QVERIFY(job->isBackground());
    QCOMPARE(job->title(), QStringLiteral("Autosave of 1 unsaved buffer"));
    QTRY_COMPARE(job->state(), JobState::Succeeded);
    QCOMPARE(autosaved.first().first().toInt(), 1);
    QVERIFY(docs->recoveryStore().contains(meshPath()));
}

void TestSessionJobs::cancelledAutosaveIsWrittenByTheNextRound()
{
    QVERIFY(m_session->open(copyExample(QStringLiteral("p"))).ok());
    engine::DocumentManager *docs = m_session->documents();
    auto doc = docs->open(meshPath());
    QVERIFY(doc.ok());
    QList<QPointer<Job>> rounds;
    connect(m_session->jobs(), &JobRunner::jobAdded, this, [&rounds](Job *j) {
        if (!j->title().startsWith(QLatin1String("Autosave")))
            return;
        if (rounds.isEmpty())
            j->cancel();  // the first round is cancelled before it writes anything
        rounds.append(j);
    });
    QSignalSpy autosaved(docs, &engine::DocumentManager::autosaved);
    doc.value()->setText(doc.value()->text() + "# unsaved\n");
    docs->setAutosaveInterval(20);
    QVERIFY(autosaved.wait(10000));
    QVERIFY(rounds.size() >= 2);
    QVERIFY(rounds.first());
    QCOMPARE(rounds.first()->state(), JobState::Cancelled);
    QCOMPARE(rounds.first()->error()->code, Error::cancelledCode());
    QVERIFY(docs->recoveryStore().contains(meshPath()));
}

void TestSessionJobs::chainFetchIsAJobTheRunnerCancels()
{
    // A server that accepts and never answers the handshake: the fetch runs until cancelled.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    engine::tls::TlsEndpoint e;
    e.host = QStringLiteral("127.0.0.1");
    e.port = silent.serverPort();
    e.timeoutMs = 60000;
    engine::tls::TlsChainFetcher *fetcher = m_session->chainFetcher();
    QSignalSpy finished(fetcher, &engine::tls::TlsChainFetcher::finished);
    fetcher->start(e);
    Job *job = fetcher->job();
    QVERIFY(job);
    QVERIFY(m_session->jobs()->jobs().contains(job));
    QVERIFY(!job->isBackground());  // the user asked for it: it is a job of the list
    QCOMPARE(job->title(), QStringLiteral("Fetch the certificate chain of 127.0.0.1:%1").arg(e.port));
    QCOMPARE(m_session->jobs()->foregroundActiveCount(), 1);
    QVERIFY(fetcher->isRunning());
    job->cancel();  // as the Jobs list does
    QVERIFY(finished.size() == 1 || finished.wait(5000));
    QCOMPARE(job->state(), JobState::Cancelled);
    QVERIFY(fetcher->result().has_value());
    QVERIFY(!fetcher->result()->ok());
    QCOMPARE(fetcher->result()->error().code, Error::cancelledCode());
    QVERIFY(!fetcher->isRunning());
    QCOMPARE(m_session->jobs()->foregroundActiveCount(), 0);
}

void TestSessionJobs::backgroundJobsTakeNoSlotAndAreRetainedApart()
{
    JobRunner runner;
    runner.setMaxParallel(1);
    runner.setRetainFinished(2);
    runner.setRetainBackground(1);
    auto *user = runner.submit(std::make_unique<test::ManualJob>(QStringLiteral("deploy")));
    auto *queued = runner.submit(std::make_unique<test::ManualJob>(QStringLiteral("upload")));
    QCOMPARE(user->state(), JobState::Running);
    QCOMPARE(queued->state(), JobState::Queued);  // the one slot is taken
    // Background work starts at once beside it.
    auto background = std::make_unique<test::ManualJob>(QStringLiteral("analysis"));
    background->setBackground(true);
    auto *bg = runner.submit(std::move(background));
    QCOMPARE(bg->state(), JobState::Running);
    QCOMPARE(runner.activeCount(), 3);
    QCOMPARE(runner.foregroundActiveCount(), 2);
    QCOMPARE(runner.foregroundActiveJobs(), (QList<Job *>{user, queued}));
    bg->succeed();
    QCOMPARE(queued->state(), JobState::Queued);  // a background job frees no slot
    user->succeed();
    QCOMPARE(queued->state(), JobState::Running);
    queued->succeed();

    // Many finished background runs do not push the user's finished jobs out.
    QSignalSpy removed(&runner, &JobRunner::jobRemoved);
    for (int i = 0; i < 5; ++i) {
        auto j = std::make_unique<test::ManualJob>(QStringLiteral("analysis %1").arg(i));
        j->setBackground(true);
        runner.submit(std::move(j))->succeed();
    }
    QList<Job *> left = runner.jobs();
    QVERIFY(left.contains(user));
    QVERIFY(left.contains(queued));
    int backgroundLeft = 0;
    for (Job *j : std::as_const(left))
        backgroundLeft += j->isBackground() ? 1 : 0;
    QCOMPARE(backgroundLeft, 1);
    QCOMPARE(left.last()->title(), QStringLiteral("analysis 4"));
}

void TestSessionJobs::cancelForegroundLeavesBackgroundWork()
{
    JobRunner runner;
    QSignalSpy foreground(&runner, &JobRunner::foregroundActiveCountChanged);
    auto *user = runner.submit(std::make_unique<test::ManualJob>(QStringLiteral("build")));
    auto background = std::make_unique<test::ManualJob>(QStringLiteral("autosave"));
    background->setBackground(true);
    auto *bg = runner.submit(std::move(background));
    QCOMPARE(foreground.size(), 1);
    QCOMPARE(foreground.last().first().toInt(), 1);
    runner.cancelForeground();
    QTRY_COMPARE(user->state(), JobState::Cancelled);
    QCOMPARE(bg->state(), JobState::Running);
    QCOMPARE(foreground.last().first().toInt(), 0);
    QCOMPARE(runner.foregroundActiveCount(), 0);
    QCOMPARE(runner.activeCount(), 1);
    bg->succeed();
}

void TestSessionJobs::sessionOwnsOneHttpClient()
{
    engine::net::HttpClient *first = m_session->http();
    engine::net::HttpClient *second = m_session->http();
    QVERIFY(first);
    QCOMPARE(first, second);
    QCOMPARE(first->activeCount(), 0);
}

QTEST_GUILESS_MAIN(TestSessionJobs)
#include "tst_session_jobs.moc"
