// SPDX-License-Identifier: Apache-2.0
// The deployment settings as a document of the session: source-preserving edits, dirty until
// saved, undo, a proposed APP_NAMESPACE written only on save, autosave and recovery, symbolic
// links never written through, JSON settings kept JSON, secrets refused.
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "policy/projectsettings.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::policy;
using workbench::test::readFile;
using workbench::test::writeFile;

namespace {
const QByteArray kCommented = "# Our deployment (reviewed by the platform team).\n"
                              "format: 1\n"
                              "release: ledger   # the helm release\n"
                              "app_image_repo: registry.acme.io/ledger\n"
                              "reviewer: platform-team   # not a workbench key\n"
                              "variables:\n"
                              "  REGION: eu   # keep\n";
}  // namespace

class TestSettingsStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void editsKeepCommentsAndUnknownKeys();
    void consecutiveEditsOfOneSettingAreOneUndoStep();
    void proposedNamespaceIsWrittenOnlyOnSave();
    void keepProposedNamespace();
    void unsavedSettingsAreRecoveredAfterACrash();
    void symbolicLinkIsNotWrittenThrough();
    void jsonSettingsStayJson();
    void secretsAreRefused();

private:
    engine::SettingsStore *store() const { return m_session->settings(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_recovery;
    std::unique_ptr<engine::ProjectSession> m_session;
};

void TestSettingsStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = QFileInfo(m_dir->filePath(QStringLiteral("project"))).absoluteFilePath();
    QVERIFY(QDir().mkpath(m_project));
    m_project = QFileInfo(m_project).canonicalFilePath();
    m_recovery = m_dir->filePath(QStringLiteral("recovery"));
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_recovery);
}

void TestSettingsStore::cleanup()
{
    if (m_session)
        m_session->shutdown();
    m_session.reset();
    m_dir.reset();
}

void TestSettingsStore::editsKeepCommentsAndUnknownKeys()
{
    const QString file = settingsFilePath(m_project);
    QVERIFY(writeFile(file, kCommented));
    QVERIFY(m_session->open(m_project).ok());
    QCOMPARE(store()->settings().release, QStringLiteral("ledger"));
    QCOMPARE(store()->settings().variables.value(QStringLiteral("REGION")), QStringLiteral("eu"));
    QSignalSpy modified(store(), &engine::SettingsStore::modifiedChanged);

    QVERIFY(store()->setValue(QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("registry.acme.io/ledger2")).ok());
    QVERIFY(store()->setValue(QStringLiteral("KUBE_CONTEXT"), QStringLiteral("prod")).ok());
    QVERIFY(store()->setValue(QStringLiteral("NEW_VAR"), QStringLiteral("1")).ok());
    QVERIFY(store()->isModified());
    QCOMPARE(modified.count(), 1);
    QCOMPARE(store()->settings().appImageRepo, QStringLiteral("registry.acme.io/ledger2"));
    QCOMPARE(readFile(file), kCommented);  // nothing on disk until saved

    const QByteArray buffer = store()->document()->text();
    for (const QByteArray &line : kCommented.split('\n'))
        if (line.contains('#') && !line.contains("app_image_repo"))
            QVERIFY2(buffer.contains(line), line.constData());
    QVERIFY(buffer.contains("reviewer: platform-team   # not a workbench key\n"));
    QVERIFY(buffer.contains("app_image_repo: registry.acme.io/ledger2\n"));
    QVERIFY(buffer.contains("kube_context: prod"));
    QVERIFY(buffer.contains("  NEW_VAR: \"1\"") || buffer.contains("  NEW_VAR: 1"));

    QVERIFY(store()->save().ok());
    QVERIFY(!store()->isModified());
    QCOMPARE(readFile(file), buffer);  // exactly the buffer
    // The first edit also wrote the APP_NAMESPACE the project was using (it was a proposal).
    QVERIFY(readFile(file).contains("app_namespace: ledger-"));
    QCOMPARE(readProjectSettings(m_project).values.kubeContext, QStringLiteral("prod"));
}

