// SPDX-License-Identifier: Apache-2.0
// The command line against hostile and careless input (issue 10): files that are no regular
// files or too large are refused at once with the reason; untrusted text never reaches the
// terminal as control characters; values keep their types through `edit`; smaller defects
// (CR-only files, empty manifests, binary and UTF-16 input, `:0:0:` locations).
#include "certs/certificatebuilder.h"
#include "certs/privatekey.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;
using namespace workbench::models::certs;

namespace {

QString text(const QByteArray &b)
{
    return QString::fromUtf8(b);
}

QStringList lines(const QByteArray &b)
{
    return text(b).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// True when @p bytes hold a control character other than a line break.
bool hasRawControl(const QByteArray &bytes)
{
    for (const char c : bytes)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f)
            return true;
    return false;
}

const QByteArray kService = "apiVersion: scone/5.8\n"
                            "kind: genservice\n"
                            "environment:\n"
                            "  local: []\n"
                            "build:\n"
                            "  name: demo\n"
                            "  kind: python\n"
                            "  to: registry.example.com/demo:1\n"
                            "  command: python3 app.py\n"
                            "  run:\n"
                            "    - >\n"
                            "      echo \"prepare\" && mkdir -p /app/cache\n"
                            "secrets:\n"
                            "  global:\n"
                            "    - name: ca\n"
                            "      kind: x509-ca\n"
                            "      export_public: true\n";

}  // namespace

class TestCliHardening : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void unreadableInputIsRefusedAtOnce_data();
    void unreadableInputIsRefusedAtOnce();
    void validatePrintsKeysWithoutControlCharacters();
    void inspectPrintsCertificateNamesWithoutControlCharacters();
    void editKeepsTypes_data();
    void editKeepsTypes();
    void editRefusesASecondDocument();
    void editKeepsAFoldedScalarFolded();
    void crOnlyLineEndingsAreAnError();
    void emptyServiceManifestWarns();
    void binaryAndUtf16FilesAreErrors_data();
    void binaryAndUtf16FilesAreErrors();
    void noDiagnosticWithoutAPlace_data();
    void noDiagnosticWithoutAPlace();

private:
    QString path(const QString &name) const { return m_tmp.filePath(name); }
    QTemporaryDir m_tmp;
};

