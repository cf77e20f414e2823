// SPDX-License-Identifier: Apache-2.0
#include "policy/variableresolver.h"

#include <algorithm>

namespace workbench::models::policy {

namespace {

const QLatin1String kSconePrefix("$$SCONE::");

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

bool isShellName(QStringView s)
{
    if (s.isEmpty() || !isNameStart(s.front()))
        return false;
    for (const QChar c : s)
        if (!isNameChar(c))
            return false;
    return true;
}

bool isMeshName(QStringView s)
{
    if (s.isEmpty() || !isNameStart(s.front()) || s.back() == QLatin1Char('.'))
        return false;
    for (const QChar c : s)
        if (!isNameChar(c) && c != QLatin1Char('.') && c != QLatin1Char('-'))
            return false;
    return true;
}

/// End (exclusive) of a `$$SCONE::…$$` token starting at @p i, or -1.
qsizetype sconeTokenEnd(const QString &text, qsizetype i)
{
    if (!QStringView(text).mid(i).startsWith(kSconePrefix))
        return -1;
    const qsizetype close = text.indexOf(QLatin1String("$$"), i + kSconePrefix.size());
    if (close < 0)
        return -1;
    // A placeholder never spans lines.
    const qsizetype nl = text.indexOf(QLatin1Char('\n'), i);
    if (nl >= 0 && nl < close)
        return -1;
    return close + 2;
}

/// End (exclusive) of a `{{ … }}` token starting at @p i (which points at `{{`), honouring
/// quotes inside (defaults like `default(value="{{X}}")`), or -1.
qsizetype meshTokenEnd(const QString &text, qsizetype i)
{
    QChar quote;
    for (qsizetype j = i + 2; j + 1 < text.size(); ++j) {
        const QChar c = text.at(j);
        if (!quote.isNull()) {
            if (c == QLatin1Char('\\'))
                ++j;
            else if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            quote = c;
        else if (c == QLatin1Char('\n'))
            return -1;
        else if (c == QLatin1Char('}') && text.at(j + 1) == QLatin1Char('}'))
            return j + 2;
    }
    return -1;
}

/// Parses `default(value="x")` (also single quotes or a bare number/word). Returns false if
/// @p filter is not a default filter with a readable value.
bool parseDefaultFilter(QStringView filter, QString *value)
{
    if (!filter.startsWith(QLatin1String("default")))
        return false;
    QStringView rest = filter.mid(7).trimmed();
    if (!rest.startsWith(QLatin1Char('(')) || !rest.endsWith(QLatin1Char(')')))
        return false;
    rest = rest.mid(1, rest.size() - 2).trimmed();
    if (!rest.startsWith(QLatin1String("value")))
        return false;
    rest = rest.mid(5).trimmed();
    if (!rest.startsWith(QLatin1Char('=')))
        return false;
    rest = rest.mid(1).trimmed();
    if (rest.size() >= 2 && (rest.front() == QLatin1Char('"') || rest.front() == QLatin1Char('\'')) &&
        rest.back() == rest.front()) {
        QString v;
        for (qsizetype k = 1; k + 1 < rest.size(); ++k) {
            if (rest.at(k) == QLatin1Char('\\') && k + 2 < rest.size())
                ++k;
            v += rest.at(k);
        }
        *value = v;
        return true;
    }
    if (rest.isEmpty())
        return false;
    *value = rest.toString();
    return true;
}

void applyCaseFilter(QStringView filter, QString *value, bool *known)
{
    *known = true;
    if (filter == QLatin1String("upper"))
        *value = value->toUpper();
    else if (filter == QLatin1String("lower"))
        *value = value->toLower();
    else if (filter == QLatin1String("trim"))
        *value = value->trimmed();
    else
        *known = false;
}

}  // namespace

VariableMap toVariableMap(const QMap<QString, QString> &vars)
{
    VariableMap m;
    m.reserve(vars.size());
    for (auto it = vars.cbegin(); it != vars.cend(); ++it)
        m.insert(it.key(), it.value());
    return m;
}

ResolvedText resolveShellVariables(const QString &text, const VariableMap &vars)
{
    ResolvedText r;
    if (!text.contains(QLatin1Char('$'))) {
        r.text = text;
        return r;
    }
    r.text.reserve(text.size());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('{') && i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
            const qsizetype end = meshTokenEnd(text, i);
            if (end > 0) {  // a mesh-time token belongs to the next stage
                r.text += QStringView(text).mid(i, end - i);
                i = end;
                continue;
            }
        }
        if (c != QLatin1Char('$')) {
            r.text += c;
            ++i;
            continue;
        }
        if (const qsizetype end = sconeTokenEnd(text, i); end > 0) {
            r.text += QStringView(text).mid(i, end - i);
            i = end;
            continue;
        }
        qsizetype nameStart = -1, nameEnd = -1, tokenEnd = -1;
        if (i + 1 < n && text.at(i + 1) == QLatin1Char('{')) {
            const qsizetype close = text.indexOf(QLatin1Char('}'), i + 2);
            if (close > 0 && isShellName(QStringView(text).mid(i + 2, close - i - 2))) {
                nameStart = i + 2;
                nameEnd = close;
                tokenEnd = close + 1;
            }
        } else if (i + 1 < n && isNameStart(text.at(i + 1))) {
            nameStart = i + 1;
            nameEnd = nameStart;
            while (nameEnd < n && isNameChar(text.at(nameEnd)))
                ++nameEnd;
            tokenEnd = nameEnd;
        }
        if (nameStart < 0) {  // a lone `$` (or `${…}` that is no name): literal, as envsubst does
            r.text += c;
            ++i;
            continue;
        }
        const QString name = text.mid(nameStart, nameEnd - nameStart);
        const auto it = vars.constFind(name);
        if (it != vars.cend()) {
            r.text += it.value();
        } else {
            r.unresolved.append({name, VariableSyntax::Shell, int(i), int(tokenEnd - i), {}});
            r.text += QStringView(text).mid(i, tokenEnd - i);
        }
        i = tokenEnd;
    }
    return r;
}

