// SPDX-License-Identifier: Apache-2.0
// The visual manifest editor in the main window (offscreen): form edits as exact text changes,
// problems while typing, undo/redo across form and text, rename across files, go to definition,
// crash recovery, external changes, read-only files. With SCONE_WORKBENCH_SCREENSHOT_DIR set,
// also writes the README screenshots of the editor (form view and text view).
#include "common/messagebanner.h"
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "editor/meshform.h"
#include "editor/recordtable.h"
#include "editor/serviceform.h"
#include "session/projectsession.h"
#include "shell/mainwindow.h"
#include "shell/outputpane.h"
#include "testsupport.h"
#include "validation/diagnosticsmodel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace workbench;

using workbench::test::writeFile;

namespace {
int rowOf(ui::RecordTable *table, const QString &key, const QString &value)
{
    const auto &rows = table->model()->rows();
    for (int i = 0; i < rows.size(); ++i)
        if (rows.at(i).values.value(key) == value)
            return i;
    return -1;
}

/// Moves the caret of @p editor to the first occurrence of @p needle (+ @p offset).
bool placeCaret(ui::CodeEditor *editor, const QString &needle, int offset = 0)
{
    const int pos = int(editor->document()->toPlainText().indexOf(needle));
    if (pos < 0)
        return false;
    QTextCursor c(editor->document());
    c.setPosition(pos + offset);
    editor->setTextCursor(c);
    return true;
}

/// Types @p keys at the end of @p editor, as the user would.
void typeAtEnd(QPlainTextEdit *editor, const QString &keys)
{
    editor->setFocus();
    editor->moveCursor(QTextCursor::End);
    QTest::keyClicks(editor, keys);
}

QAction *action(QWidget *window, const QString &name)
{
    return window->findChild<QAction *>(name);
}
}  // namespace

class TstEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void editSecretInFormIsExactTextChange();
    void brokenLineShowsInProblemsPaneAndGoes();
    void undoRedoAcrossFormAndText();
    void renameSecretRenamesEveryReference();
    void renameUndoIsAllOrNothing();
    void typedButUncommittedFormInputIsNeverLost();
    void saveRefusesToOverwriteAnExternalChange();
    void meshEnvBlockEditsInAMixedList();
    void goToDefinitionAcrossFiles();
    void findReferencesListsEveryUse();
    void hoverShowsTheSecret();
    void caretAndFormSelectionFollowEachOther();
    void recoverAutosavedEditsAfterCrash();
    void externalChangeWithoutUnsavedEdits();
    void externalChangeWithUnsavedEdits();
    void readOnlyFileOpensWithBanner();
    void otherFilesOpenAsPlainText();
    void closingWithUnsavedChangesAsks();
    void newServiceFromTemplate();
    void screenshots();

private:
    ui::ManifestEditor *open(const QString &relative);
    QString path(const QString &relative) const { return QDir(m_project).filePath(relative); }
    ui::ManifestsArea *area() const { return m_window->manifestsArea(); }
    ui::EditorManager *editors() const { return area()->editorManager(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    std::unique_ptr<engine::ProjectSession> m_session;  // outlives the window
    std::unique_ptr<ui::MainWindow> m_window;
    QStringList m_prompts;
    ui::ManifestsArea::UnsavedChoice m_answer = ui::ManifestsArea::UnsavedChoice::Discard;
};

void TstEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TstEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = QDir(m_dir->path()).filePath(QStringLiteral("TwoServices"));
    QVERIFY(test::copyTree(test::dataPath(QStringLiteral("editor/TwoServices")), m_project));
    m_project = QFileInfo(m_project).canonicalFilePath();
    m_session = std::make_unique<engine::ProjectSession>();
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    m_prompts.clear();
    m_answer = ui::ManifestsArea::UnsavedChoice::Discard;
    area()->setUnsavedPrompt([this](const QStringList &names) {
        m_prompts << names.join(QLatin1Char(','));
        return m_answer;
    });
    editors()->setSyncDelay(20);
    m_window->resize(1360, 860);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openProject(m_project));
}

void TstEditor::cleanup()
{
    if (m_window) {
        m_answer = ui::ManifestsArea::UnsavedChoice::Discard;
        m_window->close();
        m_window.reset();
    }
    m_session.reset();
    m_dir.reset();
}

ui::ManifestEditor *TstEditor::open(const QString &relative)
{
    if (!area()->openFile(path(relative)))
        return nullptr;
    return area()->editor(path(relative));
}

