// SPDX-License-Identifier: Apache-2.0
// engine/documents: open documents, dirty state, atomic save, external changes, read-only
// files, autosave and crash recovery, background validation, secret index, form edits.
#include "analysis/projectanalysis.h"
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "documents/manifestedits.h"
#include "documents/recoverystore.h"
#include "documents/secretindex.h"
#include "manifest/yamldocument.h"
#include "project/projectworkspace.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace workbench;

using workbench::test::writeFile;

namespace {
QByteArray applyEdits(const QByteArray &text, const Result<QList<models::YamlEdit>> &edits)
{
    if (!edits)
        return "ERROR: " + edits.error().message.toUtf8();
    models::YamlDocument doc = models::YamlDocument::fromText(text);
    for (const models::YamlEdit &e : edits.value())
        if (auto r = doc.apply(e); !r)
            return "ERROR: " + r.error().message.toUtf8();
    return doc.text();
}
}  // namespace

class TstDocuments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void modifiedMeansDifferentFromDisk();
    void saveIsAtomicAndClearsModified();
    void readOnlyFileRefusesToSave();
    void cleanDocumentReloadsOnExternalChange();
    void modifiedDocumentReportsConflict();
    void keepBufferAfterConflict();
    void removalIsNoticed_data();
    void removalIsNoticed();
    void mergedSecretNamesAreOneSite();
    void workspaceFollowsUnsavedBuffer();
    void autosaveAndRecoveryAfterCrash();
    void recoveryOfADeletedFileAndPrivateCopies();
    void cleanShutdownLeavesNothingToRecover();
    void liveSessionIsNotOrphaned();

    void setValueCreatesMissingKeys_data();
    void setValueCreatesMissingKeys();
    void literalValuesStayBooleans();
    void appendItemCreatesList();
    void setStringListEditsItemByItem();

    void secretIndexAcrossFiles();
    void analysisValidatesUnsavedBuffers();

private:
    QString copyFile(const QString &name, const QByteArray &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectWorkspace> m_workspace;
    QString m_recovery;
};

void TstDocuments::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("project"))));
    m_recovery = m_dir->filePath(QStringLiteral("recovery"));
    m_workspace = std::make_unique<engine::ProjectWorkspace>();
    QVERIFY(m_workspace->open(m_dir->filePath(QStringLiteral("project"))));
}

void TstDocuments::cleanup()
{
    m_workspace.reset();
    m_dir.reset();
}

QString TstDocuments::copyFile(const QString &name, const QByteArray &text)
{
    const QString path = QDir(m_workspace->projectDir()).filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    writeFile(path, text);
    return path;
}

void TstDocuments::modifiedMeansDifferentFromDisk()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    QSignalSpy modified(doc.value(), &engine::Document::modifiedChanged);
    QVERIFY(!doc.value()->isModified());
    doc.value()->setText("a: 12\n");
    QVERIFY(doc.value()->isModified());
    doc.value()->setText("a: 1\n");  // typed and deleted again: nothing to save
    QVERIFY(!doc.value()->isModified());
    QCOMPARE(modified.count(), 2);
    // Opening twice gives the same document.
    QCOMPARE(docs.open(path).value(), doc.value());
}

void TstDocuments::saveIsAtomicAndClearsModified()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    doc.value()->setText("a: 2\n");
    QVERIFY(docs.save(path).ok());
    QCOMPARE(test::readFile(path), QByteArray("a: 2\n"));
    QVERIFY(!doc.value()->isModified());
    // QSaveFile keeps the permissions of the file it replaces.
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::WriteGroup), QFile::ReadGroup);
    // No temporary files left next to it.
    QCOMPARE(QDir(m_workspace->projectDir()).entryList(QDir::Files), QStringList{QStringLiteral("a.yaml")});
    // Our own save is not an external change.
    QSignalSpy conflict(&docs, &engine::DocumentManager::externalConflict);
    QSignalSpy reloaded(&docs, &engine::DocumentManager::reloadedFromDisk);
    QTest::qWait(400);
    QCOMPARE(conflict.count(), 0);
    QCOMPARE(reloaded.count(), 0);
}

