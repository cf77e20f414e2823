// SPDX-License-Identifier: Apache-2.0
#include "certs/certificate.h"

#include "certs/detail/opensslutil.h"
#include "certs/opensslerror.h"
#include "certs/privatekey.h"

#include <openssl/objects.h>
#include <openssl/pem.h>

namespace workbench::models::certs {

namespace {

QString generalNameToString(const GENERAL_NAME *gn)
{
    switch (gn->type) {
    case GEN_DNS:
        return QStringLiteral("DNS:") +
               QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(gn->d.dNSName)),
                                 ASN1_STRING_length(gn->d.dNSName));
    case GEN_EMAIL:
        return QStringLiteral("email:") +
               QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(gn->d.rfc822Name)),
                                 ASN1_STRING_length(gn->d.rfc822Name));
    case GEN_URI:
        return QStringLiteral("URI:") +
               QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier)),
                                 ASN1_STRING_length(gn->d.uniformResourceIdentifier));
    case GEN_IPADD: {
        const unsigned char *p = ASN1_STRING_get0_data(gn->d.iPAddress);
        const int len = ASN1_STRING_length(gn->d.iPAddress);
        if (len == 4)
            return QStringLiteral("IP:%1.%2.%3.%4").arg(p[0]).arg(p[1]).arg(p[2]).arg(p[3]);
        if (len == 16) {
            QStringList groups;
            for (int i = 0; i < 16; i += 2)
                groups << QString::number((p[i] << 8) | p[i + 1], 16);
            return QStringLiteral("IP:") + groups.join(QLatin1Char(':'));
        }
        return QStringLiteral("IP:<%1 bytes>").arg(len);
    }
    case GEN_DIRNAME:
        return QStringLiteral("DirName:") + detail::nameToString(gn->d.directoryName);
    case GEN_RID: {
        char buf[128];
        OBJ_obj2txt(buf, sizeof buf, gn->d.registeredID, 1);
        return QStringLiteral("RID:") + QString::fromLatin1(buf);
    }
    default:
        return QStringLiteral("othername");
    }
}

}  // namespace

Certificate::Certificate(X509Ptr cert)
    : m_cert(std::move(cert))
{}

Certificate Certificate::fromHandle(X509 *cert)
{
    if (!cert || X509_up_ref(cert) != 1)
        return {};
    return Certificate(X509Ptr(cert));
}

Result<Certificate> Certificate::fromPem(const QByteArray &pem)
{
    BioPtr bio = detail::memoryBio(pem);
    X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert)
        return openSslError(QStringLiteral("certs.pem"), QStringLiteral("Not a PEM certificate."));
    return Certificate(std::move(cert));
}

Result<Certificate> Certificate::fromDer(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, long(der.size())));
    if (!cert)
        return openSslError(QStringLiteral("certs.der"), QStringLiteral("Not a DER certificate."));
    return Certificate(std::move(cert));
}

Certificate::Certificate(const Certificate &other)
{
    if (other.m_cert && X509_up_ref(other.m_cert.get()) == 1)
        m_cert.reset(other.m_cert.get());
}

Certificate &Certificate::operator=(const Certificate &other)
{
    if (this != &other) {
        Certificate copy(other);
        m_cert = std::move(copy.m_cert);
    }
    return *this;
}

QString Certificate::subject() const
{
    return m_cert ? detail::nameToString(X509_get_subject_name(m_cert.get())) : QString();
}
QString Certificate::issuer() const
{
    return m_cert ? detail::nameToString(X509_get_issuer_name(m_cert.get())) : QString();
}
QString Certificate::commonName() const
{
    return m_cert ? detail::nameEntry(X509_get_subject_name(m_cert.get()), NID_commonName) : QString();
}
QString Certificate::issuerCommonName() const
{
    return m_cert ? detail::nameEntry(X509_get_issuer_name(m_cert.get()), NID_commonName) : QString();
}
int Certificate::version() const
{
    return m_cert ? int(X509_get_version(m_cert.get())) + 1 : 0;
}

QByteArray Certificate::serialBytes() const
{
    if (!m_cert)
        return {};
    const ASN1_INTEGER *serial = X509_get0_serialNumber(m_cert.get());
    BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn)
        return {};
    QByteArray out(BN_num_bytes(bn.get()), '\0');
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

bool Certificate::serialIsNegative() const
{
    return m_cert && ASN1_STRING_type(X509_get0_serialNumber(m_cert.get())) == V_ASN1_NEG_INTEGER;
}

