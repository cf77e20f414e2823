// SPDX-License-Identifier: Apache-2.0
// Fuzz target over the certificate file parsers (PEM bundles, DER, PKCS#7, PKCS#12, encrypted
// keys, bare base64) and everything the inspector then does with what they return: accessors,
// issuer tree, verification, lint. Must never crash, hang or leak, whatever the bytes.
#include "certs/certificatefile.h"
#include "certs/certificatelint.h"
#include "certs/certificatetree.h"
#include "certs/certificateverifier.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

using namespace workbench::models::certs;

namespace {
/// Answers with the corpus password once, then a wrong one, then gives up: exercises the
/// right, wrong and cancelled paths.
class FuzzPasswords final : public PasswordProvider
{
public:
    std::optional<SecretBytes> password(const QString &, int attempt) override
    {
        if (attempt == 1)
            return SecretBytes::fromString(QStringLiteral("correct horse"));
        if (attempt == 2)
            return SecretBytes::fromString(QStringLiteral("wrong"));
        return std::nullopt;
    }
};

const FixedClock kClock(QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    FuzzPasswords passwords;
    const auto bundle = parseCertificateData(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                                             &passwords, QStringLiteral("fuzz"));
    if (!bundle)
        return 0;
    for (const Certificate &c : bundle->certificates) {
        (void)c.subject();
        (void)c.issuer();
        (void)c.serialHex();
        (void)c.notBefore();
        (void)c.notAfter();
        (void)c.keyAlgorithm();
        (void)c.keyBits();
        (void)c.subjectAltNames();
        (void)c.keyUsage();
        (void)c.extendedKeyUsage();
        (void)c.isCa();
        (void)c.pathLength();
        (void)c.subjectKeyId();
        (void)c.authorityKeyId();
        (void)c.fingerprintSha256();
        (void)c.toPem();
        (void)c.isSelfSigned();
    }
    const CertificateTree tree = CertificateTree::build(bundle->certificates);
    for (int leaf : tree.leaves()) {
        VerifyOptions o;
        o.clock = &kClock;
        o.untrusted = bundle->certificates;
        const QList<Certificate> chain = tree.chainFrom(leaf);
        o.trusted << chain.last();
        o.hostnames << QStringLiteral("localhost") << QStringLiteral("127.0.0.1");
        o.purpose = VerifyPurpose::TlsServer;
        (void)verifyCertificate(chain.first(), o);
        (void)lintCertificate(chain.first(), chain.size() > 1 ? chain.at(1) : Certificate(),
                              CertificateUse{true, true});
    }
    for (const PrivateKey &k : bundle->keys) {
        (void)k.algorithm();
        (void)k.bits();
    }
    return 0;
}