void TstEditor::editSecretInFormIsExactTextChange()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    ui::ServiceForm *form = e->serviceForm();
    QVERIFY(form);
    ui::EditorDocument *doc = e->editorDocument();
    const QByteArray before = doc->currentBytes();

    // 1. The kind of db_server, in the secrets table: x509 -> x509-ca.
    ui::RecordTable *secrets = form->secretsTable();
    const int row = rowOf(secrets, QStringLiteral("name"), QStringLiteral("db_server"));
    QVERIFY(row >= 0);
    const QModelIndex kindCell = secrets->model()->index(row, secrets->model()->columnOf(QStringLiteral("kind")));
    QVERIFY(secrets->model()->setData(kindCell, QStringLiteral("x509-ca")));
    QByteArray expected = before;
    const QByteArray oldBlock = "    - name: db_server\n      kind: x509\n";
    QVERIFY(expected.contains(oldBlock));
    expected.replace(oldBlock, "    - name: db_server\n      kind: x509-ca\n");
    QCOMPARE(doc->currentBytes(), expected);
    QCOMPARE(doc->lastChanges().size(), 1);
    QCOMPARE(doc->lastChanges().first().inserted, QByteArray("-ca"));
    QCOMPARE(doc->lastChanges().first().removed, QByteArray());

    // 2. The detail panel follows the selected row; set valid_for (absent: the key is added).
    secrets->view()->setCurrentIndex(secrets->model()->index(row, 0));
    auto *validFor = qobject_cast<QLineEdit *>(form->secretField(QStringLiteral("valid_for")));
    QVERIFY(validFor);
    QVERIFY(validFor->isVisibleTo(form));
    validFor->setText(QStringLiteral("90 days"));
    validFor->setModified(true);
    Q_EMIT validFor->editingFinished();
    expected.replace("      dns: [db]\n", "      dns: [db]\n      valid_for: 90 days\n");
    QCOMPARE(doc->currentBytes(), expected);
    // Fields follow the kind: an x509-ca has no size, an ascii secret no issuer.
    QVERIFY(!form->secretField(QStringLiteral("size"))->isVisibleTo(form));

    // Every comment of the file survived, byte for byte.
    for (const QByteArray &line : before.split('\n'))
        if (line.contains('#'))
            QVERIFY2(doc->currentBytes().contains(line), line.constData());
    QVERIFY(doc->isModified());
    QCOMPARE(area()->tabs()->tabText(area()->tabs()->indexOf(e)), QStringLiteral("service.yaml*"));
    // Save writes exactly the buffer.
    QVERIFY(action(m_window.get(), QStringLiteral("actionSave"))->isEnabled());
    action(m_window.get(), QStringLiteral("actionSave"))->trigger();
    QCOMPARE(test::readFile(path(QStringLiteral("db/service.yaml"))), expected);
    QVERIFY(!doc->isModified());
}

void TstEditor::brokenLineShowsInProblemsPaneAndGoes()
{
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    editors()->refreshNow();
    QCOMPARE(editors()->errorCount(), 0);
    QVERIFY(!e->syntaxBanner()->isVisibleTo(e));
    QVERIFY(e->form()->isEditable());

    // Type a broken line after line 11 (`    - name: DB_HOST   # from the mesh`).
    ui::CodeEditor *text = e->textEditor();
    text->setFocus();
    text->goToLine(11);
    text->moveCursor(QTextCursor::EndOfLine);
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("bad: [unclosed"));
    QCOMPARE(text->textCursor().blockNumber() + 1, 12);

    const QString file = path(QStringLiteral("api/service.yaml"));
    models::DiagnosticsModel *problems = editors()->diagnosticsModel();
    auto errorAt = [problems, &file](int line) {
        for (int r = 0; r < problems->rowCount(); ++r) {
            const QModelIndex i = problems->index(r, 0);
            if (i.data(models::DiagnosticsModel::FileRole).toString() == file &&
                i.data(models::DiagnosticsModel::SeverityRole).toInt() == int(models::Diagnostic::Severity::Error) &&
                i.data(models::DiagnosticsModel::LineRole).toInt() == line)
                return r;
        }
        return -1;
    };
    // yaml-cpp reports an unclosed flow sequence where it notices it; the typed line or the next.
    QTRY_VERIFY(errorAt(12) >= 0 || errorAt(13) >= 0);
    const int row = errorAt(12) >= 0 ? errorAt(12) : errorAt(13);
    QVERIFY(m_window->outputPane()->problemsView()->model()->rowCount() > row);
    QVERIFY(m_window->problemSummary().startsWith(QStringLiteral("1 error")));
    QVERIFY(text->markerSelections().size() >= 1);
    // While the text does not parse the form is read-only and says why.
    QVERIFY(e->syntaxBanner()->isVisibleTo(e));
    QVERIFY(!e->form()->isEditable());
    // Double-click in the Problems pane jumps to the line.
    text->goToLine(1);
    Q_EMIT m_window->outputPane()->problemActivated(problems->index(row, 0));
    QCOMPARE(text->textCursor().blockNumber() + 1,
             problems->index(row, 0).data(models::DiagnosticsModel::LineRole).toInt());

    // Fix it: delete the line again. The problem goes.
    text->goToLine(12);
    QTextCursor c = text->textCursor();
    c.movePosition(QTextCursor::StartOfBlock);
    c.movePosition(QTextCursor::PreviousCharacter);
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    text->setTextCursor(c);
    QTest::keyClick(text, Qt::Key_Delete);
    QTRY_COMPARE(editors()->errorCount(), 0);
    QVERIFY(errorAt(12) < 0 && errorAt(13) < 0);
    QTRY_VERIFY(!e->syntaxBanner()->isVisibleTo(e));
    QVERIFY(e->form()->isEditable());
    QCOMPARE(m_window->problemSummary(), QStringLiteral("No problems"));
}

