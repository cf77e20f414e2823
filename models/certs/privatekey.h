// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/keytype.h"
#include "certs/opensslhandles.h"
#include "certs/secretbytes.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <optional>

namespace workbench::models::certs {

/// A private key (an EVP_PKEY, shared by reference counting: copies are cheap and refer to the
/// same key). Keys generated for a preview only ever live here, in memory.
class PrivateKey
{
public:
    PrivateKey() = default;
    /// Takes ownership.
    explicit PrivateKey(EvpPkeyPtr key);
    /// Shares @p key (up-ref).
    static PrivateKey fromHandle(EVP_PKEY *key);

    PrivateKey(const PrivateKey &other);
    PrivateKey &operator=(const PrivateKey &other);
    PrivateKey(PrivateKey &&) noexcept = default;
    PrivateKey &operator=(PrivateKey &&) noexcept = default;
    ~PrivateKey() = default;

    /// Generates a key of @p type. @p cancel (may be null) is polled during generation, so even a
    /// long RSA generation stops soon after it is set (error code "certs.cancelled").
    static Result<PrivateKey> generate(KeyType type, const std::atomic<bool> *cancel = nullptr);

    bool isNull() const { return !m_key; }
    EVP_PKEY *handle() const { return m_key.get(); }

    /// "EC P-256", "EC P-384", "Ed25519", "RSA", ... and the size in bits.
    QString algorithm() const;
    int bits() const;
    /// The KeyType this key is, when it is one of the session-language types.
    std::optional<KeyType> keyType() const;

    /// True when both hold the same public key.
    bool matches(const PrivateKey &other) const;
    bool matchesPublicKeyOf(EVP_PKEY *publicKey) const;

    /// PKCS#8 PEM encrypted with AES-256-CBC under @p passphrase (scrypt-free PBKDF2 defaults).
    Result<QByteArray> toEncryptedPkcs8Pem(const SecretBytes &passphrase) const;
    /// Unencrypted PKCS#8 PEM. Callers that write it anywhere must have asked the user first.
    Result<QByteArray> toUnencryptedPkcs8Pem() const;
    /// SubjectPublicKeyInfo PEM of the public half.
    QByteArray publicKeyPem() const;

private:
    EvpPkeyPtr m_key;
};

}  // namespace workbench::models::certs
