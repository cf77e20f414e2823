// SPDX-License-Identifier: Apache-2.0
#include "build/toolinvocation.h"

#include <algorithm>

namespace workbench::models::build {

namespace {

bool isPlainShellChar(QChar c)
{
    if (c.unicode() > 0x7f)
        return false;
    const char a = char(c.unicode());
    return (a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9') ||
           QByteArrayView("_-./:=@%+,").contains(a);
}

}  // namespace

QString shellQuote(const QString &word)
{
    if (!word.isEmpty() && std::all_of(word.cbegin(), word.cend(), isPlainShellChar) &&
        !word.startsWith(QLatin1Char('=')))
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString ToolInvocation::displayCommand() const
{
    QStringList words;
    for (const QString &name : setVariables)
        words << name + QLatin1Char('=') + shellQuote(environment.value(name));
    words << shellQuote(program);
    for (const QString &a : arguments)
        words << shellQuote(a);
    return words.join(QLatin1Char(' '));
}

void ToolInvocation::setVariable(const QString &name, const QString &value)
{
    environment.insert(name, value);
    if (!setVariables.contains(name)) {
        setVariables << name;
        setVariables.sort();
    }
}

}  // namespace workbench::models::build
