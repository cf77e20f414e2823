// SPDX-License-Identifier: Apache-2.0
#include "process/commandline.h"

namespace workbench::engine::process {

CommandLine::CommandLine(QString program, const QStringList &arguments)
    : m_program(std::move(program))
{
    args(arguments);
}

CommandLine &CommandLine::arg(const QString &argument)
{
    m_arguments.append(Argument{argument, {}, false});
    return *this;
}

CommandLine &CommandLine::args(const QStringList &arguments)
{
    for (const QString &a : arguments)
        arg(a);
    return *this;
}

CommandLine &CommandLine::secretArg(const QString &secret)
{
    m_arguments.append(Argument{{}, secret, true});
    return *this;
}

CommandLine &CommandLine::secretArg(const QString &visiblePrefix, const QString &secret)
{
    m_arguments.append(Argument{visiblePrefix, secret, true});
    return *this;
}

QStringList CommandLine::arguments() const
{
    QStringList out;
    out.reserve(m_arguments.size());
    for (const Argument &a : m_arguments)
        out.append(a.isSecret ? a.visible + a.secret : a.visible);
    return out;
}

QStringList CommandLine::displayArguments() const
{
    QStringList out;
    out.reserve(m_arguments.size());
    for (const Argument &a : m_arguments)
        out.append(a.isSecret ? a.visible + Redacted : a.visible);
    return out;
}

QStringList CommandLine::secrets() const
{
    QStringList out;
    for (const Argument &a : m_arguments)
        if (a.isSecret && !a.secret.isEmpty())
            out.append(a.secret);
    return out;
}

QString CommandLine::shellQuote(const QString &text)
{
    if (text.isEmpty())
        return QStringLiteral("''");
    bool plain = true;
    for (QChar c : text) {
        const bool safe = c.isLetterOrNumber() || QStringView(u"@%_-+=:,./*").contains(c);
        if (!safe) {
            plain = false;
            break;
        }
    }
    if (plain)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString CommandLine::toDisplayString() const
{
    QStringList parts{shellQuote(m_program)};
    for (const QString &a : displayArguments())
        parts.append(shellQuote(a));
    return parts.join(QLatin1Char(' '));
}

}  // namespace workbench::engine::process
