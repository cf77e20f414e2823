// SPDX-License-Identifier: Apache-2.0
// kubeconfig as kubectl reads it: realistic files (kubeadm with an RSA PKCS#1 key, k3s with an
// EC key, GKE and EKS exec plugins, token file with relative paths), KUBECONFIG merge order,
// resolution of a context into a connection, the errors kubectl reports, ExecCredential.
#include "certs/certificatebuilder.h"
#include "certs/privatekey.h"
#include "kube/execcredential.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "kubetestserver.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::kube;

namespace {

struct Identity {
    QByteArray caPem;
    QByteArray certPem;
    QByteArray keyPem;  // traditional PEM
};

Identity makeIdentity(certs::KeyType clientKeyType)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto caKey = certs::PrivateKey::generate(certs::KeyType::P256).value();
    auto key = certs::PrivateKey::generate(clientKeyType).value();
    certs::CertificateProfile ca;
    ca.commonName = QStringLiteral("kubernetes");
    ca.ca = true;
    ca.notBefore = now.addSecs(-60);
    ca.notAfter = now.addDays(1);
    const auto caCert = certs::buildCertificate(ca, caKey).value();
    certs::CertificateProfile client;
    client.commonName = QStringLiteral("kubernetes-admin");
    client.endpoint = certs::CertEndpoint::Client;
    client.notBefore = ca.notBefore;
    client.notAfter = ca.notAfter;
    const auto cert = certs::buildCertificate(client, key, caCert, caKey).value();
    return {caCert.toPem(), cert.toPem(), test::traditionalPrivateKeyPem(key.handle())};
}

const Identity &rsaIdentity()
{
    static const Identity id = makeIdentity(certs::KeyType::Rsa2048);
    return id;
}

const Identity &ecIdentity()
{
    static const Identity id = makeIdentity(certs::KeyType::P256);
    return id;
}

