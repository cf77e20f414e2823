// SPDX-License-Identifier: Apache-2.0
// The loopback CAS test server (tests/tools/cas_test_server.cpp) spoken to by a real client
// (curl over mutual TLS), read with the workbench's own answer parsers: create, get with hash,
// update with predecessor, the conflict error, a client certificate is required, and a wrong
// pinned CA means nothing is sent (the server's record proves it).
#include "build/casupload.h"
#include "castestserver.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::build;

namespace {

struct Answer {
    int curlExit = -1;
    int status = 0;
    QByteArray body;
    QByteArray err;
};

}  // namespace

class TestBuildCasTestServer : public QObject
{
    Q_OBJECT
private:
    test::CasTestServer m_server;
    int m_bodyFile = 0;

    /// One request with curl; @p ca the pinned CA, @p withIdentity whether a client certificate is sent.
    Answer request(const QString &method, const QString &path, const QByteArray &body = {}, const QString &ca = {},
                   bool withIdentity = true)
    {
        QStringList args{QStringLiteral("-sS"),
                         QStringLiteral("--max-time"),
                         QStringLiteral("30"),
                         QStringLiteral("--cacert"),
                         ca.isEmpty() ? m_server.caFile() : ca,
                         QStringLiteral("-X"),
                         method,
                         QStringLiteral("-w"),
                         QStringLiteral("\n%{http_code}")};
        if (withIdentity)
            args << QStringLiteral("--cert") << m_server.clientCertFile() << QStringLiteral("--key")
                 << m_server.clientKeyFile();
        if (!body.isEmpty()) {
            const QString file = m_server.dir() + QStringLiteral("/body-%1.yaml").arg(++m_bodyFile);
            test::writeFile(file, body);
            args << QStringLiteral("--data-binary") << QLatin1Char('@') + file << QStringLiteral("-H")
                 << QStringLiteral("Content-Type: application/octet-stream");
        }
        args << m_server.url() + path;
        QProcess curl;
        curl.start(QStringLiteral("curl"), args);
        Answer a;
        if (!curl.waitForFinished(60000))
            return a;
        a.curlExit = curl.exitCode();
        a.err = curl.readAllStandardError();
        QByteArray out = curl.readAllStandardOutput();
        const qsizetype nl = out.lastIndexOf('\n');
        a.status = out.mid(nl + 1).toInt();
        a.body = out.left(nl);
        return a;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void createGetUpdateConflict()
    {
        const QByteArray v1 = "name: ns-1/flask-api\nversion: \"0.3.10\"\nservices: []\n";
        Answer a = request(QStringLiteral("POST"), casCreateSessionPath(), v1);
        QCOMPARE(a.curlExit, 0);
        QCOMPARE(a.status, 201);
        Result<QString> created = parseCreateSessionResponse(a.status, a.body);
        QVERIFY(created.ok());
        const QString hash1 = *created;
        QCOMPARE(hash1, QString::fromLatin1(QCryptographicHash::hash(v1, QCryptographicHash::Sha256).toHex()));

        a = request(QStringLiteral("GET"), casSessionPath(QStringLiteral("ns-1/flask-api")));
        Result<std::optional<CasSessionState>> got = parseGetSessionResponse(a.status, a.body);
        QVERIFY(got.ok() && got->has_value());
        QCOMPARE((*got)->hash, hash1);
        QCOMPARE((*got)->session.toUtf8(), v1);

        // Creating it again without a predecessor is the CAS's conflict.
        const QByteArray v2 = "name: ns-1/flask-api\nversion: \"0.3.10\"\nservices: [] # v2\n";
        a = request(QStringLiteral("POST"), casCreateSessionPath(), v2);
        QCOMPARE(a.status, 409);
        QCOMPARE(parseCreateSessionResponse(a.status, a.body).error().code, QStringLiteral("upload.conflict"));

        // The update rule: predecessor = the current hash.
        const UploadDecision d = decideUpload((*got)->hash, std::nullopt);
        QCOMPARE(d.action, UploadDecision::Action::Update);
        const QByteArray v2p = *withPredecessor(v2, d.predecessor);
        a = request(QStringLiteral("POST"), casCreateSessionPath(), v2p);
        QCOMPARE(a.status, 201);
        const QString hash2 = *parseCreateSessionResponse(a.status, a.body);
        QVERIFY(hash2 != hash1);

        // A stale predecessor is the conflict again.
        a = request(QStringLiteral("POST"), casCreateSessionPath(), *withPredecessor(v1, hash1));
        QCOMPARE(parseCreateSessionResponse(a.status, a.body).error().code, QStringLiteral("upload.conflict"));
        // So is a predecessor for a session that does not exist.
        a = request(QStringLiteral("POST"), casCreateSessionPath(), *withPredecessor("name: ns-1/new\n", hash1));
        QCOMPARE(parseCreateSessionResponse(a.status, a.body).error().code, QStringLiteral("upload.conflict"));

        // The current version, and an old one by hash.
        a = request(QStringLiteral("GET"), casSessionPath(QStringLiteral("ns-1/flask-api")));
        QCOMPARE((*parseGetSessionResponse(a.status, a.body))->hash, hash2);
        a = request(QStringLiteral("GET"),
                    casSessionPath(QStringLiteral("ns-1/flask-api")) + QStringLiteral("?hash=") + hash1);
        QCOMPARE((*parseGetSessionResponse(a.status, a.body))->session.toUtf8(), v1);
        // Unknown sessions are 404 with the CAS's message, read as "absent".
        a = request(QStringLiteral("GET"), casSessionPath(QStringLiteral("ns-1/nothing")));
        QCOMPARE(a.status, 404);
        got = parseGetSessionResponse(a.status, a.body);
        QVERIFY(got.ok() && !got->has_value());
        QCOMPARE(casErrorMessage(a.body), QStringLiteral("Session not found"));
        // A body that is no session.
        a = request(QStringLiteral("POST"), casCreateSessionPath(), "just: [text");
        QCOMPARE(a.status, 400);

        // The record holds what arrived, with the client's identity.
        const QList<QJsonObject> requests = m_server.requests();
        QVERIFY(requests.size() >= 9);
        QCOMPARE(requests.first().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
        QCOMPARE(requests.first().value(QStringLiteral("path")).toString(), QStringLiteral("/session"));
        QCOMPARE(requests.first().value(QStringLiteral("body")).toString().toUtf8(), v1);
        QFile certFile(m_server.clientCertFile());
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        const QSslCertificate cert(certFile.readAll());
        QCOMPARE(requests.first().value(QStringLiteral("client")).toString(),
                 QString::fromLatin1(cert.digest(QCryptographicHash::Sha256).toHex()));
    }

    void largeBodyWithExpectContinue()
    {
        // curl asks "Expect: 100-continue" for bodies over 1 KiB.
        QByteArray big = "name: ns-1/big\nsecrets:\n";
        for (int i = 0; i < 200; ++i)
            big += "  - name: s" + QByteArray::number(i) + "\n    kind: ascii\n";
        const Answer a = request(QStringLiteral("POST"), casCreateSessionPath(), big);
        QCOMPARE(a.status, 201);
        QCOMPARE(m_server.requests().last().value(QStringLiteral("body")).toString().toUtf8(), big);
    }

    void clientCertificateRequired()
    {
        const qsizetype before = m_server.requests().size();
        const Answer a = request(QStringLiteral("POST"), casCreateSessionPath(), "name: ns-1/anon\n", {}, false);
        QVERIFY2(a.curlExit != 0 || a.status == 0, a.body.constData());
        QCOMPARE(m_server.requests().size(), before);
        QVERIFY(m_server.received().last().value(QStringLiteral("event")).toString() == QLatin1String("tls-failed"));
    }

    void wrongPinnedCaSendsNothing()
    {
        const qsizetype before = m_server.requests().size();
        const Answer a =
            request(QStringLiteral("POST"), casCreateSessionPath(), "name: ns-1/leak\n", m_server.otherCaFile());
        QCOMPARE(a.curlExit, 60);  // curl: peer certificate cannot be authenticated with the given CA
        QCOMPARE(m_server.requests().size(), before);
        for (const QJsonObject &r : m_server.requests())
            QVERIFY(!r.value(QStringLiteral("body")).toString().contains(QLatin1String("ns-1/leak")));
    }
};

QTEST_GUILESS_MAIN(TestBuildCasTestServer)
#include "tst_build_castestserver.moc"
