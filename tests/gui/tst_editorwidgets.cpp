// SPDX-License-Identifier: Apache-2.0
// The YAML highlighter (the three template syntaxes shown distinctly) and the code editor's
// editing behaviour (spaces for indentation, Enter keeps and deepens indentation, markers).
#include "editor/codeeditor.h"
#include "editor/yamlhighlighter.h"

#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace workbench;

namespace {
/// The format applied at @p column of the first block.
QTextCharFormat formatAt(QTextDocument *doc, int blockNumber, int column)
{
    const QTextBlock b = doc->findBlockByNumber(blockNumber);
    for (const QTextLayout::FormatRange &r : b.layout()->formats())
        if (column >= r.start && column < r.start + r.length)
            return r.format;
    return {};
}
}  // namespace

class TstEditorWidgets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void highlighterTokens_data();
    void highlighterTokens();
    void blockScalarContinues();
    void tabInsertsSpaces();
    void enterKeepsIndentation();
    void shiftTabUnindents();
    void markersUnderlineTheRightText();
    void undoKeysAreRoutedToTheStack();
};

void TstEditorWidgets::highlighterTokens_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("token");  // the text whose first character is checked
    QTest::addColumn<int>("expected");
    using T = ui::YamlHighlighter::Token;
    QTest::newRow("key") << QStringLiteral("name: flask") << QStringLiteral("name") << int(T::Key);
    QTest::newRow("string value") << QStringLiteral("name: flask") << QStringLiteral("flask") << int(T::String);
    QTest::newRow("number") << QStringLiteral("port: 6379") << QStringLiteral("6379") << int(T::Number);
    QTest::newRow("bool") << QStringLiteral("sign: true") << QStringLiteral("true") << int(T::Constant);
    QTest::newRow("comment") << QStringLiteral("a: 1  # note") << QStringLiteral("# note") << int(T::Comment);
    QTest::newRow("hash in value is no comment") << QStringLiteral("a: x#y") << QStringLiteral("x#y") << int(T::String);
    QTest::newRow("shell var") << QStringLiteral("to: $APP_IMAGE_REPO/x:1") << QStringLiteral("$APP")
                               << int(T::ShellVariable);
    QTest::newRow("shell var braces") << QStringLiteral("to: ${REPO}/x") << QStringLiteral("${REPO}")
                                      << int(T::ShellVariable);
    QTest::newRow("mesh var") << QStringLiteral("value: \"{{REDIS_HOST}}\"") << QStringLiteral("{{REDIS")
                              << int(T::MeshVariable);
    QTest::newRow("scone placeholder") << QStringLiteral("content: $$SCONE::flask.crt$$") << QStringLiteral("$$SCONE")
                                       << int(T::SconePlaceholder);
    QTest::newRow("placeholder end") << QStringLiteral("content: $$SCONE::flask.crt$$") << QStringLiteral("crt$$")
                                     << int(T::SconePlaceholder);
    QTest::newRow("in sequence item") << QStringLiteral("  - name: SCONE_HEAP") << QStringLiteral("name")
                                      << int(T::Key);
    QTest::newRow("flow list key") << QStringLiteral("dns: [api, \"{{api_host}}\"]") << QStringLiteral("{{api")
                                   << int(T::MeshVariable);
    QTest::newRow("anchor") << QStringLiteral("base: &defaults") << QStringLiteral("&defaults") << int(T::Anchor);
}

void TstEditorWidgets::highlighterTokens()
{
    QFETCH(QString, line);
    QFETCH(QString, token);
    QFETCH(int, expected);
    QTextDocument doc;
    ui::YamlHighlighter h(&doc);
    doc.setPlainText(line);
    h.rehighlight();
    const int column = int(line.indexOf(token));
    QVERIFY(column >= 0);
    const QTextCharFormat got = formatAt(&doc, 0, column);
    const QTextCharFormat want = h.format(ui::YamlHighlighter::Token(expected));
    QCOMPARE(got.foreground().color(), want.foreground().color());
    QCOMPARE(got.background().color(), want.background().color());
}

void TstEditorWidgets::blockScalarContinues()
{
    QTextDocument doc;
    ui::YamlHighlighter h(&doc);
    doc.setPlainText(QStringLiteral("content: |\n  nameserver {{DNS}}\n  key: not a key\nnext: 1\n"));
    h.rehighlight();
    const auto block = h.format(ui::YamlHighlighter::Token::BlockScalar).foreground().color();
    QCOMPARE(formatAt(&doc, 2, 2).foreground().color(), block);  // "key:" inside the block is text
    QCOMPARE(formatAt(&doc, 1, 13).foreground().color(),
             h.format(ui::YamlHighlighter::Token::MeshVariable).foreground().color());
    QCOMPARE(formatAt(&doc, 3, 0).foreground().color(), h.format(ui::YamlHighlighter::Token::Key).foreground().color());
    // The three template syntaxes look different from each other.
    const QColor shell = h.format(ui::YamlHighlighter::Token::ShellVariable).foreground().color();
    const QColor mesh = h.format(ui::YamlHighlighter::Token::MeshVariable).foreground().color();
    const QColor scone = h.format(ui::YamlHighlighter::Token::SconePlaceholder).foreground().color();
    QVERIFY(shell != mesh && mesh != scone && shell != scone);
}

