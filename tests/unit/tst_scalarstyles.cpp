// SPDX-License-Identifier: Apache-2.0
// Property test of scalar edits (issue 10, item 2): every scalar style (plain, single, double,
// literal and folded with each chomping, with and without an indentation indicator, as a mapping
// value and as a sequence item) times a corpus of values. A form edit, saved and read back, gives
// exactly the value typed; the scalar keeps its style whenever the value fits it, and otherwise
// changes to a style that keeps the value exact; a one-line editor never shows (or loses) a block
// scalar's final line break.
#include "documents/manifestedits.h"
#include "manifest/yamldocument.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
namespace edits = workbench::engine::manifestedits;

namespace {

/// One way a scalar can be written: the document around it and the path of the scalar.
struct Styled {
    const char *name;
    QByteArray text;  ///< a document with the scalar at `path`
    QString path;
    YamlNode::Style style;
    QByteArray header;  ///< block scalars: the header as written (`>`, `|-`, `|2`, ...)
};

QList<Styled> styles()
{
    const QString mapPath = QStringLiteral("top.key");
    const QString seqPath = QStringLiteral("top.run[1]");
    auto mapDoc = [](const QByteArray &scalar) -> QByteArray {
        return QByteArray("# header comment\ntop:\n  before: 1\n  key: ") + scalar + "\n  after: 2   # kept\n";
    };
    auto seqDoc = [](const QByteArray &scalar) -> QByteArray {
        return QByteArray("top:\n  run:\n    - first\n    - ") + scalar + "\n    - last\n";
    };
    using S = YamlNode::Style;
    return {
        {"plain", mapDoc("hello"), mapPath, S::Plain, {}},
        {"single", mapDoc("'hello'"), mapPath, S::SingleQuoted, {}},
        {"double", mapDoc("\"hello\""), mapPath, S::DoubleQuoted, {}},
        {"empty", mapDoc(""), mapPath, S::Plain, {}},
        {"literal", mapDoc("|\n    hello"), mapPath, S::Literal, "|"},
        {"literal strip", mapDoc("|-\n    hello"), mapPath, S::Literal, "|-"},
        {"literal keep", mapDoc("|+\n    hello\n"), mapPath, S::Literal, "|+"},
        {"literal indicator", mapDoc("|4\n      hello"), mapPath, S::Literal, "|4"},
        {"literal indicator strip", mapDoc("|4-\n      hello"), mapPath, S::Literal, "|4-"},
        {"folded", mapDoc(">\n    hello"), mapPath, S::Folded, ">"},
        {"folded strip", mapDoc(">-\n    hello"), mapPath, S::Folded, ">-"},
        {"folded keep", mapDoc(">+\n    hello\n"), mapPath, S::Folded, ">+"},
        {"folded indicator", mapDoc(">2\n    hello"), mapPath, S::Folded, ">2"},
        {"seq plain", seqDoc("hello"), seqPath, S::Plain, {}},
        {"seq single", seqDoc("'hello'"), seqPath, S::SingleQuoted, {}},
        {"seq double", seqDoc("\"hello\""), seqPath, S::DoubleQuoted, {}},
        {"seq literal", seqDoc("|\n      hello"), seqPath, S::Literal, "|"},
        {"seq folded", seqDoc(">\n      echo \"prepare\" && mkdir -p /app/cache"), seqPath, S::Folded, ">"},
        {"seq folded strip", seqDoc(">-\n      hello"), seqPath, S::Folded, ">-"},
    };
}

QStringList corpus()
{
    return {
        QStringLiteral("hello"),
        QStringLiteral("hello world"),
        QString(),
        QStringLiteral("true"),
        QStringLiteral("yes"),
        QStringLiteral("1.0"),
        QStringLiteral("6379"),
        QStringLiteral("null"),
        QStringLiteral("~"),
        QStringLiteral("a: b"),
        QStringLiteral("a #b"),
        QStringLiteral("#not a comment"),
        QStringLiteral("- x"),
        QStringLiteral("[x]"),
        QStringLiteral("{{VAR}}"),
        QStringLiteral("$$SCONE::redis.crt$$"),
        QStringLiteral("it's"),
        QStringLiteral("say \"hi\""),
        QStringLiteral("back\\slash"),
        QStringLiteral("tab\there"),
        QStringLiteral("trailing space "),
        QStringLiteral(" leading space"),
        QStringLiteral("ünïcødé ✓ 漢字"),
        QStringLiteral("echo \"prepare\" && mkdir -p /app/cache && echo done"),
        QStringLiteral("echo \"prepare\" && mkdir -p /app/cache && echo done\n"),
        QStringLiteral("line one\nline two"),
        QStringLiteral("line one\nline two\n"),
        QStringLiteral("line one\nline two\n\n"),
        QStringLiteral("a\n\nb\n"),
        QStringLiteral("a\n\n\nb"),
        QStringLiteral("  indented first line\nsecond\n"),
        QStringLiteral("a\n  more indented\nb\n"),
        QStringLiteral("\nleading break\n"),
        QStringLiteral("spaces at end \nof lines  \n"),
        QStringLiteral("\n"),
        QStringLiteral("x\n\n"),
        QStringLiteral("ctrl\x01char"),
        QStringLiteral("esc\x1b[31m"),
        QStringLiteral("cr\rinside"),
        QStringLiteral("crlf\r\nline"),
        QString(300, QLatin1Char('w')),
    };
}

bool hasControl(const QString &v, bool allowLineBreak)
{
    for (const QChar c : v)
        if ((c.unicode() < 0x20 && !(allowLineBreak && c == QLatin1Char('\n')) && c != QLatin1Char('\t')) ||
            c.unicode() == 0x7f)
            return true;
    return false;
}

/// Whether the value can be written in @p style (the oracle the property checks against).
bool fits(const Styled &s, const QString &v)
{
    switch (s.style) {
    case YamlNode::Style::Plain:
        return !v.contains(QLatin1Char('\n')) && !YamlDocument::needsQuoting(v);
    case YamlNode::Style::SingleQuoted:
        return !v.contains(QLatin1Char('\n')) && !hasControl(v, false);
    case YamlNode::Style::DoubleQuoted:
        return true;
    case YamlNode::Style::Literal:
    case YamlNode::Style::Folded: {
        if (hasControl(v, true) || v.contains(QLatin1Char('\r')))
            return false;
        // A block scalar needs content for its final line break: "\n" alone has none.
        QString body = v;
        while (body.endsWith(QLatin1Char('\n')))
            body.chop(1);
        if (body.isEmpty() && !v.isEmpty())
            return false;
        // yaml-cpp (the reference reader) drops the blank lines that end a folded keep (`>+`)
        // scalar, so a folded value with more than one final line break cannot be written so
        // that the workbench reads it back: it becomes literal (`|+`), which keeps them.
        return s.style == YamlNode::Style::Literal || v.size() - body.size() <= 1;
    }
    default:
        return false;
    }
}

/// The chomping a value needs: '-' without a final line break, 0 (clip) with one, '+' with more.
char chompingFor(const QString &v)
{
    int trailing = 0;
    while (trailing < v.size() && v.at(v.size() - 1 - trailing) == QLatin1Char('\n'))
        ++trailing;
    return trailing == 0 ? '-' : trailing == 1 ? 0 : '+';
}

char chompingOf(const QByteArray &header)
{
    return header.contains('-') ? '-' : header.contains('+') ? '+' : 0;
}

QByteArray headerAt(const YamlDocument &doc, const YamlNode *n)
{
    const QByteArray &t = doc.text();
    int e = n->startOffset();
    while (e < t.size() && t.at(e) != '\n')
        ++e;
    return t.mid(n->startOffset(), e - n->startOffset()).trimmed();
}

/// Writes @p doc to a file and reads it back, as Save and a later open do.
YamlDocument saveAndReload(const QTemporaryDir &dir, const YamlDocument &doc)
{
    const QString path = dir.filePath(QStringLiteral("service.yaml"));
    if (!test::writeFile(path, doc.text()))
        qFatal("cannot write %s", qPrintable(path));
    auto reloaded = YamlDocument::fromFile(path);
    if (!reloaded.ok())
        qFatal("cannot read %s", qPrintable(path));
    return reloaded.value();
}

}  // namespace

