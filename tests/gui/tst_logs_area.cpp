// SPDX-License-Identifier: Apache-2.0
// The Logs area, offscreen, against the loopback Kubernetes API server (kube-test-server): the
// release's pods merged into one view with a colour per pod, the pods list with stream states
// and SCONE status, the filter computed by jobs and kept current as lines arrive (always equal
// to a full recomputation), search next / previous with wrapping (jobs), follow mode, save of
// all and of the shown lines, the previous instance's log, clear errors for an unreachable
// cluster, a bad kubeconfig and a refused request, and filter and search on a large buffer.
// `screenshots` writes the README screenshot of the area (SCONE_WORKBENCH_SCREENSHOT_DIR).
#include "analysis/projectanalysis.h"
#include "kube/releaselogs.h"
#include "kubetestserver.h"
#include "logs/logfilter.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "logs/logviewpalette.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "testsupport.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::logs;
using engine::kube::LogStreamState;
using engine::kube::ReleaseLogStreamInfo;
using ui::LogsArea;
using ui::LogView;

namespace {

const QString kNs = QStringLiteral("shop");

QJsonObject op(const char *name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    if (!fields.contains(QStringLiteral("namespace")))
        fields.insert(QStringLiteral("namespace"), kNs);
    return fields;
}

QJsonObject addPod(const QString &name, const QStringList &containers, const QString &release)
{
    return op("addPod", {{QStringLiteral("name"), name},
                         {QStringLiteral("containers"), QJsonArray::fromStringList(containers)},
                         {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/instance"), release},
                                                                {QStringLiteral("app.kubernetes.io/name"),
                                                                 name.section(QLatin1Char('-'), 0, 0)}}}});
}

QJsonObject appendLogs(const QString &pod, const QString &container, const QStringList &lines)
{
    return op("appendLogs", {{QStringLiteral("name"), pod},
                             {QStringLiteral("container"), container},
                             {QStringLiteral("lines"), QJsonArray::fromStringList(lines)}});
}

QStringList numbered(const QString &prefix, int from, int count)
{
    QStringList l;
    for (int i = from; i < from + count; ++i)
        l << prefix + QString::number(i);
    return l;
}

QString textOf(const LogStore &store, LineNumber line)
{
    const auto l = store.line(line);
    return l ? QString::fromUtf8(l->text) : QString();
}

/// The text lines of one container, in store order.
QStringList linesOf(const LogStore &store, const QString &pod, const QString &container)
{
    QStringList out;
    for (LineNumber n = store.firstLine(); n < store.endLine(); n = n + LineCount(1)) {
        const auto l = store.line(n);
        if (!l || l->attributes.kind != LineKind::Text)
            continue;
        const LogSource &s = store.sources().source(l->source);
        if (s.pod == pod && s.container == container)
            out << QString::fromUtf8(l->text);
    }
    return out;
}

std::optional<ReleaseLogStreamInfo> streamOf(LogsArea &area, const QString &pod, const QString &container)
{
    if (!area.releaseLogs())
        return std::nullopt;
    for (const ReleaseLogStreamInfo &i : area.releaseLogs()->streams())
        if (i.pod == pod && i.container == container)
            return i;
    return std::nullopt;
}

/// The text lines the stream appended so far (as ReleaseLogs counts them, markers excluded).
quint64 linesOfStream(LogsArea &area, const QString &pod, const QString &container)
{
    const auto s = streamOf(area, pod, container);
    return s ? s->lines : 0;
}

QTreeWidgetItem *treeItem(QTreeWidget *tree, const QString &pod, const QString &container = {})
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *p = tree->topLevelItem(i);
        if (p->text(0) != pod)
            continue;
        if (container.isEmpty())
            return p;
        for (int c = 0; c < p->childCount(); ++c)
            if (p->child(c)->text(0) == container)
                return p->child(c);
    }
    return nullptr;
}

/// The filter's result as a full recomputation over the store gives it.
std::vector<LineNumber> recomputed(const LogsArea &area)
{
    auto filter = engine::logs::LogFilter::compile(area.filterSpec());
    if (!filter)
        return {};
    const LogSnapshot s = area.store()->snapshot();
    return filter->evaluate(s, s.firstLine(), s.endLine()).lines();
}

}  // namespace

class TestLogsArea : public QObject
{
    Q_OBJECT

private:
    test::KubeTestServer m_server;
    QTemporaryDir m_dir;
    QString m_kubeconfig;
    // What the window hands every area; the area's HTTP client is the session's.
    std::unique_ptr<engine::ProjectSession> m_session;

