// SPDX-License-Identifier: Apache-2.0
// Issue 10 in the GUI: Policies ▸ Keep as reference never follows a symbolic link shipped in the
// project; a form cell edit of a folded Run step keeps it folded and exact; untrusted text with
// control characters is shown visibly in the form and the Problems model.
#include "common/workbencharea.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "editor/recordtable.h"
#include "editor/recordtablemodel.h"
#include "editor/serviceform.h"
#include "policies/policypreviewarea.h"
#include "policy/deploymentsettings.h"
#include "policy/policyreference.h"
#include "policy/projectsettings.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "shell/mainwindow.h"
#include "testsupport.h"
#include "validation/diagnosticsmodel.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace workbench;
using namespace workbench::models::policy;

class TestHardeningGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void keepAsReferenceNeverFollowsASymlink_data();
    void keepAsReferenceNeverFollowsASymlink();
    void runStepCellEditKeepsTheFoldedScalar();
    void controlCharactersAreShownVisibly();
    void serviceManifestLinkedToDevZero();
};

void TestHardeningGui::keepAsReferenceNeverFollowsASymlink_data()
{
    QTest::addColumn<QString>("link");
    QTest::newRow(".scone-workbench/rendered") << QStringLiteral(".scone-workbench/rendered");
    QTest::newRow("a session folder inside it") << QStringLiteral(".scone-workbench/rendered/sdm-7-8");
}

