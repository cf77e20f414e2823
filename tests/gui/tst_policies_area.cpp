// SPDX-License-Identifier: Apache-2.0
// The Policies area on the example project: graph, diff with a relaxed tolerate, jump back to
// the manifest, live regeneration from the workspace and the settings panel, injected files.
#include "castestserver.h"
#include "common/workbencharea.h"
#include "editor/codeeditor.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "manifest/manifestproject.h"
#include "policies/deploymentsettingspanel.h"
#include "policies/injectedfilesview.h"
#include "policies/policypreviewarea.h"
#include "policies/policyyamlview.h"
#include "policies/sessiondiffview.h"
#include "policies/sessiongraphview.h"
#include "policy/policygenerator.h"
#include "policy/policyreference.h"
#include "policy/projectsettings.h"
#include "policy/sessiongraph.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "shell/mainwindow.h"
#include "testsupport.h"

#include <QDir>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainterPathStroker>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>
#include <QWheelEvent>

using namespace workbench;
using namespace workbench::models::policy;
using workbench::ui::PolicyPreviewArea;

namespace {

const QString kNs = QStringLiteral("secure-doc-management-12345-678");

/// No label of the graph crosses an arrow (any arrow, its own included), a box or another label.
bool labelsCrossNothing(ui::SessionGraphView *graph)
{
    QPainterPathStroker stroker;
    stroker.setWidth(2);
    const QList<QGraphicsItem *> labels = graph->labelItems();
    for (QGraphicsItem *label : labels) {
        const QRectF r = label->sceneBoundingRect();
        for (QGraphicsItem *arrow : graph->arrowItems()) {
            const auto *path = static_cast<QGraphicsPathItem *>(arrow);
            if (stroker.createStroke(path->path()).intersects(r)) {
                qWarning() << "label" << r << "crosses arrow" << path->toolTip();
                return false;
            }
        }
        for (int i = 0; i < graph->graph().nodes.size(); ++i)
            if (graph->nodeRect(graph->graph().nodes.at(i).id).intersects(r)) {
                qWarning() << "label" << r << "covers node" << graph->graph().nodes.at(i).id;
                return false;
            }
        for (QGraphicsItem *other : labels)
            if (other != label && other->sceneBoundingRect().intersects(r)) {
                qWarning() << "labels overlap" << r;
                return false;
            }
    }
    return true;
}

int lineOf(const QString &text, const QString &needle)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

}  // namespace

class TestPoliciesArea : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void graphOfTheExample();
    void graphLabelsCrossNoArrow_data();
    void graphLabelsCrossNoArrow();
    void graphZoomsAndFits();
    void sessionTreeCutsInTheMiddle();
    void diffFlagsRelaxedTolerate();
    void diffAgainstOpenedSessionFile();
    void compareWithCasFlagsRelaxedSession();
    void jumpBackToTheManifest();
    void settingsPanelRegenerates();
    void injectedFiles();
    void helmChartFiles();
    void generatedNamespaceIsKeptOnlyWhenUsed();
    void jumpOpensTheManifestInTheEditor();
    void screenshot();

private:
    PolicyPreviewArea *openArea();

    QTemporaryDir *m_tmp = nullptr;
    QString m_project;
    engine::ProjectSession *m_session = nullptr;
    engine::ProjectWorkspace *m_workspace = nullptr;  // the session's
    PolicyPreviewArea *m_area = nullptr;
};

void TestPoliciesArea::init()
{
    m_tmp = new QTemporaryDir;
    QVERIFY(m_tmp->isValid());
    m_project = QDir(m_tmp->path()).filePath(QStringLiteral("secure-doc-management"));
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
    DeploymentSettings s = DeploymentSettings::defaults(m_project);
    s.appNamespace = kNs;
    s.appImageRepo = QStringLiteral("registry.example.com/sdm");
    QVERIFY(test::writeFile(settingsFilePath(m_project), settingsToYaml(s)));
    m_session = new engine::ProjectSession(nullptr, m_tmp->filePath(QStringLiteral("recovery")));
    m_workspace = m_session->workspace();
    QVERIFY(m_session->open(m_project).ok());
}

void TestPoliciesArea::cleanup()
{
    delete m_area;
    m_area = nullptr;
    delete m_session;
    m_session = nullptr;
    m_workspace = nullptr;
    delete m_tmp;
    m_tmp = nullptr;
}

