// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QList>
#include <QRegularExpression>
#include <QString>

namespace workbench::models {

/// What to look for: literal text or a regular expression (PCRE, as QRegularExpression reads
/// it), case-sensitive or not. Shared by the editor's find bar and the project-wide search.
struct TextSearchOptions {
    QString pattern;
    bool regex = false;
    bool caseSensitive = false;
};

/// One match in a text. Offsets are UTF-16 indices into the searched QString (the same as
/// QTextDocument positions when the text is the document's plain text); line and column are
/// 1-based, the column counting code points (as diagnostics do).
struct TextMatch {
    int start = 0;
    int length = 0;
    int line = 0;
    int column = 0;
    QString lineText;  ///< the whole line the match starts on, without its line break
};

/// The expression for @p options; an error naming the problem when the pattern is an invalid
/// regular expression or empty.
Result<QRegularExpression> compileTextSearch(const TextSearchOptions &options);

/// Every non-empty match of @p re in @p text, in order, at most @p limit (-1: all).
QList<TextMatch> findAllMatches(const QString &text, const QRegularExpression &re, int limit = -1);

/// The text that replaces @p match: @p replacement as typed, or, for a regular expression,
/// with `\0`…`\9` / `$0`…`$9` (captures), `\n`, `\t` and `\\` expanded.
QString expandReplacement(const QRegularExpressionMatch &match, const QString &replacement, bool regex);

}  // namespace workbench::models
