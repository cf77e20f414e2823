// SPDX-License-Identifier: Apache-2.0
// The engine's Kubernetes client (engine/kube) against the loopback test API server over real
// TLS (libcurl): every authentication a kubeconfig can name (token; token file, read again after
// a 401; client certificate as data and as files, with an EC key as k3s writes it and an RSA
// PKCS#1 key as kubeadm does; exec plugins of both API versions, one run for concurrent
// requests, cached until expirationTimestamp, run again after a 401, a failure that shows the plugin's stderr),
// tls-server-name and insecure-skip-tls-verify (warned about), KUBECONFIG's merge order, Status
// errors with the API server's message, the pod watch (resume after an API server restart,
// relist after 410 Gone), a container log stream cut several times in the middle of lines and
// resumed with the exact sequence in the store, a release's pods added and restarted while
// followed, and the namespace / secret calls of the deploy step.
#include "kubeops.h"
#include "kubetestserver.h"
#include "testsupport.h"

#include "core/errorcodes.h"
#include "kube/containerlogstream.h"
#include "kube/kubeauth.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/podwatcher.h"
#include "kube/releaselogs.h"
#include "logs/logstore.h"
#include "net/httpclient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

using namespace workbench;
namespace errc = workbench::engine::errc;
using engine::kube::ContainerLogStream;
using engine::kube::KubeClient;
using engine::kube::LogStreamState;
using engine::kube::PodWatcher;
using engine::kube::ReleaseLogOptions;
using engine::kube::ReleaseLogs;
using models::kube::KubeConnection;
using models::kube::KubePod;
using models::kube::KubePodList;
using models::logs::LineKind;
using models::logs::LogStore;

namespace {

const QString kNs = QStringLiteral("kc");

QJsonObject op(const char *name, QJsonObject fields = {})
{
    return test::kubeops::op(name, kNs, std::move(fields));
}

QJsonObject addPod(const QString &name, const QStringList &containers, const QJsonObject &labels = {})
{
    return op("addPod", {{QStringLiteral("name"), name},
                         {QStringLiteral("containers"), QJsonArray::fromStringList(containers)},
                         {QStringLiteral("labels"), labels}});
}

QJsonObject appendLogs(const QString &pod, const QString &container, const QStringList &lines,
                       const QJsonArray &timestamps = {})
{
    return test::kubeops::appendLogs(kNs, pod, container, lines, timestamps);
}

/// The texts of a source's lines of a kind in the store, in order.
QStringList texts(const LogStore &store, models::logs::SourceId source, LineKind kind = LineKind::Text)
{
    QStringList out;
    for (auto n = store.firstLine(); n < store.endLine(); ++n) {
        const auto line = store.line(n);
        if (line && line->source == source && line->attributes.kind == kind)
            out << QString::fromUtf8(line->text);
    }
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes, bool executable = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        return false;
    f.close();
    if (executable)
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

}  // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT

private:
    test::KubeTestServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<engine::net::HttpClient> m_http;

    Result<KubeConnection> connectionFrom(const QString &kubeconfigVariable, const QString &context = {})
    {
        auto config = models::kube::KubeconfigLoader::load({}, kubeconfigVariable, m_dir.path());
        if (!config)
            return config.error();
        return KubeConnection::resolve(config.value(), context);
    }

    Result<KubeConnection> connection(test::KubeTestServer::Auth auth, const QString &name)
    {
        const QString path = m_dir.filePath(name);
        if (!m_server.writeKubeconfig(path, auth, kNs))
            return makeError(QStringLiteral("test"), QStringLiteral("cannot write kubeconfig"));
        return connectionFrom(path);
    }

