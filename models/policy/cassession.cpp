// SPDX-License-Identifier: Apache-2.0
#include "policy/cassession.h"

#include <algorithm>

namespace workbench::models::policy {

const CasSecret *CasSession::secret(const QString &secretName) const
{
    for (const CasSecret &s : secrets)
        if (s.name == secretName)
            return &s;
    return nullptr;
}

CasSecret *CasSession::secret(const QString &secretName)
{
    for (CasSecret &s : secrets)
        if (s.name == secretName)
            return &s;
    return nullptr;
}

QStringList CasSession::importsFrom() const
{
    QStringList out;
    for (const CasSecret &s : secrets)
        if (s.import && !s.import->sessionAbsolute.isEmpty() && !out.contains(s.import->sessionAbsolute))
            out.append(s.import->sessionAbsolute);
    std::sort(out.begin(), out.end());
    return out;
}

QString CasSession::configId() const
{
    return services.isEmpty() ? name : name + QLatin1Char('/') + services.front().name;
}

QString resolveSessionReference(const QString &from, const QString &reference)
{
    if (!reference.startsWith(QLatin1String("./")) && !reference.startsWith(QLatin1String("../")) &&
        reference != QLatin1String(".") && reference != QLatin1String(".."))
        return reference;
    QStringList parts = from.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QStringList ref = reference.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &p : ref) {
        if (p == QLatin1String("..")) {
            if (!parts.isEmpty())
                parts.removeLast();
        } else if (p != QLatin1String(".")) {
            parts.append(p);
        }
    }
    return parts.join(QLatin1Char('/'));
}

QString relativeSessionReference(const QString &from, const QString &to)
{
    const qsizetype slashFrom = from.lastIndexOf(QLatin1Char('/'));
    const qsizetype slashTo = to.lastIndexOf(QLatin1Char('/'));
    if (slashFrom > 0 && slashTo > 0 && from.left(slashFrom) == to.left(slashTo))
        return QStringLiteral("../") + to.mid(slashTo + 1);
    return to;
}

}  // namespace workbench::models::policy
