// SPDX-License-Identifier: Apache-2.0
// The escaping of untrusted text: for the terminal (every control character as an escape, a
// value can never start a line of its own) and for widgets (control characters made visible).
#include "core/displaytext.h"

#include <QtTest>

using namespace workbench::models;

class TestDisplayText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void terminal_data();
    void terminal();
    void widget_data();
    void widget();
};

void TestDisplayText::terminal_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain text unchanged")
        << QStringLiteral("redis.example, ünïcødé ✓ \\back") << QStringLiteral("redis.example, ünïcødé ✓ \\back");
    QTest::newRow("ESC sequence") << QStringLiteral("a\x1b[2Jb") << QStringLiteral("a\\x1b[2Jb");
    QTest::newRow("OSC title + BEL") << QStringLiteral("\x1b]0;owned\x07") << QStringLiteral("\\x1b]0;owned\\x07");
    QTest::newRow("NUL") << QString(QChar(u'\0')) << QStringLiteral("\\x00");
    QTest::newRow("line breaks and tab") << QStringLiteral("a\nb\rc\td") << QStringLiteral("a\\nb\\rc\\td");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a\\x7f");
    QTest::newRow("C1 CSI") << QStringLiteral("a") + QChar(0x9b) + QStringLiteral("31m")
                            << QStringLiteral("a\\u009b31m");
    QTest::newRow("bidi override") << QStringLiteral("abc") + QChar(0x202e) + QStringLiteral("gpj.exe")
                                   << QStringLiteral("abc\\u202egpj.exe");
    QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
}

void TestDisplayText::terminal()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(escapeControlCharacters(in), out);
    QCOMPARE(hasControlCharacters(in), in != out);
}

void TestDisplayText::widget_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<bool>("keepLineBreaks");
    QTest::addColumn<QString>("out");
    QTest::newRow("ESC") << QStringLiteral("a\x1b[31m") << false << QStringLiteral("a\u241b[31m");
    QTest::newRow("NUL and BEL") << QString(QChar(u'\0')) + QStringLiteral("\x07") << false
                                 << QStringLiteral("\u2400\u2407");
    QTest::newRow("DEL") << QStringLiteral("\x7f") << false << QStringLiteral("\u2421");
    QTest::newRow("line break shown") << QStringLiteral("a\nb") << false << QStringLiteral("a\u240ab");
    QTest::newRow("line break kept") << QStringLiteral("a\nb\tc") << true << QStringLiteral("a\nb\tc");
    QTest::newRow("bidi") << QString(QChar(0x202e)) << true << QStringLiteral("\\u202e");
}

void TestDisplayText::widget()
{
    QFETCH(QString, in);
    QFETCH(bool, keepLineBreaks);
    QFETCH(QString, out);
    QCOMPARE(showControlCharacters(in, keepLineBreaks), out);
}

QTEST_GUILESS_MAIN(TestDisplayText)
#include "tst_displaytext.moc"
