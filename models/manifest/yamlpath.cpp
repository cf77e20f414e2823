// SPDX-License-Identifier: Apache-2.0
#include "manifest/yamlpath.h"

namespace workbench::models {

namespace {
bool needsQuotes(const QString &key)
{
    if (key.isEmpty())
        return true;
    for (const QChar c : key)
        if (c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('"') ||
            c == QLatin1Char('=') || c.isSpace())
            return true;
    return false;
}

QString quoted(const QString &s)
{
    QString k = s;
    k.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    k.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + k + QLatin1Char('"');
}

Error pathError(const QString &text, int pos, const QString &what)
{
    return makeError(QStringLiteral("path.syntax"),
                     QStringLiteral("invalid path \"%1\" at character %2: %3").arg(text).arg(pos + 1).arg(what));
}

/// Reads a `"..."` string starting at text[pos] == '"'; advances pos past the closing quote.
bool readQuoted(const QString &text, int &pos, QString &out)
{
    ++pos;
    out.clear();
    while (pos < text.size()) {
        const QChar c = text.at(pos);
        if (c == QLatin1Char('\\') && pos + 1 < text.size()) {
            out.append(text.at(pos + 1));
            pos += 2;
            continue;
        }
        if (c == QLatin1Char('"')) {
            ++pos;
            return true;
        }
        out.append(c);
        ++pos;
    }
    return false;
}
}  // namespace

QString YamlPathSegment::toString() const
{
    switch (kind) {
    case Kind::Key:
        return QLatin1Char('.') + (needsQuotes(key) ? quoted(key) : key);
    case Kind::Index:
        return QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    case Kind::Selector: {
        bool plainValue = !selectorValue.isEmpty() && !selectorValue.contains(QLatin1Char(']')) &&
                          !selectorValue.contains(QLatin1Char('"'));
        return QLatin1Char('[') + key + QLatin1Char('=') + (plainValue ? selectorValue : quoted(selectorValue)) +
               QLatin1Char(']');
    }
    }
    return {};
}

Result<YamlPath> YamlPath::parse(const QString &text)
{
    YamlPath path;
    int pos = 0;
    const int n = int(text.size());
    bool expectKey = true;  // at start or after '.'
    bool first = true;
    while (pos < n) {
        const QChar c = text.at(pos);
        if (c == QLatin1Char('[')) {
            const int close = int(text.indexOf(QLatin1Char(']'), pos));
            // a quoted selector value may contain ']'
            int eq = -1;
            for (int i = pos + 1; i < n && text.at(i) != QLatin1Char(']'); ++i)
                if (text.at(i) == QLatin1Char('=')) {
                    eq = i;
                    break;
                }
            YamlPathSegment seg;
            if (eq >= 0) {
                seg.kind = YamlPathSegment::Kind::Selector;
                seg.key = text.mid(pos + 1, eq - pos - 1).trimmed();
                int p = eq + 1;
                while (p < n && text.at(p) == QLatin1Char(' '))
                    ++p;
                if (p < n && text.at(p) == QLatin1Char('"')) {
                    if (!readQuoted(text, p, seg.selectorValue))
                        return pathError(text, eq, QStringLiteral("unterminated quote"));
                    while (p < n && text.at(p) == QLatin1Char(' '))
                        ++p;
                    if (p >= n || text.at(p) != QLatin1Char(']'))
                        return pathError(text, p, QStringLiteral("expected ']'"));
                    pos = p + 1;
                } else {
                    const int e = int(text.indexOf(QLatin1Char(']'), p));
                    if (e < 0)
                        return pathError(text, pos, QStringLiteral("missing ']'"));
                    seg.selectorValue = text.mid(p, e - p).trimmed();
                    pos = e + 1;
                }
            } else {
                if (close < 0)
                    return pathError(text, pos, QStringLiteral("missing ']'"));
                bool ok = false;
                const QString num = text.mid(pos + 1, close - pos - 1).trimmed();
                seg.kind = YamlPathSegment::Kind::Index;
                seg.index = num.toInt(&ok);
                if (!ok)
                    return pathError(text, pos + 1,
                                     QStringLiteral("expected an index or key=value, got \"%1\"").arg(num));
                pos = close + 1;
            }
            path.segments.append(seg);
            expectKey = false;
            first = false;
            continue;
        }
        if (c == QLatin1Char('.')) {
            if (expectKey)
                return pathError(text, pos, QStringLiteral("empty key"));
            expectKey = true;
            ++pos;
            continue;
        }
        if (!expectKey && !first)
            return pathError(text, pos, QStringLiteral("expected '.' or '['"));
        YamlPathSegment seg;
        seg.kind = YamlPathSegment::Kind::Key;
        if (c == QLatin1Char('"')) {
            if (!readQuoted(text, pos, seg.key))
                return pathError(text, pos, QStringLiteral("unterminated quote"));
        } else {
            const int start = pos;
            while (pos < n && text.at(pos) != QLatin1Char('.') && text.at(pos) != QLatin1Char('['))
                ++pos;
            seg.key = text.mid(start, pos - start);
            if (seg.key.contains(QLatin1Char(']')))
                return pathError(text, start, QStringLiteral("unexpected ']'"));
        }
        path.segments.append(seg);
        expectKey = false;
        first = false;
    }
    if (expectKey && !path.segments.isEmpty())
        return pathError(text, n, QStringLiteral("path ends with '.'"));
    return path;
}

QString YamlPath::toString() const
{
    QString s;
    for (const YamlPathSegment &seg : segments)
        s += seg.toString();
    if (s.startsWith(QLatin1Char('.')))
        s.remove(0, 1);
    return s;
}

YamlPath YamlPath::parentPath() const
{
    YamlPath p = *this;
    if (!p.segments.isEmpty())
        p.segments.removeLast();
    return p;
}

YamlPath YamlPath::child(const QString &key) const
{
    YamlPath p = *this;
    YamlPathSegment seg;
    seg.kind = YamlPathSegment::Kind::Key;
    seg.key = key;
    p.segments.append(seg);
    return p;
}

YamlPath YamlPath::item(int index) const
{
    YamlPath p = *this;
    YamlPathSegment seg;
    seg.kind = YamlPathSegment::Kind::Index;
    seg.index = index;
    p.segments.append(seg);
    return p;
}

}  // namespace workbench::models
