// SPDX-License-Identifier: Apache-2.0
// The test Kubernetes API server (tests/support/kubeapi) speaks the protocol clients expect:
// authentication, Status errors, list/watch with resourceVersion and 410 for a too-old one,
// log streaming with follow, sinceTime truncated to whole seconds, tailLines, timestamps,
// previous, a stream cut in the middle of a line, an API server restart, secrets as issue 13's
// deploy steps write them. Spoken to over real TLS with Qt's HTTP client.
#include "kubetestserver.h"
#include "testsupport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace workbench;

namespace {

struct Response {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class Client
{
public:
    enum class Auth { Token, Certificate, None, WrongToken };

    Client(test::KubeTestServer &server, Auth auth = Auth::Token)
        : m_server(server)
        , m_auth(auth)
    {}

    QNetworkRequest request(const QString &path, const QByteArray &accept = "application/json") const
    {
        QNetworkRequest r(QUrl(m_server.url() + path));
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromData(m_server.caPem()));
        if (m_auth == Auth::Certificate) {
            ssl.setLocalCertificate(QSslCertificate(m_server.clientCertificatePem()));
            ssl.setPrivateKey(QSslKey(m_server.clientKeyPem(), QSsl::Ec));
        }
        r.setSslConfiguration(ssl);
        r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (m_auth == Auth::Token)
            r.setRawHeader("Authorization", "Bearer " + m_server.token().toUtf8());
        if (m_auth == Auth::WrongToken)
            r.setRawHeader("Authorization", "Bearer not-the-token");
        r.setRawHeader("Accept", accept);
        return r;
    }

    Response send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QByteArray &contentType = "application/json", const QByteArray &accept = "application/json")
    {
        QNetworkRequest r = request(path, accept);
        if (!body.isEmpty())
            r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_nam.sendCustomRequest(r, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        Response out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = reply->readAll();
        out.error = reply->error();
        reply->deleteLater();
        return out;
    }
    Response get(const QString &path, const QByteArray &accept = "application/json")
    {
        return send("GET", path, {}, {}, accept);
    }

    /// A streaming GET: collects what arrives.
    QNetworkReply *open(const QString &path, QByteArray *sink)
    {
        QNetworkReply *reply = m_nam.get(request(path));
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, sink] { *sink += reply->readAll(); });
        return reply;
    }

private:
    test::KubeTestServer &m_server;
    Auth m_auth;
    QNetworkAccessManager m_nam;
};

QJsonObject op(const char *name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    return fields;
}

QJsonObject pod(const char *name, const QJsonArray &containers, const QJsonObject &labels = {})
{
    return op("addPod", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                         {QStringLiteral("name"), QLatin1String(name)},
                         {QStringLiteral("containers"), containers},
                         {QStringLiteral("labels"), labels}});
}

QJsonObject logs(const char *podName, const char *container, const QStringList &lines, const QJsonArray &times = {})
{
    return op("appendLogs", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                             {QStringLiteral("name"), QLatin1String(podName)},
                             {QStringLiteral("container"), QLatin1String(container)},
                             {QStringLiteral("lines"), QJsonArray::fromStringList(lines)},
                             {QStringLiteral("timestamps"), times}});
}

QList<QByteArray> lines(const QByteArray &body)
{
    QList<QByteArray> out = body.split('\n');
    if (!out.isEmpty() && out.back().isEmpty())
        out.removeLast();
    return out;
}

}  // namespace

