// SPDX-License-Identifier: Apache-2.0
// engine/net HttpClient against loopback TLS servers started here (tests/support): mutual TLS,
// refusal of an untrusted server before any body is sent, the TLS name override, insecure mode
// visible, methods/headers/bodies, large chunked streams with back-pressure, 200 concurrent
// streams over HTTP/1.1 and multiplexed over one HTTP/2 connection, cancel of one stream,
// connect and idle timeouts, delivery on the requester's thread.
#include "core/errorcodes.h"
#include "httpstestserver.h"
#include "net/httpclient.h"
#include "testpki.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::net;
using workbench::test::HttpsTestServer;
using workbench::test::TestRequest;
using workbench::test::TestResponse;

namespace {

using Secret = models::certs::SecretBytes;

std::shared_ptr<const Secret> secret(const QByteArray &b)
{
    return std::make_shared<Secret>(b.constData(), std::size_t(b.size()));
}

/// Echoes what arrived; /stream, /hold and /status/N do what they say.
TestResponse route(const TestRequest &r)
{
    TestResponse resp;
    const QByteArray path = r.path.left(r.path.indexOf('?') < 0 ? r.path.size() : r.path.indexOf('?'));
    if (path == "/stream") {
        resp.streamBytes = r.query("bytes").toLongLong();
        resp.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/octet-stream")));
    } else if (path == "/hold") {
        resp.body = "hello\n";
        resp.hold = true;
    } else if (path.startsWith("/status/")) {
        resp.status = path.mid(8).toInt();
        resp.body = "{\"kind\":\"Status\"}";
    } else {
        resp.headers.append(qMakePair(QByteArray("X-Echo-Method"), r.method));
        resp.body = r.method + ' ' + r.path + '\n' + "authorization: " + r.header("authorization") + '\n' +
                    "x-custom: " + r.header("x-custom") + '\n' + "version: " + r.httpVersion + '\n' + r.body;
    }
    return resp;
}

struct Fixture {
    test::TestPki ca{QStringLiteral("Test Server CA")};
    test::TestPki clientCa{QStringLiteral("Test Client CA")};
    test::TestPki otherCa{QStringLiteral("Some Other CA")};
};

std::shared_ptr<TlsConfig> trusting(const QByteArray &caPem)
{
    auto tls = std::make_shared<TlsConfig>();
    tls->caPem = caPem;
    return tls;
}

/// Runs one buffered request and waits for it.
Result<HttpResponse> fetch(HttpClient &client, HttpRequest request, QObject *context)
{
    std::optional<Result<HttpResponse>> out;
    client.send(std::move(request), context, [&](const Result<HttpResponse> &r) { out = r; });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (!out)
        return makeError(QStringLiteral("test.timeout"), QStringLiteral("no answer"));
    return *out;
}

bool patternOk(const QByteArray &data, qint64 offset)
{
    for (qsizetype i = 0; i < data.size(); ++i)
        if (data.at(i) != HttpsTestServer::patternByte(offset + i))
            return false;
    return true;
}

}  // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT
    Fixture *f = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        f = new Fixture;
        QVERIFY(f->ca.isValid() && f->clientCa.isValid() && f->otherCa.isValid());
        QVERIFY(HttpClient::supportsHttp2());
    }
    void cleanupTestCase() { delete f; }

    void methodsHeadersAndBodies_data()
    {
        QTest::addColumn<QByteArray>("method");
        for (const char *m : {"GET", "POST", "PUT", "PATCH", "DELETE"})
            QTest::newRow(m) << QByteArray(m);
    }
    void methodsHeadersAndBodies()
    {
        QFETCH(QByteArray, method);
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req(method, QUrl(server.url(QStringLiteral("/v1/sessions?x=1"))));
        req.tls = trusting(f->ca.caPem());
        req.header("X-Custom", "value 1");
        req.bearerToken = secret("tok-abc");
        if (method != "GET" && method != "DELETE")
            req.body = "{\"name\":\"session\"}";
        const Result<HttpResponse> r = fetch(client, req, &ctx);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toDetailedString()));
        QCOMPARE(r->head.status, 200);
        QCOMPARE(r->head.header("x-echo-method"), method);
        QCOMPARE(r->head.httpVersion, QByteArray("1.1"));
        const QList<QByteArray> lines = r->body.split('\n');
        QCOMPARE(lines.at(0), method + " /v1/sessions?x=1");
        QCOMPARE(lines.at(1), QByteArray("authorization: Bearer tok-abc"));
        QCOMPARE(lines.at(2), QByteArray("x-custom: value 1"));
        QCOMPARE(lines.at(4), QByteArray(req.body));
        QVERIFY(r->head.warnings.isEmpty());
    }

    void errorStatusesAreResponsesAndBigBodiesAreRefused()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest notFound("GET", QUrl(server.url(QStringLiteral("/status/404"))));
        notFound.tls = trusting(f->ca.caPem());
        const auto r = fetch(client, notFound, &ctx);
        QVERIFY(r.ok());
        QCOMPARE(r->head.status, 404);
        QCOMPARE(r->body, QByteArray("{\"kind\":\"Status\"}"));

        HttpRequest big("GET", QUrl(server.url(QStringLiteral("/stream?bytes=3000000"))));
        big.tls = notFound.tls;
        big.maxBodyBytes = 1000000;
        const auto tooBig = fetch(client, big, &ctx);
        QVERIFY(!tooBig.ok());
        QCOMPARE(tooBig.error().code, QString(errc::tooLarge));
    }

    void clientCertificateRequired_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<bool>("ok");
        QTest::newRow("right certificate") << QStringLiteral("right") << true;
        QTest::newRow("no certificate") << QStringLiteral("none") << false;
        QTest::newRow("certificate from another CA") << QStringLiteral("wrong") << false;
    }
    void clientCertificateRequired()
    {
        QFETCH(QString, which);
        QFETCH(bool, ok);
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, f->clientCa.caPem(), false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        auto tls = trusting(f->ca.caPem());
        if (which != QLatin1String("none")) {
            const test::TestIdentity me =
                (which == QLatin1String("right") ? f->clientCa : f->otherCa).client(QStringLiteral("workbench"));
            tls->clientCertPem = me.certPem;
            tls->clientKeyPem = secret(me.keyPem);
        }
        HttpRequest req("POST", QUrl(server.url(QStringLiteral("/session"))));
        req.tls = tls;
        req.body = "payload";
        const auto r = fetch(client, req, &ctx);
        if (ok) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toDetailedString()));
            QCOMPARE(r->head.status, 200);
            QCOMPARE(server.stats().bodyBytes, 7);
        } else {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QString(errc::tlsClientCert));
            QVERIFY2(r.error().message.contains(QStringLiteral("client certificate")),
                     qPrintable(r.error().toDetailedString()));
            QCOMPARE(server.stats().requests, 0);
            QCOMPARE(server.stats().bodyBytes, 0);
        }
    }

    void untrustedServerIsRefusedBeforeAnyBodyIsSent_data()
    {
        QTest::addColumn<bool>("http2");
        QTest::newRow("http/1.1") << false;
        QTest::newRow("h2") << true;
    }
    void untrustedServerIsRefusedBeforeAnyBodyIsSent()
    {
        QFETCH(bool, http2);
        const test::TestIdentity impostor = f->otherCa.server({QStringLiteral("localhost")});
        HttpsTestServer server({impostor.certPem, impostor.keyPem, {}, http2}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("PUT", QUrl(server.url(QStringLiteral("/v1/sessions/db"))));
        req.tls = trusting(f->ca.caPem());  // pinned: only our CA
        req.secretBody = secret("secrets: [password: hunter2]");
        const auto r = fetch(client, req, &ctx);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(errc::tlsServer));
        QVERIFY(r.error().message.contains(QStringLiteral("not trusted")));
        const auto s = server.stats();
        QCOMPARE(s.handshakes, 0);  // the client aborted the handshake
        QCOMPARE(s.requests, 0);
        QCOMPARE(s.bodyBytes, 0);
    }

    void systemCaIsNotTrustedWhenACaIsPinned()
    {
        // A certificate our pinned CA did not issue fails even if it chains to something else
        // the system trusts; here: the server's CA is not ours, and the error is a TLS error.
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/"))));
        req.tls = trusting(f->otherCa.caPem());
        QCOMPARE(fetch(client, req, &ctx).error().code, QString(errc::tlsServer));
        req.tls = nullptr;  // the system store does not know our test CA either
        QCOMPARE(fetch(client, req, &ctx).error().code, QString(errc::tlsServer));
    }

    void tlsServerNameOverride()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("cas.test")}, {});  // no IP in the certificate
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/"))));
        auto tls = trusting(f->ca.caPem());
        req.tls = tls;
        const auto mismatch = fetch(client, req, &ctx);
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, QString(errc::tlsServer));
        tls->serverName = QStringLiteral("cas.test");
        const auto r = fetch(client, req, &ctx);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toDetailedString()));
        QCOMPARE(r->head.status, 200);
    }

    void insecureModeWorksButIsNeverSilent()
    {
        const test::TestIdentity id = f->otherCa.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/"))));
        auto tls = std::make_shared<TlsConfig>();
        tls->insecureSkipVerify = true;
        req.tls = tls;
        for (int i = 0; i < 2; ++i) {  // a warning with every use, not once
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("TLS verification is OFF")));
            const auto r = fetch(client, req, &ctx);
            QVERIFY(r.ok());
            QCOMPARE(r->head.warnings.size(), 1);
            QVERIFY(r->head.warnings.first().contains(QStringLiteral("TLS verification is OFF for 127.0.0.1:")));
        }
    }

    void largeChunkedStream()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        const qint64 total = 64 * 1024 * 1024 + 12345;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/stream?bytes=%1").arg(total))));
        req.tls = trusting(f->ca.caPem());
        qint64 received = 0;
        int chunks = 0;
        bool contentOk = true;
        std::optional<Status> done;
        HttpResponseHead head;
        HttpStreamHandler h;
        h.onHead = [&](const HttpResponseHead &hd) { head = hd; };
        h.onData = [&](QByteArray data) {
            contentOk = contentOk && patternOk(data, received);
            received += data.size();
            ++chunks;
        };
        h.onDone = [&](const Status &s) { done = s; };
        client.stream(req, &ctx, h);
        QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
        QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().toDetailedString()));
        QCOMPARE(head.status, 200);
        QCOMPARE(head.header("transfer-encoding"), QByteArray("chunked"));
        QCOMPARE(received, total);
        QVERIFY(contentOk);
        QVERIFY(chunks > 1);
    }

    void slowConsumerPausesTheStream_data()
    {
        QTest::addColumn<bool>("http2");
        QTest::newRow("http/1.1") << false;
        QTest::newRow("h2") << true;
    }
    void slowConsumerPausesTheStream()
    {
        QFETCH(bool, http2);
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, http2}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        const qint64 total = 48 * 1024 * 1024;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/stream?bytes=%1").arg(total))));
        req.tls = trusting(f->ca.caPem());
        req.streamBufferBytes = 256 * 1024;
        qint64 received = 0, biggest = 0;
        bool contentOk = true;
        std::optional<Status> done;
        HttpStreamHandler h;
        h.onData = [&](QByteArray data) {
            contentOk = contentOk && patternOk(data, received);
            received += data.size();
            biggest = std::max<qint64>(biggest, data.size());
            QThread::msleep(20);  // a slow consumer
        };
        h.onDone = [&](const Status &s) { done = s; };
        client.stream(req, &ctx, h);
        QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 120000);
        QVERIFY(done->ok());
        QCOMPARE(received, total);
        QVERIFY(contentOk);
        // Without back-pressure a batch would hold everything that arrived during 20 ms
        // (tens of MB on loopback); paused, it holds at most the buffer plus one read.
        QVERIFY2(biggest <= 256 * 1024 + 512 * 1024, qPrintable(QString::number(biggest)));
        QCOMPARE(server.stats().http2Connections, http2 ? 1 : 0);
    }

    void twoHundredConcurrentStreamsAndCancelOfOne_data()
    {
        QTest::addColumn<bool>("http2");
        QTest::newRow("http/1.1: one connection each") << false;
        QTest::newRow("h2: multiplexed on one connection") << true;
    }
    void twoHundredConcurrentStreamsAndCancelOfOne()
    {
        QFETCH(bool, http2);
        const int n = 200;
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, http2}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        auto tls = trusting(f->ca.caPem());
        if (http2) {
            // Until the server's SETTINGS arrive, libcurl assumes the HTTP/2 default of 100
            // streams per connection and opens more for a bigger burst; a first request (as
            // discovery is for the Kubernetes API) establishes the connection and its limits.
            HttpRequest first("GET", QUrl(server.url(QStringLiteral("/"))));
            first.tls = tls;
            QVERIFY(fetch(client, first, &ctx).ok());
        }
        QList<HttpCall> calls;
        QList<QByteArray> got(n);
        QList<QByteArray> versions(n);
        QList<std::optional<Status>> done(n);
        for (int i = 0; i < n; ++i) {
            HttpRequest req("GET", QUrl(server.url(QStringLiteral("/hold?i=%1").arg(i))));
            req.tls = tls;
            HttpStreamHandler h;
            h.onHead = [&versions, i](const HttpResponseHead &hd) { versions[i] = hd.httpVersion; };
            h.onData = [&got, i](QByteArray d) { got[i] += d; };
            h.onDone = [&done, i](const Status &s) { done[i] = s; };
            calls << client.stream(req, &ctx, h);
        }
        auto allGot = [&](const QByteArray &text) {
            for (int i = 0; i < n; ++i)
                if (i != 7 && !got.at(i).contains(text))
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allGot("hello\n"), 60000);
        QCOMPARE(server.stats().openStreams, n);  // all 200 live at once
        QCOMPARE(client.activeCount(), n);
        for (int i = 0; i < n; ++i)
            QCOMPARE(versions.at(i), http2 ? QByteArray("2") : QByteArray("1.1"));
        if (http2) {
            QCOMPARE(server.stats().connections, 1);
            QCOMPARE(server.stats().http2Connections, 1);
        } else {
            QCOMPARE(server.stats().connections, n);
        }

        calls.at(7).cancel();
        QTRY_VERIFY_WITH_TIMEOUT(done.at(7).has_value(), 10000);
        QVERIFY(done.at(7)->error().isCancelled());
        QTRY_COMPARE(client.activeCount(), n - 1);  // the I/O thread drops it right after posting onDone
        server.broadcast("after cancel\n");         // the others are undisturbed and still flowing
        QTRY_VERIFY_WITH_TIMEOUT(allGot("after cancel\n"), 30000);
        QVERIFY(!got.at(7).contains("after cancel"));
        for (int i = 0; i < n; ++i)
            QVERIFY(i == 7 || !done.at(i).has_value());
        // The server learns of it too (h2: RST_STREAM on the shared connection; 1.1: closed).
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().openStreams, n - 1, 10000);
        if (http2)
            QCOMPARE(server.stats().connections, 1);

        server.releaseHeld();
        auto allDone = [&] {
            for (const auto &d : done)
                if (!d)
                    return false;
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allDone(), 30000);
        for (int i = 0; i < n; ++i)
            QVERIFY(i == 7 || done.at(i)->ok());
    }

    void connectTimeout()
    {
        test::SilentServer silent;
        QVERIFY(silent.port() > 0);
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("GET", QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(silent.port())));
        req.tls = trusting(f->ca.caPem());
        req.connectTimeoutMs = 300;
        const auto r = fetch(client, req, &ctx);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(errc::connectTimeout));
    }

    void idleTimeout()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/hold"))));
        req.tls = trusting(f->ca.caPem());
        req.idleTimeoutSec = 1;
        std::optional<Status> done;
        QByteArray got;
        HttpStreamHandler h;
        h.onData = [&](QByteArray d) { got += d; };
        h.onDone = [&](const Status &s) { done = s; };
        client.stream(req, &ctx, h);
        QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 15000);
        QCOMPARE(got, QByteArray("hello\n"));
        QVERIFY(!done->ok());
        QCOMPARE(done->error().code, QString(errc::idleTimeout));
    }

    void badProxyAndBadUrl()
    {
        QObject ctx;  // callbacks die with the test function, not the test object
        HttpClient client;
        HttpRequest proxied("GET", QUrl(QStringLiteral("https://cas.test/")));
        proxied.proxy = QStringLiteral("http://127.0.0.1:1");  // nothing listens on port 1
        proxied.connectTimeoutMs = 2000;
        const auto p = fetch(client, proxied, &ctx);
        QVERIFY(!p.ok());
        QCOMPARE(p.error().code, QString(errc::proxy));

        HttpRequest bad("GET", QUrl(QStringLiteral("ftp://example/")));
        QCOMPARE(fetch(client, bad, &ctx).error().code, QString(errc::invalidRequest));
    }

    void resultsArriveOnTheRequestersThread()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, true}, route);
        QVERIFY(server.start());
        HttpClient client;
        QThread worker;
        worker.start();
        auto *context = new QObject;
        context->moveToThread(&worker);
        std::atomic<QThread *> seen{nullptr};
        std::atomic<bool> finished{false};
        HttpRequest req("GET", QUrl(server.url(QStringLiteral("/"))));
        req.tls = trusting(f->ca.caPem());
        // Requested from this thread, for a context that lives on the worker thread.
        client.send(req, context, [&](const Result<HttpResponse> &r) {
            seen = QThread::currentThread();
            finished = r.ok();
        });
        QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 30000);
        QCOMPARE(seen.load(), &worker);
        QMetaObject::invokeMethod(
            context, [context] { delete context; }, Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait();
    }

    void destroyedContextGetsNothingAndTheRequestIsDropped()
    {
        const test::TestIdentity id = f->ca.server({QStringLiteral("localhost")});
        HttpsTestServer server({id.certPem, id.keyPem, {}, false}, route);
        QVERIFY(server.start());
        HttpClient client;
        int callsAfterDestruction = 0;
        bool destroyed = false;
        {
            QObject context;
            HttpRequest req("GET", QUrl(server.url(QStringLiteral("/hold"))));
            req.tls = trusting(f->ca.caPem());
            QByteArray got;
            HttpStreamHandler h;
            h.onData = [&](QByteArray d) {
                got += d;
                callsAfterDestruction += destroyed;
            };
            h.onDone = [&](const Status &) { callsAfterDestruction += destroyed; };
            client.stream(req, &context, h);
            QTRY_COMPARE_WITH_TIMEOUT(got, QByteArray("hello\n"), 10000);
        }
        destroyed = true;
        server.broadcast("more\n");
        QTRY_COMPARE_WITH_TIMEOUT(client.activeCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().openStreams, 0, 10000);
        QCoreApplication::processEvents();
        QCOMPARE(callsAfterDestruction, 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