PolicyPreviewArea *TestPoliciesArea::openArea()
{
    ui::WorkbenchArea *a = ui::createPoliciesArea(m_session, nullptr);
    m_area = qobject_cast<PolicyPreviewArea *>(a);
    if (!m_area)
        return nullptr;
    m_area->resize(1200, 800);
    m_area->show();
    m_area->setProject(m_workspace->projectDir(), m_workspace->files());
    if (!QTest::qWaitFor([this] { return m_area->renderCount() >= 1 && !m_area->isRendering(); }, 10000))
        return nullptr;
    return m_area;
}

void TestPoliciesArea::graphOfTheExample()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QCOMPARE(area->sessionNames(),
             (QStringList{kNs, kNs + QStringLiteral("/redis"), kNs + QStringLiteral("/flask-api")}));
    ui::SessionGraphView *graph = area->graphView();
    // Three sessions, three secrets flowing redis -> flask-api drawn as one labelled arrow.
    QCOMPARE(graph->nodeItemCount(), 3);
    QCOMPARE(graph->edgeItemCount(), 1);
    QCOMPARE(graph->graph().edges.size(), 3);
    QCOMPARE(graph->graph().problemCount(), 0);
    // Exporter left of importer; the namespace session above them, connected to both sessions
    // it lets its creator create.
    const QRectF ns = graph->nodeRect(kNs);
    const QRectF redis = graph->nodeRect(kNs + QStringLiteral("/redis"));
    const QRectF flask = graph->nodeRect(kNs + QStringLiteral("/flask-api"));
    QVERIFY(!redis.isNull() && !flask.isNull() && !ns.isNull());
    QVERIFY(ns.bottom() < redis.top() && ns.bottom() < flask.top());
    QVERIFY(redis.right() < flask.left());
    QCOMPARE(graph->grantItemCount(), 2);
    QCOMPARE(graph->graph().grants.size(), 2);
    for (const QRectF &target : {redis, flask}) {
        bool reached = false;
        for (QGraphicsItem *item : graph->arrowItems())
            if (item->data(1).toString() == QLatin1String("grant"))
                reached = reached || item->sceneBoundingRect().intersects(target.adjusted(0, -2, 0, 0));
        QVERIFY(reached);
    }
    QVERIFY(labelsCrossNothing(graph));
    // The public export is visible on the flask-api box.
    bool publicBadge = false;
    for (QGraphicsItem *item : graph->scene()->items())
        if (auto *t = dynamic_cast<QGraphicsSimpleTextItem *>(item);
            t && t->text().contains(QLatin1String("public: api_ca_cert")))
            publicBadge = true;
    QVERIFY(publicBadge);
    // Double-clicking a box selects its session.
    QSignalSpy activated(graph, &ui::SessionGraphView::sessionActivated);
    area->tabs()->setCurrentWidget(graph);
    const QPoint at = graph->view()->mapFromScene(redis.center());
    QTest::mouseDClick(graph->view()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.front().front().toString(), kNs + QStringLiteral("/redis"));
    QCOMPARE(area->currentSession(), kNs + QStringLiteral("/redis"));
}

void TestPoliciesArea::graphLabelsCrossNoArrow_data()
{
    QTest::addColumn<QString>("dir");
    for (const char *mesh : {"CuratedImage", "Cycle", "DanglingImport", "EnvPrecedence", "ExportChain"})
        QTest::newRow(mesh) << test::dataPath(QStringLiteral("meshes/") + QLatin1String(mesh));
    QTest::newRow("example") << test::exampleDir();
}

void TestPoliciesArea::graphLabelsCrossNoArrow()
{
    QFETCH(QString, dir);
    Result<models::ManifestProject> project = models::ManifestProject::loadFolder(dir);
    QVERIFY(project.ok());
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults();
    o.settings.appNamespace = QStringLiteral("ns-1-1");
    o.settings.appImageRepo = QStringLiteral("repo");
    ui::SessionGraphView view;
    view.resize(900, 600);
    view.show();
    view.setGraph(buildSessionGraph(generatePolicies(project.value(), o).sessions));
    QVERIFY(view.nodeItemCount() >= 2);
    QCOMPARE(view.labelItems().size(), view.edgeItemCount());
    QVERIFY(labelsCrossNothing(&view));
}

