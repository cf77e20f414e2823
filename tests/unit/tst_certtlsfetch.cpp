// SPDX-License-Identifier: Apache-2.0
// engine/tls: HOST:PORT parsing, fetching the chain a server presents (with SNI, without trust),
// timeouts, cancellation, and the asynchronous TlsChainFetcher.
#include "certs/certificatefile.h"
#include "testsupport.h"
#include "tls/tlschainfetcher.h"
#include "tls/tlspeerchain.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

#include <thread>

#include <csignal>
#include <pthread.h>

using namespace workbench;
using namespace workbench::engine::tls;
using namespace workbench::models::certs;

namespace {

QString data(const QString &name)
{
    return test::dataPath(QStringLiteral("certs/") + name);
}

Certificate load(const QString &name)
{
    return readCertificateFile(data(name))->certificates.first();
}

/// openssl s_server presenting LeafLocalhost (+ intermediate) by default and ExpiredLeaf to
/// clients that send SNI "other.example".
class SniServer
{
public:
    SniServer()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        m_p.setProcessChannelMode(QProcess::MergedChannels);
        m_p.start(QStringLiteral("openssl"),
                  {QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                   QStringLiteral("-cert"), data(QStringLiteral("LeafLocalhost.pem")), QStringLiteral("-key"),
                   data(QStringLiteral("LeafLocalhost.key")), QStringLiteral("-cert_chain"),
                   data(QStringLiteral("IntermediateCa.pem")), QStringLiteral("-servername"),
                   QStringLiteral("other.example"), QStringLiteral("-cert2"), data(QStringLiteral("ExpiredLeaf.pem")),
                   QStringLiteral("-key2"), data(QStringLiteral("ExpiredLeaf.key")), QStringLiteral("-www")});
        QByteArray out;
        while (m_p.waitForStarted(10000) && !out.contains("ACCEPT") && m_p.waitForReadyRead(10000))
            out += m_p.readAll();
        m_ready = out.contains("ACCEPT");
    }
    ~SniServer()
    {
        m_p.kill();
        m_p.waitForFinished(5000);
    }
    bool ready() const { return m_ready; }
    quint16 port() const { return m_port; }

private:
    QProcess m_p;
    quint16 m_port = 0;
    bool m_ready = false;
};

}  // namespace

