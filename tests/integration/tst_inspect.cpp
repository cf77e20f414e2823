// SPDX-License-Identifier: Apache-2.0
// `scone-workbench inspect`: live TLS endpoints served by the real `openssl s_server` (a chain
// with an intermediate; an expired certificate), certificate files, broken inputs, usage errors.
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

namespace {

QString data(const QString &name)
{
    return test::dataPath(QStringLiteral("certs/") + name);
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// `openssl s_server` on a free local port, stopped when destroyed.
class SServer
{
public:
    SServer(const QString &cert, const QString &key, const QString &chain = {})
    {
        m_port = freePort();
        QStringList args{QStringLiteral("s_server"),
                         QStringLiteral("-accept"),
                         QStringLiteral("127.0.0.1:%1").arg(m_port),
                         QStringLiteral("-cert"),
                         cert,
                         QStringLiteral("-key"),
                         key,
                         QStringLiteral("-www")};
        if (!chain.isEmpty())
            args << QStringLiteral("-cert_chain") << chain;
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("openssl"), args);
        if (!m_process.waitForStarted(10000))
            return;
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("ACCEPT") && t.elapsed() < 10000 && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            out += m_process.readAll();
        }
        m_ready = out.contains("ACCEPT");
    }
    ~SServer()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    bool ready() const { return m_ready; }
    QString endpoint() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

private:
    QProcess m_process;
    quint16 m_port = 0;
    bool m_ready = false;
};

}  // namespace

class TestInspect : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    test::CliResult inspect(const QStringList &args)
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), m_tmp.path());
        return test::runCli(QStringList{QStringLiteral("inspect")} + args, 60000, e);
    }