void TestPoliciesArea::graphZoomsAndFits()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    area->tabs()->setCurrentWidget(area->graphView());
    ui::SessionGraphView *graph = area->graphView();
    QGraphicsView *view = graph->view();
    QTRY_VERIFY(view->viewport()->isVisible());
    graph->fitToView();
    const qreal fitted = graph->zoom();
    QVERIFY(fitted <= 1.0);
    auto wholeGraphVisible = [view] {
        return view->mapToScene(view->viewport()->rect())
            .boundingRect()
            .adjusted(-1, -1, 1, 1)
            .contains(view->scene()->itemsBoundingRect());
    };
    QVERIFY(wholeGraphVisible());
    // The wheel zooms in around the mouse, and out again.
    const QPointF at = view->viewport()->rect().center();
    auto wheel = [view, at](int delta) {
        QWheelEvent e(at, view->viewport()->mapToGlobal(at), {}, QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(view->viewport(), &e);
    };
    wheel(240);
    QVERIFY(graph->zoom() > fitted * 1.2);
    const qreal zoomed = graph->zoom();
    // A resize keeps what the user chose...
    area->resize(area->width() - 100, area->height() - 50);
    QTest::qWait(50);
    QCOMPARE(graph->zoom(), zoomed);
    wheel(-480);
    QVERIFY(graph->zoom() < zoomed);
    // ...until Fit shows the whole graph again.
    graph->findChild<QToolButton *>(QStringLiteral("graphFit"))->click();
    QVERIFY(wholeGraphVisible());
    QVERIFY(graph->zoom() <= 1.0);
    graph->findChild<QToolButton *>(QStringLiteral("graphOneToOne"))->click();
    QCOMPARE(graph->zoom(), 1.0);
}

void TestPoliciesArea::sessionTreeCutsInTheMiddle()
{
    // Session names share their namespace prefix and chart files their folders: a narrow list
    // cuts them in the middle, and every entry has its whole name as tooltip.
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    auto *tree = area->findChild<QTreeWidget *>(QStringLiteral("policySessions"));
    QVERIFY(tree);
    QCOMPARE(tree->textElideMode(), Qt::ElideMiddle);
    int entries = 0;
    for (int t = 0; t < tree->topLevelItemCount(); ++t) {
        const QTreeWidgetItem *group = tree->topLevelItem(t);
        for (int c = 0; c < group->childCount(); ++c) {
            const QTreeWidgetItem *item = group->child(c);
            const QString tip = item->toolTip(0);
            QVERIFY2(!tip.isEmpty(), qPrintable(item->text(0)));
            // The tooltip is the full session name or chart path, of which the label shows a part.
            QVERIFY2(tip == item->text(0) || tip.endsWith(item->text(0)) || item->text(0).startsWith(tip),
                     qPrintable(tip + QStringLiteral(" / ") + item->text(0)));
            ++entries;
        }
    }
    QVERIFY(entries >= area->sessionNames().size() + 1);  // the sessions and at least one chart file
}

void TestPoliciesArea::diffFlagsRelaxedTolerate()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QVERIFY(area->selectSession(kNs + QStringLiteral("/redis")));
    ui::SessionDiffView *diff = area->diffView();
    QVERIFY(diff->diff().lines.isEmpty());  // no reference yet
    QVERIFY(area->keepAsReference().ok());
    QVERIFY(QFileInfo::exists(referencePath(m_project, ReferenceKind::Rendered, kNs + QStringLiteral("/redis"))));
    QVERIFY(diff->diff().identical());
    QCOMPARE(diff->securityChangeCount(), 0);

    // The user relaxes the mesh in the editor (unsaved): the preview follows and the diff flags it.
    const QString mesh = QDir(m_project).filePath(QStringLiteral("mesh.yaml"));
    QByteArray text = m_workspace->text(mesh);
    QVERIFY(text.contains("tolerate: \"outdated-tcb, hyperthreading, software-hardening-needed\""));
    text.replace("software-hardening-needed\"", "software-hardening-needed, debug-mode\"");
    const int before = area->renderCount();
    m_workspace->setDocumentText(mesh, text);
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() > before && !area->isRendering(), 10000);
    QCOMPARE(area->currentSession(), kNs + QStringLiteral("/redis"));
    QCOMPARE(diff->securityChangeCount(), 1);
    QCOMPARE(diff->diff().securityChanges.front().kind, SecurityChange::Kind::NewTolerate);
    QCOMPARE(diff->securityList()->count(), 1);
    QVERIFY(diff->securityList()->item(0)->text().contains(QLatin1String("debug-mode")));
    QVERIFY(!diff->securityList()->isHidden());
    QVERIFY(diff->diffText()->toPlainText().contains(QLatin1String("+       - debug-mode\n")));
    // Selecting the change scrolls the diff to the tolerate list.
    diff->securityList()->setCurrentRow(0);
    const int diffLine = diff->diffText()->textCursor().blockNumber() + 1;
    QVERIFY(
        diff->diffText()->document()->findBlockByNumber(diffLine - 1).text().contains(QLatin1String("- outdated-tcb")));

    // Undoing the edit clears the finding.
    m_workspace->clearDocumentText(mesh);
    const int again = area->renderCount();
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() > again && !area->isRendering(), 10000);
    QCOMPARE(diff->securityChangeCount(), 0);
    QVERIFY(diff->diff().identical());
}