    /// A kubeconfig whose user runs @p script as an exec plugin of @p apiVersion.
    QString execKubeconfig(const QString &name, const QString &script, const QString &apiVersion)
    {
        const QString path = m_dir.filePath(name);
        const QByteArray text = "apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: " +
                                m_server.url().toUtf8() +
                                "\n    certificate-authority-data: " + m_server.caPem().toBase64() +
                                "\nusers:\n- name: test\n  user:\n    exec:\n      apiVersion: " + apiVersion.toUtf8() +
                                "\n      command: " + script.toUtf8() +
                                "\n      args: [\"--flag\"]\n      interactiveMode: Never\n"
                                "contexts:\n- name: test\n  context:\n    cluster: test\n    user: test\n"
                                "    namespace: " +
                                kNs.toUtf8() + "\ncurrent-context: test\n";
        return writeFile(path, text) ? path : QString();
    }

    /// listPods() and its result.
    Result<KubePodList> list(KubeClient &client, const QString &selector = {})
    {
        std::optional<Result<KubePodList>> result;
        QObject context;
        client.listPods(kNs, selector, &context, [&](const Result<KubePodList> &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
            return makeError(QStringLiteral("test"), QStringLiteral("no answer"));
        return *result;
    }

    QString lastUser()
    {
        const QJsonArray log = m_server.requests();
        return log.isEmpty() ? QString() : log.last().toObject().value(QStringLiteral("user")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.run(op("addNamespace", {{QStringLiteral("name"), kNs}})));
        QVERIFY(m_server.run(addPod(QStringLiteral("base-0"), {QStringLiteral("c")})));
        m_http = std::make_unique<engine::net::HttpClient>();
    }
    void cleanupTestCase() { m_http.reset(); }

    void authentication_data()
    {
        using Auth = test::KubeTestServer::Auth;
        QTest::addColumn<int>("auth");
        QTest::addColumn<QString>("user");
        QTest::newRow("token") << int(Auth::Token) << QStringLiteral("token-tester");
        QTest::newRow("token file") << int(Auth::TokenFile) << QStringLiteral("token-tester");
        QTest::newRow("client certificate data") << int(Auth::ClientCertificate) << QStringLiteral("tester");
        QTest::newRow("client certificate files") << int(Auth::ClientCertificateFiles) << QStringLiteral("tester");
    }
    void authentication()
    {
        QFETCH(int, auth);
        QFETCH(QString, user);
        auto conn = connection(test::KubeTestServer::Auth(auth), QStringLiteral("auth-%1").arg(auth));
        QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
        KubeClient client(*m_http, conn.value());
        const auto pods = list(client);
        QVERIFY2(pods, pods ? "" : qPrintable(pods.error().toString()));
        QVERIFY(!pods->items.isEmpty());
        QVERIFY(!pods->resourceVersion.isEmpty());
        QCOMPARE(lastUser(), user);

        // No credentials: the API server's 401 as an error value.
        auto none = connection(test::KubeTestServer::Auth::None, QStringLiteral("none"));
        QVERIFY(none);
        KubeClient anonymous(*m_http, none.value());
        const auto refused = list(anonymous);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QString(errc::kubeUnauthorized));
    }

    void rsaClientKeyAsKubeadmWritesIt()
    {
        test::KubeTestServer rsaServer;
        test::KubeTestServerOptions options;
        options.rsaClientKey = true;
        QVERIFY2(rsaServer.start(options), qPrintable(rsaServer.errorString()));
        QVERIFY(rsaServer.clientKeyPem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        QVERIFY(m_server.clientKeyPem().startsWith("-----BEGIN EC PRIVATE KEY-----"));
        const QString path = m_dir.filePath(QStringLiteral("rsa"));
        QVERIFY(rsaServer.writeKubeconfig(path, test::KubeTestServer::Auth::ClientCertificateFiles, kNs));
        auto conn = connectionFrom(path);
        QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
        KubeClient client(*m_http, conn.value());
        const auto pods = list(client);
        QVERIFY2(pods, pods ? "" : qPrintable(pods.error().toString()));
        const QJsonArray log = rsaServer.requests();
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.last().toObject().value(QStringLiteral("user")).toString(), QStringLiteral("tester"));
    }

    void tlsServerNameAndInsecureFlag()
    {
        // The server's certificate names 127.0.0.1 and localhost. tls-server-name is the name
        // checked (the URL still says where to connect): a name it does not hold fails.
        const QString base = m_dir.filePath(QStringLiteral("tls-base"));
        QVERIFY(m_server.writeKubeconfig(base, test::KubeTestServer::Auth::Token, kNs));
        const QByteArray text = test::readFile(base);
        auto withCluster = [&](const char *name, const QByteArray &clusterLines, bool keepCa) {
            QByteArray t = text;
            const qsizetype at = t.indexOf("    certificate-authority-data: ");
            const qsizetype end = t.indexOf('\n', at) + 1;
            const QByteArray replacement = (keepCa ? t.mid(at, end - at) : QByteArray()) + clusterLines;
            t.replace(at, end - at, replacement);
            const QString path = m_dir.filePath(QLatin1String(name));
            return writeFile(path, t) ? path : QString();
        };
        struct Case {
            const char *name;
            QByteArray lines;
            bool keepCa;
            bool ok;
        };
        const Case cases[] = {
            {"tls-right-name", "    tls-server-name: localhost\n", true, true},
            {"tls-wrong-name", "    tls-server-name: wrong.example\n", true, false},
            {"tls-no-ca", "", false, false},  // the system's CAs do not know the test CA
            {"tls-insecure", "    insecure-skip-tls-verify: true\n", false, true},
        };
        for (const Case &c : cases) {
            auto conn = connectionFrom(withCluster(c.name, c.lines, c.keepCa));
            QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
            KubeClient client(*m_http, conn.value());
            const auto r = list(client);
            QVERIFY2(bool(r) == c.ok, qPrintable(QLatin1String(c.name) + QLatin1Char(' ') +
                                                 (r ? QStringLiteral("ok") : r.error().toString())));
            if (!c.ok)
                QCOMPARE(r.error().code, QString(errc::tlsServer));
            QCOMPARE(conn->warnings.join(QLatin1Char(' ')).contains(QStringLiteral("insecure-skip-tls-verify")),
                     qstrcmp(c.name, "tls-insecure") == 0);
        }
    }

    void tokenFileIsReadAgainAfter401()
    {
        auto conn = connection(test::KubeTestServer::Auth::TokenFile, QStringLiteral("tokenfile"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        QVERIFY(list(client));
        // The token is rotated: the server knows only the new one, the file is rewritten.
        QVERIFY(m_server.run(op("addToken", {{QStringLiteral("token"), QStringLiteral("rotated-token")},
                                             {QStringLiteral("user"), QStringLiteral("rotated")}})));
        QVERIFY(m_server.run(op("removeToken", {{QStringLiteral("token"), m_server.token()}})));
        QVERIFY(writeFile(conn->tokenFile, "rotated-token\n"));
        const auto pods = list(client);  // the cached token gets 401, the file is read again, retried
        QVERIFY(m_server.run(op("addToken", {{QStringLiteral("token"), m_server.token()},
                                             {QStringLiteral("user"), QStringLiteral("token-tester")}})));
        QVERIFY2(pods, pods ? "" : qPrintable(pods.error().toString()));
        QCOMPARE(lastUser(), QStringLiteral("rotated"));
    }

    void execPlugin_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::newRow("v1") << QStringLiteral("client.authentication.k8s.io/v1");
        QTest::newRow("v1beta1") << QStringLiteral("client.authentication.k8s.io/v1beta1");
    }
    void execPlugin()
    {
        QFETCH(QString, apiVersion);
        // The plugin counts its runs, checks KUBERNETES_EXEC_INFO and its argument, prints the
        // token of its first argument file, valid for one hour.
        const QString counter = m_dir.filePath(QStringLiteral("runs-") + apiVersion.section(QLatin1Char('/'), 1));
        const QString script = m_dir.filePath(QStringLiteral("plugin-") + apiVersion.section(QLatin1Char('/'), 1));
        const QByteArray expiry = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toUtf8();
        QVERIFY(writeFile(
            script,
            "#!/bin/sh\n"
            "echo run >> '" +
                counter.toUtf8() +
                "'\n"
                "[ \"$1\" = --flag ] || { echo 'no --flag' >&2; exit 3; }\n"
                "case \"$KUBERNETES_EXEC_INFO\" in *ExecCredential*) ;; *) echo 'no exec info' >&2; exit 4;; esac\n"
                "printf '{\"apiVersion\":\"" +
                apiVersion.toUtf8() + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" +
                m_server.token().toUtf8() + "\",\"expirationTimestamp\":\"" + expiry + "\"}}'\n",
            true));
        const QString config =
            execKubeconfig(QStringLiteral("exec-") + apiVersion.section(QLatin1Char('/'), 1), script, apiVersion);
        auto conn = connectionFrom(config);
        QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
        KubeClient client(*m_http, conn.value());
        // Two requests at once wait for one plugin run.
        std::optional<Result<KubePodList>> a;
        std::optional<Result<KubePodList>> b;
        QObject context;
        client.listPods(kNs, {}, &context, [&](const Result<KubePodList> &r) { a = r; });
        client.listPods(kNs, {}, &context, [&](const Result<KubePodList> &r) { b = r; });
        QTRY_VERIFY_WITH_TIMEOUT(a && b, 30000);
        QVERIFY2(*a, *a ? "" : qPrintable(a->error().toString()));
        QVERIFY(*b);
        QVERIFY(list(client));
        QCOMPARE(client.auth().execRuns(), 1);  // cached until expirationTimestamp
        QCOMPARE(lastUser(), QStringLiteral("token-tester"));
        // Past the expiry: the plugin runs again.
        client.auth().setClock([] { return QDateTime::currentDateTimeUtc().addSecs(7200); });
        QVERIFY(list(client));
        QCOMPARE(client.auth().execRuns(), 2);
        QCOMPARE(test::readFile(counter).count("run"), 2);
    }

    void execPluginRunsAgainAfter401()
    {
        // The first run prints a token the server refuses (valid for an hour by its own word);
        // the 401 makes the client run the plugin again and retry once.
        const QString counter = m_dir.filePath(QStringLiteral("runs-401"));
        const QString script = m_dir.filePath(QStringLiteral("plugin-401"));
        const QByteArray expiry = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toUtf8();
        const QByteArray c = counter.toUtf8();
        QByteArray body = "#!/bin/sh\n";
        body += "if [ -f '" + c + "' ]; then t='" + m_server.token().toUtf8() + "'; else t=revoked; fi\n";
        body += "echo run >> '" + c + "'\n";
        body += "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                "\"status\":{\"token\":\"%s\",\"expirationTimestamp\":\"" +
                expiry + "\"}}' \"$t\"\n";
        QVERIFY(writeFile(script, body, true));
        auto conn = connectionFrom(
            execKubeconfig(QStringLiteral("exec-401"), script, QStringLiteral("client.authentication.k8s.io/v1")));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        const auto r = list(client);
        QVERIFY2(r, r ? "" : qPrintable(r.error().toString()));
        QCOMPARE(client.auth().execRuns(), 2);
        QCOMPARE(lastUser(), QStringLiteral("token-tester"));
    }

    void execPluginFailureShowsItsStderr()
    {
        const QString script = m_dir.filePath(QStringLiteral("failing-plugin"));
        QVERIFY(writeFile(script, "#!/bin/sh\necho 'error: the session expired; run: cloud auth login' >&2\nexit 7\n",
                          true));
        auto conn = connectionFrom(
            execKubeconfig(QStringLiteral("exec-failing"), script, QStringLiteral("client.authentication.k8s.io/v1")));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        const auto r = list(client);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QString(errc::kubeExec));
        QVERIFY2(r.error().message.contains(QStringLiteral("exit code 7")), qPrintable(r.error().message));
        QVERIFY2(r.error().toString().contains(QStringLiteral("the session expired; run: cloud auth login")) ||
                     r.error().context.outputTail.contains(QStringLiteral("the session expired")),
                 qPrintable(r.error().toString()));
        QVERIFY(r.error().context.outputTail.contains(QStringLiteral("cloud auth login")));
    }

    void kubeconfigVariableFirstFileWins()
    {
        // Two files name the same user and context; the first in KUBECONFIG wins per key, so its
        // (right) token and its current context are used, as kubectl does.
        const QString good = m_dir.filePath(QStringLiteral("merge-good"));
        QVERIFY(m_server.writeKubeconfig(good, test::KubeTestServer::Auth::Token, kNs));
        const QString bad = m_dir.filePath(QStringLiteral("merge-bad"));
        QVERIFY(writeFile(bad, "apiVersion: v1\nkind: Config\nusers:\n- name: test\n  user:\n    token: wrong-token\n"
                               "current-context: nowhere\n"));
        for (const QString &order : QStringList{good + QLatin1Char(':') + bad, bad + QLatin1Char(':') + good}) {
            auto conn = connectionFrom(order);
            const bool goodFirst = order.startsWith(good);
            if (!goodFirst) {
                // The bad file's current context (first) names a context that does not exist.
                QVERIFY(!conn);
                QVERIFY2(conn.error().message.contains(QStringLiteral("nowhere")), qPrintable(conn.error().message));
                continue;
            }
            QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
            KubeClient client(*m_http, conn.value());
            QVERIFY(list(client));
        }
        // The bad file first but a context chosen explicitly: its user (wrong token) wins.
        auto conn = connectionFrom(bad + QLatin1Char(':') + good, QStringLiteral("test"));
        QVERIFY2(conn, conn ? "" : qPrintable(conn.error().toString()));
        KubeClient client(*m_http, conn.value());
        const auto r = list(client);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QString(errc::kubeUnauthorized));
    }

