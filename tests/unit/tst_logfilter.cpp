// SPDX-License-Identifier: Apache-2.0
// The log filter and search: include/exclude, plain and regex, per source, level and SCONE
// events, compared line by line with an independent oracle (QRegularExpression on each line's
// text); incremental evaluation equals a full recomputation; parallel equals sequential.
#include "logs/logfilter.h"
#include "logs/logsearch.h"
#include "logs/logstore.h"

#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <thread>

using namespace workbench::models::logs;
using namespace workbench::engine::logs;

namespace {

// A mixed corpus: levels, SCONE lines, JSON, non-ASCII, invalid UTF-8, empty lines, markers.
const QList<QByteArray> kCorpus = {
    "GET /index.html 200 1.2ms",
    "2024-05-01T10:00:00Z ERROR database connection refused",
    "WARN cache miss ratio high",
    "[SCONE|FATAL] src/process/init.c:470: Attestation failed",
    "Note: Connecting to CAS at cas.example (port 18765) using service ID ns/sess/api",
    "{\"level\":\"error\",\"msg\":\"upload failed\",\"user\":\"Zoë\"}",
    "INFO Zoë logged in",
    "",
    "trailing space a",
    "b leading",
    "\xff\xfe invalid utf-8 then text",
    "info lower case is not a level",
    "POST /api/v1/upload 500 12ms",
    "  at com.example.Main(Main.java:12)",
    "foo at end",
    "foo",
    "a  \t b inside",
    "the end of foo",
    "dotall space a then b",
};

struct Corpus {
    LogStore store{[] {
        LogStoreLimits l;
        l.chunkLines = 7;  // many chunk boundaries
        l.maxLinesInMemory = 28;
        return l;
    }()};
    std::vector<SourceId> sources;
    quint64 lines = 0;

    Corpus(int repeat = 20)
    {
        for (int s = 0; s < 3; ++s)
            sources.push_back(
                store.sources()
                    .addContainer(QStringLiteral("ns"), QStringLiteral("pod-%1").arg(s), QStringLiteral("c"))
                    .value());
        add(repeat);
    }
    void add(int repeat)
    {
        for (int r = 0; r < repeat; ++r) {
            for (int i = 0; i < kCorpus.size(); ++i) {
                const SourceId s = sources[std::size_t((r + i) % 3)];
                if ((r * kCorpus.size() + i) % 23 == 0)
                    store.appendMarker(s, 0, LineKind::Reconnected, "reconnected");
                store.append(s, 0, kCorpus[i]);
                ++lines;
            }
        }
    }
};

bool oracleMatches(const MatchPattern &p, const QByteArray &text)
{
    const QString line = QString::fromUtf8(text);
    if (!p.regex)
        return line.contains(p.text, p.caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive);
    QRegularExpression re(p.text, p.caseSensitive ? QRegularExpression::NoPatternOption
                                                  : QRegularExpression::CaseInsensitiveOption);
    return re.match(line).hasMatch();
}

// The oracle: every line checked on its own.
std::vector<LineNumber> oracle(const LogStore &store, const LogFilterSpec &spec)
{
    std::vector<LineNumber> out;
    for (LineNumber n = store.firstLine(); n < store.endLine(); ++n) {
        const auto line = store.line(n);
        if (!line)
            qFatal("line missing");
        if (!spec.sources.empty() &&
            std::find(spec.sources.begin(), spec.sources.end(), line->source) == spec.sources.end())
            continue;
        if (line->attributes.kind != LineKind::Text) {
            out.push_back(n);
            continue;
        }
        if (line->attributes.level != LogLevel::None && line->attributes.level < spec.minimumLevel)
            continue;
        if (spec.sconeEventsOnly && line->attributes.scone == SconeEventKind::None)
            continue;
        const QByteArray text = line->text.toByteArray();
        bool included = spec.include.isEmpty();
        for (const MatchPattern &p : spec.include)
            included = included || oracleMatches(p, text);
        bool excluded = false;
        for (const MatchPattern &p : spec.exclude)
            excluded = excluded || oracleMatches(p, text);
        if (included && !excluded)
            out.push_back(n);
    }
    return out;
}

MatchPattern plain(const char *t, bool cs = false)
{
    return MatchPattern{QString::fromUtf8(t), false, cs};
}
MatchPattern regex(const char *t, bool cs = false)
{
    return MatchPattern{QString::fromUtf8(t), true, cs};
}

// Runs tasks on real threads, in reverse order of their index.
void reversedOnThreads(int count, const std::function<void(int)> &task)
{
    std::vector<std::thread> threads;
    for (int i = count - 1; i >= 0; --i)
        threads.emplace_back([&task, i] { task(i); });
    for (auto &t : threads)
        t.join();
}

}  // namespace

Q_DECLARE_METATYPE(LogFilterSpec)

class TestLogFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesTheOracle_data()
    {
        QTest::addColumn<LogFilterSpec>("spec");
        auto row = [](const char *name, LogFilterSpec s) { QTest::newRow(name) << s; };
        row("nothing", {});
        row("plain case-sensitive", {{plain("foo", true)}, {}, {}, LogLevel::None, false});
        row("plain case-insensitive", {{plain("ERROR")}, {}, {}, LogLevel::None, false});
        row("plain non-ASCII caseless", {{plain("zoë")}, {}, {}, LogLevel::None, false});
        row("two includes", {{plain("GET", true), regex("\\b500\\b")}, {}, {}, LogLevel::None, false});
        row("regex", {{regex("^(GET|POST) /\\S+ [45]\\d\\d")}, {}, {}, LogLevel::None, false});
        row("regex anchors", {{regex("^foo$")}, {}, {}, LogLevel::None, false});
        row("regex end anchor", {{regex("a$")}, {}, {}, LogLevel::None, false});
        row("regex crossing line ends", {{regex("a\\s+b")}, {}, {}, LogLevel::None, false});
        row("regex negated class crossing", {{regex("end[^x]*foo")}, {}, {}, LogLevel::None, false});
        row("regex dotall", {{regex("(?s)space.a.*b")}, {}, {}, LogLevel::None, false});
        row("regex lookbehind", {{regex("(?<!\\S)foo")}, {}, {}, LogLevel::None, false});
        row("regex lookahead", {{regex("foo(?!\\s)")}, {}, {}, LogLevel::None, false});
        row("regex empty match", {{regex("x*")}, {}, {}, LogLevel::None, false});
        row("regex on invalid utf-8", {{regex("invalid.utf")}, {}, {}, LogLevel::None, false});
        row("exclude only", {{}, {plain("GET"), regex("^\\s")}, {}, LogLevel::None, false});
        row("include and exclude",
            {{regex("error", false)}, {plain("json", false), plain("upload")}, {}, LogLevel::None, false});
        row("per source", {{}, {}, {SourceId(1)}, LogLevel::None, false});
        row("per source with include", {{plain("a")}, {}, {SourceId(0), SourceId(2)}, LogLevel::None, false});
        row("minimum level", {{}, {}, {}, LogLevel::Warning, false});
        row("scone events", {{}, {}, {}, LogLevel::None, true});
        row("everything", {{regex("e")}, {plain("GET")}, {SourceId(0), SourceId(1)}, LogLevel::Info, false});
    }

    void matchesTheOracle()
    {
        QFETCH(LogFilterSpec, spec);
        Corpus corpus;
        auto filter = LogFilter::compile(spec);
        QVERIFY2(filter.ok(), filter.ok() ? "" : qPrintable(filter.error().toString()));
        const LogSnapshot snap = corpus.store.snapshot();
        const FilterResult r = filter->evaluate(snap, snap.firstLine(), snap.endLine());
        QCOMPARE(r.evaluatedFrom(), snap.firstLine());
        QCOMPARE(r.evaluatedTo(), snap.endLine());
        const std::vector<LineNumber> expected = oracle(corpus.store, spec);
        QCOMPARE(r.lines().size(), expected.size());
        QVERIFY(r.lines() == expected);
        // Every row selects some text lines (markers always pass).
        QVERIFY(std::any_of(expected.begin(), expected.end(),
                            [&](LineNumber n) { return corpus.store.line(n)->attributes.kind == LineKind::Text; }));
        // The same through a ParallelFor on real threads.
        const FilterResult p = filter->evaluate(snap, snap.firstLine(), snap.endLine(), reversedOnThreads);
        QVERIFY(p == r);
    }

    void incrementalEqualsFullRecompute()
    {
        LogFilterSpec spec;
        spec.include = {regex("error|WARN"), plain("Attestation")};
        spec.exclude = {plain("json")};
        auto filter = LogFilter::compile(spec);
        QVERIFY(filter.ok());
        Corpus corpus(1);
        FilterResult incremental = filter->evaluate(corpus.store.snapshot(), LineNumber(0), corpus.store.endLine());
        for (int round = 0; round < 30; ++round) {
            corpus.add(1 + round % 3);
            const LogSnapshot snap = corpus.store.snapshot();
            QVERIFY(incremental.append(filter->evaluate(snap, incremental.evaluatedTo(), snap.endLine())));
        }
        const LogSnapshot snap = corpus.store.snapshot();
        QVERIFY(snap.chunkCount() > 20);
        QVERIFY(corpus.store.stats().linesSpilled > 0);  // part of it read back from the spill file
        const FilterResult full = filter->evaluate(snap, snap.firstLine(), snap.endLine());
        QCOMPARE(incremental.size(), full.size());
        QVERIFY(incremental == full);
        QVERIFY(incremental.lines() == oracle(corpus.store, spec));
    }

    void appendRefusesANonAdjacentRange()
    {
        FilterResult a(LineNumber(0), LineNumber(10), {LineNumber(3)});
        const FilterResult gap(LineNumber(11), LineNumber(20), {LineNumber(12)});
        QVERIFY(!a.append(gap));
        QCOMPARE(a.evaluatedTo(), LineNumber(10));
        QCOMPARE(a.size(), 1);
    }

    void cancelledEvaluationCompletesIncrementally()
    {
        Corpus corpus;
        LogFilterSpec spec;
        spec.include = {plain("e")};
        auto filter = LogFilter::compile(spec);
        const LogSnapshot snap = corpus.store.snapshot();
        std::atomic<bool> cancel{true};
        FilterResult partial = filter->evaluate(snap, snap.firstLine(), snap.endLine(), &cancel);
        QVERIFY(partial.evaluatedTo() < snap.endLine());
        QVERIFY(partial.append(filter->evaluate(snap, partial.evaluatedTo(), snap.endLine())));
        QVERIFY(partial == filter->evaluate(snap, snap.firstLine(), snap.endLine()));
    }

    void badRegexIsAnErrorWithItsPosition()
    {
        LogFilterSpec spec;
        spec.include = {plain("ok"), regex("abc(def")};
        const auto f = LogFilter::compile(spec);
        QVERIFY(!f.ok());
        QCOMPARE(f.error().code, QStringLiteral("logs.badPattern"));
        QVERIFY(f.error().message.contains(QStringLiteral("abc(def")));
        QCOMPARE(f.error().column, 8);
    }

    void literalTextIsNotARegex()
    {
        LogStore store;
        store.append(SourceId(0), 0, "price is $5 (a+b)");
        store.append(SourceId(0), 0, "price is 5 ab");
        LogFilterSpec spec;
        spec.include = {plain("$5 (a+b)")};
        const auto f = LogFilter::compile(spec);
        QVERIFY(f.ok());
        const FilterResult r = f->evaluate(store.snapshot(), LineNumber(0), store.endLine());
        QCOMPARE(r.size(), 1);
        QCOMPARE(r.at(0), LineNumber(0));
    }

    void droppedLinesAreCountedNotMatched()
    {
        LogStoreLimits l;
        l.chunkLines = 16;
        l.maxLinesInMemory = 32;
        l.spillDirectory = QStringLiteral("/nonexistent/spill");
        LogStore store(l);
        for (int i = 0; i < 200; ++i)
            store.append(SourceId(0), 0, "x");
        const LogSnapshot snap = store.snapshot();
        auto f = LogFilter::compile({{plain("x")}, {}, {}, LogLevel::None, false});
        const FilterResult r = f->evaluate(snap, LineNumber(0), snap.endLine());
        QCOMPARE(quint64(r.size()) + r.unreadableLines() + (snap.firstLine().get()), 200u);
        QVERIFY(r.size() > 0);
    }

    void searchNextAndPrevious()
    {
        Corpus corpus(5);
        const LogSnapshot snap = corpus.store.snapshot();
        const auto matcher = LineMatcher::compile(regex("^foo")).value();
        // Oracle positions.
        std::vector<LineNumber> hits;
        for (LineNumber n = snap.firstLine(); n < snap.endLine(); ++n)
            if (matcher.matches(corpus.store.line(n)->text))
                hits.push_back(n);
        QVERIFY(hits.size() > 4);
        // Forward from each hit + 1 finds the next hit, backward from each hit - 1 the previous.
        for (std::size_t i = 0; i + 1 < hits.size(); ++i) {
            QCOMPARE(LogSearch::find(snap, matcher, hits[i] + LineCount(1), SearchDirection::Forward), hits[i + 1]);
            QCOMPARE(LogSearch::find(snap, matcher, hits[i + 1] - LineCount(1), SearchDirection::Backward), hits[i]);
        }
        QCOMPARE(LogSearch::find(snap, matcher, hits.back() + LineCount(1), SearchDirection::Forward), std::nullopt);
        QCOMPARE(LogSearch::find(snap, matcher, hits.front() - LineCount(1), SearchDirection::Backward), std::nullopt);
        QCOMPARE(LogSearch::find(snap, matcher, hits.front(), SearchDirection::Forward), hits.front());

        // Within a filter result: only pod-1's lines.
        auto filter = LogFilter::compile({{}, {}, {SourceId(1)}, LogLevel::None, false}).value();
        const FilterResult within = filter.evaluate(snap, snap.firstLine(), snap.endLine());
        std::vector<LineNumber> podHits;
        for (LineNumber n : hits)
            if (corpus.store.line(n)->source == SourceId(1))
                podHits.push_back(n);
        QVERIFY(podHits.size() >= 2);
        QCOMPARE(LogSearch::find(snap, matcher, snap.firstLine(), SearchDirection::Forward, &within), podHits.front());
        QCOMPARE(LogSearch::find(snap, matcher, podHits[1] - LineCount(1), SearchDirection::Backward, &within),
                 podHits[0]);
    }

    void findAllGivesHighlightRanges()
    {
        const auto m = LineMatcher::compile(plain("ab")).value();
        const auto ranges = m.findAll("xabyABz");
        QCOMPARE(ranges.size(), 2u);
        QCOMPARE(ranges[0].first, 1);
        QCOMPARE(ranges[1].first, 4);
        QCOMPARE(ranges[1].second, 6);
        const auto lit = LineMatcher::compile(plain("ab", true)).value();
        QCOMPARE(lit.findAll("xabyABz").size(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestLogFilter)
#include "tst_logfilter.moc"
