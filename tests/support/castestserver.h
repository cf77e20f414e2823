// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace workbench::test {

/// Runs tests/tools/cas_test_server (a loopback HTTPS CAS that requires a client certificate;
/// its header documents the API) with certificates generated for this run by the openssl
/// command: a CA and the server certificate it issued (CN cas; SANs cas, localhost, 127.0.0.1),
/// an unrelated CA (a wrong pin), and a self-signed client identity like `scone self`'s.
/// Stops the server when destroyed.
class CasTestServer
{
public:
    CasTestServer();
    ~CasTestServer();
    CasTestServer(const CasTestServer &) = delete;
    CasTestServer &operator=(const CasTestServer &) = delete;

    /// Generates the certificates and starts the server (extra server options such as
    /// `--delay-ms 500`). False with error() set when anything fails.
    bool start(const QStringList &extraArgs = {});
    QString error() const { return m_error; }

    quint16 port() const { return m_port; }
    /// `https://127.0.0.1:<port>`
    QString url() const;

    QString caFile() const;          ///< the CA that issued the server certificate: the right pin
    QString otherCaFile() const;     ///< an unrelated CA: a wrong pin
    QString clientCertFile() const;  ///< the client identity's certificate (PEM)
    QString clientKeyFile() const;   ///< its private key (PEM)
    QString identityFile() const;    ///< key and certificate in one PEM (as `~/.cas/config.json`'s `identity`)
    QString dir() const { return m_dir.path(); }

    /// Everything the server recorded, in order (`event` is `request` or `tls-failed`).
    QList<QJsonObject> received() const;
    /// Only the requests (`method`, `path`, `query`, `body`, `client`).
    QList<QJsonObject> requests() const;

private:
    bool openssl(const QStringList &args);
    bool makeCertificates();

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

}  // namespace workbench::test
