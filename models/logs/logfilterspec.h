// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"
#include "logs/linetypes.h"
#include "logs/matchpattern.h"

#include <QList>

#include <vector>

namespace workbench::models::logs {

/// What the user asked to see. A line passes when its source is shown, its level (when it has
/// one) is at least minimumLevel, it matches one of the include patterns (when there are any)
/// and none of the exclude patterns. Marker lines (reconnects, gaps, stream states) of shown
/// sources always pass, so a filtered view never hides that lines may be missing.
struct LogFilterSpec {
    QList<MatchPattern> include;
    QList<MatchPattern> exclude;
    /// The sources shown; empty means all.
    std::vector<SourceId> sources;
    LogLevel minimumLevel = LogLevel::None;
    /// Only lines with a SCONE event (and markers).
    bool sconeEventsOnly = false;

    /// True when every line passes.
    bool isEmpty() const;
    bool operator==(const LogFilterSpec &) const = default;
};

}  // namespace workbench::models::logs
