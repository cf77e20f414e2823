// SPDX-License-Identifier: Apache-2.0
#include "logs/logview.h"

#include "logs/jsonlogformatter.h"
#include "logs/logexporter.h"
#include "logs/logsearch.h"
#include "logs/logstore.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QTextLayout>

#include <algorithm>
#include <climits>
#include <limits>

namespace workbench::ui {

using namespace models::logs;
using engine::logs::LineMatcher;
using engine::logs::LogSearch;
using engine::logs::SearchDirection;

namespace {

constexpr int kMargin = 4;
constexpr int kNoWrapWidth = 1 << 20;

// RAII for "the view moves its scroll bars itself" (not the user).
struct ProgrammaticScroll {
    explicit ProgrammaticScroll(int &counter)
        : m_counter(counter)
    {
        ++m_counter;
    }
    ~ProgrammaticScroll() { --m_counter; }
    int &m_counter;
};

}  // namespace

LogView::LogView(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_renderer(LogViewPalette::forApplication())
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(50);
    connect(&m_updateTimer, &QTimer::timeout, this, &LogView::applyUpdate);
    verticalScrollBar()->setSingleStep(1);
}

LogView::~LogView() = default;

void LogView::setStore(LogStore *store)
{
    m_store = store;
    m_filter.reset();
    m_currentMatch.reset();
    m_prettyLines.clear();
    clearSelection();
    m_topLine = store ? store->firstLine() : LineNumber();
    invalidateLayouts();
    applyUpdate();
}

void LogView::linesAppended()
{
    if (!m_updateTimer.isActive())
        m_updateTimer.start();
}

void LogView::refreshNow()
{
    m_updateTimer.stop();
    applyUpdate();
}

void LogView::applyUpdate()
{
    evictLayouts();
    updateScrollBars();
    if (m_following)
        setTopRow(bottomTopRow());
    layoutVisibleRows();
    viewport()->update();
}

void LogView::evictLayouts()
{
    // Lines the store dropped or cleared may still be in the layout cache; so may lines far from
    // the viewport (when following, every tick scrolls a screen's worth of new lines in). They go
    // a screen at a time here, on the update tick, rather than all together when the cache is full
    // (layoutFor()), which would make one paint take several times as long as the others.
    if (!m_store || m_layouts.empty())
        return;
    const LineNumber first = m_store->firstLine();
    LineNumber from = first;
    LineNumber to(std::numeric_limits<quint64>::max());
    const qint64 rows = std::max(1, viewport()->height() / lineHeight());
    const qint64 count = rowCount();
    if (m_layouts.size() > std::size_t(4 * rows + 64) && count > 0) {
        const qint64 top = topRow();
        from = std::max(first, lineAtRow(std::max<qint64>(0, top - rows)).value_or(first));
        to = lineAtRow(std::min(count - 1, top + 2 * rows)).value_or(to);
    }
    for (auto it = m_layouts.begin(); it != m_layouts.end();)
        it = it->first < from.get() || it->first > to.get() ? m_layouts.erase(it) : std::next(it);
}

void LogView::layoutVisibleRows()
{
    // The lines the next paint shows are laid out here, on the update tick, so that the paint
    // only draws: two shorter pieces of work on the UI thread instead of one longer one. Not
    // while hidden (nothing is painted then).
    if (!m_store || !viewport()->isVisible())
        return;
    const qint64 count = rowCount();
    int y = 0;
    for (qint64 row = topRow(); row < count && y < viewport()->height(); ++row)
        y += layoutFor(*lineAtRow(row)).height;
}

qint64 LogView::rowCount() const
{
    if (!m_store)
        return 0;
    if (m_filter)
        return m_filter->size();
    return qint64(m_store->lineCount().get());
}

std::optional<LineNumber> LogView::lineAtRow(qint64 row) const
{
    if (!m_store || row < 0 || row >= rowCount())
        return std::nullopt;
    if (m_filter)
        return m_filter->at(row);
    return m_store->firstLine() + LineCount(quint64(row));
}

qint64 LogView::rowOf(LineNumber line) const
{
    const qint64 count = rowCount();
    if (count == 0)
        return 0;
    qint64 row = 0;
    if (m_filter)
        row = m_filter->lowerBound(line);
    else
        row = line < m_store->firstLine() ? 0 : qint64((line - m_store->firstLine()).get());
    return std::clamp<qint64>(row, 0, count - 1);
}

qint64 LogView::topRow() const
{
    return rowOf(m_topLine);
}

int LogView::lineHeight() const
{
    return QFontMetrics(font()).lineSpacing();
}

int LogView::textWidth() const
{
    return std::max(50, viewport()->width() - 2 * kMargin);
}

void LogView::invalidateLayouts()
{
    m_layouts.clear();
    m_maxLineWidth = 0;
}

const LogView::RowLayout &LogView::layoutFor(LineNumber line) const
{
    if (const auto it = m_layouts.find(line.get()); it != m_layouts.end())
        return it->second;
    RowLayout rl;
    rl.line = line;
    if (const auto l = m_store ? m_store->line(line) : std::nullopt) {
        const LogSource *source =
            m_store->sources().contains(l->source) ? &m_store->sources().source(l->source) : nullptr;
        LogLineRenderer::Options o = m_options;
        o.prettyJson = isPrettyJson(line);
        rl.rendered = m_renderer.render(*l, source, o, m_search ? &*m_search : nullptr, m_currentMatch == line);
    } else {
        rl.rendered.text = tr("(line %1 is no longer available)").arg(line.get());
    }
    rl.layout = std::make_shared<QTextLayout>(rl.rendered.text, font());
    QTextOption option;
    option.setWrapMode(m_wrap ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::NoWrap);
    option.setTabStopDistance(QFontMetricsF(font()).horizontalAdvance(QLatin1Char(' ')) * 8);
    rl.layout->setTextOption(option);
    rl.layout->setFormats(rl.rendered.formats);
    rl.layout->setCacheEnabled(true);
    rl.layout->beginLayout();
    qreal y = 0;
    const int width = m_wrap ? textWidth() : kNoWrapWidth;
    for (QTextLine tl = rl.layout->createLine(); tl.isValid(); tl = rl.layout->createLine()) {
        tl.setLineWidth(width);
        tl.setPosition(QPointF(0, y));
        y += tl.height();
    }
    rl.layout->endLayout();
    rl.height = std::max(lineHeight(), int(std::ceil(y)));
    if (!m_wrap)
        m_maxLineWidth = std::max(m_maxLineWidth, int(std::ceil(rl.layout->maximumWidth())));
    // A bound whatever happens; evictLayouts() keeps the cache to a few screens' worth.
    if (m_layouts.size() > 2000)
        m_layouts.clear();
    return m_layouts.emplace(line.get(), std::move(rl)).first->second;
}

qint64 LogView::bottomTopRow() const
{
    const qint64 count = rowCount();
    if (count == 0)
        return 0;
    const int height = viewport()->height();
    if (!m_wrap && m_prettyLines.empty())
        return std::max<qint64>(0, count - std::max(1, height / lineHeight()));
    int used = 0;
    qint64 row = count;
    while (row > 0) {
        const int h = layoutFor(*lineAtRow(row - 1)).height;
        if (used + h > height && row < count)
            break;
        used += h;
        --row;
    }
    return row;
}

void LogView::updateScrollBars()
{
    ProgrammaticScroll guard(m_programmaticScroll);
    const qint64 maxTop = bottomTopRow();
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, int(std::min<qint64>(maxTop, INT_MAX)));
    v->setPageStep(std::max(1, viewport()->height() / lineHeight()));
    v->setValue(int(std::min<qint64>(topRow(), INT_MAX)));
    QScrollBar *h = horizontalScrollBar();
    if (m_wrap) {
        h->setRange(0, 0);
        m_horizontalOffset = 0;
    } else {
        h->setRange(0, std::max(0, m_maxLineWidth + 2 * kMargin - viewport()->width()));
        h->setPageStep(viewport()->width());
        h->setSingleStep(QFontMetrics(font()).horizontalAdvance(QLatin1Char('x')) * 4);
    }
}

