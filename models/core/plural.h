// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench {

/// A count with its noun in the right number: "1 file", "2 files", "0 errors". @p plural
/// defaults to @p singular + "s" ("1 entry" / "2 entries" pass it).
inline QString counted(qsizetype n, const QString &singular, const QString &plural = {})
{
    return QString::number(n) + QLatin1Char(' ') +
           (n == 1 ? singular : (plural.isEmpty() ? singular + QLatin1Char('s') : plural));
}

}  // namespace workbench