void TstEditor::undoRedoAcrossFormAndText()
{
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    ui::EditorDocument *doc = e->editorDocument();
    const QByteArray original = doc->currentBytes();
    auto *pwd = qobject_cast<QLineEdit *>(e->form()->fieldWidget(QStringLiteral("build.pwd")));
    QVERIFY(pwd);
    QVERIFY(pwd->text().isEmpty());

    // Form edit...
    pwd->setFocus();
    pwd->setText(QStringLiteral("/app"));
    pwd->setModified(true);
    Q_EMIT pwd->editingFinished();
    QVERIFY(doc->currentBytes().contains("  pwd: /app\n"));
    const QByteArray afterForm = doc->currentBytes();
    // ...then typing in the text.
    ui::CodeEditor *text = e->textEditor();
    typeAtEnd(text, QStringLiteral("# typed"));
    QVERIFY(doc->currentBytes().endsWith("# typed"));

    QAction *undo = action(m_window.get(), QStringLiteral("actionUndo"));
    QAction *redo = action(m_window.get(), QStringLiteral("actionRedo"));
    // Ctrl+Z in the text view undoes the typing, then the form edit.
    QTest::keySequence(text, QKeySequence::Undo);
    QCOMPARE(doc->currentBytes(), afterForm);
    QTest::keySequence(text, QKeySequence::Undo);
    QCOMPARE(doc->currentBytes(), original);
    QCOMPARE(pwd->text(), QString());  // the form follows at once
    QVERIFY(!doc->isModified());
    // Redo from the Edit menu brings the form edit back, visible in the form.
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QCOMPARE(doc->currentBytes(), afterForm);
    QCOMPARE(pwd->text(), QStringLiteral("/app"));
    redo->trigger();
    QVERIFY(doc->currentBytes().endsWith("# typed"));
    undo->trigger();
    undo->trigger();
    QCOMPARE(doc->currentBytes(), original);
}

void TstEditor::renameSecretRenamesEveryReference()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    const QByteArray dbBefore = test::readFile(path(QStringLiteral("db/service.yaml")));
    const QByteArray apiBefore = test::readFile(path(QStringLiteral("api/service.yaml")));
    const int inDb = int(dbBefore.count("db_ca_cert"));
    const int inApi = int(apiBefore.count("db_ca_cert"));
    QCOMPARE(inDb, 4);   // definition, two issuers, one placeholder
    QCOMPARE(inApi, 2);  // import and placeholder

    ui::RecordTable *secrets = e->serviceForm()->secretsTable();
    const int row = rowOf(secrets, QStringLiteral("name"), QStringLiteral("db_ca_cert"));
    QVERIFY(row >= 0);
    QVERIFY(secrets->model()->setData(secrets->model()->index(row, 0), QStringLiteral("db_root_ca")));

    ui::EditorDocument *db = editors()->editorDocument(path(QStringLiteral("db/service.yaml")));
    ui::EditorDocument *api = editors()->editorDocument(path(QStringLiteral("api/service.yaml")));
    QVERIFY(db && api);
    QByteArray dbExpected = dbBefore, apiExpected = apiBefore;
    dbExpected.replace("db_ca_cert", "db_root_ca");
    apiExpected.replace("db_ca_cert", "db_root_ca");
    QCOMPARE(db->currentBytes(), dbExpected);
    QCOMPARE(api->currentBytes(), apiExpected);
    // The other file was opened in a tab so that the change shows and can be saved.
    QVERIFY(area()->editor(path(QStringLiteral("api/service.yaml"))));
    editors()->refreshNow();
    QCOMPARE(editors()->errorCount(), 0);
    // Nothing written yet.
    QCOMPARE(test::readFile(path(QStringLiteral("api/service.yaml"))), apiBefore);

    // One undo step reverts the rename in both files (from either one).
    QCOMPARE(db->undoStack()->undoText(), QStringLiteral("Rename secret db_ca_cert to db_root_ca"));
    editors()->undo(api);
    QCOMPARE(db->currentBytes(), dbBefore);
    QCOMPARE(api->currentBytes(), apiBefore);
    editors()->redo(db);
    QCOMPARE(db->currentBytes(), dbExpected);
    QCOMPARE(api->currentBytes(), apiExpected);

    // A name that is taken or invalid is refused, and nothing changes.
    QVERIFY(!editors()->renameSecret(QStringLiteral("db_root_ca"), QStringLiteral("db_server")).ok());
    QVERIFY(!editors()->renameSecret(QStringLiteral("db_root_ca"), QStringLiteral("bad.name")).ok());
    QCOMPARE(db->currentBytes(), dbExpected);
}