void LogView::setTopRow(qint64 row)
{
    const qint64 count = rowCount();
    row = std::clamp<qint64>(row, 0, std::max<qint64>(0, bottomTopRow()));
    if (count > 0)
        m_topLine = *lineAtRow(row);
    ProgrammaticScroll guard(m_programmaticScroll);
    verticalScrollBar()->setValue(int(std::min<qint64>(row, INT_MAX)));
    viewport()->update();
}

void LogView::setFollowing(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    if (following)
        setTopRow(bottomTopRow());
    Q_EMIT followingChanged(following);
}

void LogView::scrollToBottom()
{
    setTopRow(bottomTopRow());
    setFollowing(true);
}

void LogView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dx);
    Q_UNUSED(dy);
    m_horizontalOffset = horizontalScrollBar()->value();
    if (m_programmaticScroll == 0 && rowCount() > 0) {
        // The user moved: the top line follows the scroll bar; at the bottom follow resumes,
        // anywhere else it stops.
        const qint64 row = verticalScrollBar()->value();
        m_topLine = *lineAtRow(std::min<qint64>(row, rowCount() - 1));
        setFollowing(row >= bottomTopRow());
        evictLayouts();
    }
    viewport()->update();
}

void LogView::setFilterResult(std::shared_ptr<const FilterResult> result)
{
    m_filter = std::move(result);
    invalidateLayouts();
    applyUpdate();
}

