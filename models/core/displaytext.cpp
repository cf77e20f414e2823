// SPDX-License-Identifier: Apache-2.0
#include "core/displaytext.h"

namespace workbench::models {

namespace {

bool isC0OrDel(char16_t u)
{
    return u < 0x20 || u == 0x7f;
}

/// Characters that are invisible or change how text around them is shown: C1 controls, NEL,
/// line/paragraph separators, bidi embeddings/overrides/isolates and marks, zero-width
/// characters, the BOM, interlinear annotation and the object replacement anchors.
bool isInvisibleFormat(char16_t u)
{
    return (u >= 0x80 && u <= 0x9f) || u == 0x061c || (u >= 0x200b && u <= 0x200f) || (u >= 0x2028 && u <= 0x202e) ||
           (u >= 0x2060 && u <= 0x2069) || u == 0xfeff || (u >= 0xfff9 && u <= 0xfffb);
}

QString hex(char16_t u, int digits)
{
    return QString::number(u, 16).rightJustified(digits, QLatin1Char('0'));
}

}  // namespace

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text)
        if (isC0OrDel(c.unicode()) || isInvisibleFormat(c.unicode()))
            return true;
    return false;
}

QString escapeControlCharacters(const QString &text)
{
    if (!hasControlCharacters(text))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            out += QLatin1String("\\n");
        else if (u == u'\r')
            out += QLatin1String("\\r");
        else if (u == u'\t')
            out += QLatin1String("\\t");
        else if (isC0OrDel(u))
            out += QLatin1String("\\x") + hex(u, 2);
        else if (isInvisibleFormat(u))
            out += QLatin1String("\\u") + hex(u, 4);
        else
            out += c;
    }
    return out;
}

QString showControlCharacters(const QString &text, bool keepLineBreaks)
{
    if (!hasControlCharacters(text))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (keepLineBreaks && (u == u'\n' || u == u'\t'))
            out += c;
        else if (u == 0x7f)
            out += QChar(0x2421);  // ␡
        else if (u < 0x20)
            out += QChar(char16_t(0x2400 + u));  // ␀ … ␟
        else if (isInvisibleFormat(u))
            out += QLatin1String("\\u") + hex(u, 4);
        else
            out += c;
    }
    return out;
}

}  // namespace workbench::models
