// SPDX-License-Identifier: Apache-2.0
// `scone-workbench certs` over the example project: the files it writes, and the real
// `openssl verify` accepting every written chain against the written root.
#include "certs/certificatefile.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::certs;

class TestCertsCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_out;
    QString m_ns = QStringLiteral("sdm-7-8");

    QString sessionDir(const QString &service) const
    {
        return m_out + QLatin1Char('/') + m_ns + QLatin1Char('/') + service;
    }

    static QProcessEnvironment env(const QString &home)
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), home);
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString project = m_tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::copyTree(test::exampleDir(), project));
        m_out = m_tmp.filePath(QStringLiteral("out"));
        const auto r = test::runCli({QStringLiteral("certs"), project, QStringLiteral("--out"), m_out,
                                     QStringLiteral("--set"), QStringLiteral("RELEASE=sdm"), QStringLiteral("--set"),
                                     QStringLiteral("APP_NAMESPACE=") + m_ns, QStringLiteral("--set"),
                                     QStringLiteral("APP_IMAGE_REPO=registry.example.com/sdm")},
                                    120000, env(m_tmp.filePath(QStringLiteral("home"))));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // The count is the report's (one per certificate the policies generate); the files include
        // the imported copies.
        QVERIFY2(r.out.contains("Issued 5 certificates for 2 sessions"), r.out.constData());
        QVERIFY(r.out.contains("(7 certificate files and 6 unencrypted key files"));
        QVERIFY(r.out.contains("for local testing only"));
        QVERIFY(r.out.contains("All 5 chains verify"));
        QVERIFY(test::readFile(m_out + QStringLiteral("/report.txt")).contains("\n5 certificates, 5 verified"));
    }

    void filesAndModes_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<bool>("hasKey");
        QTest::addColumn<int>("chainLength");
        QTest::newRow("redis") << QStringLiteral("redis") << QStringLiteral("redis") << true << 2;
        QTest::newRow("redis_client_cert")
            << QStringLiteral("redis") << QStringLiteral("redis_client_cert") << true << 2;
        QTest::newRow("redis_ca_cert") << QStringLiteral("redis") << QStringLiteral("redis_ca_cert") << true << 1;
        QTest::newRow("flask") << QStringLiteral("flask-api") << QStringLiteral("flask") << true << 2;
        QTest::newRow("api_ca_cert") << QStringLiteral("flask-api") << QStringLiteral("api_ca_cert") << true << 1;
        // Imported by flask-api: the client identity with its key, the Redis CA without one.
        QTest::newRow("flask: redis_client_cert")
            << QStringLiteral("flask-api") << QStringLiteral("redis_client_cert") << true << 2;
        QTest::newRow("flask: redis_ca_cert")
            << QStringLiteral("flask-api") << QStringLiteral("redis_ca_cert") << false << 1;
    }
    void filesAndModes()
    {
        QFETCH(QString, service);
        QFETCH(QString, secret);
        QFETCH(bool, hasKey);
        QFETCH(int, chainLength);
        const QString base = sessionDir(service) + QLatin1Char('/') + secret;
        const auto crt = readCertificateFile(base + QStringLiteral(".crt"));
        QVERIFY(crt.ok());
        QCOMPARE(crt->format, QStringLiteral("PEM"));
        QCOMPARE(crt->certificates.size(), 1);
        const auto chain = readCertificateFile(base + QStringLiteral(".chain.pem"));
        QVERIFY(chain.ok());
        QCOMPARE(chain->certificates.size(), chainLength);
        QCOMPARE(chain->certificates.first(), crt->certificates.first());  // the certificate first
        QVERIFY(chain->certificates.last().isSelfSigned());                // then up to the root
        QCOMPARE(QFileInfo::exists(base + QStringLiteral(".key")), hasKey);
        if (hasKey) {
            QCOMPARE(QFileInfo(base + QStringLiteral(".key")).permissions(),
                     QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
            const auto key = readCertificateFile(base + QStringLiteral(".key"));
            QVERIFY(key.ok());
            QCOMPARE(key->keys.size(), 1);
            QVERIFY(crt->certificates.first().matchesKey(key->keys.first()));
        }
    }

    void importsAreIdentical()
    {
        for (const char *name : {"redis_client_cert", "redis_ca_cert"}) {
            const QString n = QLatin1String(name);
            QCOMPARE(
                test::readFile(sessionDir(QStringLiteral("flask-api")) + QLatin1Char('/') + n + QStringLiteral(".crt")),
                test::readFile(sessionDir(QStringLiteral("redis")) + QLatin1Char('/') + n + QStringLiteral(".crt")));
        }
    }

    void opensslVerifiesEveryChain()
    {
        // For every written chain: its last certificate is a root the command also wrote as a
        // .crt of its own; `openssl verify` must accept the certificate against that file.
        QHash<QByteArray, QString> rootFiles;  // DER -> path of the written .crt
        QDirIterator crts(m_out, {QStringLiteral("*.crt")}, QDir::Files, QDirIterator::Subdirectories);
        while (crts.hasNext()) {
            const QString path = crts.next();
            const auto c = readCertificateFile(path);
            QVERIFY(c.ok());
            if (c->certificates.first().isSelfSigned())
                rootFiles.insert(c->certificates.first().toDer(), path);
        }
        QCOMPARE(rootFiles.size(), 2);  // the Redis CA and the API CA

        int verified = 0;
        QDirIterator chains(m_out, {QStringLiteral("*.chain.pem")}, QDir::Files, QDirIterator::Subdirectories);
        while (chains.hasNext()) {
            const QString chainPath = chains.next();
            const QString certPath = chainPath.chopped(QStringLiteral(".chain.pem").size()) + QStringLiteral(".crt");
            const auto chain = readCertificateFile(chainPath);
            QVERIFY(chain.ok());
            const QString root = rootFiles.value(chain->certificates.last().toDer());
            QVERIFY2(!root.isEmpty(), qPrintable(chainPath));
            QStringList args{QStringLiteral("verify"),     QStringLiteral("-x509_strict"),
                             QStringLiteral("-CAfile"),    root,
                             QStringLiteral("-untrusted"), chainPath};
            if (certPath.endsWith(QLatin1String("/redis.crt")))
                args << QStringLiteral("-purpose") << QStringLiteral("sslserver") << QStringLiteral("-verify_hostname")
                     << QStringLiteral("sdm-redis");
            if (certPath.endsWith(QLatin1String("/redis_client_cert.crt")))
                args << QStringLiteral("-purpose") << QStringLiteral("sslclient");
            args << certPath;
            QProcess openssl;
            openssl.start(QStringLiteral("openssl"), args);
            QVERIFY(openssl.waitForFinished(30000));
            const QByteArray output = openssl.readAllStandardOutput() + openssl.readAllStandardError();
            QVERIFY2(openssl.exitCode() == 0 && output.trimmed().endsWith(": OK"), output.constData());
            ++verified;
        }
        QCOMPARE(verified, 7);
    }

    void opensslRejectsTheWrongHostname()
    {
        // The same check fails for a name the Redis certificate does not carry (the check above
        // is not vacuous).
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("verify"), QStringLiteral("-CAfile"),
                       sessionDir(QStringLiteral("redis")) + QStringLiteral("/redis_ca_cert.crt"),
                       QStringLiteral("-verify_hostname"), QStringLiteral("other-redis"),
                       sessionDir(QStringLiteral("redis")) + QStringLiteral("/redis.crt")});
        QVERIFY(openssl.waitForFinished(30000));
        QVERIFY(openssl.exitCode() != 0);
    }

    void report()
    {
        const QByteArray report = test::readFile(m_out + QStringLiteral("/report.txt"));
        QVERIFY(report.contains("never deploy these"));
        QVERIFY(report.contains("sdm-7-8/redis/redis_ca_cert  [x509-ca]"));
        QVERIFY(report.contains("imported by sdm-7-8/flask-api as redis_client_cert"));
        QVERIFY(report.contains("OK    sdm-7-8/redis/redis  (TLS server; dialled as sdm-redis)"));
        QVERIFY(report.contains("5 certificates, 5 verified, 0 failed"));
    }

    void namesFromTheProjectStayInsideOut()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString project = tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::copyTree(test::exampleDir(), project));
        const QString service = project + QStringLiteral("/redis/service.yaml");
        QByteArray text = test::readFile(service);
        text.replace("    - name: redis_ca_key\n",
                     "    - name: ../../../escaped\n      kind: x509\n      private_key: redis_key\n"
                     "    - name: redis_ca_key\n");
        QVERIFY(test::writeFile(service, text));
        const QString out = tmp.filePath(QStringLiteral("a/b/out"));
        const auto r = test::runCli({QStringLiteral("certs"), project, QStringLiteral("--out"), out,
                                     QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=") + m_ns},
                                    120000, env(tmp.filePath(QStringLiteral("home"))));
        // Such a name is an error of the project (validate says so too): nothing is written at all.
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("../../../escaped"), r.err.constData());
        QVERIFY(r.err.contains("nothing written"));
        QDirIterator it(tmp.path(), {QStringLiteral("*escaped*")}, QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        QVERIFY(!it.hasNext());
        QVERIFY(!QFileInfo::exists(out));
    }

    void policyErrorsStopBeforeIssuing()
    {
        // An error of the policies (a CA naming itself as its issuer, which only issuing would
        // meet): `certs` exits 1 and writes nothing, and `validate` reports the same error.
        QTemporaryDir tmp;
        const QString project = tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::copyTree(test::exampleDir(), project));
        const QString service = project + QStringLiteral("/redis/service.yaml");
        QByteArray text = test::readFile(service);
        const QByteArray ca = "    - name: redis_ca_cert\n      kind: x509-ca\n      private_key: redis_ca_key\n";
        QVERIFY(text.contains(ca));
        text.replace(ca, QByteArray(ca + "      issuer: redis_ca_cert\n"));
        QVERIFY(test::writeFile(service, text));
        const QByteArray before = test::treeDigest(project);
        const QString out = tmp.filePath(QStringLiteral("out"));
        const auto r = test::runCli({QStringLiteral("certs"), project, QStringLiteral("--out"), out}, 120000,
                                    env(tmp.filePath(QStringLiteral("home"))));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("[certs.cycle]"), r.err.constData());
        QVERIFY(r.err.contains("1 error, nothing written"));
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(test::treeDigest(project), before);
        const auto v = test::runCli({QStringLiteral("validate"), project});
        QCOMPARE(v.exitCode, 1);
        QVERIFY(v.out.contains("redis/service.yaml:"));
        QVERIFY(v.out.contains("error: redis_ca_cert (session "));
        QVERIFY(v.out.contains("[certs.cycle]"));
        QVERIFY(v.err.contains("1 error,"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no project") << QStringList{QStringLiteral("certs")} << QByteArray("PROJECT_DIR is missing");
        QTest::newRow("no out") << QStringList{QStringLiteral("certs"), test::exampleDir()}
                                << QByteArray("--out DIR is missing");
        QTest::newRow("bad set") << QStringList{QStringLiteral("certs"), test::exampleDir(),
                                                QStringLiteral("--out"), QStringLiteral("x"),
                                                QStringLiteral("--set"), QStringLiteral("NOVALUE")}
                                 << QByteArray("--set needs NAME=VALUE");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("certs"), QStringLiteral("--frob")}
                                        << QByteArray("unknown option --frob");
        QTest::newRow("not a folder") << QStringList{QStringLiteral("certs"), QStringLiteral("/no/such/dir"),
                                                     QStringLiteral("--out"), QStringLiteral("x")}
                                      << QByteArray("is not a folder");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const auto r = test::runCli(args, 30000, env(m_tmp.filePath(QStringLiteral("home"))));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCertsCommand)
#include "tst_certscommand.moc"
