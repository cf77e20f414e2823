// SPDX-License-Identifier: Apache-2.0
#include "kubetestserver.h"

#include "certs/certificatebuilder.h"
#include "certs/privatekey.h"
#include "testsupport.h"

#include <openssl/encoder.h>
#include <openssl/evp.h>

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace workbench::test {

using namespace workbench::models::certs;

QByteArray traditionalPrivateKeyPem(void *evpPkey)
{
    auto *key = static_cast<EVP_PKEY *>(evpPkey);
    OSSL_ENCODER_CTX *ctx =
        OSSL_ENCODER_CTX_new_for_pkey(key, OSSL_KEYMGMT_SELECT_KEYPAIR, "PEM", "type-specific", nullptr);
    if (!ctx)
        return {};
    unsigned char *data = nullptr;
    size_t len = 0;
    QByteArray pem;
    if (OSSL_ENCODER_to_data(ctx, &data, &len) == 1)
        pem = QByteArray(reinterpret_cast<const char *>(data), qsizetype(len));
    OPENSSL_free(data);
    OSSL_ENCODER_CTX_free(ctx);
    return pem;
}

KubeTestServer::KubeTestServer() = default;

KubeTestServer::~KubeTestServer()
{
    stop();
}

QString KubeTestServer::caFile() const
{
    return m_dir.filePath(QStringLiteral("ca.crt"));
}

QString KubeTestServer::clientCertificateFile() const
{
    return m_dir.filePath(QStringLiteral("client.crt"));
}

QString KubeTestServer::clientKeyFile() const
{
    return m_dir.filePath(QStringLiteral("client.key"));
}

bool KubeTestServer::start(const Options &options)
{
    m_options = options;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto caKey = PrivateKey::generate(KeyType::P256);
    auto serverKey = PrivateKey::generate(KeyType::P256);
    auto clientKey = PrivateKey::generate(options.rsaClientKey ? KeyType::Rsa2048 : KeyType::P256);
    if (!caKey || !serverKey || !clientKey) {
        m_error = QStringLiteral("key generation failed");
        return false;
    }
    CertificateProfile ca;
    ca.commonName = QStringLiteral("kube-test-ca");
    ca.ca = true;
    ca.notBefore = now.addSecs(-3600);
    ca.notAfter = now.addDays(2);
    auto caCert = buildCertificate(ca, caKey.value());
    CertificateProfile server;
    server.commonName = QStringLiteral("kube-apiserver");
    server.dnsNames = {QStringLiteral("localhost"), QStringLiteral("kubernetes")};
    server.ipAddresses = {QStringLiteral("127.0.0.1")};
    server.endpoint = CertEndpoint::Server;
    server.notBefore = ca.notBefore;
    server.notAfter = ca.notAfter;
    auto serverCert = buildCertificate(server, serverKey.value(), caCert.value(), caKey.value());
    CertificateProfile client;
    client.commonName = QStringLiteral("tester");
    client.endpoint = CertEndpoint::Client;
    client.notBefore = ca.notBefore;
    client.notAfter = ca.notAfter;
    auto clientCert = buildCertificate(client, clientKey.value(), caCert.value(), caKey.value());
    if (!caCert || !serverCert || !clientCert) {
        m_error = QStringLiteral("certificate generation failed");
        return false;
    }
    m_caPem = caCert->toPem();
    m_clientCertPem = clientCert->toPem();
    m_clientKeyPem = traditionalPrivateKeyPem(clientKey->handle());
    const QByteArray serverKeyPem = traditionalPrivateKeyPem(serverKey->handle());
    if (!writeFile(caFile(), m_caPem) ||
        !writeFile(m_dir.filePath(QStringLiteral("server.crt")), serverCert->toPem()) ||
        !writeFile(m_dir.filePath(QStringLiteral("server.key")), serverKeyPem) ||
        !writeFile(clientCertificateFile(), m_clientCertPem) || !writeFile(clientKeyFile(), m_clientKeyPem)) {
        m_error = QStringLiteral("cannot write certificates to %1").arg(m_dir.path());
        return false;
    }

    QStringList args{QStringLiteral("--cert"),    m_dir.filePath(QStringLiteral("server.crt")),
                     QStringLiteral("--key"),     m_dir.filePath(QStringLiteral("server.key")),
                     QStringLiteral("--version"), options.version};
    if (options.clientCertificates)
        args << QStringLiteral("--client-ca") << caFile();
    if (!options.token.isEmpty())
        args << QStringLiteral("--token") << options.token + QLatin1Char('=') + options.tokenUser;
    if (!options.scenarioFile.isEmpty())
        args << QStringLiteral("--scenario") << options.scenarioFile;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->start(QStringLiteral(WORKBENCH_KUBE_TEST_SERVER), args);
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("kube-test-server did not start: ") + m_process->errorString();
        return false;
    }
    QDeadlineTimer deadline(20000);
    QByteArray line;
    while (!m_process->canReadLine()) {
        if (deadline.hasExpired() || !m_process->waitForReadyRead(int(deadline.remainingTime()))) {
            m_error = QStringLiteral("kube-test-server printed no port");
            return false;
        }
    }
    line = m_process->readLine().trimmed();
    if (!line.startsWith("PORT ")) {
        m_error = QStringLiteral("kube-test-server said: ") + QString::fromUtf8(line);
        return false;
    }
    m_port = quint16(line.mid(5).toUInt());
    return m_port != 0;
}

