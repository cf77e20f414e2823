// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace workbench::models::certs {

/// The `key_type` values of the session language (spec §3.4). P-256 is the default.
enum class KeyType { P256, P384, Ed25519, Rsa2048, Rsa3072 };

/// "P-256", "P-384", "Ed25519", "RSA-2048", "RSA-3072".
QString keyTypeName(KeyType type);
/// All names, default first.
QStringList keyTypeNames();
/// Parses a `key_type` (case-insensitive); empty means the default P-256.
Result<KeyType> parseKeyType(const QString &text);

}  // namespace workbench::models::certs
