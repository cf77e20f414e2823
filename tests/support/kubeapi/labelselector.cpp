// SPDX-License-Identifier: Apache-2.0
#include "labelselector.h"

#include <QRegularExpression>

namespace kubetest {

namespace {

// Splits on commas that are not inside parentheses.
QStringList splitRequirements(const QString &text)
{
    QStringList parts;
    int depth = 0;
    QString current;
    for (const QChar c : text) {
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')'))
            --depth;
        if (c == QLatin1Char(',') && depth == 0) {
            parts << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.trimmed().isEmpty() || !parts.isEmpty())
        parts << current.trimmed();
    return parts;
}

bool validKey(const QString &key)
{
    static const QRegularExpression re(
        QStringLiteral("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"));
    return re.match(key).hasMatch();
}

}  // namespace

std::optional<LabelSelector> LabelSelector::parse(const QString &text, QString *error)
{
    LabelSelector s;
    static const QRegularExpression setRe(QStringLiteral("^(\\S+)\\s+(in|notin)\\s*\\(([^)]*)\\)$"));
    for (const QString &part : splitRequirements(text)) {
        if (part.isEmpty()) {
            if (error)
                *error = QStringLiteral("found '', expected: !, identifier, or 'end of string'");
            return std::nullopt;
        }
        Requirement r;
        if (const auto m = setRe.match(part); m.hasMatch()) {
            r.key = m.captured(1);
            r.op = m.captured(2) == QLatin1String("in") ? Requirement::Op::In : Requirement::Op::NotIn;
            for (const QString &v : m.captured(3).split(QLatin1Char(',')))
                r.values << v.trimmed();
        } else if (part.startsWith(QLatin1Char('!'))) {
            r.key = part.mid(1).trimmed();
            r.op = Requirement::Op::DoesNotExist;
        } else if (const int ne = int(part.indexOf(QStringLiteral("!="))); ne > 0) {
            r.key = part.left(ne).trimmed();
            r.op = Requirement::Op::NotEquals;
            r.values << part.mid(ne + 2).trimmed();
        } else if (const int eq2 = int(part.indexOf(QStringLiteral("=="))); eq2 > 0) {
            r.key = part.left(eq2).trimmed();
            r.op = Requirement::Op::Equals;
            r.values << part.mid(eq2 + 2).trimmed();
        } else if (const int eq = int(part.indexOf(QLatin1Char('='))); eq > 0) {
            r.key = part.left(eq).trimmed();
            r.op = Requirement::Op::Equals;
            r.values << part.mid(eq + 1).trimmed();
        } else {
            r.key = part;
            r.op = Requirement::Op::Exists;
        }
        if (!validKey(r.key)) {
            if (error)
                *error = QStringLiteral("unable to parse requirement: invalid label key \"%1\"").arg(r.key);
            return std::nullopt;
        }
        s.m_requirements << r;
    }
    return s;
}

bool LabelSelector::matches(const QMap<QString, QString> &labels) const
{
    for (const Requirement &r : m_requirements) {
        const bool has = labels.contains(r.key);
        const QString value = labels.value(r.key);
        switch (r.op) {
        case Requirement::Op::Equals:
            if (!has || value != r.values.value(0))
                return false;
            break;
        case Requirement::Op::NotEquals:
            if (has && value == r.values.value(0))
                return false;
            break;
        case Requirement::Op::In:
            if (!has || !r.values.contains(value))
                return false;
            break;
        case Requirement::Op::NotIn:
            if (has && r.values.contains(value))
                return false;
            break;
        case Requirement::Op::Exists:
            if (!has)
                return false;
            break;
        case Requirement::Op::DoesNotExist:
            if (has)
                return false;
            break;
        }
    }
    return true;
}

std::optional<FieldSelector> FieldSelector::parse(const QString &text, QString *error)
{
    FieldSelector s;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        Requirement r;
        int at = int(part.indexOf(QStringLiteral("!=")));
        int width = 2;
        r.equals = at < 0;
        if (at < 0) {
            at = int(part.indexOf(QStringLiteral("==")));
            if (at < 0) {
                at = int(part.indexOf(QLatin1Char('=')));
                width = 1;
            }
        }
        if (at <= 0) {
            if (error)
                *error = QStringLiteral("invalid selector: '%1'; can't understand '%1'").arg(part);
            return std::nullopt;
        }
        r.field = part.left(at).trimmed();
        r.value = part.mid(at + width).trimmed();
        s.m_requirements << r;
    }
    return s;
}

bool FieldSelector::matches(const QMap<QString, QString> &fields) const
{
    for (const Requirement &r : m_requirements) {
        if ((fields.value(r.field) == r.value) != r.equals)
            return false;
    }
    return true;
}

}  // namespace kubetest