void TstDocuments::readOnlyFileRefusesToSave()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("ro.yaml"), "a: 1\n");
    QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    QVERIFY(doc.value()->isReadOnly());
    QVERIFY(!doc.value()->readOnlyReason().isEmpty());
    doc.value()->setText("a: 2\n");
    const Status s = doc.value()->save();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("document.read-only"));
    QCOMPARE(test::readFile(path), QByteArray("a: 1\n"));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
}

void TstDocuments::cleanDocumentReloadsOnExternalChange()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    QSignalSpy reloaded(&docs, &engine::DocumentManager::reloadedFromDisk);
    QSignalSpy replaced(doc.value(), &engine::Document::bufferReplaced);
    QVERIFY(writeFile(path, "a: 3\nb: 4\n"));
    QTRY_COMPARE(reloaded.count(), 1);
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(doc.value()->text(), QByteArray("a: 3\nb: 4\n"));
    QVERIFY(!doc.value()->isModified());
}

void TstDocuments::modifiedDocumentReportsConflict()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    doc.value()->setText("a: mine\n");
    QSignalSpy conflict(&docs, &engine::DocumentManager::externalConflict);
    QVERIFY(writeFile(path, "a: theirs\n"));
    QTRY_COMPARE(conflict.count(), 1);
    QCOMPARE(doc.value()->externalState(), engine::Document::ExternalState::ChangedOnDisk);
    QCOMPARE(doc.value()->text(), QByteArray("a: mine\n"));  // never overwritten silently
    // Reload takes the disk version.
    QVERIFY(doc.value()->reload().ok());
    QCOMPARE(doc.value()->text(), QByteArray("a: theirs\n"));
    QVERIFY(!doc.value()->isModified());
    QCOMPARE(doc.value()->externalState(), engine::Document::ExternalState::InSync);
}

void TstDocuments::keepBufferAfterConflict()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    doc.value()->setText("a: mine\n");
    QVERIFY(writeFile(path, "a: theirs\n"));
    docs.checkForExternalChanges();
    QTRY_COMPARE(doc.value()->externalState(), engine::Document::ExternalState::ChangedOnDisk);
    doc.value()->keepBufferOverDisk();
    QCOMPARE(doc.value()->savedText(), QByteArray("a: theirs\n"));
    QVERIFY(doc.value()->isModified());
    QVERIFY(doc.value()->save().ok());
    QCOMPARE(test::readFile(path), QByteArray("a: mine\n"));
}

void TstDocuments::removalIsNoticed_data()
{
    QTest::addColumn<QByteArray>("recreated");  // what another program writes there meanwhile
    QTest::newRow("saved again") << QByteArray();
    // Created again (a git checkout): the watcher no longer watches a missing path.
    QTest::newRow("recreated by another program") << QByteArray("a: theirs\n");
}

void TstDocuments::removalIsNoticed()
{
    QFETCH(QByteArray, recreated);
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    QSignalSpy removed(&docs, &engine::DocumentManager::removedFromDisk);
    QVERIFY(QFile::remove(path));
    QTRY_COMPARE(removed.count(), 1);
    QVERIFY(doc.value()->isModified());  // the buffer is all that is left: it must be saved
    if (recreated.isEmpty()) {
        QVERIFY(doc.value()->save().ok());
        QCOMPARE(test::readFile(path), QByteArray("a: 1\n"));
        return;
    }
    // Not overwritten unasked.
    QVERIFY(writeFile(path, recreated));
    const Status st = doc.value()->save();
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, QStringLiteral("document.conflict"));
    QCOMPARE(test::readFile(path), recreated);
    QCOMPARE(doc.value()->externalState(), engine::Document::ExternalState::ChangedOnDisk);
}