void TstEditor::renameUndoIsAllOrNothing()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    QVERIFY(editors()->renameSecret(QStringLiteral("db_ca_cert"), QStringLiteral("db_root_ca")).ok());
    ui::EditorDocument *db = editors()->editorDocument(path(QStringLiteral("db/service.yaml")));
    ui::EditorDocument *api = editors()->editorDocument(path(QStringLiteral("api/service.yaml")));
    QVERIFY(db && api);
    const QByteArray dbRenamed = db->currentBytes();

    // A later edit in the API file: undoing the rename from the DB file must not undo it in
    // the DB file alone (the import in the API would dangle).
    ui::CodeEditor *apiText = area()->editor(api->path())->textEditor();
    typeAtEnd(apiText, QStringLiteral("# later"));
    api->flush();
    const QByteArray apiLater = api->currentBytes();
    const Status refused = editors()->undo(db);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message.contains(QStringLiteral("service.yaml")), qPrintable(refused.error().message));
    QCOMPARE(db->currentBytes(), dbRenamed);
    QCOMPARE(api->currentBytes(), apiLater);

    // Undo the later edit first: now the rename goes in both files at once.
    QVERIFY(editors()->undo(api).ok());
    QVERIFY(!api->currentBytes().contains("# later"));
    QVERIFY(editors()->undo(db).ok());
    QVERIFY(!db->currentBytes().contains("db_root_ca"));
    QVERIFY(!api->currentBytes().contains("db_root_ca"));
}

void TstEditor::typedButUncommittedFormInputIsNeverLost()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    e->setViewMode(ui::ManifestEditor::ViewMode::Form);
    const QString file = path(QStringLiteral("db/service.yaml"));
    auto *to = qobject_cast<QLineEdit *>(e->form()->fieldWidget(QStringLiteral("build.to")));
    QVERIFY(to);
    // Typed, no Return, focus still in the field: nothing is committed yet...
    to->setFocus();
    to->selectAll();
    QTest::keyClicks(to, QStringLiteral("registry.example.com/db:9"));
    QVERIFY(!e->editorDocument()->currentBytes().contains("registry.example.com/db:9"));
    // ...but Save writes it, and the focus stays in the field.
    action(m_window.get(), QStringLiteral("actionSave"))->trigger();
    QVERIFY(test::readFile(file).contains("  to: registry.example.com/db:9\n"));
    QCOMPARE(to->text(), QStringLiteral("registry.example.com/db:9"));

    // An open table cell editor counts too: closing the tab asks first.
    ui::RecordTable *secrets = e->serviceForm()->secretsTable();
    const int row = rowOf(secrets, QStringLiteral("name"), QStringLiteral("db_client_key"));
    QVERIFY(row >= 0);
    const QModelIndex cell = secrets->model()->index(row, 0);
    secrets->view()->setCurrentIndex(cell);
    secrets->view()->edit(cell);
    auto *cellEditor = secrets->view()->viewport()->findChild<QLineEdit *>();
    QVERIFY(cellEditor);
    cellEditor->selectAll();
    QTest::keyClicks(cellEditor, QStringLiteral("db_client_key2"));
    m_answer = ui::ManifestsArea::UnsavedChoice::Cancel;
    QVERIFY(!area()->closeFile(file));
    QCOMPARE(m_prompts.size(), 1);
    QVERIFY(e->editorDocument()->currentBytes().contains("- name: db_client_key2\n"));

    // Text typed into an injection file's content editor is kept through a refresh and saved.
    ui::ServiceForm *form = e->serviceForm();
    ui::RecordTable *injection = form->table(QStringLiteral("injection_files"));
    QVERIFY(injection);
    injection->view()->setCurrentIndex(injection->model()->index(0, 0));
    ui::CodeEditor *content = form->injectionContentEditor();
    content->setFocus();
    content->moveCursor(QTextCursor::End);
    QTest::keyClick(content, Qt::Key_Return);
    QTest::keyClicks(content, QStringLiteral("extra line"));
    form->refresh();
    QVERIFY(content->toPlainText().endsWith(QStringLiteral("\nextra line")));
    m_answer = ui::ManifestsArea::UnsavedChoice::Save;
    QVERIFY(area()->saveAll());
    QVERIFY2(test::readFile(file).contains("extra line"), test::readFile(file).constData());
}

