// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every OpenSSL handle the certificate code touches, wrapped once: a std::unique_ptr with a
// zero-size deleter per type, so no function frees objects by hand and no early return leaks.

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace workbench::models::certs {

namespace detail {
template<typename T, void (*Free)(T *)> struct FreeDeleter {
    void operator()(T *p) const noexcept
    {
        if (p)
            Free(p);
    }
};

inline void freeX509Stack(STACK_OF(X509) * s)
{
    sk_X509_pop_free(s, X509_free);
}
inline void freeGeneralNames(GENERAL_NAMES *g)
{
    GENERAL_NAMES_free(g);
}
inline void freeEku(EXTENDED_KEY_USAGE *e)
{
    EXTENDED_KEY_USAGE_free(e);
}
inline void freeOpensslString(char *s)
{
    OPENSSL_free(s);
}
inline void freeOpensslBytes(unsigned char *s)
{
    OPENSSL_free(s);
}
}  // namespace detail

template<typename T, void (*Free)(T *)> using UniqueResource = std::unique_ptr<T, detail::FreeDeleter<T, Free>>;

using BioPtr = UniqueResource<BIO, BIO_free_all>;
using BignumPtr = UniqueResource<BIGNUM, BN_free>;
using Asn1IntegerPtr = UniqueResource<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1OctetStringPtr = UniqueResource<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Asn1TimePtr = UniqueResource<ASN1_TIME, ASN1_TIME_free>;
using EvpPkeyPtr = UniqueResource<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = UniqueResource<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = UniqueResource<EVP_MD_CTX, EVP_MD_CTX_free>;
using X509Ptr = UniqueResource<X509, X509_free>;
using X509NamePtr = UniqueResource<X509_NAME, X509_NAME_free>;
using X509ExtensionPtr = UniqueResource<X509_EXTENSION, X509_EXTENSION_free>;
using X509StorePtr = UniqueResource<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = UniqueResource<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509VerifyParamPtr = UniqueResource<X509_VERIFY_PARAM, X509_VERIFY_PARAM_free>;
using X509StackPtr = UniqueResource<STACK_OF(X509), detail::freeX509Stack>;
using GeneralNamesPtr = UniqueResource<GENERAL_NAMES, detail::freeGeneralNames>;
using BasicConstraintsPtr = UniqueResource<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>;
using ExtendedKeyUsagePtr = UniqueResource<EXTENDED_KEY_USAGE, detail::freeEku>;
using AuthorityKeyIdPtr = UniqueResource<AUTHORITY_KEYID, AUTHORITY_KEYID_free>;
using Pkcs12Ptr = UniqueResource<PKCS12, PKCS12_free>;
using Pkcs7Ptr = UniqueResource<PKCS7, PKCS7_free>;
using SslCtxPtr = UniqueResource<SSL_CTX, SSL_CTX_free>;
using SslPtr = UniqueResource<SSL, SSL_free>;
using OpensslStringPtr = UniqueResource<char, detail::freeOpensslString>;
using OpensslBytesPtr = UniqueResource<unsigned char, detail::freeOpensslBytes>;

}  // namespace workbench::models::certs
