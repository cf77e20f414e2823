// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace workbench::test {

/// Starts and drives kube-test-server (tests/support/kubeapi), the loopback HTTPS Kubernetes
/// API server: makes its certificates (a CA, a server certificate for 127.0.0.1/localhost and a
/// client certificate for user "tester", with the project's certificate code), starts the
/// process on a free port, sends control commands, writes kubeconfigs for kubectl and for the
/// workbench. The process ends with this object (or when the test process dies: it exits when
/// its standard input closes).
struct KubeTestServerOptions {
    QString token = QStringLiteral("test-token-0123456789");
    QString tokenUser = QStringLiteral("token-tester");
    bool clientCertificates = true;
    QString version = QStringLiteral("v1.30.0");
    QString scenarioFile;
    /// The client certificate's key: RSA (PKCS#1 PEM, as kubeadm writes it) instead of P-256
    /// (SEC1 PEM, as k3s writes it).
    bool rsaClientKey = false;
};

class KubeTestServer
{
public:
    using Options = KubeTestServerOptions;
    enum class Auth { Token, TokenFile, ClientCertificate, ClientCertificateFiles, None };

    KubeTestServer();
    ~KubeTestServer();
    KubeTestServer(const KubeTestServer &) = delete;
    KubeTestServer &operator=(const KubeTestServer &) = delete;

    bool start(const Options &options = Options());
    void stop();
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    QString dir() const { return m_dir.path(); }
    QString caFile() const;
    QByteArray caPem() const { return m_caPem; }
    QString clientCertificateFile() const;
    QString clientKeyFile() const;
    QByteArray clientCertificatePem() const { return m_clientCertPem; }
    QByteArray clientKeyPem() const { return m_clientKeyPem; }
    QString token() const { return m_options.token; }

    /// Runs a control command and returns the server's reply ({"ok":false,"error":...} when
    /// the server does not answer in time).
    QJsonObject control(const QJsonObject &command, int timeoutMs = 30000);
    /// control() and true when the reply says ok (a failure is printed with qWarning).
    bool run(const QJsonObject &command, int timeoutMs = 30000);
    /// Sends a control command without waiting for its reply (for benchmarks that must not
    /// block their event loop); the reply is skipped by the next control().
    void post(const QJsonObject &command);
    QJsonArray requests();

    /// Writes a kubeconfig with one cluster, one user and one context ("test"), current.
    bool writeKubeconfig(const QString &path, Auth auth, const QString &ns = QStringLiteral("default")) const;

private:
    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
    QByteArray m_caPem;
    QByteArray m_clientCertPem;
    QByteArray m_clientKeyPem;
    int m_nextId = 1;
};

/// A private key as "traditional" PEM: PKCS#1 ("BEGIN RSA PRIVATE KEY", as kubeadm writes
/// it) for RSA, SEC1 ("BEGIN EC PRIVATE KEY", as k3s writes it) for EC. Empty on failure.
QByteArray traditionalPrivateKeyPem(void *evpPkey);

}  // namespace workbench::test
