// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <vector>

namespace kubetest {

/// The log of one container instance: lines with their timestamps (ns since the epoch), kept
/// in one buffer so 100k-line benchmarks stay cheap.
class ContainerLog
{
public:
    void append(qint64 timestamp, const QByteArray &text);
    qsizetype size() const { return qsizetype(m_timestamps.size()); }
    qint64 timestamp(qsizetype i) const { return m_timestamps[std::size_t(i)]; }
    QByteArray text(qsizetype i) const;
    /// The line's bytes without a copy (valid until the next append).
    QByteArrayView view(qsizetype i) const;
    /// Index of the first line with timestamp >= @p t.
    qsizetype firstAtOrAfter(qint64 t) const;
    qint64 lastTimestamp() const { return m_timestamps.empty() ? 0 : m_timestamps.back(); }

private:
    QByteArray m_bytes;
    std::vector<qsizetype> m_starts;
    std::vector<qint64> m_timestamps;
};

/// RFC3339Nano as Go writes it (trailing zeros of the fraction trimmed, no fraction at .0).
QByteArray formatRfc3339Nano(qint64 nanos);
/// The same, appended to @p out (fast: no allocation but the output's growth).
void appendRfc3339Nano(QByteArray &out, qint64 nanos);
/// Seconds precision: "2024-05-01T12:00:00Z".
QByteArray formatRfc3339(qint64 nanos);
/// Parses RFC 3339 with optional fraction and zone; -1 when malformed.
qint64 parseRfc3339(const QByteArray &text);
qint64 nowNanos();

}  // namespace kubetest
