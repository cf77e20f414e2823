// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace workbench::engine::process {

/// The environment of a child process, built explicitly: start from the workbench's own
/// (inherit()) or from nothing (empty()), then set, unset, prepend to PATH. Values set with
/// setSecret() reach the child unchanged and show as "***" in changesForDisplay().
class ProcessEnvironment
{
public:
    /// The workbench's environment at the time of the call.
    static ProcessEnvironment inherit();
    static ProcessEnvironment empty();
    /// Exactly @p variables, as the starting point (nothing counts as changed yet).
    static ProcessEnvironment fromVariables(const QMap<QString, QString> &variables);

    ProcessEnvironment &set(const QString &name, const QString &value);
    ProcessEnvironment &setSecret(const QString &name, const QString &value);
    ProcessEnvironment &unset(const QString &name);
    /// Puts @p directory first in PATH.
    ProcessEnvironment &prependPath(const QString &directory);

    bool contains(const QString &name) const { return m_variables.contains(name); }
    QString value(const QString &name) const { return m_variables.value(name); }
    /// PATH split on ':' (empty entries dropped).
    QStringList searchPath() const;
    /// "NAME=VALUE" for every variable (for the exec call only).
    QStringList toStrings() const;
    /// What differs from the starting point, for logs: "NAME=value", "TOKEN=***", "-REMOVED".
    QStringList changesForDisplay() const;
    QStringList secrets() const;

private:
    QMap<QString, QString> m_variables;
    QSet<QString> m_secretNames;
    QStringList m_changed;  ///< names set or unset since the starting point, in order
};

}  // namespace workbench::engine::process
