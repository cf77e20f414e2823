// SPDX-License-Identifier: Apache-2.0
// The window's view of the session's jobs (issue 12): a running job (a real external process)
// is counted by the status bar's job indicator and listed in the Jobs tab with its state and
// log; the list's Cancel button stops it (the process is gone, checked through /proc); closing
// the window while a job runs asks, and "Cancel jobs and quit" cancels and closes — bounded,
// even when a job does not respond.

#include "jobs/joblistmodel.h"
#include "jobs/jobrunner.h"
#include "process/processjob.h"
#include "proctree.h"
#include "session/projectsession.h"
#include "shell/jobspane.h"
#include "shell/mainwindow.h"
#include "shell/outputpane.h"
#include "testjobs.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace workbench;
using engine::jobs::Job;
using engine::jobs::JobListModel;
using engine::jobs::JobState;
using engine::process::ProcessJob;

class TestJobsPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void runningJobInStatusBarAndListCancelStopsIt();
    void selectedJobShowsItsLog();
    void backgroundWorkOnlyOnRequest();
    void closeWhileRunningAsksThenCancels();
    void closeDoesNotHangOnAJobThatIgnoresCancel();

private:
    ProcessJob *startSleeper(const QString &title);
    ui::JobsPane *pane() const { return m_window->outputPane()->jobsPane(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
    QList<qint64> m_pids;
};

void TestJobsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_jobs_pane"));
    QSettings().clear();
}

void TestJobsPane::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString project = m_dir->filePath(QStringLiteral("project"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir->filePath(QStringLiteral("recovery")));
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    QVERIFY(m_window->openProject(project));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestJobsPane::cleanup()
{
    m_window.reset();
    m_session.reset();
    // Whatever a test started is gone once the session is (each job stops its process tree).
    QList<pid_t> pids;
    for (qint64 p : std::as_const(m_pids))
        pids << pid_t(p);
    QCOMPARE(test::waitUntilGone(pids, 5000), QList<pid_t>{});
    m_pids.clear();
    m_dir.reset();
}

ProcessJob *TestJobsPane::startSleeper(const QString &title)
{
    engine::process::ProcessSpec spec;
    spec.command = engine::process::CommandLine(QStringLiteral(WORKBENCH_PROCESS_TEST_APP),
                                                {QStringLiteral("sleep"), QStringLiteral("30000")});
    spec.terminateGraceMs = 500;
    auto *job = m_session->jobs()->submit(std::make_unique<ProcessJob>(title, spec));
    if (!QTest::qWaitFor([job] { return job->process() && job->process()->pid() > 0; }, 10000))
        return nullptr;
    m_pids << job->process()->pid();
    return job;
}

void TestJobsPane::runningJobInStatusBarAndListCancelStopsIt()
{
    ui::JobIndicator *indicator = m_window->jobIndicator();
    QVERIFY(indicator);
    QTRY_COMPARE(indicator->count(), 0);  // the analysis of the opened project is not counted
    QCOMPARE(indicator->button()->text(), QStringLiteral("No jobs"));
    QVERIFY(!indicator->spinner()->isVisible());

    ProcessJob *job = startSleeper(QStringLiteral("Sleep for a while"));
    QVERIFY(job);
    const qint64 pid = job->process()->pid();
    QVERIFY(test::processAlive(pid));
    QCOMPARE(indicator->count(), 1);
    QCOMPARE(indicator->button()->text(), QStringLiteral("1 job running"));
    QVERIFY(indicator->spinner()->isVisible());

    // A click on the indicator opens the Jobs list.
    QTest::mouseClick(indicator->button(), Qt::LeftButton);
    QWidget *jobsTab = m_window->outputPane()->tabs()->currentWidget();
    QCOMPARE(jobsTab, static_cast<QWidget *>(pane()));
    QVERIFY(pane()->isVisible());

    JobListModel *model = pane()->model();
    const QModelIndex row = model->indexOf(job);
    QVERIFY(row.isValid());
    QCOMPARE(row.data().toString(), QStringLiteral("Sleep for a while"));
    QCOMPARE(row.siblingAtColumn(JobListModel::StateColumn).data().toString(), QStringLiteral("Running"));
    QVERIFY(!row.siblingAtColumn(JobListModel::ElapsedColumn).data().toString().isEmpty());
    QCOMPARE(row.siblingAtColumn(JobListModel::CancelColumn).data().toString(), QStringLiteral("Cancel"));

    // The row's Cancel button, clicked as a user does.
    QTreeView *view = pane()->view();
    const QRect cell = view->visualRect(view->model()->index(row.row(), JobListModel::CancelColumn));
    QVERIFY(!cell.isEmpty());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), JobState::Cancelled, 5000);
    QCOMPARE(test::waitUntilGone({pid_t(pid)}, 3000), QList<pid_t>{});
    QCOMPARE(row.siblingAtColumn(JobListModel::StateColumn).data().toString(), QStringLiteral("Cancelled"));
    QCOMPARE(indicator->count(), 0);
    QCOMPARE(indicator->button()->text(), QStringLiteral("No jobs"));
    QVERIFY(!indicator->spinner()->isVisible());
}

