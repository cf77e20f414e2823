// SPDX-License-Identifier: Apache-2.0
// Verification (every problem by name), lint and chain building, over certificates made by the
// openssl command line (tests/data/certs/make-test-data.sh) and a few made in the test.
#include "certs/certificatebuilder.h"
#include "certs/certificatefile.h"
#include "certs/certificatelint.h"
#include "certs/certificatetree.h"
#include "certs/certificateverifier.h"
#include "testsupport.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models::certs;

namespace {

Certificate load(const QString &name)
{
    const auto bundle = readCertificateFile(test::dataPath(QStringLiteral("certs/") + name));
    if (!bundle || bundle->certificates.isEmpty())
        qFatal("cannot load test certificate %s", qPrintable(name));
    return bundle->certificates.first();
}

QList<Certificate> loadAll(const QString &name)
{
    const auto bundle = readCertificateFile(test::dataPath(QStringLiteral("certs/") + name));
    return bundle ? bundle->certificates : QList<Certificate>{};
}

/// "Today" for the tests: a month after the test data was generated (its good certificates
/// are valid for about 100 years from then), so results never depend on the real date.
QDateTime today()
{
    static const QDateTime t = load(QStringLiteral("RootCa.pem")).notBefore().addDays(30);
    return t;
}

}  // namespace