QString Certificate::serialHex() const
{
    QString hex = detail::toHex(serialBytes());
    if (hex.isEmpty() && m_cert)
        hex = QStringLiteral("00");
    return serialIsNegative() ? QLatin1Char('-') + hex : hex;
}

QDateTime Certificate::notBefore() const
{
    return m_cert ? detail::toDateTime(X509_get0_notBefore(m_cert.get())) : QDateTime();
}
QDateTime Certificate::notAfter() const
{
    return m_cert ? detail::toDateTime(X509_get0_notAfter(m_cert.get())) : QDateTime();
}

qint64 Certificate::daysLeft(const QDateTime &now) const
{
    const QDateTime end = notAfter();
    if (!end.isValid())
        return 0;
    const qint64 secs = now.secsTo(end);
    // Floor division: 1 s past expiry is day -1, not day 0.
    return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

EVP_PKEY *Certificate::publicKey() const
{
    return m_cert ? X509_get0_pubkey(m_cert.get()) : nullptr;
}
QString Certificate::keyAlgorithm() const
{
    return detail::keyAlgorithm(publicKey());
}
int Certificate::keyBits() const
{
    return publicKey() ? EVP_PKEY_get_bits(publicKey()) : 0;
}

QString Certificate::signatureAlgorithm() const
{
    if (!m_cert)
        return {};
    const int nid = X509_get_signature_nid(m_cert.get());
    const char *ln = OBJ_nid2ln(nid);
    return ln ? QString::fromLatin1(ln) : QStringLiteral("unknown");
}

bool Certificate::matchesKey(const PrivateKey &key) const
{
    return key.matchesPublicKeyOf(publicKey());
}

QStringList Certificate::subjectAltNames() const
{
    QStringList out;
    if (!m_cert)
        return out;
    GeneralNamesPtr names(
        static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(m_cert.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (!names)
        return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
        out << generalNameToString(sk_GENERAL_NAME_value(names.get(), i));
    return out;
}

QStringList Certificate::dnsNames() const
{
    QStringList out;
    for (const QString &n : subjectAltNames())
        if (n.startsWith(QLatin1String("DNS:")))
            out << n.mid(4);
    return out;
}

QStringList Certificate::ipAddresses() const
{
    QStringList out;
    for (const QString &n : subjectAltNames())
        if (n.startsWith(QLatin1String("IP:")))
            out << n.mid(3);
    return out;
}

bool Certificate::hasSubjectAltName() const
{
    return m_cert && X509_get_ext_by_NID(m_cert.get(), NID_subject_alt_name, -1) >= 0;
}

bool Certificate::hasKeyUsage() const
{
    return m_cert && (X509_get_extension_flags(m_cert.get()) & EXFLAG_KUSAGE);
}

QStringList Certificate::keyUsage() const
{
    QStringList out;
    if (!hasKeyUsage())
        return out;
    const uint32_t ku = X509_get_key_usage(m_cert.get());
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {KU_DIGITAL_SIGNATURE, "digitalSignature"},
        {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
        {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},
        {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},
        {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"},
    };
    for (const auto &n : names)
        if (ku & n.bit)
            out << QString::fromLatin1(n.name);
    return out;
}

bool Certificate::hasExtendedKeyUsage() const
{
    return m_cert && (X509_get_extension_flags(m_cert.get()) & EXFLAG_XKUSAGE);
}

QStringList Certificate::extendedKeyUsage() const
{
    QStringList out;
    if (!m_cert)
        return out;
    ExtendedKeyUsagePtr eku(
        static_cast<EXTENDED_KEY_USAGE *>(X509_get_ext_d2i(m_cert.get(), NID_ext_key_usage, nullptr, nullptr)));
    if (!eku)
        return out;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
        const ASN1_OBJECT *obj = sk_ASN1_OBJECT_value(eku.get(), i);
        const int nid = OBJ_obj2nid(obj);
        if (nid != NID_undef) {
            out << QString::fromLatin1(OBJ_nid2sn(nid));
        } else {
            char buf[128];
            OBJ_obj2txt(buf, sizeof buf, obj, 1);
            out << QString::fromLatin1(buf);
        }
    }
    return out;
}

bool Certificate::allowsServerAuth() const
{
    if (!hasExtendedKeyUsage())
        return true;
    const QStringList eku = extendedKeyUsage();
    return eku.contains(QLatin1String("serverAuth")) || eku.contains(QLatin1String("anyExtendedKeyUsage"));
}

bool Certificate::allowsClientAuth() const
{
    if (!hasExtendedKeyUsage())
        return true;
    const QStringList eku = extendedKeyUsage();
    return eku.contains(QLatin1String("clientAuth")) || eku.contains(QLatin1String("anyExtendedKeyUsage"));
}

bool Certificate::hasBasicConstraints() const
{
    return m_cert && X509_get_ext_by_NID(m_cert.get(), NID_basic_constraints, -1) >= 0;
}

bool Certificate::isCa() const
{
    if (!m_cert)
        return false;
    BasicConstraintsPtr bc(
        static_cast<BASIC_CONSTRAINTS *>(X509_get_ext_d2i(m_cert.get(), NID_basic_constraints, nullptr, nullptr)));
    return bc && bc->ca;
}

std::optional<long> Certificate::pathLength() const
{
    if (!m_cert)
        return std::nullopt;
    BasicConstraintsPtr bc(
        static_cast<BASIC_CONSTRAINTS *>(X509_get_ext_d2i(m_cert.get(), NID_basic_constraints, nullptr, nullptr)));
    if (!bc || !bc->pathlen)
        return std::nullopt;
    return ASN1_INTEGER_get(bc->pathlen);
}

bool Certificate::basicConstraintsCritical() const
{
    if (!m_cert)
        return false;
    const int idx = X509_get_ext_by_NID(m_cert.get(), NID_basic_constraints, -1);
    return idx >= 0 && X509_EXTENSION_get_critical(X509_get_ext(m_cert.get(), idx)) == 1;
}

QString Certificate::subjectKeyId() const
{
    return m_cert ? detail::toHex(X509_get0_subject_key_id(m_cert.get())) : QString();
}

QString Certificate::authorityKeyId() const
{
    return m_cert ? detail::toHex(X509_get0_authority_key_id(m_cert.get())) : QString();
}

static QString fingerprint(X509 *cert, const EVP_MD *md)
{
    if (!cert)
        return {};
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (X509_digest(cert, md, buf, &len) != 1) {
        clearOpenSslErrors();
        return {};
    }
    return detail::toHex(QByteArray(reinterpret_cast<const char *>(buf), int(len)));
}

QString Certificate::fingerprintSha256() const
{
    return fingerprint(m_cert.get(), EVP_sha256());
}
QString Certificate::fingerprintSha1() const
{
    return fingerprint(m_cert.get(), EVP_sha1());
}

QByteArray Certificate::toPem() const
{
    if (!m_cert)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), m_cert.get()) != 1) {
        clearOpenSslErrors();
        return {};
    }
    return detail::bioContents(bio.get());
}