class TestScalarStyles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void formEditGivesBackTheValue_data();
    void formEditGivesBackTheValue();
    void lineEditorKeepsTheFinalLineBreak_data();
    void lineEditorKeepsTheFinalLineBreak();
    void theReportedFoldedRunStep();
    void typedValuesStayTyped();

private:
    QTemporaryDir m_tmp;
};

void TestScalarStyles::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    for (const Styled &s : styles()) {
        const YamlDocument doc = YamlDocument::fromText(s.text);
        QVERIFY2(doc.isValid(), s.name);
        const YamlNode *n = doc.node(s.path);
        QVERIFY2(n && n->style() == s.style, s.name);
        if (!s.header.isEmpty())
            QCOMPARE(headerAt(doc, n), s.header);
    }
}

void TestScalarStyles::formEditGivesBackTheValue_data()
{
    QTest::addColumn<int>("styleIndex");
    QTest::addColumn<QString>("value");
    const QList<Styled> all = styles();
    const QStringList values = corpus();
    for (int s = 0; s < all.size(); ++s)
        for (int v = 0; v < values.size(); ++v)
            QTest::addRow("%s / %d", all.at(s).name, v) << s << values.at(v);
}

void TestScalarStyles::formEditGivesBackTheValue()
{
    QFETCH(int, styleIndex);
    QFETCH(QString, value);
    const Styled s = styles().at(styleIndex);
    YamlDocument doc = YamlDocument::fromText(s.text);
    const auto planned = edits::setValue(doc, s.path, value);
    QVERIFY2(planned.ok(), qPrintable(planned.ok() ? QString() : planned.error().message));
    for (const YamlEdit &e : planned.value()) {
        const auto change = doc.apply(e);
        QVERIFY2(change.ok(), qPrintable(change.ok() ? QString() : change.error().message));
    }
    const YamlDocument reloaded = saveAndReload(m_tmp, doc);
    QVERIFY2(reloaded.isValid(), reloaded.text().constData());
    const YamlNode *n = reloaded.node(s.path);
    QVERIFY2(n && n->isScalar(), reloaded.text().constData());
    // 1. exactly the value
    QCOMPARE(n->scalar(), value);
    // 2. everything else as it was
    const YamlDocument original = YamlDocument::fromText(s.text);
    const YamlNode *before = original.node(s.path);
    QVERIFY(reloaded.text().startsWith(s.text.left(before->startOffset())));
    const QByteArray lastLine = s.text.mid(s.text.lastIndexOf('\n', s.text.size() - 2) + 1);
    QVERIFY2(reloaded.text().endsWith(lastLine), reloaded.text().constData());
    // 3. the style kept when the value fits it (a string that YAML would read as another type
    // is no plain string), else one that keeps it exact (checked above)
    if (!fits(s, value))
        return;
    const bool block = s.style == YamlNode::Style::Literal || s.style == YamlNode::Style::Folded;
    QVERIFY2(n->style() == s.style, qPrintable(QStringLiteral("style changed: ") + QString::fromUtf8(reloaded.text())));
    if (block) {
        const QByteArray header = headerAt(reloaded, n);
        const char wanted = chompingOf(s.header) == '+' && value.endsWith(QLatin1Char('\n')) ? '+' : chompingFor(value);
        QCOMPARE(chompingOf(header), wanted);
        // an indentation indicator stays
        for (const char digit : s.header)
            if (digit >= '1' && digit <= '9')
                QVERIFY2(header.contains(digit), header.constData());
    }
}

