// SPDX-License-Identifier: Apache-2.0
#include "project/textsearch.h"

namespace workbench::models {

Result<QRegularExpression> compileTextSearch(const TextSearchOptions &options)
{
    if (options.pattern.isEmpty())
        return makeError(QStringLiteral("search.empty"), QStringLiteral("Nothing to search for."));
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption;
    if (!options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    if (options.regex)
        flags |= QRegularExpression::MultilineOption;  // ^ and $ at every line, as in an editor
    QRegularExpression re(options.regex ? options.pattern : QRegularExpression::escape(options.pattern), flags);
    if (!re.isValid())
        return makeError(QStringLiteral("search.bad-regex"),
                         QStringLiteral("Invalid regular expression at character %1: %2")
                             .arg(re.patternErrorOffset() + 1)
                             .arg(re.errorString()));
    return re;
}

QList<TextMatch> findAllMatches(const QString &text, const QRegularExpression &re, int limit)
{
    QList<TextMatch> out;
    if (!re.isValid() || re.pattern().isEmpty())
        return out;
    int line = 1;
    qsizetype lineStart = 0;
    qsizetype scanned = 0;  // line/lineStart are valid for text[0, scanned)
    QRegularExpressionMatchIterator it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength() == 0)
            continue;  // `^`, `a*`: nothing a user could see or replace
        const qsizetype start = m.capturedStart();
        for (; scanned < start; ++scanned)
            if (text.at(scanned) == QLatin1Char('\n')) {
                ++line;
                lineStart = scanned + 1;
            }
        int column = 1;
        for (qsizetype i = lineStart; i < start; ++i)
            if (!text.at(i).isLowSurrogate())
                ++column;
        qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), start);
        if (lineEnd < 0)
            lineEnd = text.size();
        out.append({int(start), int(m.capturedLength()), line, column, text.mid(lineStart, lineEnd - lineStart)});
        if (limit >= 0 && out.size() >= limit)
            break;
    }
    return out;
}

QString expandReplacement(const QRegularExpressionMatch &match, const QString &replacement, bool regex)
{
    if (!regex)
        return replacement;
    QString out;
    out.reserve(replacement.size());
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement.at(i);
        const QChar next = i + 1 < replacement.size() ? replacement.at(i + 1) : QChar();
        if ((c == QLatin1Char('\\') || c == QLatin1Char('$')) && next.isDigit()) {
            out += match.captured(next.digitValue());
            ++i;
        } else if (c == QLatin1Char('\\') && next == QLatin1Char('n')) {
            out += QLatin1Char('\n');
            ++i;
        } else if (c == QLatin1Char('\\') && next == QLatin1Char('t')) {
            out += QLatin1Char('\t');
            ++i;
        } else if (c == QLatin1Char('\\') && next == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace workbench::models
