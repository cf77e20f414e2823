// SPDX-License-Identifier: Apache-2.0
// The pieces of the local-run plan on their own: placeholder formats over preview-issued and
// local ascii/binary secrets, requirements files and package names, the network rules (names,
// addresses, waits, order), and the list of what a local run cannot show.
#include "certs/certificateissuer.h"
#include "localrun/limitations.h"
#include "localrun/meshnetwork.h"
#include "localrun/packagenames.h"
#include "localrun/secretmaterial.h"
#include "policy/cassession.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::localrun;

namespace {

policy::CasSecret secret(const QString &name, const QString &kind)
{
    policy::CasSecret s;
    s.name = name;
    s.kind = kind;
    return s;
}

policy::CasSecret imported(const QString &name, const QString &from, const QString &as = {})
{
    policy::CasSecret s;
    s.name = name;
    s.import = policy::SecretImport{QStringLiteral("../x"), from, as.isEmpty() ? name : as, {}};
    return s;
}

certs::SecretSpec spec(const QString &session, const QString &name, certs::SecretKind kind, const QString &key = {},
                       const QString &issuer = {})
{
    certs::SecretSpec s;
    s.session = session;
    s.name = name;
    s.kind = kind;
    s.privateKey = key;
    s.issuer = issuer;
    return s;
}

certs::SecretSpec importSpec(const QString &session, const QString &name, const QString &fromSession)
{
    certs::SecretSpec s;
    s.session = session;
    s.name = name;
    s.importFrom = certs::SecretRef{fromSession, name};
    return s;
}

/// ns/a: a root CA, an intermediate CA, a leaf of the intermediate, an ascii and a binary
/// secret; ns/b imports the leaf certificate (not its key), the ascii and the binary secret.
struct Fixture {
    QList<policy::CasSession> sessions;
    std::optional<certs::IssuedSecrets> issued;
    int randomCalls = 0;

    Fixture()
    {
        policy::CasSession a;
        a.name = QStringLiteral("ns/a");
        a.meshService = QStringLiteral("a");
        a.secrets = {secret(QStringLiteral("root_key"), QStringLiteral("private-key")),
                     secret(QStringLiteral("root"), QStringLiteral("x509-ca")),
                     secret(QStringLiteral("mid_key"), QStringLiteral("private-key")),
                     secret(QStringLiteral("mid"), QStringLiteral("x509-ca")),
                     secret(QStringLiteral("leaf_key"), QStringLiteral("private-key")),
                     secret(QStringLiteral("leaf"), QStringLiteral("x509")),
                     secret(QStringLiteral("password"), QStringLiteral("ascii")),
                     secret(QStringLiteral("token"), QStringLiteral("binary")),
                     secret(QStringLiteral("given"), QStringLiteral("binary")),
                     secret(QStringLiteral("fragment"), QStringLiteral("config-fragment"))};
        a.secrets[6].size = 12;
        a.secrets[7].size = 4;
        a.secrets[8].value = QStringLiteral("66 6f 6f 62 61 72");  // "foobar"
        policy::CasSession b;
        b.name = QStringLiteral("ns/b");
        b.meshService = QStringLiteral("b");
        b.secrets = {imported(QStringLiteral("leaf"), a.name), imported(QStringLiteral("password"), a.name),
                     imported(QStringLiteral("token"), a.name)};
        sessions = {a, b};
        const QList<certs::SecretSpec> specs{
            spec(a.name, QStringLiteral("root_key"), certs::SecretKind::PrivateKey),
            spec(a.name, QStringLiteral("root"), certs::SecretKind::X509Ca, QStringLiteral("root_key")),
            spec(a.name, QStringLiteral("mid_key"), certs::SecretKind::PrivateKey),
            spec(a.name, QStringLiteral("mid"), certs::SecretKind::X509Ca, QStringLiteral("mid_key"),
                 QStringLiteral("root")),
            spec(a.name, QStringLiteral("leaf_key"), certs::SecretKind::PrivateKey),
            spec(a.name, QStringLiteral("leaf"), certs::SecretKind::X509, QStringLiteral("leaf_key"),
                 QStringLiteral("mid")),
            importSpec(b.name, QStringLiteral("leaf"), a.name)};
        auto r = certs::issueSecrets(specs);
        if (!r)
            qFatal("%s", qPrintable(r.error().toString()));
        issued = std::move(r).value();
    }