void TestCliHardening::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QCOMPARE(::mkfifo(QFile::encodeName(path(QStringLiteral("fifo.yaml"))).constData(), 0600), 0);
    QFile big(path(QStringLiteral("big.yaml")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(17 * 1024 * 1024));  // sparse: no 17 MiB written
    big.close();
    const QString project = path(QStringLiteral("zero-project"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    QVERIFY(QFile::remove(project + QStringLiteral("/redis/service.yaml")));
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"), project + QStringLiteral("/redis/service.yaml")));
    QVERIFY(test::writeFile(path(QStringLiteral("service.yaml")), kService));
}

void TestCliHardening::unreadableInputIsRefusedAtOnce_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString fifo = path(QStringLiteral("fifo.yaml"));
    const QString cert = test::dataPath(QStringLiteral("certs/LeafLocalhost.pem"));
    const QString isFifo = QStringLiteral("it is a FIFO, not a regular file.");
    QTest::newRow("validate /dev/zero")
        << QStringList{QStringLiteral("validate"), QStringLiteral("/dev/zero")}
        << QStringLiteral("scone-workbench: validate: Cannot read /dev/zero: it is a character device, not a regular "
                          "file.");
    QTest::newRow("validate a FIFO")
        << QStringList{QStringLiteral("validate"), fifo}
        << QStringLiteral("scone-workbench: validate: Cannot read %1: %2").arg(fifo, isFifo);
    QTest::newRow("validate a project whose service.yaml is /dev/zero")
        << QStringList{QStringLiteral("validate"), path(QStringLiteral("zero-project"))}
        << QStringLiteral("scone-workbench: validate: Cannot read %1/redis/service.yaml: it is a character device, "
                          "not a regular file.")
               .arg(path(QStringLiteral("zero-project")));
    QTest::newRow("validate 17 MiB") << QStringList{QStringLiteral("validate"), path(QStringLiteral("big.yaml"))}
                                     << QStringLiteral("scone-workbench: validate: Cannot read %1: it is larger than "
                                                       "16 MiB.")
                                            .arg(path(QStringLiteral("big.yaml")));
    QTest::newRow("edit a FIFO") << QStringList{QStringLiteral("edit"), fifo, QStringLiteral("--set"),
                                                QStringLiteral("a=b")}
                                 << QStringLiteral("scone-workbench: edit: Cannot read %1: %2").arg(fifo, isFifo);
    QTest::newRow("inspect a FIFO") << QStringList{QStringLiteral("inspect"), fifo}
                                    << QStringLiteral("scone-workbench: inspect: Cannot read %1: %2").arg(fifo, isFifo);
    QTest::newRow("--password-file a FIFO")
        << QStringList{QStringLiteral("inspect"), cert, QStringLiteral("--password-file"), fifo}
        << QStringLiteral("scone-workbench: inspect: --password-file: Cannot read %1: %2").arg(fifo, isFifo);
    QTest::newRow("--password-file missing")
        << QStringList{QStringLiteral("inspect"), cert, QStringLiteral("--password-file"),
                       path(QStringLiteral("no-such-file"))}
        << QStringLiteral("scone-workbench: inspect: --password-file: Cannot read %1: No such file or directory.")
               .arg(path(QStringLiteral("no-such-file")));
}

void TestCliHardening::unreadableInputIsRefusedAtOnce()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    // A FIFO used to block for ever and /dev/zero to grow without bound: the timeout catches both.
    const test::CliResult r = test::runCli(args, 20000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(lines(r.err).value(0), message);
}

void TestCliHardening::validatePrintsKeysWithoutControlCharacters()
{
    // Keys with ESC, BEL and NUL (double-quoted escapes, so the YAML is valid).
    const QString file = path(QStringLiteral("evil/service.yaml"));
    QVERIFY(test::writeFile(file, kService + "\"evil\\e[31mkey\\a\\0\": 1\n"));
    const test::CliResult r = test::runCli({QStringLiteral("validate"), file});
    QVERIFY2(!hasRawControl(r.out), r.out.constData());
    QVERIFY2(!hasRawControl(r.err), r.err.constData());
    QVERIFY2(text(r.out).contains(QStringLiteral("evil\\x1b[31mkey\\x07\\x00")), r.out.constData());
}

void TestCliHardening::inspectPrintsCertificateNamesWithoutControlCharacters()
{
    // What a hostile server could present: ESC sequences (retitle the terminal, clear it) and BEL.
    auto key = PrivateKey::generate(KeyType::P256);
    QVERIFY(key.ok());
    CertificateProfile profile;
    profile.commonName = QStringLiteral("evil\x1b[2Jcn");
    profile.dnsNames = {QStringLiteral("evil\x1b]0;owned\x07.example")};
    profile.notBefore = QDateTime::currentDateTimeUtc().addDays(-1);
    profile.notAfter = QDateTime::currentDateTimeUtc().addDays(30);
    const auto cert = buildCertificate(profile, key.value());
    QVERIFY2(cert.ok(), qPrintable(cert.ok() ? QString() : cert.error().toString()));
    const QString file = path(QStringLiteral("evil.pem"));
    QVERIFY(test::writeFile(file, cert->toPem()));
    const test::CliResult r = test::runCli({QStringLiteral("inspect"), file});
    QVERIFY2(!hasRawControl(r.out), r.out.constData());
    QVERIFY2(!hasRawControl(r.err), r.err.constData());
    QVERIFY2(text(r.out).contains(QStringLiteral("evil\\x1b]0;owned\\x07.example")), r.out.constData());
    // (OpenSSL's own name printing escapes the subject already, RFC 2253 style.)
    QVERIFY2(text(r.out).contains(QStringLiteral("CN=evil\\1B[2Jcn")), r.out.constData());
}

void TestCliHardening::editKeepsTypes_data()
{
    QTest::addColumn<QStringList>("edit");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("--set a boolean of the format")
        << QStringList{QStringLiteral("--set"), QStringLiteral("secrets.global[name=ca].export_public=false")}
        << QByteArray("      export_public: false\n");
    QTest::newRow("--set a string that reads as a boolean")
        << QStringList{QStringLiteral("--set"), QStringLiteral("build.name=yes")} << QByteArray("  name: \"yes\"\n");
    QTest::newRow("--set a string that reads as a number")
        << QStringList{QStringLiteral("--set"), QStringLiteral("build.name=1.0")} << QByteArray("  name: \"1.0\"\n");
    QTest::newRow("--set a string that reads as null")
        << QStringList{QStringLiteral("--set"), QStringLiteral("build.name=null")} << QByteArray("  name: \"null\"\n");
    QTest::newRow("--add a mapping keeps its boolean")
        << QStringList{QStringLiteral("--add"), QStringLiteral("build.signature={sign: true}")}
        << QByteArray("  signature:\n    sign: true\n");
    QTest::newRow("--add a mapping keeps its strings")
        << QStringList{QStringLiteral("--add"), QStringLiteral("build.signature={key: \"true\"}")}
        << QByteArray("  signature:\n    key: \"true\"\n");
}

void TestCliHardening::editKeepsTypes()
{
    QFETCH(QStringList, edit);
    QFETCH(QByteArray, expected);
    const test::CliResult r =
        test::runCli(QStringList{QStringLiteral("edit"), path(QStringLiteral("service.yaml"))} + edit);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains(expected), r.out.constData());
}