void KubeTestServer::stop()
{
    if (!m_process)
        return;
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

QJsonObject KubeTestServer::control(const QJsonObject &command, int timeoutMs)
{
    if (!m_process)
        return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("not running")}};
    QJsonObject c = command;
    const int id = m_nextId++;
    c.insert(QStringLiteral("id"), id);
    m_process->write(QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n');
    m_process->waitForBytesWritten(timeoutMs);
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        while (m_process->canReadLine()) {
            const QJsonObject reply = QJsonDocument::fromJson(m_process->readLine()).object();
            if (reply.value(QStringLiteral("id")).toInt() == id)
                return reply;
        }
        if (deadline.hasExpired() || !m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
    }
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("no reply")}};
}

void KubeTestServer::post(const QJsonObject &command)
{
    if (!m_process)
        return;
    QJsonObject c = command;
    c.insert(QStringLiteral("id"), m_nextId++);
    m_process->write(QJsonDocument(c).toJson(QJsonDocument::Compact) + '\n');
}

bool KubeTestServer::run(const QJsonObject &command, int timeoutMs)
{
    const QJsonObject reply = control(command, timeoutMs);
    if (!reply.value(QStringLiteral("ok")).toBool()) {
        qWarning("kube-test-server: %s -> %s", QJsonDocument(command).toJson(QJsonDocument::Compact).constData(),
                 QJsonDocument(reply).toJson(QJsonDocument::Compact).constData());
        return false;
    }
    return true;
}

QJsonArray KubeTestServer::requests()
{
    return control(QJsonObject{{QStringLiteral("op"), QStringLiteral("requests")}})
        .value(QStringLiteral("requests"))
        .toArray();
}

bool KubeTestServer::writeKubeconfig(const QString &path, Auth auth, const QString &ns) const
{
    QByteArray user;
    switch (auth) {
    case Auth::Token:
        user = "    token: " + m_options.token.toUtf8() + "\n";
        break;
    case Auth::TokenFile: {
        const QString tokenPath = QFileInfo(path).absolutePath() + QStringLiteral("/token");
        if (!writeFile(tokenPath, m_options.token.toUtf8() + "\n"))
            return false;
        user = "    tokenFile: " + tokenPath.toUtf8() + "\n";
        break;
    }
    case Auth::ClientCertificate:
        user = "    client-certificate-data: " + m_clientCertPem.toBase64() +
               "\n    client-key-data: " + m_clientKeyPem.toBase64() + "\n";
        break;
    case Auth::ClientCertificateFiles:
        user = "    client-certificate: " + clientCertificateFile().toUtf8() +
               "\n    client-key: " + clientKeyFile().toUtf8() + "\n";
        break;
    case Auth::None:
        user = "    {}\n";
        break;
    }
    const QByteArray text = "apiVersion: v1\n"
                            "kind: Config\n"
                            "clusters:\n"
                            "- name: test\n"
                            "  cluster:\n"
                            "    server: " +
                            url().toUtf8() +
                            "\n"
                            "    certificate-authority-data: " +
                            m_caPem.toBase64() +
                            "\n"
                            "users:\n"
                            "- name: test\n"
                            "  user:\n" +
                            user +
                            "contexts:\n"
                            "- name: test\n"
                            "  context:\n"
                            "    cluster: test\n"
                            "    user: test\n"
                            "    namespace: " +
                            ns.toUtf8() +
                            "\n"
                            "current-context: test\n";
    return writeFile(path, text);
}

}  // namespace workbench::test