void TestHardeningGui::keepAsReferenceNeverFollowsASymlink()
{
    QFETCH(QString, link);
    QTemporaryDir tmp;
    const QString project = QDir(tmp.path()).filePath(QStringLiteral("project"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    DeploymentSettings s = DeploymentSettings::defaults(project);
    s.appNamespace = QStringLiteral("sdm-7-8");
    s.appImageRepo = QStringLiteral("registry.example.com/sdm");
    QVERIFY(test::writeFile(settingsFilePath(project), settingsToYaml(s)));
    // A cloned repository ships the link, pointing at a folder of the user's.
    const QString victim = QDir(tmp.path()).filePath(QStringLiteral("home"));
    QVERIFY(test::writeFile(victim + QStringLiteral("/redis.yaml"), "precious\n"));
    QVERIFY(test::writeFile(victim + QStringLiteral("/notes/a.txt"), "more\n"));
    QVERIFY(QDir().mkpath(QFileInfo(QDir(project).filePath(link)).absolutePath()));
    QVERIFY(QFile::link(victim, QDir(project).filePath(link)));
    const auto before = test::snapshotTree(victim);

    engine::ProjectSession session(nullptr, QDir(tmp.path()).filePath(QStringLiteral("recovery")));
    QVERIFY(session.open(project).ok());
    std::unique_ptr<ui::WorkbenchArea> a(ui::createPoliciesArea(&session, nullptr));
    auto *area = qobject_cast<ui::PolicyPreviewArea *>(a.get());
    QVERIFY(area);
    area->setProject(session.workspace()->projectDir(), session.workspace()->files());
    QVERIFY(QTest::qWaitFor([area] { return area->renderCount() >= 1 && !area->isRendering(); }, 10000));
    const Status st = area->keepAsReference();
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, link.endsWith(QLatin1String("rendered")) ? QStringLiteral("output.folder")
                                                                       : QStringLiteral("output.conflict"));
    QCOMPARE(test::snapshotTree(victim), before);
    QVERIFY(QFileInfo(QDir(project).filePath(link)).isSymLink());
}

void TestHardeningGui::runStepCellEditKeepsTheFoldedScalar()
{
    QTemporaryDir tmp;
    const QString project = QFileInfo(QDir(tmp.path()).filePath(QStringLiteral("TwoServices"))).absoluteFilePath();
    QVERIFY(test::copyTree(test::dataPath(QStringLiteral("editor/TwoServices")), project));
    const QString file = QDir(project).filePath(QStringLiteral("db/service.yaml"));
    QByteArray text = test::readFile(file);
    QVERIFY(text.endsWith("  command: postgres\n"));
    text += "  run:\n    - >\n      echo \"prepare\" && mkdir -p /app/cache\n";
    QVERIFY(test::writeFile(file, text));

    engine::ProjectSession session;
    ui::MainWindow window(&session);
    window.manifestsArea()->setUnsavedPrompt(
        [](const QStringList &) { return ui::ManifestsArea::UnsavedChoice::Discard; });
    window.manifestsArea()->editorManager()->setSyncDelay(20);
    window.resize(1360, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.openProject(project));
    const QString canonical = QFileInfo(file).canonicalFilePath();
    QVERIFY(window.manifestsArea()->openFile(canonical));
    ui::ManifestEditor *e = window.manifestsArea()->editor(canonical);
    QVERIFY(e);
    e->setViewMode(ui::ManifestEditor::ViewMode::Form);
    ui::RecordTable *run = e->serviceForm()->table(QStringLiteral("build.run"));
    QVERIFY(run);
    QCOMPARE(run->model()->rowCount(), 1);
    const QModelIndex cell = run->model()->index(0, 0);
    // The one-line cell shows the command without the folded scalar's final line break.
    QCOMPARE(cell.data().toString(), QStringLiteral("echo \"prepare\" && mkdir -p /app/cache"));
    // End, type, Enter: as the user did.
    run->view()->setCurrentIndex(cell);
    run->view()->edit(cell);
    auto *editor = run->view()->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("echo \"prepare\" && mkdir -p /app/cache"));
    QTest::keyClick(editor, Qt::Key_End);
    QTest::keyClicks(editor, QStringLiteral(" && echo done"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(e->editorDocument()->currentBytes().contains("echo done"));
    QVERIFY(window.manifestsArea()->saveAll());
    QVERIFY2(
        test::readFile(file).endsWith("  run:\n    - >\n      echo \"prepare\" && mkdir -p /app/cache && echo done\n"),
        test::readFile(file).constData());
}

void TestHardeningGui::controlCharactersAreShownVisibly()
{
    ui::RecordTableModel model;
    model.setFields({ui::textField(QStringLiteral("name"), QStringLiteral("Name"))});
    ui::RecordRow row;
    row.nodePath = QStringLiteral("l[0]");
    row.values.insert(QStringLiteral("name"), QStringLiteral("evil\x1b[31mred\x07"));
    model.setRows({row});
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("evil\u241b[31mred\u2407"));

    models::DiagnosticsModel problems;
    models::Diagnostic d;
    d.file = QStringLiteral("a/service.yaml");
    d.line = 3;
    d.column = 1;
    d.code = QStringLiteral("schema.unknown-key");
    d.message = QStringLiteral("unknown key `x\x1b]0;owned\x07`");
    models::Diagnostic noPlace = d;
    noPlace.line = 0;
    noPlace.column = 0;
    problems.setDiagnostics({d, noPlace});
    const QString shown = problems.index(0, models::DiagnosticsModel::MessageColumn).data().toString();
    QCOMPARE(shown, QStringLiteral("unknown key `x\u241b]0;owned\u2407`"));
    QCOMPARE(problems.index(1, models::DiagnosticsModel::PositionColumn).data().toString(), QString());
}

void TestHardeningGui::serviceManifestLinkedToDevZero()
{
    // It used to be read without bound until the process aborted on bad_alloc.
    QTemporaryDir tmp;
    const QString project = QDir(tmp.path()).filePath(QStringLiteral("project"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    const QString service = QDir(project).filePath(QStringLiteral("redis/service.yaml"));
    QVERIFY(QFile::remove(service));
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"), service));
    engine::ProjectSession session;
    ui::MainWindow window(&session);
    window.manifestsArea()->setUnsavedPrompt(
        [](const QStringList &) { return ui::ManifestsArea::UnsavedChoice::Discard; });
    window.show();
    QVERIFY(window.openProject(project));
    // Opening it reports why instead of reading for ever.
    QVERIFY(!window.manifestsArea()->openFile(service));
    QVERIFY(!window.manifestsArea()->editor(service));
    // The rest of the project works: the other service opens.
    QVERIFY(window.manifestsArea()->openFile(QDir(project).filePath(QStringLiteral("flask-api/service.yaml"))));
}

QTEST_MAIN(TestHardeningGui)
#include "tst_hardening_gui.moc"
