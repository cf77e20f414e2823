// SPDX-License-Identifier: Apache-2.0
// Untrusted text (YAML keys and values, certificate names and SANs from a remote server, file
// names) shown to a person: never as raw control characters, which a terminal would execute
// (ESC sequences move the cursor, recolour, rewrite the title; BEL rings; a bidi override
// reorders what follows) and a widget would hide.
#pragma once

#include <QString>

namespace workbench::models {

/// For a terminal, the one escaping the command line prints untrusted text through: C0 controls
/// and DEL as `\xHH` (`\x1b`, `\x00`, `\x07`; line breaks and tabs too, as `\n`, `\r`, `\t`, so a
/// value cannot start a fake line), C1 controls, line/paragraph separators, bidirectional and
/// other invisible format characters as `\uHHHH` (`\u202e`). Everything else, including `\` itself,
/// is unchanged: the result is for reading, not for parsing back.
QString escapeControlCharacters(const QString &text);

/// For a widget: the same characters made visible. C0 controls and DEL as their Unicode control
/// pictures (ESC → ␛, NUL → ␀, DEL → ␡), the others as `\uHHHH`. Line breaks and tabs are kept
/// when @p keepLineBreaks (a multi-line text view), else shown as ␊ ␍ ␉.
QString showControlCharacters(const QString &text, bool keepLineBreaks = false);

/// True when @p text holds a character either function above would change.
bool hasControlCharacters(const QString &text);

}  // namespace workbench::models