class TestCertVerify : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void problems_data()
    {
        QTest::addColumn<QString>("leaf");
        QTest::addColumn<QStringList>("trusted");
        QTest::addColumn<QStringList>("untrusted");
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<int>("purpose");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QStringList>("expected");  // problem names; empty = verifies
        const QString root = QStringLiteral("RootCa.pem");
        const QString inter = QStringLiteral("IntermediateCa.pem");
        const int server = int(VerifyPurpose::TlsServer);
        const int any = int(VerifyPurpose::Any);
        QTest::newRow("good chain") << QStringLiteral("LeafLocalhost.pem") << QStringList{root} << QStringList{inter}
                                    << QStringList{QStringLiteral("localhost"), QStringLiteral("127.0.0.1")} << server
                                    << today() << QStringList{};
        QTest::newRow("missing intermediate")
            << QStringLiteral("LeafLocalhost.pem") << QStringList{root} << QStringList{} << QStringList{} << server
            << today() << QStringList{QStringLiteral("missing-issuer")};
        QTest::newRow("wrong root") << QStringLiteral("LeafLocalhost.pem")
                                    << QStringList{QStringLiteral("OtherRootCa.pem")} << QStringList{inter}
                                    << QStringList{} << server << today()
                                    << QStringList{QStringLiteral("missing-issuer")};
        QTest::newRow("untrusted self-signed") << root << QStringList{} << QStringList{} << QStringList{} << any
                                               << today() << QStringList{QStringLiteral("untrusted-root")};
        QTest::newRow("hostname mismatch")
            << QStringLiteral("LeafLocalhost.pem") << QStringList{root} << QStringList{inter}
            << QStringList{QStringLiteral("localhost"), QStringLiteral("rel-redis")} << server << today()
            << QStringList{QStringLiteral("hostname-mismatch")};
        QTest::newRow("ip mismatch") << QStringLiteral("LeafLocalhost.pem") << QStringList{root} << QStringList{inter}
                                     << QStringList{QStringLiteral("10.1.2.3")} << server << today()
                                     << QStringList{QStringLiteral("hostname-mismatch")};
        QTest::newRow("expired") << QStringLiteral("ExpiredLeaf.pem") << QStringList{root} << QStringList{}
                                 << QStringList{} << server << today() << QStringList{QStringLiteral("expired")};
        // In 2020 the leaf was valid but the root (made with the test data) did not exist yet.
        QTest::newRow("root not yet valid in 2020")
            << QStringLiteral("ExpiredLeaf.pem") << QStringList{root} << QStringList{} << QStringList{} << server
            << QDateTime(QDate(2020, 6, 1), QTime(0, 0), Qt::UTC) << QStringList{QStringLiteral("not-yet-valid")};
        QTest::newRow("not yet valid") << QStringLiteral("NotYetValidLeaf.pem") << QStringList{root} << QStringList{}
                                       << QStringList{} << server << today()
                                       << QStringList{QStringLiteral("not-yet-valid")};
        QTest::newRow("issuer not a CA") << QStringLiteral("LeafOfNotCa.pem") << QStringList{root}
                                         << QStringList{QStringLiteral("NotCaIssuer.pem")} << QStringList{} << server
                                         << today() << QStringList{QStringLiteral("ca-flag-missing")};
        QTest::newRow("CA without keyCertSign") << QStringLiteral("LeafOfNoCertSignCa.pem") << QStringList{root}
                                                << QStringList{QStringLiteral("NoCertSignCa.pem")} << QStringList{}
                                                << server << today() << QStringList{QStringLiteral("wrong-key-usage")};
        QTest::newRow("client cert as server")
            << QStringLiteral("ClientOnlyLeaf.pem") << QStringList{root} << QStringList{} << QStringList{} << server
            << today() << QStringList{QStringLiteral("wrong-key-usage")};
        QTest::newRow("client cert as client")
            << QStringLiteral("ClientOnlyLeaf.pem") << QStringList{root} << QStringList{} << QStringList{}
            << int(VerifyPurpose::TlsClient) << today() << QStringList{};
        QTest::newRow("several at once") << QStringLiteral("ExpiredLeaf.pem") << QStringList{root} << QStringList{}
                                         << QStringList{QStringLiteral("rel-redis")} << server << today()
                                         << QStringList{QStringLiteral("expired"), QStringLiteral("hostname-mismatch")};
    }
    void problems()
    {
        QFETCH(QString, leaf);
        QFETCH(QStringList, trusted);
        QFETCH(QStringList, untrusted);
        QFETCH(QStringList, hosts);
        QFETCH(int, purpose);
        QFETCH(QDateTime, now);
        QFETCH(QStringList, expected);
        FixedClock clock(now);
        VerifyOptions o;
        o.clock = &clock;
        for (const QString &t : trusted)
            o.trusted << load(t);
        for (const QString &u : untrusted)
            o.untrusted << load(u);
        o.hostnames = hosts;
        o.purpose = VerifyPurpose(purpose);
        const VerificationResult r = verifyCertificate(load(leaf), o);
        QCOMPARE(r.problemNames().join(QLatin1Char(',')), expected.join(QLatin1Char(',')));
        QCOMPARE(r.verified, expected.isEmpty());
        for (const VerificationProblem &p : r.problems) {
            QVERIFY(!p.message.isEmpty());
            QVERIFY(!p.reason.isEmpty());
            QVERIFY(p.depth >= 0);
        }
        if (r.verified)
            QCOMPARE(r.chain.last(), load(trusted.first()));
    }

    void expiredMessageSaysWhen()
    {
        FixedClock clock(today());
        VerifyOptions o;
        o.clock = &clock;
        o.trusted << load(QStringLiteral("RootCa.pem"));
        const VerificationResult r = verifyCertificate(load(QStringLiteral("ExpiredLeaf.pem")), o);
        QCOMPARE(r.problems.size(), 1);
        QVERIFY2(r.problems.first().message.contains(QStringLiteral("2021-01-01")),
                 qPrintable(r.problems.first().message));
        QCOMPARE(r.problems.first().subject, QStringLiteral("CN=localhost"));
    }

    void lint_data()
    {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<bool>("server");
        QTest::addColumn<bool>("client");
        QTest::addColumn<QStringList>("codes");
        QTest::newRow("good server") << QStringLiteral("LeafLocalhost.pem") << QStringLiteral("IntermediateCa.pem")
                                     << true << false << QStringList{};
        QTest::newRow("small rsa, no san")
            << QStringLiteral("Rsa1024Leaf.pem") << QStringLiteral("RootCa.pem") << true << false
            << QStringList{QStringLiteral("rsa-key-too-small"), QStringLiteral("leaf-without-san")};
        QTest::newRow("CA as server") << QStringLiteral("RootCa.pem") << QString() << true << false
                                      << QStringList{QStringLiteral("ca-as-server")};
        QTest::newRow("server cert as client")
            << QStringLiteral("LeafLocalhost.pem") << QStringLiteral("IntermediateCa.pem") << false << true
            << QStringList{QStringLiteral("client-without-clientauth")};
        QTest::newRow("client cert needs no san")
            << QStringLiteral("ClientOnlyLeaf.pem") << QStringLiteral("RootCa.pem") << false << true << QStringList{};
        QTest::newRow("unknown use: leaf without san") << QStringLiteral("ClientOnlyLeaf.pem") << QString() << false
                                                       << false << QStringList{QStringLiteral("leaf-without-san")};
    }
    void lint()
    {
        QFETCH(QString, cert);
        QFETCH(QString, issuer);
        QFETCH(bool, server);
        QFETCH(bool, client);
        QFETCH(QStringList, codes);
        CertificateUse use;
        use.tlsServer = server;
        use.tlsClient = client;
        QStringList got;
        for (const LintWarning &w : lintCertificate(load(cert), issuer.isEmpty() ? Certificate() : load(issuer), use)) {
            got << w.code;
            QVERIFY(!w.message.isEmpty());
        }
        QCOMPARE(got.join(QLatin1Char(',')), codes.join(QLatin1Char(',')));
    }

    void lintValidityLongerThanCa()
    {
        const auto caKey = PrivateKey::generate(KeyType::P256);
        const auto leafKey = PrivateKey::generate(KeyType::P256);
        QVERIFY(caKey && leafKey);
        CertificateProfile ca;
        ca.commonName = QStringLiteral("short CA");
        ca.ca = true;
        ca.notBefore = today();
        ca.notAfter = today().addDays(30);
        const auto caCert = buildCertificate(ca, *caKey);
        QVERIFY(caCert);
        CertificateProfile leaf;
        leaf.commonName = QStringLiteral("long leaf");
        leaf.dnsNames = {QStringLiteral("x")};
        leaf.notBefore = today();
        leaf.notAfter = today().addDays(365);
        const auto leafCert = buildCertificate(leaf, *leafKey, *caCert, *caKey);
        QVERIFY(leafCert);
        const auto warnings = lintCertificate(*leafCert, *caCert, CertificateUse{true, false});
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().code, QStringLiteral("validity-exceeds-issuer"));
    }

    void tree()
    {
        // Order scrambled: root, leaf, intermediate.
        QList<Certificate> certs = loadAll(QStringLiteral("BundleLeafIntermediateRoot.pem"));
        QCOMPARE(certs.size(), 3);
        std::swap(certs[0], certs[2]);
        certs << certs.first();  // a duplicate is merged
        const CertificateTree t = CertificateTree::build(certs);
        QCOMPARE(t.nodes().size(), 3);
        QCOMPARE(t.roots().size(), 1);
        QCOMPARE(t.leaves().size(), 1);
        const int leaf = t.leaves().first();
        QCOMPARE(t.nodes().at(leaf).certificate.commonName(), QStringLiteral("localhost"));
        QCOMPARE(t.depth(leaf), 2);
        const QList<Certificate> chain = t.chainFrom(leaf);
        QCOMPARE(chain.size(), 3);
        QCOMPARE(chain.last().commonName(), QStringLiteral("Workbench Test Root"));
        QVERIFY(t.nodes().at(t.roots().first()).selfSigned);
    }

    void treeWithLoopTerminates()
    {
        // Cross A is signed by B and B by A: each is the other's issuer.
        const QList<Certificate> certs = loadAll(QStringLiteral("CrossSignedLoop.pem"));
        QCOMPARE(certs.size(), 2);
        QVERIFY(certs.at(0).isIssuedBy(certs.at(1)));
        QVERIFY(certs.at(1).isIssuedBy(certs.at(0)));
        const CertificateTree t = CertificateTree::build(certs);
        QCOMPARE(t.nodes().size(), 2);
        QCOMPARE(t.roots().size(), 1);  // the loop is cut once
        for (int i = 0; i < 2; ++i)
            QVERIFY(t.chainFrom(i).size() <= 2);
    }

    void treeWithMissingIssuer()
    {
        const CertificateTree t = CertificateTree::build(
            {load(QStringLiteral("LeafLocalhost.pem")), load(QStringLiteral("OtherRootCa.pem"))});
        QCOMPARE(t.roots().size(), 2);  // the leaf is an orphan root
        QCOMPARE(t.nodes().at(0).parent, -1);
        QVERIFY(!t.nodes().at(0).selfSigned);
    }

    void certificateDetails()
    {
        const Certificate c = load(QStringLiteral("LeafLocalhost.pem"));
        QCOMPARE(c.subject(), QStringLiteral("CN=localhost"));
        QCOMPARE(c.issuer(), QStringLiteral("CN=Workbench Test Intermediate"));
        QCOMPARE(c.subjectAltNames(), (QStringList{QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}));
        QCOMPARE(c.extendedKeyUsage(), QStringList{QStringLiteral("serverAuth")});
        QCOMPARE(c.keyUsage(), QStringList{QStringLiteral("digitalSignature")});
        QVERIFY(!c.isCa());
        QCOMPARE(c.authorityKeyId(), load(QStringLiteral("IntermediateCa.pem")).subjectKeyId());
        // Fingerprints agree with the openssl command line's idea (DER hash).
        const QByteArray der = c.toDer();
        QCOMPARE(c.fingerprintSha256(),
                 QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex(':').toUpper()));
        QCOMPARE(c.fingerprintSha1(),
                 QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex(':').toUpper()));
        QVERIFY(c.toText().contains(QStringLiteral("X509v3 Subject Alternative Name")));
        QCOMPARE(c.keyAlgorithm(), QStringLiteral("EC P-256"));
        QVERIFY(load(QStringLiteral("IntermediateCa.pem")).pathLength() == std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestCertVerify)
#include "tst_certverify.moc"