void TestSettingsStore::consecutiveEditsOfOneSettingAreOneUndoStep()
{
    QVERIFY(writeFile(settingsFilePath(m_project), kCommented));
    QVERIFY(m_session->open(m_project).ok());
    const QByteArray original = store()->document()->text();
    // Typing in a field: one step per setting, not per keystroke.
    for (const QString &v : {QStringLiteral("p"), QStringLiteral("pr"), QStringLiteral("pro")})
        QVERIFY(store()->setValue(QStringLiteral("KUBE_CONTEXT"), v).ok());
    QVERIFY(store()->setValue(QStringLiteral("RELEASE"), QStringLiteral("ledger2")).ok());
    QCOMPARE(store()->undoText(), QStringLiteral("Set RELEASE"));
    QVERIFY(store()->undo().ok());
    QCOMPARE(store()->settings().release, QStringLiteral("ledger"));
    QCOMPARE(store()->settings().kubeContext, QStringLiteral("pro"));
    QCOMPARE(store()->undoText(), QStringLiteral("Set KUBE_CONTEXT"));
    QVERIFY(store()->undo().ok());
    QCOMPARE(store()->document()->text(), original);
    QVERIFY(!store()->isModified());
    QVERIFY(!store()->canUndo());
    QVERIFY(store()->redo().ok());
    QCOMPARE(store()->settings().kubeContext, QStringLiteral("pro"));
    QVERIFY(store()->isModified());

    // A change made elsewhere (the text editor, a reload) is a step of its own.
    QByteArray typed = store()->document()->text();
    typed.replace("release: ledger", "release: typed");
    store()->document()->replaceBuffer(typed);
    QCOMPARE(store()->settings().release, QStringLiteral("typed"));
    QVERIFY(store()->undo().ok());
    QCOMPARE(store()->settings().release, QStringLiteral("ledger"));
    QCOMPARE(store()->settings().kubeContext, QStringLiteral("pro"));
}

void TestSettingsStore::proposedNamespaceIsWrittenOnlyOnSave()
{
    // A project without settings: defaults, a proposed APP_NAMESPACE, nothing written.
    QVERIFY(m_session->open(m_project).ok());
    QVERIFY(store()->namespaceProposed());
    const QString proposal = store()->settings().appNamespace;
    QCOMPARE(proposal, proposeAppNamespace(store()->settings().release, m_project));
    QVERIFY(!store()->isModified());
    QVERIFY(store()->canSave());
    QVERIFY(!QFileInfo::exists(workbenchDir(m_project)));
    // Opening again proposes the same.
    QVERIFY(m_session->open(m_project).ok());
    QCOMPARE(store()->settings().appNamespace, proposal);
    // Saving writes it (creating the folder and the file).
    QVERIFY(store()->save().ok());
    QVERIFY(!store()->namespaceProposed());
    QVERIFY(!store()->canSave());
    const ResolvedSettings onDisk = readProjectSettings(m_project);
    QVERIFY(!onDisk.namespaceProposed);
    QCOMPARE(onDisk.values.appNamespace, proposal);
    QVERIFY(readFile(settingsFilePath(m_project)).startsWith("# SCONE Workbench deployment settings"));
}

void TestSettingsStore::keepProposedNamespace()
{
    QVERIFY(m_session->open(m_project).ok());
    const QString proposal = store()->settings().appNamespace;
    // With no other unsaved edit it is saved right away...
    QVERIFY(store()->keepProposedNamespace().ok());
    QVERIFY(!store()->isModified());
    QCOMPARE(readProjectSettings(m_project).values.appNamespace, proposal);
    // ... with unsaved edits it joins them in the buffer (saving one would save the others).
    QVERIFY(QFile::remove(settingsFilePath(m_project)));
    QVERIFY(m_session->open(m_project).ok());
    QVERIFY(store()->setValue(QStringLiteral("APP_NAMESPACE"), QString()).ok());
    QVERIFY(store()->namespaceProposed());
    QVERIFY(store()->keepProposedNamespace().ok());
    QVERIFY(store()->isModified());
    QVERIFY(!store()->namespaceProposed());
    QCOMPARE(store()->settings().appNamespace, proposal);
    QVERIFY(!QFileInfo::exists(settingsFilePath(m_project)));  // not saved behind the user's back
}

