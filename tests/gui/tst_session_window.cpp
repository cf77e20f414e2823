// SPDX-License-Identifier: Apache-2.0
// The window on its project session: deployment settings edited in the Policies area are a
// document like the manifests (dirty, asked about on close, saved with their comments,
// recovered after a crash), a keystroke costs one parse and one validation in the whole
// process, and areas reach each other only through the shell.
#include "analysis/projectanalysis.h"
#include "common/messagebanner.h"
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "manifest/yamldocument.h"
#include "policies/deploymentsettingspanel.h"
#include "policies/policypreviewarea.h"
#include "policies/policyyamlview.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "sessionsupport.h"
#include "shell/mainwindow.h"
#include "testsupport.h"
#include "validation/projectvalidator.h"

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QtTest>

using namespace workbench;

class TestSessionWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void settingsEditedDirtyAskedOnCloseSaved();
    void unsavedSettingsAreRecovered();
    void oneKeystrokeOneParseOneValidation();
    void policiesJumpThroughTheShell();
    void reopeningTheOpenProjectKeepsUnsavedEdits();

private:
    void makeWindow();
    bool waitIdle() { return test::waitUntilAnalysed(*m_session); }
    ui::PolicyPreviewArea *policies() const
    {
        return qobject_cast<ui::PolicyPreviewArea *>(m_window->area(ui::AreaId::Policies));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    std::unique_ptr<engine::ProjectSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
    QStringList m_prompts;
    ui::ManifestsArea::UnsavedChoice m_answer = ui::ManifestsArea::UnsavedChoice::Cancel;
};

void TestSessionWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_session_window"));
    QSettings().clear();
}

void TestSessionWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(QStringLiteral("secure-doc-management"));
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
    m_project = QFileInfo(m_project).canonicalFilePath();
    makeWindow();
    QVERIFY(m_window->openProject(m_project));
    QVERIFY(waitIdle());
}

void TestSessionWindow::makeWindow()
{
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir->filePath(QStringLiteral("recovery")));
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    m_prompts.clear();
    m_window->manifestsArea()->setUnsavedPrompt([this](const QStringList &names) {
        m_prompts << names.join(QLatin1Char(','));
        return m_answer;
    });
    m_window->resize(1360, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSessionWindow::cleanup()
{
    if (m_window) {
        m_answer = ui::ManifestsArea::UnsavedChoice::Discard;
        m_window->close();
    }
    m_window.reset();
    m_session.reset();
    m_dir.reset();
}

void TestSessionWindow::settingsEditedDirtyAskedOnCloseSaved()
{
    const QString file = models::policy::settingsFilePath(m_project);
    const QByteArray shipped = test::readFile(file);
    m_window->showArea(ui::AreaId::Policies);
    ui::DeploymentSettingsPanel *panel = policies()->settingsPanel();
    QLineEdit *repo = panel->field(QStringLiteral("APP_IMAGE_REPO"));
    QVERIFY(repo);
    QCOMPARE(repo->text(), QStringLiteral("registry.example.com/secure-doc-management"));
    repo->setFocus();
    repo->selectAll();
    QTest::keyClicks(repo, QStringLiteral("registry.acme.io/sdm"));

    // Dirty: the store, the panel's title, the document; nothing on disk.
    engine::SettingsStore *store = m_session->settings();
    QVERIFY(store->isModified());
    QVERIFY(panel->title().contains(QLatin1String("Deployment settings *")));
    QVERIFY(panel->saveButton()->isEnabled());
    QCOMPARE(test::readFile(file), shipped);
    // The policies follow at once: the chart names the new repository, the placeholder warning went.
    QVERIFY(waitIdle());
    QVERIFY(policies()->selectChartFile(QStringLiteral("charts/redis/values.yaml")));
    QVERIFY(policies()->yamlView()->editor()->toPlainText().contains(
        QLatin1String("registry.acme.io/sdm/secure-doc-management-redis:1")));
    for (const models::Diagnostic &d : m_session->analysis()->snapshot()->diagnostics)
        QVERIFY2(d.code != QLatin1String("settings.placeholder"), qPrintable(d.toString()));
    // One undo step for the whole typing, on the Edit menu while the Policies area is shown.
    QCOMPARE(store->undoText(), QStringLiteral("Set APP_IMAGE_REPO"));
    auto *undo = m_window->findChild<QAction *>(QStringLiteral("actionUndo"));
    auto *redo = m_window->findChild<QAction *>(QStringLiteral("actionRedo"));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionSave"))->isEnabled());
    QCOMPARE(undo->text(), QStringLiteral("&Undo Set APP_IMAGE_REPO"));
    undo->trigger();
    QVERIFY(!store->isModified());
    QCOMPARE(repo->text(), QStringLiteral("registry.example.com/secure-doc-management"));
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QVERIFY(store->isModified());
    QCOMPARE(repo->text(), QStringLiteral("registry.acme.io/sdm"));

    // Closing asks, naming the settings file; Cancel keeps the window and the edit.
    m_answer = ui::ManifestsArea::UnsavedChoice::Cancel;
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_prompts, QStringList{QStringLiteral("settings.yaml")});
    QVERIFY(store->isModified());
    // Save: written with everything the file said before, the new value and the namespace in use.
    m_answer = ui::ManifestsArea::UnsavedChoice::Save;
    const QString ns = store->settings().appNamespace;
    QVERIFY(m_window->close());
    const QByteArray saved = test::readFile(file);
    QVERIFY(saved.contains("app_image_repo: registry.acme.io/sdm"));
    QVERIFY(saved.contains(QByteArray(QByteArray("app_namespace: ") + ns.toUtf8())));
    for (const QByteArray &line : shipped.split('\n'))
        if (line.startsWith('#'))
            QVERIFY2(saved.contains(line), line.constData());
    QVERIFY(!store->isModified());
    m_window.reset();
}

