// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linetypes.h"

#include <vector>

namespace workbench::models::logs {

/// The lines of a range [evaluatedFrom, evaluatedTo) that passed a filter, in order, as a flat
/// array of line numbers. Grows by appending the result for the lines that arrived since.
class FilterResult
{
public:
    FilterResult() = default;
    /// An empty result for nothing evaluated yet, starting at @p from.
    explicit FilterResult(LineNumber from)
        : m_from(from)
        , m_to(from)
    {}
    FilterResult(LineNumber from, LineNumber to, std::vector<LineNumber> lines)
        : m_from(from)
        , m_to(to)
        , m_lines(std::move(lines))
    {}

    LineNumber evaluatedFrom() const { return m_from; }
    LineNumber evaluatedTo() const { return m_to; }
    const std::vector<LineNumber> &lines() const { return m_lines; }
    qsizetype size() const { return qsizetype(m_lines.size()); }
    bool isEmpty() const { return m_lines.empty(); }
    LineNumber at(qsizetype index) const { return m_lines[std::size_t(index)]; }
    /// Index of the first matching line >= @p line (size() when none).
    qsizetype lowerBound(LineNumber line) const;
    bool contains(LineNumber line) const;

    /// Lines in the evaluated range that could not be read (spill file errors).
    quint64 unreadableLines() const { return m_unreadable; }
    void addUnreadable(quint64 lines) { m_unreadable += lines; }

    /// Appends the result for the range that follows; requires later.evaluatedFrom() ==
    /// evaluatedTo(). Returns false (and changes nothing) otherwise.
    bool append(const FilterResult &later);
    /// Forgets matches before @p first (the store dropped those lines).
    void dropBefore(LineNumber first);

    bool operator==(const FilterResult &) const = default;

private:
    LineNumber m_from;
    LineNumber m_to;
    std::vector<LineNumber> m_lines;
    quint64 m_unreadable = 0;
};

}  // namespace workbench::models::logs