    std::unique_ptr<LogsArea> makeArea(const QString &release, const QString &kubeconfig = {})
    {
        if (!m_session)
            m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir.filePath(QStringLiteral("recovery")));
        auto area = std::make_unique<LogsArea>(m_session.get());
        area->resize(1200, 700);
        area->show();
        LogsArea::Connection c;
        c.kubeconfig = kubeconfig.isEmpty() ? m_kubeconfig : kubeconfig;
        c.release = release;
        area->setConnection(c);
        return area;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("HOME", m_dir.path().toUtf8());
        qunsetenv("KUBECONFIG");
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_kubeconfig = m_dir.filePath(QStringLiteral("config"));
        QVERIFY(m_server.writeKubeconfig(m_kubeconfig, test::KubeTestServer::Auth::Token, kNs));
        QVERIFY(m_server.run(op("addNamespace", {{QStringLiteral("name"), kNs}})));
    }

    void mergesPodsWithColours()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("web-0"), {QStringLiteral("app"), QStringLiteral("proxy")},
                                    QStringLiteral("merge"))));
        QVERIFY(m_server.run(addPod(QStringLiteral("db-0"), {QStringLiteral("db")}, QStringLiteral("merge"))));
        QVERIFY(m_server.run(addPod(QStringLiteral("stranger-0"), {QStringLiteral("x")}, QStringLiteral("other"))));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("web-0"), QStringLiteral("app"), numbered(QStringLiteral("app "), 0, 40))));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("web-0"), QStringLiteral("proxy"), numbered(QStringLiteral("proxy "), 0, 25))));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("db-0"), QStringLiteral("db"), numbered(QStringLiteral("db "), 0, 30))));
        QVERIFY(
            m_server.run(appendLogs(QStringLiteral("stranger-0"), QStringLiteral("x"), {QStringLiteral("not mine")})));

        auto area = makeArea(QStringLiteral("merge"));
        QSignalSpy connected(area.get(), &LogsArea::connectedChanged);
        area->connectToCluster();
        QVERIFY(area->isConnected());
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("web-0"), QStringLiteral("app")), quint64(40));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("web-0"), QStringLiteral("proxy")), quint64(25));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("db-0"), QStringLiteral("db")), quint64(30));
        QCOMPARE(area->releaseLogs()->streams().size(), 3);
        // Each stream complete and in order; the other release's pod is not there.
        QCOMPARE(linesOf(*area->store(), QStringLiteral("web-0"), QStringLiteral("app")),
                 numbered(QStringLiteral("app "), 0, 40));
        QCOMPARE(linesOf(*area->store(), QStringLiteral("web-0"), QStringLiteral("proxy")),
                 numbered(QStringLiteral("proxy "), 0, 25));
        QCOMPARE(linesOf(*area->store(), QStringLiteral("db-0"), QStringLiteral("db")),
                 numbered(QStringLiteral("db "), 0, 30));
        QVERIFY(linesOf(*area->store(), QStringLiteral("stranger-0"), QStringLiteral("x")).isEmpty());

        // The pods list: both pods, their containers live, in the colour of their pod.
        QTRY_VERIFY(treeItem(area->podsTree(), QStringLiteral("web-0"), QStringLiteral("proxy")));
        QTRY_COMPARE(treeItem(area->podsTree(), QStringLiteral("db-0"))->text(1), QStringLiteral("Running"));
        QCOMPARE(area->podsTree()->topLevelItemCount(), 2);
        QTRY_VERIFY(treeItem(area->podsTree(), QStringLiteral("web-0"), QStringLiteral("app"))
                        ->text(1)
                        .startsWith(QStringLiteral("live")));
        const auto &sources = area->store()->sources();
        const auto app = sources.findContainer(kNs, QStringLiteral("web-0"), QStringLiteral("app"));
        const auto proxy = sources.findContainer(kNs, QStringLiteral("web-0"), QStringLiteral("proxy"));
        const auto db = sources.findContainer(kNs, QStringLiteral("db-0"), QStringLiteral("db"));
        QVERIFY(app && proxy && db);
        QCOMPARE(sources.source(*app).colourIndex, sources.source(*proxy).colourIndex);
        QVERIFY(sources.source(*app).colourIndex != sources.source(*db).colourIndex);
        const auto palette = ui::LogViewPalette::forApplication();
        const QImage appSwatch = treeItem(area->podsTree(), QStringLiteral("web-0"), QStringLiteral("app"))
                                     ->icon(0)
                                     .pixmap(12, 12)
                                     .toImage();
        QCOMPARE(appSwatch.pixelColor(6, 6).rgb(), palette.sourceColor(sources.source(*app).colourIndex).rgb());

        // Follow: the newest line is on screen.
        area->view()->refreshNow();
        QVERIFY(area->view()->isFollowing());
        QCOMPARE(area->view()->visibleLines().last(), area->store()->endLine() - LineCount(1));
        QVERIFY(area->bannerText().isEmpty());
        // The status line counts the store's lines (95 text lines and the streams' markers).
        QVERIFY(area->store()->lineCount().get() >= 95);
        QTRY_COMPARE(area->statusText(), QStringLiteral("%L1 lines").arg(area->store()->lineCount().get()));

        area->disconnectFromCluster();
        QVERIFY(!area->isConnected());
        QTRY_VERIFY(area->releaseLogs()->isFinished());
        QCOMPARE(connected.size(), 2);  // true, then false

        // Reconnected with "Last 1,000 lines" (tailLines per container): a new log of what the
        // streams send now.
        auto *from = area->findChild<QComboBox *>(QStringLiteral("from"));
        QVERIFY(from);
        from->setCurrentIndex(from->findData(QStringLiteral("tail:1000")));
        QVERIFY(from->currentIndex() > 0);
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("db-0"), QStringLiteral("db"), numbered(QStringLiteral("db "), 30, 1000))));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("db-0"), QStringLiteral("db")), quint64(1000));
        QCOMPARE(linesOf(*area->store(), QStringLiteral("db-0"), QStringLiteral("db")),
                 numbered(QStringLiteral("db "), 30, 1000));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("web-0"), QStringLiteral("app")), quint64(40));
        area->disconnectFromCluster();
    }

    void connectionFromDeploymentSettings()
    {
        const QString project = m_dir.filePath(QStringLiteral("project"));
        QVERIFY(QDir().mkpath(project));
        auto settings = models::policy::DeploymentSettings::defaults(project);
        settings.release = QStringLiteral("from-settings");
        settings.kubeNamespace = QStringLiteral("shop");
        settings.kubeContext = QStringLiteral("test");
        QVERIFY(QDir().mkpath(models::policy::workbenchDir(project)));
        QVERIFY(test::writeFile(models::policy::settingsFilePath(project), models::policy::settingsToYaml(settings)));
        engine::ProjectSession session(nullptr, m_dir.filePath(QStringLiteral("recovery")));
        QVERIFY(session.open(project).ok());
        auto area = std::make_unique<LogsArea>(&session);
        QCOMPARE(area->connection().release, QStringLiteral("from-settings"));
        QCOMPARE(area->connection().namespaceName, QStringLiteral("shop"));
        QCOMPARE(area->connection().context, QStringLiteral("test"));
        // An edit of the settings (unsaved) reaches the fields.
        QVERIFY(session.settings()->setValue(QStringLiteral("RELEASE"), QStringLiteral("edited")).ok());
        QCOMPARE(area->connection().release, QStringLiteral("edited"));
        // What the user typed stays when the settings change.
        auto *release = area->findChild<QLineEdit *>(QStringLiteral("release"));
        QVERIFY(release);
        release->setFocus();
        release->selectAll();
        QTest::keyClicks(release, QStringLiteral("typed"));
        QVERIFY(session.settings()->setValue(QStringLiteral("RELEASE"), QStringLiteral("changed-again")).ok());
        QCOMPARE(area->connection().release, QStringLiteral("typed"));
        area.reset();
        session.shutdown();
    }

    void filterKeptCurrentIncrementally()
    {
        QVERIFY(m_server.run(
            addPod(QStringLiteral("flt-0"), {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("filtering"))));
        QStringList first;
        for (int i = 0; i < 300; ++i)
            first << (i % 7 == 0 ? QStringLiteral("ERROR request %1 failed").arg(i) : QStringLiteral("ok %1").arg(i));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("flt-0"), QStringLiteral("a"), first)));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("flt-0"), QStringLiteral("b"), numbered(QStringLiteral("b ok "), 0, 100))));
        auto area = makeArea(QStringLiteral("filtering"));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("flt-0"), QStringLiteral("a")), quint64(300));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("flt-0"), QStringLiteral("b")), quint64(100));

        area->setFilterText(QStringLiteral("error request"));
        QVERIFY(!area->isFilterCurrent());
        QTRY_VERIFY(area->isFilterCurrent());
        QVERIFY(area->filterResult());
        // 43 matching text lines (0, 7, ..., 294) plus the marker lines, which always pass.
        qsizetype text = 0;
        for (LineNumber n : area->filterResult()->lines())
            if (area->store()->line(n)->attributes.kind == LineKind::Text) {
                QVERIFY(textOf(*area->store(), n).contains(QStringLiteral("ERROR request")));
                ++text;
            }
        QCOMPARE(text, 43);
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        area->view()->refreshNow();
        QCOMPARE(area->view()->rowCount(), area->filterResult()->size());

        // Lines arriving: the result grows without a full run and equals a recomputation.
        QSignalSpy updated(area.get(), &LogsArea::filterUpdated);
        QStringList more;
        for (int i = 300; i < 600; ++i)
            more << (i % 5 == 0 ? QStringLiteral("error request %1 slow").arg(i) : QStringLiteral("ok %1").arg(i));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("flt-0"), QStringLiteral("a"), more)));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("flt-0"), QStringLiteral("a")), quint64(600));
        QTRY_VERIFY(area->isFilterCurrent());
        QVERIFY(!updated.isEmpty());
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        text = 0;
        for (LineNumber n : area->filterResult()->lines())
            text += area->store()->line(n)->attributes.kind == LineKind::Text ? 1 : 0;
        QCOMPARE(text, 43 + 60);

        // Lines that arrive while a search job reads the result: applied after it, still exact.
        QVERIFY(area->setSearchText(QStringLiteral("request")));
        QSignalSpy searched(area.get(), &LogsArea::searchFinished);
        area->findNext();
        QVERIFY(m_server.run(appendLogs(QStringLiteral("flt-0"), QStringLiteral("a"),
                                        {QStringLiteral("error request late"), QStringLiteral("ok late")})));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("flt-0"), QStringLiteral("a")), quint64(602));
        QTRY_VERIFY(!searched.isEmpty());
        QTRY_VERIFY(area->isFilterCurrent());
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        QVERIFY(textOf(*area->store(), area->filterResult()->lines().back()) == QStringLiteral("error request late") ||
                area->store()->line(area->filterResult()->lines().back())->attributes.kind != LineKind::Text);

        // Exclude, regex, a hidden source, and the filter removed again.
        area->setFilterText(QStringLiteral("request \\d+"), QStringLiteral("slow"), true);
        QTRY_VERIFY(area->isFilterCurrent());
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        for (LineNumber n : area->filterResult()->lines())
            QVERIFY(!textOf(*area->store(), n).contains(QStringLiteral("slow")));
        area->setFilterText({});
        const auto b = area->store()->sources().findContainer(kNs, QStringLiteral("flt-0"), QStringLiteral("b"));
        QVERIFY(b);
        area->setSourceShown(*b, false);
        QCOMPARE(treeItem(area->podsTree(), QStringLiteral("flt-0"), QStringLiteral("b"))->checkState(0),
                 Qt::Unchecked);
        QTRY_VERIFY(area->isFilterCurrent());
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        for (LineNumber n : area->filterResult()->lines())
            QVERIFY(area->store()->line(n)->source != *b);
        area->setSourceShown(*b, true);
        QVERIFY(area->filterSpec().isEmpty());
        QVERIFY(!area->filterResult());
        area->view()->refreshNow();
        QCOMPARE(area->view()->rowCount(), qint64(area->store()->lineCount().get()));

        // A bad regex is an error shown to the user, not a crash.
        area->setFilterText(QStringLiteral("(unclosed"), {}, true);
        QVERIFY(area->bannerText().contains(QStringLiteral("Filter:")));
        area->disconnectFromCluster();
    }

    void searchNextPreviousWraps()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("srch-0"), {QStringLiteral("c")}, QStringLiteral("searching"))));
        QStringList lines = numbered(QStringLiteral("plain "), 0, 200);
        for (int at : {20, 100, 180})
            lines[at] = QStringLiteral("the Needle %1").arg(at);
        QVERIFY(m_server.run(appendLogs(QStringLiteral("srch-0"), QStringLiteral("c"), lines)));
        auto area = makeArea(QStringLiteral("searching"));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("srch-0"), QStringLiteral("c")), quint64(200));
        area->view()->refreshNow();
        area->view()->setFollowing(false);
        area->view()->scrollToLine(area->store()->firstLine());
        QVERIFY(area->setSearchText(QStringLiteral("needle")));
        QSignalSpy done(area.get(), &LogsArea::searchFinished);
        auto step = [&](bool forward) {
            const qsizetype before = done.size();
            if (forward)
                area->findNext();
            else
                area->findPrevious();
            QVERIFY(area->isSearching());
            QTRY_COMPARE(done.size(), before + 1);
        };
        auto current = [&] {
            return area->view()->currentMatch() ? textOf(*area->store(), *area->view()->currentMatch()) : QString();
        };
        step(true);
        QCOMPARE(current(), QStringLiteral("the Needle 20"));
        step(true);
        QCOMPARE(current(), QStringLiteral("the Needle 100"));
        step(true);
        QCOMPARE(current(), QStringLiteral("the Needle 180"));
        QCOMPARE(done.last().at(1).toBool(), false);
        step(true);  // around the end
        QCOMPARE(current(), QStringLiteral("the Needle 20"));
        QCOMPARE(done.last().at(1).toBool(), true);
        step(false);  // around the start
        QCOMPARE(current(), QStringLiteral("the Needle 180"));
        step(false);
        QCOMPARE(current(), QStringLiteral("the Needle 100"));
        // The current match is on screen.
        QVERIFY(area->view()->visibleLines().contains(*area->view()->currentMatch()));

        // Within a filter: only shown lines count.
        area->setFilterText(QStringLiteral("180"));
        QTRY_VERIFY(area->isFilterCurrent());
        step(true);
        QCOMPARE(current(), QStringLiteral("the Needle 180"));
        step(true);
        QCOMPARE(current(), QStringLiteral("the Needle 180"));

        // No match: found = false, the current match stays.
        QVERIFY(area->setSearchText(QStringLiteral("absent")));
        step(true);
        QCOMPARE(done.last().at(0).toBool(), false);
        // F3 in the view runs the search as a job too.
        QVERIFY(area->setSearchText(QStringLiteral("needle")));
        area->setFilterText({});
        const qsizetype before = done.size();
        QTest::keyClick(area->view(), Qt::Key_F3);
        QVERIFY(area->isSearching());
        QTRY_COMPARE(done.size(), before + 1);
        QVERIFY(current().startsWith(QStringLiteral("the Needle")));
        area->disconnectFromCluster();
    }

    void followStopsAndResumes()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("fol-0"), {QStringLiteral("c")}, QStringLiteral("following"))));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("fol-0"), QStringLiteral("c"), numbered(QStringLiteral("l"), 0, 500))));
        auto area = makeArea(QStringLiteral("following"));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("fol-0"), QStringLiteral("c")), quint64(500));
        LogView *view = area->view();
        view->refreshNow();
        QVERIFY(view->isFollowing());
        QCOMPARE(textOf(*area->store(), view->visibleLines().last()), QStringLiteral("l499"));
        // Scrolling up stops following: new lines do not move the view.
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->value() - 100);
        QVERIFY(!view->isFollowing());
        auto follow = area->findChild<QToolButton *>(QStringLiteral("follow"));
        QVERIFY(follow && !follow->isChecked());
        const LineNumber top = view->visibleLines().first();
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("fol-0"), QStringLiteral("c"), numbered(QStringLiteral("l"), 500, 100))));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("fol-0"), QStringLiteral("c")), quint64(600));
        view->refreshNow();
        QCOMPARE(view->visibleLines().first(), top);
        // Back at the bottom it follows again.
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        view->refreshNow();
        QVERIFY(view->isFollowing());
        QVERIFY(follow->isChecked());
        QVERIFY(m_server.run(appendLogs(QStringLiteral("fol-0"), QStringLiteral("c"), {QStringLiteral("newest")})));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("fol-0"), QStringLiteral("c")), quint64(601));
        view->refreshNow();
        QCOMPARE(textOf(*area->store(), view->visibleLines().last()), QStringLiteral("newest"));
        // The Follow button turns it off and on.
        follow->click();
        QVERIFY(!view->isFollowing());
        follow->click();
        QVERIFY(view->isFollowing());
        area->disconnectFromCluster();
    }

    void saveAllAndShownLines()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("sav-0"), {QStringLiteral("c")}, QStringLiteral("saving"))));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("sav-0"), QStringLiteral("c"),
                                        {QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")})));
        auto area = makeArea(QStringLiteral("saving"));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("sav-0"), QStringLiteral("c")), quint64(3));
        QList<Status> saved;
        connect(area.get(), &LogsArea::saveFinished, this, [&saved](const Status &s) { saved.append(s); });
        const QString all = m_dir.filePath(QStringLiteral("all.log"));
        area->saveTo(all, false);
        QTRY_COMPARE(saved.size(), 1);
        QVERIFY(saved.last().ok());
        const QStringList written = QString::fromUtf8(test::readFile(all)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QStringList texts;
        for (const QString &l : written)
            if (l.startsWith(QStringLiteral("sav-0 c | ")) && !l.contains(QStringLiteral("---")))
                texts << l;
        QVERIFY2(texts.contains(QStringLiteral("sav-0 c | alpha")), qPrintable(written.join(QLatin1Char('\n'))));
        QVERIFY(texts.contains(QStringLiteral("sav-0 c | gamma")));
        QCOMPARE(qsizetype(written.size()), qsizetype(area->store()->lineCount().get()));

        area->setFilterText(QStringLiteral("beta"));
        QTRY_VERIFY(area->isFilterCurrent());
        const QString shown = m_dir.filePath(QStringLiteral("shown.log"));
        area->saveTo(shown, true);
        QTRY_COMPARE(saved.size(), 2);
        QVERIFY(saved.last().ok());
        const QStringList shownLines =
            QString::fromUtf8(test::readFile(shown)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(qsizetype(shownLines.size()), area->filterResult()->size());
        QVERIFY(shownLines.contains(QStringLiteral("sav-0 c | beta")));
        QVERIFY(!shownLines.contains(QStringLiteral("sav-0 c | alpha")));

        // A folder that does not exist: an error naming the file, no crash.
        const QString bad = m_dir.filePath(QStringLiteral("missing/dir/x.log"));
        area->saveTo(bad, false);
        QTRY_COMPARE(saved.size(), 3);
        const Status failed = saved.last();
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().file, bad);
        QVERIFY(area->bannerText().contains(QStringLiteral("x.log")));
        area->disconnectFromCluster();
    }

    void previousInstanceOnRequest()
    {
        QVERIFY(m_server.run(addPod(QStringLiteral("rst-0"), {QStringLiteral("c")}, QStringLiteral("restarting"))));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("rst-0"), QStringLiteral("c"), numbered(QStringLiteral("first "), 0, 5))));
        auto area = makeArea(QStringLiteral("restarting"));
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("rst-0"), QStringLiteral("c")), quint64(5));
        QVERIFY(m_server.run(op("restartContainer", {{QStringLiteral("name"), QStringLiteral("rst-0")},
                                                     {QStringLiteral("container"), QStringLiteral("c")},
                                                     {QStringLiteral("exitCode"), 1}})));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("rst-0"), QStringLiteral("c"), numbered(QStringLiteral("second "), 0, 3))));
        QTRY_VERIFY(
            linesOf(*area->store(), QStringLiteral("rst-0"), QStringLiteral("c")).contains(QStringLiteral("second 2")));
        const auto source = area->store()->sources().findContainer(kNs, QStringLiteral("rst-0"), QStringLiteral("c"));
        QVERIFY(source);
        // From the pods list: select the container, press Previous Log.
        auto *button = area->findChild<QPushButton *>(QStringLiteral("previousLog"));
        QVERIFY(button);
        QTreeWidgetItem *item = nullptr;
        QTRY_VERIFY((item = treeItem(area->podsTree(), QStringLiteral("rst-0"), QStringLiteral("c"))));
        area->podsTree()->setCurrentItem(item);
        QVERIFY(button->isEnabled());
        button->click();
        QVERIFY2(area->bannerText().isEmpty(), qPrintable(area->bannerText()));
        // The previous instance's lines, as a source of its own, in order.
        QTRY_VERIFY(std::any_of(area->store()->sources().all().begin(), area->store()->sources().all().end(),
                                [](const LogSource &s) { return s.container.contains(QStringLiteral("previous")); }));
        QString previousName;
        for (const LogSource &s : area->store()->sources().all())
            if (s.pod == QStringLiteral("rst-0") && s.container.contains(QStringLiteral("previous")))
                previousName = s.container;
        QTRY_COMPARE(linesOf(*area->store(), QStringLiteral("rst-0"), previousName),
                     numbered(QStringLiteral("first "), 0, 5));
        QTRY_VERIFY(treeItem(area->podsTree(), QStringLiteral("rst-0"), previousName));
        // No such stream: an error value.
        QVERIFY(!area->showPreviousLog(SourceId(999)).ok());
        area->disconnectFromCluster();
    }

    void clearErrors()
    {
        // An API server that is not there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        QByteArray config = test::readFile(m_kubeconfig);
        config.replace(QByteArray::number(m_server.port()), QByteArray::number(closedPort));
        const QString unreachable = m_dir.filePath(QStringLiteral("unreachable"));
        QVERIFY(test::writeFile(unreachable, config));
        auto area = makeArea(QStringLiteral("merge"), unreachable);
        QSignalSpy connected(area.get(), &LogsArea::connectedChanged);
        area->connectToCluster();
        QTRY_VERIFY(!area->isConnected());
        QVERIFY2(area->bannerText().contains(QStringLiteral("Cannot reach the cluster")),
                 qPrintable(area->bannerText()));
        QVERIFY2(area->bannerText().contains(QStringLiteral("127.0.0.1:%1").arg(closedPort)),
                 qPrintable(area->bannerText()));
        QCOMPARE(connected.last().at(0).toBool(), false);

        // A kubeconfig that does not exist.
        LogsArea::Connection c = area->connection();
        c.kubeconfig = m_dir.filePath(QStringLiteral("no-such-config"));
        area->setConnection(c);
        area->connectToCluster();
        QVERIFY(!area->isConnected());
        QVERIFY2(area->bannerText().contains(QStringLiteral("Cannot use the kubeconfig")),
                 qPrintable(area->bannerText()));
        QVERIFY(area->bannerText().contains(QStringLiteral("no-such-config")));

        // An unknown context.
        c.kubeconfig = m_kubeconfig;
        c.context = QStringLiteral("nowhere");
        area->setConnection(c);
        area->connectToCluster();
        QVERIFY(!area->isConnected());
        QVERIFY2(area->bannerText().contains(QStringLiteral("nowhere")), qPrintable(area->bannerText()));

        // The API server refuses: its message is shown.
        QVERIFY(
            m_server.run(op("failRequests", {{QStringLiteral("path"), QStringLiteral("/pods$")},
                                             {QStringLiteral("method"), QStringLiteral("GET")},
                                             {QStringLiteral("code"), 403},
                                             {QStringLiteral("reason"), QStringLiteral("Forbidden")},
                                             {QStringLiteral("message"), QStringLiteral("pods is forbidden: no way")},
                                             {QStringLiteral("count"), 1}})));
        c.context.clear();
        area->setConnection(c);
        area->connectToCluster();
        QTRY_VERIFY(!area->isConnected());
        QVERIFY2(area->bannerText().contains(QStringLiteral("pods is forbidden: no way")),
                 qPrintable(area->bannerText()));

        // No release: said so.
        c.release.clear();
        area->setConnection(c);
        area->connectToCluster();
        QVERIFY(area->bannerText().contains(QStringLiteral("release")));
    }

    void largeBufferFilterAndSearch()
    {
        QVERIFY(m_server.run(
            addPod(QStringLiteral("big-0"), {QStringLiteral("a"), QStringLiteral("b")}, QStringLiteral("big"))));
        for (const char *container : {"a", "b"})
            QVERIFY(m_server.run(op("generateLogs", {{QStringLiteral("name"), QStringLiteral("big-0")},
                                                     {QStringLiteral("container"), QLatin1String(container)},
                                                     {QStringLiteral("count"), 150000},
                                                     {QStringLiteral("lineBytes"), 100}})));
        QVERIFY(m_server.run(
            appendLogs(QStringLiteral("big-0"), QStringLiteral("b"), {QStringLiteral("the unique marker line")})));
        auto area = makeArea(QStringLiteral("big"));
        area->connectToCluster();
        QTRY_COMPARE_WITH_TIMEOUT(linesOfStream(*area, QStringLiteral("big-0"), QStringLiteral("b")), quint64(150001),
                                  60000);
        QTRY_COMPARE_WITH_TIMEOUT(linesOfStream(*area, QStringLiteral("big-0"), QStringLiteral("a")), quint64(150000),
                                  60000);
        // "line 12345" and "line 12346..." of both containers: a regex over 300k lines.
        area->setFilterText(QStringLiteral("line 1234[5-9] "), {}, true);
        QTRY_VERIFY_WITH_TIMEOUT(area->isFilterCurrent(), 30000);
        qsizetype text = 0;
        for (LineNumber n : area->filterResult()->lines())
            text += area->store()->line(n)->attributes.kind == LineKind::Text ? 1 : 0;
        QCOMPARE(text, 10);
        QCOMPARE(area->filterResult()->lines(), recomputed(*area));
        area->setFilterText({});
        area->view()->setFollowing(false);
        area->view()->scrollToLine(area->store()->firstLine());
        QVERIFY(area->setSearchText(QStringLiteral("unique marker")));
        QSignalSpy done(area.get(), &LogsArea::searchFinished);
        area->findNext();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        QVERIFY(done.last().at(0).toBool());
        QCOMPARE(textOf(*area->store(), *area->view()->currentMatch()), QStringLiteral("the unique marker line"));
        area->disconnectFromCluster();
    }

    void sconeFailureLinksToManifest()
    {
        // A project open in the session: the failure names a secret and a session it defines.
        const QString project = m_dir.filePath(QStringLiteral("link-project"));
        QVERIFY(test::copyTree(test::exampleDir(), project));
        engine::ProjectSession session(nullptr, m_dir.filePath(QStringLiteral("link-recovery")));
        QVERIFY(session.open(project));
        session.analysis()->analyzeNow();
        QString apiSession;
        for (const auto &s : session.analysis()->snapshot()->policies.sessions)
            if (s.meshService == QStringLiteral("flask-api"))
                apiSession = s.name;
        QVERIFY(!apiSession.isEmpty());
        const QString release = QStringLiteral("linked");
        QVERIFY(m_server.run(addPod(QStringLiteral("api-4f2c-k8"), {QStringLiteral("api")}, release)));
        const QString secretFailure =
            QStringLiteral("[SCONE|ERROR] Attestation failed: secret flask_key not found in session ") + apiSession;
        const QString sessionFailure = QStringLiteral("  Caused by: Session '%1' not found").arg(apiSession);
        QVERIFY(m_server.run(appendLogs(QStringLiteral("api-4f2c-k8"), QStringLiteral("api"),
                                        {QStringLiteral("INFO starting"), secretFailure, sessionFailure})));
        auto area = std::make_unique<LogsArea>(&session);
        area->resize(1200, 700);
        area->show();
        LogsArea::Connection c;
        c.kubeconfig = m_kubeconfig;
        c.release = release;
        area->setConnection(c);
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("api-4f2c-k8"), QStringLiteral("api")), quint64(3));
        const LogStore &store = *area->store();
        auto lineWith = [&store](const QString &text) -> std::optional<LineNumber> {
            for (LineNumber n = store.firstLine(); n < store.endLine(); n = n + LineCount(1))
                if (textOf(store, n) == text)
                    return n;
            return std::nullopt;
        };
        const auto plain = lineWith(QStringLiteral("INFO starting"));
        const auto secretLine = lineWith(secretFailure);
        const auto sessionLine = lineWith(sessionFailure);
        QVERIFY(plain && secretLine && sessionLine);

        const QString manifest = QDir(project).filePath(QStringLiteral("flask-api/service.yaml"));
        int definition = 0;
        const QList<QByteArray> manifestLines = test::readFile(manifest).split('\n');
        for (int i = 0; i < manifestLines.size() && !definition; ++i)
            if (manifestLines.at(i).contains("- name: flask_key"))
                definition = i + 1;
        QVERIFY(definition > 0);
        QVERIFY(!area->manifestLinkAt(*plain));

        // A double click on the failure asks the shell to open the manifest at the definition.
        QSignalSpy open(area.get(), &ui::WorkbenchArea::openLocationRequested);
        area->view()->refreshNow();
        auto rowPoint = [&area](LineNumber line) -> std::optional<QPoint> {
            for (int y = 1; y < area->view()->viewport()->height(); y += 2)
                if (area->view()->lineAt(QPoint(40, y)) == line)
                    return QPoint(40, y);
            return std::nullopt;
        };
        const auto at = rowPoint(*secretLine);
        QVERIFY(at);
        QTest::mouseDClick(area->view()->viewport(), Qt::LeftButton, {}, *at);
        QCOMPARE(open.size(), 1);
        QCOMPARE(QFileInfo(open.at(0).at(0).toString()).canonicalFilePath(), QFileInfo(manifest).canonicalFilePath());
        QCOMPARE(open.at(0).at(1).toInt(), definition);
        // A line that names nothing opens nothing.
        const auto plainAt = rowPoint(*plain);
        QVERIFY(plainAt);
        QTest::mouseDClick(area->view()->viewport(), Qt::LeftButton, {}, *plainAt);
        QCOMPARE(open.size(), 1);

        // The session failure, from the line's context menu: the mesh item that makes the session.
        QMenu menu;
        Q_EMIT area->view()->lineContextMenu(&menu, *sessionLine);
        QAction *action = nullptr;
        for (QAction *a : menu.actions())
            if (a->text().contains(apiSession))
                action = a;
        QVERIFY(action);
        action->trigger();
        QCOMPARE(open.size(), 2);
        const QString mesh = QDir(project).filePath(QStringLiteral("mesh.yaml"));
        QCOMPARE(QFileInfo(open.at(1).at(0).toString()).canonicalFilePath(), QFileInfo(mesh).canonicalFilePath());
        const QList<QByteArray> meshLines = test::readFile(mesh).split('\n');
        QVERIFY(open.at(1).at(1).toInt() > 0);
        QVERIFY(meshLines.value(open.at(1).at(1).toInt() - 1).contains("- name: flask-api"));
        // No link for the plain line in its menu.
        QMenu plainMenu;
        Q_EMIT area->view()->lineContextMenu(&plainMenu, *plain);
        QVERIFY(plainMenu.actions().isEmpty());
        area->disconnectFromCluster();
    }

    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write the README screenshots");
        const QString release = QStringLiteral("shot");
        QVERIFY(m_server.run(
            addPod(QStringLiteral("api-7d9f-x2"), {QStringLiteral("api"), QStringLiteral("envoy")}, release)));
        QVERIFY(m_server.run(addPod(QStringLiteral("worker-5c8b-q1"), {QStringLiteral("worker")}, release)));
        QVERIFY(m_server.run(addPod(QStringLiteral("redis-0"), {QStringLiteral("redis")}, release)));
        QVERIFY(m_server.run(appendLogs(
            QStringLiteral("api-7d9f-x2"), QStringLiteral("api"),
            {QStringLiteral("[SCONE|INFO] Connecting to CAS at cas.scone-system (port 18765) using service ID "
                            "shot-1-2/api/flask"),
             QStringLiteral("[SCONE|INFO] Attestation successful"),
             QStringLiteral("{\"level\":\"info\",\"msg\":\"listening\",\"port\":4996}"),
             QStringLiteral("INFO GET /patients/1 200 4ms"), QStringLiteral("WARN slow query on /patients: 812ms")})));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("api-7d9f-x2"), QStringLiteral("envoy"),
                                        {QStringLiteral("[info] envoy started, 2 listeners"),
                                         QStringLiteral("[info] upstream api:4996 healthy")})));
        QVERIFY(m_server.run(appendLogs(
            QStringLiteral("worker-5c8b-q1"), QStringLiteral("worker"),
            {QStringLiteral("[SCONE|INFO] Connecting to CAS at cas.scone-system (port 18765) using service ID "
                            "shot-1-2/worker/worker"),
             QStringLiteral(
                 "[SCONE|ERROR] Attestation failed: secret redis_password not found in session shot-1-2/worker"),
             QStringLiteral("ERROR worker exiting")})));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("redis-0"), QStringLiteral("redis"),
                                        {QStringLiteral("1:M * Ready to accept connections tls"),
                                         QStringLiteral("1:M * DB loaded from disk: 0.002 seconds")})));
        // As a user runs it: the kubeconfig from KUBECONFIG (the field shows its placeholder).
        qputenv("KUBECONFIG", m_kubeconfig.toUtf8());
        auto area = makeArea(release);
        LogsArea::Connection c = area->connection();
        c.kubeconfig.clear();
        area->setConnection(c);
        area->resize(1500, 640);
        area->connectToCluster();
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("redis-0"), QStringLiteral("redis")), quint64(2));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("worker-5c8b-q1"), QStringLiteral("worker")), quint64(3));
        QVERIFY(m_server.run(op("cutLogStreams", {{QStringLiteral("name"), QStringLiteral("api-7d9f-x2")},
                                                  {QStringLiteral("container"), QStringLiteral("api")}})));
        QVERIFY(m_server.run(appendLogs(
            QStringLiteral("api-7d9f-x2"), QStringLiteral("api"),
            {QStringLiteral("INFO GET /patients/2 200 3ms"), QStringLiteral("INFO POST /patients 201 9ms")})));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("api-7d9f-x2"), QStringLiteral("api")), quint64(7));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("redis-0"), QStringLiteral("redis"),
                                        {QStringLiteral("1:M * 1 changes in 3600 seconds. Saving...")})));
        QTRY_COMPARE(linesOfStream(*area, QStringLiteral("redis-0"), QStringLiteral("redis")), quint64(3));
        QVERIFY(area->setSearchText(QStringLiteral("patients")));
        QTest::qWait(700);  // the pods list's refresh
        area->view()->refreshNow();
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(area->grab().save(QDir(dir).filePath(QStringLiteral("logs-area.png")), "PNG"));
        area->disconnectFromCluster();
        qunsetenv("KUBECONFIG");
    }
};

QTEST_MAIN(TestLogsArea)
#include "tst_logs_area.moc"
