// SPDX-License-Identifier: Apache-2.0
#include "logs/logtimestamp.h"

#include <QDateTime>

namespace workbench::models::logs {

namespace {

constexpr qint64 kNanosPerSecond = 1'000'000'000;

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
constexpr qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

bool digits(QByteArrayView t, qsizetype at, int count, int &value)
{
    if (at + count > t.size())
        return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = t[at + i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

// Parses a timestamp at the start of @p t; returns its length (0 when malformed).
qsizetype parsePrefix(QByteArrayView t, LogTimestamp &out)
{
    int year, month, day, hour, minute, second;
    if (!digits(t, 0, 4, year) || t.size() < 20 || t[4] != '-' || !digits(t, 5, 2, month) || t[7] != '-' ||
        !digits(t, 8, 2, day) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(t, 11, 2, hour) ||
        t[13] != ':' || !digits(t, 14, 2, minute) || t[16] != ':' || !digits(t, 17, 2, second))
        return 0;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return 0;
    qsizetype i = 19;
    qint64 nanos = 0;
    if (i < t.size() && t[i] == '.') {
        ++i;
        int count = 0;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            if (count < 9) {
                nanos = nanos * 10 + (t[i] - '0');
                ++count;
            }
            ++i;
        }
        if (count == 0)
            return 0;
        for (; count < 9; ++count)
            nanos *= 10;
    }
    qint64 offsetSeconds = 0;
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh, om;
        if (!digits(t, i + 1, 2, oh) || i + 3 >= t.size() || t[i + 3] != ':' || !digits(t, i + 4, 2, om))
            return 0;
        offsetSeconds = (oh * 3600 + om * 60) * (t[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return 0;
    }
    const qint64 seconds = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 +
                           second - offsetSeconds;
    out = seconds * kNanosPerSecond + nanos;
    return i;
}

}  // namespace

std::optional<LogTimestamp> LogTimestampFormat::parse(QByteArrayView text)
{
    LogTimestamp ts = 0;
    const qsizetype len = parsePrefix(text, ts);
    if (len == 0 || len != text.size())
        return std::nullopt;
    return ts;
}

std::optional<LogTimestampFormat::Split> LogTimestampFormat::split(QByteArrayView line)
{
    LogTimestamp ts = 0;
    const qsizetype len = parsePrefix(line, ts);
    if (len == 0 || len >= line.size() || line[len] != ' ')
        return std::nullopt;
    return Split{ts, line.sliced(len + 1)};
}

QString LogTimestampFormat::format(LogTimestamp timestamp)
{
    const qint64 seconds =
        timestamp >= 0 ? timestamp / kNanosPerSecond : (timestamp - kNanosPerSecond + 1) / kNanosPerSecond;
    const qint64 nanos = timestamp - seconds * kNanosPerSecond;
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    return dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('.') +
           QStringLiteral("%1").arg(nanos, 9, 10, QLatin1Char('0')) + QLatin1Char('Z');
}

QString LogTimestampFormat::formatShort(LogTimestamp timestamp)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(timestamp / 1'000'000, Qt::UTC);
    return dt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

}  // namespace workbench::models::logs
