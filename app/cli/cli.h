// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace workbench::cli {

/// Exit codes shared by every subcommand (scripts rely on them).
enum ExitCode : int {
    ExitOk = 0,       ///< success, no errors
    ExitFailure = 1,  ///< the command ran and found errors (or failed)
    ExitUsage = 2,    ///< bad command line
};

/// A subcommand: `scone-workbench NAME ARGS...`. `run` receives the arguments after NAME.
struct Command {
    QString name;
    QString synopsis;  ///< one line, e.g. "validate [--json] PATH..."
    QString summary;   ///< one sentence
    int (*run)(const QStringList &args);
};

/// All subcommands, in the order `--help` lists them (see commands.cpp).
const QList<Command> &commands();
const Command *findCommand(const QString &name);

/// Standard streams (UTF-8), flushed by the caller's exit.
QTextStream &out();
QTextStream &err();

/// Prints "scone-workbench: <message>" on stderr and returns ExitUsage.
int usageError(const QString &message);

/// Help text listing options and subcommands.
QString helpText();

/// For a command that is about to end: @p value lives until the process exits and is never
/// destroyed. A big project's analysis is millions of small allocations; freeing them one by
/// one cost `validate` about a tenth of its time on 2,000 services, while the exit gives the
/// memory back at once (as compilers do with their ASTs). Kept reachable from a global, so
/// LeakSanitizer does not count it as a leak. Only for the command line, never in the window.
void keepUntilExit(std::shared_ptr<const void> value);

}  // namespace workbench::cli
