// SPDX-License-Identifier: Apache-2.0
#include "cli/cliargs.h"

#include "policy/deploymentsettings.h"
#include "policy/projectsettings.h"

namespace workbench::cli {

QString optionName(const QString &arg)
{
    const qsizetype eq = arg.indexOf(QLatin1Char('='));
    return arg.startsWith(QLatin1String("--")) && eq > 0 ? arg.left(eq) : arg;
}

std::optional<QString> optionValue(const QStringList &args, int *i)
{
    const QString &arg = args.at(*i);
    const qsizetype eq = arg.indexOf(QLatin1Char('='));
    if (arg.startsWith(QLatin1String("--")) && eq > 0)
        return arg.mid(eq + 1);
    if (*i + 1 >= args.size())
        return std::nullopt;
    return args.at(++*i);
}

Result<QPair<QString, QString>> parseSetOverride(const std::optional<QString> &value)
{
    const QString code = QStringLiteral("cli.usage");
    if (!value)
        return makeError(code, QStringLiteral("--set needs NAME=VALUE"));
    const qsizetype eq = value->indexOf(QLatin1Char('='));
    if (eq <= 0)
        return makeError(code, QStringLiteral("--set needs NAME=VALUE, not \"%1\"").arg(*value));
    const QString name = value->left(eq);
    if (!models::policy::isValidVariableName(name))
        return makeError(code, QStringLiteral("invalid variable name \"%1\" in --set").arg(name));
    models::policy::DeploymentSettings probe;  // MODE=bogus and the like are usage errors
    if (const Status st = probe.set(name, value->mid(eq + 1)); !st.ok())
        return makeError(code, st.error().message);
    return QPair<QString, QString>(name, value->mid(eq + 1));
}

}  // namespace workbench::cli
