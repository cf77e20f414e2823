// SPDX-License-Identifier: Apache-2.0
// The log store: lines in chunks with a line index, caps, spilling to a temporary file and
// reading back, snapshots that stay consistent while lines are appended, memory accounting.
#include "logs/logstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace workbench::models::logs;

namespace {

// A deterministic line for number n: varying lengths (0 .. ~300 bytes), varying content.
QByteArray lineText(quint64 n)
{
    QByteArray t = "line " + QByteArray::number(n) + ' ';
    const int extra = int((n * 7919) % 300);
    for (int i = 0; i < extra; ++i)
        t += char('a' + (n + quint64(i)) % 26);
    return t;
}

SourceId sourceOf(quint64 n)
{
    return SourceId(quint16(n % 5));
}

LogTimestamp timeOf(quint64 n)
{
    return LogTimestamp(1'700'000'000'000'000'000LL + qint64(n) * 1000);
}

void appendLines(LogStore &store, quint64 from, quint64 to)
{
    for (quint64 n = from; n < to; ++n)
        store.append(sourceOf(n), timeOf(n), lineText(n));
}

// Every line of the store equals what was appended.
void verifyStore(const LogStore &store, quint64 from, quint64 to)
{
    for (quint64 n = from; n < to; ++n) {
        const auto line = store.line(LineNumber(n));
        QVERIFY2(line.has_value(), qPrintable(QStringLiteral("line %1 missing").arg(n)));
        QCOMPARE(line->number, LineNumber(n));
        QCOMPARE(line->text.toByteArray(), lineText(n));
        QCOMPARE(line->source, sourceOf(n));
        QCOMPARE(line->timestamp, timeOf(n));
    }
}

// Every line of the snapshot equals what was appended, read chunk by chunk.
quint64 verifySnapshot(const LogSnapshot &snapshot)
{
    quint64 checked = 0;
    for (int c = 0; c < snapshot.chunkCount(); ++c) {
        auto loaded = snapshot.loadChunk(c);
        if (!loaded)
            qFatal("chunk %d: %s", c, qPrintable(loaded.error().toString()));
        const ChunkRef &ref = snapshot.chunkRef(c);
        if (!loaded->chunk)
            continue;
        for (quint32 i = 0; i < loaded->count; ++i) {
            const quint64 n = ref.firstLine.get() + i;
            if (loaded->chunk->text(i).toByteArray() != lineText(n) || loaded->chunk->source(i) != sourceOf(n))
                qFatal("snapshot line %llu differs", static_cast<unsigned long long>(n));
            ++checked;
        }
    }
    return checked;
}

}  // namespace

class TestLogStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndReadBack()
    {
        LogStore store;
        QCOMPARE(store.lineCount().get(), 0u);
        const SourceId web =
            store.sources().addContainer(QStringLiteral("ns"), QStringLiteral("web-0"), QStringLiteral("api")).value();
        QCOMPARE(store.append(web, 42, "first"), LineNumber(0));
        QCOMPARE(store.append(web, 43, "second\r"), LineNumber(1));  // CRLF logs
        QCOMPARE(store.append(web, 44, "a\nb"), LineNumber(2));      // a line break inside a line
        QCOMPARE(store.append(web, 45, ""), LineNumber(3));
        QCOMPARE(store.endLine(), LineNumber(4));
        QCOMPARE(store.line(LineNumber(0))->text.toByteArray(), QByteArray("first"));
        QCOMPARE(store.line(LineNumber(1))->text.toByteArray(), QByteArray("second"));
        QCOMPARE(store.line(LineNumber(2))->text.toByteArray(), QByteArray("a b"));
        QCOMPARE(store.line(LineNumber(3))->text.toByteArray(), QByteArray());
        QCOMPARE(store.line(LineNumber(2))->timestamp, LogTimestamp(44));
        QVERIFY(!store.line(LineNumber(4)).has_value());
    }

    void attributesAreRecognisedOnAppend()
    {
        LogStore store;
        const SourceId s = store.sources().addLocal(QStringLiteral("api")).value();
        store.append(s, 0, "[SCONE|FATAL] src/process/init.c:470: Attestation failed");
        store.append(s, 0, "2024-01-01 WARN disk almost full");
        store.appendMarker(s, 0, LineKind::Reconnected, "reconnected");
        const LineAttributes a = store.line(LineNumber(0))->attributes;
        QCOMPARE(a.level, LogLevel::Fatal);
        QCOMPARE(a.scone, SconeEventKind::AttestationFailed);
        QCOMPARE(store.line(LineNumber(1))->attributes.level, LogLevel::Warning);
        QCOMPARE(store.line(LineNumber(2))->attributes.kind, LineKind::Reconnected);
        QCOMPARE(store.line(LineNumber(2))->attributes.level, LogLevel::None);
    }

    void manyChunksAndAnOversizedLine()
    {
        LogStoreLimits limits;
        limits.chunkLines = 16;
        limits.chunkBytes = 4096;
        LogStore store(limits);
        appendLines(store, 0, 1000);
        const QByteArray huge(100'000, 'x');  // far larger than a chunk
        const LineNumber hugeLine = store.append(SourceId(1), 5, huge);
        appendLines(store, 1001, 1500);
        verifyStore(store, 0, 1000);
        verifyStore(store, 1001, 1500);
        QCOMPARE(store.line(hugeLine)->text.toByteArray(), huge);
        QCOMPARE(store.stats().linesInMemory, 1500u);
    }

    void capSpillsOldLinesToDiskAndReadsThemBack()
    {
        QTemporaryDir dir;
        LogStoreLimits limits;
        limits.chunkLines = 64;
        limits.maxLinesInMemory = 256;
        limits.spillDirectory = dir.path();
        LogStore store(limits);
        appendLines(store, 0, 5000);
        const LogStoreStats s = store.stats();
        QVERIFY2(s.linesInMemory <= 256 + 64, qPrintable(QString::number(s.linesInMemory)));
        QCOMPARE(s.linesSpilled + s.linesInMemory, 5000u);
        QCOMPARE(s.linesDropped, 0u);
        QVERIFY(s.spillBytes > 0);
        QVERIFY(s.spillError.isEmpty());
        QCOMPARE(store.firstLine(), LineNumber(0));
        verifyStore(store, 0, 5000);  // spilled lines read back from the file
        verifyStore(store, 10, 20);   // and again (the read cache)
        QCOMPARE(verifySnapshot(store.snapshot()), 5000u);
        // The spill file has no name in the folder (and so disappears with the process).
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden).isEmpty());
    }

    void memoryCapSpillsToo()
    {
        LogStoreLimits limits;
        limits.chunkLines = 1024;
        limits.chunkBytes = 64 * 1024;
        limits.maxMemoryBytes = 512 * 1024;
        LogStore store(limits);
        appendLines(store, 0, 20000);
        const LogStoreStats s = store.stats();
        QVERIFY2(s.memoryBytes <= 512 * 1024 + 200 * 1024, qPrintable(QString::number(s.memoryBytes)));
        QVERIFY(s.linesSpilled > 0);
        verifyStore(store, 0, 20000);
    }

    void spillLimitDropsTheOldestLines()
    {
        LogStoreLimits limits;
        limits.chunkLines = 32;
        limits.maxLinesInMemory = 64;
        limits.maxSpillBytes = 20'000;
        LogStore store(limits);
        appendLines(store, 0, 3000);
        const LogStoreStats s = store.stats();
        QVERIFY(s.linesDropped > 0);
        QVERIFY(s.spillBytes <= 20'000);
        QCOMPARE(store.firstLine(), LineNumber(s.linesDropped));
        QCOMPARE(s.linesDropped + s.linesSpilled + s.linesInMemory, 3000u);
        QVERIFY(!store.line(LineNumber(0)).has_value());
        verifyStore(store, store.firstLine().get(), 3000);
    }

    void aSpillFileThatCannotBeCreatedDropsLinesWithAnError()
    {
        LogStoreLimits limits;
        limits.chunkLines = 32;
        limits.maxLinesInMemory = 64;
        limits.spillDirectory = QStringLiteral("/nonexistent/folder/for/spill");
        LogStore store(limits);
        appendLines(store, 0, 1000);
        const LogStoreStats s = store.stats();
        QVERIFY(s.linesDropped > 0);
        QVERIFY(s.spillError.contains(QStringLiteral("/nonexistent/folder/for/spill")));
        QCOMPARE(s.linesDropped + s.linesInMemory, 1000u);
        verifyStore(store, store.firstLine().get(), 1000);
        QCOMPARE(store.endLine(), LineNumber(1000));
    }

    void snapshotStaysConsistentWhileLinesAreAppended()
    {
        LogStoreLimits limits;
        limits.chunkLines = 64;
        limits.maxLinesInMemory = 256;
        LogStore store(limits);
        appendLines(store, 0, 1000);
        const LogSnapshot before = store.snapshot();
        QCOMPARE(before.endLine(), LineNumber(1000));
        appendLines(store, 1000, 5000);  // seals the snapshot's open chunk, spills its chunks
        QCOMPARE(before.endLine(), LineNumber(1000));
        QCOMPARE(before.lineCount().get(), 1000u);
        QCOMPARE(verifySnapshot(before), 1000u);
        QCOMPARE(verifySnapshot(store.snapshot()), 5000u);
        verifyStore(store, 0, 5000);
    }

    void snapshotsAreReadOnAnotherThreadDuringAppends()
    {
        LogStoreLimits limits;
        limits.chunkLines = 128;
        limits.maxLinesInMemory = 1024;
        LogStore store(limits);
        appendLines(store, 0, 500);
        std::atomic<bool> stop{false};
        std::atomic<quint64> checked{0};
        LogSnapshot first = store.snapshot();
        std::thread reader([&, snapshot = first]() mutable {
            while (!stop.load())
                checked += verifySnapshot(snapshot);
        });
        for (quint64 n = 500; n < 20000; n += 500) {
            appendLines(store, n, n + 500);
        }
        stop = true;
        reader.join();
        QVERIFY(checked.load() >= 500);
        verifyStore(store, 0, 20000);
    }

    void chunkIndexOfFindsEveryLine()
    {
        LogStoreLimits limits;
        limits.chunkLines = 16;
        LogStore store(limits);
        appendLines(store, 0, 300);
        const LogSnapshot s = store.snapshot();
        for (quint64 n = 0; n < 300; ++n) {
            const int c = s.chunkIndexOf(LineNumber(n));
            QVERIFY(c >= 0);
            QVERIFY(s.chunkRef(c).firstLine <= LineNumber(n));
            QVERIFY(LineNumber(n) < s.chunkRef(c).endLine());
        }
        QCOMPARE(s.chunkIndexOf(LineNumber(300)), -1);
    }

    void memoryIsCloseToTheRawBytes()
    {
        LogStore store;
        const QByteArray text(100, 'x');
        for (int i = 0; i < 200'000; ++i)
            store.append(SourceId(quint16(i % 50)), timeOf(quint64(i)), text);
        const LogStoreStats s = store.stats();
        QCOMPARE(s.textBytesInMemory, 200'000u * 100u);
        // 16 bytes of index and one '\n' per line on 100 bytes, plus the open chunk's slack.
        const double ratio = double(s.memoryBytes) / double(s.textBytesInMemory);
        QVERIFY2(ratio <= 1.3, qPrintable(QString::number(ratio)));
        QVERIFY2(ratio >= 1.17, qPrintable(QString::number(ratio)));  // the accounting counts the index
    }

    void clearForgetsLinesButKeepsNumbering()
    {
        LogStore store;
        appendLines(store, 0, 100);
        store.clear();
        QCOMPARE(store.lineCount().get(), 0u);
        QCOMPARE(store.firstLine(), LineNumber(100));
        QVERIFY(!store.line(LineNumber(5)).has_value());
        QCOMPARE(store.append(SourceId(0), 0, "after"), LineNumber(100));
        QCOMPARE(store.line(LineNumber(100))->text.toByteArray(), QByteArray("after"));
        QCOMPARE(store.snapshot().lineCount().get(), 1u);
    }

    void sourcesShareAColourPerPod()
    {
        LogSourceRegistry r;
        const SourceId a = r.addContainer(QStringLiteral("ns"), QStringLiteral("web-0"), QStringLiteral("api")).value();
        const SourceId b =
            r.addContainer(QStringLiteral("ns"), QStringLiteral("web-0"), QStringLiteral("sidecar")).value();
        const SourceId c = r.addContainer(QStringLiteral("ns"), QStringLiteral("web-1"), QStringLiteral("api")).value();
        const SourceId again =
            r.addContainer(QStringLiteral("ns"), QStringLiteral("web-0"), QStringLiteral("api")).value();
        const SourceId local = r.addLocal(QStringLiteral("redis")).value();
        QCOMPARE(again, a);
        QCOMPARE(r.count(), 4);
        QCOMPARE(r.source(a).colourIndex, r.source(b).colourIndex);
        QVERIFY(r.source(a).colourIndex != r.source(c).colourIndex);
        QVERIFY(r.source(local).colourIndex != r.source(c).colourIndex);
        QCOMPARE(r.source(b).prefix(), QStringLiteral("web-0 sidecar | "));
        QCOMPARE(r.source(local).prefix(), QStringLiteral("redis | "));
        QCOMPARE(r.prefixUtf8(c), QByteArray("web-1 api | "));
        QCOMPARE(r.findContainer(QStringLiteral("ns"), QStringLiteral("web-1"), QStringLiteral("api")), c);
        QVERIFY(!r.findContainer(QStringLiteral("other"), QStringLiteral("web-1"), QStringLiteral("api")));
    }

    void registryRefusesMoreSourcesThanIdsExist()
    {
        LogSourceRegistry r;
        for (quint32 i = 0; i < SourceId::maximumCount; ++i)
            QVERIFY(r.addLocal(QString::number(i)).ok());
        const auto extra = r.addLocal(QStringLiteral("one too many"));
        QVERIFY(!extra.ok());
        QCOMPARE(extra.error().code, QStringLiteral("logs.tooManySources"));
    }
};

QTEST_GUILESS_MAIN(TestLogStore)
#include "tst_logstore.moc"
