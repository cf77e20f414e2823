// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/filterresult.h"
#include "logs/linematcher.h"
#include "logs/logsnapshot.h"

#include <atomic>
#include <optional>

namespace workbench::engine::logs {

using models::logs::FilterResult;
using models::logs::LineNumber;
using models::logs::LoadedChunk;
using models::logs::LogSnapshot;

enum class SearchDirection { Forward, Backward };

/// Search next / previous: pure functions over a snapshot, like the filter.
class LogSearch
{
public:
    /// Forward: the first line >= @p from whose text matches; backward: the last line <= @p from.
    /// With @p within, only lines of that filter result count. nullopt when there is none (or
    /// on cancel).
    static std::optional<LineNumber> find(const LogSnapshot &snapshot, const LineMatcher &matcher, LineNumber from,
                                          SearchDirection direction, const FilterResult *within = nullptr,
                                          const std::atomic<bool> *cancel = nullptr);

private:
    static std::optional<LineNumber> findInChunk(const LoadedChunk &chunk, const LineMatcher &matcher, quint32 begin,
                                                 quint32 end, SearchDirection direction);
    static std::optional<LineNumber> findWithin(const LogSnapshot &snapshot, const LineMatcher &matcher,
                                                LineNumber from, SearchDirection direction, const FilterResult &within,
                                                const std::atomic<bool> *cancel);
};

}  // namespace workbench::engine::logs