void TstEditor::saveRefusesToOverwriteAnExternalChange()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    const QString file = path(QStringLiteral("db/service.yaml"));
    ui::EditorDocument *doc = e->editorDocument();
    ui::CodeEditor *text = e->textEditor();
    typeAtEnd(text, QStringLiteral("# mine"));
    // Another program writes, and the user saves before the file watcher has said anything.
    const QByteArray theirs = test::readFile(file) + "# theirs\n";
    QVERIFY(writeFile(file, theirs));
    QVERIFY(!area()->saveCurrent());
    QCOMPARE(test::readFile(file), theirs);
    QCOMPARE(doc->document()->externalState(), engine::Document::ExternalState::ChangedOnDisk);
    QTRY_VERIFY(e->fileBanner()->isVisibleTo(e));
    // Keeping my version makes the next save go through.
    e->fileBanner()->button(QStringLiteral("keepButton"))->click();
    QVERIFY(area()->saveCurrent());
    QVERIFY(test::readFile(file).endsWith("# mine"));
}

void TstEditor::meshEnvBlockEditsInAMixedList()
{
    const QString file = path(QStringLiteral("mesh.yaml"));
    QByteArray mesh = test::readFile(file);
    // A legacy plain variable in front of the blocks: rows and list items no longer match.
    const qsizetype env = mesh.indexOf("\nenv:\n");
    QVERIFY(env >= 0);
    mesh.insert(env + 6, "  - name: LEGACY\n    value: x\n");
    QVERIFY(writeFile(file, mesh));
    ui::ManifestEditor *e = open(QStringLiteral("mesh.yaml"));
    QVERIFY(e && e->meshForm());
    ui::RecordTable *blocks = e->meshForm()->envBlocksTable();
    // (mesh.yaml may already be open: the change on disk is then reloaded silently.)
    QTRY_VERIFY(e->editorDocument()->currentBytes().contains("LEGACY"));
    e->editorDocument()->reparseNow();
    e->form()->refresh();
    QVERIFY(blocks->model()->rowCount() >= 1);
    QCOMPARE(blocks->model()->rows().at(0).nodePath, QStringLiteral("env[1]"));
    blocks->view()->setCurrentIndex(blocks->model()->index(0, 0));
    ui::RecordTable *vars = e->meshForm()->envVariablesTable();
    QCOMPARE(vars->listPath(), QStringLiteral("env[1].env"));  // the block's own list
    const int before = vars->model()->rowCount();
    vars->addButton()->click();
    QCOMPARE(vars->model()->rowCount(), before + 1);
    const QByteArray after = e->editorDocument()->currentBytes();
    // The new variable went into the global block; the plain variable is untouched.
    QVERIFY(after.contains("  - name: LEGACY\n    value: x\n  - service: global\n    env:\n      - name: DB_HOST\n"));
    const qsizetype global = after.indexOf("service: global");
    const qsizetype api = after.indexOf("service: api");
    QCOMPARE(after.mid(global, api - global).count("- name:"), before + 1);
}

void TstEditor::goToDefinitionAcrossFiles()
{
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    ui::CodeEditor *text = e->textEditor();
    QVERIFY(placeCaret(text, QStringLiteral("$$SCONE::db_client_cert:crt$$"), 12));
    text->setFocus();
    QTest::keyClick(text, Qt::Key_F2);
    ui::ManifestEditor *now = area()->currentEditor();
    QVERIFY(now);
    QCOMPARE(now->editorDocument()->path(), path(QStringLiteral("db/service.yaml")));
    const QTextCursor c = now->textEditor()->textCursor();
    QCOMPARE(c.block().text(), QStringLiteral("    - name: db_client_cert"));
    QCOMPARE(c.selectedText(), QStringLiteral("db_client_cert"));

    // Ctrl+click on the import list entry works the same.
    area()->openFile(path(QStringLiteral("api/service.yaml")));
    QVERIFY(placeCaret(text, QStringLiteral("db_ca_cert, db_client_cert]"), 3));
    const QRect r = text->cursorRect();
    QTest::mouseClick(text->viewport(), Qt::LeftButton, Qt::ControlModifier, r.center());
    QCOMPARE(area()->currentEditor()->editorDocument()->path(), path(QStringLiteral("db/service.yaml")));
    QCOMPARE(area()->currentEditor()->textEditor()->textCursor().block().text(),
             QStringLiteral("    - name: db_ca_cert           # exported to the API"));
}

