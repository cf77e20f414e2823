// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <variant>

namespace workbench {

struct Error;

/// Where an error happened in a longer piece of work (a pipeline step, an external tool).
/// Every field is optional; an empty context says nothing.
struct ErrorContext {
    QString step;                 ///< the pipeline step or job that failed, e.g. "push image"
    std::optional<int> exitCode;  ///< exit code of the external program that failed
    QString outputTail;           ///< the last lines of that program's stderr (redacted, capped)

    bool isEmpty() const { return step.isEmpty() && !exitCode && outputTail.isEmpty(); }
};

/// An error as a value: a stable code for programs, a message for people, a technical detail
/// (e.g. the OpenSSL error queue or a curl message) and, where there is one, a position.
struct Error {
    QString code;                        ///< stable, machine-readable, e.g. "yaml.syntax" or "tls.handshake"
    QString message;                     ///< one sentence a user understands
    QString detail;                      ///< technical detail, may be empty
    QString file;                        ///< file the error is about, may be empty
    int line = 0;                        ///< 1-based; 0 when unknown
    int column = 0;                      ///< 1-based; 0 when unknown
    ErrorContext context;                ///< step, exit code, stderr tail (see ErrorContext)
    std::shared_ptr<const Error> cause;  ///< the lower-level error this one wraps, may be null

    /// The one code for "the work was cancelled", used by every layer. Cancellation is not a
    /// failure: callers show it quietly (no error banner).
    static QString cancelledCode() { return QStringLiteral("cancelled"); }
    /// A cancellation error; @p message defaults to "Cancelled."
    static Error cancelled(QString message = {});
    /// True for cancelledCode(), and for the older per-area codes ("certs.cancelled", ...) that
    /// predate it, so one test covers every layer.
    bool isCancelled() const
    {
        return code == QLatin1String("cancelled") || code.endsWith(QLatin1String(".cancelled"));
    }

    /// Returns a copy of this error with @p lower attached as its cause.
    Error causedBy(Error lower) const
    {
        Error e = *this;
        e.cause = std::make_shared<const Error>(std::move(lower));
        return e;
    }

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

    /// toString() plus the context and the chain of causes, one per line, for logs and
    /// "details" panes: "step: push image", "exit code: 1", "stderr: ...", "caused by: ...".
    QString toDetailedString() const
    {
        QString s = toString();
        if (!context.step.isEmpty())
            s += QStringLiteral("\nstep: ") + context.step;
        if (context.exitCode)
            s += QStringLiteral("\nexit code: ") + QString::number(*context.exitCode);
        if (!context.outputTail.isEmpty())
            s += QStringLiteral("\nstderr:\n") + context.outputTail;
        for (const Error *c = cause.get(); c; c = c->cause.get())
            s += QStringLiteral("\ncaused by: ") + c->toString();
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

inline Error Error::cancelled(QString message)
{
    Error e;
    e.code = cancelledCode();
    e.message = message.isEmpty() ? QStringLiteral("Cancelled.") : std::move(message);
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
