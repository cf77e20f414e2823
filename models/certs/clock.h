// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>

#include <utility>

namespace workbench::models::certs {

/// The time certificate logic runs at (issuance start, verification, days left, expiry
/// colours). Injected so tests can pin "now" (KeePassXC's Clock/MockClock pattern).
class Clock
{
public:
    virtual ~Clock() = default;
    /// Current time, UTC.
    virtual QDateTime now() const = 0;

    /// The process-wide system clock.
    static const Clock &system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

/// A clock that says what it is told.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime now)
        : m_now(std::move(now))
    {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &now) { m_now = now; }
    void advanceSeconds(qint64 s) { m_now = m_now.addSecs(s); }

private:
    QDateTime m_now;
};

}  // namespace workbench::models::certs
