// SPDX-License-Identifier: Apache-2.0
#include "certs/keytype.h"

namespace workbench::models::certs {

namespace {
constexpr KeyType kAll[] = {KeyType::P256, KeyType::P384, KeyType::Ed25519, KeyType::Rsa2048, KeyType::Rsa3072};
}

QString keyTypeName(KeyType type)
{
    switch (type) {
    case KeyType::P256:
        return QStringLiteral("P-256");
    case KeyType::P384:
        return QStringLiteral("P-384");
    case KeyType::Ed25519:
        return QStringLiteral("Ed25519");
    case KeyType::Rsa2048:
        return QStringLiteral("RSA-2048");
    case KeyType::Rsa3072:
        return QStringLiteral("RSA-3072");
    }
    return {};
}

QStringList keyTypeNames()
{
    QStringList names;
    for (KeyType t : kAll)
        names << keyTypeName(t);
    return names;
}

Result<KeyType> parseKeyType(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return KeyType::P256;
    for (KeyType k : kAll)
        if (keyTypeName(k).compare(t, Qt::CaseInsensitive) == 0)
            return k;
    return makeError(
        QStringLiteral("certs.key_type"),
        QStringLiteral("Unknown key_type '%1': use one of %2.").arg(t, keyTypeNames().join(QStringLiteral(", "))));
}

}  // namespace workbench::models::certs
