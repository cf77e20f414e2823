// SPDX-License-Identifier: Apache-2.0
// The certificates generated from the example's policies work with a real redis-server:
// TLS with --tls-auth-clients yes, the Redis server certificate, and the Flask side's client
// identity and imported CA (PING -> +PONG over RESP); a client certificate from another CA, or
// none, is refused.
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();  // closed again when probe goes; redis binds it right after
}

/// Issues the example's certificates into @p out with APP_NAMESPACE @p ns.
bool issue(const QString &projectCopy, const QString &out, const QString &ns, const QString &home)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HOME"), home);
    const auto r =
        test::runCli({QStringLiteral("certs"), projectCopy, QStringLiteral("--out"), out, QStringLiteral("--set"),
                      QStringLiteral("RELEASE=sdm"), QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=") + ns,
                      QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=registry.example.com/sdm")},
                     120000, e);
    if (r.exitCode != 0)
        qWarning("certs failed: %s", r.err.constData());
    return r.exitCode == 0;
}

QSslCertificate pemCert(const QString &path)
{
    const auto list = QSslCertificate::fromPath(path, QSsl::Pem);
    return list.isEmpty() ? QSslCertificate() : list.first();
}

QSslKey pemKey(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QSslKey(f.readAll(), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
}

struct PingResult {
    bool encrypted = false;
    QByteArray reply;
    QString error;
};

/// Connects with TLS to 127.0.0.1:@p port as the Flask side would (verifying the server as
/// @p peerName against @p caFile), presents @p certFile/@p keyFile when given, sends PING in
/// RESP and returns what came back.
PingResult ping(quint16 port, const QString &caFile, const QString &peerName, const QString &certFile,
                const QString &keyFile)
{
    PingResult result;
    QSslSocket socket;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates({pemCert(caFile)});
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!certFile.isEmpty()) {
        conf.setLocalCertificate(pemCert(certFile));
        conf.setPrivateKey(pemKey(keyFile));
    }
    socket.setSslConfiguration(conf);
    socket.setPeerVerifyName(peerName);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, peerName);
    result.encrypted = socket.waitForEncrypted(10000);
    if (!result.encrypted) {
        result.error = socket.errorString();
        return result;
    }
    socket.write("*1\r\n$4\r\nPING\r\n");
    socket.flush();
    // The server checks the client certificate after the TLS 1.3 handshake has completed on our
    // side; a refusal shows as a closed connection or an alert here.
    QElapsedTimer t;
    t.start();
    while (!result.reply.contains("\r\n") && t.elapsed() < 10000) {
        if (!socket.waitForReadyRead(500) && socket.state() != QAbstractSocket::ConnectedState)
            break;
        result.reply += socket.readAll();
    }
    result.reply += socket.readAll();
    if (result.reply.isEmpty())
        result.error = socket.errorString();
    return result;
}

}  // namespace

