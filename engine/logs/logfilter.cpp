// SPDX-License-Identifier: Apache-2.0
#include "logs/logfilter.h"

#include <algorithm>

namespace workbench::engine::logs {

using models::logs::ChunkRef;
using models::logs::LineCount;
using models::logs::LineKind;
using models::logs::LogLevel;
using models::logs::SconeEventKind;

Result<LogFilter> LogFilter::compile(const LogFilterSpec &spec)
{
    LogFilter f;
    f.m_spec = spec;
    auto include = LineMatcher::compile(spec.include);
    if (!include)
        return include.error();
    auto exclude = LineMatcher::compile(spec.exclude);
    if (!exclude)
        return exclude.error();
    f.m_include = std::move(include).value();
    f.m_exclude = std::move(exclude).value();
    f.m_allSources = spec.sources.empty();
    for (SourceId id : spec.sources) {
        if (id.get() >= f.m_shown.size())
            f.m_shown.resize(std::size_t(id.get()) + 1, false);
        f.m_shown[id.get()] = true;
    }
    return f;
}

bool LogFilter::attributesPass(SourceId source, LineAttributes attributes) const
{
    if (!sourceShown(source))
        return false;
    if (attributes.kind != LineKind::Text)
        return true;
    if (attributes.level != LogLevel::None && attributes.level < m_spec.minimumLevel)
        return false;
    if (m_spec.sconeEventsOnly && attributes.scone == SconeEventKind::None)
        return false;
    return true;
}

bool LogFilter::accepts(const LineChunk &chunk, quint32 index) const
{
    const LineAttributes a = chunk.attributes(index);
    if (!attributesPass(chunk.source(index), a))
        return false;
    if (a.kind != LineKind::Text)
        return true;
    const QByteArrayView text = chunk.text(index);
    if (!m_include.isEmpty() && !m_include.matches(text))
        return false;
    return m_exclude.isEmpty() || !m_exclude.matches(text);
}

void LogFilter::evaluateChunk(const LoadedChunk &loaded, LineNumber from, LineNumber to,
                              std::vector<LineNumber> &out) const
{
    if (!loaded.chunk)
        return;
    const LineChunk &chunk = *loaded.chunk;
    const LineNumber first = loaded.firstLine;
    const LineNumber lo = std::max(from, first);
    const LineNumber hi = std::min(to, loaded.endLine());
    if (lo >= hi)
        return;
    const auto begin = quint32((lo - first).get());
    const auto end = quint32((hi - first).get());

    if (m_include.isEmpty() || !m_include.scansBuffers()) {
        for (quint32 i = begin; i < end; ++i)
            if (accepts(chunk, i))
                out.push_back(first + LineCount(i));
        return;
    }

    // grep-like: search the chunk's bytes for the next match, take the line it starts in,
    // resume at the next line. Marker lines in between pass on their own.
    const char *bytes = chunk.bytes();
    const quint32 *ends = chunk.ends();
    const auto limit = qsizetype(ends[end - 1]);
    auto emitMarkers = [&](quint32 fromIndex, quint32 toIndex) {
        for (quint32 i = fromIndex; i < toIndex; ++i) {
            const LineAttributes a = chunk.attributes(i);
            if (a.kind != LineKind::Text && sourceShown(chunk.source(i)))
                out.push_back(first + LineCount(i));
        }
    };
    quint32 next = begin;  // first line not yet decided
    while (next < end) {
        const auto [matchStart, matchEnd] = m_include.find(bytes, limit, qsizetype(chunk.lineStart(next)));
        if (matchStart < 0)
            break;
        // The line the match starts in: the first whose end lies beyond the match start.
        const auto line = quint32(std::upper_bound(ends + next, ends + end, quint32(matchStart)) - ends);
        if (line >= end)
            break;
        emitMarkers(next, line);
        const LineAttributes a = chunk.attributes(line);
        bool pass = a.kind != LineKind::Text ? sourceShown(chunk.source(line)) : attributesPass(chunk.source(line), a);
        if (pass && a.kind == LineKind::Text) {
            const QByteArrayView text = chunk.text(line);
            // A match that runs past the line's end may not be a match of the line alone.
            if (matchEnd > qsizetype(chunk.lineEnd(line)) && !m_include.matches(text))
                pass = false;
            else if (!m_exclude.isEmpty() && m_exclude.matches(text))
                pass = false;
        }
        if (pass)
            out.push_back(first + LineCount(line));
        next = line + 1;
    }
    emitMarkers(next, end);
}

FilterResult LogFilter::evaluate(const LogSnapshot &snapshot, LineNumber from, LineNumber to,
                                 const std::atomic<bool> *cancel) const
{
    from = std::clamp(from, snapshot.firstLine(), snapshot.endLine());
    to = std::clamp(to, from, snapshot.endLine());
    std::vector<LineNumber> lines;
    quint64 unreadable = 0;
    LineNumber reached = from;
    for (int c = from < to ? snapshot.chunkIndexOf(from) : snapshot.chunkCount(); c >= 0 && c < snapshot.chunkCount();
         ++c) {
        const ChunkRef &ref = snapshot.chunkRef(c);
        if (ref.firstLine >= to)
            break;
        if (cancel && cancel->load(std::memory_order_relaxed))
            break;
        const LineNumber chunkEnd = std::min(to, ref.endLine());
        auto loaded = snapshot.loadChunk(c);
        if (loaded)
            evaluateChunk(loaded.value(), from, to, lines);
        if (!loaded || !loaded->chunk)
            unreadable += (chunkEnd - std::max(from, ref.firstLine)).get();
        reached = chunkEnd;
    }
    if (!(cancel && cancel->load(std::memory_order_relaxed)))
        reached = to;
    FilterResult result(from, reached, std::move(lines));
    result.addUnreadable(unreadable);
    return result;
}

FilterResult LogFilter::evaluate(const LogSnapshot &snapshot, LineNumber from, LineNumber to,
                                 const ParallelFor &parallelFor, const std::atomic<bool> *cancel) const
{
    from = std::clamp(from, snapshot.firstLine(), snapshot.endLine());
    to = std::clamp(to, from, snapshot.endLine());
    if (from >= to)
        return FilterResult(from);
    const int firstChunk = snapshot.chunkIndexOf(from);
    const int lastChunk = snapshot.chunkIndexOf(to - LineCount(1));
    const int count = lastChunk - firstChunk + 1;

    struct Part {
        std::vector<LineNumber> lines;
        quint64 unreadable = 0;
        bool done = false;
    };
    std::vector<Part> parts(static_cast<std::size_t>(count));
    parallelFor(count, [&](int task) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return;
        const int c = firstChunk + task;
        const ChunkRef &ref = snapshot.chunkRef(c);
        Part &part = parts[std::size_t(task)];
        auto loaded = snapshot.loadChunk(c);
        if (loaded)
            evaluateChunk(loaded.value(), from, to, part.lines);
        if (!loaded || !loaded->chunk)
            part.unreadable = (std::min(to, ref.endLine()) - std::max(from, ref.firstLine)).get();
        part.done = true;
    });

    // Concatenate the contiguous run of finished parts.
    FilterResult result(from);
    std::size_t total = 0;
    for (const Part &p : parts)
        total += p.lines.size();
    std::vector<LineNumber> lines;
    lines.reserve(total);
    LineNumber reached = from;
    quint64 unreadable = 0;
    for (int task = 0; task < count; ++task) {
        Part &p = parts[std::size_t(task)];
        if (!p.done)
            break;
        lines.insert(lines.end(), p.lines.begin(), p.lines.end());
        unreadable += p.unreadable;
        reached = std::min(to, snapshot.chunkRef(firstChunk + task).endLine());
    }
    result = FilterResult(from, reached, std::move(lines));
    result.addUnreadable(unreadable);
    return result;
}

}  // namespace workbench::engine::logs
