// SPDX-License-Identifier: Apache-2.0
// LogStreamReader: lines from a timestamped log stream in arbitrary pieces, a partial line held
// back (dropped on a break, delivered at the end), and the resume after a reconnect: the replay
// of the newest second (sinceTime cut to whole seconds) skipped line by line, ties in timestamp
// and text included, a gap reported when remembered lines are not replayed. Also the filter and
// search as engine jobs (engine/logs/logjobs.h): the same result as the direct evaluation,
// incremental evaluation equal to a full one, cancellation.
#include "kube/logstreamreader.h"
#include "logs/logjobs.h"
#include "logs/logstore.h"

#include <QtTest>

using namespace workbench;
using engine::kube::LogStreamReader;
using models::logs::LogTimestamp;

namespace {

constexpr LogTimestamp kSecond = 1'700'000'000LL * 1'000'000'000;

QByteArray stamp(LogTimestamp ts)
{
    return models::logs::LogTimestampFormat::format(ts).toUtf8();
}

QByteArray line(LogTimestamp ts, const char *text)
{
    return stamp(ts) + ' ' + text + '\n';
}

struct Collected {
    QStringList lines;
    QList<LogStreamReader::ResumeOutcome> outcomes;
};

void feed(LogStreamReader &reader, const QByteArray &bytes, Collected &out, int pieceSize = 0)
{
    auto onLine = [&out](LogTimestamp, QByteArrayView text) { out.lines << QString::fromUtf8(text); };
    auto onResumed = [&out](LogStreamReader::ResumeOutcome o) { out.outcomes << o; };
    if (pieceSize <= 0) {
        reader.feed(QByteArrayView(bytes), onLine, onResumed);
        return;
    }
    for (qsizetype i = 0; i < bytes.size(); i += pieceSize)
        reader.feed(QByteArrayView(bytes).sliced(i, std::min<qsizetype>(pieceSize, bytes.size() - i)), onLine,
                    onResumed);
}

}  // namespace

class TestLogStreamReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linesInAnyPieces_data()
    {
        QTest::addColumn<int>("pieceSize");
        for (int size : {0, 1, 2, 7, 31, 64})
            QTest::addRow("pieces of %d", size) << size;
    }
    void linesInAnyPieces()
    {
        QFETCH(int, pieceSize);
        LogStreamReader reader;
        Collected c;
        const QByteArray bytes = line(kSecond + 1, "one") + line(kSecond + 2, "two ✓") + stamp(kSecond + 3) + " th";
        feed(reader, bytes, c, pieceSize);
        QCOMPARE(c.lines, (QStringList{QStringLiteral("one"), QStringLiteral("two ✓")}));
        QCOMPARE(reader.resumeTime(), kSecond + 2);
        feed(reader, QByteArray("ree\r\n"), c, pieceSize);
        QCOMPARE(c.lines.last(), QStringLiteral("three"));
        // A last line without line break comes out at the end.
        feed(reader, stamp(kSecond + 4) + " last", c, pieceSize);
        QCOMPARE(c.lines.size(), 3);
        reader.finish([&c](LogTimestamp, QByteArrayView text) { c.lines << QString::fromUtf8(text); },
                      [](LogStreamReader::ResumeOutcome) {});
        QCOMPARE(c.lines.last(), QStringLiteral("last"));
    }

    void resumeSkipsTheReplayedSecondExactly()
    {
        LogStreamReader reader;
        Collected c;
        // The newest second holds ties: same timestamp, same text.
        feed(reader,
             line(kSecond - 5, "older") + line(kSecond + 10, "a") + line(kSecond + 10, "a") + line(kSecond + 20, "b") +
                 stamp(kSecond + 30) + " partial",
             c);
        QCOMPARE(c.lines,
                 (QStringList{QStringLiteral("older"), QStringLiteral("a"), QStringLiteral("a"), QStringLiteral("b")}));
        reader.beginResume();  // the partial line is dropped: the replay sends it whole
        QVERIFY(reader.isResuming());
        // The server replays from the whole second: a, a, b, then the cut line and new ones.
        feed(reader,
             line(kSecond + 10, "a") + line(kSecond + 10, "a") + line(kSecond + 20, "b") +
                 line(kSecond + 30, "partial") + line(kSecond + 30, "partial") + line(kSecond + 40, "c"),
             c, 5);
        QCOMPARE(c.lines,
                 (QStringList{QStringLiteral("older"), QStringLiteral("a"), QStringLiteral("a"), QStringLiteral("b"),
                              QStringLiteral("partial"), QStringLiteral("partial"), QStringLiteral("c")}));
        QCOMPARE(c.outcomes, QList<LogStreamReader::ResumeOutcome>{LogStreamReader::ResumeOutcome::Exact});
        QCOMPARE(reader.skippedLines(), quint64(3));

        // Broken again in the middle of the replay, then resumed: still exact.
        reader.beginResume();
        feed(reader, line(kSecond + 10, "a"), c);  // the start of the replay: skipped
        reader.beginResume();
        feed(reader,
             line(kSecond + 30, "partial") + line(kSecond + 30, "partial") + line(kSecond + 40, "c") +
                 line(kSecond + 50, "d"),
             c);
        QCOMPARE(c.lines.mid(7), QStringList{QStringLiteral("d")});
    }

    void aTieWithNewTextIsNotSkipped()
    {
        LogStreamReader reader;
        Collected c;
        feed(reader, line(kSecond + 10, "x") + line(kSecond + 10, "y"), c);
        reader.beginResume();
        // The replay has a line of the same timestamp the first stream never sent (written between).
        feed(reader, line(kSecond + 10, "x") + line(kSecond + 10, "y") + line(kSecond + 10, "z"), c);
        QCOMPARE(c.lines, (QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")}));
    }

    void aMissingReplayIsAGap()
    {
        LogStreamReader reader;
        Collected c;
        feed(reader, line(kSecond + 10, "x") + line(kSecond + 20, "y"), c);
        reader.beginResume();
        // The log was rotated: the replay starts after what was shown.
        feed(reader, line(kSecond + 2'000'000'000, "later"), c);
        QCOMPARE(c.outcomes, QList<LogStreamReader::ResumeOutcome>{LogStreamReader::ResumeOutcome::Gap});
        QCOMPARE(c.lines.last(), QStringLiteral("later"));
        reader.reset();
        QVERIFY(!reader.hasLines());
    }

    void filterAndSearchJobs()
    {
        using namespace models::logs;
        using namespace engine::logs;
        LogStoreLimits limits;
        limits.chunkLines = 256;
        LogStore store(limits);
        const SourceId a =
            store.sources().addContainer(QStringLiteral("ns"), QStringLiteral("p"), QStringLiteral("a")).value();
        const SourceId b =
            store.sources().addContainer(QStringLiteral("ns"), QStringLiteral("p"), QStringLiteral("b")).value();
        for (int i = 0; i < 20000; ++i) {
            const QByteArray text = (i % 7 == 0 ? "ERROR request " : "info request ") + QByteArray::number(i);
            store.append(i % 3 ? a : b, kSecond + i, QByteArrayView(text));
        }
        LogFilterSpec spec;
        spec.include = {MatchPattern{QStringLiteral("ERROR request \\d+5$"), true, true}};
        spec.sources = {a};
        const LogFilter filter = LogFilter::compile(spec).value();
        const LogSnapshot snapshot = store.snapshot();
        const FilterResult direct = filter.evaluate(snapshot, snapshot.firstLine(), snapshot.endLine());
        QVERIFY(direct.size() > 100);

        LogFilterJob whole(filter, snapshot);
        whole.start();
        QTRY_VERIFY_WITH_TIMEOUT(whole.isFinished(), 20000);
        QCOMPARE(whole.state(), engine::jobs::JobState::Succeeded);
        QVERIFY(*whole.value() == direct);

        // Incremental: the first half, then the lines that came after, appended.
        const LineNumber middle = snapshot.firstLine() + LineCount(9999);
        LogFilterJob first(filter, snapshot, snapshot.firstLine(), middle);
        LogFilterJob rest(filter, snapshot, middle, snapshot.endLine());
        first.start();
        rest.start();
        QTRY_VERIFY_WITH_TIMEOUT(first.isFinished() && rest.isFinished(), 20000);
        FilterResult combined = *first.value();
        QVERIFY(combined.append(*rest.value()));
        QVERIFY(combined == direct);

        // Cancelled before it ran: Cancelled, no value.
        LogFilterJob cancelled(filter, snapshot);
        cancelled.cancel();
        cancelled.start();
        QTRY_VERIFY_WITH_TIMEOUT(cancelled.isFinished(), 20000);
        QCOMPARE(cancelled.state(), engine::jobs::JobState::Cancelled);
        QVERIFY(!cancelled.value());

        // Search next / previous within the filter result.
        const auto matcher = LineMatcher::compile(MatchPattern{QStringLiteral("request 1995"), false, true}).value();
        LogSearchJob next(snapshot, matcher, snapshot.firstLine(), SearchDirection::Forward);
        next.start();
        QTRY_VERIFY_WITH_TIMEOUT(next.isFinished(), 20000);
        QVERIFY(next.value() && next.value()->has_value());
        QVERIFY(**next.value() == snapshot.firstLine() + LineCount(1995));
        LogSearchJob none(snapshot, matcher, snapshot.firstLine() + LineCount(1996), SearchDirection::Forward,
                          std::make_shared<const FilterResult>(direct));
        none.start();
        QTRY_VERIFY_WITH_TIMEOUT(none.isFinished(), 20000);
        QCOMPARE(none.state(), engine::jobs::JobState::Succeeded);
        QVERIFY(!none.value()->has_value());
    }
};

QTEST_GUILESS_MAIN(TestLogStreamReader)
#include "tst_logstreamreader.moc"
