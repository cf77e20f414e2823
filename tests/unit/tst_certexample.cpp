// SPDX-License-Identifier: Apache-2.0
// Preview issuance over the bundled example project, through the real policy generator:
// manifests -> CAS sessions -> SecretSpecs -> keys and certificates -> verification.
#include "certs/certificateissuer.h"
#include "certs/previewcheck.h"
#include "certs/sessionsecretspecs.h"
#include "certs/validfor.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "testsupport.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::certs;

namespace {

const QString kNs = QStringLiteral("sdm-1-2");
const QString kRedis = kNs + QStringLiteral("/redis");
const QString kFlask = kNs + QStringLiteral("/flask-api");
const QDateTime kNow(QDate(2025, 5, 5), QTime(10, 0), Qt::UTC);

policy::PolicyPreview examplePreview()
{
    auto project = ManifestProject::loadFolder(test::exampleDir());
    if (!project)
        qFatal("cannot load the example: %s", qPrintable(project.error().toString()));
    policy::PolicyGenerationOptions o;
    o.settings = policy::DeploymentSettings::defaults(test::exampleDir());
    o.settings.release = QStringLiteral("sdm");
    o.settings.appNamespace = kNs;
    o.settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
    return policy::generatePolicies(project.value(), o);
}

}  // namespace

class TestCertExample : public QObject
{
    Q_OBJECT
private:
    SessionSecretSpecs m_specs;
    std::optional<IssuedSecrets> m_issued;
    FixedClock m_clock{kNow};

private Q_SLOTS:
    void initTestCase()
    {
        const policy::PolicyPreview preview = examplePreview();
        QVERIFY2(!preview.hasErrors(), "the example must generate without errors");
        m_specs = secretSpecsFromSessions(preview.sessions);
        IssueOptions o;
        o.clock = &m_clock;
        auto issued = issueSecrets(m_specs.specs, o);
        QVERIFY2(issued.ok(), qPrintable(issued.ok() ? QString() : issued.error().toString()));
        m_issued = std::move(issued).value();
    }

    void specsMirrorTheManifests()
    {
        QStringList names;
        for (const SecretSpec &s : std::as_const(m_specs.specs)) {
            names << s.session.section(QLatin1Char('/'), -1) + QLatin1Char('/') + s.name;
            QVERIFY2(!s.sourceFile.isEmpty() && s.sourceLine > 0, qPrintable(s.name));  // jump-to-line works
        }
        names.sort();
        QCOMPARE(names,
                 (QStringList{QStringLiteral("flask-api/api_ca_cert"), QStringLiteral("flask-api/api_ca_key"),
                              QStringLiteral("flask-api/flask"), QStringLiteral("flask-api/flask_key"),
                              QStringLiteral("flask-api/redis_ca_cert"), QStringLiteral("flask-api/redis_client_cert"),
                              QStringLiteral("flask-api/redis_client_key"), QStringLiteral("redis/redis"),
                              QStringLiteral("redis/redis_ca_cert"), QStringLiteral("redis/redis_ca_key"),
                              QStringLiteral("redis/redis_client_cert"), QStringLiteral("redis/redis_client_key"),
                              QStringLiteral("redis/redis_key")}));
        QVERIFY(m_specs.notes.isEmpty());
    }

