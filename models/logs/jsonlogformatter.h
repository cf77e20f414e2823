// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace workbench::models::logs {

/// JSON log lines shown readably on demand.
class JsonLogFormatter
{
public:
    /// True when the line (after leading blanks) looks like a JSON object.
    static bool looksLikeJson(QByteArrayView line);
    /// The object indented over several lines; nullopt when the line is no JSON object.
    static std::optional<QString> prettyPrint(QByteArrayView line);
};

}  // namespace workbench::models::logs
