// SPDX-License-Identifier: Apache-2.0
// The fast YAML reader and the yaml-cpp reader agree, and neither accepts what YAML refuses
// (issue 10, items 8 and 9): control characters outside c-printable, implicit keys over 1024
// characters, lone CR line ends; folded keep scalars (where yaml-cpp leaves the specification)
// are read the same by both. Also what the manifest formats say a value is (schemaValueKind).
#include "manifest/fastyaml_p.h"
#include "manifest/yamldocument.h"
#include "validation/schematypes.h"

#include <QtTest>

using namespace workbench::models;

class TestYamlReaders : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedByBoth_data();
    void refusedByBoth();
    void acceptedByBoth_data();
    void acceptedByBoth();
    void schemaValueKinds_data();
    void schemaValueKinds();
};

void TestYamlReaders::refusedByBoth_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    const QString control = QStringLiteral("YAML syntax error: the control character U+%1 is not allowed in YAML (in a "
                                           "double-quoted string write it as an escape, e.g. \\x%2)");
    QTest::newRow("U+0004 in a plain scalar")
        << QByteArray("e: s:\x04\n") << control.arg(QStringLiteral("0004"), QStringLiteral("04")) << 1 << 6;
    QTest::newRow("ESC in a comment") << QByteArray("a: 1 # \x1b[31m\n")
                                      << control.arg(QStringLiteral("001b"), QStringLiteral("1b")) << 1 << 8;
    QTest::newRow("DEL") << QByteArray("a: b\x7f\n") << control.arg(QStringLiteral("007f"), QStringLiteral("7f")) << 1
                         << 5;
    QTest::newRow("C1 CSI") << QByteArray("a: b\xc2\x9b\n") << control.arg(QStringLiteral("009b"), QStringLiteral("9b"))
                            << 1 << 5;
    QTest::newRow("U+FFFE") << QByteArray("a: \xef\xbf\xbe\n")
                            << control.arg(QStringLiteral("fffe"), QStringLiteral("fe")) << 1 << 4;
    QTest::newRow("implicit key of 1025 characters")
        << QByteArray(1025, 'k') + ": v\n"
        << QStringLiteral("YAML syntax error: illegal map value") << 1 << 1026;
    QTest::newRow("lone CR line ends")
        << QByteArray("# c\rkind: genservice\r")
        << QStringLiteral(
               "YAML syntax error: a line ends with a lone carriage return (CR, old Mac line endings), which "
               "YAML tools read differently; save the file with LF line endings")
        << 1 << 4;
}

void TestYamlReaders::refusedByBoth()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    QVERIFY(!detail::parseFast(text));  // the fast reader leaves it to yaml-cpp...
    const auto reference = detail::parseWithYamlCpp(text);
    QVERIFY(!reference->valid);  // ...which refuses it
    const YamlDocument doc = YamlDocument::fromText(text);
    QVERIFY(!doc.isValid());
    QVERIFY(doc.syntaxError());
    QCOMPARE(doc.syntaxError()->message, message);
    QCOMPARE(doc.syntaxError()->location.line, line);
    QCOMPARE(doc.syntaxError()->location.column, column);
}

void TestYamlReaders::acceptedByBoth_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::newRow("tab in a quoted scalar")
        << QByteArray("a: \"x\ty\"\n") << QStringLiteral("a") << QStringLiteral("x\ty");
    QTest::newRow("escaped ESC in double quotes")
        << QByteArray("a: \"\\e[31m\"\n") << QStringLiteral("a") << QStringLiteral("\x1b[31m");
    QTest::newRow("NEL is printable") << QByteArray("a: x\xc2\x85y\n") << QStringLiteral("a")
                                      << QStringLiteral("x\u0085y");
    QTest::newRow("CRLF line ends") << QByteArray("a: 1\r\nb: 2\r\n") << QStringLiteral("b") << QStringLiteral("2");
    QTest::newRow("implicit key of 1024 characters") << QByteArray(1024, 'k') + ": v\n"
                                                     << QString(1024, QLatin1Char('k')) << QStringLiteral("v");
    QTest::newRow("explicit long key") << QByteArray("? " + QByteArray(1100, 'k') + "\n: v\n")
                                       << QString(1100, QLatin1Char('k')) << QStringLiteral("v");
    // yaml-cpp drops a folded keep scalar's final blank lines; the fast reader leaves that case
    // to it, so both give the same value.
    QTest::newRow("folded keep with a blank line") << QByteArray("top:\n  key: >+\n    hello\n\n  after: 2\n")
                                                   << QStringLiteral("top.key") << QStringLiteral("hello\n");
    QTest::newRow("literal keep with a blank line") << QByteArray("top:\n  key: |+\n    hello\n\n  after: 2\n")
                                                    << QStringLiteral("top.key") << QStringLiteral("hello\n\n");
}

void TestYamlReaders::acceptedByBoth()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, path);
    QFETCH(QString, value);
    const auto reference = detail::parseWithYamlCpp(text);
    QVERIFY(reference->valid);
    if (const auto fast = detail::parseFast(text))
        QCOMPARE(detail::compareTrees(*fast, *reference), QString());
    const YamlDocument doc = YamlDocument::fromText(text);
    QVERIFY(doc.isValid());
    const YamlNode *n = doc.node(path);
    QVERIFY(n);
    QCOMPARE(n->scalar(), value);
}

void TestYamlReaders::schemaValueKinds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    using K = SchemaValueKind;
    QTest::newRow("bool in a list item") << QStringLiteral("secrets.global[name=ca].export_public") << int(K::Boolean);
    QTest::newRow("bool by index") << QStringLiteral("secrets.global[0].migrate") << int(K::Boolean);
    QTest::newRow("nested bool") << QStringLiteral("build.signature.sign") << int(K::Boolean);
    QTest::newRow("integer") << QStringLiteral("secrets.global[0].size") << int(K::Integer);
    QTest::newRow("string") << QStringLiteral("build.name") << int(K::String);
    QTest::newRow("enumeration") << QStringLiteral("secrets.global[0].kind") << int(K::String);
    QTest::newRow("string list item") << QStringLiteral("build.run[0]") << int(K::String);
    QTest::newRow("a list") << QStringLiteral("build.run") << int(K::Unknown);
    QTest::newRow("a mapping") << QStringLiteral("build") << int(K::Unknown);
    QTest::newRow("not in the format") << QStringLiteral("build.colour") << int(K::Unknown);
}

void TestYamlReaders::schemaValueKinds()
{
    QFETCH(QString, path);
    QFETCH(int, kind);
    const YamlDocument service = YamlDocument::fromText("apiVersion: scone/5.8\nkind: genservice\nbuild:\n  name: x\n");
    QCOMPARE(int(schemaValueKind(service, path)), kind);
    // Not a manifest: nothing known.
    QCOMPARE(int(schemaValueKind(YamlDocument::fromText("build:\n  name: x\n"), path)), int(SchemaValueKind::Unknown));
}

QTEST_GUILESS_MAIN(TestYamlReaders)
#include "tst_yamlreaders.moc"
