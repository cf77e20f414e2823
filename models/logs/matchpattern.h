// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::models::logs {

/// A text to look for in log lines: plain text or a PCRE2 regular expression (the dialect of
/// QRegularExpression), matched against each line's UTF-8 bytes.
struct MatchPattern {
    QString text;
    bool regex = false;
    bool caseSensitive = false;

    bool operator==(const MatchPattern &) const = default;
};

}  // namespace workbench::models::logs
