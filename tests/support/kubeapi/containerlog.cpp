// SPDX-License-Identifier: Apache-2.0
#include "containerlog.h"

#include <QDateTime>

#include <algorithm>
#include <cctype>

namespace kubetest {

void ContainerLog::append(qint64 timestamp, const QByteArray &text)
{
    m_starts.push_back(m_bytes.size());
    m_bytes += text;
    m_timestamps.push_back(timestamp);
}

QByteArray ContainerLog::text(qsizetype i) const
{
    const qsizetype start = m_starts[std::size_t(i)];
    const qsizetype end = std::size_t(i + 1) < m_starts.size() ? m_starts[std::size_t(i + 1)] : m_bytes.size();
    return m_bytes.mid(start, end - start);
}

QByteArrayView ContainerLog::view(qsizetype i) const
{
    const qsizetype start = m_starts[std::size_t(i)];
    const qsizetype end = std::size_t(i + 1) < m_starts.size() ? m_starts[std::size_t(i + 1)] : m_bytes.size();
    return QByteArrayView(m_bytes.constData() + start, end - start);
}

qsizetype ContainerLog::firstAtOrAfter(qint64 t) const
{
    return qsizetype(std::lower_bound(m_timestamps.begin(), m_timestamps.end(), t) - m_timestamps.begin());
}

QByteArray formatRfc3339(qint64 nanos)
{
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(nanos / 1'000'000'000, Qt::UTC);
    return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")).toLatin1();
}

void appendRfc3339Nano(QByteArray &out, qint64 nanos)
{
    // Streams write one timestamp per line: the date and time part changes once a second.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cachedText;
    const qint64 seconds = nanos / 1'000'000'000;
    qint64 frac = nanos % 1'000'000'000;
    if (seconds != cachedSecond) {
        cachedSecond = seconds;
        cachedText =
            QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
    }
    out += cachedText;
    if (frac != 0) {
        char digits[10];
        digits[0] = '.';
        for (int i = 9; i >= 1; --i, frac /= 10)
            digits[i] = char('0' + frac % 10);
        int len = 10;
        while (digits[len - 1] == '0')
            --len;
        out.append(digits, len);
    }
    out += 'Z';
}

QByteArray formatRfc3339Nano(qint64 nanos)
{
    QByteArray out;
    appendRfc3339Nano(out, nanos);
    return out;
}

qint64 parseRfc3339(const QByteArray &text)
{
    // QDateTime parses the fraction to milliseconds only: take the fraction ourselves.
    QByteArray t = text;
    qint64 fracNanos = 0;
    const qsizetype dot = t.indexOf('.');
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < t.size() && std::isdigit(static_cast<unsigned char>(t[end])))
            ++end;
        QByteArray digits = t.mid(dot + 1, end - dot - 1).left(9);
        if (digits.isEmpty())
            return -1;
        fracNanos = digits.leftJustified(9, '0').toLongLong();
        t.remove(dot, end - dot);
    }
    const QDateTime dt = QDateTime::fromString(QString::fromLatin1(t), Qt::ISODate);
    if (!dt.isValid())
        return -1;
    return dt.toSecsSinceEpoch() * 1'000'000'000 + fracNanos;
}

qint64 nowNanos()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

}  // namespace kubetest
