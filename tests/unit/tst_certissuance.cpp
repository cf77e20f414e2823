// SPDX-License-Identifier: Apache-2.0
// Preview issuance from hand-written SecretSpecs that mirror the example project's two
// sessions (redis owns the Redis CA and exports the client identity and the CA to flask-api).
#include "certs/certificateissuer.h"
#include "certs/certificateverifier.h"
#include "certs/keytype.h"
#include "certs/previewcheck.h"
#include "certs/validfor.h"
#include "core/poolparallelfor.h"

#include <QSet>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace workbench;
using namespace workbench::models::certs;

namespace {

const QString kRedis = QStringLiteral("ns-1-2/redis");
const QString kFlask = QStringLiteral("ns-1-2/flask-api");

SecretSpec key(const QString &session, const QString &name, const QString &type = {})
{
    SecretSpec s;
    s.session = session;
    s.name = name;
    s.kind = SecretKind::PrivateKey;
    s.keyType = type;
    return s;
}

SecretSpec cert(const QString &session, const QString &name, SecretKind kind, const QString &privateKey,
                const QString &issuer = {}, const QStringList &dns = {},
                CertEndpoint endpoint = CertEndpoint::Unspecified)
{
    SecretSpec s;
    s.session = session;
    s.name = name;
    s.kind = kind;
    s.privateKey = privateKey;
    s.issuer = issuer;
    s.dns = dns;
    s.endpoint = endpoint;
    return s;
}

SecretSpec imported(const QString &session, const QString &name, const QString &from)
{
    SecretSpec s;
    s.session = session;
    s.name = name;
    s.importFrom = SecretRef{from, name};
    return s;
}

/// The example, as the policy generator would give it (release "rel").
QList<SecretSpec> exampleSpecs()
{
    SecretSpec redis = cert(kRedis, QStringLiteral("redis"), SecretKind::X509, QStringLiteral("redis_key"),
                            QStringLiteral("redis_ca_cert"), {QStringLiteral("redis"), QStringLiteral("rel-redis")},
                            CertEndpoint::Server);
    redis.dialedNames = {QStringLiteral("rel-redis")};
    return {
        key(kRedis, QStringLiteral("redis_key")),
        redis,
        key(kRedis, QStringLiteral("redis_client_key")),
        cert(kRedis, QStringLiteral("redis_client_cert"), SecretKind::X509, QStringLiteral("redis_client_key"),
             QStringLiteral("redis_ca_cert"), {}, CertEndpoint::Client),
        key(kRedis, QStringLiteral("redis_ca_key")),
        cert(kRedis, QStringLiteral("redis_ca_cert"), SecretKind::X509Ca, QStringLiteral("redis_ca_key")),
        // flask-api
        imported(kFlask, QStringLiteral("redis_client_key"), kRedis),
        imported(kFlask, QStringLiteral("redis_client_cert"), kRedis),
        imported(kFlask, QStringLiteral("redis_ca_cert"), kRedis),
        key(kFlask, QStringLiteral("api_ca_key")),
        cert(kFlask, QStringLiteral("api_ca_cert"), SecretKind::X509Ca, QStringLiteral("api_ca_key")),
        key(kFlask, QStringLiteral("flask_key")),
        cert(kFlask, QStringLiteral("flask"), SecretKind::X509, QStringLiteral("flask_key"),
             QStringLiteral("api_ca_cert"), {QStringLiteral("api"), QStringLiteral("rel-flask-api")}),
    };
}

const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0, 30), Qt::UTC);

}  // namespace