    void statusErrorsCarryTheServersMessage()
    {
        auto conn = connection(test::KubeTestServer::Auth::Token, QStringLiteral("status"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        std::optional<Result<KubePod>> pod;
        QObject context;
        client.getPod(kNs, QStringLiteral("nope"), &context, [&](const Result<KubePod> &r) { pod = r; });
        QTRY_VERIFY_WITH_TIMEOUT(pod.has_value(), 20000);
        QVERIFY(!*pod);
        QCOMPARE(pod->error().code, QString(errc::kubeNotFound));
        QCOMPARE(pod->error().message, QStringLiteral("pods \"nope\" not found"));

        QVERIFY(m_server.run(op("failRequests", {{QStringLiteral("path"), QStringLiteral("/pods$")},
                                                 {QStringLiteral("code"), 503},
                                                 {QStringLiteral("reason"), QStringLiteral("ServiceUnavailable")},
                                                 {QStringLiteral("message"), QStringLiteral("etcd is down")}})));
        const auto failed = list(client);
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, QString(errc::kubeServer));
        QCOMPARE(failed.error().message, QStringLiteral("etcd is down"));
        QVERIFY(list(client));  // only once
    }

    void podWatcherResumesAndRelists()
    {
        auto conn = connection(test::KubeTestServer::Auth::Token, QStringLiteral("watch"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        const QJsonObject labels{{QStringLiteral("app.kubernetes.io/instance"), QStringLiteral("w")}};
        QVERIFY(m_server.run(addPod(QStringLiteral("w-0"), {QStringLiteral("c")}, labels)));
        PodWatcher watcher(client, kNs, QStringLiteral("app.kubernetes.io/instance=w"));
        watcher.setBackoff(50, 400);
        QStringList events;
        connect(&watcher, &PodWatcher::podAdded, this,
                [&](const KubePod &p) { events << QStringLiteral("+") + p.name(); });
        connect(&watcher, &PodWatcher::podRemoved, this,
                [&](const KubePod &p) { events << QStringLiteral("-") + p.name(); });
        connect(&watcher, &PodWatcher::podChanged, this,
                [&](const KubePod &p) { events << QStringLiteral("~") + p.name() + QLatin1Char(' ') + p.phase; });
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.isSynced(), 20000);
        QCOMPARE(events, QStringList{QStringLiteral("+w-0")});
        QVERIFY(m_server.run(addPod(QStringLiteral("w-1"), {QStringLiteral("c")}, labels)));
        QVERIFY(m_server.run(addPod(QStringLiteral("x-1"), {QStringLiteral("c")})));  // not selected
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("+w-1")), 20000);
        QVERIFY(m_server.run(op("setPodStatus", {{QStringLiteral("name"), QStringLiteral("w-1")},
                                                 {QStringLiteral("phase"), QStringLiteral("Failed")}})));
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("~w-1 Failed")), 20000);

        // The API server restarts: the watch breaks and resumes from its resourceVersion.
        QVERIFY(m_server.run(op("restartServer", {{QStringLiteral("downMs"), 300}})));
        QVERIFY(m_server.run(op("deletePod", {{QStringLiteral("name"), QStringLiteral("w-0")}})));
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("-w-0")), 20000);
        QCOMPARE(watcher.listCount(), 1);

        // The history is compacted while the watch is down: the resume gets 410, it lists again and
        // reports what changed meanwhile.
        QVERIFY(m_server.run(op("restartServer", {{QStringLiteral("downMs"), 400}})));
        QVERIFY(m_server.run(addPod(QStringLiteral("w-2"), {QStringLiteral("c")}, labels)));
        QVERIFY(m_server.run(op("compact")));
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(QStringLiteral("+w-2")), 20000);
        QVERIFY(watcher.listCount() >= 2);
        QStringList names;
        for (const KubePod &p : watcher.podList())
            names << p.name();
        QCOMPARE(names, (QStringList{QStringLiteral("w-1"), QStringLiteral("w-2")}));
        QCOMPARE(events.count(QStringLiteral("+w-1")), 1);  // not added twice by the relist
    }

    void logStreamResumesExactlyAfterCuts()
    {
        auto conn = connection(test::KubeTestServer::Auth::ClientCertificate, QStringLiteral("stream"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        QVERIFY(m_server.run(addPod(QStringLiteral("s-0"), {QStringLiteral("c")})));
        LogStore store;
        const auto source = store.sources().addContainer(kNs, QStringLiteral("s-0"), QStringLiteral("c")).value();
        ContainerLogStream::Options o;
        o.namespaceName = kNs;
        o.pod = QStringLiteral("s-0");
        o.container = QStringLiteral("c");
        o.initialBackoffMs = 50;
        o.maxBackoffMs = 200;
        ContainerLogStream stream(client, store, source, o);
        stream.start(nullptr);

        QStringList expected;
        const qint64 second = (QDateTime::currentMSecsSinceEpoch() / 1000 + 10) * 1'000'000'000;
        qint64 t = second;
        // Rounds of lines within one second (ties in timestamp and text included), each round's
        // stream cut in the middle of a line; one round with an API server restart.
        for (int round = 0; round < 6; ++round) {
            QStringList lines;
            QJsonArray times;
            for (int i = 0; i < 7; ++i) {
                lines << (i % 3 == 0 ? QStringLiteral("tick") : QStringLiteral("r%1 l%2").arg(round).arg(i));
                if (i != 2)
                    t += 1000;  // lines 1 and 2 share a timestamp
                times.append(QString::number(t));
            }
            QVERIFY(m_server.run(appendLogs(QStringLiteral("s-0"), QStringLiteral("c"), lines, times)));
            expected += lines;
            QTRY_COMPARE_WITH_TIMEOUT(texts(store, source), expected, 20000);
            if (round == 3) {
                QVERIFY(m_server.run(op("restartServer", {{QStringLiteral("downMs"), 300}})));
            } else {
                const QJsonObject cut =
                    m_server.control(op("cutLogStreams", {{QStringLiteral("name"), QStringLiteral("s-0")},
                                                          {QStringLiteral("midLine"), true}}));
                QCOMPARE(cut.value(QStringLiteral("cut")).toInt(), 1);
            }
            QTRY_COMPARE_WITH_TIMEOUT(stream.reconnects(), round + 1, 20000);
        }
        QCOMPARE(texts(store, source), expected);
        QVERIFY(stream.linesSkipped() > 0);  // replays of the same second were skipped
        const QStringList markers = texts(store, source, LineKind::Reconnected);
        QCOMPARE(markers.size(), 6);
        QVERIFY(texts(store, source, LineKind::Gap).isEmpty());
        QCOMPARE(stream.state(), LogStreamState::Live);

        // The container exits: the stream ends with the rest of its lines.
        QVERIFY(m_server.run(appendLogs(QStringLiteral("s-0"), QStringLiteral("c"), {QStringLiteral("bye")},
                                        QJsonArray{QString::number(t + 1000)})));
        QVERIFY(m_server.run(op("setPodStatus", {{QStringLiteral("name"), QStringLiteral("s-0")},
                                                 {QStringLiteral("container"), QStringLiteral("c")},
                                                 {QStringLiteral("terminated"), true},
                                                 {QStringLiteral("exitCode"), 0}})));
        QTRY_COMPARE_WITH_TIMEOUT(stream.state(), LogStreamState::Ended, 20000);
        expected << QStringLiteral("bye");
        QCOMPARE(texts(store, source), expected);
    }

    void releaseLogsFollowsNewAndRestartedPods()
    {
        auto conn = connection(test::KubeTestServer::Auth::Token, QStringLiteral("release"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        const QJsonObject labels{{QStringLiteral("app.kubernetes.io/instance"), QStringLiteral("rel")},
                                 {QStringLiteral("app.kubernetes.io/name"), QStringLiteral("svc")}};
        QVERIFY(m_server.run(addPod(QStringLiteral("rel-0"), {QStringLiteral("a"), QStringLiteral("b")}, labels)));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("rel-0"), QStringLiteral("a"),
                                        test::kubeops::numbered(QStringLiteral("a"), 0, 3))));
        LogStore store;
        ReleaseLogOptions o;
        o.namespaceName = kNs;
        o.labelSelector = ReleaseLogOptions::selectorFor(QStringLiteral("rel"), QStringLiteral("svc"));
        QCOMPARE(o.labelSelector, QStringLiteral("app.kubernetes.io/instance=rel,app.kubernetes.io/name=svc"));
        o.initialBackoffMs = 50;
        o.maxBackoffMs = 200;
        ReleaseLogs logs(client, store, o);
        QStringList markers;
        connect(&logs, &ReleaseLogs::marker, this,
                [&](const engine::kube::ReleaseLogStreamInfo &info, LineKind, const QString &text) {
                    markers << info.pod + QLatin1Char(' ') + info.container + QStringLiteral(": ") + text;
                });
        bool finished = false;
        connect(&logs, &ReleaseLogs::finished, this, [&] { finished = true; });
        logs.start();
        auto src = [&](const char *pod, const char *c) {
            return store.sources().findContainer(kNs, QLatin1String(pod), QLatin1String(c));
        };
        QTRY_VERIFY_WITH_TIMEOUT(src("rel-0", "a") && texts(store, *src("rel-0", "a")).size() == 3, 20000);

        QVERIFY(m_server.run(addPod(QStringLiteral("rel-1"), {QStringLiteral("a")}, labels)));
        QVERIFY(m_server.run(appendLogs(QStringLiteral("rel-1"), QStringLiteral("a"), {QStringLiteral("new pod")})));
        QTRY_VERIFY_WITH_TIMEOUT(src("rel-1", "a") && texts(store, *src("rel-1", "a")).size() == 1, 20000);

        QVERIFY(m_server.run(op("restartContainer", {{QStringLiteral("name"), QStringLiteral("rel-0")},
                                                     {QStringLiteral("container"), QStringLiteral("a")},
                                                     {QStringLiteral("exitCode"), 2}})));
        QVERIFY(
            m_server.run(appendLogs(QStringLiteral("rel-0"), QStringLiteral("a"), {QStringLiteral("second life")})));
        QTRY_COMPARE_WITH_TIMEOUT(texts(store, *src("rel-0", "a")),
                                  (QStringList{QStringLiteral("a0"), QStringLiteral("a1"), QStringLiteral("a2"),
                                               QStringLiteral("second life")}),
                                  20000);
        QVERIFY(markers.filter(QStringLiteral("rel-0 a: container restarted (restart 1")).size() == 1);

        // The previous instance on demand, as a source of its own.
        auto previous = logs.showPrevious(QStringLiteral("rel-0"), QStringLiteral("a"));
        QVERIFY(previous);
        QTRY_COMPARE_WITH_TIMEOUT(texts(store, previous.value()), test::kubeops::numbered(QStringLiteral("a"), 0, 3),
                                  20000);

        QCOMPARE(logs.streams().size(), 3);  // rel-0 a, rel-0 b, rel-1 a
        logs.stop();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 20000);
        for (const auto &info : logs.streams())
            QCOMPARE(info.state, LogStreamState::Ended);
    }

    void namespacesAndSecrets()
    {
        auto conn = connection(test::KubeTestServer::Auth::Token, QStringLiteral("deploy"));
        QVERIFY(conn);
        KubeClient client(*m_http, conn.value());
        QObject context;
        std::optional<std::pair<Result<models::kube::KubeNamespace>, bool>> ns;
        auto ensure = [&] {
            ns.reset();
            client.ensureNamespace(
                QStringLiteral("deploy-ns"), {{QStringLiteral("team"), QStringLiteral("a")}}, &context,
                [&](const Result<models::kube::KubeNamespace> &r, bool created) { ns.emplace(r, created); });
            return QTest::qWaitFor([&] { return ns.has_value(); }, 20000);
        };
        QVERIFY(ensure());
        QVERIFY2(ns->first, ns->first ? "" : qPrintable(ns->first.error().toString()));
        QVERIFY(ns->second);
        QCOMPARE(ns->first->meta.labels.value(QStringLiteral("team")), QStringLiteral("a"));
        QVERIFY(ensure());
        QVERIFY(ns->first);
        QVERIFY(!ns->second);  // existed

        auto secretJson = [](const char *value) {
            const QByteArray json =
                QJsonDocument(
                    QJsonObject{
                        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("kind"), QStringLiteral("Secret")},
                        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("s")}}},
                        {QStringLiteral("type"), QStringLiteral("Opaque")},
                        {QStringLiteral("stringData"), QJsonObject{{QStringLiteral("k"), QLatin1String(value)}}}})
                    .toJson(QJsonDocument::Compact);
            return std::make_shared<const models::certs::SecretBytes>(json.constData(), std::size_t(json.size()));
        };
        std::optional<std::pair<Result<models::kube::KubeObjectMeta>, bool>> applied;
        for (const char *value : {"one", "two"}) {
            applied.reset();
            client.applySecret(
                QStringLiteral("deploy-ns"), QStringLiteral("s"), secretJson(value), &context,
                [&](const Result<models::kube::KubeObjectMeta> &r, bool created) { applied.emplace(r, created); });
            QTRY_VERIFY_WITH_TIMEOUT(applied.has_value(), 20000);
            QVERIFY2(applied->first, applied->first ? "" : qPrintable(applied->first.error().toString()));
            QCOMPARE(applied->second, qstrcmp(value, "one") == 0);
        }
        std::optional<Result<models::kube::KubeSecret>> secret;
        client.getSecret(QStringLiteral("deploy-ns"), QStringLiteral("s"), &context,
                         [&](const Result<models::kube::KubeSecret> &r) { secret = r; });
        QTRY_VERIFY_WITH_TIMEOUT(secret.has_value(), 20000);
        QVERIFY(*secret);
        const auto value = (*secret)->data.value(QStringLiteral("k"));
        QVERIFY(value);
        QCOMPARE(QByteArray(value->data(), value->size()), QByteArray("two"));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
