// SPDX-License-Identifier: Apache-2.0
// engine/process LineSplitter: lines on bytes, whatever the read boundaries; '\r' progress;
// CRLF; long lines cut at UTF-8 boundaries; the last line without a line end.
#include "process/linesplitter.h"

#include <QtTest>

using workbench::engine::process::LineSplitter;

namespace {
struct Split {
    QList<QByteArray> lines;
    QList<QByteArray> progress;
};

Split run(const QByteArray &input, const QList<qsizetype> &cuts, qsizetype maxLine = 1024 * 1024)
{
    Split out;
    LineSplitter s(maxLine);
    auto onLine = [&](QByteArrayView l) { out.lines << l.toByteArray(); };
    auto onProgress = [&](QByteArrayView p) { out.progress << p.toByteArray(); };
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        s.feed(QByteArrayView(input).sliced(from, cut - from), onLine, onProgress);
        from = cut;
    }
    s.feed(QByteArrayView(input).sliced(from), onLine, onProgress);
    s.finish(onLine);
    return out;
}
}  // namespace

class TestLineSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsTheSameWhereverReadsEnd_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QByteArray>>("lines");
        QTest::addColumn<QList<QByteArray>>("progress");
        using L = QList<QByteArray>;
        QTest::newRow("plain") << QByteArray("a\nbb\n\nccc\n") << L{"a", "bb", "", "ccc"} << L{};
        QTest::newRow("no final newline") << QByteArray("a\nlast") << L{"a", "last"} << L{};
        QTest::newRow("crlf") << QByteArray("one\r\ntwo\r\n") << L{"one", "two"} << L{};
        QTest::newRow("progress then line") << QByteArray("10%\r20%\rdone\n") << L{"done"} << L{"10%", "20%"};
        QTest::newRow("progress then crlf") << QByteArray("Downloading 50%\rDownloading 100%\r\nnext\n")
                                            << L{"Downloading 100%", "next"} << L{"Downloading 50%"};
        QTest::newRow("empty rewrites skipped") << QByteArray("\r\rx\r\ny\n") << L{"x", "y"} << L{};
        QTest::newRow("text before final cr is a line at the end") << QByteArray("a\rb\r") << L{"b"} << L{"a"};
        QTest::newRow("utf8") << QByteArray("h\xc3\xa9llo\n\xf0\x9f\x98\x80\n\xe2\x9c\x93\n")
                              << L{"h\xc3\xa9llo", "\xf0\x9f\x98\x80", "\xe2\x9c\x93"} << L{};
    }
    void splitsTheSameWhereverReadsEnd()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QByteArray>, lines);
        QFETCH(QList<QByteArray>, progress);
        // In one piece, cut once at every position, and byte by byte.
        Split whole = run(input, {});
        QCOMPARE(whole.lines, lines);
        QCOMPARE(whole.progress, progress);
        for (qsizetype cut = 1; cut < input.size(); ++cut) {
            Split s = run(input, {cut});
            QVERIFY2(s.lines == lines, qPrintable(QStringLiteral("cut at %1").arg(cut)));
            QVERIFY2(s.progress == progress, qPrintable(QStringLiteral("cut at %1").arg(cut)));
        }
        QList<qsizetype> every;
        for (qsizetype i = 1; i < input.size(); ++i)
            every << i;
        Split bytewise = run(input, every);
        QCOMPARE(bytewise.lines, lines);
        QCOMPARE(bytewise.progress, progress);
    }

    void longLinesAreCutAtCharacterBoundaries()
    {
        // 10 three-byte characters, limit 8 bytes: pieces of 6 bytes (two whole characters).
        QByteArray check;
        for (int i = 0; i < 10; ++i)
            check += "\xe2\x9c\x93";
        const QByteArray input = check + "\n";
        for (qsizetype cut = 0; cut < input.size(); ++cut) {
            Split s = run(input, cut ? QList<qsizetype>{cut} : QList<qsizetype>{}, 8);
            QByteArray joined;
            for (const QByteArray &l : s.lines) {
                QVERIFY(l.size() <= 8);
                QVERIFY2(QString::fromUtf8(l).toUtf8() == l, "a piece ends inside a character");
                joined += l;
            }
            QCOMPARE(joined, check);
        }
    }

    void bigInputIsExactToTheByte()
    {
        QByteArray input;
        QList<QByteArray> expected;
        for (int i = 0; i < 5000; ++i) {
            QByteArray l = QByteArray::number(i) + " \xc3\xa4\xe2\x82\xac " + QByteArray(i % 97, 'x');
            expected << l;
            input += l + "\n";
        }
        QList<qsizetype> cuts;
        for (qsizetype c = 4093; c < input.size(); c += 4093)  // a prime stride: cuts land everywhere
            cuts << c;
        Split s = run(input, cuts);
        QCOMPARE(s.lines.size(), expected.size());
        QCOMPARE(s.lines, expected);
    }

    void percentIn_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<double>("fraction");
        QTest::newRow("plain") << QByteArray("Downloading 45%") << 0.45;
        QTest::newRow("decimal") << QByteArray("12.5% done") << 0.125;
        QTest::newRow("last wins") << QByteArray("layer 1: 100% layer 2: 20%") << 0.2;
        QTest::newRow("none") << QByteArray("Copying blob") << -1.0;
        QTest::newRow("out of range") << QByteArray("250%") << -1.0;
    }
    void percentIn()
    {
        QFETCH(QByteArray, text);
        QFETCH(double, fraction);
        QCOMPARE(LineSplitter::percentIn(text).value_or(-1.0), fraction);
    }
};

QTEST_GUILESS_MAIN(TestLineSplitter)
#include "tst_linesplitter.moc"