    RandomBytes counting()
    {
        return [this](int n) {
            ++randomCalls;
            QByteArray out(n, '\0');
            for (int i = 0; i < n; ++i)
                out[i] = char(0x30 + (i * 7 + randomCalls) % 60);
            return out;
        };
    }

    QByteArray pem(const QString &name) const
    {
        return issued->find({QStringLiteral("ns/a"), name})->certificate.toPem();
    }
};

}  // namespace

class TestLocalRunParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void certificateFormats()
    {
        Fixture f;
        const SecretMaterial m(*f.issued, f.sessions, f.counting());
        const QString a = QStringLiteral("ns/a");
        const QByteArray leaf = f.pem(QStringLiteral("leaf"));
        for (const char *fmt : {"", ":crt", ":crt:pem", ".crt"})
            QCOMPARE(m.value(a, QStringLiteral("leaf"), QString::fromLatin1(fmt)).value(), leaf);
        QCOMPARE(m.value(a, QStringLiteral("leaf"), QStringLiteral(":crt:der")).value(),
                 f.issued->find({a, QStringLiteral("leaf")})->certificate.toDer());
        // Legacy `.chain`: root first, the certificate itself last. `:chain`: intermediates to the
        // root, the certificate left out.
        QCOMPARE(m.value(a, QStringLiteral("leaf"), QStringLiteral(".chain")).value(),
                 f.pem(QStringLiteral("root")) + f.pem(QStringLiteral("mid")) + leaf);
        QCOMPARE(m.value(a, QStringLiteral("leaf"), QStringLiteral(":chain")).value(),
                 f.pem(QStringLiteral("mid")) + f.pem(QStringLiteral("root")));
        QCOMPARE(m.value(a, QStringLiteral("root"), QStringLiteral(":chain")).value(), QByteArray());
        QCOMPARE(m.value(a, QStringLiteral("root"), QStringLiteral(".chain")).value(), f.pem(QStringLiteral("root")));
        const QByteArray keyPem = f.issued->find({a, QStringLiteral("leaf_key")})->key.toUnencryptedPkcs8Pem().value();
        for (const char *fmt : {".key", ":privatekey", ":privatekey:pem", ":privatekey:pkcs8:pem"})
            QCOMPARE(m.value(a, QStringLiteral("leaf"), QString::fromLatin1(fmt)).value(), keyPem);
        for (const char *fmt : {"", ":pem", ":pkcs8:pem"})
            QCOMPARE(m.value(a, QStringLiteral("leaf_key"), QString::fromLatin1(fmt)).value(), keyPem);
        const QByteArray der = m.value(a, QStringLiteral("leaf_key"), QStringLiteral(":der")).value();
        QCOMPARE(der, m.value(a, QStringLiteral("leaf"), QStringLiteral(":privatekey:der")).value());
        QVERIFY(der.size() > 60 && der.at(0) == 0x30);  // a DER SEQUENCE, not PEM text
        const Result<QByteArray> p12 = m.value(a, QStringLiteral("leaf"), QStringLiteral(":pkcs12-with-private-key"));
        QVERIFY(!p12.ok());
        QCOMPARE(p12.error().code, QStringLiteral("localrun.secret.format"));
    }

    void importedCertificateWithoutItsKey()
    {
        Fixture f;
        const SecretMaterial m(*f.issued, f.sessions, f.counting());
        QCOMPARE(m.value(QStringLiteral("ns/b"), QStringLiteral("leaf"), QStringLiteral(".crt")).value(),
                 f.pem(QStringLiteral("leaf")));
        const Result<QByteArray> key = m.value(QStringLiteral("ns/b"), QStringLiteral("leaf"), QStringLiteral(".key"));
        QVERIFY(!key.ok());
        QCOMPARE(key.error().code, QStringLiteral("localrun.secret.key-not-held"));
        QVERIFY2(key.error().message.contains(QLatin1String("ns/a/leaf_key")), qPrintable(key.error().message));
        QVERIFY(key.error().message.contains(QLatin1String("$$SCONE::leaf.key$$")));
    }

    void asciiAndBinaryValues()
    {
        Fixture f;
        const SecretMaterial m(*f.issued, f.sessions, f.counting());
        const QByteArray password = m.value(QStringLiteral("ns/a"), QStringLiteral("password"), {}).value();
        QCOMPARE(password.size(), 12);
        for (const char c : password)
            QVERIFY(QChar::fromLatin1(c).isLetterOrNumber());
        // The importer reads the exporter's value.
        QCOMPARE(m.value(QStringLiteral("ns/b"), QStringLiteral("password"), {}).value(), password);
        const QByteArray token =
            m.value(QStringLiteral("ns/b"), QStringLiteral("token"), QStringLiteral(":bin")).value();
        QCOMPARE(token.size(), 4);
        QCOMPARE(m.value(QStringLiteral("ns/a"), QStringLiteral("token"), QStringLiteral(":hex")).value(),
                 token.toHex());
        QCOMPARE(m.value(QStringLiteral("ns/a"), QStringLiteral("token"), QStringLiteral(".hex")).value(),
                 token.toHex());
        const QString given = QStringLiteral("given");
        QCOMPARE(m.value(QStringLiteral("ns/a"), given, {}).value(), QByteArray("foobar"));
        QCOMPARE(m.value(QStringLiteral("ns/a"), given, QStringLiteral(":base64")).value(), QByteArray("Zm9vYmFy"));
        QCOMPARE(m.value(QStringLiteral("ns/a"), given, QStringLiteral(":base32")).value(),
                 QByteArray("MZXW6YTBOI======"));
        QCOMPARE(m.value(QStringLiteral("ns/a"), given, QStringLiteral(":base32nopad")).value(),
                 QByteArray("MZXW6YTBOI"));
        QVERIFY(!m.value(QStringLiteral("ns/a"), QStringLiteral("password"), QStringLiteral(":hex")).ok());
        // A kind the local run does not make a value for.
        const Result<QByteArray> frag = m.value(QStringLiteral("ns/a"), QStringLiteral("fragment"), {});
        QVERIFY(!frag.ok());
        QCOMPARE(frag.error().code, QStringLiteral("localrun.secret.kind"));
        QVERIFY(frag.error().message.contains(QLatin1String("config-fragment")));
    }

    void substituteAndEncodings()
    {
        Fixture f;
        const SecretMaterial m(*f.issued, f.sessions, f.counting());
        const QByteArray pem = f.pem(QStringLiteral("leaf"));
        const Result<QByteArray> json =
            m.substitute(QStringLiteral(R"({"cert": "$$SCONE::leaf:crt|escape(json)$$", "n": "$$SCONE::given$$"})"),
                         QStringLiteral("ns/a"));
        QVERIFY(json.ok());
        QCOMPARE(json.value(), QByteArray(R"({"cert": ")") + QByteArray(pem).replace("\n", "\\n") +
                                   QByteArray(R"(", "n": "foobar"})"));
        const Result<QByteArray> unknown =
            m.substitute(QStringLiteral("x=$$SCONE::nosuch.crt$$"), QStringLiteral("ns/b"));
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("localrun.secret.unknown"));
        QVERIFY(unknown.error().message.contains(QLatin1String("`nosuch`")));
        QVERIFY(unknown.error().message.contains(QLatin1String("ns/b")));
        QCOMPARE(m.substitute(QStringLiteral("no placeholder $HOME {{x}}"), QStringLiteral("ns/a")).value(),
                 QByteArray("no placeholder $HOME {{x}}"));
        QVERIFY(!m.substitute(QStringLiteral("$$SCONE::given|rot13$$"), QStringLiteral("ns/a")).ok());
    }

    void explicitBinaryValueMustBeHex()
    {
        Fixture f;
        f.sessions[0].secrets[8].value = QStringLiteral("not hex");
        const SecretMaterial m(*f.issued, f.sessions, f.counting());
        QCOMPARE(m.errors().size(), 1);
        QCOMPARE(m.errors().first().code, QStringLiteral("localrun.secret.value"));
    }

    void jsonAndBase32()
    {
        QCOMPARE(jsonEscaped(QByteArray("a\"b\\c\n\t\x01", 8)), QByteArray("a\\\"b\\\\c\\n\\t\\u0001"));
        QCOMPARE(base32("f"), QByteArray("MY======"));
        QCOMPARE(base32("fo"), QByteArray("MZXQ===="));
        QCOMPARE(base32("foo"), QByteArray("MZXW6==="));
        QCOMPARE(base32("foob"), QByteArray("MZXW6YQ="));
        QCOMPARE(base32("fooba"), QByteArray("MZXW6YTB"));
        QCOMPARE(base32(""), QByteArray());
    }

    void requirementsFile()
    {
        const Requirements r = parseRequirements(QStringLiteral("# the API\n"
                                                                "flask==2.3.3\n"
                                                                "redis[hiredis] >= 5.0 ; python_version >= \"3.8\"\n"
                                                                "PyYAML\\\n"
                                                                "  ==6.0  # config\n"
                                                                "\n"
                                                                "-r other.txt\n"
                                                                "git+https://example.org/x.git#egg=x\n"
                                                                "./local-package\n"
                                                                "Flask_Cors~=3.0\r\n"
                                                                "beautifulsoup4\n"));
        QStringList names, imports, packages;
        QList<int> lines;
        for (const Requirement &q : r.requirements) {
            names << q.name;
            imports << q.importName;
            packages << q.debianPackage;
            lines << q.line;
        }
        QCOMPARE(names, (QStringList{QStringLiteral("flask"), QStringLiteral("redis"), QStringLiteral("PyYAML"),
                                     QStringLiteral("Flask_Cors"), QStringLiteral("beautifulsoup4")}));
        QCOMPARE(imports, (QStringList{QStringLiteral("flask"), QStringLiteral("redis"), QStringLiteral("yaml"),
                                       QStringLiteral("flask_cors"), QStringLiteral("bs4")}));
        QCOMPARE(packages, (QStringList{QStringLiteral("python3-flask"), QStringLiteral("python3-redis"),
                                        QStringLiteral("python3-yaml"), QStringLiteral("python3-flask-cors"),
                                        QStringLiteral("python3-bs4")}));
        QCOMPARE(lines, (QList<int>{2, 3, 4, 10, 11}));
        QCOMPARE(r.skipped.size(), 3);
        QVERIFY(r.skipped.first().startsWith(QLatin1String("line 7: -r other.txt")));
    }

    void packageNames_data()
    {
        QTest::addColumn<QString>("distribution");
        QTest::addColumn<QString>("import");
        QTest::addColumn<QString>("debian");
        QTest::newRow("flask") << QStringLiteral("Flask") << QStringLiteral("flask") << QStringLiteral("python3-flask");
        QTest::newRow("pillow") << QStringLiteral("Pillow") << QStringLiteral("PIL") << QStringLiteral("python3-pil");
        QTest::newRow("sklearn") << QStringLiteral("scikit-learn") << QStringLiteral("sklearn")
                                 << QStringLiteral("python3-sklearn");
        QTest::newRow("dateutil") << QStringLiteral("python-dateutil") << QStringLiteral("dateutil")
                                  << QStringLiteral("python3-dateutil");
        QTest::newRow("jwt") << QStringLiteral("PyJWT") << QStringLiteral("jwt") << QStringLiteral("python3-jwt");
        QTest::newRow("dotted") << QStringLiteral("zope.interface") << QStringLiteral("zope_interface")
                                << QStringLiteral("python3-zope-interface");
    }
    void packageNames()
    {
        QFETCH(QString, distribution);
        QFETCH(QString, import);
        QFETCH(QString, debian);
        QCOMPARE(importNameFor(distribution), import);
        QCOMPARE(debianPackageForDistribution(distribution), debian);
    }

    void executablePackages()
    {
        QCOMPARE(debianPackageForExecutable(QStringLiteral("redis-server")), QStringLiteral("redis-server"));
        QCOMPARE(debianPackageForExecutable(QStringLiteral("redis-cli")), QStringLiteral("redis-tools"));
        QCOMPARE(debianPackageForExecutable(QStringLiteral("java")), QStringLiteral("default-jre-headless"));
        QCOMPARE(debianPackageForExecutable(QStringLiteral("bwrap")), QStringLiteral("bubblewrap"));
        QCOMPARE(debianPackageForExecutable(QStringLiteral("no-such-tool")), QString());
    }

    void hostsReferToServices_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("service");
        QTest::newRow("name") << QStringLiteral("redis") << QStringLiteral("redis");
        QTest::newRow("release") << QStringLiteral("rel-redis") << QStringLiteral("redis");
        QTest::newRow("fqdn") << QStringLiteral("rel-redis.ns.svc.cluster.local") << QStringLiteral("redis");
        QTest::newRow("longest suffix") << QStringLiteral("other-flask-api") << QStringLiteral("flask-api");
        QTest::newRow("exact beats suffix") << QStringLiteral("api") << QStringLiteral("api");
        QTest::newRow("release beats suffix") << QStringLiteral("rel-flask-api") << QStringLiteral("flask-api");
        QTest::newRow("none") << QStringLiteral("db.example.com") << QStringLiteral("");
    }
    void hostsReferToServices()
    {
        QFETCH(QString, host);
        QFETCH(QString, service);
        const QStringList services{QStringLiteral("api"), QStringLiteral("redis"), QStringLiteral("flask-api")};
        QCOMPARE(serviceForHost(host, services, QStringLiteral("rel")), service);
    }

    void commandPortsAndAddresses()
    {
        QCOMPARE(commandPorts({QStringLiteral("redis-server"), QStringLiteral("--port"), QStringLiteral("0"),
                               QStringLiteral("--tls-port"), QStringLiteral("6380"), QStringLiteral("--port=7000"),
                               QStringLiteral("-p"), QStringLiteral("6380")}),
                 (QList<int>{6380, 7000}));
        QCOMPARE(commandPorts({QStringLiteral("python3"), QStringLiteral("app.py")}), QList<int>{});
        QCOMPARE(loopbackAddress(0), QStringLiteral("127.0.0.2"));
        QCOMPARE(loopbackAddress(252), QStringLiteral("127.0.0.254"));
        QCOMPARE(loopbackAddress(253), QStringLiteral("127.0.1.2"));
    }

    void waitsFromTheEnvironment()
    {
        policy::ChartService dbChart;
        dbChart.name = QStringLiteral("db");
        dbChart.port = 5432;
        NetworkService web{QStringLiteral("web"),
                           {{QStringLiteral("CACHE_URL"), QStringLiteral("rediss://rel-cache:6380/0")},
                            {QStringLiteral("db_host"), QStringLiteral("rel-db")},
                            {QStringLiteral("QUEUE_SERVER"), QStringLiteral("queue")},
                            {QStringLiteral("QUEUE_PORT"), QStringLiteral("5672")},
                            {QStringLiteral("LOG_HOST"), QStringLiteral("logs.example.com")}},
                           {QStringLiteral("web")},
                           nullptr,
                           {}};
        NetworkService cache{QStringLiteral("cache"), {}, {QStringLiteral("cache")}, nullptr, {}};
        NetworkService db{QStringLiteral("db"), {}, {QStringLiteral("db")}, &dbChart, {}};
        NetworkService queue{QStringLiteral("queue"),
                             {},
                             {QStringLiteral("q"), QStringLiteral("-p"), QStringLiteral("5672")},
                             nullptr,
                             {}};
        const MeshNetwork net = planMeshNetwork({web, cache, db, queue}, QStringLiteral("rel"));
        QCOMPARE(net.order, (QStringList{QStringLiteral("cache"), QStringLiteral("db"), QStringLiteral("queue"),
                                         QStringLiteral("web")}));
        const QList<PortWait> waits = net.waits.value(QStringLiteral("web"));
        QCOMPARE(waits.size(), 3);
        QCOMPARE(waits.at(0).service, QStringLiteral("cache"));
        QCOMPARE(waits.at(0).port, 6380);  // from the URL
        QCOMPARE(waits.at(0).address, QStringLiteral("127.0.0.3"));
        QCOMPARE(waits.at(1).port, 5432);  // db_host: no db_port, so db's chart port
        QCOMPARE(waits.at(1).reason, QStringLiteral("db_host + the port of db"));
        QCOMPARE(waits.at(2).port, 5672);
        QCOMPARE(waits.at(2).reason, QStringLiteral("QUEUE_SERVER + QUEUE_PORT"));
        QVERIFY(net.names.value(QStringLiteral("cache")).contains(QStringLiteral("rel-cache")));
        QVERIFY(net.hostsFile.contains(QStringLiteral("127.0.0.2\tweb rel-web\n")));
        QCOMPARE(net.ports.value(QStringLiteral("queue")), QList<int>{5672});
    }

    void initContainersAndCycles()
    {
        policy::ChartService aChart;
        aChart.name = QStringLiteral("a");
        aChart.init[0] = {true, QStringLiteral("b"), QStringLiteral("9000"), {}};
        aChart.init[1] = {true, QStringLiteral("db.example.com"), QStringLiteral("5432"), {}};
        NetworkService a{QStringLiteral("a"), {}, {QStringLiteral("a")}, &aChart, {}};
        // b imports from a and dials it: a cycle.
        NetworkService b{
            QStringLiteral("b"),
            {{QStringLiteral("A_HOST"), QStringLiteral("a")}, {QStringLiteral("A_PORT"), QStringLiteral("80")}},
            {QStringLiteral("b"), QStringLiteral("--port"), QStringLiteral("9000")},
            nullptr,
            {QStringLiteral("a")}};
        const MeshNetwork net = planMeshNetwork({a, b}, {});
        QCOMPARE(net.order, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));  // mesh order decides
        QVERIFY(net.waits.value(QStringLiteral("a")).isEmpty());                       // b starts later: no wait
        QCOMPARE(net.waits.value(QStringLiteral("b")).size(), 1);
        const QString notes = net.notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QLatin1String("INIT_CONTAINER2 of a waits for db.example.com:5432")),
                 qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("depend on each other")), qPrintable(notes));
        QVERIFY2(notes.contains(QLatin1String("a does not wait for b:9000")), qPrintable(notes));
    }

    void portClashIsNoted()
    {
        NetworkService a{QStringLiteral("a"),
                         {},
                         {QStringLiteral("a"), QStringLiteral("--port"), QStringLiteral("8080")},
                         nullptr,
                         {}};
        NetworkService b{QStringLiteral("b"),
                         {},
                         {QStringLiteral("b"), QStringLiteral("--port"), QStringLiteral("8080")},
                         nullptr,
                         {}};
        const MeshNetwork net = planMeshNetwork({a, b}, {});
        QVERIFY(net.notes.join(QLatin1Char('\n')).contains(QLatin1String("a and b both listen on port 8080")));
    }

    void limitationsSayWhatIsNotTested()
    {
        QString all;
        for (const LocalRunLimitation &l : localRunLimitations()) {
            QVERIFY(!l.topic.isEmpty() && !l.explanation.isEmpty());
            all += l.topic + QLatin1Char(' ') + l.explanation + QLatin1Char('\n');
        }
        for (const char *must : {"SGX", "MRENCLAVE", "attest", "access policies", "CAS", "Kubernetes", "network"})
            QVERIFY2(all.contains(QLatin1String(must)), must);
    }
};

QTEST_GUILESS_MAIN(TestLocalRunParts)
#include "tst_localrun_parts.moc"
