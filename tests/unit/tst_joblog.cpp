// SPDX-License-Identifier: Apache-2.0
// engine/jobs JobLog: numbering, channels, chunks, the cap, text for the history.
#include "jobs/joblog.h"

#include <QtTest>

using namespace workbench::engine::jobs;

namespace {
QByteArray numbered(const QByteArray &prefix, qint64 n)
{
    QByteArray out = prefix;
    out += QByteArray::number(n);
    return out;
}
}  // namespace

class TestJobLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linesAreNumberedAndTagged()
    {
        JobLog log;
        QCOMPARE(log.append(LogChannel::Info, QStringLiteral("hello")), 0);
        QCOMPARE(log.appendUtf8(LogChannel::Stdout, "out \xc3\xa9"), 1);
        QCOMPARE(log.appendUtf8(LogChannel::Stderr, "err", 1234), 2);
        QCOMPARE(log.lineCount(), 3);
        QCOMPARE(log.line(1)->text, QStringLiteral("out é"));
        QCOMPARE(log.line(2)->channel, LogChannel::Stderr);
        QCOMPARE(log.line(2)->timestampMs, 1234);
        QVERIFY(log.line(0)->timestampMs > 0);  // 0 means "now"
        QVERIFY(!log.line(3));
        QCOMPARE(log.lineBytes(1).toByteArray(), QByteArray("out \xc3\xa9"));
        const auto errs = log.tail(10, LogChannel::Stderr);
        QCOMPARE(errs.size(), 1);
        QCOMPARE(errs.first().number, 2);
    }

    void invalidUtf8IsReplacedNotLost()
    {
        JobLog log;
        log.appendUtf8(LogChannel::Stdout, "a\xff"
                                           "b");
        QCOMPARE(log.lineBytes(0).toByteArray(), QByteArray("a\xff"
                                                            "b"));
        QCOMPARE(log.line(0)->text, QString(QStringLiteral("a") + QChar(0xFFFD) + QStringLiteral("b")));
    }

    void chunksAreAdoptedWholeOrMerged_data()
    {
        QTest::addColumn<int>("lines");
        QTest::newRow("small chunk (merged)") << 10;
        QTest::newRow("big chunk (adopted)") << 5000;
    }
    void chunksAreAdoptedWholeOrMerged()
    {
        QFETCH(int, lines);
        JobLog log;
        log.append(LogChannel::Info, QStringLiteral("first"));
        LogChunk chunk;
        for (int i = 0; i < lines; ++i)
            chunk.append(numbered("line ", i), 0, LogChannel::Stdout);
        QCOMPARE(log.appendChunk(std::move(chunk)), 1);
        log.append(LogChannel::Info, QStringLiteral("last"));
        QCOMPARE(log.lineCount(), lines + 2);
        for (int i = 0; i < lines; ++i)
            QCOMPARE(log.lineBytes(1 + i).toByteArray(), numbered("line ", i));
        QCOMPARE(log.line(lines + 1)->text, QStringLiteral("last"));
        const LogChunk copy = log.copyLines(1, 3, 7);
        QCOMPARE(copy.lineCount(), 3);
        QCOMPARE(copy.entries[2].source, 7);
        QCOMPARE(copy.bytes(copy.entries[2]).toByteArray(), QByteArray("line 2"));
    }

    void capDropsOldestAndKeepsNumbers()
    {
        JobLog log(64 * 1024);
        const QByteArray line(100, 'x');
        for (int i = 0; i < 10000; ++i)
            log.appendUtf8(LogChannel::Stdout, numbered(line, i));
        QVERIFY(log.retainedBytes() <= log.capBytes());
        QVERIFY(log.firstLine() > 0);
        QCOMPARE(log.endLine(), 10000);
        QCOMPARE(log.droppedLines(), log.firstLine());
        QVERIFY(!log.line(log.firstLine() - 1));
        QCOMPARE(log.lineBytes(9999).toByteArray(), numbered(line, 9999));
        QCOMPARE(log.lineBytes(log.firstLine()).toByteArray(), numbered(line, log.firstLine()));
        // A single chunk bigger than the cap is trimmed too.
        LogChunk big;
        for (int i = 0; i < 5000; ++i)
            big.append(line, 0, LogChannel::Stderr);
        log.appendChunk(std::move(big));
        QVERIFY(log.retainedBytes() <= log.capBytes());
        QCOMPARE(log.endLine(), 15000);
    }

    void textKeepsTheNewestLinesWithinTheBudget()
    {
        JobLog log;
        for (int i = 0; i < 1000; ++i)
            log.append(i % 2 ? LogChannel::Stderr : LogChannel::Stdout, QStringLiteral("line %1").arg(i));
        const QString text = log.toText(2000);
        QVERIFY(text.toUtf8().size() <= 2000 + 64);
        QVERIFY(text.startsWith(QStringLiteral("[")));  // says how many lines were left out
        QVERIFY(text.contains(QStringLiteral("err  line 999\n")));
        QVERIFY(!text.contains(QStringLiteral("line 10\n")));
    }
};

QTEST_GUILESS_MAIN(TestJobLog)
#include "tst_joblog.moc"
