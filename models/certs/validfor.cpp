// SPDX-License-Identifier: Apache-2.0
#include "certs/validfor.h"

#include <limits>

namespace workbench::models::certs {

namespace {

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 86400;
constexpr qint64 kWeek = 7 * kDay;
constexpr qint64 kMonth = 2630016;  // 30.44 days, as the humantime crate the CAS uses
constexpr qint64 kYear = 31557600;  // 365.25 days

// Seconds per unit; 0 when unknown. "M" is months and "m" minutes; longer names are
// case-insensitive.
qint64 unitSeconds(const QString &unit)
{
    if (unit == QLatin1String("M"))
        return kMonth;
    if (unit == QLatin1String("m"))
        return kMinute;
    const QString u = unit.toLower();
    static const struct {
        const char *names[4];
        qint64 seconds;
    } table[] = {
        {{"s", "sec", "secs", "second"}, 1},
        {{"seconds", nullptr, nullptr, nullptr}, 1},
        {{"min", "mins", "minute", "minutes"}, kMinute},
        {{"h", "hr", "hrs", "hour"}, kHour},
        {{"hours", nullptr, nullptr, nullptr}, kHour},
        {{"d", "day", "days", nullptr}, kDay},
        {{"w", "week", "weeks", nullptr}, kWeek},
        {{"month", "months", nullptr, nullptr}, kMonth},
        {{"y", "year", "years", nullptr}, kYear},
    };
    for (const auto &row : table)
        for (const char *n : row.names)
            if (n && u == QLatin1String(n))
                return row.seconds;
    return 0;
}

Error validForError(const QString &text, const QString &why)
{
    return makeError(
        QStringLiteral("certs.valid_for"),
        QStringLiteral("valid_for '%1' is not a duration: %2 (examples: \"90 days\", \"1 year\", \"59d\").")
            .arg(text, why));
}

}  // namespace

QDateTime unlimitedNotAfter()
{
    return QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC);
}

QDateTime ValidFor::notAfter(const QDateTime &start) const
{
    if (!seconds)
        return unlimitedNotAfter();
    const QDateTime end = start.toUTC().addSecs(*seconds);
    return end > unlimitedNotAfter() ? unlimitedNotAfter() : end;
}

QString ValidFor::toString() const
{
    if (!seconds)
        return QStringLiteral("unlimited");
    const qint64 s = *seconds;
    auto plural = [](qint64 n, const char *unit) {
        return QString::number(n) + QLatin1Char(' ') + QLatin1String(unit) + (n == 1 ? QString() : QStringLiteral("s"));
    };
    if (s % kYear == 0)
        return plural(s / kYear, "year");
    if (s % kDay == 0)
        return plural(s / kDay, "day");
    if (s % kHour == 0)
        return plural(s / kHour, "hour");
    if (s % kMinute == 0)
        return plural(s / kMinute, "minute");
    return plural(s, "second");
}

Result<ValidFor> parseValidFor(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return ValidFor{};
    qint64 total = 0;
    qsizetype i = 0;
    int parts = 0;
    while (i < t.size()) {
        while (i < t.size() && t.at(i).isSpace())
            ++i;
        if (i >= t.size())
            break;
        const qsizetype numStart = i;
        while (i < t.size() && t.at(i).isDigit())
            ++i;
        if (i == numStart)
            return validForError(text, QStringLiteral("expected a number at position %1").arg(numStart + 1));
        bool ok = false;
        const qint64 n = t.mid(numStart, i - numStart).toLongLong(&ok);
        if (!ok)
            return validForError(text, QStringLiteral("the number is too large"));
        while (i < t.size() && t.at(i).isSpace())
            ++i;
        const qsizetype unitStart = i;
        while (i < t.size() && t.at(i).isLetter())
            ++i;
        const QString unit = t.mid(unitStart, i - unitStart);
        if (unit.isEmpty())
            return validForError(text, QStringLiteral("the number %1 has no unit").arg(n));
        const qint64 per = unitSeconds(unit);
        if (per == 0)
            return validForError(text, QStringLiteral("unknown unit '%1'").arg(unit));
        if (n > std::numeric_limits<qint64>::max() / per || total > std::numeric_limits<qint64>::max() - n * per)
            return validForError(text, QStringLiteral("the duration is too long"));
        total += n * per;
        ++parts;
        if (i < t.size() && !t.at(i).isSpace() && !t.at(i).isDigit())
            return validForError(text, QStringLiteral("unexpected '%1' at position %2").arg(t.at(i)).arg(i + 1));
    }
    if (parts == 0 || total <= 0)
        return validForError(text, QStringLiteral("the duration must be longer than zero"));
    ValidFor v;
    v.seconds = total;
    return v;
}

}  // namespace workbench::models::certs