// A test data file with its placeholders filled in, written to @p dir.
QString instantiate(const QString &dataFile, const QString &dir, const Identity &id, const QString &name = {})
{
    QByteArray text = test::readFile(test::dataPath(QStringLiteral("kube/") + dataFile));
    text.replace("@CA_DATA@", id.caPem.toBase64());
    text.replace("@CLIENT_CERT_DATA@", id.certPem.toBase64());
    text.replace("@CLIENT_KEY_DATA@", id.keyPem.toBase64());
    const QString path = QDir(dir).filePath(name.isEmpty() ? dataFile : name);
    if (!test::writeFile(path, text))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString write(const QString &dir, const QString &name, const QByteArray &text)
{
    const QString path = QDir(dir).filePath(name);
    if (!test::writeFile(path, text))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Kubeconfig loadOne(const QString &path)
{
    auto c = KubeconfigLoader::load(path, {}, {});
    if (!c)
        qFatal("%s", qPrintable(c.error().toString()));
    return c.value();
}

QString secretText(const SharedSecret &s)
{
    return s ? QString::fromUtf8(s->data(), s->size()) : QString();
}

}  // namespace

class TestKubeconfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kubeadmAdminConfWithRsaPkcs1Key()
    {
        QTemporaryDir dir;
        const QString path = instantiate(QStringLiteral("kubeadm-admin.conf"), dir.path(), rsaIdentity());
        QVERIFY(rsaIdentity().keyPem.startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        const Kubeconfig config = loadOne(path);
        QCOMPARE(config.currentContext(), QStringLiteral("kubernetes-admin@kubernetes"));
        QCOMPARE(config.files(), QStringList{path});
        auto c = KubeConnection::resolve(config);
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().toString()));
        QCOMPARE(c->server, QStringLiteral("https://192.168.56.10:6443"));
        QCOMPARE(c->namespaceName, QStringLiteral("default"));
        QCOMPARE(c->clusterName, QStringLiteral("kubernetes"));
        QCOMPARE(c->userName, QStringLiteral("kubernetes-admin"));
        QCOMPARE(c->certificateAuthorityPem, rsaIdentity().caPem);
        QCOMPARE(c->clientCertificatePem, rsaIdentity().certPem);
        QCOMPARE(QByteArray(c->clientKeyPem->data(), c->clientKeyPem->size()), rsaIdentity().keyPem);
        QVERIFY(!c->bearerToken);
        QVERIFY(c->warnings.isEmpty());
        // Nothing secret in what may be shown or logged.
        const QString described = c->describe() + config.user(QStringLiteral("kubernetes-admin"))->describe();
        QVERIFY(described.contains(QStringLiteral("client certificate")));
        QVERIFY(!described.contains(QString::fromLatin1(rsaIdentity().keyPem.mid(40, 20))));
    }

    void k3sWithEcKey()
    {
        QTemporaryDir dir;
        QVERIFY(ecIdentity().keyPem.startsWith("-----BEGIN EC PRIVATE KEY-----"));
        auto c = KubeConnection::resolve(loadOne(instantiate(QStringLiteral("k3s.yaml"), dir.path(), ecIdentity())));
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().toString()));
        QCOMPARE(c->server, QStringLiteral("https://127.0.0.1:6443"));
        QCOMPARE(c->contextName, QStringLiteral("default"));
        QCOMPARE(c->clientCertificatePem, ecIdentity().certPem);
    }

    void gkeExecPluginBeta()
    {
        QTemporaryDir dir;
        auto c =
            KubeConnection::resolve(loadOne(instantiate(QStringLiteral("gke-exec.yaml"), dir.path(), ecIdentity())));
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().toString()));
        QCOMPARE(c->namespaceName, QStringLiteral("sdm"));
        QVERIFY(c->exec.has_value());
        QCOMPARE(c->exec->apiVersion, QStringLiteral("client.authentication.k8s.io/v1beta1"));
        QCOMPARE(c->exec->command, QStringLiteral("gke-gcloud-auth-plugin"));  // bare name: looked up in PATH
        QVERIFY(c->exec->provideClusterInfo);
        QCOMPARE(c->exec->interactiveMode, KubeExecConfig::InteractiveMode::IfAvailable);  // the beta default
        QVERIFY(c->exec->installHint.startsWith(QStringLiteral("Install gke-gcloud-auth-plugin")));
        // What the plugin gets in KUBERNETES_EXEC_INFO.
        const QJsonObject info =
            QJsonDocument::fromJson(ExecCredential::execInfo(*c->exec, c->cluster, c->certificateAuthorityPem, false))
                .object();
        QCOMPARE(info.value(QStringLiteral("kind")).toString(), QStringLiteral("ExecCredential"));
        QCOMPARE(info.value(QStringLiteral("apiVersion")).toString(), c->exec->apiVersion);
        const QJsonObject spec = info.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("interactive")).toBool(true), false);
        const QJsonObject cluster = spec.value(QStringLiteral("cluster")).toObject();
        QCOMPARE(cluster.value(QStringLiteral("server")).toString(), QStringLiteral("https://34.118.0.1"));
        QCOMPARE(
            QByteArray::fromBase64(cluster.value(QStringLiteral("certificate-authority-data")).toString().toLatin1()),
            ecIdentity().caPem);
    }

    void eksExecPluginV1()
    {
        QTemporaryDir dir;
        auto c =
            KubeConnection::resolve(loadOne(instantiate(QStringLiteral("eks-exec-v1.yaml"), dir.path(), ecIdentity())));
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().toString()));
        QCOMPARE(c->exec->args,
                 (QStringList{QStringLiteral("--region"), QStringLiteral("eu-central-1"), QStringLiteral("eks"),
                              QStringLiteral("get-token"), QStringLiteral("--cluster-name"), QStringLiteral("prod")}));
        QCOMPARE(c->exec->env.size(), 1);
        QCOMPARE(c->exec->env.front().first, QStringLiteral("AWS_PROFILE"));
        QCOMPARE(c->exec->env.front().second, QStringLiteral("prod-admin"));
        QCOMPARE(c->exec->interactiveMode, KubeExecConfig::InteractiveMode::Never);
        const QJsonObject spec = QJsonDocument::fromJson(ExecCredential::execInfo(*c->exec, c->cluster, {}, false))
                                     .object()
                                     .value(QStringLiteral("spec"))
                                     .toObject();
        QVERIFY(!spec.contains(QStringLiteral("cluster")));  // provideClusterInfo is not set
    }

    void tokenFileAndRelativePaths()
    {
        QTemporaryDir dir;
        const QString sub = dir.filePath(QStringLiteral("conf"));
        const QString path = instantiate(QStringLiteral("token-file.yaml"), sub, ecIdentity());
        write(sub, QStringLiteral("certs/ca.crt"), ecIdentity().caPem);
        write(sub, QStringLiteral("secrets/ci-token"), "  token-from-file-42\n\n");
        const Kubeconfig config = loadOne(path);
        const KubeCluster *cluster = config.cluster(QStringLiteral("dev"));
        QCOMPARE(cluster->certificateAuthorityFile, QDir(sub).filePath(QStringLiteral("certs/ca.crt")));
        QCOMPARE(cluster->tlsServerName, QStringLiteral("api.dev.example"));
        QCOMPARE(cluster->proxyUrl, QStringLiteral("http://proxy.example:3128"));
        QCOMPARE(config.user(QStringLiteral("local-plugin"))->exec->command,
                 QDir(sub).filePath(QStringLiteral("bin/get-token")));
        auto c = KubeConnection::resolve(config);
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().toString()));
        QCOMPARE(c->namespaceName, QStringLiteral("ci"));
        QCOMPARE(secretText(c->bearerToken), QStringLiteral("token-from-file-42"));  // trimmed like client-go
        QCOMPARE(c->tokenFile, QDir(sub).filePath(QStringLiteral("secrets/ci-token")));
        QCOMPARE(c->certificateAuthorityPem, ecIdentity().caPem);
        QVERIFY(!c->describe().contains(QStringLiteral("token-from-file-42")));
        // -n and --context override.
        auto other = KubeConnection::resolve(config, QStringLiteral("dev-plugin"), QStringLiteral("prod"));
        QVERIFY(other.ok());
        QCOMPARE(other->namespaceName, QStringLiteral("prod"));
        QVERIFY(other->exec.has_value());
    }

    void kubeconfigVariableMergesFirstWins()
    {
        QTemporaryDir dir;
        // a: no current-context, user "shared" with a token only, cluster "c1".
        const QString a =
            write(dir.path(), QStringLiteral("a.yaml"),
                  "clusters:\n- name: c1\n  cluster: {server: 'https://a.example', insecure-skip-tls-verify: true}\n"
                  "users:\n- name: shared\n  user: {token: token-from-a}\n"
                  "contexts:\n- name: ctx-a\n  context: {cluster: c1, user: shared, namespace: from-a}\n");
        // b: sets current-context, redefines c1 and shared (ignored), adds c2 and ctx-b.
        const QString b =
            write(dir.path(), QStringLiteral("b.yaml"),
                  "current-context: ctx-b\n"
                  "clusters:\n- name: c1\n  cluster: {server: 'https://b.example', tls-server-name: from-b}\n"
                  "- name: c2\n  cluster: {server: 'https://c2.example', insecure-skip-tls-verify: true}\n"
                  "users:\n- name: shared\n  user: {token: token-from-b, username: extra}\n"
                  "contexts:\n- name: ctx-b\n  context: {cluster: c2, user: shared}\n"
                  "- name: ctx-a\n  context: {cluster: c2, user: shared, namespace: from-b}\n");
        // c: also sets a current-context: b was first.
        const QString c = write(dir.path(), QStringLiteral("c.yaml"), "current-context: ctx-a\n");
        const QString missing = dir.filePath(QStringLiteral("missing.yaml"));
        const QString variable = QStringList{a, QString(), missing, b, a, c}.join(QLatin1Char(':'));
        QCOMPARE(KubeconfigLoader::precedence({}, variable, QStringLiteral("/home/x")),
                 (QStringList{a, missing, b, c}));

        auto merged = KubeconfigLoader::load({}, variable, QStringLiteral("/home/x"));
        QVERIFY2(merged.ok(), merged.ok() ? "" : qPrintable(merged.error().toString()));
        QCOMPARE(merged->currentContext(), QStringLiteral("ctx-b"));
        QCOMPARE(merged->missingFiles(), QStringList{missing});
        QCOMPARE(merged->files(), (QStringList{a, b, c}));
        // First file wins for each name, with its whole entry.
        QCOMPARE(merged->cluster(QStringLiteral("c1"))->server, QStringLiteral("https://a.example"));
        QVERIFY(merged->cluster(QStringLiteral("c1"))->tlsServerName.isEmpty());
        QCOMPARE(secretText(merged->user(QStringLiteral("shared"))->token), QStringLiteral("token-from-a"));
        QVERIFY(merged->user(QStringLiteral("shared"))->username.isEmpty());
        QCOMPARE(merged->context(QStringLiteral("ctx-a"))->namespaceName, QStringLiteral("from-a"));
        QCOMPARE(merged->cluster(QStringLiteral("c2"))->server, QStringLiteral("https://c2.example"));
        QCOMPARE(merged->cluster(QStringLiteral("c1"))->origin, a);
        QCOMPARE(merged->cluster(QStringLiteral("c2"))->origin, b);

        auto conn = KubeConnection::resolve(merged.value());
        QVERIFY(conn.ok());
        QCOMPARE(conn->server, QStringLiteral("https://c2.example"));
        QCOMPARE(secretText(conn->bearerToken), QStringLiteral("token-from-a"));
        QCOMPARE(conn->warnings.size(), 1);  // insecure-skip-tls-verify is shown as a warning
        QVERIFY(conn->warnings.front().contains(QStringLiteral("insecure-skip-tls-verify")));
    }

    void explicitFileHomeDefaultAndMissingFiles()
    {
        QTemporaryDir home;
        const QString homeConfig =
            write(home.path(), QStringLiteral(".kube/config"),
                  "current-context: h\nclusters:\n- name: h\n  cluster: {server: 'https://home'}\n"
                  "contexts:\n- name: h\n  context: {cluster: h}\n");
        const QString other = write(home.path(), QStringLiteral("other.yaml"), "current-context: o\n");
        QCOMPARE(KubeconfigLoader::precedence({}, {}, home.path()), QStringList{homeConfig});
        auto fromHome = KubeconfigLoader::load({}, {}, home.path());
        QVERIFY(fromHome.ok());
        QCOMPARE(fromHome->currentContext(), QStringLiteral("h"));
        auto conn = KubeConnection::resolve(fromHome.value());
        QVERIFY(conn.ok());
        QVERIFY(conn->userName.isEmpty());  // a context without a user: no credentials, still valid
        // --kubeconfig wins over KUBECONFIG and home.
        auto explicitOne = KubeconfigLoader::load(other, homeConfig, home.path());
        QVERIFY(explicitOne.ok());
        QCOMPARE(explicitOne->currentContext(), QStringLiteral("o"));
        // An explicit file must exist; KUBECONFIG's files need not.
        auto missing = KubeconfigLoader::load(home.filePath(QStringLiteral("nope")), {}, home.path());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("kube.config"));
        auto none = KubeconfigLoader::load({}, home.filePath(QStringLiteral("nope")), home.path());
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
        const auto noConfig = KubeConnection::resolve(none.value());
        QVERIFY(!noConfig.ok());
        QVERIFY(noConfig.error().message.contains(QStringLiteral("No kubeconfig")));
    }

    void errorsAsKubectlReportsThem_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("expected");  // part of the error message
        const QByteArray cluster = "clusters:\n- name: c\n  cluster: {server: 'https://x'}\n";
        auto ctx = [](const char *user) -> QByteArray {
            return QByteArray("contexts:\n- name: x\n  context: {cluster: c, user: ") + user +
                   "}\ncurrent-context: x\n";
        };
        QTest::newRow("no such context") << (cluster + ctx("u") + "users:\n- name: u\n  user: {}\n")
                                         << QStringLiteral("nope")
                                         << QStringLiteral("context was not found for specified context: nope");
        QTest::newRow("no current context") << cluster << QString() << QStringLiteral("No context chosen");
        QTest::newRow("missing cluster")
            << QByteArray("contexts:\n- name: x\n  context: {cluster: gone}\ncurrent-context: x\n") << QString()
            << QStringLiteral("cluster \"gone\" was not found for context \"x\"");
        QTest::newRow("missing user") << (cluster + ctx("ghost")) << QString()
                                      << QStringLiteral("user \"ghost\" was not found for context \"x\"");
        QTest::newRow("no server") << QByteArray("clusters:\n- name: c\n  cluster: {}\n" + ctx("u") +
                                                 "users:\n- name: u\n  user: {}\n")
                                   << QString() << QStringLiteral("no server found for cluster \"c\"");
        QTest::newRow("ca file and data")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://x', certificate-authority: /ca.crt, "
                          "certificate-authority-data: Zm9v}\n" +
                          ctx("u") + "users:\n- name: u\n  user: {}\n")
            << QString() << QStringLiteral("certificate-authority-data and certificate-authority are both specified");
        QTest::newRow("insecure with ca")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://x', insecure-skip-tls-verify: true, "
                          "certificate-authority-data: Zm9v}\n" +
                          ctx("u") + "users:\n- name: u\n  user: {}\n")
            << QString() << QStringLiteral("specifying a root certificates file with the insecure flag is not allowed");
        QTest::newRow("unreadable ca file")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://x', certificate-authority: "
                          "/nonexistent/ca.crt}\n" +
                          ctx("u") + "users:\n- name: u\n  user: {}\n")
            << QString() << QStringLiteral("unable to read certificate-authority /nonexistent/ca.crt for c");
        QTest::newRow("cert without key")
            << (cluster + ctx("u") + "users:\n- name: u\n  user: {client-certificate: /x.crt}\n") << QString()
            << QStringLiteral("client-key-data or client-key must be specified for u");
        QTest::newRow("token and basic auth")
            << (cluster + ctx("u") + "users:\n- name: u\n  user: {token: t, username: a, password: b}\n") << QString()
            << QStringLiteral("more than one authentication method found for u");
        QTest::newRow("unreadable token file")
            << (cluster + ctx("u") + "users:\n- name: u\n  user: {tokenFile: /nonexistent/token}\n") << QString()
            << QStringLiteral("unable to read tokenFile /nonexistent/token for u");
        QTest::newRow("exec alpha api") << (cluster + ctx("u") +
                                            "users:\n- name: u\n  user:\n    exec: {apiVersion: "
                                            "client.authentication.k8s.io/v1alpha1, command: x}\n")
                                        << QString() << QStringLiteral("exec plugin: invalid apiVersion");
        QTest::newRow("exec without command")
            << (cluster + ctx("u") +
                "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1}\n")
            << QString() << QStringLiteral("command must be specified for u");
        QTest::newRow("auth provider") << (cluster + ctx("u") +
                                           "users:\n- name: u\n  user:\n    auth-provider: {name: gcp}\n")
                                       << QString() << QStringLiteral("auth-provider \"gcp\"");
    }

    void errorsAsKubectlReportsThem()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto config = KubeconfigLoader::load(write(dir.path(), QStringLiteral("config"), yaml), {}, {});
        QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().toString()));
        const auto c = KubeConnection::resolve(config.value(), context);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QStringLiteral("kube.config"));
        QVERIFY2(c.error().message.contains(expected), qPrintable(c.error().message));
    }

    void aKeyOfAnotherCertificateIsRejected()
    {
        QTemporaryDir dir;
        QByteArray text = test::readFile(test::dataPath(QStringLiteral("kube/k3s.yaml")));
        text.replace("@CA_DATA@", ecIdentity().caPem.toBase64());
        text.replace("@CLIENT_CERT_DATA@", ecIdentity().certPem.toBase64());
        text.replace("@CLIENT_KEY_DATA@", rsaIdentity().keyPem.toBase64());
        auto c = KubeConnection::resolve(loadOne(write(dir.path(), QStringLiteral("k3s.yaml"), text)));
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.contains(QStringLiteral("does not belong")));
        QVERIFY(!c.error().toString().contains(QString::fromLatin1(rsaIdentity().keyPem.toBase64().mid(60, 30))));
    }

    void fileErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("line");
        QTest::newRow("not yaml") << QByteArray("clusters:\n  - name: [unclosed\n") << QStringLiteral("not valid YAML")
                                  << 3;
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << QStringLiteral("must be a mapping") << 1;
        QTest::newRow("clusters not a list")
            << QByteArray("clusters: {a: b}\n") << QStringLiteral("must be a list") << 1;
        QTest::newRow("duplicate name") << QByteArray("users:\n- name: u\n  user: {}\n- name: u\n  user: {}\n")
                                        << QStringLiteral("named twice") << 4;
        QTest::newRow("bad base64") << QByteArray("users:\n- name: u\n  user:\n    client-key-data: '!!notbase64!!'\n")
                                    << QStringLiteral("not valid base64") << 4;
        QTest::newRow("v1 exec without interactiveMode")
            << QByteArray("users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                          "      command: x\n")
            << QStringLiteral("interactiveMode") << 5;
        QTest::newRow("bad interactiveMode")
            << QByteArray(
                   "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: x, "
                   "interactiveMode: Sometimes}\n")
            << QStringLiteral("Never, IfAvailable or Always") << 4;
        QTest::newRow("bad flag") << QByteArray("clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: maybe}\n")
                                  << QStringLiteral("true or false") << 3;
    }

    void fileErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QFETCH(int, line);
        QTemporaryDir dir;
        const QString path = write(dir.path(), QStringLiteral("config"), yaml);
        const auto c = KubeconfigLoader::load(path, {}, {});
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QStringLiteral("kube.config"));
        QCOMPARE(c.error().file, path);
        QCOMPARE(c.error().line, line);
        QVERIFY2(c.error().message.contains(expected), qPrintable(c.error().message));
    }

    void entriesWithoutNameAreIgnoredWithAWarning()
    {
        QTemporaryDir dir;
        auto c = KubeconfigLoader::load(
            write(dir.path(), QStringLiteral("config"),
                  "clusters:\n- cluster: {server: 'https://x'}\n- name: ok\n  cluster: {server: 'https://y'}\n"),
            {}, {});
        QVERIFY(c.ok());
        QCOMPARE(c->clusters().size(), 1);
        QCOMPARE(c->warnings().size(), 1);
    }

    void execCredentialOutput()
    {
        const QString v1 = QString::fromLatin1(KubeExecConfig::v1);
        auto token = ExecCredential::parse(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
                "status":{"token":"k8s-aws-v1.abc","expirationTimestamp":"2030-03-05T17:30:20-08:00"}})",
            v1);
        QVERIFY2(token.ok(), token.ok() ? "" : qPrintable(token.error().toString()));
        QCOMPARE(secretText(token->token), QStringLiteral("k8s-aws-v1.abc"));
        QCOMPARE(*token->expiration, QDateTime(QDate(2030, 3, 6), QTime(1, 30, 20), Qt::UTC));
        QVERIFY(!token->isExpiredAt(QDateTime(QDate(2030, 3, 6), QTime(1, 30, 19), Qt::UTC)));
        QVERIFY(token->isExpiredAt(QDateTime(QDate(2030, 3, 6), QTime(1, 30, 20), Qt::UTC)));

        const QJsonObject certStatus{
            {QStringLiteral("clientCertificateData"), QString::fromLatin1(ecIdentity().certPem)},
            {QStringLiteral("clientKeyData"), QString::fromLatin1(ecIdentity().keyPem)}};
        const QJsonObject certCred{
            {QStringLiteral("apiVersion"), QStringLiteral("client.authentication.k8s.io/v1beta1")},
            {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
            {QStringLiteral("status"), certStatus}};
        auto cert =
            ExecCredential::parse(QJsonDocument(certCred).toJson(), QString::fromLatin1(KubeExecConfig::v1beta1));
        QVERIFY(cert.ok());
        QCOMPARE(cert->clientCertificatePem, ecIdentity().certPem);
        QVERIFY(!cert->expiration.has_value());
        QVERIFY(!cert->isExpiredAt(QDateTime::currentDateTimeUtc()));

        auto expectError = [&](const QByteArray &json, const char *text) {
            const auto r = ExecCredential::parse(json, v1);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("kube.exec"));
            QVERIFY2(r.error().message.contains(QLatin1String(text)), qPrintable(r.error().message));
        };
        expectError("not json", "not JSON");
        expectError(
            R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}})",
            "plugin returned version client.authentication.k8s.io/v1beta1");
        expectError(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})",
                    "didn't return a status field");
        expectError(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})",
                    "didn't return a token or cert/key pair");
        expectError(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientKeyData":"k"}})",
            "only certificate or key");
        expectError(
            R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x","expirationTimestamp":"soon"}})",
            "not an RFC 3339 time");
        expectError(R"({"apiVersion":"v1","kind":"Pod"})", "no ExecCredential");
    }
};

QTEST_GUILESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
