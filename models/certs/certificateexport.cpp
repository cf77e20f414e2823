// SPDX-License-Identifier: Apache-2.0
#include "certs/certificateexport.h"

#include "certs/opensslerror.h"

namespace workbench::models::certs {

QByteArray chainToPem(const QList<Certificate> &leafToRoot, ChainOrder order)
{
    QByteArray out;
    if (order == ChainOrder::LeafToRoot) {
        for (const Certificate &c : leafToRoot)
            out += c.toPem();
    } else {
        for (auto it = leafToRoot.crbegin(); it != leafToRoot.crend(); ++it)
            out += it->toPem();
    }
    return out;
}

Result<QByteArray> exportPrivateKey(const PrivateKey &key, const KeyExportPolicy &policy)
{
    if (policy.passphrase && !policy.passphrase->isEmpty())
        return key.toEncryptedPkcs8Pem(*policy.passphrase);
    if (!policy.plainConfirmed)
        return makeError(QStringLiteral("certs.export.unconfirmed"),
                         QStringLiteral("Writing a private key without encryption needs an explicit confirmation."));
    return key.toUnencryptedPkcs8Pem();
}

Result<QByteArray> exportPkcs12(const Certificate &cert, const PrivateKey &key, const QList<Certificate> &caChain,
                                const SecretBytes &passphrase, const QString &friendlyName)
{
    if (cert.isNull())
        return makeError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("There is no certificate to export."));
    if (passphrase.isEmpty())
        return makeError(QStringLiteral("certs.export.pkcs12"),
                         QStringLiteral("A PKCS#12 bundle needs a non-empty passphrase."));
    if (!key.isNull() && !cert.matchesKey(key))
        return makeError(QStringLiteral("certs.export.pkcs12"),
                         QStringLiteral("The private key does not belong to the certificate."));
    X509StackPtr ca(sk_X509_new_null());
    if (!ca)
        return openSslError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("Out of memory."));
    for (const Certificate &c : caChain) {
        if (c.isNull() || c == cert)
            continue;
        if (X509_up_ref(c.handle()) != 1)
            return openSslError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("Out of memory."));
        if (!sk_X509_push(ca.get(), c.handle())) {
            X509_free(c.handle());  // the reference taken above, which the stack did not take over
            return openSslError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("Out of memory."));
        }
    }
    const QByteArray name = friendlyName.toUtf8();
    // nid 0 / iter 0 / mac_iter 0: OpenSSL 3 defaults (AES-256-CBC with PBKDF2, 2048 iterations).
    Pkcs12Ptr p12(PKCS12_create(passphrase.data(), name.isEmpty() ? nullptr : name.constData(), key.handle(),
                                cert.handle(), ca.get(), 0, 0, 0, 0, 0));
    if (!p12)
        return openSslError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("Cannot create the PKCS#12 bundle."));
    unsigned char *der = nullptr;
    const int len = i2d_PKCS12(p12.get(), &der);
    if (len <= 0)
        return openSslError(QStringLiteral("certs.export.pkcs12"), QStringLiteral("Cannot encode the PKCS#12 bundle."));
    OpensslBytesPtr guard(der);
    return QByteArray(reinterpret_cast<const char *>(der), len);
}

}  // namespace workbench::models::certs