void TestSettingsStore::unsavedSettingsAreRecoveredAfterACrash()
{
    const QString file = settingsFilePath(m_project);
    QVERIFY(writeFile(file, kCommented));
    QVERIFY(m_session->open(m_project).ok());
    QVERIFY(store()->setValue(QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("registry.acme.io/unsaved")).ok());
    const QByteArray unsaved = store()->document()->text();
    QCOMPARE(m_session->documents()->autosaveNow(), 1);
    // A crash: the session goes without shutdown().
    m_session.reset();
    QCOMPARE(readFile(file), kCommented);

    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_recovery);
    QVERIFY(m_session->open(m_project).ok());
    QCOMPARE(store()->settings().appImageRepo, QStringLiteral("registry.acme.io/ledger"));
    const QList<engine::RecoveryEntry> entries = m_session->documents()->recoverableEntries(m_project);
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().path, file);
    QVERIFY(m_session->documents()->restore(entries.first()).ok());
    // The store owns the same document: the restored buffer is its text, unsaved.
    QCOMPARE(store()->document()->text(), unsaved);
    QCOMPARE(store()->settings().appImageRepo, QStringLiteral("registry.acme.io/unsaved"));
    QVERIFY(store()->isModified());
    QCOMPARE(readFile(file), kCommented);
    QVERIFY(store()->undo().ok());  // the restore is an undoable step
    QCOMPARE(store()->settings().appImageRepo, QStringLiteral("registry.acme.io/ledger"));
}

void TestSettingsStore::symbolicLinkIsNotWrittenThrough()
{
    const QString target = m_dir->filePath(QStringLiteral("shared-settings.yaml"));
    QVERIFY(writeFile(target, kCommented));
    QVERIFY(QDir().mkpath(workbenchDir(m_project)));
    QVERIFY(QFile::link(target, settingsFilePath(m_project)));
    QVERIFY(m_session->open(m_project).ok());
    QCOMPARE(store()->settings().release, QStringLiteral("ledger"));  // read as usual
    QVERIFY(store()->isReadOnly());
    QVERIFY2(store()->readOnlyReason().contains(QLatin1String("symbolic link")), qPrintable(store()->readOnlyReason()));
    QVERIFY(!store()->canSave());
    const Status set = store()->setValue(QStringLiteral("RELEASE"), QStringLiteral("other"));
    QVERIFY(!set.ok());
    QCOMPARE(set.error().code, QStringLiteral("settings.read-only"));
    QVERIFY(!store()->save().ok());
    QVERIFY(!store()->keepProposedNamespace().ok());
    QCOMPARE(readFile(target), kCommented);
    QVERIFY(QFileInfo(settingsFilePath(m_project)).isSymLink());
}

void TestSettingsStore::jsonSettingsStayJson()
{
    const QString file = QDir(workbenchDir(m_project)).filePath(QStringLiteral("settings.json"));
    QVERIFY(writeFile(file, R"({"format": 1, "release": "from-json", "app_namespace": "j-1-2"})"));
    QVERIFY(m_session->open(m_project).ok());
    QCOMPARE(store()->filePath(), file);
    QVERIFY(store()->setValue(QStringLiteral("KUBE_CONTEXT"), QStringLiteral("ctx")).ok());
    QVERIFY(store()->save().ok());
    QVERIFY(readFile(file).contains("\"kube_context\": \"ctx\""));
    QVERIFY(!QFileInfo::exists(QDir(workbenchDir(m_project)).filePath(QStringLiteral("settings.yaml"))));
    QCOMPARE(readProjectSettings(m_project).values.release, QStringLiteral("from-json"));
}

void TestSettingsStore::secretsAreRefused()
{
    QVERIFY(m_session->open(m_project).ok());
    DeploymentSettings s = store()->settings();
    s.variables.insert(QStringLiteral("DB_PASSWORD"), QStringLiteral("hunter2"));
    const Status st = store()->setSettings(s);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, QStringLiteral("settings.secret"));
    QVERIFY(!store()->isModified());
    QVERIFY(!store()->document()->text().contains("hunter2"));
}

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settingsstore.moc"