class TestCertTlsFetch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("sni");
        QTest::newRow("name") << QStringLiteral("redis.example:6379") << true << QStringLiteral("redis.example") << 6379
                              << QStringLiteral("redis.example");
        QTest::newRow("ipv4") << QStringLiteral("127.0.0.1:443") << true << QStringLiteral("127.0.0.1") << 443
                              << QString();
        QTest::newRow("ipv6") << QStringLiteral("[::1]:8443") << true << QStringLiteral("::1") << 8443 << QString();
        QTest::newRow("no port") << QStringLiteral("example.com") << false << QString() << 0 << QString();
        QTest::newRow("port 0") << QStringLiteral("example.com:0") << false << QString() << 0 << QString();
        QTest::newRow("port too big") << QStringLiteral("example.com:70000") << false << QString() << 0 << QString();
        QTest::newRow("bare ipv6") << QStringLiteral("::1:443") << false << QString() << 0 << QString();
        QTest::newRow("junk host") << QStringLiteral("a b:1") << false << QString() << 0 << QString();
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, sni);
        const auto e = parseTlsEndpoint(text);
        QCOMPARE(e.ok(), ok);
        if (!ok) {
            QCOMPARE(e.error().code, QStringLiteral("tls.endpoint"));
            return;
        }
        QCOMPARE(e->host, host);
        QCOMPARE(int(e->port), port);
        QCOMPARE(e->effectiveServerName(), sni);
        QCOMPARE(parseTlsEndpoint(e->toString())->toString(), e->toString());
        QVERIFY(looksLikeHostPort(text));
    }

    void hostPortVersusFiles()
    {
        QVERIFY(!looksLikeHostPort(QStringLiteral("cert.pem")));
        QVERIFY(!looksLikeHostPort(QStringLiteral("C:/x/cert.pem")));
        QVERIFY(!looksLikeHostPort(QStringLiteral("./certs/a:b")));
    }

    void presentsChainAndHonoursSni()
    {
        SniServer server;
        QVERIFY(server.ready());
        TlsEndpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = server.port();
        e.serverName = QStringLiteral("localhost");
        const auto plain = fetchPeerChain(e);
        QVERIFY2(plain.ok(), qPrintable(plain.ok() ? QString() : plain.error().toString()));
        QCOMPARE(plain->chain.size(), 2);
        QCOMPARE(plain->chain.at(0), load(QStringLiteral("LeafLocalhost.pem")));
        QCOMPARE(plain->chain.at(1), load(QStringLiteral("IntermediateCa.pem")));
        QCOMPARE(plain->peerAddress, QStringLiteral("127.0.0.1"));
        QVERIFY(plain->protocol.startsWith(QStringLiteral("TLSv1")));
        QVERIFY(!plain->cipher.isEmpty());
        // No trust needed to look: an expired certificate is fetched all the same.
        e.serverName = QStringLiteral("other.example");
        const auto other = fetchPeerChain(e);
        QVERIFY(other.ok());
        QCOMPARE(other->chain.first(), load(QStringLiteral("ExpiredLeaf.pem")));
    }

    void timeoutAndCancel()
    {
        QTcpServer silent;  // accepts (in the kernel backlog), never speaks TLS
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        TlsEndpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = silent.serverPort();
        e.timeoutMs = 300;
        const auto timedOut = fetchPeerChain(e);
        QVERIFY(!timedOut.ok());
        QCOMPARE(timedOut.error().code, QStringLiteral("tls.timeout"));
        QVERIFY(timedOut.error().message.contains(QStringLiteral("300 ms")));

        e.timeoutMs = 60000;
        std::atomic<bool> cancel{false};
        Result<TlsPeerChain> result = makeError(QStringLiteral("none"), QString());
        std::thread t([&] { result = fetchPeerChain(e, &cancel); });
        cancel = true;
        t.join();  // returns within one 100 ms poll slice, not after 60 s
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Error::cancelledCode());
    }

    void connectionErrors()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        TlsEndpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = probe.serverPort();
        probe.close();
        QCOMPARE(fetchPeerChain(e).error().code, QStringLiteral("tls.connect"));
        e.host = QStringLiteral("no-such-host.invalid");
        QCOMPARE(fetchPeerChain(e).error().code, QStringLiteral("tls.resolve"));
    }

    void serverClosingAtOnceIsAnErrorNotASignal()
    {
        // Regression: OpenSSL's socket BIO writes with send() without MSG_NOSIGNAL, so a server
        // that closes at once raised SIGPIPE and ended the process (this test process included:
        // it does not ignore SIGPIPE). 50 connections, each an error value that says so.
        test::ClosingServer server;
        QVERIFY(server.isListening());
        for (int i = 0; i < 50; ++i) {
            TlsEndpoint e;
            e.host = QStringLiteral("127.0.0.1");
            e.port = server.port();
            e.timeoutMs = 10000;
            const auto r = fetchPeerChain(e);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("tls.handshake"));
            QCOMPARE(r.error().detail, QStringLiteral("the server closed the connection"));
        }
        QCOMPARE(server.accepted(), 50);
        // The thread's signal mask is as it was: SIGPIPE is not left blocked.
        sigset_t mask;
        QCOMPARE(pthread_sigmask(SIG_BLOCK, nullptr, &mask), 0);
        QCOMPARE(sigismember(&mask, SIGPIPE), 0);
    }

    void asyncFetcher()
    {
        SniServer server;
        QVERIFY(server.ready());
        TlsChainFetcher fetcher;
        QSignalSpy started(&fetcher, &TlsChainFetcher::started);
        QSignalSpy finished(&fetcher, &TlsChainFetcher::finished);
        TlsEndpoint e;
        e.host = QStringLiteral("localhost");
        e.port = server.port();
        fetcher.start(e);
        QCOMPARE(started.size(), 1);
        QVERIFY(finished.wait(30000));
        QVERIFY(fetcher.result().has_value());
        QVERIFY(fetcher.result()->ok());
        QCOMPARE(fetcher.result()->value().chain.first().commonName(), QStringLiteral("localhost"));
    }

    void fetcherDestructorCancels()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        TlsEndpoint e;
        e.host = QStringLiteral("127.0.0.1");
        e.port = silent.serverPort();
        e.timeoutMs = 60000;
        auto *fetcher = new TlsChainFetcher;
        fetcher->start(e);
        QVERIFY(fetcher->isRunning());
        delete fetcher;  // cancels and waits: must not take the 60 s timeout (ctest would time out)
    }
};

QTEST_GUILESS_MAIN(TestCertTlsFetch)
#include "tst_certtlsfetch.moc"