void TstDocuments::mergedSecretNamesAreOneSite()
{
    // Two items merge `issuer: ca` from one anchor: one place in the text, one site.
    models::ManifestProject project;
    const QString path = QDir(m_workspace->projectDir()).filePath(QStringLiteral("svc/service.yaml"));
    project.setText(path, "apiVersion: scone/5.8\nkind: genservice\nsecrets:\n  global:\n"
                          "    - name: ca_key\n      kind: private-key\n"
                          "    - name: ca\n      kind: x509-ca\n      private_key: ca_key\n"
                          "    - &leaf\n      name: a\n      kind: x509\n      issuer: ca\n      private_key: ca_key\n"
                          "    - <<: *leaf\n      name: b\n");
    const engine::SecretIndex idx = engine::SecretIndex::build(project);
    int issuerSites = 0;
    for (const engine::SecretSite &site : idx.references(QStringLiteral("ca")))
        issuerSites += site.kind == engine::SecretSite::Kind::Issuer ? 1 : 0;
    QCOMPARE(issuerSites, 1);
}

void TstDocuments::workspaceFollowsUnsavedBuffer()
{
    engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    auto doc = docs.open(path);
    QVERIFY(doc.ok());
    QSignalSpy changed(m_workspace.get(), &engine::ProjectWorkspace::documentChanged);
    doc.value()->setText("a: 2\n");
    QVERIFY(m_workspace->hasUnsavedText(path));
    QCOMPARE(m_workspace->text(path), QByteArray("a: 2\n"));
    QCOMPARE(changed.count(), 1);
    QVERIFY(doc.value()->save().ok());
    QVERIFY(!m_workspace->hasUnsavedText(path));
    QCOMPARE(m_workspace->text(path), QByteArray("a: 2\n"));
}

void TstDocuments::autosaveAndRecoveryAfterCrash()
{
    const QString path = copyFile(QStringLiteral("svc/service.yaml"), "a: 1\n");
    {
        engine::DocumentManager first(m_workspace.get(), nullptr, m_recovery);
        first.setAutosaveInterval(50);
        auto doc = first.open(path);
        QVERIFY(doc.ok());
        doc.value()->setText("a: unsaved\n");
        QSignalSpy autosaved(&first, &engine::DocumentManager::autosaved);
        QTRY_VERIFY(autosaved.count() >= 1);
        QVERIFY(first.recoveryStore().contains(path));
        // The process "crashes": the manager goes away without shutdown().
    }
    QCOMPARE(test::readFile(path), QByteArray("a: 1\n"));
    engine::DocumentManager second(m_workspace.get(), nullptr, m_recovery);
    const QList<engine::RecoveryEntry> entries = second.recoverableEntries(m_workspace->projectDir());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().path, path);
    QCOMPARE(entries.first().text, QByteArray("a: unsaved\n"));
    QVERIFY(!entries.first().diskChangedSince());
    // Other projects do not see it.
    QVERIFY(second.recoverableEntries(m_dir->filePath(QStringLiteral("elsewhere"))).isEmpty());
    auto restored = second.restore(entries.first());
    QVERIFY(restored.ok());
    QCOMPARE(restored.value()->text(), QByteArray("a: unsaved\n"));
    QVERIFY(restored.value()->isModified());
    QCOMPARE(test::readFile(path), QByteArray("a: 1\n"));  // restoring does not save
    // The orphan is gone; the buffer is protected again by the new session.
    QVERIFY(second.recoverableEntries(m_workspace->projectDir()).isEmpty());
    QVERIFY(second.recoveryStore().contains(path));
    second.shutdown();
}