void LogView::setWrapLines(bool wrap)
{
    if (m_wrap == wrap)
        return;
    m_wrap = wrap;
    invalidateLayouts();
    applyUpdate();
}

void LogView::setShowTimestamps(bool show)
{
    if (m_options.timestamps == show)
        return;
    m_options.timestamps = show;
    invalidateLayouts();
    applyUpdate();
}

void LogView::setShowPrefixes(bool show)
{
    if (m_options.prefixes == show)
        return;
    m_options.prefixes = show;
    invalidateLayouts();
    applyUpdate();
}

void LogView::setPrettyJson(LineNumber line, bool pretty)
{
    if (pretty)
        m_prettyLines.insert(line.get());
    else
        m_prettyLines.erase(line.get());
    m_layouts.erase(line.get());
    applyUpdate();
}

Status LogView::setSearch(const MatchPattern &pattern)
{
    auto matcher = LineMatcher::compile(pattern);
    if (!matcher)
        return matcher.error();
    m_search = std::move(matcher).value();
    if (m_search->isEmpty())
        m_search.reset();
    m_currentMatch.reset();
    invalidateLayouts();
    viewport()->update();
    return Ok{};
}

void LogView::clearSearch()
{
    m_search.reset();
    m_currentMatch.reset();
    invalidateLayouts();
    viewport()->update();
}

bool LogView::findNext()
{
    return find(true);
}

bool LogView::findPrevious()
{
    return find(false);
}

LineNumber LogView::searchStart(bool forward) const
{
    const LineNumber first = m_store ? m_store->firstLine() : LineNumber();
    const LineNumber end = m_store ? m_store->endLine() : LineNumber();
    if (m_currentMatch) {
        if (forward)
            return *m_currentMatch + LineCount(1);
        if (*m_currentMatch == first)
            return end;  // wrap at once
        return *m_currentMatch - LineCount(1);
    }
    if (forward)
        return m_topLine;
    if (rowCount() == 0)
        return end;
    return lineAtRow(std::min(rowCount() - 1, topRow() + 1)).value_or(end);
}

void LogView::setCurrentMatch(LineNumber line)
{
    const std::optional<LineNumber> previous = m_currentMatch;
    m_currentMatch = line;
    if (previous)
        m_layouts.erase(previous->get());
    m_layouts.erase(line.get());
    scrollToLine(line);
    Q_EMIT currentMatchChanged(line);
}