class TestCertIssuance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void example_everyCertificate()
    {
        FixedClock clock(kNow);
        IssueOptions o;
        o.clock = &clock;
        const auto issued = issueSecrets(exampleSpecs(), o);
        QVERIFY2(issued.ok(), qPrintable(issued.ok() ? QString() : issued.error().toString()));
        QCOMPARE(issued->secrets().size(), 13);
        QCOMPARE(issued->originCertificates().size(), 5);
        QCOMPARE(issued->allCertificates().size(), 7);

        struct Expect {
            QString session, name;
            bool ca;
            QString issuer;  // CN of the issuer
            QStringList dns;
            QStringList eku;
        };
        const QList<Expect> expected = {
            {kRedis,
             QStringLiteral("redis"),
             false,
             QStringLiteral("redis_ca_cert"),
             {QStringLiteral("redis"), QStringLiteral("rel-redis")},
             {QStringLiteral("serverAuth")}},
            {kRedis,
             QStringLiteral("redis_client_cert"),
             false,
             QStringLiteral("redis_ca_cert"),
             {},
             {QStringLiteral("clientAuth")}},
            {kRedis, QStringLiteral("redis_ca_cert"), true, QStringLiteral("redis_ca_cert"), {}, {}},
            {kFlask, QStringLiteral("api_ca_cert"), true, QStringLiteral("api_ca_cert"), {}, {}},
            {kFlask,
             QStringLiteral("flask"),
             false,
             QStringLiteral("api_ca_cert"),
             {QStringLiteral("api"), QStringLiteral("rel-flask-api")},
             {QStringLiteral("serverAuth"), QStringLiteral("clientAuth")}},
        };
        QSet<QByteArray> serials;
        for (const Expect &e : expected) {
            const IssuedSecret *s = issued->find({e.session, e.name});
            QVERIFY2(s, qPrintable(e.name));
            const Certificate &c = s->certificate;
            QVERIFY(!c.isNull());
            QCOMPARE(c.version(), 3);
            QCOMPARE(c.keyAlgorithm(), QStringLiteral("EC P-256"));  // default key_type
            QCOMPARE(c.keyBits(), 256);
            QVERIFY(c.matchesKey(s->key));
            QCOMPARE(c.isCa(), e.ca);
            QVERIFY(c.hasBasicConstraints());
            QVERIFY(c.basicConstraintsCritical());
            if (e.ca) {
                QVERIFY(c.keyUsage().contains(QStringLiteral("keyCertSign")));
                QVERIFY(c.keyUsage().contains(QStringLiteral("cRLSign")));
                QVERIFY(!c.hasExtendedKeyUsage());
                QVERIFY(c.isSelfSigned());
            } else {
                QCOMPARE(c.keyUsage(), QStringList{QStringLiteral("digitalSignature")});
                QCOMPARE(c.extendedKeyUsage(), e.eku);
                QVERIFY(!c.isSelfIssued());
            }
            // CN rule: common_name unset -> first DNS name, else the secret name.
            QCOMPARE(c.commonName(), e.dns.isEmpty() ? e.name : e.dns.first());
            QCOMPARE(c.dnsNames(), e.dns);
            QCOMPARE(c.issuerCommonName(), e.issuer);
            // Issuer link: the named CA signed it, and AKI = issuer's SKI.
            const IssuedSecret *ca = issued->originOf({e.session, e.issuer});
            QVERIFY(ca);
            QVERIFY(c.isIssuedBy(ca->certificate));
            QVERIFY(!c.subjectKeyId().isEmpty());
            QCOMPARE(c.authorityKeyId(), ca->certificate.subjectKeyId());
            QCOMPARE(s->issuerOrigin.isEmpty(), e.ca);
            // Validity: unset valid_for is "virtually unlimited", starting now.
            QCOMPARE(c.notBefore(), kNow);
            QCOMPARE(c.notAfter(), unlimitedNotAfter());
            // 128-bit random serials, positive, all different.
            QCOMPARE(c.serialBytes().size(), 16);
            QVERIFY(quint8(c.serialBytes().at(0)) & 0x80);
            QVERIFY(!c.serialIsNegative());
            serials.insert(c.serialBytes());
            QCOMPARE(c.signatureAlgorithm(), QStringLiteral("ecdsa-with-SHA256"));
        }
        QCOMPARE(serials.size(), expected.size());
    }

    void example_importsAreTheExportersCertificates()
    {
        const auto issued = issueSecrets(exampleSpecs());
        QVERIFY(issued.ok());
        for (const char *name : {"redis_client_cert", "redis_ca_cert", "redis_client_key"}) {
            const IssuedSecret *in = issued->find({kFlask, QLatin1String(name)});
            const IssuedSecret *origin = issued->find({kRedis, QLatin1String(name)});
            QVERIFY(in && origin);
            QVERIFY(in->isImported());
            QCOMPARE(in->origin, origin->ref());
            QCOMPARE(in->kind, origin->kind);
            QVERIFY(in->key.matches(origin->key));
            QCOMPARE(in->certificate, origin->certificate);
            QCOMPARE(in->certificate.handle(), origin->certificate.handle());  // the very same object
        }
        // Flask's client certificate is the one the Redis CA signed.
        const IssuedSecret *client = issued->find({kFlask, QStringLiteral("redis_client_cert")});
        const IssuedSecret *redisCa = issued->find({kRedis, QStringLiteral("redis_ca_cert")});
        QVERIFY(client->certificate.isIssuedBy(redisCa->certificate));
        QVERIFY(client->certificate.matchesKey(issued->find({kFlask, QStringLiteral("redis_client_key")})->key));
        QCOMPARE(issued->importsOf({kRedis, QStringLiteral("redis_ca_cert")}).size(), 1);
        // Chains follow imports to the origin.
        const QList<Certificate> chain = issued->chain({kFlask, QStringLiteral("redis_client_cert")});
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.last(), redisCa->certificate);
        QCOMPARE(issued->sessions(), (QStringList{kRedis, kFlask}));
    }

    void example_verifiesWithDialedNames()
    {
        FixedClock clock(kNow);
        IssueOptions o;
        o.clock = &clock;
        const auto issued = issueSecrets(exampleSpecs(), o);
        QVERIFY(issued.ok());
        const auto checks = checkIssuedSecrets(*issued, clock);
        QCOMPARE(checks.size(), 5);
        for (const CertificateCheck &c : checks) {
            QVERIFY2(c.verified(), qPrintable(c.secret.toString() + QLatin1Char(' ') +
                                              c.result.problemNames().join(QLatin1Char(','))));
            QVERIFY(c.result.problems.isEmpty());
            if (c.secret.name == QLatin1String("redis"))
                QCOMPARE(c.result.checkedHostnames, QStringList{QStringLiteral("rel-redis")});
        }

        // The Flask side dials a name the Redis certificate does not carry: named problem.
        auto specs = exampleSpecs();
        specs[1].dns = {QStringLiteral("redis")};
        const auto wrong = issueSecrets(specs, o);
        QVERIFY(wrong.ok());
        bool found = false;
        for (const CertificateCheck &c : checkIssuedSecrets(*wrong, clock)) {
            if (c.secret.name != QLatin1String("redis"))
                continue;
            found = true;
            QVERIFY(!c.verified());
            QCOMPARE(c.result.problemNames(), QStringList{QStringLiteral("hostname-mismatch")});
            QVERIFY(c.result.problems.first().message.contains(QStringLiteral("rel-redis")));
        }
        QVERIFY(found);
    }

    void orderDoesNotMatter()
    {
        QList<SecretSpec> specs = exampleSpecs();
        std::reverse(specs.begin(), specs.end());  // leaves and imports before what they need
        const auto issued = issueSecrets(specs);
        QVERIFY2(issued.ok(), qPrintable(issued.ok() ? QString() : issued.error().toString()));
        QCOMPARE(issued->secrets().first().spec.name, QStringLiteral("flask"));  // request order kept
        QVERIFY(issued->find({kRedis, QStringLiteral("redis")})
                    ->certificate.isIssuedBy(issued->find({kRedis, QStringLiteral("redis_ca_cert")})->certificate));
    }

    void keyTypes_data()
    {
        QTest::addColumn<QString>("keyType");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<int>("bits");
        QTest::addColumn<QString>("caSignature");
        QTest::newRow("default") << QString() << QStringLiteral("EC P-256") << 256
                                 << QStringLiteral("ecdsa-with-SHA256");
        QTest::newRow("P-256") << QStringLiteral("P-256") << QStringLiteral("EC P-256") << 256
                               << QStringLiteral("ecdsa-with-SHA256");
        QTest::newRow("P-384") << QStringLiteral("P-384") << QStringLiteral("EC P-384") << 384
                               << QStringLiteral("ecdsa-with-SHA384");
        QTest::newRow("Ed25519") << QStringLiteral("Ed25519") << QStringLiteral("Ed25519") << 256
                                 << QStringLiteral("ED25519");
        QTest::newRow("RSA-2048") << QStringLiteral("RSA-2048") << QStringLiteral("RSA") << 2048
                                  << QStringLiteral("sha256WithRSAEncryption");
        QTest::newRow("RSA-3072") << QStringLiteral("rsa-3072") << QStringLiteral("RSA") << 3072
                                  << QStringLiteral("sha256WithRSAEncryption");
    }
    void keyTypes()
    {
        QFETCH(QString, keyType);
        QFETCH(QString, algorithm);
        QFETCH(int, bits);
        QFETCH(QString, caSignature);
        const QString s = QStringLiteral("s");
        const auto issued = issueSecrets({
            key(s, QStringLiteral("k"), keyType),
            cert(s, QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("k")),
            key(s, QStringLiteral("leafkey")),
            cert(s, QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("leafkey"), QStringLiteral("ca"),
                 {QStringLiteral("x")}),
        });
        QVERIFY2(issued.ok(), qPrintable(issued.ok() ? QString() : issued.error().toString()));
        const Certificate ca = issued->find({s, QStringLiteral("ca")})->certificate;
        QCOMPARE(ca.keyAlgorithm(), algorithm);
        QCOMPARE(ca.keyBits(), bits);
        QCOMPARE(ca.signatureAlgorithm(), caSignature);
        const Certificate leaf = issued->find({s, QStringLiteral("leaf")})->certificate;
        QCOMPARE(leaf.signatureAlgorithm(), caSignature);  // signed with the CA's key
        QVERIFY(leaf.isIssuedBy(ca));
        const auto kt = issued->find({s, QStringLiteral("k")})->key.keyType();
        QVERIFY(kt.has_value());
        QCOMPARE(keyTypeName(*kt).toLower(), (keyType.isEmpty() ? QStringLiteral("P-256") : keyType).toLower());
        // RSA leaves need keyEncipherment for RSA key transport; EC/EdDSA ones do not.
        const Certificate leafOwn = issued->find({s, QStringLiteral("leaf")})->certificate;
        QVERIFY(!leafOwn.keyUsage().contains(QStringLiteral("keyEncipherment")));
    }

    void commonName_data()
    {
        QTest::addColumn<QString>("commonName");
        QTest::addColumn<QStringList>("dns");
        QTest::addColumn<QStringList>("san");
        QTest::addColumn<QString>("expectedCn");
        QTest::addColumn<QStringList>("expectedSans");
        QTest::newRow("explicit") << QStringLiteral("My Service") << QStringList{QStringLiteral("a")} << QStringList{}
                                  << QStringLiteral("My Service") << QStringList{QStringLiteral("DNS:a")};
        QTest::newRow("first dns") << QString() << QStringList{QStringLiteral("b.example"), QStringLiteral("c")}
                                   << QStringList{} << QStringLiteral("b.example")
                                   << QStringList{QStringLiteral("DNS:b.example"), QStringLiteral("DNS:c")};
        QTest::newRow("secret name") << QString() << QStringList{} << QStringList{} << QStringLiteral("svc")
                                     << QStringList{};
        QTest::newRow("san 0.3.10") << QString() << QStringList{}
                                    << QStringList{QStringLiteral("dns:api.local"), QStringLiteral("ip:10.0.0.7"),
                                                   QStringLiteral("IP:::1")}
                                    << QStringLiteral("api.local")
                                    << QStringList{QStringLiteral("DNS:api.local"), QStringLiteral("IP:10.0.0.7"),
                                                   QStringLiteral("IP:0:0:0:0:0:0:0:1")};
    }
    void commonName()
    {
        QFETCH(QString, commonName);
        QFETCH(QStringList, dns);
        QFETCH(QStringList, san);
        QFETCH(QString, expectedCn);
        QFETCH(QStringList, expectedSans);
        SecretSpec c = cert(QStringLiteral("s"), QStringLiteral("svc"), SecretKind::X509, QStringLiteral("k"), {}, dns);
        c.commonName = commonName;
        c.san = san;
        const auto issued = issueSecrets({key(QStringLiteral("s"), QStringLiteral("k")), c});
        QVERIFY2(issued.ok(), qPrintable(issued.ok() ? QString() : issued.error().toString()));
        const Certificate x = issued->find({QStringLiteral("s"), QStringLiteral("svc")})->certificate;
        QCOMPARE(x.commonName(), expectedCn);
        QCOMPARE(x.subjectAltNames(), expectedSans);
        QCOMPARE(x.hasSubjectAltName(), !expectedSans.isEmpty());
        QVERIFY(x.isSelfSigned());  // no issuer: self-signed
        QCOMPARE(x.issuer(), x.subject());
        QCOMPARE(x.authorityKeyId(), x.subjectKeyId());
    }

    void endpoint_data()
    {
        QTest::addColumn<int>("endpoint");
        QTest::addColumn<QStringList>("eku");
        QTest::addColumn<bool>("server");
        QTest::addColumn<bool>("client");
        QTest::newRow("unset") << int(CertEndpoint::Unspecified)
                               << QStringList{QStringLiteral("serverAuth"), QStringLiteral("clientAuth")} << true
                               << true;
        QTest::newRow("server") << int(CertEndpoint::Server) << QStringList{QStringLiteral("serverAuth")} << true
                                << false;
        QTest::newRow("client") << int(CertEndpoint::Client) << QStringList{QStringLiteral("clientAuth")} << false
                                << true;
    }
    void endpoint()
    {
        QFETCH(int, endpoint);
        QFETCH(QStringList, eku);
        QFETCH(bool, server);
        QFETCH(bool, client);
        const auto issued = issueSecrets({key(QStringLiteral("s"), QStringLiteral("k")),
                                          cert(QStringLiteral("s"), QStringLiteral("c"), SecretKind::X509,
                                               QStringLiteral("k"), {}, {}, CertEndpoint(endpoint))});
        QVERIFY(issued.ok());
        const Certificate x = issued->find({QStringLiteral("s"), QStringLiteral("c")})->certificate;
        QCOMPARE(x.extendedKeyUsage(), eku);
        QCOMPARE(x.allowsServerAuth(), server);
        QCOMPARE(x.allowsClientAuth(), client);
    }

    void validFor_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("seconds");  // -1: unlimited
        QTest::newRow("90 days") << QStringLiteral("90 days") << true << qint64(90) * 86400;
        QTest::newRow("1 year") << QStringLiteral("1 year") << true << qint64(31557600);
        QTest::newRow("59d") << QStringLiteral("59d") << true << qint64(59) * 86400;
        QTest::newRow("combined") << QStringLiteral("1year 6months") << true << qint64(31557600 + 6 * 2630016);
        QTest::newRow("hours") << QStringLiteral("12h") << true << qint64(12 * 3600);
        QTest::newRow("minutes vs months") << QStringLiteral("30m 1M") << true << qint64(30 * 60 + 2630016);
        QTest::newRow("weeks") << QStringLiteral(" 2 weeks ") << true << qint64(14) * 86400;
        QTest::newRow("empty = unlimited") << QString() << true << qint64(-1);
        QTest::newRow("words") << QStringLiteral("ninety days") << false << qint64(0);
        QTest::newRow("no unit") << QStringLiteral("90") << false << qint64(0);
        QTest::newRow("unknown unit") << QStringLiteral("5 parsecs") << false << qint64(0);
        QTest::newRow("zero") << QStringLiteral("0d") << false << qint64(0);
        QTest::newRow("negative") << QStringLiteral("-5d") << false << qint64(0);
        QTest::newRow("overflow") << QStringLiteral("99999999999999999999y") << false << qint64(0);
    }
    void validFor()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(qint64, seconds);
        const auto v = parseValidFor(text);
        QCOMPARE(v.ok(), ok);
        if (!ok) {
            QCOMPARE(v.error().code, QStringLiteral("certs.valid_for"));
            QVERIFY(v.error().message.contains(text.trimmed()));
            return;
        }
        QCOMPARE(v->seconds.value_or(-1), seconds);
    }

    void validForIssued()
    {
        FixedClock clock(kNow);
        IssueOptions o;
        o.clock = &clock;
        SecretSpec ca = cert(QStringLiteral("s"), QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("k"));
        ca.validFor = QStringLiteral("90 days");
        SecretSpec leaf = cert(QStringLiteral("s"), QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("k2"),
                               QStringLiteral("ca"), {QStringLiteral("x")});
        leaf.validFor = QStringLiteral("1 year");
        const auto issued = issueSecrets(
            {key(QStringLiteral("s"), QStringLiteral("k")), key(QStringLiteral("s"), QStringLiteral("k2")), ca, leaf},
            o);
        QVERIFY(issued.ok());
        const Certificate c = issued->find({QStringLiteral("s"), QStringLiteral("ca")})->certificate;
        QCOMPARE(c.notBefore(), kNow);
        QCOMPARE(c.notAfter(), kNow.addDays(90));
        QCOMPARE(c.daysLeft(kNow), qint64(90));
        QCOMPARE(c.daysLeft(kNow.addDays(91)), qint64(-1));
        // The leaf outlives its CA: lint says so, verification still passes today.
        const auto checks = checkIssuedSecrets(*issued, clock);
        bool linted = false;
        for (const auto &ch : checks) {
            QVERIFY(ch.verified());
            for (const auto &w : ch.lint)
                linted = linted || (ch.secret.name == QLatin1String("leaf") &&
                                    w.code == QLatin1String("validity-exceeds-issuer"));
        }
        QVERIFY(linted);
        // ... and a year later both are expired: named problems.
        clock.set(kNow.addDays(400));
        for (const auto &ch : checkIssuedSecrets(*issued, clock)) {
            QVERIFY(!ch.verified());
            QVERIFY2(ch.result.hasProblem(QStringLiteral("expired")),
                     qPrintable(ch.result.problemNames().join(QLatin1Char(','))));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QList<SecretSpec>>("specs");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        const QString s = QStringLiteral("s");
        QTest::newRow("unknown private key")
            << QList<SecretSpec>{cert(s, QStringLiteral("c"), SecretKind::X509, QStringLiteral("nokey"))}
            << QStringLiteral("certs.unknown_reference") << QStringLiteral("nokey");
        QTest::newRow("private key is a cert")
            << QList<SecretSpec>{key(s, QStringLiteral("k")),
                                 cert(s, QStringLiteral("a"), SecretKind::X509, QStringLiteral("k")),
                                 cert(s, QStringLiteral("b"), SecretKind::X509, QStringLiteral("a"))}
            << QStringLiteral("certs.private_key_kind") << QStringLiteral("'a'");
        QTest::newRow("issuer not a CA") << QList<SecretSpec>{key(s, QStringLiteral("k")),
                                                              cert(s, QStringLiteral("leaf1"), SecretKind::X509,
                                                                   QStringLiteral("k")),
                                                              cert(s, QStringLiteral("leaf2"), SecretKind::X509,
                                                                   QStringLiteral("k"), QStringLiteral("leaf1"))}
                                         << QStringLiteral("certs.issuer_kind") << QStringLiteral("leaf1");
        QTest::newRow("unknown issuer") << QList<SecretSpec>{key(s, QStringLiteral("k")),
                                                             cert(s, QStringLiteral("c"), SecretKind::X509,
                                                                  QStringLiteral("k"), QStringLiteral("ghost"))}
                                        << QStringLiteral("certs.unknown_reference") << QStringLiteral("ghost");
        QTest::newRow("cycle") << QList<SecretSpec>{key(s, QStringLiteral("k")),
                                                    cert(s, QStringLiteral("ca1"), SecretKind::X509Ca,
                                                         QStringLiteral("k"), QStringLiteral("ca2")),
                                                    cert(s, QStringLiteral("ca2"), SecretKind::X509Ca,
                                                         QStringLiteral("k"), QStringLiteral("ca1"))}
                               << QStringLiteral("certs.cycle") << QStringLiteral("s/ca1 → s/ca2");
        QTest::newRow("bad key type") << QList<SecretSpec>{key(s, QStringLiteral("k"), QStringLiteral("P-521"))}
                                      << QStringLiteral("certs.key_type") << QStringLiteral("P-521");
        SecretSpec badValid = cert(s, QStringLiteral("c"), SecretKind::X509, QStringLiteral("k"));
        badValid.validFor = QStringLiteral("forever");
        QTest::newRow("bad valid_for") << QList<SecretSpec>{key(s, QStringLiteral("k")), badValid}
                                       << QStringLiteral("certs.valid_for") << QStringLiteral("forever");
        QTest::newRow("duplicate") << QList<SecretSpec>{key(s, QStringLiteral("k")), key(s, QStringLiteral("k"))}
                                   << QStringLiteral("certs.duplicate") << QStringLiteral("defined twice");
        QTest::newRow("unresolved variable")
            << QList<SecretSpec>{key(s, QStringLiteral("k")),
                                 cert(s, QStringLiteral("c"), SecretKind::X509, QStringLiteral("k"), {},
                                      {QStringLiteral("{{api_host}}")})}
            << QStringLiteral("certs.dns") << QStringLiteral("{{api_host}}");
        QTest::newRow("dangling import") << QList<SecretSpec>{imported(s, QStringLiteral("x"), QStringLiteral("other"))}
                                         << QStringLiteral("certs.import") << QStringLiteral("other/x");
        SecretSpec longCn = cert(s, QStringLiteral("c"), SecretKind::X509, QStringLiteral("k"));
        longCn.commonName = QString(65, QLatin1Char('a'));
        QTest::newRow("long CN") << QList<SecretSpec>{key(s, QStringLiteral("k")), longCn}
                                 << QStringLiteral("certs.issue.cn") << QStringLiteral("64");
        // A CA imported without its key cannot sign in the importing session.
        QTest::newRow("imported CA without its key")
            << QList<SecretSpec>{key(QStringLiteral("ca"), QStringLiteral("ca_key")),
                                 cert(QStringLiteral("ca"), QStringLiteral("ca_cert"), SecretKind::X509Ca,
                                      QStringLiteral("ca_key")),
                                 imported(s, QStringLiteral("ca_cert"), QStringLiteral("ca")),
                                 key(s, QStringLiteral("k")),
                                 cert(s, QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("k"),
                                      QStringLiteral("ca_cert"))}
            << QStringLiteral("certs.issuer_key") << QStringLiteral("ca_key");
        SecretSpec badSan = cert(s, QStringLiteral("c"), SecretKind::X509, QStringLiteral("k"));
        badSan.san = {QStringLiteral("uri:x")};
        QTest::newRow("bad san") << QList<SecretSpec>{key(s, QStringLiteral("k")), badSan}
                                 << QStringLiteral("certs.san") << QStringLiteral("uri:x");
    }
    void errors()
    {
        QFETCH(QList<SecretSpec>, specs);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        specs.last().sourceFile = QStringLiteral("redis/service.yaml");
        specs.last().sourceLine = 7;
        const auto issued = issueSecrets(specs);
        QVERIFY(!issued.ok());
        QCOMPARE(issued.error().code, code);
        QVERIFY2(issued.error().message.contains(mentions), qPrintable(issued.error().message));
    }

    // Validation finds, without making a key, exactly what issuance would stop on.
    void checkFindsWhatIssuanceStopsOn_data() { errors_data(); }
    void checkFindsWhatIssuanceStopsOn()
    {
        QFETCH(QList<SecretSpec>, specs);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        specs.last().sourceFile = QStringLiteral("redis/service.yaml");
        specs.last().sourceLine = 7;
        const workbench::models::Diagnostics found = checkSecretSpecs(specs);
        QVERIFY(!found.isEmpty());
        bool same = false;
        QStringList seen;
        for (const workbench::models::Diagnostic &d : found) {
            QCOMPARE(d.severity, workbench::models::Diagnostic::Severity::Error);
            seen << d.toString();
            same = same || (d.code == code && d.message.contains(mentions));
        }
        QVERIFY2(same, qPrintable(seen.join(QLatin1Char('\n'))));
    }

    void checkPassesWhatIssues()
    {
        QVERIFY(checkSecretSpecs(exampleSpecs()).isEmpty());
        // A CA naming itself as its issuer: one error, at the secret's manifest line.
        const QString s = QStringLiteral("s");
        SecretSpec self = cert(s, QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("k"), QStringLiteral("ca"));
        self.sourceFile = QStringLiteral("svc/service.yaml");
        self.sourceLine = 12;
        const workbench::models::Diagnostics found = checkSecretSpecs(
            {key(s, QStringLiteral("k")), self,
             cert(s, QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("k"), QStringLiteral("ca"))});
        QCOMPARE(found.size(), 1);  // the leaf issued by the broken CA is not reported again
        QCOMPARE(found.first().code, QStringLiteral("certs.cycle"));
        QCOMPARE(found.first().file, QStringLiteral("svc/service.yaml"));
        QCOMPARE(found.first().line, 12);
        QVERIFY(!issueSecrets({key(s, QStringLiteral("k")), self}).ok());
    }

    void parallelIssuanceOnTheCallersThreads()
    {
        // models/ starts no thread: the caller's parallel-for (here the engine's, on a pool)
        // issues independent secrets side by side; progress stays on the calling thread.
        const QString s = QStringLiteral("s");
        QList<SecretSpec> specs{key(s, QStringLiteral("ca_key")),
                                cert(s, QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("ca_key"))};
        for (int i = 0; i < 24; ++i) {
            specs << key(s, QStringLiteral("k%1").arg(i));
            specs << cert(s, QStringLiteral("leaf%1").arg(i), SecretKind::X509, QStringLiteral("k%1").arg(i),
                          QStringLiteral("ca"), {QStringLiteral("leaf%1.test").arg(i)});
        }
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        IssueOptions o;
        o.parallelFor = workbench::engine::parallelForOn(&pool);
        const auto caller = std::this_thread::get_id();
        int lastDone = 0;
        bool onCaller = true;
        o.progress = [&](int done, int total) {
            onCaller = onCaller && std::this_thread::get_id() == caller;
            QVERIFY(done > lastDone && done <= total);
            lastDone = done;
        };
        const auto issued = issueSecrets(specs, o);
        QVERIFY(issued.ok());
        QVERIFY(onCaller);
        QCOMPARE(lastDone, int(specs.size()));
        QCOMPARE(issued->originCertificates().size(), 25);
        for (const CertificateCheck &c : checkIssuedSecrets(issued.value()))
            QVERIFY2(c.verified(), qPrintable(c.secret.toString()));
    }

    void importedCaWithItsKeySigns()
    {
        const QString s = QStringLiteral("s");
        const QString ca = QStringLiteral("ca");
        const auto issued =
            issueSecrets({key(ca, QStringLiteral("ca_key")),
                          cert(ca, QStringLiteral("ca_cert"), SecretKind::X509Ca, QStringLiteral("ca_key")),
                          imported(s, QStringLiteral("ca_key"), ca), imported(s, QStringLiteral("ca_cert"), ca),
                          key(s, QStringLiteral("k")),
                          cert(s, QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("k"),
                               QStringLiteral("ca_cert"), {QStringLiteral("bücher.example")})});
        QVERIFY2(issued.ok(), issued.ok() ? "" : qPrintable(issued.error().toString()));
        const IssuedSecret *leaf = issued->find(SecretRef{s, QStringLiteral("leaf")});
        QVERIFY(leaf);
        // An internationalised name is written in its ASCII form (an IA5String holds no UTF-8).
        QCOMPARE(leaf->certificate.dnsNames(), QStringList{QStringLiteral("xn--bcher-kva.example")});
    }

    void hostNamesAreMatchedAgainstTheSanOnly()
    {
        const QString s = QStringLiteral("s");
        SecretSpec leaf = cert(s, QStringLiteral("leaf"), SecretKind::X509, QStringLiteral("k"), QStringLiteral("ca"));
        leaf.commonName = QStringLiteral("cn-only.example");  // no dns: the SAN is empty
        const auto issued = issueSecrets({key(s, QStringLiteral("cak")),
                                          cert(s, QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("cak")),
                                          key(s, QStringLiteral("k")), leaf});
        QVERIFY(issued.ok());
        VerifyOptions o;
        o.trusted << issued->find(SecretRef{s, QStringLiteral("ca")})->certificate;
        o.hostnames = {QStringLiteral("cn-only.example")};
        const VerificationResult r =
            verifyCertificate(issued->find(SecretRef{s, QStringLiteral("leaf")})->certificate, o);
        // TLS clients ignore the subject CN when matching host names (RFC 6125; Go, rustls, browsers).
        QVERIFY2(r.hasProblem(QStringLiteral("hostname-mismatch")),
                 qPrintable(r.problemNames().join(QLatin1Char(','))));
    }

    void caUsedAsServerIsLinted()
    {
        SecretSpec ca = cert(QStringLiteral("s"), QStringLiteral("ca"), SecretKind::X509Ca, QStringLiteral("k"), {},
                             {QStringLiteral("api")});
        const auto issued = issueSecrets({key(QStringLiteral("s"), QStringLiteral("k")), ca});
        QVERIFY(issued.ok());
        const auto checks = checkIssuedSecrets(*issued);
        QCOMPARE(checks.size(), 1);
        QVERIFY(checks.first().verified());
        QCOMPARE(checks.first().lint.size(), 1);
        QCOMPARE(checks.first().lint.first().code, QStringLiteral("ca-as-server"));

        // Dialled by a name it does not carry: a host name problem, as for a leaf.
        ca.dialedNames = {QStringLiteral("rel-api")};
        const auto dialled = issueSecrets({key(QStringLiteral("s"), QStringLiteral("k")), ca});
        QVERIFY(dialled.ok());
        const auto dialledChecks = checkIssuedSecrets(*dialled);
        QVERIFY(!dialledChecks.first().verified());
        QVERIFY(dialledChecks.first().result.hasProblem(QStringLiteral("hostname-mismatch")));
    }

    void noPrivateKeyIsANote()
    {
        const auto issued = issueSecrets({cert(QStringLiteral("s"), QStringLiteral("c"), SecretKind::X509, QString())});
        QVERIFY(issued.ok());
        QCOMPARE(issued->notes().size(), 1);
        QCOMPARE(issued->notes().first().code, QStringLiteral("certs.issue.no_private_key"));
        QVERIFY(!issued->find({QStringLiteral("s"), QStringLiteral("c")})->certificate.isNull());
    }

    void cancelBetweenSecrets()
    {
        std::atomic<bool> cancel{false};
        IssueOptions o;
        o.cancel = &cancel;
        int calls = 0;
        o.progress = [&](int done, int total) {
            ++calls;
            QCOMPARE(total, 13);
            if (done == 2)
                cancel = true;
        };
        const auto issued = issueSecrets(exampleSpecs(), o);
        QVERIFY(!issued.ok());
        QCOMPARE(issued.error().code, QStringLiteral("certs.cancelled"));
        QCOMPARE(calls, 2);
    }

    void cancelInsideRsaGeneration()
    {
        // RSA-3072 prime search polls the flag through the keygen callback.
        std::atomic<bool> cancel{false};
        Result<PrivateKey> result = makeError(QStringLiteral("none"), QString());
        std::thread t([&] { result = PrivateKey::generate(KeyType::Rsa3072, &cancel); });
        cancel = true;
        t.join();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, QStringLiteral("certs.cancelled"));
        // Without cancellation the same call succeeds.
        std::atomic<bool> never{false};
        const auto key = PrivateKey::generate(KeyType::Rsa2048, &never);
        QVERIFY(key.ok());
        QCOMPARE(key->bits(), 2048);
    }
};

QTEST_GUILESS_MAIN(TestCertIssuance)
#include "tst_certissuance.moc"
