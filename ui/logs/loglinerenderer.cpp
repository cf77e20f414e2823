// SPDX-License-Identifier: Apache-2.0
#include "logs/loglinerenderer.h"

#include "logs/jsonlogformatter.h"
#include "logs/logtimestamp.h"

#include <QTextCharFormat>

namespace workbench::ui {

using namespace models::logs;
using engine::logs::LineMatcher;

namespace {

// Length of the escape sequence starting at bytes[i] == ESC, or 0 when it is a lone ESC.
qsizetype escapeLength(QByteArrayView bytes, qsizetype i)
{
    const qsizetype n = bytes.size();
    if (i + 1 >= n)
        return 0;
    const char kind = bytes[i + 1];
    if (kind == '[') {  // CSI: parameters and intermediates, then a final byte 0x40..0x7e
        qsizetype j = i + 2;
        while (j < n && static_cast<unsigned char>(bytes[j]) >= 0x20 && static_cast<unsigned char>(bytes[j]) <= 0x3f)
            ++j;
        while (j < n && static_cast<unsigned char>(bytes[j]) >= 0x20 && static_cast<unsigned char>(bytes[j]) <= 0x2f)
            ++j;
        if (j < n && static_cast<unsigned char>(bytes[j]) >= 0x40 && static_cast<unsigned char>(bytes[j]) <= 0x7e)
            return j + 1 - i;
        return 0;
    }
    if (kind == ']') {  // OSC: up to BEL or ESC backslash
        for (qsizetype j = i + 2; j < n; ++j) {
            if (bytes[j] == '\a')
                return j + 1 - i;
            if (bytes[j] == '\x1b' && j + 1 < n && bytes[j + 1] == '\\')
                return j + 2 - i;
        }
        return 0;
    }
    if (static_cast<unsigned char>(kind) >= 0x40 && static_cast<unsigned char>(kind) <= 0x5f)
        return 2;  // two-character escapes
    return 0;
}

}  // namespace

LogLineRenderer::LogLineRenderer(LogViewPalette palette)
    : m_palette(std::move(palette))
{}

QString LogLineRenderer::displayText(QByteArrayView bytes, std::vector<int> *byteToChar)
{
    QString out;
    out.reserve(bytes.size());
    const qsizetype n = bytes.size();
    if (byteToChar)
        byteToChar->assign(std::size_t(n + 1), 0);
    auto mark = [&](qsizetype from, qsizetype to) {
        if (byteToChar)
            for (qsizetype k = from; k < to; ++k)
                (*byteToChar)[std::size_t(k)] = int(out.size());
    };
    qsizetype i = 0;
    while (i < n) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) {
            if (c == 0x1b) {
                if (const qsizetype len = escapeLength(bytes, i)) {
                    mark(i, i + len);
                    i += len;
                    continue;
                }
            }
            mark(i, i + 1);
            if (c == '\t' || c >= 0x20)
                out += c == 0x7f ? QChar(0x2421) : QChar(char16_t(c));
            else
                out += QChar(0x2400 + c);  // control pictures
            ++i;
            continue;
        }
        // UTF-8: a lead byte and its continuation bytes, checked (overlong and surrogate forms
        // count as invalid, like QString::fromUtf8).
        int len = 0;
        char32_t cp = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        }
        bool ok = len > 0 && i + len <= n;
        for (int k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(bytes[i + k]);
            ok = (cc & 0xc0) == 0x80;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
                   (len == 4 && (cp < 0x10000 || cp > 0x10ffff))))
            ok = false;
        if (!ok) {
            mark(i, i + 1);
            out += QChar(QChar::ReplacementCharacter);
            ++i;
            continue;
        }
        mark(i, i + len);
        if (cp >= 0x10000) {
            out += QChar::highSurrogate(cp);
            out += QChar::lowSurrogate(cp);
        } else {
            out += QChar(char16_t(cp));
        }
        i += len;
    }
    if (byteToChar)
        (*byteToChar)[std::size_t(n)] = int(out.size());
    return out;
}

RenderedLine LogLineRenderer::render(const LogLine &line, const LogSource *source, const Options &options,
                                     const LineMatcher *search, bool currentMatch) const
{
    RenderedLine r;
    auto addFormat = [&r](int start, int length, const QTextCharFormat &f) {
        if (length > 0)
            r.formats.append(QTextLayout::FormatRange{start, length, f});
    };
    if (options.timestamps) {
        const QString ts =
            line.timestamp ? LogTimestampFormat::formatShort(line.timestamp) : QString(23, QLatin1Char(' '));
        QTextCharFormat f;
        f.setForeground(m_palette.timestampColor());
        addFormat(0, int(ts.size()), f);
        r.text = ts + QLatin1Char(' ');
    }
    if (options.prefixes && source) {
        const QString prefix = source->prefix();
        QTextCharFormat f;
        f.setForeground(m_palette.sourceColor(source->colourIndex));
        f.setFontWeight(QFont::Bold);
        addFormat(int(r.text.size()), int(prefix.size()), f);
        r.text += prefix;
    }
    r.textStart = int(r.text.size());
    const LineAttributes a = line.attributes;
    if (a.kind != LineKind::Text) {
        r.marker = true;
        r.background = m_palette.markerBackground();
        const QString symbol = a.kind == LineKind::Gap           ? QStringLiteral("\u26a0 ")
                               : a.kind == LineKind::Reconnected ? QStringLiteral("\u27f3 ")
                                                                 : QStringLiteral("\u25cf ");
        r.text += symbol;
        const int start = int(r.text.size());
        r.text += displayText(line.text, &r.byteToChar);
        for (int &index : r.byteToChar)
            index += start;
        QTextCharFormat f;
        f.setForeground(m_palette.markerText());
        f.setFontItalic(true);
        addFormat(r.textStart, int(r.text.size()) - r.textStart, f);
        return r;
    }
    std::optional<QString> pretty;
    if (options.prettyJson)
        pretty = JsonLogFormatter::prettyPrint(line.text);
    if (pretty) {
        // Indented JSON: line separators so one layout holds it; no byte mapping (search
        // highlights are not shown in the formatted form).
        QString text = *pretty;
        text.replace(QLatin1Char('\n'), QChar(QChar::LineSeparator));
        r.text += text;
        r.byteToChar.assign(std::size_t(line.text.size() + 1), r.textStart);
    } else {
        r.text += displayText(line.text, &r.byteToChar);
        for (int &index : r.byteToChar)
            index += r.textStart;
    }
    if (const QColor c = m_palette.levelColor(a.level); c.isValid()) {
        QTextCharFormat f;
        f.setForeground(c);
        addFormat(r.textStart, int(r.text.size()) - r.textStart, f);
    }
    r.background = m_palette.sconeBackground(a.scone);
    if (search && !search->isEmpty() && !pretty) {
        QTextCharFormat f;
        f.setBackground(currentMatch ? m_palette.currentMatchBackground() : m_palette.matchBackground());
        for (const auto &[start, end] : search->findAll(line.text)) {
            const int from = r.byteToChar[std::size_t(start)];
            const int to = r.byteToChar[std::size_t(end)];
            addFormat(from, to - from, f);
        }
    }
    return r;
}

}  // namespace workbench::ui