class TestKubeApiServer : public QObject
{
    Q_OBJECT

private:
    test::KubeTestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.run(pod("web-0", {QStringLiteral("api"), QStringLiteral("sidecar")},
                                 {{QStringLiteral("app"), QStringLiteral("web")}})));
        QVERIFY(m_server.run(pod("web-1", {QStringLiteral("api")}, {{QStringLiteral("app"), QStringLiteral("web")}})));
        QVERIFY(m_server.run(pod("db-0", {QStringLiteral("db")}, {{QStringLiteral("app"), QStringLiteral("db")}})));
    }

    void authentication()
    {
        QCOMPARE(Client(m_server).get(QStringLiteral("/api/v1/namespaces/ns/pods")).status, 200);
        QCOMPARE(Client(m_server, Client::Auth::Certificate).get(QStringLiteral("/api/v1/namespaces/ns/pods")).status,
                 200);
        const Response none = Client(m_server, Client::Auth::None).get(QStringLiteral("/api/v1/namespaces/ns/pods"));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.json().value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QCOMPARE(none.json().value(QStringLiteral("reason")).toString(), QStringLiteral("Unauthorized"));
        QCOMPARE(Client(m_server, Client::Auth::WrongToken).get(QStringLiteral("/api/v1/namespaces/ns/pods")).status,
                 401);
        // /version is public, as on a real cluster.
        const Response version = Client(m_server, Client::Auth::None).get(QStringLiteral("/version"));
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json().value(QStringLiteral("gitVersion")).toString(), QStringLiteral("v1.30.0"));
        // Who was who.
        const QJsonArray log = m_server.requests();
        QStringList users;
        for (const QJsonValue &v : log)
            users << v.toObject().value(QStringLiteral("user")).toString();
        QVERIFY(users.contains(QStringLiteral("token-tester")));
        QVERIFY(users.contains(QStringLiteral("tester")));  // the client certificate's CN
    }

    void statusErrors()
    {
        Client c(m_server);
        const Response missing = c.get(QStringLiteral("/api/v1/namespaces/ns/pods/nope"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json().value(QStringLiteral("message")).toString(), QStringLiteral("pods \"nope\" not found"));
        QCOMPARE(missing.json().value(QStringLiteral("code")).toInt(), 404);
        const Response which = c.get(QStringLiteral("/api/v1/namespaces/ns/pods/web-0/log"));
        QCOMPARE(which.status, 400);
        QCOMPARE(which.json().value(QStringLiteral("message")).toString(),
                 QStringLiteral("a container name must be specified for pod web-0, choose one of: [api sidecar]"));
        QVERIFY(m_server.run(op("failRequests", {{QStringLiteral("path"), QStringLiteral("/pods$")},
                                                 {QStringLiteral("code"), 503},
                                                 {QStringLiteral("reason"), QStringLiteral("ServiceUnavailable")},
                                                 {QStringLiteral("message"), QStringLiteral("etcd is down")}})));
        const Response injected = c.get(QStringLiteral("/api/v1/namespaces/ns/pods"));
        QCOMPARE(injected.status, 503);
        QCOMPARE(injected.json().value(QStringLiteral("message")).toString(), QStringLiteral("etcd is down"));
        QCOMPARE(c.get(QStringLiteral("/api/v1/namespaces/ns/pods")).status, 200);  // only once
        QVERIFY(m_server.run(op("forbid", {{QStringLiteral("user"), QStringLiteral("token-tester")},
                                           {QStringLiteral("verb"), QStringLiteral("list")},
                                           {QStringLiteral("resource"), QStringLiteral("secrets")},
                                           {QStringLiteral("namespace"), QStringLiteral("ns")}})));
        const Response forbidden = c.get(QStringLiteral("/api/v1/namespaces/ns/secrets"));
        QCOMPARE(forbidden.status, 403);
        QCOMPARE(forbidden.json().value(QStringLiteral("message")).toString(),
                 QStringLiteral("secrets is forbidden: User \"token-tester\" cannot list resource \"secrets\" in API "
                                "group \"\" in the namespace \"ns\""));
    }

    void listWithSelectorsAndPages()
    {
        Client c(m_server);
        auto names = [](const Response &r) {
            QStringList n;
            for (const QJsonValue &v : r.json().value(QStringLiteral("items")).toArray())
                n << v.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
            return n;
        };
        QCOMPARE(names(c.get(QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb"))),
                 (QStringList{QStringLiteral("web-0"), QStringLiteral("web-1")}));
        QCOMPARE(names(c.get(QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=app%20in%20(db)"))),
                 QStringList{QStringLiteral("db-0")});
        QCOMPARE(names(c.get(QStringLiteral("/api/v1/pods?fieldSelector=metadata.name%3Dweb-1"))),
                 QStringList{QStringLiteral("web-1")});
        const Response page1 = c.get(QStringLiteral("/api/v1/namespaces/ns/pods?limit=2"));
        QCOMPARE(names(page1).size(), 2);
        const QString token =
            page1.json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("continue")).toString();
        QVERIFY(!token.isEmpty());
        QCOMPARE(names(c.get(QStringLiteral("/api/v1/namespaces/ns/pods?limit=2&continue=") + token)).size(), 1);
        QCOMPARE(c.get(QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=%3D%3Dbad")).status, 400);
        // The Table kubectl asks for.
        const Response table = c.get(QStringLiteral("/api/v1/namespaces/ns/pods"),
                                     "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        QCOMPARE(table.json().value(QStringLiteral("kind")).toString(), QStringLiteral("Table"));
        QCOMPARE(table.json().value(QStringLiteral("rows")).toArray().size(), 3);
        const QJsonArray cells = table.json()
                                     .value(QStringLiteral("rows"))
                                     .toArray()
                                     .at(1)
                                     .toObject()
                                     .value(QStringLiteral("cells"))
                                     .toArray();
        QCOMPARE(cells.at(0).toString(), QStringLiteral("web-0"));
        QCOMPARE(cells.at(1).toString(), QStringLiteral("2/2"));
        QCOMPARE(cells.at(2).toString(), QStringLiteral("Running"));
    }

    void watchResumesAndAnsweresTooOldWith410()
    {
        Client c(m_server);
        const Response list = c.get(QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb"));
        const QString rv = list.json()
                               .value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("resourceVersion"))
                               .toString();
        QByteArray received;
        QNetworkReply *watch = c.open(
            QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb&watch=true&resourceVersion=") + rv,
            &received);
        QVERIFY(m_server.run(pod("web-2", {QStringLiteral("api")}, {{QStringLiteral("app"), QStringLiteral("web")}})));
        QVERIFY(m_server.run(pod("other", {QStringLiteral("x")}, {{QStringLiteral("app"), QStringLiteral("other")}})));
        QVERIFY(m_server.run(op("deletePod", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                                              {QStringLiteral("name"), QStringLiteral("web-2")}})));
        QTRY_COMPARE_WITH_TIMEOUT(lines(received).size(), 2, 10000);
        const QJsonObject added = QJsonDocument::fromJson(lines(received).at(0)).object();
        QCOMPARE(added.value(QStringLiteral("type")).toString(), QStringLiteral("ADDED"));
        QCOMPARE(added.value(QStringLiteral("object"))
                     .toObject()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("web-2"));
        QCOMPARE(QJsonDocument::fromJson(lines(received).at(1)).object().value(QStringLiteral("type")).toString(),
                 QStringLiteral("DELETED"));
        const QString addedRv = added.value(QStringLiteral("object"))
                                    .toObject()
                                    .value(QStringLiteral("metadata"))
                                    .toObject()
                                    .value(QStringLiteral("resourceVersion"))
                                    .toString();
        watch->abort();
        watch->deleteLater();

        // Resuming from the ADDED event's version replays only what followed.
        QByteArray resumed;
        QNetworkReply *again = c.open(
            QStringLiteral("/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb&watch=true&resourceVersion=") + addedRv,
            &resumed);
        QTRY_COMPARE_WITH_TIMEOUT(lines(resumed).size(), 1, 10000);
        QCOMPARE(QJsonDocument::fromJson(lines(resumed).at(0)).object().value(QStringLiteral("type")).toString(),
                 QStringLiteral("DELETED"));
        again->abort();
        again->deleteLater();

        // After compaction the old version is gone: an ERROR event with a 410 Status.
        QVERIFY(m_server.run(op("compact")));
        QByteArray expired;
        QNetworkReply *old =
            c.open(QStringLiteral("/api/v1/namespaces/ns/pods?watch=true&resourceVersion=") + rv, &expired);
        QTRY_VERIFY_WITH_TIMEOUT(old->isFinished(), 10000);
        const QJsonObject error = QJsonDocument::fromJson(lines(expired).value(0)).object();
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("ERROR"));
        QCOMPARE(error.value(QStringLiteral("object")).toObject().value(QStringLiteral("code")).toInt(), 410);
        QCOMPARE(error.value(QStringLiteral("object")).toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("Expired"));
        QVERIFY(error.value(QStringLiteral("object"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("too old resource version")));
        old->deleteLater();
    }

    void logOptions()
    {
        // Lines at t0 + 0.2 s, + 0.7 s, + 1.3 s, + 2 s (t0 a whole second).
        const qint64 t0 = 1'714'564'800LL * 1'000'000'000;
        QJsonArray times;
        for (qint64 offset : {200'000'000LL, 700'000'000LL, 1'300'000'000LL, 2'000'000'000LL})
            times.append(QString::number(t0 + offset));
        QVERIFY(m_server.run(logs(
            "db-0", "db",
            {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three"), QStringLiteral("four")}, times)));
        Client c(m_server);
        const QString base = QStringLiteral("/api/v1/namespaces/ns/pods/db-0/log");
        QCOMPARE(c.get(base).body, QByteArray("one\ntwo\nthree\nfour\n"));
        QCOMPARE(c.get(base + QStringLiteral("?tailLines=2")).body, QByteArray("three\nfour\n"));
        QCOMPARE(c.get(base + QStringLiteral("?tailLines=0")).body, QByteArray());
        QCOMPARE(c.get(base + QStringLiteral("?timestamps=true&tailLines=2")).body,
                 QByteArray("2024-05-01T12:00:01.3Z three\n2024-05-01T12:00:02Z four\n"));
        // sinceTime is cut to whole seconds: .8 s after t0 still returns everything from t0.
        QCOMPARE(c.get(base + QStringLiteral("?sinceTime=2024-05-01T12:00:00.8Z")).body,
                 QByteArray("one\ntwo\nthree\nfour\n"));
        QCOMPARE(c.get(base + QStringLiteral("?sinceTime=2024-05-01T12:00:01Z")).body, QByteArray("three\nfour\n"));
        QCOMPARE(c.get(base + QStringLiteral("?limitBytes=6")).body, QByteArray("one\ntw"));
        QCOMPARE(c.get(base + QStringLiteral("?sinceSeconds=5")).body, QByteArray());  // all older than 5 s
        QCOMPARE(c.get(base + QStringLiteral("?sinceSeconds=0")).status, 422);
        QCOMPARE(c.get(base + QStringLiteral("?sinceSeconds=5&sinceTime=2024-05-01T12:00:01Z")).status, 422);
        const Response previous = c.get(base + QStringLiteral("?previous=true"));
        QCOMPARE(previous.status, 400);
        QCOMPARE(previous.json().value(QStringLiteral("message")).toString(),
                 QStringLiteral("previous terminated container \"db\" in pod \"db-0\" not found"));
        // After a restart the old instance's lines are the previous log.
        QVERIFY(m_server.run(op("restartContainer", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                                                     {QStringLiteral("name"), QStringLiteral("db-0")},
                                                     {QStringLiteral("container"), QStringLiteral("db")}})));
        QVERIFY(m_server.run(logs("db-0", "db", {QStringLiteral("after restart")})));
        QCOMPARE(c.get(base + QStringLiteral("?previous=true")).body, QByteArray("one\ntwo\nthree\nfour\n"));
        QCOMPARE(c.get(base).body, QByteArray("after restart\n"));
    }

    void followStreamsUntilTheContainerEnds()
    {
        Client c(m_server);
        QVERIFY(m_server.run(logs("web-1", "api", {QStringLiteral("first")})));
        QByteArray received;
        QNetworkReply *reply = c.open(QStringLiteral("/api/v1/namespaces/ns/pods/web-1/log?follow=true"), &received);
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("first\n"), 10000);
        QVERIFY(m_server.run(logs("web-1", "api", {QStringLiteral("second"), QStringLiteral("third")})));
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("first\nsecond\nthird\n"), 10000);
        QVERIFY(!reply->isFinished());
        QVERIFY(m_server.run(op("restartContainer", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                                                     {QStringLiteral("name"), QStringLiteral("web-1")},
                                                     {QStringLiteral("container"), QStringLiteral("api")}})));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);  // a clean end of the stream
        reply->deleteLater();
    }

    void cutInTheMiddleOfALine()
    {
        Client c(m_server);
        QVERIFY(m_server.run(
            logs("web-0", "sidecar", {QStringLiteral("complete line"), QStringLiteral("0123456789abcdef")})));
        QByteArray received;
        QNetworkReply *reply =
            c.open(QStringLiteral("/api/v1/namespaces/ns/pods/web-0/log?container=sidecar&follow=true&tailLines=1"),
                   &received);
        QTRY_COMPARE_WITH_TIMEOUT(received, QByteArray("0123456789abcdef\n"), 10000);
        // Cut mid-line: the client gets part of a line and then an error, never a clean end.
        const QJsonObject reply2 =
            m_server.control(op("cutLogStreams", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                                                  {QStringLiteral("name"), QStringLiteral("web-0")},
                                                  {QStringLiteral("container"), QStringLiteral("sidecar")},
                                                  {QStringLiteral("midLine"), true}}));
        QCOMPARE(reply2.value(QStringLiteral("cut")).toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QVERIFY(reply->error() != QNetworkReply::NoError);
        QVERIFY(!received.endsWith('\n'));
        reply->deleteLater();
    }

    void restartOfTheApiServer()
    {
        Client c(m_server);
        QByteArray received;
        QNetworkReply *watch = c.open(QStringLiteral("/api/v1/namespaces/ns/pods?watch=true"), &received);
        QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 10000);
        QVERIFY(m_server.run(op("restartServer", {{QStringLiteral("downMs"), 300}})));
        QTRY_VERIFY_WITH_TIMEOUT(watch->isFinished(), 10000);
        QVERIFY(watch->error() != QNetworkReply::NoError);
        watch->deleteLater();
        // Back on the same port after a moment.
        QTRY_COMPARE_WITH_TIMEOUT(Client(m_server).get(QStringLiteral("/api/v1/namespaces/ns/pods/db-0")).status, 200,
                                  10000);
    }

    void namespacesAndSecretsForDeploys()
    {
        Client c(m_server);
        QCOMPARE(c.get(QStringLiteral("/api/v1/namespaces/deploy")).status, 404);
        const QByteArray ns = R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"deploy"}})";
        QCOMPARE(c.send("POST", QStringLiteral("/api/v1/namespaces"), ns).status, 201);
        const Response again = c.send("POST", QStringLiteral("/api/v1/namespaces"), ns);
        QCOMPARE(again.status, 409);
        QCOMPARE(again.json().value(QStringLiteral("reason")).toString(), QStringLiteral("AlreadyExists"));
        QCOMPARE(c.get(QStringLiteral("/api/v1/namespaces/deploy")).status, 200);

        const QByteArray dockerConfig =
            R"({"auths":{"registry.example":{"username":"u","password":"p","auth":"dTpw"}}})";
        QJsonObject secret{
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Secret")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("regcred")}}},
            {QStringLiteral("type"), QStringLiteral("kubernetes.io/dockerconfigjson")},
            {QStringLiteral("data"), QJsonObject{}}};
        const Response invalid =
            c.send("POST", QStringLiteral("/api/v1/namespaces/deploy/secrets"), QJsonDocument(secret).toJson());
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.json().value(QStringLiteral("message")).toString(),
                 QStringLiteral("Secret \"regcred\" is invalid: data[.dockerconfigjson]: Required value"));
        secret.insert(QStringLiteral("data"),
                      QJsonObject{{QStringLiteral(".dockerconfigjson"), QString::fromLatin1(dockerConfig.toBase64())}});
        const Response created =
            c.send("POST", QStringLiteral("/api/v1/namespaces/deploy/secrets"), QJsonDocument(secret).toJson());
        QCOMPARE(created.status, 201);
        const QString rv = created.json()
                               .value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("resourceVersion"))
                               .toString();
        QCOMPARE(
            c.send("POST", QStringLiteral("/api/v1/namespaces/deploy/secrets"), QJsonDocument(secret).toJson()).status,
            409);
        QCOMPARE(
            c.send("POST", QStringLiteral("/api/v1/namespaces/missing/secrets"), QJsonDocument(secret).toJson()).status,
            404);

        // Replace with the current version works; with a stale one it conflicts.
        QJsonObject meta{{QStringLiteral("name"), QStringLiteral("regcred")}, {QStringLiteral("resourceVersion"), rv}};
        secret.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(
            c.send("PUT", QStringLiteral("/api/v1/namespaces/deploy/secrets/regcred"), QJsonDocument(secret).toJson())
                .status,
            200);
        const Response stale =
            c.send("PUT", QStringLiteral("/api/v1/namespaces/deploy/secrets/regcred"), QJsonDocument(secret).toJson());
        QCOMPARE(stale.status, 409);
        QCOMPARE(stale.json().value(QStringLiteral("reason")).toString(), QStringLiteral("Conflict"));
        // Changing the type is refused.
        secret.insert(QStringLiteral("type"), QStringLiteral("Opaque"));
        meta.remove(QStringLiteral("resourceVersion"));
        secret.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(
            c.send("PUT", QStringLiteral("/api/v1/namespaces/deploy/secrets/regcred"), QJsonDocument(secret).toJson())
                .status,
            422);
        // A merge patch adds a label.
        const Response patched =
            c.send("PATCH", QStringLiteral("/api/v1/namespaces/deploy/secrets/regcred"),
                   R"({"metadata":{"labels":{"managed-by":"scone-workbench"}}})", "application/merge-patch+json");
        QCOMPARE(patched.status, 200);
        const Response read = c.get(QStringLiteral("/api/v1/namespaces/deploy/secrets/regcred"));
        QCOMPARE(read.json().value(QStringLiteral("type")).toString(),
                 QStringLiteral("kubernetes.io/dockerconfigjson"));
        QCOMPARE(read.json()
                     .value(QStringLiteral("metadata"))
                     .toObject()
                     .value(QStringLiteral("labels"))
                     .toObject()
                     .value(QStringLiteral("managed-by"))
                     .toString(),
                 QStringLiteral("scone-workbench"));
        QCOMPARE(QByteArray::fromBase64(read.json()
                                            .value(QStringLiteral("data"))
                                            .toObject()
                                            .value(QStringLiteral(".dockerconfigjson"))
                                            .toString()
                                            .toLatin1()),
                 dockerConfig);
        // stringData ends up in data.
        const Response opaque = c.send("POST", QStringLiteral("/api/v1/namespaces/deploy/secrets"),
                                       R"({"metadata":{"name":"plain"},"stringData":{"a":"b"}})");
        QCOMPARE(opaque.status, 201);
        QCOMPARE(opaque.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("a")).toString(),
                 QStringLiteral("Yg=="));
        QCOMPARE(opaque.json().value(QStringLiteral("type")).toString(), QStringLiteral("Opaque"));
    }

    void scenarioFileSetsTheClusterUp()
    {
        QTemporaryDir dir;
        const QString scenario = dir.filePath(QStringLiteral("scenario.json"));
        QVERIFY(test::writeFile(scenario, R"([
            {"op":"addNamespace","name":"staging"},
            {"op":"addPod","namespace":"staging","name":"api-0","containers":["api"],"labels":{"app":"api"}},
            {"op":"appendLogs","namespace":"staging","name":"api-0","container":"api","lines":["from the scenario"]}
        ])"));
        test::KubeTestServer::Options options;
        options.scenarioFile = scenario;
        test::KubeTestServer other;
        QVERIFY2(other.start(options), qPrintable(other.errorString()));
        Client c(other);
        QCOMPARE(c.get(QStringLiteral("/api/v1/namespaces/staging/pods/api-0/log")).body,
                 QByteArray("from the scenario\n"));
        // A scenario command that fails stops the server before it listens.
        QVERIFY(test::writeFile(scenario, R"([{"op":"deletePod","namespace":"x","name":"missing"}])"));
        test::KubeTestServer broken;
        QVERIFY(!broken.start(options));
    }

    void podStatesForDeploys()
    {
        QVERIFY(m_server.run(pod("pull", {QStringLiteral("api")})));
        QVERIFY(m_server.run(
            op("setPodStatus", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                                {QStringLiteral("name"), QStringLiteral("pull")},
                                {QStringLiteral("phase"), QStringLiteral("Pending")},
                                {QStringLiteral("waitingReason"), QStringLiteral("ImagePullBackOff")},
                                {QStringLiteral("waitingMessage"), QStringLiteral("Back-off pulling image \"x\"")}})));
        Client c(m_server);
        const QJsonObject status =
            c.get(QStringLiteral("/api/v1/namespaces/ns/pods/pull")).json().value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("phase")).toString(), QStringLiteral("Pending"));
        const QJsonObject waiting = status.value(QStringLiteral("containerStatuses"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("state"))
                                        .toObject()
                                        .value(QStringLiteral("waiting"))
                                        .toObject();
        QCOMPARE(waiting.value(QStringLiteral("reason")).toString(), QStringLiteral("ImagePullBackOff"));
        const Response log = c.get(QStringLiteral("/api/v1/namespaces/ns/pods/pull/log"));
        QCOMPARE(log.status, 400);
        QCOMPARE(
            log.json().value(QStringLiteral("message")).toString(),
            QStringLiteral("container \"api\" in pod \"pull\" is waiting to start: trying and failing to pull image"));

        QVERIFY(m_server.run(
            op("addPod", {{QStringLiteral("namespace"), QStringLiteral("ns")},
                          {QStringLiteral("name"), QStringLiteral("unscheduled")},
                          {QStringLiteral("phase"), QStringLiteral("Pending")},
                          {QStringLiteral("unschedulableMessage"),
                           QStringLiteral("0/1 nodes are available: 1 Insufficient sgx.intel.com/epc.")}})));
        const QJsonArray conditions = c.get(QStringLiteral("/api/v1/namespaces/ns/pods/unscheduled"))
                                          .json()
                                          .value(QStringLiteral("status"))
                                          .toObject()
                                          .value(QStringLiteral("conditions"))
                                          .toArray();
        QCOMPARE(conditions.at(0).toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("Unschedulable"));
        QCOMPARE(conditions.at(0).toObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("0/1 nodes are available: 1 Insufficient sgx.intel.com/epc."));
    }
};

QTEST_GUILESS_MAIN(TestKubeApiServer)
#include "tst_kubeapiserver.moc"