    void everyCertificate_data()
    {
        QTest::addColumn<QString>("session");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ca");
        QTest::addColumn<QString>("issuer");  // origin of the issuer, "" = self-signed
        QTest::addColumn<QString>("cn");
        QTest::addColumn<QStringList>("dns");
        QTest::addColumn<QStringList>("eku");
        QTest::addColumn<QStringList>("dialed");
        QTest::addColumn<QString>("origin");  // for imports
        const QString redisCa = kRedis + QStringLiteral("/redis_ca_cert");
        const QStringList both{QStringLiteral("serverAuth"), QStringLiteral("clientAuth")};
        QTest::newRow("redis") << kRedis << QStringLiteral("redis") << false << redisCa << QStringLiteral("redis")
                               << QStringList{QStringLiteral("redis"), QStringLiteral("sdm-redis")}
                               << QStringList{QStringLiteral("serverAuth")} << QStringList{QStringLiteral("sdm-redis")}
                               << QString();
        QTest::newRow("redis_client_cert")
            << kRedis << QStringLiteral("redis_client_cert") << false << redisCa << QStringLiteral("redis_client_cert")
            << QStringList{} << QStringList{QStringLiteral("clientAuth")} << QStringList{} << QString();
        QTest::newRow("redis_ca_cert") << kRedis << QStringLiteral("redis_ca_cert") << true << QString()
                                       << QStringLiteral("redis_ca_cert") << QStringList{} << QStringList{}
                                       << QStringList{} << QString();
        QTest::newRow("flask: redis_client_cert")
            << kFlask << QStringLiteral("redis_client_cert") << false << redisCa << QStringLiteral("redis_client_cert")
            << QStringList{} << QStringList{QStringLiteral("clientAuth")} << QStringList{}
            << kRedis + QStringLiteral("/redis_client_cert");
        QTest::newRow("flask: redis_ca_cert")
            << kFlask << QStringLiteral("redis_ca_cert") << true << QString() << QStringLiteral("redis_ca_cert")
            << QStringList{} << QStringList{} << QStringList{} << redisCa;
        QTest::newRow("api_ca_cert") << kFlask << QStringLiteral("api_ca_cert") << true << QString()
                                     << QStringLiteral("api_ca_cert") << QStringList{} << QStringList{} << QStringList{}
                                     << QString();
        QTest::newRow("flask") << kFlask << QStringLiteral("flask") << false << kFlask + QStringLiteral("/api_ca_cert")
                               << QStringLiteral("api")
                               << QStringList{QStringLiteral("api"), QStringLiteral("sdm-flask-api")} << both
                               << QStringList{} << QString();
    }
    void everyCertificate()
    {
        QFETCH(QString, session);
        QFETCH(QString, name);
        QFETCH(bool, ca);
        QFETCH(QString, issuer);
        QFETCH(QString, cn);
        QFETCH(QStringList, dns);
        QFETCH(QStringList, eku);
        QFETCH(QStringList, dialed);
        QFETCH(QString, origin);
        const IssuedSecret *s = m_issued->find({session, name});
        QVERIFY(s);
        QCOMPARE(s->isImported(), !origin.isEmpty());
        if (!origin.isEmpty())
            QCOMPARE(s->origin.toString(), origin);
        QCOMPARE(s->spec.dialedNames, dialed);
        const Certificate &c = s->certificate;
        QCOMPARE(c.keyAlgorithm(), QStringLiteral("EC P-256"));  // no key_type in the example
        QVERIFY(c.matchesKey(s->key));
        QCOMPARE(c.isCa(), ca);
        QCOMPARE(c.keyUsage().contains(QStringLiteral("keyCertSign")), ca);
        QCOMPARE(c.commonName(), cn);
        QCOMPARE(c.dnsNames(), dns);
        QCOMPARE(c.extendedKeyUsage(), eku);
        QCOMPARE(c.notBefore(), kNow);
        QCOMPARE(c.notAfter(), unlimitedNotAfter());  // no valid_for in the example
        QCOMPARE(c.serialBytes().size(), 16);
        QCOMPARE(s->issuerOrigin.isEmpty() ? QString() : s->issuerOrigin.toString(), issuer);
        if (issuer.isEmpty()) {
            QVERIFY(c.isSelfSigned());
        } else {
            const IssuedSecret *issuerSecret =
                m_issued->find({issuer.section(QLatin1Char('/'), 0, -2), issuer.section(QLatin1Char('/'), -1)});
            QVERIFY(issuerSecret);
            QVERIFY(c.isIssuedBy(issuerSecret->certificate));
            QCOMPARE(c.authorityKeyId(), issuerSecret->certificate.subjectKeyId());
        }
    }