void TstDocuments::recoveryOfADeletedFileAndPrivateCopies()
{
    const QString path = copyFile(QStringLiteral("svc/service.yaml"), "a: 1\n");
    {
        engine::DocumentManager first(m_workspace.get(), nullptr, m_recovery);
        auto doc = first.open(path);
        QVERIFY(doc.ok());
        doc.value()->setText("value: secret-ish\n");
        QCOMPARE(first.autosaveNow(), 1);
        // Buffers can hold secret values: the copies are the owner's alone.
        const QFileInfoList sessions = QDir(m_recovery).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(sessions.size(), 1);
        const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                  QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFileInfo(m_recovery).permissions() & groupOrOther, QFileDevice::Permissions());
        QCOMPARE(sessions.first().permissions() & groupOrOther, QFileDevice::Permissions());
        const QFileInfoList copies =
            QDir(sessions.first().absoluteFilePath()).entryInfoList({QStringLiteral("*.data")}, QDir::Files);
        QCOMPARE(copies.size(), 1);
        QCOMPARE(copies.first().permissions() & groupOrOther, QFileDevice::Permissions());
        // Crash.
    }
    // The file is deleted (or moved) before the next start: the buffer is still restored, as
    // a file to save again.
    QVERIFY(QFile::remove(path));
    QVERIFY(QDir().rmdir(QFileInfo(path).absolutePath()));
    engine::DocumentManager second(m_workspace.get(), nullptr, m_recovery);
    const QList<engine::RecoveryEntry> entries = second.recoverableEntries(m_workspace->projectDir());
    QCOMPARE(entries.size(), 1);
    auto restored = second.restore(entries.first());
    QVERIFY2(restored.ok(), restored.ok() ? "" : qPrintable(restored.error().toString()));
    QCOMPARE(restored.value()->text(), QByteArray("value: secret-ish\n"));
    QVERIFY(restored.value()->isModified());
    QCOMPARE(restored.value()->externalState(), engine::Document::ExternalState::RemovedFromDisk);
    QVERIFY(second.recoveryStore().contains(path));
    QVERIFY(second.recoverableEntries(m_workspace->projectDir()).isEmpty());
    QVERIFY(restored.value()->save().ok());
    QCOMPARE(test::readFile(path), QByteArray("value: secret-ish\n"));
    second.shutdown();
}

void TstDocuments::cleanShutdownLeavesNothingToRecover()
{
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    {
        engine::DocumentManager docs(m_workspace.get(), nullptr, m_recovery);
        auto doc = docs.open(path);
        QVERIFY(doc.ok());
        doc.value()->setText("a: 2\n");
        QCOMPARE(docs.autosaveNow(), 1);
        QCOMPARE(docs.autosaveNow(), 0);  // unchanged since the last copy
        docs.shutdown();
    }
    engine::DocumentManager next(m_workspace.get(), nullptr, m_recovery);
    QVERIFY(next.recoverableEntries(m_workspace->projectDir()).isEmpty());
    QCOMPARE(QDir(m_recovery).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());
}

void TstDocuments::liveSessionIsNotOrphaned()
{
    const QString path = copyFile(QStringLiteral("a.yaml"), "a: 1\n");
    engine::DocumentManager running(m_workspace.get(), nullptr, m_recovery);
    auto doc = running.open(path);
    QVERIFY(doc.ok());
    doc.value()->setText("a: 2\n");
    QCOMPARE(running.autosaveNow(), 1);
    // A second instance must not offer the buffers of a session that is still running.
    engine::DocumentManager other(m_workspace.get(), nullptr, m_recovery);
    QVERIFY(other.recoverableEntries(m_workspace->projectDir()).isEmpty());
    running.shutdown();
}

void TstDocuments::setValueCreatesMissingKeys_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("removeIfEmpty");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("set existing") << QByteArray("build:\n  name: a # keep\n") << QStringLiteral("build.name")
                                  << QStringLiteral("b") << false << QByteArray("build:\n  name: b # keep\n");
    QTest::newRow("add missing key") << QByteArray("build:\n  name: a\n") << QStringLiteral("build.pwd")
                                     << QStringLiteral("/app") << false
                                     << QByteArray("build:\n  name: a\n  pwd: /app\n");
    QTest::newRow("add nested mapping") << QByteArray("build:\n  name: a\n") << QStringLiteral("build.signature.key")
                                        << QStringLiteral("k.pem") << false
                                        << QByteArray("build:\n  name: a\n  signature:\n    key: k.pem\n");
    QTest::newRow("remove when emptied") << QByteArray("build:\n  name: a\n  pwd: /x\n") << QStringLiteral("build.pwd")
                                         << QString() << true << QByteArray("build:\n  name: a\n");
    QTest::newRow("quotes placeholders") << QByteArray("x:\n  v: 1\n") << QStringLiteral("x.v")
                                         << QStringLiteral("$$SCONE::a$$") << false
                                         << QByteArray("x:\n  v: \"$$SCONE::a$$\"\n");
}

