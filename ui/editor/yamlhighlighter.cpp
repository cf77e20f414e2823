// SPDX-License-Identifier: Apache-2.0
#include "editor/yamlhighlighter.h"

#include "common/theme.h"

#include <QFont>

namespace workbench::ui {

namespace {
bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

int skipBlanks(const QString &t, int i)
{
    while (i < t.size() && isBlank(t.at(i)))
        ++i;
    return i;
}

bool isCommentStart(const QString &t, int i)
{
    return t.at(i) == QLatin1Char('#') && (i == 0 || isBlank(t.at(i - 1)));
}

bool isConstant(QStringView v)
{
    static const char *const words[] = {"true", "false", "True",  "False", "TRUE", "FALSE", "yes",
                                        "no",   "Yes",   "No",    "YES",   "NO",   "on",    "off",
                                        "On",   "Off",   "ON",    "OFF",   "null", "Null",  "NULL",
                                        "~",    ".inf",  "-.inf", "+.inf", ".nan", ".NaN",  ".Inf"};
    for (const char *w : words)
        if (v == QLatin1String(w))
            return true;
    return false;
}

bool isNumber(QStringView v)
{
    if (v.isEmpty())
        return false;
    int i = 0;
    if (v.at(0) == QLatin1Char('-') || v.at(0) == QLatin1Char('+'))
        ++i;
    if (i >= v.size())
        return false;
    if (v.size() > i + 2 && v.at(i) == QLatin1Char('0') &&
        (v.at(i + 1) == QLatin1Char('x') || v.at(i + 1) == QLatin1Char('o'))) {
        for (int j = i + 2; j < v.size(); ++j)
            if (!v.at(j).isLetterOrNumber())
                return false;
        return true;
    }
    bool digits = false, dot = false, exp = false;
    for (int j = i; j < v.size(); ++j) {
        const QChar c = v.at(j);
        if (c.isDigit()) {
            digits = true;
        } else if (c == QLatin1Char('.') && !dot && !exp) {
            dot = true;
        } else if ((c == QLatin1Char('e') || c == QLatin1Char('E')) && digits && !exp) {
            exp = true;
            if (j + 1 < v.size() && (v.at(j + 1) == QLatin1Char('-') || v.at(j + 1) == QLatin1Char('+')))
                ++j;
        } else {
            return false;
        }
    }
    return digits;
}

bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
}  // namespace

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    updateColors();
}

void YamlHighlighter::updateColors()
{
    const bool dark = theme::isDark();
    auto make = [dark](const char *light, const char *darkColor, bool bold = false, bool italic = false) {
        QTextCharFormat f;
        f.setForeground(QColor(QLatin1String(dark ? darkColor : light)));
        if (bold)
            f.setFontWeight(QFont::Bold);
        if (italic)
            f.setFontItalic(true);
        return f;
    };
    m_formats[int(Token::Key)] = make("#1f5fa8", "#79b8ff");
    m_formats[int(Token::String)] = make("#2e7d32", "#9ccc65");
    m_formats[int(Token::Number)] = make("#b5520b", "#f0a35e");
    m_formats[int(Token::Constant)] = make("#8e24aa", "#d7a3ff");
    m_formats[int(Token::Comment)] = make("#6a737d", "#8b949e", false, true);
    m_formats[int(Token::Punctuation)] = make("#57606a", "#9da5b0");
    m_formats[int(Token::Anchor)] = make("#a0522d", "#e6a26b");
    m_formats[int(Token::Tag)] = make("#795e26", "#dcdcaa");
    m_formats[int(Token::DocumentMarker)] = make("#57606a", "#9da5b0", true);
    m_formats[int(Token::BlockScalar)] = make("#2e7d32", "#9ccc65");
    m_formats[int(Token::ShellVariable)] = make("#00838f", "#4dd0e1", true);
    QTextCharFormat mesh = make("#ad1457", "#f48fb1", true);
    mesh.setBackground(QColor(QLatin1String(dark ? "#3a1f2b" : "#fce4ec")));
    m_formats[int(Token::MeshVariable)] = mesh;
    QTextCharFormat scone = make("#6d4c00", "#ffd54f", true);
    scone.setBackground(QColor(QLatin1String(dark ? "#3d3415" : "#fff3c4")));
    m_formats[int(Token::SconePlaceholder)] = scone;
    rehighlight();
}