void TestPoliciesArea::diffAgainstOpenedSessionFile()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    // A session file as uploaded earlier: stricter (no hyperthreading tolerated).
    const int i = area->preview().indexOf(kNs + QStringLiteral("/flask-api"));
    QString older = area->preview().sessionYaml.at(i).text;
    older.replace(QStringLiteral("      - hyperthreading\n"), QString());
    const QString path = QDir(m_tmp->path()).filePath(QStringLiteral("flask-api-uploaded.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(older.toUtf8());
    f.close();
    QVERIFY(area->selectSession(kNs));  // another session selected: the file's name decides
    QString error;
    QVERIFY2(area->setReferenceFile(path, &error), qPrintable(error));
    QCOMPARE(area->currentSession(), kNs + QStringLiteral("/flask-api"));
    QCOMPARE(area->tabs()->currentWidget(), area->diffView());
    QCOMPARE(area->diffView()->securityChangeCount(), 1);
    QVERIFY(area->diffView()->securityList()->item(0)->text().contains(QLatin1String("hyperthreading")));
}

void TestPoliciesArea::compareWithCasFlagsRelaxedSession()
{
    // The CAS has flask-api's session as uploaded earlier: stricter (no hyperthreading).
    test::CasTestServer cas;
    QVERIFY2(cas.start(), qPrintable(cas.error()));
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    const int i = area->preview().indexOf(kNs + QStringLiteral("/flask-api"));
    QVERIFY(i >= 0);
    QString older = area->preview().sessionYaml.at(i).text;
    QVERIFY(older.contains(QStringLiteral("      - hyperthreading\n")));
    older.replace(QStringLiteral("      - hyperthreading\n"), QString());
    const QString olderFile = QDir(m_tmp->path()).filePath(QStringLiteral("older.yaml"));
    QVERIFY(test::writeFile(olderFile, older.toUtf8()));
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("-sS"), QStringLiteral("--fail"), QStringLiteral("--cacert"), cas.caFile(),
                QStringLiteral("--cert"), cas.clientCertFile(), QStringLiteral("--key"), cas.clientKeyFile(),
                QStringLiteral("--data-binary"), QLatin1Char('@') + olderFile, cas.url() + QStringLiteral("/session")});
    QVERIFY(curl.waitForFinished(30000));
    QVERIFY2(curl.exitCode() == 0, curl.readAllStandardError().constData());

    // No CAS identity yet: the comparison ends with the reason, nothing is read.
    QSignalSpy finished(area, &PolicyPreviewArea::casCompareFinished);
    QString error;
    QVERIFY2(area->compareWithCas(&error), qPrintable(error));
    QVERIFY(finished.wait(30000));
    const QString refusal = finished.takeFirst().first().toString();
    QVERIFY2(refusal.contains(QStringLiteral("No CAS identity")), qPrintable(refusal));
    // Worded for the window: where to set it here, no command-line option.
    QVERIFY2(refusal.contains(QStringLiteral("Credentials...")) && !refusal.contains(QStringLiteral("--")),
             qPrintable(refusal));
    QVERIFY(!area->isComparingWithCas());

    // The direct upload's CAS, pinned CA and identity in the deployment settings (unsaved).
    engine::SettingsStore *settings = m_session->settings();
    QVERIFY(settings->setValue(QStringLiteral("CAS_API_URL"), cas.url()).ok());
    QVERIFY(settings->setValue(QStringLiteral("CAS_CA_FILE"), cas.caFile()).ok());
    QVERIFY(settings->setValue(QStringLiteral("CAS_IDENTITY_FILE"), cas.identityFile()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!area->isRendering() && area->snapshot().settings.values.toVariables().value(
                                                         QStringLiteral("CAS_API_URL")) == cas.url(),
                             10000);
    const QByteArray projectBefore = test::treeDigest(m_project);
    const int requestsBefore = int(cas.requests().size());
    QVERIFY2(area->compareWithCas(&error), qPrintable(error));
    QVERIFY(area->isComparingWithCas());
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().first().toString(), QString());
    QVERIFY(!area->isComparingWithCas());

    // The diff of flask-api is against what the CAS has: the relaxed attestation is flagged.
    QVERIFY(area->selectSession(kNs + QStringLiteral("/flask-api")));
    QCOMPARE(area->tabs()->currentWidget(), area->diffView());
    QCOMPARE(area->diffView()->securityChangeCount(), 1);
    QVERIFY(area->diffView()->securityList()->item(0)->text().contains(QLatin1String("hyperthreading")));
    // Read-only: GETs only, one per session, and the project is untouched.
    const QList<QJsonObject> requests = cas.requests().mid(requestsBefore);
    QCOMPARE(int(requests.size()), area->sessionNames().size());
    for (const QJsonObject &r : requests)
        QCOMPARE(r.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(test::treeDigest(m_project), projectBefore);
}

