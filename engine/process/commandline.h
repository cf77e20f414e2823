// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::engine::process {

/// A program and its arguments, some of which may be secrets. Secrets are passed to the
/// program as they are and appear as "***" in every displayed or logged form.
///
///     CommandLine(QStringLiteral("docker")).arg(QStringLiteral("login"))
///         .secretArg(QStringLiteral("--password="), token)   // shown as --password=***
class CommandLine
{
public:
    CommandLine() = default;
    explicit CommandLine(QString program, const QStringList &arguments = {});

    CommandLine &arg(const QString &argument);
    CommandLine &args(const QStringList &arguments);
    /// A whole argument that is secret: shown as "***".
    CommandLine &secretArg(const QString &secret);
    /// @p visiblePrefix + @p secret as one argument, shown as prefix + "***".
    CommandLine &secretArg(const QString &visiblePrefix, const QString &secret);

    QString program() const { return m_program; }
    void setProgram(const QString &program) { m_program = program; }
    /// The real arguments (for the exec call only).
    QStringList arguments() const;
    /// The arguments with secrets replaced.
    QStringList displayArguments() const;
    /// "program arg 'arg with space' --password=***": shell-quoted, secrets redacted.
    QString toDisplayString() const;
    /// The secret values, for redacting them from output.
    QStringList secrets() const;

    static constexpr QLatin1String Redacted{"***"};
    /// Quotes @p text for a POSIX shell when it needs it.
    static QString shellQuote(const QString &text);

private:
    struct Argument {
        QString visible;  ///< the whole argument, or the prefix of a secret one
        QString secret;
        bool isSecret = false;
    };
    QString m_program;
    QList<Argument> m_arguments;
};

}  // namespace workbench::engine::process
