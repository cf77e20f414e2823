// SPDX-License-Identifier: Apache-2.0
#include "localrunsupport.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUrl>

namespace workbench::test {

bool localRunToolsRequired()
{
    return qEnvironmentVariableIntValue("WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS") == 1;
}

QStringList missingLocalRunTools()
{
    QStringList missing;
    for (const char *tool : {"bwrap", "redis-server"})
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            missing << QString::fromLatin1(tool);
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import flask, redis")});
    if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        missing << QStringLiteral("python3-flask/python3-redis");
    return missing;
}

QString missingLocalRunToolsMessage(const QStringList &missing)
{
    return QStringLiteral("needs %1 (packaging/debian-packages.txt)").arg(missing.join(QStringLiteral(", ")));
}

quint16 freeTcpPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::Any, 0))
        return 0;
    return probe.serverPort();
}

QStringList rootEntries()
{
    return QDir(QStringLiteral("/")).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

HttpsReply httpsRequest(const QByteArray &verb, const QString &address, int port, const QString &path,
                        const QString &name, const QSslCertificate &ca, const QByteArray &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(QStringLiteral("https://%1:%2%3").arg(address).arg(port).arg(path)));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates({ca});
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    req.setSslConfiguration(conf);
    req.setPeerVerifyName(name);
    req.setTransferTimeout(20000);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(30000);
    HttpsReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

}  // namespace workbench::test