void TestPoliciesArea::jumpBackToTheManifest()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QVERIFY(area->selectSession(kNs + QStringLiteral("/flask-api")));
    ui::PolicyYamlView *yaml = area->yamlView();
    const QString generated = yaml->editor()->toPlainText();
    const int line = lineOf(generated, QStringLiteral("command: python3 /python/rest_api.py"));
    QVERIFY(line > 0);
    const QString manifest = QDir(m_project).filePath(QStringLiteral("flask-api/service.yaml"));
    const int manifestLine = lineOf(QString::fromUtf8(test::readFile(manifest)), QStringLiteral("command: python3"));
    QVERIFY(manifestLine > 0);

    QSignalSpy spy(area, &PolicyPreviewArea::sourceRequested);
    yaml->setCurrentLine(line);
    QTRY_VERIFY(yaml->findChild<QLabel *>(QStringLiteral("policyYamlOrigin"))
                    ->text()
                    .contains(QStringLiteral("flask-api/service.yaml:%1").arg(manifestLine)));
    // Double-click on the line, as a user would.
    const QTextBlock block = yaml->editor()->document()->findBlockByNumber(line - 1);
    QTextCursor c(block);
    c.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, 8);
    const QPoint at = yaml->editor()->cursorRect(c).center();
    QTest::mouseDClick(yaml->editor()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.front().at(0).toString(), manifest);
    QCOMPARE(spy.front().at(1).toInt(), manifestLine);
    QCOMPARE(area->sourcePaneFile(), manifest);
    QCOMPARE(area->sourcePaneLine(), manifestLine);
    auto *pane = area->findChild<QPlainTextEdit *>(QStringLiteral("policySourcePane"));
    QVERIFY(pane);
    QVERIFY(pane->textCursor().block().text().contains(QLatin1String("command: python3")));

    // A mesh value jumps to the mesh: REDIS_HOST's value won from the global env block.
    spy.clear();
    const int envLine = lineOf(generated, QStringLiteral("REDIS_HOST: "));
    QVERIFY(yaml->jumpToSource(envLine));
    QCOMPARE(spy.count(), 1);
    const QString mesh = QDir(m_project).filePath(QStringLiteral("mesh.yaml"));
    QCOMPARE(spy.front().at(0).toString(), mesh);
    QCOMPARE(spy.front().at(1).toInt(),
             lineOf(QString::fromUtf8(test::readFile(mesh)), QStringLiteral("value: $RELEASE-redis")));
    // Structural lines have no single source.
    QVERIFY(!yaml->jumpToSource(lineOf(generated, QStringLiteral("secrets:"))));
}