void TestCliHardening::editRefusesASecondDocument()
{
    const QString file = path(QStringLiteral("service.yaml"));
    const test::CliResult r =
        test::runCli({QStringLiteral("edit"), file, QStringLiteral("--add"), QStringLiteral("build.copy=a\n---\nb")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(text(r.err), QStringLiteral("scone-workbench: edit: %1: the value holds more than one YAML document (a "
                                         "`---` line); give one\n")
                              .arg(file));
}

void TestCliHardening::editKeepsAFoldedScalarFolded()
{
    const test::CliResult r =
        test::runCli({QStringLiteral("edit"), path(QStringLiteral("service.yaml")), QStringLiteral("--set"),
                      QStringLiteral("build.run[0]=echo \"prepare\" && mkdir -p /app/cache && echo done\n")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("  run:\n    - >\n      echo \"prepare\" && mkdir -p /app/cache && echo done\nsecrets:"),
             r.out.constData());
}

void TestCliHardening::crOnlyLineEndingsAreAnError()
{
    QByteArray cr = kService;
    cr.replace('\n', '\r');
    const QString file = path(QStringLiteral("cr/service.yaml"));
    QVERIFY(test::writeFile(file, cr));
    const test::CliResult r = test::runCli({QStringLiteral("validate"), file});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lines(r.out).value(0),
             QStringLiteral("%1:1:22: error: YAML syntax error: a line ends with a lone carriage "
                            "return (CR, old Mac line endings), which YAML tools read "
                            "differently; save the file with LF line endings [yaml.syntax]")
                 .arg(file));
}

void TestCliHardening::emptyServiceManifestWarns()
{
    const QString project = path(QStringLiteral("empty-service"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    QVERIFY(test::writeFile(project + QStringLiteral("/redis/service.yaml"), QByteArray()));
    const test::CliResult r = test::runCli({QStringLiteral("validate"), project});
    QVERIFY2(text(r.out).contains(QStringLiteral("%1/redis/service.yaml:1:1: warning: the file is empty: it is no "
                                                 "service manifest (no `kind:`), and nothing in it is checked "
                                                 "[yaml.empty-manifest]\n")
                                      .arg(project)),
             r.out.constData());
}

void TestCliHardening::binaryAndUtf16FilesAreErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("binary") << QByteArray("PK\x03\x04\x14\x00\x08\x00", 8)
                            << QStringLiteral("1:6: error: the file contains a NUL byte; YAML manifests must be UTF-8 "
                                              "text [yaml.encoding]");
    QTest::newRow("UTF-16 with BOM") << QByteArray("\xff\xfek\x00i\x00n\x00", 8)
                                     << QStringLiteral("1:1: error: the file is UTF-16 text; YAML manifests must be "
                                                       "UTF-8 text [yaml.encoding]");
    QTest::newRow("UTF-16 without BOM") << QByteArray("k\x00i\x00n\x00", 6)
                                        << QStringLiteral("1:2: error: the file is UTF-16 text; YAML manifests must "
                                                          "be UTF-8 text [yaml.encoding]");
}

void TestCliHardening::binaryAndUtf16FilesAreErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString file = path(QStringLiteral("input-%1.bin")
                                  .arg(QString::fromLatin1(QTest::currentDataTag()))
                                  .replace(QLatin1Char(' '), QLatin1Char('-')));
    QVERIFY(test::writeFile(file, content));
    const test::CliResult r = test::runCli({QStringLiteral("validate"), file});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(lines(r.out).value(0), file + QLatin1Char(':') + expected);
}

void TestCliHardening::noDiagnosticWithoutAPlace_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no mesh")
        << QStringLiteral("no-mesh")
        << QStringLiteral(
               "flask-api/service.yaml:1:1: error: The project has no mesh manifest (kind: mesh): there is nothing "
               "to generate policies from. [policy.mesh.missing]");
    QTest::newRow("no policy section")
        << QStringLiteral("no-policy")
        << QStringLiteral(
               "mesh.yaml:1:1: warning: The mesh has no policy.namespace; APP_NAMESPACE from the settings is "
               "used. [policy.namespace.missing]");
}

void TestCliHardening::noDiagnosticWithoutAPlace()
{
    QFETCH(QString, what);
    QFETCH(QString, expected);
    const QString project = path(what);
    QVERIFY(test::copyTree(test::exampleDir(), project));
    if (what == QLatin1String("no-mesh")) {
        QVERIFY(QFile::remove(project + QStringLiteral("/mesh.yaml")));
    } else {
        QByteArray mesh = test::readFile(project + QStringLiteral("/mesh.yaml"));
        QVERIFY(mesh.contains("\npolicy:"));
        mesh.replace("\npolicy:", "\npolicy_x:");
        QVERIFY(test::writeFile(project + QStringLiteral("/mesh.yaml"), mesh));
    }
    const test::CliResult r =
        test::runCli({QStringLiteral("render"), project, QStringLiteral("--out"), path(what + QStringLiteral("-out")),
                      QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=r")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(lines(r.err).contains(expected), r.err.constData());
    for (const QString &line : lines(r.err))
        QVERIFY2(!line.contains(QLatin1String(":0:")) && !line.startsWith(QLatin1Char(':')), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestCliHardening)
#include "tst_cli_hardening.moc"
