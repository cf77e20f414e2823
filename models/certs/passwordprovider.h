// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/secretbytes.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace workbench::models::certs {

/// Where the file parsers get a password from (PKCS#12, encrypted keys). The GUI implements it
/// with a dialog, the command line with --password-file or a terminal prompt, tests with a
/// script. The model never shows a dialog itself.
class PasswordProvider
{
public:
    virtual ~PasswordProvider() = default;
    /// The password for @p what (e.g. "the PKCS#12 data in bundle.p12"). @p attempt starts at 1;
    /// a higher value means the previous one was wrong. nullopt: the user cancelled.
    virtual std::optional<SecretBytes> password(const QString &what, int attempt) = 0;
};

/// A provider with a fixed list of answers, one per attempt (tests, scripts); nullopt when they
/// run out. Records how often it was asked.
class ScriptedPasswordProvider final : public PasswordProvider
{
public:
    explicit ScriptedPasswordProvider(QStringList answers)
        : m_answers(std::move(answers))
    {}
    std::optional<SecretBytes> password(const QString &what, int attempt) override
    {
        Q_UNUSED(attempt);
        m_lastWhat = what;
        ++m_asked;
        if (m_answers.isEmpty())
            return std::nullopt;
        return SecretBytes::fromString(m_answers.takeFirst());
    }
    int timesAsked() const { return m_asked; }
    QString lastWhat() const { return m_lastWhat; }

private:
    QStringList m_answers;
    QString m_lastWhat;
    int m_asked = 0;
};

}  // namespace workbench::models::certs
