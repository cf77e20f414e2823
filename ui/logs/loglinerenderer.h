// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linematcher.h"
#include "logs/logline.h"
#include "logs/logsource.h"
#include "logs/logviewpalette.h"

#include <QColor>
#include <QString>
#include <QTextLayout>

#include <vector>

namespace workbench::ui {

/// One log line as the view shows it: the text (timestamp, "POD CONTAINER | " prefix, the
/// line with terminal escapes removed and control characters made visible) and its formats.
struct RenderedLine {
    QString text;
    QList<QTextLayout::FormatRange> formats;
    /// Index in text where the line's own text starts (after timestamp and prefix).
    int textStart = 0;
    /// For each byte offset of the line's bytes (and one past the end): the index in text.
    std::vector<int> byteToChar;
    /// Whole-line background (SCONE events, markers); invalid when none.
    QColor background;
    bool marker = false;
};

/// Turns stored lines into RenderedLines; only ever called for the lines on screen.
class LogLineRenderer
{
public:
    struct Options {
        bool timestamps = false;
        bool prefixes = true;
        bool prettyJson = false;  ///< a JSON line indented over several lines
    };

    explicit LogLineRenderer(LogViewPalette palette = LogViewPalette::light());
    void setPalette(const LogViewPalette &palette) { m_palette = palette; }
    const LogViewPalette &palette() const { return m_palette; }

    RenderedLine render(const models::logs::LogLine &line, const models::logs::LogSource *source,
                        const Options &options, const engine::logs::LineMatcher *search, bool currentMatch) const;

    /// The line's bytes as shown: UTF-8 decoded (an invalid byte becomes U+FFFD), ANSI escape
    /// sequences removed, other control characters shown as their control pictures (U+2400...),
    /// tabs kept. Fills @p byteToChar (size bytes + 1) when given.
    static QString displayText(QByteArrayView bytes, std::vector<int> *byteToChar = nullptr);

private:
    LogViewPalette m_palette;
};

}  // namespace workbench::ui
