// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/privatekey.h"
#include "certs/secretbytes.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>

namespace workbench::models::certs {

enum class ChainOrder { LeafToRoot, RootToLeaf };

/// Concatenated PEM of @p leafToRoot in the chosen order.
QByteArray chainToPem(const QList<Certificate> &leafToRoot, ChainOrder order);

/// How a private key may leave the program.
struct KeyExportPolicy {
    /// Encrypt as PKCS#8 with this passphrase. Null or empty: plain, which is refused unless
    /// plainConfirmed is set.
    const SecretBytes *passphrase = nullptr;
    /// The user explicitly agreed to write the key unencrypted.
    bool plainConfirmed = false;
};

/// Encrypted PKCS#8 PEM by default; plain PKCS#8 only with policy.plainConfirmed
/// (error "certs.export.unconfirmed" otherwise).
Result<QByteArray> exportPrivateKey(const PrivateKey &key, const KeyExportPolicy &policy);

/// A PKCS#12 bundle (AES-256-CBC, PBKDF2, SHA-256 MAC: OpenSSL 3 defaults) with @p cert,
/// @p key (may be null), and @p caChain (issuers, leaf side first). A passphrase is required.
Result<QByteArray> exportPkcs12(const Certificate &cert, const PrivateKey &key, const QList<Certificate> &caChain,
                                const SecretBytes &passphrase, const QString &friendlyName);

}  // namespace workbench::models::certs
