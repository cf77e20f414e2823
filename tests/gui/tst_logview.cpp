// SPDX-License-Identifier: Apache-2.0
// The log view on a real LogStore, offscreen: it paints only the lines on screen, per-pod
// colours and prefixes, level/SCONE/marker backgrounds, follow mode that stops when the user
// scrolls up and resumes at the bottom, search with next/previous and highlight, wrap and
// timestamps toggles, filter results, selection and copy, JSON formatting, save.
#include "logs/logfilter.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "logs/logviewpalette.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <QWheelEvent>

using namespace workbench;
using namespace workbench::models::logs;
using namespace workbench::engine::logs;
using workbench::ui::LogView;
using workbench::ui::LogViewPalette;

namespace {

struct Fixture {
    LogStore store;
    SourceId api;
    SourceId sidecar;
    SourceId db;
    Fixture(LogStoreLimits limits = {})
        : store(limits)
    {
        api = store.sources()
                  .addContainer(QStringLiteral("shop"), QStringLiteral("web-0"), QStringLiteral("api"))
                  .value();
        sidecar = store.sources()
                      .addContainer(QStringLiteral("shop"), QStringLiteral("web-0"), QStringLiteral("proxy"))
                      .value();
        db = store.sources().addContainer(QStringLiteral("shop"), QStringLiteral("db-0"), QStringLiteral("db")).value();
    }
    void add(int count, const char *text = "line")
    {
        for (int i = 0; i < count; ++i) {
            const quint64 n = store.endLine().get();
            const SourceId s = n % 3 == 0 ? api : n % 3 == 1 ? sidecar : db;
            store.append(s, LogTimestamp(1'714'564'800'000'000'000LL + qint64(n) * 1'000'000),
                         QByteArray(QByteArray(text) + ' ' + QByteArray::number(n)));
        }
    }
};

// Pixels of the image within @p rect that are exactly @p color.
int exactPixels(const QImage &image, const QRect &rect, const QColor &color)
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            if (image.pixelColor(x, y).rgb() == color.rgb())
                ++n;
    return n;
}

// Pixels close to @p color (anti-aliased text).
int nearPixels(const QImage &image, const QRect &rect, const QColor &color)
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                    std::abs(c.blue() - color.blue()) <
                60)
                ++n;
        }
    return n;
}

std::unique_ptr<LogView> makeView(LogStore &store, QSize size = QSize(700, 300))
{
    auto view = std::make_unique<LogView>();
    view->resize(size);
    view->setStore(&store);
    view->show();
    if (!QTest::qWaitForWindowExposed(view.get()))
        qWarning("window not exposed");
    view->refreshNow();
    return view;
}

}  // namespace

