// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

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

}  // namespace workbench::cli
