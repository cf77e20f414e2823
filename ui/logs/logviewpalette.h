// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/lineattributes.h"

#include <QColor>
#include <QVector>

namespace workbench::ui {

/// The colours of the log view, for a light or a dark background: one per pod (sources carry
/// a colour index), per level, for SCONE events, markers and search matches.
class LogViewPalette
{
public:
    static LogViewPalette light();
    static LogViewPalette dark();
    /// light() or dark() after the application palette.
    static LogViewPalette forApplication();

    QColor sourceColor(int colourIndex) const;
    int sourceColorCount() const { return int(m_sources.size()); }
    /// Text colour of a line of that level; invalid for "as usual".
    QColor levelColor(models::logs::LogLevel level) const;
    /// Background of a line with that SCONE event; invalid for none.
    QColor sconeBackground(models::logs::SconeEventKind kind) const;
    QColor markerBackground() const { return m_marker; }
    QColor markerText() const { return m_markerText; }
    QColor matchBackground() const { return m_match; }
    QColor currentMatchBackground() const { return m_currentMatch; }
    QColor timestampColor() const { return m_timestamp; }

private:
    QVector<QColor> m_sources;
    QColor m_error, m_warning, m_debug;
    QColor m_sconeFailure, m_sconeInfo, m_sconeOk;
    QColor m_marker, m_markerText, m_match, m_currentMatch, m_timestamp;
};

}  // namespace workbench::ui