void TstDocuments::setValueCreatesMissingKeys()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    QFETCH(QString, value);
    QFETCH(bool, removeIfEmpty);
    QFETCH(QByteArray, expected);
    const auto doc = models::YamlDocument::fromText(text);
    QCOMPARE(applyEdits(text, engine::manifestedits::setValue(doc, path, value, removeIfEmpty)), expected);
}

void TstDocuments::literalValuesStayBooleans()
{
    const QByteArray text = "build:\n  name: a\n";
    const auto doc = models::YamlDocument::fromText(text);
    QCOMPARE(applyEdits(text, engine::manifestedits::setValue(doc, QStringLiteral("build.signature.sign"),
                                                              QStringLiteral("true"), true,
                                                              engine::manifestedits::ValueStyle::Literal)),
             QByteArray("build:\n  name: a\n  signature:\n    sign: true\n"));
    // As a string, `true` must be quoted to stay a string.
    QCOMPARE(
        applyEdits(text, engine::manifestedits::setValue(doc, QStringLiteral("build.kind"), QStringLiteral("true"))),
        QByteArray("build:\n  name: a\n  kind: \"true\"\n"));
}

void TstDocuments::appendItemCreatesList()
{
    const QByteArray text = "environment:\n  local:\n    - name: A\n      value: 1\n";
    const auto doc = models::YamlDocument::fromText(text);
    const QString item = engine::manifestedits::mappingFragment({{QStringLiteral("name"), QStringLiteral("B")}});
    QCOMPARE(applyEdits(text, engine::manifestedits::appendItem(doc, QStringLiteral("environment.local"), item)),
             QByteArray("environment:\n  local:\n    - name: A\n      value: 1\n    - name: B\n"));
    const QByteArray after =
        applyEdits(text, engine::manifestedits::appendItem(doc, QStringLiteral("environment.global"), item));
    const auto parsed = models::YamlDocument::fromText(after);
    QVERIFY2(parsed.node(QStringLiteral("environment.global[0].name")), after.constData());
    QCOMPARE(parsed.node(QStringLiteral("environment.global[0].name"))->scalar(), QStringLiteral("B"));
    QVERIFY(after.startsWith(text));  // the existing lines are untouched
}

void TstDocuments::setStringListEditsItemByItem()
{
    const QByteArray text = "s:\n  dns: [api, web]   # names\n";
    const auto doc = models::YamlDocument::fromText(text);
    const QByteArray after = applyEdits(
        text, engine::manifestedits::setStringList(
                  doc, QStringLiteral("s.dns"), {QStringLiteral("api"), QStringLiteral("www"), QStringLiteral("x")}));
    const auto parsed = models::YamlDocument::fromText(after);
    QVERIFY2(parsed.node(QStringLiteral("s.dns[2]")), after.constData());
    QCOMPARE(parsed.node(QStringLiteral("s.dns[1]"))->scalar(), QStringLiteral("www"));
    QVERIFY(after.contains("# names"));
    const QByteArray created = applyEdits(
        "s:\n  a: 1\n", engine::manifestedits::setStringList(models::YamlDocument::fromText("s:\n  a: 1\n"),
                                                             QStringLiteral("s.dns"), {QStringLiteral("a b")}));
    QCOMPARE(created, QByteArray("s:\n  a: 1\n  dns: [a b]\n"));
}

