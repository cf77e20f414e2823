// SPDX-License-Identifier: Apache-2.0
// Run locally from the Build & Deploy area, offscreen, on a copy of the example (free ports):
// real redis-server with TLS and the Flask API, each in bubblewrap. Start in the area's panel
// brings both services to "up"; the Logs area (same session, neither area knowing the other)
// lists them under "Local run" and shows their lines as Local sources, which its filter
// selects like any pod's; Stop and Restart of one service from its row; Stop All leaves no
// process (/proc). The limitations are listed in the panel; a machine without the tools gets
// problems naming the Debian packages and nothing starts. `screenshots` writes the README
// screenshot of the panel (SCONE_WORKBENCH_SCREENSHOT_DIR). Skipped, with the reason, without
// bwrap/redis-server/python3-flask/python3-redis unless WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS=1.
#include "build/localrunpanel.h"
#include "common/workbencharea.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunner.h"
#include "localrunproject.h"
#include "localrunsupport.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "proctree.h"
#include "session/projectsession.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using namespace workbench;
using engine::localrun::LocalRunner;
using models::logs::LineNumber;
using models::logs::LogStore;

namespace {

QStringList localLinesOf(const LogStore &store, const QString &service)
{
    QStringList out;
    for (LineNumber n = store.firstLine(); n < store.endLine(); n = n + models::logs::LineCount(1)) {
        const auto l = store.line(n);
        if (!l)
            continue;
        const models::logs::LogSource &s = store.sources().source(l->source);
        if (s.kind == models::logs::LogSourceKind::Local && s.service == service)
            out << QString::fromUtf8(l->text);
    }
    return out;
}

QList<qint64> runPids(const engine::localrun::LocalRunJob &job)
{
    QList<qint64> out;
    for (const engine::localrun::ServiceStatus &s : job.statuses())
        if (s.pid > 0) {
            out << s.pid << test::parentOf(pid_t(s.pid));
            for (pid_t p : test::descendantsOf(pid_t(s.pid)))
                out << p;
        }
    return out;
}

}  // namespace

class TestLocalRunPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    struct Window {
        std::unique_ptr<engine::ProjectSession> session;
        std::unique_ptr<ui::WorkbenchArea> build;
        std::unique_ptr<ui::LogsArea> logs;
        ui::LocalRunPanel *panel = nullptr;
    };

    /// A session on a fresh copy of the example with the Build & Deploy and Logs areas.
    bool open(Window &w, const QString &name)
    {
        const QString project =
            test::localRunExampleCopy(m_tmp.filePath(name), test::freeTcpPort(), test::freeTcpPort());
        if (project.isEmpty())
            return false;
        w.session = std::make_unique<engine::ProjectSession>(nullptr, m_tmp.filePath(name + QStringLiteral("-rec")));
        if (!w.session->open(project))
            return false;
        engine::localrun::LocalRunSettings settings = w.session->localRun()->runSettings();
        settings.runsDir = m_tmp.filePath(name + QStringLiteral("-runs"));
        w.session->localRun()->setRunSettings(settings);
        w.build.reset(ui::createBuildArea(w.session.get(), nullptr));
        w.logs = std::make_unique<ui::LogsArea>(w.session.get());
        w.panel = w.build->findChild<ui::LocalRunPanel *>();
        w.build->resize(1000, 760);
        w.build->show();
        w.logs->resize(1200, 600);
        w.logs->show();
        return w.panel != nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        if (const QString missing = test::prepareLocalRunTools(); !missing.isEmpty()) {
            if (test::localRunToolsRequired())
                QFAIL(qPrintable(missing));
            QSKIP(qPrintable(missing));
        }
    }

    void runFromBuildAreaWithLogs()
    {
        Window w;
        QVERIFY(open(w, QStringLiteral("good")));
        ui::LocalRunPanel *panel = w.panel;
        // What a local run cannot show is in view before anything runs.
        for (const char *topic : {"Not a security test", "attestation", "MRENCLAVE", "access policies"})
            QVERIFY2(panel->limitationsText().contains(QLatin1String(topic), Qt::CaseInsensitive), topic);
        QVERIFY(panel->toolText().isEmpty());
        QVERIFY(panel->startButton()->isEnabled());
        QVERIFY(!panel->stopButton()->isEnabled());
        QVERIFY(!panel->keepCheck()->isChecked());
        QCOMPARE(w.logs->statusText(), QStringLiteral("Not connected."));

        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.session->localRun()->job() || !panel->problemText().isEmpty(), 60000);
        QVERIFY2(panel->problemText().isEmpty(), qPrintable(panel->problemText()));
        QTRY_COMPARE_WITH_TIMEOUT(panel->stateText(QStringLiteral("redis")), QStringLiteral("up"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->stateText(QStringLiteral("flask-api")), QStringLiteral("up"), 60000);
        QVERIFY(!panel->startButton()->isEnabled());
        QVERIFY(panel->stopButton()->isEnabled());
        QCOMPARE(panel->statusText(), QStringLiteral("Every service is up."));
        engine::localrun::LocalRunJob *job = w.session->localRun()->job();
        QVERIFY(job);
        QCOMPARE(job->state(), engine::jobs::JobState::Running);

        // The Logs area: the services under "Local run", their lines in its store.
        QTreeWidgetItem *local = w.logs->localRunItem();
        QVERIFY(local);
        QCOMPARE(local->childCount(), 2);
        QStringList listed;
        for (int i = 0; i < local->childCount(); ++i)
            listed << local->child(i)->text(0);
        QCOMPARE(listed, (QStringList{QStringLiteral("redis"), QStringLiteral("flask-api")}));
        QTRY_COMPARE(local->child(0)->text(1), QStringLiteral("running"));
        // Nothing of SCONE in a native run's output: the SCONE column says so, the summary is
        // about pods and SCONE events only (tst_localrun_session feeds a SCONE line).
        QTRY_COMPARE(local->child(0)->text(2), QStringLiteral("native"));
        QVERIFY(!local->child(0)->toolTip(2).isEmpty());
        LogStore *store = w.logs->store();
        QVERIFY(store);
        QTRY_VERIFY(localLinesOf(*store, QStringLiteral("redis")).filter(QStringLiteral("Ready to accept")).size() >=
                    1);
        QTRY_VERIFY(localLinesOf(*store, QStringLiteral("flask-api")).filter(QStringLiteral("Running on")).size() >= 1);
        // The same filter as for pods: of the services' own lines only redis's "Ready to accept"
        // one(s); the run's lines about a service (started, waiting) are stream-state markers,
        // which the filter keeps in view as it keeps a pod's.
        w.logs->setFilterText(QStringLiteral("Ready to accept"));
        QTRY_VERIFY_WITH_TIMEOUT(w.logs->isFilterCurrent() && w.logs->filterResult(), 20000);
        const auto result = w.logs->filterResult();
        int text = 0;
        for (qsizetype i = 0; i < result->size(); ++i) {
            const auto l = store->line(result->at(i));
            QVERIFY(l);
            QCOMPARE(store->sources().source(l->source).kind, models::logs::LogSourceKind::Local);
            if (l->attributes.kind != models::logs::LineKind::Text)
                continue;
            ++text;
            QCOMPARE(store->sources().source(l->source).service, QStringLiteral("redis"));
            QVERIFY(QString::fromUtf8(l->text).contains(QLatin1String("Ready to accept")));
        }
        QVERIFY(text >= 1);
        w.logs->setFilterText({});

        // One service from its row: Stop, then Restart.
        auto *stopApi = panel->servicesTree()->findChild<QToolButton *>(QStringLiteral("stop:flask-api"));
        auto *restartApi = panel->servicesTree()->findChild<QToolButton *>(QStringLiteral("restart:flask-api"));
        QVERIFY(stopApi && restartApi);
        QTest::mouseClick(stopApi, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel->stateText(QStringLiteral("flask-api")), QStringLiteral("stopped"), 20000);
        QCOMPARE(panel->stateText(QStringLiteral("redis")), QStringLiteral("up"));
        QTRY_COMPARE(local->child(1)->text(1), QStringLiteral("stopped"));
        QVERIFY(!stopApi->isEnabled());
        QTest::mouseClick(restartApi, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel->stateText(QStringLiteral("flask-api")), QStringLiteral("up"), 60000);

        // Stop All: nothing of the run is left.
        const QList<qint64> pids = runPids(*job);
        QVERIFY(pids.size() >= 6);
        const QString folder = job->runFolder();
        QTest::mouseClick(panel->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(w.session->localRun()->phase(), LocalRunner::Phase::Idle, 30000);
        for (qint64 pid : pids)
            QTRY_VERIFY_WITH_TIMEOUT(!test::processAlive(pid), 5000);
        QVERIFY(test::processesMentioning(folder.toUtf8()).isEmpty());
        QVERIFY(!QFileInfo::exists(folder));
        QCOMPARE(panel->stateText(QStringLiteral("redis")), QStringLiteral("stopped"));
        QVERIFY(panel->startButton()->isEnabled());
        QVERIFY(panel->problemText().isEmpty());
        QTRY_COMPARE(local->text(1), QStringLiteral("ended"));
    }

    void missingToolsAreNamed()
    {
        Window w;
        QVERIFY(open(w, QStringLiteral("notools")));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(m_tmp.filePath(QStringLiteral("empty-bin"))));
        auto restore = qScopeGuard([&] { qputenv("PATH", path); });
        QTest::mouseClick(w.panel->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!w.panel->problemText().isEmpty(), 60000);
        const QString text = w.panel->problemText();
        QVERIFY2(text.contains(QLatin1String("Nothing was started")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("bubblewrap")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("redis-server")), qPrintable(text));
        QVERIFY(!w.session->localRun()->job());
        QVERIFY(w.panel->startButton()->isEnabled());
        QVERIFY(!w.logs->localRunItem());
    }

    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write the README screenshots");
        Window w;
        QVERIFY(open(w, QStringLiteral("shot")));
        w.panel->startRun();
        QTRY_COMPARE_WITH_TIMEOUT(w.panel->stateText(QStringLiteral("redis")), QStringLiteral("up"), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(w.panel->stateText(QStringLiteral("flask-api")), QStringLiteral("up"), 60000);
        QVERIFY(QDir().mkpath(dir));
        const bool saved = w.panel->grab().save(QDir(dir).filePath(QStringLiteral("localrun-panel.png")), "PNG");
        w.session->localRun()->stop();
        QTRY_COMPARE_WITH_TIMEOUT(w.session->localRun()->phase(), LocalRunner::Phase::Idle, 30000);
        QVERIFY(saved);
    }
};

QTEST_MAIN(TestLocalRunPanel)
#include "tst_localrun_panel.moc"
