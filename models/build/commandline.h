// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace workbench::models::build {

/// Splits a service's `build.command` into program and arguments the way a POSIX shell splits
/// words: blanks separate words; '…' is literal; "…" is literal except `\"`, `\\`, `\$`, `\``;
/// an unquoted backslash escapes the next character; `''` is an empty argument.
///
/// What a shell would *expand or interpret* is refused instead of passed on: unquoted `$`,
/// backticks, `|`, `&`, `;`, `<`, `>`, `(`, `)`, a glob (`*`, `?`, `[`), `~` or `#` starting
/// a word, and `$`/backtick inside double quotes. The native image runs the command without a
/// shell (exec form), as the enclave does with the command in the CAS policy, so such a command
/// would not do what it looks like. Errors: `build.command.empty`, `build.command.quote`
/// (unterminated quote), `build.command.shell` (names the character and its column).
Result<QStringList> splitCommandLine(const QString &command);

}  // namespace workbench::models::build
