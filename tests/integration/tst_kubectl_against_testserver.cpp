// SPDX-License-Identifier: Apache-2.0
// The real kubectl of the machine against the test Kubernetes API server, with a fresh HOME
// and a generated kubeconfig: get pods (Table), get pods -w (a watch event arrives), logs -f
// (lines arrive while following, the stream ends with the container), logs options, Status
// errors, token and client-certificate authentication, namespaces and secrets as issue 13's
// deploy steps create them. Proves the test server faithful enough to test the workbench's
// own client against it.
#include "kubetestserver.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QJsonObject op(const char *name, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    return fields;
}

QJsonObject inNs(QJsonObject o)
{
    o.insert(QStringLiteral("namespace"), QStringLiteral("shop"));
    return o;
}

}  // namespace

class TestKubectlAgainstTestServer : public QObject
{
    Q_OBJECT

private:
    test::KubeTestServer m_server;
    QTemporaryDir m_home;
    QString m_kubectl;
    QString m_tokenConfig;
    QString m_certConfig;

    QProcessEnvironment environment(const QString &kubeconfig) const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
        return env;
    }

    Run kubectl(const QStringList &args, const QString &kubeconfig = {}, int timeoutMs = 60000)
    {
        QProcess p;
        p.setProcessEnvironment(environment(kubeconfig.isEmpty() ? m_tokenConfig : kubeconfig));
        p.start(m_kubectl, args);
        Run r;
        if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            r.err = "kubectl did not finish: " + p.readAllStandardError();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // Waits until @p p printed something containing @p text (kubectl -w / -f run on).
    static bool waitForOutput(QProcess &p, QByteArray &seen, const QByteArray &text, int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!seen.contains(text)) {
            if (deadline.hasExpired())
                return false;
            p.waitForReadyRead(100);
            seen += p.readAllStandardOutput();
            if (p.state() == QProcess::NotRunning) {
                seen += p.readAllStandardOutput();
                return seen.contains(text);
            }
        }
        return true;
    }

    QJsonObject lastRequest(const QString &pathPart)
    {
        const QJsonArray log = m_server.requests();
        for (qsizetype i = log.size() - 1; i >= 0; --i)
            if (log.at(i).toObject().value(QStringLiteral("path")).toString().contains(pathPart))
                return log.at(i).toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed on this machine");
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_tokenConfig = m_home.filePath(QStringLiteral("token.kubeconfig"));
        m_certConfig = m_home.filePath(QStringLiteral("cert.kubeconfig"));
        QVERIFY(m_server.writeKubeconfig(m_tokenConfig, test::KubeTestServer::Auth::Token, QStringLiteral("shop")));
        QVERIFY(m_server.writeKubeconfig(m_certConfig, test::KubeTestServer::Auth::ClientCertificate,
                                         QStringLiteral("shop")));
        QVERIFY(m_server.run(inNs(
            op("addPod", {{QStringLiteral("name"), QStringLiteral("web-0")},
                          {QStringLiteral("containers"), QJsonArray{QStringLiteral("api"), QStringLiteral("sidecar")}},
                          {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), QStringLiteral("web")}}}}))));
        QVERIFY(m_server.run(inNs(
            op("addPod", {{QStringLiteral("name"), QStringLiteral("web-1")},
                          {QStringLiteral("containers"), QJsonArray{QStringLiteral("api")}},
                          {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), QStringLiteral("web")}}}}))));
    }

    void getPods()
    {
        const Run r = kubectl({QStringLiteral("get"), QStringLiteral("pods")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QByteArray> rows = r.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].simplified(), QByteArray("NAME READY STATUS RESTARTS AGE"));
        QVERIFY(rows[1].simplified().startsWith("web-0 2/2 Running 0 "));
        QVERIFY(rows[2].simplified().startsWith("web-1 1/1 Running 0 "));
        // kubectl asked for the meta.k8s.io Table, in namespace shop, 500 at a time.
        const QJsonObject list = lastRequest(QStringLiteral("/api/v1/namespaces/shop/pods"));
        QVERIFY(list.value(QStringLiteral("accept")).toString().contains(QStringLiteral("as=Table")));
        QVERIFY(list.value(QStringLiteral("query")).toString().contains(QStringLiteral("limit=500")));
        QCOMPARE(list.value(QStringLiteral("user")).toString(), QStringLiteral("token-tester"));

        const Run wide =
            kubectl({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-o"), QStringLiteral("wide"),
                     QStringLiteral("-l"), QStringLiteral("app=web,app notin (db)")});
        QVERIFY2(wide.exitCode == 0, wide.err.constData());
        QVERIFY(wide.out.contains("NODE"));
        QVERIFY(wide.out.contains("node-1"));

        const Run json = kubectl({QStringLiteral("get"), QStringLiteral("pod"), QStringLiteral("web-0"),
                                  QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.containers[*].name}")});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        QCOMPARE(json.out, QByteArray("api sidecar"));
    }

    void clientCertificateAuthentication()
    {
        const Run r =
            kubectl({QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-o"), QStringLiteral("name")},
                    m_certConfig);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("pod/web-0\npod/web-1\n"));
        QCOMPARE(lastRequest(QStringLiteral("/api/v1/namespaces/shop/pods")).value(QStringLiteral("user")).toString(),
                 QStringLiteral("tester"));
    }

    void statusErrorsAsKubectlPrintsThem()
    {
        const Run missing = kubectl({QStringLiteral("get"), QStringLiteral("pod"), QStringLiteral("nope")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("Error from server (NotFound): pods \"nope\" not found"),
                 missing.err.constData());

        const QString wrong = m_home.filePath(QStringLiteral("wrong.kubeconfig"));
        QByteArray text = test::readFile(m_tokenConfig);
        text.replace(m_server.token().toUtf8(), "wrong-token");
        QVERIFY(test::writeFile(wrong, text));
        const Run unauthorized = kubectl({QStringLiteral("get"), QStringLiteral("pods")}, wrong);
        QCOMPARE(unauthorized.exitCode, 1);
        QVERIFY2(unauthorized.err.contains("You must be logged in to the server"), unauthorized.err.constData());
    }

    void getPodsWatchSeesANewPod()
    {
        QProcess watch;
        watch.setProcessEnvironment(environment(m_tokenConfig));
        watch.start(m_kubectl, {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-w")});
        QVERIFY(watch.waitForStarted(10000));
        QByteArray seen;
        QVERIFY2(waitForOutput(watch, seen, "web-1"), seen.constData());
        QTRY_VERIFY_WITH_TIMEOUT(lastRequest(QStringLiteral("/api/v1/namespaces/shop/pods"))
                                     .value(QStringLiteral("query"))
                                     .toString()
                                     .contains(QStringLiteral("watch=true")),
                                 20000);
        QVERIFY(m_server.run(inNs(op("addPod", {{QStringLiteral("name"), QStringLiteral("web-2")},
                                                {QStringLiteral("containers"), QJsonArray{QStringLiteral("api")}}}))));
        QVERIFY2(waitForOutput(watch, seen, "web-2"), seen.constData());
        const QJsonObject w = lastRequest(QStringLiteral("/api/v1/namespaces/shop/pods"));
        QVERIFY(w.value(QStringLiteral("query")).toString().contains(QStringLiteral("resourceVersion=")));
        watch.kill();
        watch.waitForFinished();
        QVERIFY(m_server.run(inNs(op("deletePod", {{QStringLiteral("name"), QStringLiteral("web-2")}}))));
    }

    void logsFollow()
    {
        QVERIFY(m_server.run(
            inNs(op("appendLogs",
                    {{QStringLiteral("name"), QStringLiteral("web-0")},
                     {QStringLiteral("container"), QStringLiteral("api")},
                     {QStringLiteral("lines"), QJsonArray{QStringLiteral("hello 1"), QStringLiteral("hello 2")}}}))));
        QProcess follow;
        follow.setProcessEnvironment(environment(m_tokenConfig));
        follow.start(m_kubectl, {QStringLiteral("logs"), QStringLiteral("-f"), QStringLiteral("web-0"),
                                 QStringLiteral("-c"), QStringLiteral("api")});
        QVERIFY(follow.waitForStarted(10000));
        QByteArray seen;
        QVERIFY2(waitForOutput(follow, seen, "hello 2\n"), seen.constData());
        QVERIFY(
            m_server.run(inNs(op("appendLogs", {{QStringLiteral("name"), QStringLiteral("web-0")},
                                                {QStringLiteral("container"), QStringLiteral("api")},
                                                {QStringLiteral("lines"), QJsonArray{QStringLiteral("live 3")}}}))));
        QVERIFY2(waitForOutput(follow, seen, "live 3\n"), seen.constData());
        QCOMPARE(seen, QByteArray("hello 1\nhello 2\nlive 3\n"));
        QVERIFY(follow.state() == QProcess::Running);  // still following
        const QJsonObject request = lastRequest(QStringLiteral("/pods/web-0/log"));
        QVERIFY(request.value(QStringLiteral("query")).toString().contains(QStringLiteral("follow=true")));
        QVERIFY(request.value(QStringLiteral("query")).toString().contains(QStringLiteral("container=api")));
        // The container restarts: the stream ends and kubectl logs -f exits successfully.
        QVERIFY(m_server.run(inNs(op("restartContainer", {{QStringLiteral("name"), QStringLiteral("web-0")},
                                                          {QStringLiteral("container"), QStringLiteral("api")}}))));
        QVERIFY(follow.waitForFinished(20000));
        QCOMPARE(follow.exitCode(), 0);
    }

    void logsOptions()
    {
        QVERIFY(m_server.run(inNs(
            op("appendLogs",
               {{QStringLiteral("name"), QStringLiteral("web-1")},
                {QStringLiteral("container"), QStringLiteral("api")},
                {QStringLiteral("lines"), QJsonArray{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}},
                {QStringLiteral("timestamps"),
                 QJsonArray{QStringLiteral("2024-05-01T12:00:00.25Z"), QStringLiteral("2024-05-01T12:00:01Z"),
                            QStringLiteral("2024-05-01T12:00:02.000000007Z")}}}))));
        const Run tail = kubectl({QStringLiteral("logs"), QStringLiteral("web-1"), QStringLiteral("--tail=2"),
                                  QStringLiteral("--timestamps")});
        QVERIFY2(tail.exitCode == 0, tail.err.constData());
        QCOMPARE(tail.out, QByteArray("2024-05-01T12:00:01Z b\n2024-05-01T12:00:02.000000007Z c\n"));
        const QString query = lastRequest(QStringLiteral("/pods/web-1/log")).value(QStringLiteral("query")).toString();
        QVERIFY(query.contains(QStringLiteral("tailLines=2")));
        QVERIFY(query.contains(QStringLiteral("timestamps=true")));

        const Run since = kubectl({QStringLiteral("logs"), QStringLiteral("web-1"), QStringLiteral("--since=10s")});
        QVERIFY2(since.exitCode == 0, since.err.constData());
        QCOMPARE(since.out, QByteArray());  // the lines are from 2024
        QVERIFY(lastRequest(QStringLiteral("/pods/web-1/log"))
                    .value(QStringLiteral("query"))
                    .toString()
                    .contains(QStringLiteral("sinceSeconds=10")));

        const Run sinceTime = kubectl(
            {QStringLiteral("logs"), QStringLiteral("web-1"), QStringLiteral("--since-time=2024-05-01T12:00:01.5Z")});
        QVERIFY2(sinceTime.exitCode == 0, sinceTime.err.constData());
        QCOMPARE(sinceTime.out, QByteArray("b\nc\n"));  // 12:00:01.5 is cut to 12:00:01

        const Run previous = kubectl({QStringLiteral("logs"), QStringLiteral("web-0"), QStringLiteral("-c"),
                                      QStringLiteral("api"), QStringLiteral("--previous")});
        QVERIFY2(previous.exitCode == 0, previous.err.constData());
        QCOMPARE(previous.out, QByteArray("hello 1\nhello 2\nlive 3\n"));

        // The form the workbench's benchmark compares with: every pod of a selector, prefixed.
        QVERIFY(m_server.run(inNs(op("appendLogs", {{QStringLiteral("name"), QStringLiteral("web-0")},
                                                    {QStringLiteral("container"), QStringLiteral("sidecar")},
                                                    {QStringLiteral("lines"), QJsonArray{QStringLiteral("side")}}}))));
        const Run all = kubectl({QStringLiteral("logs"), QStringLiteral("-l"), QStringLiteral("app=web"),
                                 QStringLiteral("--all-containers"), QStringLiteral("--prefix")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QVERIFY(all.out.contains("[pod/web-0/sidecar] side\n"));
        QVERIFY(all.out.contains("[pod/web-1/api] c\n"));

        const Run choose =
            kubectl({QStringLiteral("logs"), QStringLiteral("web-1"), QStringLiteral("-c"), QStringLiteral("nope")});
        QCOMPARE(choose.exitCode, 1);
        QVERIFY2(choose.err.contains("container nope is not valid for pod web-1"), choose.err.constData());
    }

    void podStatesAsDeploysSeeThem()
    {
        QVERIFY(m_server.run(inNs(op("addPod", {{QStringLiteral("name"), QStringLiteral("pull-0")},
                                                {QStringLiteral("phase"), QStringLiteral("Pending")},
                                                {QStringLiteral("containers"),
                                                 QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("api")},
                                                                        {QStringLiteral("waitingReason"),
                                                                         QStringLiteral("ImagePullBackOff")}}}}}))));
        QVERIFY(m_server.run(inNs(op("addPod", {{QStringLiteral("name"), QStringLiteral("crash-0")},
                                                {QStringLiteral("containers"),
                                                 QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("api")},
                                                                        {QStringLiteral("waitingReason"),
                                                                         QStringLiteral("CrashLoopBackOff")}}}}}))));
        const Run r = kubectl(
            {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("pull-0"), QStringLiteral("crash-0")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.simplified().contains("pull-0 0/1 ImagePullBackOff 0"), r.out.constData());
        QVERIFY2(r.out.simplified().contains("crash-0 0/1 CrashLoopBackOff 0"), r.out.constData());
        const Run logs = kubectl({QStringLiteral("logs"), QStringLiteral("pull-0")});
        QCOMPARE(logs.exitCode, 1);
        QVERIFY2(logs.err.contains("is waiting to start: trying and failing to pull image"), logs.err.constData());
    }

    void namespacesAndSecrets()
    {
        Run r = kubectl({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("deploy-1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("namespace/deploy-1 created\n"));
        r = kubectl({QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("deploy-1")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("namespaces \"deploy-1\" already exists"), r.err.constData());
        r = kubectl({QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("deploy-1"),
                     QStringLiteral("-o"), QStringLiteral("jsonpath={.status.phase}")});
        QCOMPARE(r.out, QByteArray("Active"));

        r = kubectl({QStringLiteral("create"), QStringLiteral("secret"), QStringLiteral("docker-registry"),
                     QStringLiteral("regcred"), QStringLiteral("-n"), QStringLiteral("deploy-1"),
                     QStringLiteral("--docker-server=registry.example"), QStringLiteral("--docker-username=robot"),
                     QStringLiteral("--docker-password=s3cret")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("secret/regcred created\n"));
        r = kubectl({QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("regcred"), QStringLiteral("-n"),
                     QStringLiteral("deploy-1"), QStringLiteral("-o"), QStringLiteral("jsonpath={.type}")});
        QCOMPARE(r.out, QByteArray("kubernetes.io/dockerconfigjson"));
        r = kubectl(
            {QStringLiteral("get"), QStringLiteral("secrets"), QStringLiteral("-n"), QStringLiteral("deploy-1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.simplified().startsWith("NAME TYPE DATA AGE regcred kubernetes.io/dockerconfigjson 1 "));

        // Replace and patch, as a deploy step that updates the pull secret does.
        r = kubectl({QStringLiteral("patch"), QStringLiteral("secret"), QStringLiteral("regcred"), QStringLiteral("-n"),
                     QStringLiteral("deploy-1"), QStringLiteral("--type=merge"), QStringLiteral("-p"),
                     QStringLiteral("{\"metadata\":{\"labels\":{\"owner\":\"workbench\"}}}")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("secret/regcred patched\n"));
        r = kubectl({QStringLiteral("get"), QStringLiteral("secret"), QStringLiteral("regcred"), QStringLiteral("-n"),
                     QStringLiteral("deploy-1"), QStringLiteral("-o"),
                     QStringLiteral("jsonpath={.metadata.labels.owner}")});
        QCOMPARE(r.out, QByteArray("workbench"));
        const QJsonArray stored =
            m_server.control(op("secrets", {{QStringLiteral("namespace"), QStringLiteral("deploy-1")}}))
                .value(QStringLiteral("items"))
                .toArray();
        QCOMPARE(stored.size(), 1);
        const QByteArray config = QByteArray::fromBase64(stored.at(0)
                                                             .toObject()
                                                             .value(QStringLiteral("data"))
                                                             .toObject()
                                                             .value(QStringLiteral(".dockerconfigjson"))
                                                             .toString()
                                                             .toLatin1());
        QVERIFY2(config.contains("\"registry.example\""), config.constData());
        QVERIFY(config.contains("\"robot\""));
    }
};

QTEST_GUILESS_MAIN(TestKubectlAgainstTestServer)
#include "tst_kubectl_against_testserver.moc"
