// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace workbench {

/// An error as a value: a stable code for programs, a message for people, a technical detail
/// (e.g. the OpenSSL error queue or a curl message) and, where there is one, a position.
struct Error {
    QString code;     ///< stable, machine-readable, e.g. "yaml.syntax" or "tls.handshake"
    QString message;  ///< one sentence a user understands
    QString detail;   ///< technical detail, may be empty
    QString file;     ///< file the error is about, may be empty
    int line = 0;     ///< 1-based; 0 when unknown
    int column = 0;   ///< 1-based; 0 when unknown

    QString toString() const
    {
        QString s;
        if (!file.isEmpty()) {
            s += file;
            if (line > 0)
                s += QLatin1Char(':') + QString::number(line) + QLatin1Char(':') + QString::number(column);
            s += QStringLiteral(": ");
        }
        s += message;
        if (!detail.isEmpty())
            s += QStringLiteral(" (") + detail + QLatin1Char(')');
        return s;
    }
};

inline Error makeError(QString code, QString message, QString detail = {})
{
    Error e;
    e.code = std::move(code);
    e.message = std::move(message);
    e.detail = std::move(detail);
    return e;
}

/// Either a value or an Error. No exceptions cross layer boundaries or Qt signals.
template<typename T> class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {}  // NOLINT(google-explicit-constructor)
    Result(Error error)
        : m_data(std::move(error))
    {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T *operator->() const { return &std::get<T>(m_data); }
    T *operator->() { return &std::get<T>(m_data); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result without a value.
struct Ok {
};
using Status = Result<Ok>;

}  // namespace workbench
