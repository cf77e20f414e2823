// SPDX-License-Identifier: Apache-2.0
#include "logs/logfilterspec.h"

#include <algorithm>

namespace workbench::models::logs {

bool LogFilterSpec::isEmpty() const
{
    auto blank = [](const QList<MatchPattern> &list) {
        return std::all_of(list.begin(), list.end(), [](const MatchPattern &p) { return p.text.isEmpty(); });
    };
    return blank(include) && blank(exclude) && sources.empty() && minimumLevel == LogLevel::None && !sconeEventsOnly;
}

}  // namespace workbench::models::logs
