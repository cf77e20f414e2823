// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linetypes.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace workbench::models::logs {

/// RFC 3339 timestamps as Kubernetes writes them before each log line when asked for
/// timestamps ("2024-05-01T12:00:00.123456789Z "), converted to and from LogTimestamp
/// (nanoseconds since the epoch) without allocating.
class LogTimestampFormat
{
public:
    /// "2024-05-01T12:00:00Z", "...:00.5Z", "...:00.123456789+02:00"; nullopt when malformed.
    static std::optional<LogTimestamp> parse(QByteArrayView text);
    /// Nanosecond UTC form, the one the API server writes: "2024-05-01T12:00:00.123456789Z".
    static QString format(LogTimestamp timestamp);
    /// Shorter form for the view: "2024-05-01 12:00:00.123" (UTC, milliseconds).
    static QString formatShort(LogTimestamp timestamp);

    struct Split {
        LogTimestamp timestamp = 0;
        QByteArrayView text;  ///< the line after the timestamp and its space
    };
    /// Splits "TIMESTAMP TEXT" (a line of a log stream with timestamps=true); nullopt when the
    /// line does not start with a timestamp followed by a space (or ends right after it).
    static std::optional<Split> split(QByteArrayView line);
};

}  // namespace workbench::models::logs