ResolvedText resolveMeshVariables(const QString &text, const VariableMap &vars)
{
    return resolveMeshVariablesIn(text, VariableScope(&vars));
}

ResolvedText resolveMeshVariablesIn(const QString &text, const VariableScope &vars)
{
    ResolvedText r;
    if (!text.contains(QLatin1Char('{'))) {
        r.text = text;
        return r;
    }
    r.text.reserve(text.size());
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('$')) {
            if (const qsizetype end = sconeTokenEnd(text, i); end > 0) {
                r.text += QStringView(text).mid(i, end - i);
                i = end;
                continue;
            }
        }
        if (c != QLatin1Char('{') || i + 1 >= n) {
            r.text += c;
            ++i;
            continue;
        }
        const QChar next = text.at(i + 1);
        if (next == QLatin1Char('%')) {
            const qsizetype close = text.indexOf(QLatin1String("%}"), i + 2);
            const QString stmt = close > 0 ? text.mid(i + 2, close - i - 2).trimmed() : QString();
            if (stmt == QLatin1String("raw")) {
                const qsizetype endRaw = text.indexOf(QLatin1String("{% endraw %}"), close + 2);
                const qsizetype endRaw2 = endRaw >= 0 ? endRaw : text.indexOf(QLatin1String("{%endraw%}"), close + 2);
                if (endRaw2 >= 0) {
                    r.text += QStringView(text).mid(close + 2, endRaw2 - close - 2);
                    i = text.indexOf(QLatin1String("%}"), endRaw2) + 2;
                    continue;
                }
            }
            const qsizetype tokenEnd = close > 0 ? close + 2 : n;
            r.unresolved.append({stmt.isEmpty() ? QStringLiteral("{%") : stmt, VariableSyntax::Mesh, int(i),
                                 int(tokenEnd - i),
                                 QStringLiteral("template statements ({% … %}) are not evaluated by the preview")});
            r.text += QStringView(text).mid(i, tokenEnd - i);
            i = tokenEnd;
            continue;
        }
        if (next == QLatin1Char('#')) {  // Tera comment
            const qsizetype close = text.indexOf(QLatin1String("#}"), i + 2);
            if (close > 0) {
                i = close + 2;
                continue;
            }
        }
        if (next != QLatin1Char('{')) {
            r.text += c;
            ++i;
            continue;
        }
        const qsizetype end = meshTokenEnd(text, i);
        if (end < 0) {
            r.unresolved.append({QStringLiteral("{{"), VariableSyntax::Mesh, int(i), 2,
                                 QStringLiteral("unterminated {{ (missing }})")});
            r.text += QStringView(text).mid(i);
            break;
        }
        const QString inner = text.mid(i + 2, end - i - 4);
        // Split on '|' outside quotes.
        QStringList parts;
        {
            QString cur;
            QChar quote;
            for (const QChar ch : inner) {
                if (!quote.isNull()) {
                    if (ch == quote)
                        quote = QChar();
                } else if (ch == QLatin1Char('"') || ch == QLatin1Char('\'')) {
                    quote = ch;
                } else if (ch == QLatin1Char('|')) {
                    parts << cur.trimmed();
                    cur.clear();
                    continue;
                }
                cur += ch;
            }
            parts << cur.trimmed();
        }
        const QString name = parts.value(0);
        VariableReference ref{name, VariableSyntax::Mesh, int(i), int(end - i), {}};
        if (!isMeshName(name)) {
            ref.problem =
                QStringLiteral("\"%1\" is not a variable name (expressions are not evaluated)").arg(inner.trimmed());
            r.unresolved.append(ref);
            r.text += QStringView(text).mid(i, end - i);
            i = end;
            continue;
        }
        bool have = false;
        QString value;
        if (const QString *found = vars.find(name)) {
            have = true;
            value = *found;
        }
        bool failed = false;
        for (qsizetype p = 1; p < parts.size(); ++p) {
            const QString &filter = parts.at(p);
            QString def;
            if (parseDefaultFilter(filter, &def)) {
                if (!have) {
                    // The default may itself hold a mesh variable ({{APP_SERVICE_PORT}}).
                    const ResolvedText inner2 = resolveMeshVariablesIn(def, vars);
                    if (!inner2.ok()) {
                        failed = true;
                        ref.problem = QStringLiteral("its default refers to %1, which is not defined")
                                          .arg(inner2.unresolved.front().name);
                    }
                    value = inner2.text;
                    have = true;
                }
                continue;
            }
            bool known = false;
            applyCaseFilter(filter, &value, &known);
            if (!known) {
                failed = true;
                ref.problem = QStringLiteral("unknown filter \"%1\"").arg(filter);
            }
        }
        if (!have || failed) {
            r.unresolved.append(ref);
            r.text += QStringView(text).mid(i, end - i);
        } else {
            r.text += value;
        }
        i = end;
    }
    return r;
}

