// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/filterresult.h"
#include "logs/linematcher.h"
#include "logs/loglinerenderer.h"
#include "logs/matchpattern.h"

#include <QAbstractScrollArea>
#include <QTimer>

#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

class QMenu;

namespace workbench::models::logs {
class LogStore;
}

namespace workbench::ui {

/// The log view: paints only the lines on screen, straight from a LogStore (no QTextEdit, no
/// item per line), with per-pod colours and "POD CONTAINER | " prefixes, level colours, SCONE
/// event and marker highlighting, search highlights, optional wrapping and timestamps.
///
/// Follow mode keeps the newest line at the bottom; scrolling up stops it, scrolling back to
/// the bottom (or End) resumes it. Lines are fed in batches: whoever appends to the store calls
/// linesAppended(), and the view catches up on its next timer tick (updateInterval()).
/// A filter runs elsewhere (the engine's job in phase 2); its FilterResult is given to
/// setFilterResult() and the view then shows only those lines. The view starts no thread.
class LogView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    enum class SaveScope {
        AllLines,    ///< every line of the store
        ShownLines,  ///< the filtered lines when a filter result is set, else all
    };

    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    /// The store to show (not owned; must outlive the view or be reset with nullptr).
    void setStore(models::logs::LogStore *store);
    models::logs::LogStore *store() const { return m_store; }
    /// Lines were appended (or the store was cleared): the view updates on its next tick.
    void linesAppended();
    /// Applies pending updates now instead of on the next tick.
    void refreshNow();
    void setUpdateInterval(int ms) { m_updateTimer.setInterval(ms); }
    int updateInterval() const { return m_updateTimer.interval(); }

    /// Shows only the lines of @p result (nullptr: all lines). The owner may extend the result
    /// in place on the view's thread (FilterResult::append) and then call linesAppended().
    void setFilterResult(std::shared_ptr<const models::logs::FilterResult> result);
    void clearFilterResult() { setFilterResult(nullptr); }
    const models::logs::FilterResult *filterResult() const { return m_filter.get(); }

    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    bool wrapLines() const { return m_wrap; }
    void setWrapLines(bool wrap);
    bool showTimestamps() const { return m_options.timestamps; }
    void setShowTimestamps(bool show);
    bool showPrefixes() const { return m_options.prefixes; }
    void setShowPrefixes(bool show);
    /// Shows a JSON line indented over several lines (double-click toggles it too).
    void setPrettyJson(models::logs::LineNumber line, bool pretty);
    bool isPrettyJson(models::logs::LineNumber line) const { return m_prettyLines.count(line.get()) > 0; }

    /// Highlights every match on screen; findNext()/findPrevious() move between matching
    /// lines (among the shown ones), wrapping around at the ends.
    Status setSearch(const models::logs::MatchPattern &pattern);
    void clearSearch();
    bool findNext();
    bool findPrevious();
    std::optional<models::logs::LineNumber> currentMatch() const { return m_currentMatch; }
    /// The compiled search (nullopt when there is none), for a search that runs elsewhere.
    const std::optional<engine::logs::LineMatcher> &searchMatcher() const { return m_search; }
    /// Where the next search in that direction starts: after (before) the current match, else
    /// at the top of the viewport. Past the first line when a backward search must wrap at once.
    models::logs::LineNumber searchStart(bool forward) const;
    /// Makes @p line the current match (scrolled to, highlighted) as findNext() would.
    void setCurrentMatch(models::logs::LineNumber line);
    /// With delegated find, the find keys (F3, Shift+F3) emit findRequested() instead of
    /// searching on the view's thread: the owner runs the search as a job (LogSearchJob).
    void setDelegatesFind(bool delegate) { m_delegateFind = delegate; }

    bool hasSelection() const { return m_anchor.has_value(); }
    /// The selected text as shown (with prefixes and timestamps when they are shown).
    QString selectedText() const;
    void copySelection() const;
    void selectAll();
    void clearSelection();

    /// Writes the lines to @p path (atomically), as shown: with prefixes and timestamps when
    /// the view shows them.
    Status save(const QString &path, SaveScope scope) const;

    // Geometry, for tests and for the area.
    qint64 rowCount() const;
    qint64 topRow() const;
    std::optional<models::logs::LineNumber> lineAtRow(qint64 row) const;
    std::optional<models::logs::LineNumber> lineAt(const QPoint &viewportPosition) const;
    /// The lines painted (or that would be painted) in the viewport, top to bottom.
    QList<models::logs::LineNumber> visibleLines() const;
    void scrollToLine(models::logs::LineNumber line);
    void scrollToBottom();
    /// Lines whose layout is kept (a few screens' worth: those around the viewport).
    int cachedLayoutCount() const { return int(m_layouts.size()); }
    bool isLaidOut(models::logs::LineNumber line) const { return m_layouts.count(line.get()) > 0; }

Q_SIGNALS:
    void followingChanged(bool following);
    void currentMatchChanged(models::logs::LineNumber line);
    /// findNext()/findPrevious() went around an end of the log.
    void searchWrapped();
    /// A line was double-clicked.
    void lineActivated(models::logs::LineNumber line);
    /// The context menu of @p line is about to show: add actions to @p menu (direct connection).
    void lineContextMenu(QMenu *menu, models::logs::LineNumber line);
    /// A find key was pressed while find is delegated (setDelegatesFind()).
    void findRequested(bool forward);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct RowLayout {
        models::logs::LineNumber line;
        RenderedLine rendered;
        std::shared_ptr<QTextLayout> layout;
        int height = 0;
    };
    struct Position {
        models::logs::LineNumber line;
        int column = 0;
        bool operator<(const Position &o) const { return line < o.line || (line == o.line && column < o.column); }
    };

    void applyUpdate();
    void evictLayouts();
    void layoutVisibleRows();
    void updateScrollBars();
    void setTopRow(qint64 row);
    qint64 rowOf(models::logs::LineNumber line) const;
    qint64 bottomTopRow() const;
    const RowLayout &layoutFor(models::logs::LineNumber line) const;
    void invalidateLayouts();
    int textWidth() const;
    int lineHeight() const;
    std::optional<Position> hitTest(const QPoint &viewportPosition) const;
    bool find(bool forward);
    QString plainTextOf(models::logs::LineNumber line) const;

    models::logs::LogStore *m_store = nullptr;
    std::shared_ptr<const models::logs::FilterResult> m_filter;
    LogLineRenderer m_renderer;
    LogLineRenderer::Options m_options;
    bool m_wrap = false;
    bool m_following = true;
    bool m_delegateFind = false;
    // The line at the top of the viewport: rows shift when lines are dropped or the filter
    // changes, the top line stays.
    models::logs::LineNumber m_topLine;
    int m_horizontalOffset = 0;
    int m_programmaticScroll = 0;  // > 0 while the view moves its own scroll bars
    QTimer m_updateTimer;
    std::optional<engine::logs::LineMatcher> m_search;
    std::optional<models::logs::LineNumber> m_currentMatch;
    std::set<quint64> m_prettyLines;
    std::optional<Position> m_anchor;
    Position m_cursor;
    bool m_selecting = false;
    mutable std::unordered_map<quint64, RowLayout> m_layouts;
    mutable int m_maxLineWidth = 0;
};

}  // namespace workbench::ui