QTextCharFormat YamlHighlighter::format(Token token) const
{
    return m_formats[int(token)];
}

void YamlHighlighter::setTokenFormat(int start, int length, Token token)
{
    if (length > 0)
        setFormat(start, length, m_formats[int(token)]);
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    const int len = int(text.size());
    const int prev = previousBlockState();
    setCurrentBlockState(-1);

    if (prev >= 0) {  // inside a block scalar
        const int indent = skipBlanks(text, 0);
        if (indent == len || indent > prev) {
            setTokenFormat(0, len, Token::BlockScalar);
            highlightTemplates(text, 0, len);
            setCurrentBlockState(prev);
            return;
        }
    } else if (prev == kInDoubleQuoted || prev == kInSingleQuoted) {
        bool closed = false;
        const QChar quote = prev == kInDoubleQuoted ? QLatin1Char('"') : QLatin1Char('\'');
        const int end = scanQuoted(text, -1, quote, &closed);
        setTokenFormat(0, end, Token::String);
        highlightTemplates(text, 0, end);
        if (!closed) {
            setCurrentBlockState(prev);
            return;
        }
        const int j = skipBlanks(text, end);
        if (j < len && text.at(j) == QLatin1Char('#'))
            setTokenFormat(j, len - j, Token::Comment);
        return;
    }

    int i = skipBlanks(text, 0);
    if (i >= len)
        return;
    if (i == 0 && len >= 3 && (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) &&
        (len == 3 || isBlank(text.at(3)))) {
        setTokenFormat(0, 3, Token::DocumentMarker);
        i = skipBlanks(text, 3);
        if (i < len)
            scanValue(text, i, -1);
        return;
    }
    if (text.at(i) == QLatin1Char('#')) {
        setTokenFormat(i, len - i, Token::Comment);
        return;
    }
    if (i == 0 && text.at(0) == QLatin1Char('%')) {
        setTokenFormat(0, len, Token::Tag);
        return;
    }
    int parentIndent = i;
    while (i < len && text.at(i) == QLatin1Char('-') && (i + 1 == len || isBlank(text.at(i + 1)))) {
        setTokenFormat(i, 1, Token::Punctuation);
        parentIndent = i;
        i = skipBlanks(text, i + 1);
    }
    if (i >= len)
        return;
    if (text.at(i) == QLatin1Char('#')) {
        setTokenFormat(i, len - i, Token::Comment);
        return;
    }

    // A key: quoted or plain, followed by ':' and a blank or the end of the line.
    int keyEnd = -1, colon = -1;
    const QChar c = text.at(i);
    if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
        bool closed = false;
        const int e = scanQuoted(text, i, c, &closed);
        const int j = skipBlanks(text, e);
        if (closed && j < len && text.at(j) == QLatin1Char(':') && (j + 1 == len || isBlank(text.at(j + 1)))) {
            keyEnd = e;
            colon = j;
        }
    } else if (c != QLatin1Char('[') && c != QLatin1Char('{') && c != QLatin1Char('&') && c != QLatin1Char('*') &&
               c != QLatin1Char('!') && c != QLatin1Char('|') && c != QLatin1Char('>')) {
        for (int j = i; j < len; ++j) {
            if (text.at(j) == QLatin1Char(':') && (j + 1 == len || isBlank(text.at(j + 1)))) {
                colon = j;
                keyEnd = j;
                while (keyEnd > i && isBlank(text.at(keyEnd - 1)))
                    --keyEnd;
                break;
            }
            if (isCommentStart(text, j))
                break;
        }
    }
    if (colon >= 0) {
        setTokenFormat(i, keyEnd - i, Token::Key);
        setTokenFormat(colon, 1, Token::Punctuation);
        const int keyColumn = i;
        i = skipBlanks(text, colon + 1);
        if (i < len)
            scanValue(text, i, keyColumn);
        return;
    }
    scanValue(text, i, parentIndent);
}