class TestCertRedis : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QProcess m_redis;
    quint16 m_port = 0;
    QString m_good;   // certificates of the example (namespace sdm-1-1)
    QString m_other;  // the same project issued again: another Redis CA

    QString file(const QString &root, const QString &session, const QString &name) const
    {
        return root + QLatin1Char('/') + session + QLatin1Char('/') + name;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString redis = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (redis.isEmpty())
            QSKIP("redis-server is not installed");
        QVERIFY(QSslSocket::supportsSsl());
        const QString project = m_tmp.filePath(QStringLiteral("project"));
        QVERIFY(test::copyTree(test::exampleDir(), project));
        m_good = m_tmp.filePath(QStringLiteral("good"));
        m_other = m_tmp.filePath(QStringLiteral("other"));
        QVERIFY(issue(project, m_good, QStringLiteral("sdm-1-1"), m_tmp.filePath(QStringLiteral("home"))));
        QVERIFY(issue(project, m_other, QStringLiteral("sdm-1-1"), m_tmp.filePath(QStringLiteral("home"))));

        const QString server = m_good + QStringLiteral("/sdm-1-1/redis");
        // As the redis session's command line does (redis/service.yaml build.command), with the
        // files its injection_files would hold: redis.crt, redis.key, redis_ca_cert.chain.
        m_port = freePort();
        QVERIFY(m_port);
        m_redis.setProgram(redis);
        m_redis.setArguments({QStringLiteral("--port"),
                              QStringLiteral("0"),
                              QStringLiteral("--tls-port"),
                              QString::number(m_port),
                              QStringLiteral("--bind"),
                              QStringLiteral("127.0.0.1"),
                              QStringLiteral("--tls-cert-file"),
                              server + QStringLiteral("/redis.crt"),
                              QStringLiteral("--tls-key-file"),
                              server + QStringLiteral("/redis.key"),
                              QStringLiteral("--tls-ca-cert-file"),
                              server + QStringLiteral("/redis_ca_cert.chain.pem"),
                              QStringLiteral("--tls-auth-clients"),
                              QStringLiteral("yes"),
                              QStringLiteral("--save"),
                              QString(),
                              QStringLiteral("--appendonly"),
                              QStringLiteral("no"),
                              QStringLiteral("--dir"),
                              m_tmp.path()});
        m_redis.setProcessChannelMode(QProcess::MergedChannels);
        m_redis.start();
        QVERIFY(m_redis.waitForStarted(10000));
        // Ready when it accepts TCP connections.
        bool ready = false;
        for (int i = 0; i < 100 && !ready; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            ready = probe.waitForConnected(100);
            if (!ready)
                QTest::qWait(50);
        }
        QVERIFY2(ready, m_redis.readAll().constData());
    }

    void cleanupTestCase()
    {
        if (m_redis.state() != QProcess::NotRunning) {
            m_redis.terminate();
            if (!m_redis.waitForFinished(5000))
                m_redis.kill();
        }
    }

    void flaskSideGetsPong()
    {
        const QString flask = m_good + QStringLiteral("/sdm-1-1/flask-api");
        // Exactly the Flask side's files: /tls/redis-ca.crt, /tls/client.crt, /tls/client.key.
        const PingResult r =
            ping(m_port, flask + QStringLiteral("/redis_ca_cert.chain.pem"), QStringLiteral("sdm-redis"),
                 flask + QStringLiteral("/redis_client_cert.crt"), flask + QStringLiteral("/redis_client_cert.key"));
        QVERIFY2(r.encrypted, qPrintable(r.error));
        QCOMPARE(r.reply, QByteArray("+PONG\r\n"));
    }

    void serverNameIsChecked()
    {
        // The Flask side verifies the server as REDIS_HOST; a name the certificate lacks fails.
        const QString flask = m_good + QStringLiteral("/sdm-1-1/flask-api");
        const PingResult r =
            ping(m_port, flask + QStringLiteral("/redis_ca_cert.chain.pem"), QStringLiteral("other-redis"),
                 flask + QStringLiteral("/redis_client_cert.crt"), flask + QStringLiteral("/redis_client_cert.key"));
        QVERIFY(!r.encrypted);
    }

    void clientFromAnotherCaIsRefused()
    {
        // A client identity issued by a different Redis CA (a second preview run): the server
        // refuses it. We trust the real server's CA so that only the client side differs.
        const QString good = m_good + QStringLiteral("/sdm-1-1/flask-api");
        const QString other = m_other + QStringLiteral("/sdm-1-1/flask-api");
        QVERIFY(test::readFile(good + QStringLiteral("/redis_ca_cert.crt")) !=
                test::readFile(other + QStringLiteral("/redis_ca_cert.crt")));
        const PingResult r =
            ping(m_port, good + QStringLiteral("/redis_ca_cert.chain.pem"), QStringLiteral("sdm-redis"),
                 other + QStringLiteral("/redis_client_cert.crt"), other + QStringLiteral("/redis_client_cert.key"));
        QVERIFY2(!r.reply.startsWith("+PONG"), r.reply.constData());
    }

    void clientWithoutCertificateIsRefused()
    {
        const QString good = m_good + QStringLiteral("/sdm-1-1/flask-api");
        const PingResult r =
            ping(m_port, good + QStringLiteral("/redis_ca_cert.chain.pem"), QStringLiteral("sdm-redis"), {}, {});
        QVERIFY2(!r.reply.startsWith("+PONG"), r.reply.constData());
    }

    void serverStillServesAfterRefusals()
    {
        flaskSideGetsPong();
        QCOMPARE(m_redis.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(TestCertRedis)
#include "tst_certredis.moc"
