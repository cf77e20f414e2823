// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sourceref.h"

#include <QList>
#include <QString>

#include <algorithm>

namespace workbench::models::policy {

/// Generated text plus, for each of its lines, the manifest position that produced it
/// (invalid for structural lines such as `services:`). lineCount() equals the number of lines of
/// `text` (which always ends with a newline when not empty).
///
/// The positions are kept as runs (a line and the lines after it that come from the same
/// place): a chart template's hundred lines all come from one mesh line, and a render of
/// thousands of services keeps tens of thousands of these texts.
struct RenderedText {
    QString text;

    /// Appends the source of the next line.
    void appendLineSource(const SourceRef &source)
    {
        if (m_runs.isEmpty() || !(m_runs.constLast().source == source))
            m_runs.append({m_lines + 1, source});
        ++m_lines;
    }
    /// Appends @p count lines that all come from @p source.
    void appendLineSources(const SourceRef &source, int count)
    {
        if (count <= 0)
            return;
        appendLineSource(source);
        m_lines += count - 1;
    }
    int lineCount() const { return m_lines; }
    void squeeze() { m_runs.squeeze(); }

    /// Source of 1-based @p line; an invalid SourceRef when out of range or unknown.
    SourceRef sourceOfLine(int line) const
    {
        if (line < 1 || line > m_lines)
            return {};
        const auto after =
            std::upper_bound(m_runs.cbegin(), m_runs.cend(), line, [](int l, const Run &r) { return l < r.firstLine; });
        return after == m_runs.cbegin() ? SourceRef{} : std::prev(after)->source;
    }
    /// First 1-based line produced by @p source's file and line, 0 if none.
    int lineOfSource(const QString &file, int line) const
    {
        for (const Run &r : m_runs)
            if (r.source.file == file && r.source.line == line)
                return r.firstLine;
        return 0;
    }

private:
    struct Run {
        int firstLine = 0;  ///< 1-based
        SourceRef source;
    };
    QList<Run> m_runs;  ///< by firstLine
    int m_lines = 0;
};

}  // namespace workbench::models::policy
