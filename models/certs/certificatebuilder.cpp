// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatebuilder.h"

#include "certs/detail/opensslutil.h"
#include "certs/opensslerror.h"

#include <QUrl>

#include <openssl/objects.h>
#include <openssl/rand.h>

namespace workbench::models::certs {

namespace {
bool isAscii(const QString &s)
{
    for (const QChar c : s)
        if (c.unicode() > 0x7f)
            return false;
    return true;
}
}  // namespace

namespace {

Error buildError(const QString &message)
{
    return openSslError(QStringLiteral("certs.issue"), message);
}

bool setRandomSerial(X509 *cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    // Top bit set: always exactly 128 bits long (16 octets of magnitude, 17 in DER with the sign
    // octet, within RFC 5280's 20), positive, never zero; 127 random bits.
    bytes[0] |= 0x80;
    BignumPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
    if (!bn)
        return false;
    Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    return serial && X509_set_serialNumber(cert, serial.get()) == 1;
}

Asn1OctetStringPtr keyIdentifier(X509 *cert)
{
    // RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING.
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_pubkey_digest(cert, EVP_sha1(), md, &len) != 1)
        return {};
    Asn1OctetStringPtr id(ASN1_OCTET_STRING_new());
    if (!id || ASN1_OCTET_STRING_set(id.get(), md, int(len)) != 1)
        return {};
    return id;
}

bool addGeneralName(GENERAL_NAMES *names, int type, ASN1_STRING *value)
{
    GENERAL_NAME *gn = GENERAL_NAME_new();
    if (!gn) {
        ASN1_STRING_free(value);
        return false;
    }
    GENERAL_NAME_set0_value(gn, type, value);
    if (!sk_GENERAL_NAME_push(names, gn)) {
        GENERAL_NAME_free(gn);
        return false;
    }
    return true;
}

const EVP_MD *digestFor(EVP_PKEY *signingKey)
{
    const int id = EVP_PKEY_get_base_id(signingKey);
    if (id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448)
        return nullptr;  // EdDSA signs the message itself
    if (id == EVP_PKEY_EC && EVP_PKEY_get_bits(signingKey) >= 384)
        return EVP_sha384();
    return EVP_sha256();
}

}  // namespace

Status checkCertificateProfile(const CertificateProfile &profile)
{
    if (profile.commonName.isEmpty())
        return makeError(QStringLiteral("certs.issue.cn"), QStringLiteral("The certificate needs a common name."));
    if (profile.commonName.size() > 64)
        return makeError(
            QStringLiteral("certs.issue.cn"),
            QStringLiteral("The common name '%1' is longer than the 64 characters X.509 allows; set a shorter "
                           "common_name.")
                .arg(profile.commonName));
    if (!profile.notBefore.isValid() || !profile.notAfter.isValid() || profile.notAfter <= profile.notBefore)
        return makeError(QStringLiteral("certs.issue.validity"), QStringLiteral("The validity period is empty."));
    for (const QString &ip : profile.ipAddresses) {
        const QByteArray latin = ip.toLatin1();
        ASN1_OCTET_STRING *s = a2i_IPADDRESS(latin.constData());
        if (!s) {
            clearOpenSslErrors();
            return makeError(QStringLiteral("certs.issue.san"), QStringLiteral("'%1' is not an IP address.").arg(ip));
        }
        ASN1_OCTET_STRING_free(s);
    }
    return Ok{};
}

