// SPDX-License-Identifier: Apache-2.0
#include "castestserver.h"

#include <QFile>
#include <QJsonDocument>

namespace workbench::test {

namespace {

const QStringList kEcKey = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes")};

}  // namespace

CasTestServer::CasTestServer() = default;

CasTestServer::~CasTestServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel();  // the server exits when its stdin closes
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString CasTestServer::url() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(m_port);
}

QString CasTestServer::caFile() const
{
    return m_dir.filePath(QStringLiteral("ca.pem"));
}

QString CasTestServer::otherCaFile() const
{
    return m_dir.filePath(QStringLiteral("other-ca.pem"));
}

QString CasTestServer::clientCertFile() const
{
    return m_dir.filePath(QStringLiteral("client.pem"));
}

QString CasTestServer::clientKeyFile() const
{
    return m_dir.filePath(QStringLiteral("client.key"));
}

QString CasTestServer::identityFile() const
{
    return m_dir.filePath(QStringLiteral("identity.pem"));
}

bool CasTestServer::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error =
            QStringLiteral("openssl %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(p.readAll()));
        return false;
    }
    return true;
}

bool CasTestServer::makeCertificates()
{
    QFile ext(m_dir.filePath(QStringLiteral("server.ext")));
    if (!ext.open(QIODevice::WriteOnly) ||
        ext.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                  "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:cas,DNS:localhost,IP:127.0.0.1\n") < 0)
        return false;
    ext.close();
    const QStringList caExt = {QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                               QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")};
    auto req = [](const QStringList &more) { return QStringList{QStringLiteral("req")} + more; };
    if (!openssl(req(QStringList{QStringLiteral("-x509")} + kEcKey +
                     QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                 QStringLiteral("ca.pem"), QStringLiteral("-subj"), QStringLiteral("/CN=Test CAS CA"),
                                 QStringLiteral("-days"), QStringLiteral("2")} +
                     caExt)) ||
        !openssl(req(QStringList{QStringLiteral("-x509")} + kEcKey +
                     QStringList{QStringLiteral("-keyout"), QStringLiteral("other-ca.key"), QStringLiteral("-out"),
                                 QStringLiteral("other-ca.pem"), QStringLiteral("-subj"),
                                 QStringLiteral("/CN=Unrelated CA"), QStringLiteral("-days"), QStringLiteral("2")} +
                     caExt)) ||
        !openssl(req(kEcKey + QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"),
                                          QStringLiteral("-out"), QStringLiteral("server.csr"), QStringLiteral("-subj"),
                                          QStringLiteral("/CN=cas")})) ||
        !openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                  QStringLiteral("-CA"), QStringLiteral("ca.pem"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                  QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.pem"),
                  QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                  QStringLiteral("server.ext")}) ||
        !openssl(req(QStringList{QStringLiteral("-x509")} + kEcKey +
                     QStringList{QStringLiteral("-keyout"), QStringLiteral("client.key"), QStringLiteral("-out"),
                                 QStringLiteral("client.pem"), QStringLiteral("-subj"),
                                 QStringLiteral("/CN=workbench-test-identity"), QStringLiteral("-days"),
                                 QStringLiteral("2")})))
        return false;
    QFile key(clientKeyFile()), cert(clientCertFile()), identity(identityFile());
    if (!key.open(QIODevice::ReadOnly) || !cert.open(QIODevice::ReadOnly) || !identity.open(QIODevice::WriteOnly)) {
        m_error = QStringLiteral("cannot write the identity file");
        return false;
    }
    identity.write(key.readAll() + cert.readAll());
    return true;
}

bool CasTestServer::start(const QStringList &extraArgs)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    if (!makeCertificates())
        return false;
    m_process.setProgram(QStringLiteral(WORKBENCH_CAS_TEST_SERVER_PATH));
    m_process.setArguments(QStringList{QStringLiteral("--cert"), m_dir.filePath(QStringLiteral("server.pem")),
                                       QStringLiteral("--key"), m_dir.filePath(QStringLiteral("server.key")),
                                       QStringLiteral("--record"), m_dir.filePath(QStringLiteral("record.jsonl"))} +
                           extraArgs);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start();
    QByteArray out;
    while (!out.contains('\n') && m_process.waitForReadyRead(30000))
        out += m_process.readAllStandardOutput();
    if (!out.startsWith("PORT ")) {
        m_error = QStringLiteral("cas_test_server did not start: %1").arg(QString::fromUtf8(out));
        return false;
    }
    m_port = quint16(out.mid(5).trimmed().toUInt());
    return m_port != 0;
}

QList<QJsonObject> CasTestServer::received() const
{
    QList<QJsonObject> events;
    QFile f(m_dir.filePath(QStringLiteral("record.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return events;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            events << QJsonDocument::fromJson(line).object();
    return events;
}

QList<QJsonObject> CasTestServer::requests() const
{
    QList<QJsonObject> out;
    for (const QJsonObject &e : received())
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("request"))
            out << e;
    return out;
}

}  // namespace workbench::test