void TestScalarStyles::lineEditorKeepsTheFinalLineBreak_data()
{
    QTest::addColumn<int>("styleIndex");
    QTest::addColumn<QString>("typed");
    const QList<Styled> all = styles();
    const QStringList values = corpus();
    for (int s = 0; s < all.size(); ++s)
        for (int v = 0; v < values.size(); ++v)
            if (!values.at(v).contains(QLatin1Char('\n')) && !values.at(v).isEmpty())
                QTest::addRow("%s / %d", all.at(s).name, v) << s << values.at(v);
}

void TestScalarStyles::lineEditorKeepsTheFinalLineBreak()
{
    QFETCH(int, styleIndex);
    QFETCH(QString, typed);
    const Styled s = styles().at(styleIndex);
    YamlDocument doc = YamlDocument::fromText(s.text);
    const QString current = doc.node(s.path)->scalar();
    const QString shown = edits::lineEditorText(current);
    QVERIFY(!shown.endsWith(QLatin1Char('\n')));
    const auto planned =
        edits::setValue(doc, s.path, typed, false, edits::ValueStyle::String, edits::ValueSource::LineEditor);
    QVERIFY(planned.ok());
    for (const YamlEdit &e : planned.value())
        QVERIFY(doc.apply(e).ok());
    const YamlDocument reloaded = saveAndReload(m_tmp, doc);
    const YamlNode *n = reloaded.node(s.path);
    QVERIFY(n && n->isScalar());
    // The editor shows again exactly what was typed; the value keeps the break it had.
    QCOMPARE(edits::lineEditorText(n->scalar()), typed);
    QCOMPARE(n->scalar(), typed + current.mid(shown.size()));
    if (fits(s, n->scalar()))
        QCOMPARE(n->style(), s.style);
    if ((s.style == YamlNode::Style::Literal || s.style == YamlNode::Style::Folded) && fits(s, n->scalar()))
        QCOMPARE(chompingOf(headerAt(reloaded, n)), chompingOf(s.header));
}

