// SPDX-License-Identifier: Apache-2.0
#include "process/processenvironment.h"

#include "process/commandline.h"

#include <QProcessEnvironment>

namespace workbench::engine::process {

ProcessEnvironment ProcessEnvironment::inherit()
{
    ProcessEnvironment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : system.keys())
        env.m_variables.insert(name, system.value(name));
    return env;
}

ProcessEnvironment ProcessEnvironment::empty()
{
    return {};
}

ProcessEnvironment ProcessEnvironment::fromVariables(const QMap<QString, QString> &variables)
{
    ProcessEnvironment env;
    env.m_variables = variables;
    return env;
}

ProcessEnvironment &ProcessEnvironment::set(const QString &name, const QString &value)
{
    m_variables.insert(name, value);
    m_secretNames.remove(name);
    m_changed.removeAll(name);
    m_changed.append(name);
    return *this;
}

ProcessEnvironment &ProcessEnvironment::setSecret(const QString &name, const QString &value)
{
    set(name, value);
    m_secretNames.insert(name);
    return *this;
}

ProcessEnvironment &ProcessEnvironment::unset(const QString &name)
{
    m_variables.remove(name);
    m_secretNames.remove(name);
    m_changed.removeAll(name);
    m_changed.append(name);
    return *this;
}

ProcessEnvironment &ProcessEnvironment::prependPath(const QString &directory)
{
    const QString path = value(QStringLiteral("PATH"));
    return set(QStringLiteral("PATH"), path.isEmpty() ? directory : directory + QLatin1Char(':') + path);
}

QStringList ProcessEnvironment::searchPath() const
{
    return value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
}

QStringList ProcessEnvironment::toStrings() const
{
    QStringList out;
    out.reserve(m_variables.size());
    for (auto it = m_variables.cbegin(); it != m_variables.cend(); ++it)
        out.append(it.key() + QLatin1Char('=') + it.value());
    return out;
}

QStringList ProcessEnvironment::changesForDisplay() const
{
    QStringList out;
    for (const QString &name : m_changed) {
        if (!m_variables.contains(name))
            out.append(QLatin1Char('-') + name);
        else if (m_secretNames.contains(name))
            out.append(name + QLatin1Char('=') + CommandLine::Redacted);
        else
            out.append(name + QLatin1Char('=') + m_variables.value(name));
    }
    return out;
}

QStringList ProcessEnvironment::secrets() const
{
    QStringList out;
    for (const QString &name : m_secretNames)
        if (!m_variables.value(name).isEmpty())
            out.append(m_variables.value(name));
    return out;
}

}  // namespace workbench::engine::process