void TestJobsPane::selectedJobShowsItsLog()
{
    // A program that writes "out" on stdout and "err line" on stderr, then exits with 3.
    engine::process::ProcessSpec spec;
    spec.command = engine::process::CommandLine(QStringLiteral(WORKBENCH_PROCESS_TEST_APP),
                                                {QStringLiteral("exit"), QStringLiteral("3")});
    auto *job = m_session->jobs()->submit(std::make_unique<ProcessJob>(QStringLiteral("Exit with 3"), spec));
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 10000);
    QCOMPARE(job->state(), JobState::Failed);
    m_window->showJobs();
    QVERIFY(pane()->selectJob(job));
    QCOMPARE(pane()->selectedJob(), job);
    const QString text = pane()->logView()->toPlainText();
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d out   out$"),
                                QRegularExpression::MultilineOption)
                 .match(text)
                 .hasMatch(),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(" err   err line")), qPrintable(text));
    // The failure is shown in the progress column, the Cancel button is gone.
    const QModelIndex row = pane()->model()->indexOf(job);
    QCOMPARE(row.siblingAtColumn(JobListModel::StateColumn).data().toString(), QStringLiteral("Failed"));
    QVERIFY(row.siblingAtColumn(JobListModel::ProgressColumn).data().toString().contains(QStringLiteral("3")));
    QVERIFY(row.siblingAtColumn(JobListModel::CancelColumn).data().toString().isEmpty());
    QVERIFY(!pane()->cancelButton()->isEnabled());

    // A running job's log follows it live.
    test::ManualJob *live = m_session->jobs()->submit(std::make_unique<test::ManualJob>(QStringLiteral("Live")));
    QVERIFY(pane()->selectJob(live));
    QVERIFY(pane()->cancelButton()->isEnabled());
    live->log(QStringLiteral("first line"));
    live->log(QStringLiteral("second line"));
    QTRY_VERIFY(pane()->logView()->toPlainText().contains(QStringLiteral("out   second line")));
    QTest::mouseClick(pane()->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(live->state(), JobState::Cancelled);
}

void TestJobsPane::backgroundWorkOnlyOnRequest()
{
    JobListModel *model = pane()->model();
    auto listsAnalysis = [model] {
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->job(r) && model->job(r)->title().startsWith(QLatin1String("Analysis")))
                return true;
        return false;
    };
    // The opened project was analysed by jobs of the session's runner...
    bool ranAnalysis = false;
    for (const Job *j : m_session->jobs()->jobs())
        ranAnalysis = ranAnalysis || (j->isBackground() && j->title().startsWith(QLatin1String("Analysis")));
    QVERIFY(ranAnalysis);
    // ... which the list shows only when asked.
    QVERIFY(!listsAnalysis());
    pane()->showBackgroundBox()->setChecked(true);
    QVERIFY(listsAnalysis());
    pane()->showBackgroundBox()->setChecked(false);
    QVERIFY(!listsAnalysis());
}

void TestJobsPane::closeWhileRunningAsksThenCancels()
{
    ProcessJob *job = startSleeper(QStringLiteral("Deploy (stand-in)"));
    QVERIFY(job);
    const qint64 pid = job->process()->pid();
    QStringList asked;
    ui::MainWindow::RunningJobsChoice answer = ui::MainWindow::RunningJobsChoice::KeepRunning;
    m_window->setRunningJobsPrompt([&](const QStringList &titles) {
        asked = titles;
        return answer;
    });

    // Keep running: the window stays, the job goes on.
    QVERIFY(!m_window->close());
    QCOMPARE(asked, QStringList{QStringLiteral("Deploy (stand-in)")});
    QVERIFY(!m_window->isClosedForGood());
    QVERIFY(m_window->isVisible());
    QCOMPARE(job->state(), JobState::Running);
    QVERIFY(test::processAlive(pid));

    // Cancel jobs and quit: cancelled, waited for, then closed for good.
    asked.clear();
    answer = ui::MainWindow::RunningJobsChoice::CancelJobsAndQuit;
    QSignalSpy closed(m_window.get(), &ui::MainWindow::closedForGood);
    m_window->close();
    QCOMPARE(asked, QStringList{QStringLiteral("Deploy (stand-in)")});
    QVERIFY(closed.size() == 1 || closed.wait(10000));
    QVERIFY(m_window->isClosedForGood());
    QVERIFY(!m_window->isVisible());
    QCOMPARE(job->state(), JobState::Cancelled);
    QCOMPARE(test::waitUntilGone({pid_t(pid)}, 3000), QList<pid_t>{});
    QCOMPARE(asked.size(), 1);  // asked once, not again when the window closed after the wait
}

void TestJobsPane::closeDoesNotHangOnAJobThatIgnoresCancel()
{
    auto stubborn = std::make_unique<test::ManualJob>(QStringLiteral("Stubborn"));
    stubborn->ignoreCancel = true;
    test::ManualJob *job = m_session->jobs()->submit(std::move(stubborn));
    QCOMPARE(job->state(), JobState::Running);
    int prompts = 0;
    m_window->setRunningJobsPrompt([&prompts](const QStringList &) {
        ++prompts;
        return ui::MainWindow::RunningJobsChoice::CancelJobsAndQuit;
    });
    m_window->setJobStopTimeout(300);
    QSignalSpy closed(m_window.get(), &ui::MainWindow::closedForGood);
    m_window->close();
    QCOMPARE(job->cancelRequests, 1);
    QVERIFY(!m_window->isClosedForGood());  // waiting for it, bounded
    QVERIFY(closed.wait(5000));
    QVERIFY(m_window->isClosedForGood());
    QCOMPARE(prompts, 1);
    QCOMPARE(job->state(), JobState::Running);  // it did not listen; the session's end stops it
    job->succeed();
}

QTEST_MAIN(TestJobsPane)
#include "tst_jobs_pane.moc"