void TestScalarStyles::theReportedFoldedRunStep()
{
    // A Run step written `- >`: End, type ` && echo done`, Enter, Save. It used to become `- |-`
    // with a line break before `&& echo done` (a shell syntax error).
    const QByteArray text = "build:\n  run:\n    - >\n      echo \"prepare\" && mkdir -p /app/cache\n  to: x\n";
    YamlDocument doc = YamlDocument::fromText(text);
    const QString shown = edits::lineEditorText(doc.node(QStringLiteral("build.run[0]"))->scalar());
    QCOMPARE(shown, QStringLiteral("echo \"prepare\" && mkdir -p /app/cache"));
    const auto planned = edits::setValue(doc, QStringLiteral("build.run[0]"), shown + QStringLiteral(" && echo done"),
                                         false, edits::ValueStyle::String, edits::ValueSource::LineEditor);
    QVERIFY(planned.ok());
    for (const YamlEdit &e : planned.value())
        QVERIFY(doc.apply(e).ok());
    QCOMPARE(
        saveAndReload(m_tmp, doc).text(),
        QByteArray("build:\n  run:\n    - >\n      echo \"prepare\" && mkdir -p /app/cache && echo done\n  to: x\n"));
}

void TestScalarStyles::typedValuesStayTyped()
{
    // Check boxes and numbers (ValueStyle::Literal) are written plain, whatever the old style.
    for (const QByteArray &old : {QByteArray("true"), QByteArray("\"true\""), QByteArray("'no'")}) {
        YamlDocument doc = YamlDocument::fromText("build:\n  signature:\n    sign: " + old + "\n");
        const auto planned = edits::setValue(doc, QStringLiteral("build.signature.sign"), QStringLiteral("false"),
                                             false, edits::ValueStyle::Literal);
        QVERIFY(planned.ok());
        for (const YamlEdit &e : planned.value())
            QVERIFY(doc.apply(e).ok());
        QCOMPARE(doc.text(), QByteArray("build:\n  signature:\n    sign: false\n"));
    }
    // A text field on a field the format types as a boolean or an integer writes it typed too.
    const QByteArray service = "apiVersion: scone/5.8\nkind: genservice\nsecrets:\n  global:\n"
                               "    - name: ca\n      kind: x509-ca\n      export_public: \"true\"\n";
    YamlDocument doc = YamlDocument::fromText(service);
    const auto planned =
        edits::setValue(doc, QStringLiteral("secrets.global[0].export_public"), QStringLiteral("false"), false,
                        edits::ValueStyle::String, edits::ValueSource::LineEditor);
    QVERIFY(planned.ok());
    for (const YamlEdit &e : planned.value())
        QVERIFY(doc.apply(e).ok());
    QVERIFY2(doc.text().endsWith("      export_public: false\n"), doc.text().constData());
    const auto size = edits::setValue(doc, QStringLiteral("secrets.global[0].size"), QStringLiteral("0x20"));
    QVERIFY(size.ok());
    for (const YamlEdit &e : size.value())
        QVERIFY(doc.apply(e).ok());
    QVERIFY2(doc.text().endsWith("      size: 0x20\n"), doc.text().constData());
}

QTEST_GUILESS_MAIN(TestScalarStyles)
#include "tst_scalarstyles.moc"
