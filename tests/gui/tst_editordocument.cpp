// SPDX-License-Identifier: Apache-2.0
// EditorDocument: the text buffer, its undo stack shared by text and form edits, and the
// minimal text changes of form edits.
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "project/projectworkspace.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QUndoStack>

using namespace workbench;

class TstEditorDocument : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void typingIsOneUndoLevelPerWord();
    void formEditIsMinimalAndUndoable();
    void undoRedoAcrossTextAndForm();

private:
    ui::EditorDocument *openCopy(const QString &dataFile);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectWorkspace> m_workspace;
    std::unique_ptr<engine::DocumentManager> m_docs;
    QList<ui::EditorDocument *> m_editors;
};

void TstEditorDocument::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<engine::ProjectWorkspace>();
    QVERIFY(m_workspace->open(m_dir->path()));
    m_docs = std::make_unique<engine::DocumentManager>(m_workspace.get(), nullptr,
                                                       m_dir->filePath(QStringLiteral(".recovery")));
}

void TstEditorDocument::cleanup()
{
    qDeleteAll(m_editors);
    m_editors.clear();
    m_docs.reset();
    m_workspace.reset();
    m_dir.reset();
}

ui::EditorDocument *TstEditorDocument::openCopy(const QString &dataFile)
{
    const QString target = m_dir->filePath(dataFile);
    QFile::copy(test::dataPath(QStringLiteral("editor/") + dataFile), target);
    QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    auto doc = m_docs->open(target);
    if (!doc)
        return nullptr;
    auto *editor = new ui::EditorDocument(doc.value());
    m_editors.append(editor);
    return editor;
}

void TstEditorDocument::typingIsOneUndoLevelPerWord()
{
    ui::EditorDocument *ed = openCopy(QStringLiteral("CommentedService.yaml"));
    QVERIFY(ed);
    const QByteArray original = ed->currentBytes();
    ui::CodeEditor view;
    view.setDocument(ed->textDocument());
    connect(&view, &ui::CodeEditor::undoRequested, ed, &ui::EditorDocument::undo);
    connect(&view, &ui::CodeEditor::redoRequested, ed, &ui::EditorDocument::redo);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.moveCursor(QTextCursor::End);
    QTest::keyClicks(&view, QStringLiteral("# typed"));
    // The QUndoStack and the QTextDocument agree on the number of levels.
    QCOMPARE(ed->undoStack()->index(), ed->textDocument()->availableUndoSteps());
    QVERIFY(ed->undoStack()->count() >= 1);
    QVERIFY(ed->currentBytes().endsWith("# typed"));
    // Ctrl+Z in the text goes through the QUndoStack.
    while (ed->undoStack()->canUndo())
        QTest::keySequence(&view, QKeySequence::Undo);
    QCOMPARE(ed->currentBytes(), original);
    QCOMPARE(ed->undoStack()->index(), ed->textDocument()->availableUndoSteps());
    QTest::keySequence(&view, QKeySequence::Redo);
    QVERIFY(ed->currentBytes() != original);
}

void TstEditorDocument::formEditIsMinimalAndUndoable()
{
    ui::EditorDocument *ed = openCopy(QStringLiteral("CommentedService.yaml"));
    QVERIFY(ed);
    const QByteArray original = ed->currentBytes();
    QVERIFY(ed->service());
    QCOMPARE(ed->service()->secrets.size(), 2);
    QVERIFY(
        ed->applyEdits({models::YamlEdit::setScalar(QStringLiteral("secrets.global[1].kind"), QStringLiteral("x509"))},
                       QStringLiteral("Set secret kind"))
            .ok());
    QByteArray expected = original;
    expected.replace("      kind: x509-ca\n", "      kind: x509\n");
    QCOMPARE(ed->currentBytes(), expected);
    QCOMPARE(ed->document()->text(), expected);
    QVERIFY(ed->isModified());
    QCOMPARE(ed->lastChanges().size(), 1);
    // The exact change: the three bytes "-ca" after "kind: x509", nothing else.
    const models::TextChange change = ed->lastChanges().first();
    QCOMPARE(change.offset, int(original.indexOf("kind: x509-ca") + 10));
    QCOMPARE(change.removed, QByteArray("-ca"));
    QCOMPARE(change.inserted, QByteArray());
    QCOMPARE(ed->service()->secrets.at(1).kindText(), QStringLiteral("x509"));
    QCOMPARE(ed->undoStack()->count(), 1);
    QCOMPARE(ed->undoStack()->text(0), QStringLiteral("Set secret kind"));
    ed->undo();
    QCOMPARE(ed->currentBytes(), original);
    QCOMPARE(ed->service()->secrets.at(1).kindText(), QStringLiteral("x509-ca"));
    QVERIFY(!ed->isModified());
    ed->redo();
    QCOMPARE(ed->currentBytes(), expected);
}

void TstEditorDocument::undoRedoAcrossTextAndForm()
{
    ui::EditorDocument *ed = openCopy(QStringLiteral("CommentedService.yaml"));
    QVERIFY(ed);
    const QByteArray original = ed->currentBytes();
    ui::CodeEditor view;
    view.setDocument(ed->textDocument());
    connect(&view, &ui::CodeEditor::undoRequested, ed, &ui::EditorDocument::undo);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.moveCursor(QTextCursor::End);
    QTest::keyClicks(&view, QStringLiteral("# one"));
    const QByteArray afterTyping = ed->currentBytes();
    QVERIFY(ed->applyEdit(models::YamlEdit::setScalar(QStringLiteral("build.name"), QStringLiteral("api2"))).ok());
    QVERIFY(ed->currentBytes().contains("  name: api2\n"));
    QTest::keySequence(&view, QKeySequence::Undo);  // undoes the form edit from the text view
    QCOMPARE(ed->currentBytes(), afterTyping);
    QTest::keySequence(&view, QKeySequence::Undo);  // then the typing
    QCOMPARE(ed->currentBytes(), original);
}

QTEST_MAIN(TstEditorDocument)
#include "tst_editordocument.moc"