bool LogView::find(bool forward)
{
    if (!m_search || !m_store || rowCount() == 0)
        return false;
    const LogSnapshot snapshot = m_store->snapshot();
    const SearchDirection direction = forward ? SearchDirection::Forward : SearchDirection::Backward;
    auto hit = LogSearch::find(snapshot, *m_search, searchStart(forward), direction, m_filter.get());
    if (!hit) {
        hit = LogSearch::find(snapshot, *m_search, forward ? snapshot.firstLine() : snapshot.endLine(), direction,
                              m_filter.get());
        if (hit)
            Q_EMIT searchWrapped();
    }
    if (!hit)
        return false;
    setCurrentMatch(*hit);
    return true;
}

void LogView::scrollToLine(LineNumber line)
{
    const qint64 row = rowOf(line);
    const int visible = std::max(1, viewport()->height() / lineHeight());
    const qint64 top = topRow();
    if (row < top || row >= top + visible - 1)
        setTopRow(row - visible / 2);
    if (m_following && topRow() < bottomTopRow())
        setFollowing(false);
    viewport()->update();
}

QList<LineNumber> LogView::visibleLines() const
{
    QList<LineNumber> out;
    int y = 0;
    const qint64 count = rowCount();
    for (qint64 row = topRow(); row < count && y < viewport()->height(); ++row) {
        const LineNumber line = *lineAtRow(row);
        out.append(line);
        y += layoutFor(line).height;
    }
    return out;
}

void LogView::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter p(viewport());
    const QPalette pal = palette();
    p.fillRect(viewport()->rect(), pal.base());
    p.setPen(pal.text().color());
    const qint64 count = rowCount();
    std::optional<Position> from;
    Position to;
    if (m_anchor) {
        from = std::min(*m_anchor, m_cursor);
        to = std::max(*m_anchor, m_cursor);
    }
    int y = 0;
    for (qint64 row = topRow(); row < count && y < viewport()->height(); ++row) {
        const LineNumber line = *lineAtRow(row);
        const RowLayout &rl = layoutFor(line);
        const QRect band(0, y, viewport()->width(), rl.height);
        if (rl.rendered.background.isValid())
            p.fillRect(band, rl.rendered.background);
        if (m_currentMatch == line) {
            p.save();
            p.setPen(QPen(m_renderer.palette().currentMatchBackground(), 1));
            p.drawRect(band.adjusted(0, 0, -1, -1));
            p.restore();
        }
        QVector<QTextLayout::FormatRange> selections;
        if (from && from->line <= line && line <= to.line) {
            const int start = from->line == line ? from->column : 0;
            const int end = to.line == line ? to.column : int(rl.rendered.text.size());
            if (end > start) {
                QTextCharFormat f;
                f.setBackground(pal.highlight());
                f.setForeground(pal.highlightedText());
                selections.append(QTextLayout::FormatRange{start, end - start, f});
            }
        }
        rl.layout->draw(&p, QPointF(kMargin - (m_wrap ? 0 : m_horizontalOffset), y), selections);
        y += rl.height;
    }
    if (count == 0) {
        p.setPen(pal.color(QPalette::Disabled, QPalette::Text));
        p.drawText(viewport()->rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignTop | Qt::AlignLeft,
                   m_filter ? tr("No line matches the filter.") : tr("No log lines yet."));
    }
    // Long lines seen while painting widen the horizontal range.
    if (!m_wrap && horizontalScrollBar()->maximum() < m_maxLineWidth + 2 * kMargin - viewport()->width()) {
        ProgrammaticScroll guard(m_programmaticScroll);
        horizontalScrollBar()->setRange(0, std::max(0, m_maxLineWidth + 2 * kMargin - viewport()->width()));
    }
}

void LogView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_wrap)
        invalidateLayouts();
    applyUpdate();
}

