// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/opensslhandles.h"
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::certs {

class PrivateKey;

/// An X.509 certificate (an X509 shared by reference counting: copies are cheap and refer to the
/// same certificate). Read-only accessors for everything the Certificates area shows.
class Certificate
{
public:
    Certificate() = default;
    /// Takes ownership.
    explicit Certificate(X509Ptr cert);
    /// Shares @p cert (up-ref).
    static Certificate fromHandle(X509 *cert);
    /// Exactly one certificate from PEM or DER (see certificatefile.h for bundles and PKCS#12).
    static Result<Certificate> fromPem(const QByteArray &pem);
    static Result<Certificate> fromDer(const QByteArray &der);

    Certificate(const Certificate &other);
    Certificate &operator=(const Certificate &other);
    Certificate(Certificate &&) noexcept = default;
    Certificate &operator=(Certificate &&) noexcept = default;
    ~Certificate() = default;

    bool isNull() const { return !m_cert; }
    X509 *handle() const { return m_cert.get(); }

    QString subject() const;  ///< RFC 2253 one line, "CN=redis"
    QString issuer() const;
    QString commonName() const;  ///< subject CN, empty when none
    QString issuerCommonName() const;
    int version() const;             ///< 1..3
    QString serialHex() const;       ///< "3A:0F:..."
    QByteArray serialBytes() const;  ///< big-endian magnitude
    bool serialIsNegative() const;
    QDateTime notBefore() const;  ///< UTC
    QDateTime notAfter() const;
    /// Whole days from @p now to notAfter (negative once expired).
    qint64 daysLeft(const QDateTime &now) const;
    bool isExpiredAt(const QDateTime &now) const { return now > notAfter(); }
    bool isNotYetValidAt(const QDateTime &now) const { return now < notBefore(); }

    QString keyAlgorithm() const;  ///< "EC P-256", "RSA", "Ed25519"
    int keyBits() const;
    QString signatureAlgorithm() const;  ///< "ecdsa-with-SHA256", "ED25519", ...
    EVP_PKEY *publicKey() const;         ///< owned by the certificate
    bool matchesKey(const PrivateKey &key) const;

    /// All subject alternative names as "DNS:x", "IP:1.2.3.4", "email:x", "URI:x".
    QStringList subjectAltNames() const;
    QStringList dnsNames() const;
    QStringList ipAddresses() const;
    bool hasSubjectAltName() const;

    bool hasKeyUsage() const;
    /// RFC 5280 names: digitalSignature, keyEncipherment, keyCertSign, cRLSign, ...
    QStringList keyUsage() const;
    bool hasExtendedKeyUsage() const;
    /// Short names: serverAuth, clientAuth, codeSigning, ... (OID text when unnamed).
    QStringList extendedKeyUsage() const;
    bool allowsServerAuth() const;  ///< no EKU, or EKU with serverAuth/anyExtendedKeyUsage
    bool allowsClientAuth() const;

    bool hasBasicConstraints() const;
    bool isCa() const;  ///< basicConstraints CA:TRUE
    /// pathLenConstraint; nullopt when absent.
    std::optional<long> pathLength() const;
    bool basicConstraintsCritical() const;

    QString subjectKeyId() const;  ///< "AB:CD:..", empty when absent
    QString authorityKeyId() const;

    QString fingerprintSha256() const;  ///< "AB:CD:.."
    QString fingerprintSha1() const;

    QByteArray toPem() const;
    QByteArray toDer() const;
    /// OpenSSL's text dump (`openssl x509 -text`).
    QString toText() const;

    bool isSelfIssued() const;  ///< subject == issuer
    bool isSelfSigned() const;  ///< self-issued and its own key verifies the signature
    /// @p ca's subject matches our issuer (and key identifiers agree) and its key verifies our signature.
    bool isIssuedBy(const Certificate &ca) const;

    friend bool operator==(const Certificate &a, const Certificate &b);
    friend bool operator!=(const Certificate &a, const Certificate &b) { return !(a == b); }

private:
    X509Ptr m_cert;
};

/// Human-readable name of a certificate for lists: its CN, else the subject, else the SHA-256 prefix.
QString displayName(const Certificate &cert);

}  // namespace workbench::models::certs
