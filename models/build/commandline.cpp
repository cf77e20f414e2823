// SPDX-License-Identifier: Apache-2.0
#include "build/commandline.h"

namespace workbench::models::build {

namespace {

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r');
}

Error shellSyntax(QChar c, qsizetype index, const QString &why)
{
    Error e =
        makeError(QStringLiteral("build.command.shell"),
                  QStringLiteral("the command uses shell syntax (`%1` at column %2) %3; the native image runs the "
                                 "command without a shell, as the enclave does: write the program and its "
                                 "arguments, or run a shell explicitly (sh -c '…')")
                      .arg(c)
                      .arg(index + 1)
                      .arg(why));
    e.column = int(index + 1);
    return e;
}

}  // namespace

Result<QStringList> splitCommandLine(const QString &command)
{
    QStringList words;
    QString word;
    bool inWord = false;  // also true for a word that is only '' (an empty argument)
    const qsizetype n = command.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = command.at(i);
        if (isBlank(c)) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
            continue;
        }
        const bool wordStart = !inWord;
        inWord = true;
        switch (c.unicode()) {
        case '\'': {
            const qsizetype close = command.indexOf(QLatin1Char('\''), i + 1);
            if (close < 0)
                return makeError(QStringLiteral("build.command.quote"),
                                 QStringLiteral("the command has a ' at column %1 that is never closed").arg(i + 1));
            word += QStringView(command).mid(i + 1, close - i - 1);
            i = close;
            break;
        }
        case '"': {
            qsizetype j = i + 1;
            for (; j < n && command.at(j) != QLatin1Char('"'); ++j) {
                const QChar d = command.at(j);
                if (d == QLatin1Char('\\') && j + 1 < n) {
                    const QChar e = command.at(j + 1);
                    if (e == QLatin1Char('"') || e == QLatin1Char('\\') || e == QLatin1Char('$') ||
                        e == QLatin1Char('`')) {
                        word += e;
                        ++j;
                    } else if (e == QLatin1Char('\n')) {
                        ++j;  // line continuation
                    } else {
                        word += d;
                    }
                    continue;
                }
                if (d == QLatin1Char('$') || d == QLatin1Char('`'))
                    return shellSyntax(d, j, QStringLiteral("that a shell would expand inside \"…\""));
                word += d;
            }
            if (j >= n)
                return makeError(QStringLiteral("build.command.quote"),
                                 QStringLiteral("the command has a \" at column %1 that is never closed").arg(i + 1));
            i = j;
            break;
        }
        case '\\':
            if (i + 1 < n) {
                ++i;
                if (command.at(i) != QLatin1Char('\n'))
                    word += command.at(i);
                else if (word.isEmpty())
                    inWord = false;  // `\<newline>` between words joins lines
            }
            break;
        case '$':
        case '`':
            return shellSyntax(c, i, QStringLiteral("that a shell would expand"));
        case '|':
        case '&':
        case ';':
        case '<':
        case '>':
        case '(':
        case ')':
            return shellSyntax(c, i, QStringLiteral("that only a shell understands"));
        case '*':
        case '?':
        case '[':
            return shellSyntax(c, i, QStringLiteral("that a shell would expand as a file pattern"));
        case '~':
        case '#':
            if (wordStart)
                return shellSyntax(c, i,
                                   c == QLatin1Char('#') ? QStringLiteral("that starts a shell comment")
                                                         : QStringLiteral("that a shell would expand"));
            word += c;
            break;
        default:
            word += c;
        }
    }
    if (inWord)
        words << word;
    if (words.isEmpty())
        return makeError(QStringLiteral("build.command.empty"), QStringLiteral("the build has no command"));
    return words;
}

}  // namespace workbench::models::build
