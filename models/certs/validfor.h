// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace workbench::models::certs {

/// A parsed `valid_for` (spec §3.4). The CAS reads it as a human-readable duration ("90 days",
/// "1 year", "59d", "1year 6months", "12h"): one or more NUMBER UNIT parts, units s/sec/seconds,
/// m/min/minutes, h/hr/hours, d/day/days, w/week/weeks, M/month/months (30.44 days),
/// y/year/years (365.25 days). An empty value means "virtually unlimited".
struct ValidFor {
    std::optional<qint64> seconds;  ///< nullopt: unlimited

    bool isUnlimited() const { return !seconds.has_value(); }
    /// notAfter for a certificate starting at @p start; unlimited gives 9999-12-31T23:59:59Z
    /// (RFC 5280 "no well-defined expiration date").
    QDateTime notAfter(const QDateTime &start) const;
    /// "90 days", "1 year", "unlimited".
    QString toString() const;
};

Result<ValidFor> parseValidFor(const QString &text);

/// The RFC 5280 "no expiration" instant, 9999-12-31T23:59:59Z.
QDateTime unlimitedNotAfter();

}  // namespace workbench::models::certs