void TstEditor::findReferencesListsEveryUse()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    QVERIFY(placeCaret(e->textEditor(), QStringLiteral("name: db_ca_cert"), 8));
    e->findReferences();
    QTreeWidget *list = area()->referencesView();
    QVERIFY(list->isVisibleTo(area()));
    // Definition + 3 uses in db + 2 in api.
    QCOMPARE(list->topLevelItemCount(), 6);
    QStringList files;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        files << list->topLevelItem(i)->text(0);
    QCOMPARE(files.count(QStringLiteral("api/service.yaml")), 2);
    QCOMPARE(files.count(QStringLiteral("db/service.yaml")), 4);
}

void TstEditor::hoverShowsTheSecret()
{
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    editors()->refreshNow();
    const int pos = int(e->textEditor()->toPlainText().indexOf(QStringLiteral("$$SCONE::db_ca_cert:crt$$"))) + 12;
    const QString html = editors()->hoverTextAt(e->editorDocument(), pos);
    QVERIFY2(html.contains(QStringLiteral("<b>db_ca_cert</b>")), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("x509-ca")));
    QVERIFY(html.contains(QStringLiteral("db/service.yaml")));
}

void TstEditor::caretAndFormSelectionFollowEachOther()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    ui::RecordTable *secrets = e->serviceForm()->secretsTable();
    ui::CodeEditor *text = e->textEditor();
    // Caret in the text -> the secret's row is selected and the breadcrumb names the path.
    QVERIFY(placeCaret(text, QStringLiteral("endpoint: client"), 12));
    QTRY_COMPARE(secrets->currentRow(), rowOf(secrets, QStringLiteral("name"), QStringLiteral("db_client_cert")));
    QCOMPARE(e->breadcrumb()->text(), QStringLiteral("secrets  ›  global  ›  [5]  ›  endpoint"));
    // Row selected in the form -> the text shows it.
    const int row = rowOf(secrets, QStringLiteral("name"), QStringLiteral("db_server_key"));
    secrets->view()->setCurrentIndex(secrets->model()->index(row, 0));
    QCOMPARE(text->textCursor().block().text(), QStringLiteral("    - name: db_server_key"));
}

void TstEditor::recoverAutosavedEditsAfterCrash()
{
    const QString file = path(QStringLiteral("api/service.yaml"));
    const QByteArray onDisk = test::readFile(file);
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    editors()->documents()->setAutosaveInterval(100);
    ui::CodeEditor *text = e->textEditor();
    typeAtEnd(text, QStringLiteral("# not saved yet"));
    const QByteArray typed = e->editorDocument()->currentBytes();
    QTRY_VERIFY(editors()->documents()->recoveryStore().contains(file));

    // Crash: the window goes away without closing (no prompt, no clean shutdown).
    m_window.reset();
    m_session.reset();
    QCOMPARE(test::readFile(file), onDisk);

    m_session = std::make_unique<engine::ProjectSession>();
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    area()->setUnsavedPrompt([](const QStringList &) { return ui::ManifestsArea::UnsavedChoice::Discard; });
    m_window->show();
    QVERIFY(m_window->openProject(m_project));
    ui::MessageBanner *banner = area()->recoveryBanner();
    QCOMPARE(banner, m_window->recoveryBanner());  // shown above every area
    QVERIFY(banner->isVisibleTo(m_window.get()));
    QVERIFY(banner->text().contains(QStringLiteral("api/service.yaml")));
    QPushButton *restore = banner->button(QStringLiteral("restoreButton"));
    QVERIFY(restore);
    restore->click();
    QVERIFY(!banner->isVisibleTo(m_window.get()));
    ui::ManifestEditor *restored = area()->editor(file);
    QVERIFY(restored);
    QCOMPARE(restored->editorDocument()->currentBytes(), typed);
    QVERIFY(restored->editorDocument()->isModified());
    QCOMPARE(test::readFile(file), onDisk);  // restored, not saved
    // The restore is an undoable edit on top of the file.
    editors()->undo(restored->editorDocument());
    QCOMPARE(restored->editorDocument()->currentBytes(), onDisk);
    // Nothing left to offer.
    QVERIFY(editors()->documents()->recoverableEntries(m_project).isEmpty());
}