void TestPoliciesArea::settingsPanelRegenerates()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QLineEdit *ns = area->settingsPanel()->field(QStringLiteral("APP_NAMESPACE"));
    QVERIFY(ns);
    QCOMPARE(ns->text(), kNs);
    const int before = area->renderCount();
    ns->selectAll();
    QTest::keyClicks(ns, QStringLiteral("other-1-2"));
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() > before && !area->isRendering() &&
                                 area->sessionNames().value(0) == QLatin1String("other-1-2"),
                             10000);
    QCOMPARE(area->sessionNames(), (QStringList{QStringLiteral("other-1-2"), QStringLiteral("other-1-2/redis"),
                                                QStringLiteral("other-1-2/flask-api")}));
    // Not saved until asked.
    QCOMPARE(loadDeploymentSettings(m_project)->appNamespace, kNs);
    QVERIFY(area->saveSettings().ok());
    QCOMPARE(loadDeploymentSettings(m_project)->appNamespace, QStringLiteral("other-1-2"));

    // An unresolvable setting shows up as a problem, not as an empty string.
    ui::DeploymentSettingsPanel *panel = area->settingsPanel();
    QLineEdit *repo = panel->field(QStringLiteral("APP_IMAGE_REPO"));
    repo->selectAll();
    const int mid = area->renderCount();
    QTest::keyClick(repo, Qt::Key_Delete);
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() > mid && !area->isRendering(), 10000);
    QVERIFY(area->preview().hasErrors());
    bool reported = false;
    for (const auto &d : area->preview().diagnostics) {
        // The desktop application speaks of its own settings, not of command-line options.
        reported = reported ||
                   d.message ==
                       QLatin1String("$APP_IMAGE_REPO is not set: set it in the Deployment settings (Policies area).");
        QVERIFY2(!d.message.contains(QLatin1String("--set")), qPrintable(d.message));
    }
    QVERIFY(reported);
    // The status line counts in words: "1 error", never "1 errors".
    auto words = [](qsizetype n, const char *singular) -> QString {
        return QString::number(n) + QLatin1Char(' ') + QLatin1String(singular) +
               (n == 1 ? QString() : QStringLiteral("s"));
    };
    const auto *status = area->findChild<QLabel *>(QStringLiteral("policiesStatus"));
    QVERIFY(status);
    const int errors = models::countSeverity(area->preview().diagnostics, models::Diagnostic::Severity::Error);
    const int warnings = models::countSeverity(area->preview().diagnostics, models::Diagnostic::Severity::Warning);
    QVERIFY(errors > 0);
    QVERIFY2(status->text().startsWith(words(area->sessionNames().size(), "session") + QStringLiteral(" in namespace")),
             qPrintable(status->text()));
    QVERIFY2(status->text().endsWith(QLatin1Char('>') + words(errors, "error") + QStringLiteral("</span>, ") +
                                     words(warnings, "warning") + QLatin1Char('.')),
             qPrintable(status->text()));
}

void TestPoliciesArea::injectedFiles()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QVERIFY(area->selectSession(kNs + QStringLiteral("/flask-api")));
    ui::InjectedFilesView *files = area->injectedFilesView();
    QCOMPARE(files->fileCount(), 6);
    QVERIFY(files->selectFile(QStringLiteral("/etc/resolv.conf")));
    QCOMPARE(files->content()->toPlainText(), QStringLiteral("nameserver 10.96.0.10\nsearch default.svc.cluster.local "
                                                             "svc.cluster.local cluster.local\noptions ndots:5\n"));
    QCOMPARE(files->placeholders()->count(), 0);
    QVERIFY(files->selectFile(QStringLiteral("/tls/client.crt")));
    QCOMPARE(files->placeholders()->count(), 1);
    QVERIFY(files->placeholders()->item(0)->text().contains(QStringLiteral("imported from %1/redis").arg(kNs)));
    QVERIFY(files->selectFile(QStringLiteral("/tls/flask.crt")));
    QVERIFY(files->placeholders()->item(0)->text().contains(QLatin1String("generated by this session")));
    QVERIFY(!files->selectFile(QStringLiteral("/nope")));
}