private Q_SLOTS:
    void endpointWithIntermediate()
    {
        SServer server(data(QStringLiteral("LeafLocalhost.pem")), data(QStringLiteral("LeafLocalhost.key")),
                       data(QStringLiteral("IntermediateCa.pem")));
        QVERIFY(server.ready());
        const auto r = inspect({server.endpoint(), QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem")),
                                QStringLiteral("--servername"), QStringLiteral("localhost")});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QVERIFY(r.out.contains(QByteArray("Chain presented by " + server.endpoint().toUtf8())));
        QVERIFY(r.out.contains("SNI localhost"));
        QVERIFY(r.out.contains("[0] CN=localhost"));
        QVERIFY(r.out.contains("[1] CN=Workbench Test Intermediate"));
        QVERIFY(r.out.contains("OK      CN=localhost  (host localhost)"));
        QVERIFY(r.out.contains("Verified."));
    }

    void endpointWithIntermediateJson()
    {
        SServer server(data(QStringLiteral("LeafLocalhost.pem")), data(QStringLiteral("LeafLocalhost.key")),
                       data(QStringLiteral("IntermediateCa.pem")));
        QVERIFY(server.ready());
        // Dialled by address: the certificate's IP SAN 127.0.0.1 is what is checked.
        const auto r = inspect(
            {server.endpoint(), QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem")), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("tls"));
        QVERIFY(o.value(QStringLiteral("verified")).toBool());
        const QJsonArray certs = o.value(QStringLiteral("certificates")).toArray();
        QCOMPARE(certs.size(), 2);  // s_server presents leaf + intermediate; the root is not sent
        QCOMPARE(certs.at(0).toObject().value(QStringLiteral("subject")).toString(), QStringLiteral("CN=localhost"));
        QCOMPARE(certs.at(0).toObject().value(QStringLiteral("issuerIndex")).toInt(), 1);
        QCOMPARE(certs.at(1).toObject().value(QStringLiteral("issuerIndex")).toInt(),
                 -1);  // its issuer is not in the set
        const QJsonObject v = o.value(QStringLiteral("verification")).toArray().at(0).toObject();
        QCOMPARE(v.value(QStringLiteral("hostnames")).toArray().at(0).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(v.value(QStringLiteral("problems")).toArray().isEmpty());
        QVERIFY(!o.value(QStringLiteral("tls")).toObject().value(QStringLiteral("protocol")).toString().isEmpty());
    }

    void endpointNotTrusted()
    {
        // No trust is needed to look: without --ca the chain is still shown, and the verdict says
        // why it fails against the system store.
        SServer server(data(QStringLiteral("LeafLocalhost.pem")), data(QStringLiteral("LeafLocalhost.key")),
                       data(QStringLiteral("IntermediateCa.pem")));
        QVERIFY(server.ready());
        const auto r = inspect({server.endpoint(), QStringLiteral("--servername"), QStringLiteral("localhost")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("[1] CN=Workbench Test Intermediate"));
        QVERIFY(r.out.contains("problem missing-issuer"));
        QVERIFY(r.out.contains("Not verified."));
    }

    void endpointWrongHost()
    {
        SServer server(data(QStringLiteral("LeafLocalhost.pem")), data(QStringLiteral("LeafLocalhost.key")),
                       data(QStringLiteral("IntermediateCa.pem")));
        QVERIFY(server.ready());
        const auto r = inspect({server.endpoint(), QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem")),
                                QStringLiteral("--servername"), QStringLiteral("rel-redis")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("problem hostname-mismatch"));
    }

    void endpointExpired()
    {
        SServer server(data(QStringLiteral("ExpiredLeaf.pem")), data(QStringLiteral("ExpiredLeaf.key")));
        QVERIFY(server.ready());
        const auto r = inspect({server.endpoint(), QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem")),
                                QStringLiteral("--servername"), QStringLiteral("localhost"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(!o.value(QStringLiteral("verified")).toBool());
        const QJsonArray problems = o.value(QStringLiteral("verification"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("problems"))
                                        .toArray();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("expired"));
        QVERIFY(problems.at(0)
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("2021-01-01")));
        QVERIFY(o.value(QStringLiteral("certificates"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("daysLeft"))
                    .toDouble() < 0);
        // Text form names it too.
        const auto text = inspect({server.endpoint(), QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem"))});
        QCOMPARE(text.exitCode, 1);
        QVERIFY(text.out.contains("EXPIRED"));
        QVERIFY(text.out.contains("problem expired"));
    }

    void endpointTimeout()
    {
        // A listener that never speaks TLS: the kernel accepts, nobody answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const auto r = inspect({QStringLiteral("127.0.0.1:%1").arg(silent.serverPort()), QStringLiteral("--timeout"),
                                QStringLiteral("1")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("did not answer within 1000 ms"), r.err.constData());
    }

    void endpointRefused()
    {
        const quint16 port = freePort();
        const auto r = inspect({QStringLiteral("127.0.0.1:%1").arg(port)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Cannot connect"), r.err.constData());
    }

    void endpointRefusedJson()
    {
        // Scripts that ask for --json get JSON on failures too.
        const quint16 port = freePort();
        const auto r = inspect({QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(root.value(QStringLiteral("source")).toString(), QStringLiteral("127.0.0.1:%1").arg(port));
        QCOMPARE(root.value(QStringLiteral("verified")).toBool(true), false);
        const QJsonObject e = root.value(QStringLiteral("error")).toObject();
        QCOMPARE(e.value(QStringLiteral("code")).toString(), QStringLiteral("tls.connect"));
        QCOMPARE(e.value(QStringLiteral("message")).toString(),
                 QStringLiteral("Cannot connect to 127.0.0.1:%1.").arg(port));
        QVERIFY(!e.value(QStringLiteral("detail")).toString().isEmpty());
    }

    void serverClosingAtOnce()
    {
        // Regression: SIGPIPE ended the process (exit 141, no message) in 39 of 40 runs.
        test::ClosingServer server;
        QVERIFY(server.isListening());
        const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(server.port());
        for (int i = 0; i < 50; ++i) {
            const auto r = inspect({endpoint});
            QCOMPARE(r.exitCode, 1);
            QCOMPARE(r.err, QStringLiteral("scone-workbench: inspect: The TLS handshake with %1 failed. (the server "
                                           "closed the connection)\n")
                                .arg(endpoint)
                                .toUtf8());
        }
        QCOMPARE(server.accepted(), 50);
    }

    void files_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("bundle verifies") << QStringList{data(QStringLiteral("BundleLeafIntermediateRoot.pem")),
                                                        QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem"))}
                                         << 0 << QByteArray("PEM, 3 certificates");
        QTest::newRow("bundle with hostname")
            << QStringList{data(QStringLiteral("ChainLocalhost.pem")), QStringLiteral("--ca"),
                           data(QStringLiteral("RootCa.pem")), QStringLiteral("--servername"),
                           QStringLiteral("localhost")}
            << 0 << QByteArray("(host localhost)");
        QTest::newRow("DER") << QStringList{data(QStringLiteral("LeafLocalhost.der")), QStringLiteral("--ca"),
                                            data(QStringLiteral("RootCa.pem"))}
                             << 1 << QByteArray("problem missing-issuer");
        QTest::newRow("not a CA") << QStringList{data(QStringLiteral("LeafOfNotCa.pem")), QStringLiteral("--ca"),
                                                 data(QStringLiteral("RootCa.pem"))}
                                  << 1 << QByteArray("problem missing-issuer");
        QTest::newRow("loop") << QStringList{data(QStringLiteral("CrossSignedLoop.pem"))} << 1
                              << QByteArray("Issuer tree");
        QTest::newRow("truncated PEM") << QStringList{data(QStringLiteral("TruncatedPem.pem"))} << 1
                                       << QByteArray("truncated");
        QTest::newRow("DER garbage") << QStringList{data(QStringLiteral("DerGarbage.der"))} << 1
                                     << QByteArray("neither PEM, DER nor PKCS#12");
    }
    void files()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, expected);
        const auto r = inspect(args);
        QCOMPARE(r.exitCode, exitCode);
        const QByteArray all = r.out + r.err;
        QVERIFY2(all.contains(expected), all.constData());
    }

    void pkcs12Passwords()
    {
        const QString good = m_tmp.filePath(QStringLiteral("good.txt"));
        const QString bad = m_tmp.filePath(QStringLiteral("bad.txt"));
        QFile g(good), b(bad);
        QVERIFY(g.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly));
        g.write("correct horse\n");
        b.write("wrong\n");
        g.close();
        b.close();
        const auto ok = inspect({data(QStringLiteral("LeafLocalhost.p12")), QStringLiteral("--password-file"), good,
                                 QStringLiteral("--ca"), data(QStringLiteral("RootCa.pem"))});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY(ok.out.contains("PKCS#12"));
        const auto wrong = inspect({data(QStringLiteral("LeafLocalhost.p12")), QStringLiteral("--password-file"), bad});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("Wrong password"), wrong.err.constData());
        // No password source and no terminal: a clear message, not a hang.
        const auto none = inspect({data(QStringLiteral("LeafLocalhost.p12"))});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("No password was entered"), none.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("nothing") << QStringList{} << QByteArray("FILE or HOST:PORT is missing");
        QTest::newRow("neither") << QStringList{QStringLiteral("no-such-file")}
                                 << QByteArray("neither a file nor HOST:PORT");
        QTest::newRow("bad port") << QStringList{QStringLiteral("localhost:99999")} << QByteArray("no valid port");
        QTest::newRow("two targets") << QStringList{data(QStringLiteral("RootCa.pem")),
                                                    data(QStringLiteral("RootCa.pem"))}
                                     << QByteArray("more than one");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frob")} << QByteArray("unknown option --frob");
        QTest::newRow("ca without file") << QStringList{data(QStringLiteral("RootCa.pem")), QStringLiteral("--ca")}
                                         << QByteArray("--ca needs a FILE");
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("h:1"), QStringLiteral("--timeout"),
                                                    QStringLiteral("x")}
                                     << QByteArray("--timeout needs");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const auto r = inspect(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestInspect)
#include "tst_inspect.moc"
