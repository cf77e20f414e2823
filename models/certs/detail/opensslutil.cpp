// SPDX-License-Identifier: Apache-2.0
#include "certs/detail/opensslutil.h"

#include <openssl/ec.h>
#include <openssl/objects.h>

#include <ctime>

namespace workbench::models::certs::detail {

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bioContents(BIO *bio)
{
    char *ptr = nullptr;
    const long len = BIO_get_mem_data(bio, &ptr);
    if (len <= 0 || !ptr)
        return {};
    return QByteArray(ptr, qsizetype(len));
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    if (!time)
        return {};
    struct tm tm = {};
    if (ASN1_TIME_to_tm(time, &tm) != 1)
        return {};
    const QDate date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    const QTime clock(tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QDateTime(date, clock, Qt::UTC);
}

bool setAsn1Time(ASN1_TIME *time, const QDateTime &when)
{
    const QDateTime utc = when.toUTC();
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050 on. ASN1_TIME_set_string_X509
    // picks the right form from the string.
    const QString text = utc.toString(QStringLiteral("yyyyMMddHHmmss")) + QLatin1Char('Z');
    const QByteArray latin = text.toLatin1();
    return ASN1_TIME_set_string_X509(time, latin.constData()) == 1;
}

QString nameToString(const X509_NAME *name)
{
    if (!name)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return {};
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return QString::fromUtf8(bioContents(bio.get()));
}

QString nameEntry(const X509_NAME *name, int nid)
{
    if (!name)
        return {};
    const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
    if (idx < 0)
        return {};
    const X509_NAME_ENTRY *entry = X509_NAME_get_entry(name, idx);
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(entry);
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, data);
    if (len < 0)
        return {};
    OpensslBytesPtr guard(utf8);
    return QString::fromUtf8(reinterpret_cast<const char *>(utf8), len);
}

QString toHex(const QByteArray &bytes, bool colons)
{
    return QString::fromLatin1(bytes.toHex(colons ? ':' : '\0').toUpper());
}

QString toHex(const ASN1_STRING *s, bool colons)
{
    if (!s)
        return {};
    return toHex(QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s)), colons);
}

QString curveDisplayName(const QString &groupName)
{
    const QByteArray latin = groupName.toLatin1();
    int nid = OBJ_txt2nid(latin.constData());
    if (nid == NID_undef)
        nid = EC_curve_nist2nid(latin.constData());
    if (nid != NID_undef) {
        if (const char *nist = EC_curve_nid2nist(nid))
            return QString::fromLatin1(nist);
    }
    return groupName;
}

QString keyAlgorithm(EVP_PKEY *key)
{
    if (!key)
        return {};
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: {
        char group[64] = {};
        size_t len = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1)
            return QStringLiteral("EC ") + curveDisplayName(QString::fromLatin1(group));
        return QStringLiteral("EC");
    }
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    case EVP_PKEY_ED448:
        return QStringLiteral("Ed448");
    case EVP_PKEY_RSA:
        return QStringLiteral("RSA");
    case EVP_PKEY_RSA_PSS:
        return QStringLiteral("RSA-PSS");
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA");
    default:
        break;
    }
    if (const char *name = EVP_PKEY_get0_type_name(key))
        return QString::fromLatin1(name);
    return QStringLiteral("unknown");
}

}  // namespace workbench::models::certs::detail