Result<Certificate> buildCertificate(const CertificateProfile &profile, const PrivateKey &subjectKey,
                                     const Certificate &issuerCert, const PrivateKey &issuerKey)
{
    if (subjectKey.isNull())
        return makeError(QStringLiteral("certs.issue"), QStringLiteral("The certificate has no key."));
    const bool selfSigned = issuerCert.isNull();
    const PrivateKey &signer = selfSigned ? subjectKey : issuerKey;
    if (signer.isNull())
        return makeError(QStringLiteral("certs.issue"), QStringLiteral("The issuer's private key is missing."));
    if (const Status st = checkCertificateProfile(profile); !st.ok())
        return st.error();

    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get()))
        return buildError(QStringLiteral("Cannot create the certificate."));

    X509_NAME *subject = X509_get_subject_name(cert.get());
    const QByteArray cn = profile.commonName.toUtf8();
    if (X509_NAME_add_entry_by_NID(subject, NID_commonName, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0) != 1)
        return buildError(QStringLiteral("Cannot set the common name '%1'.").arg(profile.commonName));
    if (X509_set_issuer_name(cert.get(), selfSigned ? subject : X509_get_subject_name(issuerCert.handle())) != 1)
        return buildError(QStringLiteral("Cannot set the issuer name."));

    if (!detail::setAsn1Time(X509_getm_notBefore(cert.get()), profile.notBefore) ||
        !detail::setAsn1Time(X509_getm_notAfter(cert.get()), profile.notAfter))
        return buildError(QStringLiteral("Cannot set the validity period."));
    if (X509_set_pubkey(cert.get(), subjectKey.handle()) != 1)
        return buildError(QStringLiteral("Cannot set the public key."));

    if (profile.basicConstraints) {
        BasicConstraintsPtr bc(BASIC_CONSTRAINTS_new());
        if (!bc)
            return buildError(QStringLiteral("Out of memory."));
        bc->ca = profile.ca ? 0xFF : 0;
        if (profile.ca && profile.pathLength) {
            bc->pathlen = ASN1_INTEGER_new();
            if (!bc->pathlen || ASN1_INTEGER_set(bc->pathlen, *profile.pathLength) != 1)
                return buildError(QStringLiteral("Cannot set the path length."));
        }
        if (X509_add1_ext_i2d(cert.get(), NID_basic_constraints, bc.get(), 1, X509V3_ADD_DEFAULT) != 1)
            return buildError(QStringLiteral("Cannot add basicConstraints."));
    }

    if (profile.keyUsage) {
        UniqueResource<ASN1_BIT_STRING, ASN1_BIT_STRING_free> ku(ASN1_BIT_STRING_new());
        if (!ku)
            return buildError(QStringLiteral("Out of memory."));
        // Bit numbers from RFC 5280 4.2.1.3.
        constexpr int kDigitalSignature = 0, kKeyEncipherment = 2, kKeyCertSign = 5, kCrlSign = 6;
        bool ok = ASN1_BIT_STRING_set_bit(ku.get(), kDigitalSignature, 1) == 1;
        if (profile.ca) {
            ok = ok && ASN1_BIT_STRING_set_bit(ku.get(), kKeyCertSign, 1) == 1 &&
                 ASN1_BIT_STRING_set_bit(ku.get(), kCrlSign, 1) == 1;
        } else if (EVP_PKEY_get_base_id(subjectKey.handle()) == EVP_PKEY_RSA) {
            ok = ok && ASN1_BIT_STRING_set_bit(ku.get(), kKeyEncipherment, 1) == 1;  // TLS RSA key transport
        }
        if (!ok || X509_add1_ext_i2d(cert.get(), NID_key_usage, ku.get(), 1, X509V3_ADD_DEFAULT) != 1)
            return buildError(QStringLiteral("Cannot add keyUsage."));
    }

    if (!profile.ca && profile.extendedKeyUsage) {
        ExtendedKeyUsagePtr eku(sk_ASN1_OBJECT_new_null());
        if (!eku)
            return buildError(QStringLiteral("Out of memory."));
        if (profile.endpoint != CertEndpoint::Client &&
            sk_ASN1_OBJECT_push(eku.get(), OBJ_nid2obj(NID_server_auth)) <= 0)
            return buildError(QStringLiteral("Out of memory."));
        if (profile.endpoint != CertEndpoint::Server &&
            sk_ASN1_OBJECT_push(eku.get(), OBJ_nid2obj(NID_client_auth)) <= 0)
            return buildError(QStringLiteral("Out of memory."));
        if (X509_add1_ext_i2d(cert.get(), NID_ext_key_usage, eku.get(), 0, X509V3_ADD_DEFAULT) != 1)
            return buildError(QStringLiteral("Cannot add extendedKeyUsage."));
    }

    if (!profile.dnsNames.isEmpty() || !profile.ipAddresses.isEmpty()) {
        GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
        if (!names)
            return buildError(QStringLiteral("Out of memory."));
        for (const QString &dns : profile.dnsNames) {
            // A dNSName is an IA5String: internationalised names go in their ASCII (punycode)
            // form, as RFC 5280 section 7.2 asks; raw UTF-8 makes strict parsers reject the
            // whole certificate.
            const QByteArray latin = isAscii(dns) ? dns.toLatin1() : QUrl::toAce(dns);
            if (latin.isEmpty())
                return buildError(QStringLiteral("'%1' is not a valid DNS name.").arg(dns));
            ASN1_IA5STRING *s = ASN1_IA5STRING_new();
            if (!s || ASN1_STRING_set(s, latin.constData(), int(latin.size())) != 1) {
                ASN1_IA5STRING_free(s);
                return buildError(QStringLiteral("Cannot add the DNS name '%1'.").arg(dns));
            }
            if (!addGeneralName(names.get(), GEN_DNS, s))
                return buildError(QStringLiteral("Cannot add the DNS name '%1'.").arg(dns));
        }
        for (const QString &ip : profile.ipAddresses) {
            const QByteArray latin = ip.toLatin1();
            ASN1_OCTET_STRING *s = a2i_IPADDRESS(latin.constData());
            if (!s) {
                clearOpenSslErrors();
                return makeError(QStringLiteral("certs.issue.san"),
                                 QStringLiteral("'%1' is not an IP address.").arg(ip));
            }
            if (!addGeneralName(names.get(), GEN_IPADD, s))
                return buildError(QStringLiteral("Cannot add the IP address '%1'.").arg(ip));
        }
        // Critical only when the subject is empty (RFC 5280 4.2.1.6); ours always has a CN.
        if (X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
            return buildError(QStringLiteral("Cannot add subjectAltName."));
    }

    Asn1OctetStringPtr ski = keyIdentifier(cert.get());
    if (!ski || X509_add1_ext_i2d(cert.get(), NID_subject_key_identifier, ski.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return buildError(QStringLiteral("Cannot add the subject key identifier."));

    AuthorityKeyIdPtr akid(AUTHORITY_KEYID_new());
    if (!akid)
        return buildError(QStringLiteral("Out of memory."));
    if (selfSigned) {
        akid->keyid = ASN1_OCTET_STRING_dup(ski.get());
    } else if (const ASN1_OCTET_STRING *issuerSki = X509_get0_subject_key_id(issuerCert.handle())) {
        akid->keyid = ASN1_OCTET_STRING_dup(issuerSki);
    } else {
        Asn1OctetStringPtr computed = keyIdentifier(issuerCert.handle());
        akid->keyid = computed.release();
    }
    if (!akid->keyid ||
        X509_add1_ext_i2d(cert.get(), NID_authority_key_identifier, akid.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return buildError(QStringLiteral("Cannot add the authority key identifier."));

    if (X509_sign(cert.get(), signer.handle(), digestFor(signer.handle())) <= 0)
        return buildError(QStringLiteral("Signing the certificate failed."));
    return Certificate(std::move(cert));
}

}  // namespace workbench::models::certs