void TstEditorWidgets::tabInsertsSpaces()
{
    ui::CodeEditor e;
    e.setPlainText(QStringLiteral("a:"));
    e.moveCursor(QTextCursor::End);
    QTest::keyClick(&e, Qt::Key_Return);
    QCOMPARE(e.toPlainText(), QStringLiteral("a:\n  "));
    e.setPlainText(QStringLiteral("x"));
    e.moveCursor(QTextCursor::Start);
    QTest::keyClick(&e, Qt::Key_Tab);
    QCOMPARE(e.toPlainText(), QStringLiteral("  x"));
    QVERIFY(!e.toPlainText().contains(QLatin1Char('\t')));
}

void TstEditorWidgets::enterKeepsIndentation()
{
    ui::CodeEditor e;
    e.setPlainText(QStringLiteral("env:\n  - name: A"));
    e.moveCursor(QTextCursor::End);
    QTest::keyClick(&e, Qt::Key_Return);
    QCOMPARE(e.toPlainText(), QStringLiteral("env:\n  - name: A\n  "));
    e.setPlainText(QStringLiteral("secrets:\n  - name: x\n    dns:"));
    e.moveCursor(QTextCursor::End);
    QTest::keyClick(&e, Qt::Key_Return);
    QCOMPARE(e.textCursor().block().text(), QStringLiteral("      "));
    // Backspace in the indentation removes one level.
    QTest::keyClick(&e, Qt::Key_Backspace);
    QCOMPARE(e.textCursor().block().text(), QStringLiteral("    "));
}

void TstEditorWidgets::shiftTabUnindents()
{
    ui::CodeEditor e;
    e.setPlainText(QStringLiteral("    a: 1\n    b: 2\nc: 3"));
    QTextCursor c(e.document());
    c.setPosition(0);
    c.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    e.setTextCursor(c);
    QTest::keyClick(&e, Qt::Key_Backtab);
    QCOMPARE(e.toPlainText(), QStringLiteral("  a: 1\n  b: 2\nc: 3"));
    QTest::keyClick(&e, Qt::Key_Tab);
    QCOMPARE(e.toPlainText(), QStringLiteral("    a: 1\n    b: 2\nc: 3"));
}

void TstEditorWidgets::markersUnderlineTheRightText()
{
    ui::CodeEditor e;
    e.setPlainText(QStringLiteral("a: 1\nissuer: nope\n"));
    ui::TextMarker m;
    m.severity = ui::TextMarker::Severity::Error;
    m.line = 2;
    m.column = 9;
    m.message = QStringLiteral("unknown secret");
    e.setMarkers({m});
    QCOMPARE(e.markerSelections().size(), 1);
    QCOMPARE(e.markerSelections().first().cursor.selectedText(), QStringLiteral("nope"));
    QCOMPARE(e.markerSelections().first().format.underlineStyle(), QTextCharFormat::WaveUnderline);
    // Lines and columns map to positions in code points.
    e.setPlainText(QStringLiteral("k: \U0001F600x\n"));
    QCOMPARE(e.positionOf(1, 5), 5);  // after the emoji (two UTF-16 units)
}

void TstEditorWidgets::undoKeysAreRoutedToTheStack()
{
    ui::CodeEditor e;
    int undo = 0, redo = 0;
    connect(&e, &ui::CodeEditor::undoRequested, &e, [&undo] { ++undo; });
    connect(&e, &ui::CodeEditor::redoRequested, &e, [&redo] { ++redo; });
    e.setPlainText(QStringLiteral("abc"));
    e.moveCursor(QTextCursor::End);
    QTest::keyClicks(&e, QStringLiteral("d"));
    QTest::keySequence(&e, QKeySequence::Undo);
    QCOMPARE(undo, 1);
    QCOMPARE(e.toPlainText(), QStringLiteral("abcd"));  // the text control did not undo by itself
    QTest::keySequence(&e, QKeySequence::Redo);
    QCOMPARE(redo, 1);
}

QTEST_MAIN(TstEditorWidgets)
#include "tst_editorwidgets.moc"