int YamlHighlighter::scanQuoted(const QString &text, int i, QChar quote, bool *closed)
{
    // i is the opening quote (or -1 when continuing a string from the previous line).
    const int len = int(text.size());
    int j = i + 1;
    while (j < len) {
        const QChar ch = text.at(j);
        if (quote == QLatin1Char('"') && ch == QLatin1Char('\\')) {
            j += 2;
            continue;
        }
        if (ch == quote) {
            if (quote == QLatin1Char('\'') && j + 1 < len && text.at(j + 1) == QLatin1Char('\'')) {
                j += 2;
                continue;
            }
            *closed = true;
            return j + 1;
        }
        ++j;
    }
    *closed = false;
    return len;
}

int YamlHighlighter::scanValue(const QString &text, int i, int parentIndent)
{
    const int len = int(text.size());
    while (i < len && (text.at(i) == QLatin1Char('&') || text.at(i) == QLatin1Char('!'))) {
        int e = i;
        while (e < len && !isBlank(text.at(e)))
            ++e;
        setTokenFormat(i, e - i, text.at(i) == QLatin1Char('&') ? Token::Anchor : Token::Tag);
        i = skipBlanks(text, e);
    }
    if (i >= len)
        return len;
    const QChar c = text.at(i);
    if (c == QLatin1Char('#')) {
        setTokenFormat(i, len - i, Token::Comment);
        return len;
    }
    if (c == QLatin1Char('*')) {
        int e = i;
        while (e < len && !isBlank(text.at(e)))
            ++e;
        setTokenFormat(i, e - i, Token::Anchor);
        const int j = skipBlanks(text, e);
        if (j < len && text.at(j) == QLatin1Char('#'))
            setTokenFormat(j, len - j, Token::Comment);
        return len;
    }
    if (c == QLatin1Char('|') || c == QLatin1Char('>')) {
        int e = i + 1;
        while (e < len && (text.at(e).isDigit() || text.at(e) == QLatin1Char('+') || text.at(e) == QLatin1Char('-')))
            ++e;
        const int j = skipBlanks(text, e);
        if (j == len || text.at(j) == QLatin1Char('#')) {
            setTokenFormat(i, e - i, Token::Punctuation);
            if (j < len)
                setTokenFormat(j, len - j, Token::Comment);
            setCurrentBlockState(qMax(parentIndent, 0));
            return len;
        }
    }
    if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
        bool closed = false;
        const int e = scanQuoted(text, i, c, &closed);
        setTokenFormat(i, e - i, Token::String);
        highlightTemplates(text, i, e);
        if (!closed) {
            setCurrentBlockState(c == QLatin1Char('"') ? kInDoubleQuoted : kInSingleQuoted);
            return len;
        }
        const int j = skipBlanks(text, e);
        if (j < len && text.at(j) == QLatin1Char('#'))
            setTokenFormat(j, len - j, Token::Comment);
        return len;
    }
    if (c == QLatin1Char('[') || c == QLatin1Char('{')) {
        // The flow collection ends where a comment starts outside quotes.
        int end = len;
        QChar inQuote;
        for (int j = i; j < len; ++j) {
            const QChar ch = text.at(j);
            if (!inQuote.isNull()) {
                if (ch == QLatin1Char('\\') && inQuote == QLatin1Char('"'))
                    ++j;
                else if (ch == inQuote)
                    inQuote = QChar();
            } else if (ch == QLatin1Char('"') || ch == QLatin1Char('\'')) {
                inQuote = ch;
            } else if (isCommentStart(text, j)) {
                end = j;
                break;
            }
        }
        scanFlow(text, i, end);
        if (end < len)
            setTokenFormat(end, len - end, Token::Comment);
        return len;
    }
    // Plain scalar up to a comment.
    int e = i;
    while (e < len && !isCommentStart(text, e))
        ++e;
    int vEnd = e;
    while (vEnd > i && isBlank(text.at(vEnd - 1)))
        --vEnd;
    const QStringView v = QStringView(text).mid(i, vEnd - i);
    setTokenFormat(i, vEnd - i, isNumber(v) ? Token::Number : isConstant(v) ? Token::Constant : Token::String);
    highlightTemplates(text, i, vEnd);
    if (e < len)
        setTokenFormat(e, len - e, Token::Comment);
    return len;
}