void LogView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        m_renderer.setPalette(LogViewPalette::forApplication());
        invalidateLayouts();
        applyUpdate();
    }
    QAbstractScrollArea::changeEvent(event);
}

std::optional<LogView::Position> LogView::hitTest(const QPoint &pos) const
{
    const qint64 count = rowCount();
    int y = 0;
    for (qint64 row = topRow(); row < count; ++row) {
        const LineNumber line = *lineAtRow(row);
        const RowLayout &rl = layoutFor(line);
        if (pos.y() < y + rl.height || row == count - 1 || y + rl.height >= viewport()->height()) {
            const qreal localY = std::clamp<qreal>(pos.y() - y, 0, rl.height - 1);
            const qreal localX = pos.x() - kMargin + (m_wrap ? 0 : m_horizontalOffset);
            int column = int(rl.rendered.text.size());
            for (int i = 0; i < rl.layout->lineCount(); ++i) {
                const QTextLine tl = rl.layout->lineAt(i);
                if (localY < tl.y() + tl.height() || i == rl.layout->lineCount() - 1) {
                    column = tl.xToCursor(localX);
                    break;
                }
            }
            return Position{line, column};
        }
        y += rl.height;
    }
    return std::nullopt;
}

std::optional<LineNumber> LogView::lineAt(const QPoint &viewportPosition) const
{
    if (const auto p = hitTest(viewportPosition))
        return p->line;
    return std::nullopt;
}

void LogView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const auto pos = hitTest(event->position().toPoint());
    if (!pos)
        return;
    if (!(event->modifiers() & Qt::ShiftModifier) || !m_anchor)
        m_anchor = *pos;
    m_cursor = *pos;
    m_selecting = true;
    viewport()->update();
}

void LogView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_selecting)
        return;
    const QPoint p = event->position().toPoint();
    // Dragging beyond the edges scrolls (and so stops following when going up).
    if (p.y() < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (p.y() > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    if (const auto pos = hitTest(QPoint(p.x(), std::clamp(p.y(), 0, viewport()->height() - 1))))
        m_cursor = *pos;
    viewport()->update();
}

void LogView::mouseReleaseEvent(QMouseEvent *event)
{
    Q_UNUSED(event);
    m_selecting = false;
    if (m_anchor && !(*m_anchor < m_cursor) && !(m_cursor < *m_anchor))
        m_anchor.reset();  // a click, not a selection
    viewport()->update();
}

void LogView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const auto line = lineAt(event->position().toPoint());
    if (!line)
        return;
    if (const auto l = m_store->line(*line); l && JsonLogFormatter::looksLikeJson(l->text))
        setPrettyJson(*line, !isPrettyJson(*line));
    Q_EMIT lineActivated(*line);
}

void LogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return;
    }
    if (event->matches(QKeySequence::FindNext)) {
        if (m_delegateFind)
            Q_EMIT findRequested(true);
        else
            findNext();
        return;
    }
    if (event->matches(QKeySequence::FindPrevious)) {
        if (m_delegateFind)
            Q_EMIT findRequested(false);
        else
            findPrevious();
        return;
    }
    QScrollBar *v = verticalScrollBar();
    switch (event->key()) {
    case Qt::Key_Up:
        v->triggerAction(QAbstractSlider::SliderSingleStepSub);
        return;
    case Qt::Key_Down:
        v->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        return;
    case Qt::Key_PageUp:
        v->triggerAction(QAbstractSlider::SliderPageStepSub);
        return;
    case Qt::Key_PageDown:
        v->triggerAction(QAbstractSlider::SliderPageStepAdd);
        return;
    case Qt::Key_Home:
        v->triggerAction(QAbstractSlider::SliderToMinimum);
        return;
    case Qt::Key_End:
        scrollToBottom();
        return;
    case Qt::Key_Escape:
        clearSelection();
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void LogView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("&Copy"), this, &LogView::copySelection);
    copy->setEnabled(hasSelection());
    menu.addAction(tr("Select &All"), this, &LogView::selectAll);
    menu.addSeparator();
    QAction *follow = menu.addAction(tr("&Follow"), this, &LogView::setFollowing);
    follow->setCheckable(true);
    follow->setChecked(m_following);
    QAction *wrap = menu.addAction(tr("&Wrap Lines"), this, &LogView::setWrapLines);
    wrap->setCheckable(true);
    wrap->setChecked(m_wrap);
    QAction *stamps = menu.addAction(tr("Show &Timestamps"), this, &LogView::setShowTimestamps);
    stamps->setCheckable(true);
    stamps->setChecked(m_options.timestamps);
    QAction *prefixes = menu.addAction(tr("Show &Pod and Container"), this, &LogView::setShowPrefixes);
    prefixes->setCheckable(true);
    prefixes->setChecked(m_options.prefixes);
    if (const auto line = lineAt(viewport()->mapFrom(this, event->pos()))) {
        if (const auto l = m_store->line(*line); l && JsonLogFormatter::looksLikeJson(l->text)) {
            menu.addSeparator();
            QAction *json =
                menu.addAction(tr("Format &JSON"), this, [this, n = *line](bool on) { setPrettyJson(n, on); });
            json->setCheckable(true);
            json->setChecked(isPrettyJson(*line));
        }
        Q_EMIT lineContextMenu(&menu, *line);
    }
    menu.exec(event->globalPos());
}