void TestSessionWindow::unsavedSettingsAreRecovered()
{
    const QString file = models::policy::settingsFilePath(m_project);
    const QByteArray shipped = test::readFile(file);
    m_session->documents()->setAutosaveInterval(100);
    m_window->showArea(ui::AreaId::Policies);
    QLineEdit *kube = policies()->settingsPanel()->field(QStringLiteral("KUBE_CONTEXT"));
    kube->setFocus();
    QTest::keyClicks(kube, QStringLiteral("prod-cluster"));
    QVERIFY(m_session->settings()->isModified());
    QTRY_VERIFY(m_session->documents()->recoveryStore().contains(file));

    // A crash: window and session go without closing.
    m_window.reset();
    m_session.reset();
    QCOMPARE(test::readFile(file), shipped);

    makeWindow();
    m_answer = ui::ManifestsArea::UnsavedChoice::Discard;
    QVERIFY(m_window->openProject(m_project));
    ui::MessageBanner *banner = m_window->manifestsArea()->recoveryBanner();
    QVERIFY(banner->isVisibleTo(m_window->manifestsArea()));
    QVERIFY2(banner->text().contains(QLatin1String(".scone-workbench/settings.yaml")), qPrintable(banner->text()));
    banner->button(QStringLiteral("restoreButton"))->click();
    QCOMPARE(m_session->settings()->settings().kubeContext, QStringLiteral("prod-cluster"));
    QVERIFY(m_session->settings()->isModified());
    QCOMPARE(policies()->settingsPanel()->field(QStringLiteral("KUBE_CONTEXT"))->text(),
             QStringLiteral("prod-cluster"));
    QCOMPARE(test::readFile(file), shipped);  // restored, not saved
}

void TestSessionWindow::oneKeystrokeOneParseOneValidation()
{
    const QString flask = QDir(m_project).filePath(QStringLiteral("flask-api/service.yaml"));
    QVERIFY(m_window->manifestsArea()->openFile(flask));
    ui::ManifestEditor *editor = m_window->manifestsArea()->editor(flask);
    QVERIFY(editor);
    ui::CodeEditor *text = editor->textEditor();
    text->setFocus();
    QTest::qWait(200);
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    const auto before = analysis->counters();
    const quint64 parses = models::YamlDocument::parseCount();
    const quint64 validations = models::ProjectValidator::runCount();

    // One keystroke at the end of the first (comment) line.
    QTextCursor c(text->document()->findBlockByNumber(0));
    c.movePosition(QTextCursor::EndOfBlock);
    text->setTextCursor(c);
    QTest::keyClick(text, Qt::Key_X);
    const QByteArray typed = editor->editorDocument()->currentBytes();
    QTRY_VERIFY(analysis->snapshot()->project.file(flask) &&
                analysis->snapshot()->project.file(flask)->document.text() == typed);
    QVERIFY(waitIdle());
    QTest::qWait(100);  // anything else that would parse or validate has its chance

    QCOMPARE(analysis->counters().parsedFiles - before.parsedFiles, quint64(1));
    QCOMPARE(analysis->counters().validations - before.validations, quint64(1));
    QCOMPARE(models::YamlDocument::parseCount() - parses, quint64(1));
    QCOMPARE(models::ProjectValidator::runCount() - validations, quint64(1));
    QVERIFY(editor->editorDocument()->isParseCurrent());  // the editor took the analysis' parse
}

void TestSessionWindow::policiesJumpThroughTheShell()
{
    // An area asks the shell to open a location; it never reaches into another area itself.
    QSignalSpy asked(policies(), &ui::WorkbenchArea::openLocationRequested);
    const QString redis = QDir(m_project).filePath(QStringLiteral("redis/service.yaml"));
    policies()->showSource({redis, 5, 3});
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().at(0).toString(), redis);
    QCOMPARE(m_window->currentArea(), ui::AreaId::Manifests);
    QVERIFY(m_window->manifestsArea()->editor(redis));
    QCOMPARE(m_window->manifestsArea()->currentEditor()->textEditor()->textCursor().blockNumber() + 1, 5);
}

void TestSessionWindow::reopeningTheOpenProjectKeepsUnsavedEdits()
{
    const QString mesh = QDir(m_project).filePath(QStringLiteral("mesh.yaml"));
    QVERIFY(m_window->manifestsArea()->openFile(mesh));
    ui::EditorDocument *doc = m_window->manifestsArea()->editor(mesh)->editorDocument();
    doc->replaceAllText(doc->currentBytes() + "# unsaved\n", QStringLiteral("test edit"));
    doc->flush();
    QVERIFY(m_session->settings()->setValue(QStringLiteral("KUBE_CONTEXT"), QStringLiteral("unsaved")).ok());
    // Opening the project that is open (File > Recent) asks nothing and drops nothing.
    QVERIFY(m_window->openProject(m_project));
    QVERIFY(m_prompts.isEmpty());
    QVERIFY(m_window->manifestsArea()->editor(mesh));
    QVERIFY(m_window->manifestsArea()->editor(mesh)->editorDocument()->currentBytes().endsWith("# unsaved\n"));
    QVERIFY(m_session->documents()->document(mesh)->isModified());
    QCOMPARE(m_session->settings()->settings().kubeContext, QStringLiteral("unsaved"));
}

QTEST_MAIN(TestSessionWindow)
#include "tst_session_window.moc"