QByteArray Certificate::toDer() const
{
    if (!m_cert)
        return {};
    unsigned char *der = nullptr;
    const int len = i2d_X509(m_cert.get(), &der);
    if (len <= 0) {
        clearOpenSslErrors();
        return {};
    }
    OpensslBytesPtr guard(der);
    return QByteArray(reinterpret_cast<const char *>(der), len);
}

QString Certificate::toText() const
{
    if (!m_cert)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_print_ex(bio.get(), m_cert.get(), XN_FLAG_RFC2253, 0) != 1) {
        clearOpenSslErrors();
        return {};
    }
    return QString::fromUtf8(detail::bioContents(bio.get()));
}

bool Certificate::isSelfIssued() const
{
    return m_cert && X509_NAME_cmp(X509_get_subject_name(m_cert.get()), X509_get_issuer_name(m_cert.get())) == 0;
}

bool Certificate::isSelfSigned() const
{
    if (!m_cert)
        return false;
    const bool self = X509_self_signed(m_cert.get(), 1) == 1;
    clearOpenSslErrors();
    return self;
}

bool Certificate::isIssuedBy(const Certificate &ca) const
{
    if (!m_cert || !ca.m_cert)
        return false;
    // Name match plus signature, deliberately not X509_check_issued(): that also rejects a CA
    // without keyCertSign, and an inspector must still show such a link (the verifier names the
    // key-usage problem).
    if (X509_NAME_cmp(X509_get_issuer_name(m_cert.get()), X509_get_subject_name(ca.m_cert.get())) != 0)
        return false;
    EVP_PKEY *key = X509_get0_pubkey(ca.m_cert.get());
    const bool issued = key && X509_verify(m_cert.get(), key) == 1;
    clearOpenSslErrors();
    return issued;
}

bool operator==(const Certificate &a, const Certificate &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a.m_cert.get() == b.m_cert.get() || X509_cmp(a.m_cert.get(), b.m_cert.get()) == 0;
}

QString displayName(const Certificate &cert)
{
    if (cert.isNull())
        return {};
    QString name = cert.commonName();
    if (name.isEmpty())
        name = cert.subject();
    if (name.isEmpty())
        name = cert.fingerprintSha256().left(23);
    return name;
}

}  // namespace workbench::models::certs
