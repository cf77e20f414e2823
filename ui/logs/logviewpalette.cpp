// SPDX-License-Identifier: Apache-2.0
#include "logs/logviewpalette.h"

#include "common/theme.h"

namespace workbench::ui {

using models::logs::LogLevel;
using models::logs::SconeEventKind;

LogViewPalette LogViewPalette::light()
{
    LogViewPalette p;
    // Distinct hues that stay readable on white (after the Tableau 10 set, darkened).
    p.m_sources = {QColor(0x1f, 0x5f, 0xa8), QColor(0xc2, 0x5b, 0x00), QColor(0x2e, 0x7d, 0x32),
                   QColor(0xad, 0x14, 0x57), QColor(0x6a, 0x3d, 0x9a), QColor(0x00, 0x79, 0x7a),
                   QColor(0x8d, 0x5b, 0x2f), QColor(0x5d, 0x60, 0x1d), QColor(0xb7, 0x1c, 0x1c),
                   QColor(0x30, 0x4f, 0xfe)};
    p.m_error = QColor(0xb0, 0x00, 0x20);
    p.m_warning = QColor(0x9a, 0x5b, 0x00);
    p.m_debug = QColor(0x75, 0x75, 0x75);
    p.m_sconeFailure = QColor(0xfd, 0xd8, 0xdc);
    p.m_sconeInfo = QColor(0xe8, 0xf0, 0xfe);
    p.m_sconeOk = QColor(0xdc, 0xf5, 0xe0);
    p.m_marker = QColor(0xff, 0xf3, 0xc4);
    p.m_markerText = QColor(0x6d, 0x4c, 0x00);
    p.m_match = QColor(0xff, 0xeb, 0x3b);
    p.m_currentMatch = QColor(0xff, 0x98, 0x00);
    p.m_timestamp = QColor(0x80, 0x80, 0x80);
    return p;
}

LogViewPalette LogViewPalette::dark()
{
    LogViewPalette p;
    p.m_sources = {QColor(0x64, 0xb5, 0xf6), QColor(0xff, 0xb7, 0x4d), QColor(0x81, 0xc7, 0x84),
                   QColor(0xf0, 0x62, 0x92), QColor(0xba, 0x68, 0xc8), QColor(0x4d, 0xd0, 0xe1),
                   QColor(0xd7, 0xcc, 0xc8), QColor(0xdc, 0xe7, 0x75), QColor(0xef, 0x9a, 0x9a),
                   QColor(0x9f, 0xa8, 0xda)};
    p.m_error = QColor(0xff, 0x6e, 0x6e);
    p.m_warning = QColor(0xff, 0xc1, 0x07);
    p.m_debug = QColor(0x9e, 0x9e, 0x9e);
    p.m_sconeFailure = QColor(0x5c, 0x1f, 0x24);
    p.m_sconeInfo = QColor(0x1e, 0x2f, 0x4a);
    p.m_sconeOk = QColor(0x1d, 0x3d, 0x23);
    p.m_marker = QColor(0x4a, 0x3f, 0x10);
    p.m_markerText = QColor(0xff, 0xe0, 0x82);
    p.m_match = QColor(0x80, 0x6a, 0x00);
    p.m_currentMatch = QColor(0xc6, 0x6a, 0x00);
    p.m_timestamp = QColor(0x9e, 0x9e, 0x9e);
    return p;
}

LogViewPalette LogViewPalette::forApplication()
{
    return theme::isDark() ? dark() : light();
}

QColor LogViewPalette::sourceColor(int colourIndex) const
{
    if (m_sources.isEmpty())
        return {};
    return m_sources.at(((colourIndex % m_sources.size()) + m_sources.size()) % m_sources.size());
}

QColor LogViewPalette::levelColor(LogLevel level) const
{
    switch (level) {
    case LogLevel::Fatal:
    case LogLevel::Error:
        return m_error;
    case LogLevel::Warning:
        return m_warning;
    case LogLevel::Debug:
    case LogLevel::Trace:
        return m_debug;
    case LogLevel::Info:
    case LogLevel::None:
        return {};
    }
    return {};
}

QColor LogViewPalette::sconeBackground(SconeEventKind kind) const
{
    if (models::logs::isSconeFailure(kind))
        return m_sconeFailure;
    switch (kind) {
    case SconeEventKind::Attested:
        return m_sconeOk;
    case SconeEventKind::CasConnecting:
        return m_sconeInfo;
    default:
        return {};
    }
}

}  // namespace workbench::ui
