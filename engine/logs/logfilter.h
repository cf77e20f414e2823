// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/filterresult.h"
#include "logs/linematcher.h"
#include "logs/logfilterspec.h"
#include "logs/logsnapshot.h"
#include "logs/parallelfor.h"

#include <atomic>
#include <vector>

namespace workbench::engine::logs {

using models::logs::FilterResult;
using models::logs::LineAttributes;
using models::logs::LineChunk;
using models::logs::LineNumber;
using models::logs::LoadedChunk;
using models::logs::LogFilterSpec;
using models::logs::LogSnapshot;
using models::logs::ParallelFor;
using models::logs::SourceId;

/// A compiled LogFilterSpec. Evaluation is a pure function of a snapshot and a line range, so
/// the caller runs it wherever it likes (a worker thread, several at once through a
/// ParallelFor) and keeps a result up to date by evaluating only the lines that arrived since
/// (FilterResult::append): the incremental result equals a full recomputation.
///
/// Whole chunks are searched at once when the patterns allow it (grep-like: one search over
/// the chunk's bytes finds the next matching line), otherwise line by line.
///
/// Immutable after compile(); cheap to copy; thread-safe.
class LogFilter
{
public:
    LogFilter() = default;
    static Result<LogFilter> compile(const LogFilterSpec &spec);

    const LogFilterSpec &spec() const { return m_spec; }
    bool passesEverything() const { return m_spec.isEmpty(); }

    /// The line @p index of @p chunk passes.
    bool accepts(const LineChunk &chunk, quint32 index) const;

    /// The lines of [from, to) (clamped to the snapshot) that pass. When @p cancel becomes true
    /// the result ends early: evaluatedTo() tells how far it got, and appending the evaluation
    /// of the rest completes it.
    FilterResult evaluate(const LogSnapshot &snapshot, LineNumber from, LineNumber to,
                          const std::atomic<bool> *cancel = nullptr) const;
    /// The same, one task per chunk through @p parallelFor.
    FilterResult evaluate(const LogSnapshot &snapshot, LineNumber from, LineNumber to, const ParallelFor &parallelFor,
                          const std::atomic<bool> *cancel = nullptr) const;

    /// Appends to @p out the passing lines of [from, to) within one loaded chunk.
    void evaluateChunk(const LoadedChunk &chunk, LineNumber from, LineNumber to, std::vector<LineNumber> &out) const;

private:
    bool sourceShown(SourceId id) const { return m_allSources || (id.get() < m_shown.size() && m_shown[id.get()]); }
    bool attributesPass(SourceId source, LineAttributes attributes) const;

    LogFilterSpec m_spec;
    LineMatcher m_include;
    LineMatcher m_exclude;
    bool m_allSources = true;
    std::vector<bool> m_shown;
};

}  // namespace workbench::engine::logs
