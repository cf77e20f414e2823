// SPDX-License-Identifier: Apache-2.0
#include "manifest/templatetokens.h"

namespace workbench::models {

namespace {
bool isNameStart(QChar c)
{
    return c.isLetter() || c == QLatin1Char('_');
}
bool isNameChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}
const QLatin1String kPrefix("$$SCONE::");
}  // namespace

QList<SecretReference> findSecretReferences(QStringView text)
{
    QList<SecretReference> out;
    qsizetype from = 0;
    while (true) {
        const qsizetype at = text.indexOf(kPrefix, from);
        if (at < 0)
            break;
        SecretReference r;
        r.offset = int(at);
        const qsizetype bodyStart = at + kPrefix.size();
        // the body ends at the next "$$" on the same line
        qsizetype end = bodyStart;
        while (end < text.size() && text.at(end) != QLatin1Char('\n') &&
               !(text.at(end) == QLatin1Char('$') && end + 1 < text.size() && text.at(end + 1) == QLatin1Char('$')))
            ++end;
        const bool closed =
            end + 1 < text.size() && text.at(end) == QLatin1Char('$') && text.at(end + 1) == QLatin1Char('$');
        QStringView body = text.mid(bodyStart, end - bodyStart);
        if (!closed) {
            // take the name-ish part only
            qsizetype k = 0;
            while (k < body.size() && !body.at(k).isSpace() && body.at(k) != QLatin1Char('"') &&
                   body.at(k) != QLatin1Char('\''))
                ++k;
            body = body.left(k);
            r.malformed = true;
            r.length = int(bodyStart + k - at);
        } else {
            r.length = int(end + 2 - at);
        }
        r.raw = text.mid(at, r.length).toString();
        QStringView spec = body;
        const qsizetype bar = spec.indexOf(QLatin1Char('|'));
        if (bar >= 0) {
            r.encoding = spec.mid(bar + 1).toString();
            spec = spec.left(bar);
        }
        qsizetype n = 0;
        while (n < spec.size() && spec.at(n) != QLatin1Char(':') && spec.at(n) != QLatin1Char('.'))
            ++n;
        r.name = spec.left(n).toString();
        if (n < spec.size()) {
            r.legacy = spec.at(n) == QLatin1Char('.');
            r.format = spec.mid(n + 1).toString();
        }
        if (r.name.isEmpty())
            r.malformed = true;
        out.append(r);
        from = at + qMax(r.length, 1);
    }
    return out;
}

QList<TemplateVariable> findTemplateVariables(QStringView text)
{
    QList<TemplateVariable> out;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('{') && i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
            const qsizetype close = text.indexOf(QLatin1String("}}"), i + 2);
            if (close < 0)
                break;
            QStringView inner = text.mid(i + 2, close - i - 2).trimmed();
            // `{{ name | default(value="x") }}`: the variable is before the filter
            const qsizetype bar = inner.indexOf(QLatin1Char('|'));
            if (bar >= 0)
                inner = inner.left(bar).trimmed();
            TemplateVariable v;
            v.kind = TemplateVariable::Kind::MeshTime;
            v.name = inner.toString();
            v.raw = text.mid(i, close + 2 - i).toString();
            v.offset = int(i);
            v.length = int(close + 2 - i);
            bool ok = !v.name.isEmpty() && isNameStart(v.name.front());
            for (const QChar ch : std::as_const(v.name))
                ok = ok && (isNameChar(ch) || ch == QLatin1Char('.'));
            if (ok)
                out.append(v);
            i = close + 2;
            continue;
        }
        if (c == QLatin1Char('{') && i + 1 < n && text.at(i + 1) == QLatin1Char('%')) {
            const qsizetype close = text.indexOf(QLatin1String("%}"), i + 2);
            i = close < 0 ? n : close + 2;
            continue;
        }
        if (c == QLatin1Char('$')) {
            if (text.mid(i).startsWith(QLatin1String("$$SCONE::"))) {
                qsizetype e = i + 9;
                while (e + 1 < n && !(text.at(e) == QLatin1Char('$') && text.at(e + 1) == QLatin1Char('$')) &&
                       text.at(e) != QLatin1Char('\n'))
                    ++e;
                i = (e + 1 < n && text.at(e) == QLatin1Char('$')) ? e + 2 : e;
                continue;
            }
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('$')) {  // `$$` escape
                i += 2;
                continue;
            }
            if (i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
                const qsizetype close = text.indexOf(QLatin1Char('}'), i + 2);
                if (close > i + 2) {
                    TemplateVariable v;
                    v.kind = TemplateVariable::Kind::Shell;
                    v.name = text.mid(i + 2, close - i - 2).toString();
                    v.raw = text.mid(i, close + 1 - i).toString();
                    v.offset = int(i);
                    v.length = int(close + 1 - i);
                    // `${VAR:-default}` style: the name is up to the first non-name char
                    qsizetype k = 0;
                    while (k < v.name.size() && isNameChar(v.name.at(k)))
                        ++k;
                    v.name.truncate(k);
                    if (!v.name.isEmpty() && isNameStart(v.name.front()))
                        out.append(v);
                    i = close + 1;
                    continue;
                }
            } else if (i + 1 < n && isNameStart(text.at(i + 1))) {
                qsizetype e = i + 1;
                while (e < n && isNameChar(text.at(e)))
                    ++e;
                TemplateVariable v;
                v.kind = TemplateVariable::Kind::Shell;
                v.name = text.mid(i + 1, e - i - 1).toString();
                v.raw = text.mid(i, e - i).toString();
                v.offset = int(i);
                v.length = int(e - i);
                out.append(v);
                i = e;
                continue;
            }
        }
        ++i;
    }
    return out;
}

bool isTemplated(QStringView text)
{
    // character searches first: the substring searches only run on text with a `{`
    return text.contains(QLatin1Char('$')) || (text.contains(QLatin1Char('{')) && (text.contains(QLatin1String("{{")) ||
                                                                                   text.contains(QLatin1String("{%"))));
}

}  // namespace workbench::models
