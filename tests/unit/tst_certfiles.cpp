// SPDX-License-Identifier: Apache-2.0
// Reading PEM / DER / PKCS#12 (passwords through the PasswordProvider interface), broken
// inputs with clear errors, and exporting certificates, chains, keys and PKCS#12 bundles.
#include "certs/certificateexport.h"
#include "certs/certificatefile.h"
#include "testsupport.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::certs;

namespace {
QString data(const QString &name)
{
    return test::dataPath(QStringLiteral("certs/") + name);
}
const QString kPass = QStringLiteral("correct horse");
}  // namespace

class TestCertFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void read_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("passwords");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("certs");
        QTest::addColumn<int>("keys");
        QTest::addColumn<int>("asked");
        QTest::newRow("PEM cert") << QStringLiteral("LeafLocalhost.pem") << QStringList{} << QStringLiteral("PEM") << 1
                                  << 0 << 0;
        QTest::newRow("PEM bundle") << QStringLiteral("BundleLeafIntermediateRoot.pem") << QStringList{}
                                    << QStringLiteral("PEM") << 3 << 0 << 0;
        QTest::newRow("DER cert") << QStringLiteral("LeafLocalhost.der") << QStringList{} << QStringLiteral("DER") << 1
                                  << 0 << 0;
        QTest::newRow("PEM key") << QStringLiteral("LeafLocalhost.key") << QStringList{} << QStringLiteral("PEM") << 0
                                 << 1 << 0;
        QTest::newRow("encrypted key") << QStringLiteral("EncryptedKey.pem") << QStringList{kPass}
                                       << QStringLiteral("PEM") << 0 << 1 << 1;
        QTest::newRow("encrypted key, 2nd try")
            << QStringLiteral("EncryptedKey.pem") << QStringList{QStringLiteral("nope"), kPass} << QStringLiteral("PEM")
            << 0 << 1 << 2;
        QTest::newRow("PKCS#12") << QStringLiteral("LeafLocalhost.p12") << QStringList{kPass}
                                 << QStringLiteral("PKCS#12") << 3 << 1 << 1;
        QTest::newRow("PKCS#12, 3rd try")
            << QStringLiteral("LeafLocalhost.p12") << QStringList{QStringLiteral("a"), QStringLiteral("b"), kPass}
            << QStringLiteral("PKCS#12") << 3 << 1 << 3;
    }
    void read()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, passwords);
        QFETCH(QString, format);
        QFETCH(int, certs);
        QFETCH(int, keys);
        QFETCH(int, asked);
        ScriptedPasswordProvider provider(passwords);
        const auto bundle = readCertificateFile(data(file), &provider);
        QVERIFY2(bundle.ok(), qPrintable(bundle.ok() ? QString() : bundle.error().toString()));
        QCOMPARE(bundle->format, format);
        QCOMPARE(bundle->certificates.size(), qsizetype(certs));
        QCOMPARE(bundle->keys.size(), qsizetype(keys));
        QCOMPARE(provider.timesAsked(), asked);
        if (asked)
            QVERIFY(provider.lastWhat().contains(file));  // the prompt names the file
        if (format == QLatin1String("PKCS#12")) {
            QCOMPARE(bundle->certificates.first().commonName(), QStringLiteral("localhost"));
            QVERIFY(bundle->certificates.first().matchesKey(bundle->keys.first()));
        }
    }

    void broken_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("passwords");
        QTest::addColumn<bool>("withProvider");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<int>("line");
        QTest::newRow("truncated PEM") << QStringLiteral("TruncatedPem.pem") << QStringList{} << true
                                       << QStringLiteral("certs.pem.truncated") << QStringLiteral("truncated") << 1;
        QTest::newRow("corrupt base64") << QStringLiteral("CorruptBase64.pem") << QStringList{} << true
                                        << QStringLiteral("certs.pem.invalid") << QStringLiteral("does not decode")
                                        << 1;
        QTest::newRow("DER garbage") << QStringLiteral("DerGarbage.der") << QStringList{} << true
                                     << QStringLiteral("certs.format") << QStringLiteral("neither PEM, DER nor PKCS#12")
                                     << 0;
        QTest::newRow("truncated PKCS#12")
            << QStringLiteral("TruncatedPkcs12.p12") << QStringList{} << true << QStringLiteral("certs.format")
            << QStringLiteral("TruncatedPkcs12.p12") << 0;
        QTest::newRow("wrong PKCS#12 password")
            << QStringLiteral("LeafLocalhost.p12")
            << QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")} << true
            << QStringLiteral("certs.password.wrong") << QStringLiteral("Wrong password") << 0;
        QTest::newRow("one wrong password, then no more")
            << QStringLiteral("LeafLocalhost.p12") << QStringList{QStringLiteral("x")} << true
            << QStringLiteral("certs.password.wrong")
            << QStringLiteral("Wrong password for the PKCS#12 data in LeafLocalhost.p12.") << 0;
        QTest::newRow("PKCS#12 without provider")
            << QStringLiteral("LeafLocalhost.p12") << QStringList{} << false << QStringLiteral("certs.password.needed")
            << QStringLiteral("password-protected") << 0;
        QTest::newRow("PKCS#12 cancelled")
            << QStringLiteral("LeafLocalhost.p12") << QStringList{} << true
            << QStringLiteral("certs.password.cancelled") << QStringLiteral("No password") << 0;
        QTest::newRow("wrong key password")
            << QStringLiteral("EncryptedKey.pem")
            << QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")} << true
            << QStringLiteral("certs.password.wrong") << QStringLiteral("line 1") << 1;
        QTest::newRow("shell script") << QStringLiteral("make-test-data.sh") << QStringList{} << true
                                      << QStringLiteral("certs.format")
                                      << QStringLiteral("make-test-data.sh is not a certificate") << 0;
    }
    void broken()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, passwords);
        QFETCH(bool, withProvider);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        QFETCH(int, line);
        ScriptedPasswordProvider provider(passwords);
        const auto bundle = readCertificateFile(data(file), withProvider ? &provider : nullptr);
        QVERIFY(!bundle.ok());
        QCOMPARE(bundle.error().code, code);
        QVERIFY2(bundle.error().toString().contains(mentions), qPrintable(bundle.error().toString()));
        QCOMPARE(bundle.error().line, line);
    }

    void pkcs12WithoutMacTakesItsPassword()
    {
        // `openssl pkcs12 -nomac`: no MAC to check a password against; the key bag is encrypted.
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString out = tmp.filePath(QStringLiteral("nomac.p12"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-nomac"),
                       QStringLiteral("-in"), data(QStringLiteral("LeafLocalhost.pem")), QStringLiteral("-inkey"),
                       data(QStringLiteral("LeafLocalhost.key")), QStringLiteral("-certfile"),
                       data(QStringLiteral("IntermediateCa.pem")), QStringLiteral("-passout"),
                       QStringLiteral("pass:s3cret"), QStringLiteral("-out"), out});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        ScriptedPasswordProvider provider({QStringLiteral("wrong"), QStringLiteral("s3cret")});
        const auto bundle = readCertificateFile(out, &provider);
        QVERIFY2(bundle.ok(), qPrintable(bundle.ok() ? QString() : bundle.error().toString()));
        QCOMPARE(bundle->format, QStringLiteral("PKCS#12"));
        QCOMPARE(bundle->keys.size(), 1);
        QCOMPARE(bundle->certificates.size(), 2);
        QVERIFY(bundle->certificates.first().matchesKey(bundle->keys.first()));  // the leaf first
        QCOMPARE(provider.timesAsked(), 2);                                      // "wrong" was refused
    }

    void endlessDeviceIsRefusedNotRead()
    {
        // A device is refused before a byte is read (size() says 0 for it: no size check would do).
        const auto bundle = readCertificateFile(QStringLiteral("/dev/zero"));
        QVERIFY(!bundle.ok());
        QCOMPARE(bundle.error().message,
                 QStringLiteral("Cannot read /dev/zero: it is a character device, not a regular file."));
    }

    void inMemoryEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("certs.empty");
        QTest::newRow("whitespace") << QByteArray(" \n\t ") << QStringLiteral("certs.empty");
        QTest::newRow("BEGIN only") << QByteArray("-----BEGIN CERTIFICATE-----\n")
                                    << QStringLiteral("certs.pem.truncated");
        QTest::newRow("mismatched END") << QByteArray("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n")
                                        << QStringLiteral("certs.pem.invalid");
        QTest::newRow("BEGIN BEGIN") << QByteArray("-----BEGIN CERTIFICATE-----\nAAAA\n-----BEGIN CERTIFICATE-----\n")
                                     << QStringLiteral("certs.pem.truncated");
        QTest::newRow("only a CSR")
            << QByteArray("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")
            << QStringLiteral("certs.pem.nothing");
        QTest::newRow("random text") << QByteArray("hello, world: not a certificate") << QStringLiteral("certs.format");
        QTest::newRow("one zero byte") << QByteArray(1, '\0') << QStringLiteral("certs.format");
    }
    void inMemoryEdgeCases()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        const auto bundle = parseCertificateData(bytes, nullptr, QStringLiteral("clipboard"));
        QVERIFY(!bundle.ok());
        QCOMPARE(bundle.error().code, code);
        QVERIFY(!bundle.error().message.isEmpty());
    }

    void pastedBase64WithoutArmour()
    {
        const QByteArray b64 = test::readFile(data(QStringLiteral("LeafLocalhost.der"))).toBase64();
        const auto bundle = parseCertificateData(b64);
        QVERIFY(bundle.ok());
        QCOMPARE(bundle->certificates.size(), 1);
        QCOMPARE(bundle->certificates.first().commonName(), QStringLiteral("localhost"));
    }

    void exportChainOrder()
    {
        const auto bundle = readCertificateFile(data(QStringLiteral("BundleLeafIntermediateRoot.pem")));
        QVERIFY(bundle.ok());
        const QList<Certificate> chain = bundle->certificates;  // leaf, intermediate, root
        const auto leafFirst = parseCertificateData(chainToPem(chain, ChainOrder::LeafToRoot));
        const auto rootFirst = parseCertificateData(chainToPem(chain, ChainOrder::RootToLeaf));
        QVERIFY(leafFirst && rootFirst);
        QCOMPARE(leafFirst->certificates, chain);
        QList<Certificate> reversed(chain.crbegin(), chain.crend());
        QCOMPARE(rootFirst->certificates, reversed);
    }

    void exportKey()
    {
        const auto bundle = readCertificateFile(data(QStringLiteral("LeafLocalhost.key")));
        QVERIFY(bundle.ok());
        const PrivateKey key = bundle->keys.first();

        // Plain only after explicit confirmation.
        const auto refused = exportPrivateKey(key, {});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("certs.export.unconfirmed"));
        KeyExportPolicy plain;
        plain.plainConfirmed = true;
        const auto plainPem = exportPrivateKey(key, plain);
        QVERIFY(plainPem.ok());
        QVERIFY(plainPem->startsWith("-----BEGIN PRIVATE KEY-----"));

        // Encrypted by default whenever a passphrase is given; reads back only with it.
        const SecretBytes pass = SecretBytes::fromString(QStringLiteral("s3cret"));
        KeyExportPolicy enc;
        enc.passphrase = &pass;
        enc.plainConfirmed = true;  // a passphrase wins
        const auto encPem = exportPrivateKey(key, enc);
        QVERIFY(encPem.ok());
        QVERIFY(encPem->startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        ScriptedPasswordProvider wrong({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        QCOMPARE(parseCertificateData(*encPem, &wrong).error().code, QStringLiteral("certs.password.wrong"));
        ScriptedPasswordProvider right({QStringLiteral("s3cret")});
        const auto back = parseCertificateData(*encPem, &right);
        QVERIFY(back.ok());
        QVERIFY(back->keys.first().matches(key));
    }

    void exportPkcs12RoundTrip()
    {
        const auto chain = readCertificateFile(data(QStringLiteral("BundleLeafIntermediateRoot.pem")));
        const auto key = readCertificateFile(data(QStringLiteral("LeafLocalhost.key")));
        QVERIFY(chain && key);
        const SecretBytes pass = SecretBytes::fromString(QStringLiteral("p12 pass"));
        const auto p12 = exportPkcs12(chain->certificates.first(), key->keys.first(), chain->certificates.mid(1), pass,
                                      QStringLiteral("localhost"));
        QVERIFY2(p12.ok(), qPrintable(p12.ok() ? QString() : p12.error().toString()));
        ScriptedPasswordProvider provider({QStringLiteral("p12 pass")});
        const auto back = parseCertificateData(*p12, &provider);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back->format, QStringLiteral("PKCS#12"));
        QCOMPARE(back->certificates.first(), chain->certificates.first());
        QCOMPARE(back->certificates.size(), 3);
        QVERIFY(back->keys.first().matches(key->keys.first()));

        // The real openssl command line reads it too.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("b.p12"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(*p12);
        f.close();
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkcs12"), QStringLiteral("-in"), path, QStringLiteral("-nokeys"),
                       QStringLiteral("-passin"), QStringLiteral("pass:p12 pass")});
        QVERIFY(openssl.waitForFinished(30000));
        QCOMPARE(openssl.exitCode(), 0);
        QVERIFY(openssl.readAllStandardOutput().contains("subject=CN = localhost"));

        // A key that does not belong to the certificate is refused.
        const auto other = readCertificateFile(data(QStringLiteral("ExpiredLeaf.key")));
        QVERIFY(other.ok());
        QCOMPARE(exportPkcs12(chain->certificates.first(), other->keys.first(), {}, pass, {}).error().code,
                 QStringLiteral("certs.export.pkcs12"));
    }

    void secretBytesScrubsOnClear()
    {
        SecretBytes s = SecretBytes::fromString(QStringLiteral("hunter2"));
        QCOMPARE(s.size(), 7);
        QCOMPARE(QByteArray(s.data()), QByteArray("hunter2"));
        SecretBytes moved = std::move(s);
        QCOMPARE(s.size(), 0);  // NOLINT(bugprone-use-after-move): moved-from state is defined
        QCOMPARE(moved.size(), 7);
        moved.clear();
        QVERIFY(moved.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCertFiles)
#include "tst_certfiles.moc"