class TestLogView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paintsOnlyTheVisibleLinesOfAHugeStore()
    {
        Fixture f;
        f.add(200'000);
        auto view = makeView(f.store);
        const int lh = QFontMetrics(view->font()).lineSpacing();
        const QList<LineNumber> visible = view->visibleLines();
        QVERIFY(!visible.isEmpty());
        QVERIFY(visible.size() <= view->viewport()->height() / lh + 1);
        // Following: the newest line is on screen.
        QCOMPARE(visible.back(), LineNumber(199'999));
        QCOMPARE(view->rowCount(), 200'000);
        QCOMPARE(view->verticalScrollBar()->maximum(), view->topRow());
        const QImage image = view->viewport()->grab().toImage();
        QVERIFY(!image.isNull());
    }

    void prefixesInPodColours()
    {
        Fixture f;
        f.add(6);
        auto view = makeView(f.store);
        view->setFollowing(false);
        view->scrollToLine(LineNumber(0));
        view->refreshNow();
        const LogViewPalette palette = LogViewPalette::forApplication();
        const QColor webColour = palette.sourceColor(f.store.sources().source(f.api).colourIndex);
        const QColor dbColour = palette.sourceColor(f.store.sources().source(f.db).colourIndex);
        QVERIFY(webColour != dbColour);
        QCOMPARE(f.store.sources().source(f.api).colourIndex, f.store.sources().source(f.sidecar).colourIndex);
        const QImage image = view->viewport()->grab().toImage();
        const int lh = QFontMetrics(view->font()).lineSpacing();
        const int prefixWidth = QFontMetrics(view->font()).horizontalAdvance(QStringLiteral("web-0 api | "));
        const QRect row0(0, 0, prefixWidth, lh);       // web-0 api
        const QRect row2(0, 2 * lh, prefixWidth, lh);  // db-0 db
        QVERIFY(nearPixels(image, row0, webColour) > 0);
        QCOMPARE(nearPixels(image, row0, dbColour), 0);
        QVERIFY(nearPixels(image, row2, dbColour) > 0);
        QCOMPARE(nearPixels(image, row2, webColour), 0);
    }

    void sconeFailuresMarkersAndMatchesHaveTheirBackgrounds()
    {
        Fixture f;
        f.store.append(f.api, 0, "[SCONE|FATAL] src/process/init.c:470: Attestation failed");
        f.store.appendMarker(f.api, 0, LineKind::Reconnected, "reconnected after 1.5 s, nothing lost");
        f.store.append(f.db, 0, "plain line with a needle in it");
        auto view = makeView(f.store);
        QVERIFY(view->setSearch(MatchPattern{QStringLiteral("needle"), false, false}));
        view->refreshNow();
        const LogViewPalette palette = LogViewPalette::forApplication();
        const QImage image = view->viewport()->grab().toImage();
        const int lh = QFontMetrics(view->font()).lineSpacing();
        const int w = image.width();
        QVERIFY(exactPixels(image, QRect(w - 20, 1, 10, lh - 2),
                            palette.sconeBackground(SconeEventKind::AttestationFailed)) > 0);
        QVERIFY(exactPixels(image, QRect(w - 20, lh + 1, 10, lh - 2), palette.markerBackground()) > 0);
        QCOMPARE(exactPixels(image, QRect(w - 20, 2 * lh + 1, 10, lh - 2), palette.markerBackground()), 0);
        // The match is highlighted where "needle" is drawn.
        QVERIFY(exactPixels(image, QRect(0, 2 * lh, w, lh), palette.matchBackground()) > 0);
        QCOMPARE(exactPixels(image, QRect(0, 0, w, lh), palette.matchBackground()), 0);
    }

    void followingABusyStreamKeepsOnlyTheScreensLayouts()
    {
        // Each update tick scrolls a screen's worth of new lines in; the layouts of the lines
        // that scrolled out go on that tick (not a cache full of them at once), the new bottom
        // lines are laid out before the paint, and what is shown is the store's newest lines.
        Fixture f;
        f.add(100);
        auto view = makeView(f.store);
        const int screen = view->viewport()->height() / QFontMetrics(view->font()).lineSpacing() + 1;
        int most = 0;
        for (int tick = 0; tick < 60; ++tick) {
            f.add(500, "busy");
            view->linesAppended();
            view->refreshNow();
            most = std::max(most, view->cachedLayoutCount());
            // Laid out on the tick, before any paint: the bottom lines (visibleLines() would lay
            // them out itself, so it comes after).
            for (quint64 k = 1; k < quint64(screen) - 1; ++k)
                QVERIFY(view->isLaidOut(LineNumber(f.store.endLine().get() - k)));
            QCOMPARE(view->visibleLines().back(), LineNumber(f.store.endLine().get() - 1));
        }
        QVERIFY2(most <= 4 * screen + 64 + screen, qPrintable(QStringLiteral("%1 layouts kept").arg(most)));
        // Scrolled back to the top, the first lines are laid out again and shown.
        view->verticalScrollBar()->triggerAction(QAbstractSlider::SliderToMinimum);
        QVERIFY(!view->isFollowing());
        view->refreshNow();
        QCOMPARE(view->visibleLines().front(), LineNumber(0));
        QVERIFY(view->cachedLayoutCount() <= 4 * screen + 64 + screen);
    }

    void followStopsWhenScrollingUpAndResumesAtTheBottom()
    {
        Fixture f;
        f.add(1000);
        auto view = makeView(f.store);
        QSignalSpy followChanges(view.get(), &LogView::followingChanged);
        QVERIFY(view->isFollowing());
        f.add(50);
        view->linesAppended();
        QTRY_COMPARE(view->visibleLines().back(), LineNumber(1049));  // the timer tick catches up

        // The user scrolls up with the wheel: following stops, the view stays where it is.
        QWheelEvent up(QPointF(50, 50), view->viewport()->mapToGlobal(QPointF(50, 50)), QPoint(), QPoint(0, 120),
                       Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view->viewport(), &up);
        QVERIFY(!view->isFollowing());
        QCOMPARE(followChanges.size(), 1);
        const LineNumber top = view->visibleLines().front();
        f.add(100);
        view->linesAppended();
        view->refreshNow();
        QCOMPARE(view->visibleLines().front(), top);
        QVERIFY(view->visibleLines().back() < LineNumber(1149));

        // Back to the bottom: following resumes and new lines show up again.
        view->verticalScrollBar()->triggerAction(QAbstractSlider::SliderToMaximum);
        QVERIFY(view->isFollowing());
        QCOMPARE(followChanges.size(), 2);
        f.add(10);
        view->linesAppended();
        view->refreshNow();
        QCOMPARE(view->visibleLines().back(), LineNumber(1159));

        // End key resumes too.
        view->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepSub);
        QVERIFY(!view->isFollowing());
        QTest::keyClick(view.get(), Qt::Key_End);
        QVERIFY(view->isFollowing());
    }

    void searchNextPreviousAndWrap()
    {
        Fixture f;
        f.add(500);
        for (int i : {100, 250, 400})
            f.store.append(f.db, 0, QByteArray("the needle number " + QByteArray::number(i)));  // lines 500, 501, 502
        f.add(300);
        auto view = makeView(f.store);
        view->setFollowing(false);
        view->scrollToLine(LineNumber(0));
        QVERIFY(view->setSearch(MatchPattern{QStringLiteral("needle number \\d+"), true, true}));
        QSignalSpy wrapped(view.get(), &LogView::searchWrapped);
        QVERIFY(view->findNext());
        QCOMPARE(view->currentMatch(), LineNumber(500));
        QVERIFY(view->visibleLines().contains(LineNumber(500)));
        QVERIFY(view->findNext());
        QCOMPARE(view->currentMatch(), LineNumber(501));
        QVERIFY(view->findNext());
        QCOMPARE(view->currentMatch(), LineNumber(502));
        QCOMPARE(wrapped.size(), 0);
        QVERIFY(view->findNext());  // around the end
        QCOMPARE(view->currentMatch(), LineNumber(500));
        QCOMPARE(wrapped.size(), 1);
        QVERIFY(view->findPrevious());  // and back
        QCOMPARE(view->currentMatch(), LineNumber(502));
        QVERIFY(view->findPrevious());
        QCOMPARE(view->currentMatch(), LineNumber(501));
        QVERIFY(!view->isFollowing());
        // A bad regex is an error, not a crash.
        QVERIFY(!view->setSearch(MatchPattern{QStringLiteral("("), true, true}).ok());
        QVERIFY(view->setSearch(MatchPattern{QStringLiteral("absent"), false, false}).ok());
        QVERIFY(!view->findNext());
    }

    void filterResultSelectsTheRows()
    {
        Fixture f;
        f.add(3000);
        auto view = makeView(f.store);
        LogFilterSpec spec;
        spec.sources = {f.db};
        const LogFilter filter = LogFilter::compile(spec).value();
        const LogSnapshot snapshot = f.store.snapshot();
        auto result =
            std::make_shared<FilterResult>(filter.evaluate(snapshot, snapshot.firstLine(), snapshot.endLine()));
        view->setFilterResult(result);
        QCOMPARE(view->rowCount(), 1000);
        for (LineNumber n : view->visibleLines())
            QCOMPARE(f.store.line(n)->source, f.db);
        QCOMPARE(view->visibleLines().back(), LineNumber(2999));  // still following
        // Search within the filtered lines only.
        QVERIFY(view->setSearch(MatchPattern{QStringLiteral("line 1"), false, true}));
        view->scrollToLine(LineNumber(0));
        QVERIFY(view->findNext());
        QCOMPARE(f.store.line(*view->currentMatch())->source, f.db);
        QCOMPARE(*view->currentMatch(), LineNumber(11));  // "line 1" in db's first match (line 11)
        view->clearFilterResult();
        QCOMPARE(view->rowCount(), 3000);
    }

    void wrapToggle()
    {
        Fixture f;
        f.add(20);
        f.store.append(f.api, 0, QByteArray(2000, 'w'));
        f.add(5);
        auto view = makeView(f.store);
        view->setFollowing(false);
        view->scrollToLine(LineNumber(15));
        view->refreshNow();
        QVERIFY(view->horizontalScrollBar()->maximum() > 0);  // the long line is wider than the view
        const int linesUnwrapped = int(view->visibleLines().size());
        view->setWrapLines(true);
        QVERIFY(view->wrapLines());
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
        QVERIFY(view->visibleLines().size() < linesUnwrapped);  // the long line takes several rows
        view->setWrapLines(false);
        QCOMPARE(int(view->visibleLines().size()), linesUnwrapped);
    }

    void timestampsToggleAndSelectionCopy()
    {
        Fixture f;
        f.add(3);
        auto view = makeView(f.store);
        view->selectAll();
        QCOMPARE(view->selectedText(), QStringLiteral("web-0 api | line 0\nweb-0 proxy | line 1\ndb-0 db | line 2"));
        view->copySelection();
        QCOMPARE(QGuiApplication::clipboard()->text(), view->selectedText());
        view->setShowTimestamps(true);
        QVERIFY(view->selectedText().startsWith(QStringLiteral("2024-05-01 12:00:00.000 web-0 api | line 0\n")));
        view->setShowTimestamps(false);
        view->setShowPrefixes(false);
        QCOMPARE(view->selectedText(), QStringLiteral("line 0\nline 1\nline 2"));
        view->setShowPrefixes(true);

        // A mouse drag over the first two lines.
        view->clearSelection();
        const int lh = QFontMetrics(view->font()).lineSpacing();
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(2, lh / 2));
        QMouseEvent move(QEvent::MouseMove, QPointF(600, lh + lh / 2),
                         view->viewport()->mapToGlobal(QPointF(600, lh + lh / 2)), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(600, lh + lh / 2));
        QCOMPARE(view->selectedText(), QStringLiteral("web-0 api | line 0\nweb-0 proxy | line 1"));
    }

    void jsonLinesFormatOnDemand()
    {
        Fixture f;
        f.store.append(f.api, 0, R"({"level":"error","msg":"upload failed","size":5})");
        f.add(2);
        auto view = makeView(f.store);
        const int lh = QFontMetrics(view->font()).lineSpacing();
        QCOMPARE(view->lineAt(QPoint(10, lh / 2)), LineNumber(0));
        QCOMPARE(view->lineAt(QPoint(10, lh + lh / 2)), LineNumber(1));
        QSignalSpy activated(view.get(), &LogView::lineActivated);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, QPoint(10, lh / 2));
        QCOMPARE(activated.size(), 1);
        QVERIFY(view->isPrettyJson(LineNumber(0)));
        // The formatted object takes several rows: line 1 moved down.
        QCOMPARE(view->lineAt(QPoint(10, lh + lh / 2)), LineNumber(0));
        view->selectAll();
        QVERIFY(view->selectedText().contains(QStringLiteral("\n    \"msg\": \"upload failed\"")));
    }

    void spilledLinesAreShown()
    {
        LogStoreLimits limits;
        limits.chunkLines = 64;
        limits.maxLinesInMemory = 256;
        Fixture f(limits);
        f.add(5000);
        QVERIFY(f.store.stats().linesSpilled > 0);
        auto view = makeView(f.store);
        view->setFollowing(false);
        view->scrollToLine(LineNumber(3));
        view->selectAll();
        const QStringList all = view->selectedText().split(QLatin1Char('\n'));
        QCOMPARE(all.size(), 5000);
        QCOMPARE(all.at(3), QStringLiteral("web-0 api | line 3"));
        QVERIFY(view->visibleLines().contains(LineNumber(3)));
    }

    void saveAllOrShownLines()
    {
        Fixture f;
        f.add(9);
        auto view = makeView(f.store);
        QTemporaryDir dir;
        const QString all = dir.filePath(QStringLiteral("all.log"));
        QVERIFY(view->save(all, LogView::SaveScope::AllLines));
        QFile a(all);
        QVERIFY(a.open(QIODevice::ReadOnly));
        QByteArray text = a.readAll();
        QCOMPARE(text.count('\n'), 9);
        QVERIFY(text.startsWith("web-0 api | line 0\nweb-0 proxy | line 1\n"));

        LogFilterSpec spec;
        spec.include = {MatchPattern{QStringLiteral("line [0-4]$"), true, true}};
        const LogFilter filter = LogFilter::compile(spec).value();
        const LogSnapshot s = f.store.snapshot();
        view->setFilterResult(std::make_shared<FilterResult>(filter.evaluate(s, s.firstLine(), s.endLine())));
        view->setShowPrefixes(false);
        const QString shown = dir.filePath(QStringLiteral("shown.log"));
        QVERIFY(view->save(shown, LogView::SaveScope::ShownLines));
        QFile b(shown);
        QVERIFY(b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), QByteArray("line 0\nline 1\nline 2\nline 3\nline 4\n"));

        const Status failed = view->save(QStringLiteral("/nonexistent/folder/x.log"), LogView::SaveScope::AllLines);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().file, QStringLiteral("/nonexistent/folder/x.log"));
    }
};

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
