// SPDX-License-Identifier: Apache-2.0
#include "policy/detail/yamlwriter.h"

#include <algorithm>
#include <cstring>

namespace workbench::models::policy::detail {

namespace {

bool isLineBreakLike(char16_t c)
{
    return c == u'\n' || c == u'\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool isControl(char16_t c)
{
    return (c < 0x20 && c != u'\t') || c == 0x7f || c == 0xfeff || (c >= 0x80 && c < 0xa0) || c == 0x2028 ||
           c == 0x2029;
}

bool isReservedWord(const QString &v)
{
    static const char *const words[] = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"};
    const qsizetype n = v.size();
    if (n == 0 || n > 5)
        return false;
    // ASCII (nearly every value): lowercase into a buffer and compare bytes. Other text takes
    // the case-insensitive compare, where a character such as U+017F folds to an ASCII letter.
    char lower[5];
    bool ascii = true;
    for (qsizetype i = 0; i < n && ascii; ++i) {
        const char16_t c = v.at(i).unicode();
        ascii = c < 0x80;
        lower[i] = char(c >= u'A' && c <= u'Z' ? c + (u'a' - u'A') : c);
    }
    for (const char *w : words) {
        if (ascii ? (qsizetype(std::strlen(w)) == n && std::memcmp(lower, w, size_t(n)) == 0)
                  : v.compare(QLatin1String(w), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString blockIndicator(const QString &value)
{
    int trailing = 0;
    for (int i = value.size() - 1; i >= 0 && value.at(i) == QLatin1Char('\n'); --i)
        ++trailing;
    QString header = QStringLiteral("|");
    // An explicit indentation indicator when the first non-empty line starts with a space.
    const QStringList lines = value.split(QLatin1Char('\n'));
    for (const QString &l : lines) {
        if (l.trimmed().isEmpty()) {
            if (!l.isEmpty()) {
                header += QLatin1Char('2');
                break;
            }
            continue;
        }
        if (l.startsWith(QLatin1Char(' ')))
            header += QLatin1Char('2');
        break;
    }
    if (trailing == 0)
        header += QLatin1Char('-');
    else if (trailing > 1)
        header += QLatin1Char('+');
    return header;
}

bool canBeBlock(const QString &value)
{
    if (!value.contains(QLatin1Char('\n')))
        return false;
    bool hasContent = false;
    for (const QChar ch : value) {
        const char16_t c = ch.unicode();
        if (c == u'\n')
            continue;
        if (isControl(c) || isLineBreakLike(c))
            return false;
        hasContent = true;
    }
    return hasContent;
}

}  // namespace

bool isPlainSafe(const QString &v)
{
    if (v.isEmpty())
        return false;
    const QChar *d = v.constData();
    const qsizetype n = v.size();
    const char16_t first = d[0].unicode();
    if (d[0].isSpace() || d[n - 1].isSpace() || d[n - 1] == QLatin1Char(':'))
        return false;
    switch (first) {
    case u'-':
    case u'?':
    case u':':
    case u',':
    case u'[':
    case u']':
    case u'{':
    case u'}':
    case u'#':
    case u'&':
    case u'*':
    case u'!':
    case u'|':
    case u'>':
    case u'\'':
    case u'"':
    case u'%':
    case u'@':
    case u'`':
        return false;
    default:
        break;
    }
    if (first >= u'0' && first <= u'9')
        return false;
    // `+1`, `.5`, `.inf`, `.NaN` read as numbers; `../x` and `+x` are plain text.
    if (first == u'+' || first == u'.') {
        if (n == 1)
            return false;
        const char16_t second = d[1].unicode();
        if ((second >= u'0' && second <= u'9') || second == u'i' || second == u'I' || second == u'n' || second == u'N')
            return false;
    }
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = d[i].unicode();
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff || c == 0x2028 || c == 0x2029)
            return false;  // controls, tabs and line breaks
        if (c == u':' && i + 1 < n && d[i + 1] == QLatin1Char(' '))
            return false;
        if (c == u'#' && i > 0 && d[i - 1] == QLatin1Char(' '))
            return false;
    }
    return !isReservedWord(v);
}

void appendQuoted(QString &out, const QString &value)
{
    out += QLatin1Char('"');
    for (const QChar ch : value) {
        const char16_t c = ch.unicode();
        switch (c) {
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'"':
            out += QLatin1String("\\\"");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        case u'\t':
            out += QLatin1String("\\t");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case 0x85:
            out += QLatin1String("\\N");
            break;
        case 0x2028:
            out += QLatin1String("\\L");
            break;
        case 0x2029:
            out += QLatin1String("\\P");
            break;
        default:
            if (isControl(c))
                out += QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0'));
            else
                out += ch;
        }
    }
    out += QLatin1Char('"');
}

QString yamlQuoted(const QString &value)
{
    QString out;
    out.reserve(value.size() + 2);
    appendQuoted(out, value);
    return out;
}

QString yamlScalar(const QString &value)
{
    return isPlainSafe(value) ? value : yamlQuoted(value);
}

void YamlWriter::begin(int indent)
{
    static const QString spaces(64, QLatin1Char(' '));
    if (m_out.text.isEmpty()) {
        m_out.text.reserve(4096);
    }
    m_out.text += QStringView(spaces).left(std::min<qsizetype>(indent, spaces.size()));
}

void YamlWriter::scalar(const QString &value)
{
    if (isPlainSafe(value))
        m_out.text += value;
    else
        appendQuoted(m_out.text, value);
}

void YamlWriter::end(const SourceRef &src)
{
    m_out.text += QLatin1Char('\n');
    m_out.appendLineSource(src);
}

void YamlWriter::line(int indent, const QString &text, const SourceRef &src)
{
    begin(indent);
    m_out.text += text;
    end(src);
}

void YamlWriter::block(int contentIndent, const QString &value, const SourceRef &src)
{
    m_out.text += blockIndicator(value);
    end(src);
    QStringView body(value);
    if (body.endsWith(QLatin1Char('\n')))
        body.chop(1);  // the final newline is expressed by the chomping indicator
    for (const QStringView l : body.split(QLatin1Char('\n'))) {
        if (!l.isEmpty()) {
            begin(contentIndent);
            m_out.text += l;
        }
        end(src);
    }
}

void YamlWriter::keyValue(int indent, const QString &key, const QString &value, const SourceRef &src)
{
    begin(indent);
    scalar(key);
    m_out.text += QLatin1Char(':');
    m_out.text += QLatin1Char(' ');
    if (canBeBlock(value))
        block(indent + 2, value, src);
    else {
        scalar(value);
        end(src);
    }
}

void YamlWriter::keyQuoted(int indent, const QString &key, const QString &value, const SourceRef &src)
{
    begin(indent);
    scalar(key);
    m_out.text += QLatin1String(": ");
    appendQuoted(m_out.text, value);
    end(src);
}

void YamlWriter::keyRaw(int indent, const QString &key, const QString &raw, const SourceRef &src)
{
    begin(indent);
    scalar(key);
    m_out.text += QLatin1String(": ");
    m_out.text += raw;
    end(src);
}

void YamlWriter::key(int indent, const QString &key, const SourceRef &src)
{
    begin(indent);
    scalar(key);
    m_out.text += QLatin1Char(':');
    end(src);
}

void YamlWriter::item(int indent, const QString &value, const SourceRef &src)
{
    begin(indent);
    m_out.text += QLatin1String("- ");
    if (canBeBlock(value))
        block(indent + 2, value, src);
    else {
        scalar(value);
        end(src);
    }
}

void YamlWriter::itemKeyValue(int indent, const QString &key, const QString &value, const SourceRef &src)
{
    begin(indent);
    m_out.text += QLatin1String("- ");
    scalar(key);
    m_out.text += QLatin1String(": ");
    if (canBeBlock(value))
        block(indent + 4, value, src);
    else {
        scalar(value);
        end(src);
    }
}

void YamlWriter::itemKey(int indent, const QString &key, const SourceRef &src)
{
    begin(indent);
    m_out.text += QLatin1String("- ");
    scalar(key);
    m_out.text += QLatin1Char(':');
    end(src);
}

void YamlWriter::list(int indent, const QString &key, const QStringList &values, const SourceRef &src)
{
    if (values.isEmpty()) {
        keyRaw(indent, key, QStringLiteral("[]"), src);
        return;
    }
    this->key(indent, key, src);
    for (const QString &v : values)
        item(indent + 2, v, src);
}

void YamlWriter::comment(int indent, const QString &text)
{
    line(indent, QStringLiteral("# ") + text);
}

RenderedText YamlWriter::take()
{
    RenderedText out = std::move(m_out);
    m_out = {};
    // begin() reserves for a long text; a render keeps thousands of short ones.
    out.text.squeeze();
    out.squeeze();
    return out;
}

}  // namespace workbench::models::policy::detail