void TstEditor::externalChangeWithoutUnsavedEdits()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    const QString file = path(QStringLiteral("db/service.yaml"));
    QByteArray changed = test::readFile(file);
    changed.replace("value: 1G", "value: 2G");
    QVERIFY(writeFile(file, changed));
    QTRY_COMPARE(e->editorDocument()->currentBytes(), changed);
    QVERIFY(!e->editorDocument()->isModified());
    QVERIFY(!e->fileBanner()->isVisibleTo(e));
    // The form shows the new value.
    QTRY_COMPARE(e->serviceForm()
                     ->table(QStringLiteral("environment.local"))
                     ->model()
                     ->rows()
                     .value(0)
                     .values.value(QStringLiteral("value")),
                 QStringLiteral("2G"));
}

void TstEditor::externalChangeWithUnsavedEdits()
{
    ui::ManifestEditor *e = open(QStringLiteral("db/service.yaml"));
    QVERIFY(e);
    const QString file = path(QStringLiteral("db/service.yaml"));
    ui::EditorDocument *doc = e->editorDocument();
    ui::CodeEditor *text = e->textEditor();
    typeAtEnd(text, QStringLiteral("# mine"));
    const QByteArray mine = doc->currentBytes();

    // Changed on disk while modified: ask, keep.
    QByteArray theirs = test::readFile(file) + "# theirs\n";
    QVERIFY(writeFile(file, theirs));
    QTRY_VERIFY(e->fileBanner()->isVisibleTo(e));
    QVERIFY(e->fileBanner()->text().contains(QStringLiteral("changed on disk")));
    QCOMPARE(doc->currentBytes(), mine);  // never replaced without asking
    e->fileBanner()->button(QStringLiteral("keepButton"))->click();
    QVERIFY(!e->fileBanner()->isVisibleTo(e));
    QCOMPARE(doc->currentBytes(), mine);
    QVERIFY(doc->isModified());

    // Again, and this time reload: the disk wins, and Undo brings my text back.
    theirs += "# theirs again\n";
    QVERIFY(writeFile(file, theirs));
    QTRY_VERIFY(e->fileBanner()->isVisibleTo(e));
    e->fileBanner()->button(QStringLiteral("reloadButton"))->click();
    QCOMPARE(doc->currentBytes(), theirs);
    QVERIFY(!doc->isModified());
    QVERIFY(!e->fileBanner()->isVisibleTo(e));
    editors()->undo(doc);
    QCOMPARE(doc->currentBytes(), mine);
}

void TstEditor::readOnlyFileOpensWithBanner()
{
    const QString file = path(QStringLiteral("api/service.yaml"));
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    QVERIFY(e->fileBanner()->isVisibleTo(e));
    QVERIFY(e->fileBanner()->text().contains(QStringLiteral("read-only")));
    QVERIFY(e->textEditor()->isReadOnly());
    QVERIFY(!e->form()->isEditable());
    QVERIFY(!e->editorDocument()
                 ->applyEdit(models::YamlEdit::setScalar(QStringLiteral("build.name"), QStringLiteral("x")))
                 .ok());
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
}

void TstEditor::otherFilesOpenAsPlainText()
{
    const QString file = path(QStringLiteral("api/api.py"));
    QVERIFY(writeFile(file, "print('hello')\n"));
    ui::ManifestEditor *e = open(QStringLiteral("api/api.py"));
    QVERIFY(e);
    QVERIFY(!e->hasForm());
    QVERIFY(!e->editorDocument()->isYaml());
    QVERIFY(e->textEditor()->isVisibleTo(e));
    QCOMPARE(e->textEditor()->toPlainText(), QStringLiteral("print('hello')\n"));
}

void TstEditor::closingWithUnsavedChangesAsks()
{
    ui::ManifestEditor *e = open(QStringLiteral("api/service.yaml"));
    QVERIFY(e);
    e->textEditor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(e->textEditor(), QStringLiteral("# x"));
    // Cancel keeps the tab.
    m_answer = ui::ManifestsArea::UnsavedChoice::Cancel;
    QVERIFY(!area()->closeFile(path(QStringLiteral("api/service.yaml"))));
    QCOMPARE(m_prompts, QStringList{QStringLiteral("service.yaml")});
    QVERIFY(area()->editor(path(QStringLiteral("api/service.yaml"))));
    // Closing the window asks too; Cancel keeps it open.
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    // Save writes the file and closes.
    m_answer = ui::ManifestsArea::UnsavedChoice::Save;
    QVERIFY(area()->closeFile(path(QStringLiteral("api/service.yaml"))));
    QVERIFY(test::readFile(path(QStringLiteral("api/service.yaml"))).endsWith("# x"));
    QVERIFY(!area()->editor(path(QStringLiteral("api/service.yaml"))));
}