QString LogView::plainTextOf(LineNumber line) const
{
    QString text = layoutFor(line).rendered.text;
    text.replace(QChar(QChar::LineSeparator), QLatin1Char('\n'));
    return text;
}

QString LogView::selectedText() const
{
    if (!m_anchor || !m_store)
        return {};
    const Position from = std::min(*m_anchor, m_cursor);
    const Position to = std::max(*m_anchor, m_cursor);
    QStringList parts;
    auto take = [&](LineNumber line) {
        const auto l = m_store->line(line);
        if (!l)
            return;
        const LogSource *source =
            m_store->sources().contains(l->source) ? &m_store->sources().source(l->source) : nullptr;
        LogLineRenderer::Options o = m_options;
        o.prettyJson = isPrettyJson(line);
        QString text = m_renderer.render(*l, source, o, nullptr, false).text;
        const int start = line == from.line ? std::min<int>(from.column, int(text.size())) : 0;
        const int end = line == to.line ? std::min<int>(to.column, int(text.size())) : int(text.size());
        text = text.mid(start, std::max(0, end - start));
        text.replace(QChar(QChar::LineSeparator), QLatin1Char('\n'));
        parts.append(text);
    };
    if (m_filter) {
        for (qsizetype i = m_filter->lowerBound(from.line); i < m_filter->size() && m_filter->at(i) <= to.line; ++i)
            take(m_filter->at(i));
    } else {
        for (LineNumber n = std::max(from.line, m_store->firstLine()); n <= to.line && n < m_store->endLine(); ++n)
            take(n);
    }
    return parts.join(QLatin1Char('\n'));
}

void LogView::copySelection() const
{
    if (hasSelection())
        QGuiApplication::clipboard()->setText(selectedText());
}

void LogView::selectAll()
{
    const qint64 count = rowCount();
    if (count == 0)
        return;
    m_anchor = Position{*lineAtRow(0), 0};
    m_cursor = Position{*lineAtRow(count - 1), INT_MAX};
    viewport()->update();
}

void LogView::clearSelection()
{
    m_anchor.reset();
    m_selecting = false;
    viewport()->update();
}

Status LogView::save(const QString &path, SaveScope scope) const
{
    if (!m_store)
        return makeError(QStringLiteral("logs.write"), tr("There are no log lines to save."));
    LogExporter::Options o;
    o.prefixes = m_options.prefixes;
    o.timestamps = m_options.timestamps;
    const LogExporter exporter(m_store->sources(), o);
    return exporter.writeFile(path, m_store->snapshot(),
                              scope == SaveScope::ShownLines && m_filter ? m_filter.get() : nullptr);
}

}  // namespace workbench::ui