ResolvedText resolveAllVariables(const QString &text, const VariableMap &shellVars, const VariableMap &meshVars)
{
    ResolvedText first = resolveShellVariables(text, shellVars);
    ResolvedText second = resolveMeshVariables(first.text, meshVars);
    // Offsets of the second stage refer to the intermediate text; good enough for reporting.
    first.text = std::move(second.text);
    first.unresolved += second.unresolved;
    return first;
}

QList<VariableReference> findVariableReferences(const QString &text)
{
    const ResolvedText a = resolveShellVariables(text, {});
    QList<VariableReference> refs = a.unresolved;
    // With no shell variables defined the text is unchanged, so mesh offsets match too.
    const ResolvedText b = resolveMeshVariables(text, {});
    for (const VariableReference &ref : b.unresolved)
        if (ref.name != QLatin1String("{{"))
            refs.append(ref);
    std::sort(refs.begin(), refs.end(),
              [](const VariableReference &x, const VariableReference &y) { return x.offset < y.offset; });
    return refs;
}

QList<SconePlaceholder> findSconePlaceholders(const QString &text)
{
    QList<SconePlaceholder> out;
    qsizetype i = text.indexOf(kSconePrefix);
    while (i >= 0) {
        const qsizetype end = sconeTokenEnd(text, i);
        if (end < 0)
            break;
        QString body = text.mid(i + kSconePrefix.size(), end - 2 - i - kSconePrefix.size());
        const qsizetype bar = body.indexOf(QLatin1Char('|'));
        if (bar >= 0)
            body.truncate(bar);
        qsizetype sep = -1;
        for (qsizetype k = 0; k < body.size(); ++k)
            if (body.at(k) == QLatin1Char(':') || body.at(k) == QLatin1Char('.')) {
                sep = k;
                break;
            }
        SconePlaceholder p;
        p.secret = sep < 0 ? body : body.left(sep);
        p.format = sep < 0 ? QString() : body.mid(sep);
        p.offset = int(i);
        p.length = int(end - i);
        out.append(p);
        i = text.indexOf(kSconePrefix, end);
    }
    return out;
}

}  // namespace workbench::models::policy
