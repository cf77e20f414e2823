// SPDX-License-Identifier: Apache-2.0
#include "build/imagereference.h"

#include <QRegularExpression>

namespace workbench::models::build {

namespace {

Error bad(const QString &text, const QString &why)
{
    return makeError(QStringLiteral("build.image"),
                     QStringLiteral("`%1` is not an image reference: %2").arg(text, why));
}

}  // namespace

QString ImageReference::toString() const
{
    QString s = registry + QLatin1Char('/') + repository;
    if (!tag.isEmpty())
        s += QLatin1Char(':') + tag;
    if (!digest.isEmpty())
        s += QLatin1Char('@') + digest;
    return s;
}

QString ImageReference::withDigest(const QString &d) const
{
    return registry + QLatin1Char('/') + repository + QLatin1Char('@') + d;
}

Result<ImageReference> parseImageReference(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return bad(text, QStringLiteral("it is empty"));
    for (const QChar c : t)
        if (c.isSpace())
            return bad(text, QStringLiteral("it contains a blank"));
    ImageReference ref;
    QString rest = t;
    if (const qsizetype at = rest.indexOf(QLatin1Char('@')); at >= 0) {
        ref.digest = rest.mid(at + 1);
        rest.truncate(at);
        static const QRegularExpression digestRe(QStringLiteral("^[a-z0-9]+:[0-9a-f]{32,}$"));
        if (!digestRe.match(ref.digest).hasMatch())
            return bad(text, QStringLiteral("the digest after @ is malformed"));
    }
    const qsizetype firstSlash = rest.indexOf(QLatin1Char('/'));
    if (firstSlash > 0) {
        const QString first = rest.left(firstSlash);
        if (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) ||
            first == QLatin1String("localhost")) {
            ref.registry = first;
            rest = rest.mid(firstSlash + 1);
        }
    }
    if (const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        colon >= 0 && !rest.mid(colon).contains(QLatin1Char('/'))) {
        ref.tag = rest.mid(colon + 1);
        rest.truncate(colon);
        static const QRegularExpression tagRe(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
        if (!tagRe.match(ref.tag).hasMatch())
            return bad(text, QStringLiteral("the tag is malformed"));
    }
    static const QRegularExpression repoRe(
        QStringLiteral("^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$"));
    if (!repoRe.match(rest).hasMatch())
        return bad(text, QStringLiteral("the repository must be lower-case components separated by /"));
    if (ref.registry.isEmpty()) {
        ref.registry = QStringLiteral("docker.io");
        if (!rest.contains(QLatin1Char('/')))
            rest = QStringLiteral("library/") + rest;
    }
    ref.repository = rest;
    return ref;
}

}  // namespace workbench::models::build