void TstDocuments::secretIndexAcrossFiles()
{
    QVERIFY(test::copyTree(test::exampleDir(), m_workspace->projectDir()));
    auto project = models::ManifestProject::loadFolder(m_workspace->projectDir());
    QVERIFY(project.ok());
    const engine::SecretIndex idx = engine::SecretIndex::build(project.value());
    const QString redis = QDir(m_workspace->projectDir()).filePath(QStringLiteral("redis/service.yaml"));
    const QString flask = QDir(m_workspace->projectDir()).filePath(QStringLiteral("flask-api/service.yaml"));
    const QList<engine::SecretSite> defs = idx.definitions(QStringLiteral("redis_ca_cert"));
    QCOMPARE(defs.size(), 1);
    QCOMPARE(defs.first().path, redis);
    const QByteArray redisText = test::readFile(redis);
    QCOMPARE(redisText.mid(defs.first().offset, defs.first().length), QByteArray("redis_ca_cert"));
    // Used in flask-api: the import list and a placeholder (legacy `.chain`).
    const QList<engine::SecretSite> refs = idx.references(QStringLiteral("redis_ca_cert"));
    int inFlask = 0;
    const QByteArray flaskText = test::readFile(flask);
    for (const engine::SecretSite &s : refs) {
        const QByteArray text = s.path == flask ? flaskText : redisText;
        QCOMPARE(text.mid(s.offset, s.length), QByteArray("redis_ca_cert"));
        if (s.path == flask)
            ++inFlask;
    }
    QCOMPARE(inFlask, 2);
    const int placeholder = int(flaskText.indexOf("$$SCONE::redis_ca_cert.chain$$"));
    const auto site = idx.siteAt(flask, placeholder + 3);
    QVERIFY(site.has_value());
    QCOMPARE(site->name, QStringLiteral("redis_ca_cert"));
    QCOMPARE(site->format, QStringLiteral(".chain"));
    QVERIFY(idx.info(QStringLiteral("flask")).has_value());
    QCOMPARE(idx.info(QStringLiteral("flask"))->kind, QStringLiteral("x509"));
    QVERIFY(engine::SecretIndex::isValidSecretName(QStringLiteral("api_ca-2")));
    QVERIFY(!engine::SecretIndex::isValidSecretName(QStringLiteral("flask.crt")));
}

void TstDocuments::analysisValidatesUnsavedBuffers()
{
    QVERIFY(test::copyTree(test::exampleDir(), m_workspace->projectDir()));
    m_workspace->rescan();
    engine::ProjectAnalysis analysis(m_workspace.get(), nullptr);
    analysis.analyzeNow();
    QCOMPARE(analysis.snapshot()->project.files().size(), 3);
    const int before = models::countSeverity(analysis.snapshot()->diagnostics, models::Diagnostic::Severity::Error);
    QCOMPARE(before, 0);
    const QString flask = QDir(m_workspace->projectDir()).filePath(QStringLiteral("flask-api/service.yaml"));
    QByteArray text = m_workspace->text(flask);
    text.replace("kind: genservice\n", "kind: genservice\nbroken: [\n");
    QSignalSpy updated(&analysis, &engine::ProjectAnalysis::snapshotChanged);
    m_workspace->setDocumentText(flask, text);  // an unsaved buffer, as the editor publishes it
    QTRY_VERIFY(updated.count() >= 1);
    // The file uses {{…}} templates, so the validator grades a syntax error as a warning.
    bool syntax = false;
    for (const models::Diagnostic &d : analysis.snapshot()->diagnostics)
        if (d.file == flask && d.line == 9 && d.code.startsWith(QLatin1String("yaml.")))
            syntax = true;
    if (!syntax)
        for (const models::Diagnostic &d : analysis.snapshot()->diagnostics)
            qWarning() << d.toString();
    QVERIFY(syntax);
    QCOMPARE(analysis.snapshot()->project.file(flask)->document.text(), text);
    // Back to the file: the worker's run gives the clean result again.
    m_workspace->clearDocumentText(flask);
    QTRY_VERIFY(analysis.snapshot()->project.file(flask)->document.text() == test::readFile(flask));
    QCOMPARE(models::countSeverity(analysis.snapshot()->diagnostics, models::Diagnostic::Severity::Error), 0);
}

QTEST_GUILESS_MAIN(TstDocuments)
#include "tst_documents.moc"