void TestPoliciesArea::helmChartFiles()
{
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QVERIFY(area->selectChartFile(QStringLiteral("charts/flask-api/values.yaml")));
    const QString text = area->yamlView()->editor()->toPlainText();
    QVERIFY(text.contains(QStringLiteral("configId: %1/flask-api/python3").arg(kNs)));
    // The port line of the chart jumps to the mesh env that set it.
    QSignalSpy spy(area, &PolicyPreviewArea::sourceRequested);
    QVERIFY(area->yamlView()->jumpToSource(lineOf(text, QStringLiteral("port: 4996"))));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(QFileInfo(spy.front().at(0).toString()).fileName(), QStringLiteral("mesh.yaml"));
    QVERIFY(!area->selectChartFile(QStringLiteral("charts/none/values.yaml")));
}

void TestPoliciesArea::generatedNamespaceIsKeptOnlyWhenUsed()
{
    // A project without settings: opening it must not write into it.
    QVERIFY(QFile::remove(settingsFilePath(m_project)));
    QVERIFY(QDir(workbenchDir(m_project)).removeRecursively());
    QVERIFY(m_session->open(m_project).ok());
    PolicyPreviewArea *area = openArea();
    QVERIFY(area);
    QVERIFY(!QFileInfo::exists(workbenchDir(m_project)));
    QVERIFY(!m_session->settings()->isModified());  // a proposal is no unsaved edit
    QVERIFY(m_session->settings()->canSave());
    const QString generated = area->settings().appNamespace;
    QVERIFY(QRegularExpression(QStringLiteral("^secure-doc-management-[0-9]+-[0-9]+$")).match(generated).hasMatch());
    QCOMPARE(area->sessionNames().value(0), generated);
    QCOMPARE(area->settingsPanel()->field(QStringLiteral("APP_NAMESPACE"))->text(), generated);
    // Keeping a reference uses the namespace: from then on it is kept.
    QVERIFY(area->keepAsReference().ok());
    QCOMPARE(loadDeploymentSettings(m_project)->appNamespace, generated);
}

void TestPoliciesArea::jumpOpensTheManifestInTheEditor()
{
    QStandardPaths::setTestModeEnabled(true);  // private settings, never the user's
    QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_policies_area"));
    QSettings().clear();
    ui::MainWindow w(m_session);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openProject(m_project));
    auto *area = qobject_cast<PolicyPreviewArea *>(w.area(ui::AreaId::Policies));
    QVERIFY(area);
    w.showArea(ui::AreaId::Policies);
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() >= 1 && !area->isRendering() && area->sessionNames().size() == 3,
                             10000);
    QVERIFY(area->selectSession(kNs + QStringLiteral("/flask-api")));
    const QString generated = area->yamlView()->editor()->toPlainText();
    const QString manifest =
        QFileInfo(QDir(w.projectDir()).filePath(QStringLiteral("flask-api/service.yaml"))).absoluteFilePath();
    const int manifestLine = lineOf(QString::fromUtf8(test::readFile(manifest)), QStringLiteral("command: python3"));
    QVERIFY(area->yamlView()->jumpToSource(lineOf(generated, QStringLiteral("command: python3"))));
    // The shell switches to the Manifests area with the file open and the caret on that line.
    QCOMPARE(w.currentArea(), ui::AreaId::Manifests);
    ui::ManifestEditor *editor = w.manifestsArea()->currentEditor();
    QVERIFY(editor);
    QCOMPARE(editor->textEditor()->toPlainText(), QString::fromUtf8(test::readFile(manifest)));
    QCOMPARE(editor->textEditor()->textCursor().blockNumber() + 1, manifestLine);
}

void TestPoliciesArea::screenshot()
{
    const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write the README screenshot of the graph");
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_policies_area"));
    QSettings().clear();
    engine::ProjectSession session;
    ui::MainWindow w(&session);
    w.resize(1360, 860);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openProject(m_project));
    w.showArea(ui::AreaId::Policies);
    auto *area = qobject_cast<PolicyPreviewArea *>(w.area(ui::AreaId::Policies));
    QVERIFY(area);
    QTRY_VERIFY_WITH_TIMEOUT(area->renderCount() >= 1 && !area->isRendering(), 10000);
    area->tabs()->setCurrentWidget(area->graphView());
    QTest::qWait(200);
    area->graphView()->fitToView();
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(w.grab().save(QDir(dir).filePath(QStringLiteral("policies-graph.png")), "PNG"));
}

QTEST_MAIN(TestPoliciesArea)
#include "tst_policies_area.moc"