void YamlHighlighter::scanFlow(const QString &text, int from, int to)
{
    int j = from;
    while (j < to) {
        const QChar ch = text.at(j);
        if (ch == QLatin1Char('[') || ch == QLatin1Char(']') || ch == QLatin1Char('{') || ch == QLatin1Char('}') ||
            ch == QLatin1Char(',')) {
            setTokenFormat(j, 1, Token::Punctuation);
            ++j;
            continue;
        }
        if (isBlank(ch)) {
            ++j;
            continue;
        }
        if (ch == QLatin1Char('"') || ch == QLatin1Char('\'')) {
            bool closed = false;
            const int e = qMin(scanQuoted(text, j, ch, &closed), to);
            const int k = skipBlanks(text, e);
            const bool isKey = k < to && text.at(k) == QLatin1Char(':');
            setTokenFormat(j, e - j, isKey ? Token::Key : Token::String);
            j = e;
            continue;
        }
        // Plain token up to a flow indicator or ": ".
        int e = j;
        while (e < to) {
            const QChar t = text.at(e);
            if (t == QLatin1Char(',') || t == QLatin1Char('[') || t == QLatin1Char(']') || t == QLatin1Char('{') ||
                t == QLatin1Char('}'))
                break;
            if (t == QLatin1Char(':') && (e + 1 >= to || isBlank(text.at(e + 1)) || text.at(e + 1) == QLatin1Char(',')))
                break;
            ++e;
        }
        int vEnd = e;
        while (vEnd > j && isBlank(text.at(vEnd - 1)))
            --vEnd;
        if (e < to && text.at(e) == QLatin1Char(':')) {
            setTokenFormat(j, vEnd - j, Token::Key);
            setTokenFormat(e, 1, Token::Punctuation);
            j = e + 1;
            continue;
        }
        const QStringView v = QStringView(text).mid(j, vEnd - j);
        setTokenFormat(j, vEnd - j, isNumber(v) ? Token::Number : isConstant(v) ? Token::Constant : Token::String);
        j = qMax(e, j + 1);
    }
    highlightTemplates(text, from, to);
}

void YamlHighlighter::highlightTemplates(const QString &text, int from, int to)
{
    static const QLatin1String scone("$$SCONE::");
    int j = from;
    while (j < to) {
        const QChar ch = text.at(j);
        if (ch == QLatin1Char('$') && j + 1 < to) {
            const QChar next = text.at(j + 1);
            if (next == QLatin1Char('$')) {
                if (QStringView(text).mid(j, to - j).startsWith(scone)) {
                    const int k = int(text.indexOf(QLatin1String("$$"), j + scone.size()));
                    const int end = (k >= 0 && k + 2 <= to) ? k + 2 : to;
                    setTokenFormat(j, end - j, Token::SconePlaceholder);
                    j = end;
                } else {
                    j += 2;
                }
                continue;
            }
            if (next == QLatin1Char('{')) {
                const int k = int(text.indexOf(QLatin1Char('}'), j + 2));
                if (k >= 0 && k < to) {
                    setTokenFormat(j, k + 1 - j, Token::ShellVariable);
                    j = k + 1;
                    continue;
                }
            } else if (next.isLetter() || next == QLatin1Char('_')) {
                int k = j + 1;
                while (k < to && isNameChar(text.at(k)))
                    ++k;
                setTokenFormat(j, k - j, Token::ShellVariable);
                j = k;
                continue;
            }
        } else if (ch == QLatin1Char('{') && j + 1 < to &&
                   (text.at(j + 1) == QLatin1Char('{') || text.at(j + 1) == QLatin1Char('%'))) {
            const QLatin1String close(text.at(j + 1) == QLatin1Char('{') ? "}}" : "%}");
            const int k = int(text.indexOf(close, j + 2));
            if (k >= 0 && k + 2 <= to) {
                setTokenFormat(j, k + 2 - j, Token::MeshVariable);
                j = k + 2;
                continue;
            }
        }
        ++j;
    }
}

}  // namespace workbench::ui