    void flaskClientCertificateIsTheRedisOne()
    {
        const IssuedSecret *flaskSide = m_issued->find({kFlask, QStringLiteral("redis_client_cert")});
        const IssuedSecret *redisSide = m_issued->find({kRedis, QStringLiteral("redis_client_cert")});
        QCOMPARE(flaskSide->certificate, redisSide->certificate);
        QVERIFY(flaskSide->key.matches(m_issued->find({kFlask, QStringLiteral("redis_client_key")})->key));
        QCOMPARE(m_issued->find({kFlask, QStringLiteral("redis_ca_cert")})->certificate,
                 m_issued->find({kRedis, QStringLiteral("redis_ca_cert")})->certificate);
    }

    void everyChainVerifies()
    {
        const auto checks = checkIssuedSecrets(*m_issued, m_clock);
        QCOMPARE(checks.size(), 5);
        for (const CertificateCheck &c : checks) {
            QVERIFY2(c.verified(), qPrintable(c.secret.toString() + QLatin1Char(' ') +
                                              c.result.problemNames().join(QLatin1Char(','))));
            QVERIFY2(c.lint.isEmpty(), qPrintable(c.secret.toString()));
        }
    }

    void wrongReleaseNameIsAHostnameMismatch()
    {
        // The Flask side dials $RELEASE-redis; a Redis certificate made for another release does
        // not match it. Simulate by dropping the release name from the Redis certificate.
        QList<SecretSpec> specs = m_specs.specs;
        for (SecretSpec &s : specs)
            if (s.session == kRedis && s.name == QLatin1String("redis"))
                s.dns = {QStringLiteral("redis")};
        const auto issued = issueSecrets(specs);
        QVERIFY(issued.ok());
        for (const CertificateCheck &c : checkIssuedSecrets(*issued)) {
            if (c.secret.name != QLatin1String("redis"))
                continue;
            QVERIFY(!c.verified());
            QCOMPARE(c.result.problemNames(), QStringList{QStringLiteral("hostname-mismatch")});
            return;
        }
        QFAIL("no check for the Redis certificate");
    }

    void hostFromValue_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("host");
        QTest::newRow("name") << QStringLiteral("rel-redis") << QStringLiteral("rel-redis");
        QTest::newRow("name:port") << QStringLiteral("rel-redis:6379") << QStringLiteral("rel-redis");
        QTest::newRow("url") << QStringLiteral("rediss://user@rel-redis.ns.svc:6379/0")
                             << QStringLiteral("rel-redis.ns.svc");
        QTest::newRow("ipv6") << QStringLiteral("[::1]:443") << QStringLiteral("::1");
        QTest::newRow("port only") << QStringLiteral("6379") << QString();
        QTest::newRow("placeholder") << QStringLiteral("$$SCONE::x$$") << QString();
        QTest::newRow("sentence") << QStringLiteral("a b") << QString();
        QTest::newRow("one letter") << QStringLiteral("a") << QStringLiteral("a");
        QTest::newRow("digits and a dot") << QStringLiteral("10.0.0.1:80") << QStringLiteral("10.0.0.1");
        QTest::newRow("leading dash") << QStringLiteral("-redis") << QString();
        QTest::newRow("trailing dot") << QStringLiteral("redis.") << QString();
        QTest::newRow("underscore") << QStringLiteral("my_host") << QString();
        QTest::newRow("not ascii") << QStringLiteral("r\u00e9dis") << QString();
        QTest::newRow("empty") << QString() << QString();
        // `$` of the former regular expression: one newline before the end is allowed, two not
        QTest::newRow("newline at the end") << QStringLiteral("redis\n/x") << QStringLiteral("redis\n");
        QTest::newRow("two newlines") << QStringLiteral("redis\n\n/x") << QString();
        QTest::newRow("number, newline") << QStringLiteral("6379\n/x") << QString();
    }
    void hostFromValue()
    {
        QFETCH(QString, value);
        QFETCH(QString, host);
        QCOMPARE(certs::hostFromValue(value), host);
    }
};

QTEST_GUILESS_MAIN(TestCertExample)
#include "tst_certexample.moc"
