// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/matchpattern.h"

#include <QByteArrayView>
#include <QList>

#include <memory>
#include <utility>
#include <vector>

namespace workbench::engine::logs {

using models::logs::MatchPattern;

namespace detail {
class CompiledRegex;
}

/// A compiled set of MatchPatterns; a line matches when any pattern matches. Plain texts are
/// searched as bytes (memmem when case-sensitive), regular expressions with PCRE2's JIT on the
/// line's UTF-8 bytes (invalid UTF-8 is tolerated).
///
/// Immutable after compile(); cheap to copy; every const member may run on several threads at
/// once.
class LineMatcher
{
public:
    LineMatcher() = default;
    /// Fails with code "logs.badPattern" naming the pattern and position of a regex error.
    static Result<LineMatcher> compile(const QList<MatchPattern> &patterns);
    static Result<LineMatcher> compile(const MatchPattern &pattern) { return compile(QList<MatchPattern>{pattern}); }

    /// No pattern: matches nothing (callers treat "no include pattern" themselves).
    bool isEmpty() const { return m_kind == Kind::Empty; }

    bool matches(QByteArrayView line) const;

    /// The first match that starts in [from, size) of @p buffer (lines separated by '\n'),
    /// as [start, end); {-1, -1} when none. Only when scansBuffers().
    std::pair<qsizetype, qsizetype> find(const char *buffer, qsizetype size, qsizetype from) const;

    /// True when searching a whole buffer of lines gives the same lines as matching each line
    /// on its own (after the caller re-checks matches that cross a line end). Not for
    /// patterns with lookaround or subject anchors (\A \z \Z \G \K), which see neighbour lines.
    bool scansBuffers() const { return m_scansBuffers; }

    /// Every non-overlapping match in @p line as byte ranges [start, end), for highlighting.
    std::vector<std::pair<qsizetype, qsizetype>> findAll(QByteArrayView line) const;

private:
    enum class Kind { Empty, Literal, Regex };
    Kind m_kind = Kind::Empty;
    QByteArray m_literal;  // Kind::Literal: one case-sensitive plain text
    std::shared_ptr<const detail::CompiledRegex> m_regex;
    bool m_scansBuffers = true;
};

}  // namespace workbench::engine::logs
