// SPDX-License-Identifier: Apache-2.0
#include "logs/logsearch.h"

#include <algorithm>

namespace workbench::engine::logs {

using models::logs::ChunkRef;
using models::logs::LineChunk;
using models::logs::LineCount;

namespace {

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

}  // namespace

std::optional<LineNumber> LogSearch::findInChunk(const LoadedChunk &loaded, const LineMatcher &matcher, quint32 begin,
                                                 quint32 end, SearchDirection direction)
{
    if (!loaded.chunk || begin >= end)
        return std::nullopt;
    const LineChunk &chunk = *loaded.chunk;
    const LineNumber first = loaded.firstLine;
    if (!matcher.scansBuffers()) {
        if (direction == SearchDirection::Forward) {
            for (quint32 i = begin; i < end; ++i)
                if (matcher.matches(chunk.text(i)))
                    return first + LineCount(i);
        } else {
            for (quint32 i = end; i-- > begin;)
                if (matcher.matches(chunk.text(i)))
                    return first + LineCount(i);
        }
        return std::nullopt;
    }
    const char *bytes = chunk.bytes();
    const quint32 *ends = chunk.ends();
    const auto limit = qsizetype(ends[end - 1]);
    std::optional<LineNumber> last;
    quint32 next = begin;
    while (next < end) {
        const auto [start, stop] = matcher.find(bytes, limit, qsizetype(chunk.lineStart(next)));
        if (start < 0)
            break;
        const auto line = quint32(std::upper_bound(ends + next, ends + end, quint32(start)) - ends);
        if (line >= end)
            break;
        if (stop <= qsizetype(chunk.lineEnd(line)) || matcher.matches(chunk.text(line))) {
            if (direction == SearchDirection::Forward)
                return first + LineCount(line);
            last = first + LineCount(line);
        }
        next = line + 1;
    }
    return last;
}

std::optional<LineNumber> LogSearch::find(const LogSnapshot &snapshot, const LineMatcher &matcher, LineNumber from,
                                          SearchDirection direction, const FilterResult *within,
                                          const std::atomic<bool> *cancel)
{
    if (matcher.isEmpty() || snapshot.isEmpty())
        return std::nullopt;
    if (within)
        return findWithin(snapshot, matcher, from, direction, *within, cancel);
    if (direction == SearchDirection::Forward) {
        if (from >= snapshot.endLine())
            return std::nullopt;
        from = std::max(from, snapshot.firstLine());
        for (int c = snapshot.chunkIndexOf(from); c < snapshot.chunkCount(); ++c) {
            if (cancelled(cancel))
                return std::nullopt;
            auto loaded = snapshot.loadChunk(c);
            if (!loaded)
                continue;
            const ChunkRef &ref = snapshot.chunkRef(c);
            const quint32 begin = from > ref.firstLine ? quint32((from - ref.firstLine).get()) : 0;
            if (auto hit = findInChunk(loaded.value(), matcher, begin, loaded->count, direction))
                return hit;
        }
        return std::nullopt;
    }
    if (from < snapshot.firstLine())
        return std::nullopt;
    from = std::min(from, snapshot.endLine() - LineCount(1));
    for (int c = snapshot.chunkIndexOf(from); c >= 0; --c) {
        if (cancelled(cancel))
            return std::nullopt;
        auto loaded = snapshot.loadChunk(c);
        if (!loaded)
            continue;
        const ChunkRef &ref = snapshot.chunkRef(c);
        const auto end = quint32(std::min<quint64>(loaded->count, (from - ref.firstLine).get() + 1));
        if (auto hit = findInChunk(loaded.value(), matcher, 0, end, direction))
            return hit;
    }
    return std::nullopt;
}

std::optional<LineNumber> LogSearch::findWithin(const LogSnapshot &snapshot, const LineMatcher &matcher,
                                                LineNumber from, SearchDirection direction, const FilterResult &within,
                                                const std::atomic<bool> *cancel)
{
    LoadedChunk current;
    auto textOf = [&](LineNumber line) -> std::optional<QByteArrayView> {
        if (!current.chunk || line < current.firstLine || line >= current.endLine()) {
            const int c = snapshot.chunkIndexOf(line);
            if (c < 0)
                return std::nullopt;
            auto loaded = snapshot.loadChunk(c);
            if (!loaded || !loaded->chunk)
                return std::nullopt;
            current = std::move(loaded).value();
        }
        return current.chunk->text(quint32((line - current.firstLine).get()));
    };
    qsizetype i = within.lowerBound(from);
    if (direction == SearchDirection::Forward) {
        for (; i < within.size(); ++i) {
            if ((i & 1023) == 0 && cancelled(cancel))
                return std::nullopt;
            const LineNumber line = within.at(i);
            if (const auto text = textOf(line); text && matcher.matches(*text))
                return line;
        }
        return std::nullopt;
    }
    if (i == within.size() || within.at(i) > from)
        --i;
    for (; i >= 0; --i) {
        if ((i & 1023) == 0 && cancelled(cancel))
            return std::nullopt;
        const LineNumber line = within.at(i);
        if (const auto text = textOf(line); text && matcher.matches(*text))
            return line;
    }
    return std::nullopt;
}

}  // namespace workbench::engine::logs