void TstEditor::newServiceFromTemplate()
{
    const QString file = path(QStringLiteral("worker/service.yaml"));
    QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
    QVERIFY(m_window->createManifestFromTemplate(file, false));
    ui::ManifestEditor *e = area()->editor(file);
    QVERIFY(e);
    QVERIFY(e->serviceForm());
    QCOMPARE(e->editorDocument()->service()->build.name.value, QStringLiteral("worker"));
    editors()->refreshNow();
    for (const models::Diagnostic &d : editors()->snapshot().diagnostics)
        QVERIFY2(d.file != file || d.severity != models::Diagnostic::Severity::Error, qPrintable(d.toString()));
}

void TstEditor::screenshots()
{
    const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write the README screenshots");
    // The bundled example project, as a user sees it.
    const QString example = QDir(m_dir->path()).filePath(QStringLiteral("secure-doc-management"));
    QVERIFY(test::copyTree(test::exampleDir(), example));
    QVERIFY(m_window->openProject(example));
    QVERIFY(QDir().mkpath(dir));
    // The default layout, whatever an earlier run left in the (test) settings.
    auto *outputDock = qobject_cast<QDockWidget *>(m_window->outputPane()->parentWidget());
    QVERIFY(outputDock);
    m_window->resizeDocks({outputDock}, {180}, Qt::Vertical);
    auto grab = [this, &dir](const QString &name) {
        QTest::qWait(200);
        QVERIFY(m_window->grab().save(QDir(dir).filePath(name), "PNG"));
    };
    // The window as it opens on the example: the mesh, the project, the Problems pane.
    editors()->refreshNow();
    grab(QStringLiteral("main-window.png"));
    QVERIFY(area()->openFile(QDir(example).filePath(QStringLiteral("flask-api/service.yaml"))));
    ui::ManifestEditor *e = area()->currentEditor();
    QVERIFY(e && e->serviceForm());
    editors()->refreshNow();
    ui::RecordTable *secrets = e->serviceForm()->secretsTable();
    secrets->view()->setCurrentIndex(
        secrets->model()->index(rowOf(secrets, QStringLiteral("name"), QStringLiteral("flask")), 0));
    e->setViewMode(ui::ManifestEditor::ViewMode::Form);
    QTest::qWait(100);
    if (auto *scroll = e->form()->findChild<QScrollArea *>(QStringLiteral("formScroll")))
        scroll->ensureWidgetVisible(e->serviceForm()->secretDetails(), 0, 0);
    grab(QStringLiteral("editor-form.png"));
    e->setViewMode(ui::ManifestEditor::ViewMode::Text);
    QVERIFY(placeCaret(e->textEditor(), QStringLiteral("$$SCONE::redis_ca_cert.chain$$"), 12));
    grab(QStringLiteral("editor-text.png"));
    e->setViewMode(ui::ManifestEditor::ViewMode::Split);
    grab(QStringLiteral("editor-split.png"));
    QVERIFY(area()->openFile(QDir(example).filePath(QStringLiteral("mesh.yaml"))));
    ui::ManifestEditor *mesh = area()->currentEditor();
    QVERIFY(mesh && mesh->meshForm());
    mesh->setViewMode(ui::ManifestEditor::ViewMode::Form);
    grab(QStringLiteral("editor-mesh-form.png"));

    // The Problems pane with an error typed into the Flask service (unsaved): errors first,
    // the counts per severity as toggles, the filter box; the full message as tooltip.
    QVERIFY(area()->openFile(QDir(example).filePath(QStringLiteral("flask-api/service.yaml"))));
    ui::CodeEditor *text = area()->currentEditor()->textEditor();
    QVERIFY(placeCaret(text, QStringLiteral("kind: private-key"), 16));
    QTextCursor c = text->textCursor();
    c.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor);
    text->setTextCursor(c);
    text->setFocus();
    QTest::keyClicks(text, QStringLiteral("z"));
    editors()->refreshNow();
    m_window->resizeDocks({outputDock}, {260}, Qt::Vertical);
    QTest::qWait(200);
    QVERIFY(outputDock->grab().save(QDir(dir).filePath(QStringLiteral("problems-pane.png")), "PNG"));
    m_window->resizeDocks({outputDock}, {180}, Qt::Vertical);
}

QTEST_MAIN(TstEditor)
#include "tst_editor.moc"
