// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"

#include <QByteArrayView>

namespace workbench::models::logs {

/// Recognises a line's severity from its bytes, fast enough to run on every appended line
/// (it looks at the first few hundred bytes only, without allocating):
///  - SCONE runtime lines: "[SCONE|FATAL]", "[SCONE|ERROR]", "[SCONE|WARN]", "[SCONE|INFO]", ...
///  - JSON lines: a "level", "lvl", "severity", "loglevel" or "log.level" field, as a name
///    ("error", "WARN", ...) or as a bunyan/pino number (10 trace ... 60 fatal);
///  - klog/glog headers: "E0612 10:00:00.000000 ...";
///  - logfmt and bracketed forms: "level=error", "lvl=warn", "[error]", "<warn>";
///  - an upper-case level word: FATAL, PANIC, CRITICAL, ERROR, ERR, SEVERE, WARNING, WARN,
///    NOTICE, INFO, DEBUG, TRACE (whole words only);
///  - "Error:" / "Warning:" at the start of the line.
/// The leftmost match wins; LogLevel::None when nothing is recognised.
class LevelClassifier
{
public:
    static LogLevel classify(QByteArrayView line);
    /// Maps a level name ("warn", "Warning", "E", "crit", ...) case-insensitively.
    static LogLevel fromName(QByteArrayView name);
};

}  // namespace workbench::models::logs
