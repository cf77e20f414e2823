// SPDX-License-Identifier: Apache-2.0
// Item models of the editor under QAbstractItemModelTester: the form tables (RecordTableModel),
// the Problems table while the user types, the Problems pane's presentation proxy and the
// project explorer's model with problem badges.
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "editor/recordtablemodel.h"
#include "project/projectfilesmodel.h"
#include "session/projectsession.h"
#include "shell/mainwindow.h"
#include "shell/outputpane.h"
#include "testsupport.h"
#include "validation/diagnosticsmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace workbench;

namespace {
ui::RecordRow row(const QString &path, const QString &name, const QString &value)
{
    ui::RecordRow r;
    r.nodePath = path;
    r.values.insert(QStringLiteral("name"), name);
    r.values.insert(QStringLiteral("value"), value);
    return r;
}
}  // namespace

class TstEditorModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void recordTableModel();
    void recordTableModelKeepsUnchangedRowsQuiet();
    void problemsAndExplorerModelsWhileTyping();
};

void TstEditorModels::recordTableModel()
{
    ui::RecordTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFields(
        {ui::textField(QStringLiteral("name"), QStringLiteral("Name"), false),
         ui::choiceField(QStringLiteral("value"), QStringLiteral("Value"), {QStringLiteral("a"), QStringLiteral("b")}),
         ui::boolField(QStringLiteral("flag"), QStringLiteral("Flag"))});
    QCOMPARE(model.columnCount(), 3);
    QList<ui::RecordRow> rows{row(QStringLiteral("l[0]"), QStringLiteral("A"), QStringLiteral("1")),
                              row(QStringLiteral("l[1]"), QStringLiteral("B"), QStringLiteral("2"))};
    model.setRows(rows);
    QCOMPARE(model.rowCount(), 2);
    rows << row(QStringLiteral("l[2]"), QStringLiteral("C"), QStringLiteral("3"));
    rows[0].values.insert(QStringLiteral("value"), QStringLiteral("changed"));
    model.setRows(rows);  // grows and changes a cell
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("changed"));
    rows.removeFirst();
    model.setRows(rows);  // shrinks: rows are list positions, so the first now shows B
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("B"));
    QCOMPARE(model.index(0, 0).data(ui::RecordTableModel::NodePathRole).toString(), QStringLiteral("l[1]"));
    model.setChoices(QStringLiteral("value"), {QStringLiteral("x")});
    QCOMPARE(model.index(1, 1).data(ui::RecordTableModel::ChoicesRole).toStringList(),
             QStringList{QStringLiteral("x")});

    // Problems show as tooltip and icon on the cell.
    rows[1].problems.insert(QStringLiteral("value"), QStringLiteral("bad value"));
    rows[1].severities.insert(QStringLiteral("value"), 0);
    model.setRows(rows);
    QCOMPARE(model.index(1, 1).data(Qt::ToolTipRole).toString(), QStringLiteral("bad value"));
    QVERIFY(!model.index(1, 1).data(Qt::DecorationRole).isNull());
    QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).isNull());

    // Editing only asks; the model changes when the text says so.
    QSignalSpy edited(&model, &ui::RecordTableModel::cellEdited);
    QVERIFY(model.setData(model.index(0, 0), QStringLiteral("B2")));
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.first().at(0).toInt(), 0);
    QCOMPARE(edited.first().at(1).toString(), QStringLiteral("name"));
    QCOMPARE(edited.first().at(2).toString(), QStringLiteral("B2"));
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("B"));
    QVERIFY(model.setData(model.index(0, 2), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(edited.last().at(2).toString(), QStringLiteral("true"));
    QVERIFY(model.flags(model.index(0, 2)) & Qt::ItemIsUserCheckable);
    model.setReadOnly(true);
    QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
    QVERIFY(!model.setData(model.index(0, 0), QStringLiteral("no")));
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
}

void TstEditorModels::recordTableModelKeepsUnchangedRowsQuiet()
{
    ui::RecordTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFields({ui::textField(QStringLiteral("name"), QStringLiteral("Name")),
                     ui::textField(QStringLiteral("value"), QStringLiteral("Value"))});
    QList<ui::RecordRow> rows;
    for (int i = 0; i < 100; ++i)
        rows << row(QStringLiteral("l[%1]").arg(i), QStringLiteral("N%1").arg(i), QString::number(i));
    model.setRows(rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    rows[42].values.insert(QStringLiteral("value"), QStringLiteral("x"));
    model.setRows(rows);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(42, 1));
}

void TstEditorModels::problemsAndExplorerModelsWhileTyping()
{
    QTemporaryDir dir;
    const QString project = QDir(dir.path()).filePath(QStringLiteral("p"));
    QVERIFY(test::copyTree(test::dataPath(QStringLiteral("editor/TwoServices")), project));
    engine::ProjectSession session;
    ui::MainWindow window(&session);
    window.manifestsArea()->setUnsavedPrompt(
        [](const QStringList &) { return ui::ManifestsArea::UnsavedChoice::Discard; });
    ui::EditorManager *editors = window.manifestsArea()->editorManager();
    editors->setSyncDelay(10);
    QAbstractItemModelTester problemsTester(editors->diagnosticsModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester paneTester(window.outputPane()->problemsView()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester explorerTester(window.projectFiles(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(window.openProject(project));
    const QString file = QFileInfo(QDir(project).filePath(QStringLiteral("db/service.yaml"))).canonicalFilePath();
    QVERIFY(window.manifestsArea()->openFile(file));
    ui::ManifestEditor *e = window.manifestsArea()->editor(file);
    QVERIFY(e);
    ui::CodeEditor *text = e->textEditor();
    // Break a reference, then the syntax, then fix both: rows come and go.
    const int pos = int(text->toPlainText().indexOf(QStringLiteral("issuer: db_ca_cert"))) + 8;
    QTextCursor c(text->document());
    c.setPosition(pos);
    text->setTextCursor(c);
    QTest::keyClicks(text, QStringLiteral("x"));
    QTRY_VERIFY(editors->errorCount() >= 1);
    const QModelIndex explorerIndex = window.projectFiles()->indexForPath(file);
    QVERIFY(explorerIndex.isValid());
    QVERIFY(explorerIndex.data(models::ProjectFilesModel::ErrorCountRole).toInt() >= 1);
    QCOMPARE(explorerIndex.data(models::ProjectFilesModel::IconRole).toString(),
             QStringLiteral(":/icons/status-error.svg"));
    // The pane shows paths relative to the project.
    bool relative = false;
    QAbstractItemModel *pane = window.outputPane()->problemsView()->model();
    for (int r = 0; r < pane->rowCount(); ++r)
        relative = relative || pane->index(r, models::DiagnosticsModel::FileColumn).data().toString() ==
                                   QStringLiteral("db/service.yaml");
    QVERIFY(relative);
    text->moveCursor(QTextCursor::End);
    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("oops: ["));
    QTRY_VERIFY(e->editorDocument()->hasSyntaxError());
    while (e->editorDocument()->undoStack()->canUndo())
        editors->undo(e->editorDocument());
    QTRY_COMPARE(editors->errorCount(), 0);
    QCOMPARE(window.projectFiles()->indexForPath(file).data(models::ProjectFilesModel::ErrorCountRole).toInt(), 0);
}

QTEST_MAIN(TstEditorModels)
#include "tst_editormodels.moc"
