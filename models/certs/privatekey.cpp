// SPDX-License-Identifier: Apache-2.0
#include "certs/privatekey.h"

#include "certs/detail/opensslutil.h"
#include "certs/opensslerror.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace workbench::models::certs {

namespace {

// Called by OpenSSL during (RSA prime) generation; returning 0 aborts the generation.
int keygenProgress(EVP_PKEY_CTX *ctx)
{
    const auto *cancel = static_cast<const std::atomic<bool> *>(EVP_PKEY_CTX_get_app_data(ctx));
    return (cancel && cancel->load(std::memory_order_relaxed)) ? 0 : 1;
}

Error cancelledError()
{
    clearOpenSslErrors();
    return makeError(QStringLiteral("certs.cancelled"), QStringLiteral("Key generation was cancelled."));
}

}  // namespace

PrivateKey::PrivateKey(EvpPkeyPtr key)
    : m_key(std::move(key))
{}

PrivateKey PrivateKey::fromHandle(EVP_PKEY *key)
{
    if (!key || EVP_PKEY_up_ref(key) != 1)
        return {};
    return PrivateKey(EvpPkeyPtr(key));
}

PrivateKey::PrivateKey(const PrivateKey &other)
{
    if (other.m_key && EVP_PKEY_up_ref(other.m_key.get()) == 1)
        m_key.reset(other.m_key.get());
}

PrivateKey &PrivateKey::operator=(const PrivateKey &other)
{
    if (this != &other) {
        PrivateKey copy(other);
        m_key = std::move(copy.m_key);
    }
    return *this;
}

Result<PrivateKey> PrivateKey::generate(KeyType type, const std::atomic<bool> *cancel)
{
    if (cancel && cancel->load())
        return cancelledError();

    const char *algorithm = "EC";
    switch (type) {
    case KeyType::P256:
    case KeyType::P384:
        algorithm = "EC";
        break;
    case KeyType::Ed25519:
        algorithm = "ED25519";
        break;
    case KeyType::Rsa2048:
    case KeyType::Rsa3072:
        algorithm = "RSA";
        break;
    }
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, algorithm, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0)
        return openSslError(QStringLiteral("certs.keygen"),
                            QStringLiteral("Cannot set up %1 key generation.").arg(keyTypeName(type)));

    int rc = 1;
    switch (type) {
    case KeyType::P256:
        rc = EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256");
        break;
    case KeyType::P384:
        rc = EVP_PKEY_CTX_set_group_name(ctx.get(), "P-384");
        break;
    case KeyType::Ed25519:
        break;
    case KeyType::Rsa2048:
        rc = EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 2048);
        break;
    case KeyType::Rsa3072:
        rc = EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), 3072);
        break;
    }
    if (rc <= 0)
        return openSslError(QStringLiteral("certs.keygen"),
                            QStringLiteral("Cannot set the %1 key parameters.").arg(keyTypeName(type)));

    if (cancel) {
        EVP_PKEY_CTX_set_app_data(ctx.get(), const_cast<std::atomic<bool> *>(cancel));
        EVP_PKEY_CTX_set_cb(ctx.get(), keygenProgress);
    }
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) <= 0 || !raw) {
        EVP_PKEY_free(raw);
        if (cancel && cancel->load())
            return cancelledError();
        return openSslError(QStringLiteral("certs.keygen"),
                            QStringLiteral("Generating a %1 key failed.").arg(keyTypeName(type)));
    }
    return PrivateKey(EvpPkeyPtr(raw));
}

QString PrivateKey::algorithm() const
{
    return detail::keyAlgorithm(m_key.get());
}

int PrivateKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

std::optional<KeyType> PrivateKey::keyType() const
{
    const QString a = algorithm();
    if (a == QLatin1String("EC P-256"))
        return KeyType::P256;
    if (a == QLatin1String("EC P-384"))
        return KeyType::P384;
    if (a == QLatin1String("Ed25519"))
        return KeyType::Ed25519;
    if (a == QLatin1String("RSA") && bits() == 2048)
        return KeyType::Rsa2048;
    if (a == QLatin1String("RSA") && bits() == 3072)
        return KeyType::Rsa3072;
    return std::nullopt;
}

bool PrivateKey::matches(const PrivateKey &other) const
{
    return m_key && other.m_key && EVP_PKEY_eq(m_key.get(), other.m_key.get()) == 1;
}

bool PrivateKey::matchesPublicKeyOf(EVP_PKEY *publicKey) const
{
    const bool same = m_key && publicKey && EVP_PKEY_eq(m_key.get(), publicKey) == 1;
    clearOpenSslErrors();
    return same;
}

Result<QByteArray> PrivateKey::toEncryptedPkcs8Pem(const SecretBytes &passphrase) const
{
    if (!m_key)
        return makeError(QStringLiteral("certs.key.null"), QStringLiteral("There is no key to export."));
    if (passphrase.isEmpty())
        return makeError(QStringLiteral("certs.key.passphrase"),
                         QStringLiteral("An encrypted key needs a non-empty passphrase."));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), EVP_aes_256_cbc(), passphrase.data(),
                                              passphrase.size(), nullptr, nullptr) != 1)
        return openSslError(QStringLiteral("certs.key.export"), QStringLiteral("Cannot encrypt the private key."));
    return detail::bioContents(bio.get());
}

Result<QByteArray> PrivateKey::toUnencryptedPkcs8Pem() const
{
    if (!m_key)
        return makeError(QStringLiteral("certs.key.null"), QStringLiteral("There is no key to export."));
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return openSslError(QStringLiteral("certs.key.export"), QStringLiteral("Cannot write the private key."));
    return detail::bioContents(bio.get());
}

QByteArray PrivateKey::publicKeyPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1) {
        clearOpenSslErrors();
        return {};
    }
    return detail::bioContents(bio.get());
}

}  // namespace workbench::models::certs
