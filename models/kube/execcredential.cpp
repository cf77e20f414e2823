// SPDX-License-Identifier: Apache-2.0
#include "kube/execcredential.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace workbench::models::kube {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Kubeconfig", text);
}

Error execError(const QString &message)
{
    return makeError(QStringLiteral("kube.exec"), message);
}

SharedSecret secretOf(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    auto s = std::make_shared<const certs::SecretBytes>(utf8.constData(), std::size_t(utf8.size()));
    if (!utf8.isEmpty())
        OPENSSL_cleanse(utf8.data(), std::size_t(utf8.size()));
    return s;
}

}  // namespace

Result<ExecCredential> ExecCredential::parse(const QByteArray &output, const QString &expectedApiVersion)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return execError(tr("The exec plugin's output is not JSON: %1.").arg(pe.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("kind")).toString() != QLatin1String("ExecCredential"))
        return execError(tr("The exec plugin's output is no ExecCredential (kind \"%1\").")
                             .arg(o.value(QStringLiteral("kind")).toString()));
    const QString apiVersion = o.value(QStringLiteral("apiVersion")).toString();
    if (apiVersion != expectedApiVersion)
        return execError(tr("exec plugin is configured to use API version %1, plugin returned version %2")
                             .arg(expectedApiVersion, apiVersion));
    const QJsonValue statusValue = o.value(QStringLiteral("status"));
    if (!statusValue.isObject())
        return execError(tr("exec plugin didn't return a status field"));
    const QJsonObject status = statusValue.toObject();
    const QString token = status.value(QStringLiteral("token")).toString();
    const QString cert = status.value(QStringLiteral("clientCertificateData")).toString();
    const QString key = status.value(QStringLiteral("clientKeyData")).toString();
    if (token.isEmpty() && cert.isEmpty() && key.isEmpty())
        return execError(tr("exec plugin didn't return a token or cert/key pair"));
    if (cert.isEmpty() != key.isEmpty())
        return execError(tr("exec plugin returned only certificate or key, not both"));
    ExecCredential c;
    if (!token.isEmpty())
        c.token = secretOf(token);
    if (!cert.isEmpty()) {
        c.clientCertificatePem = cert.toUtf8();
        c.clientKeyPem = secretOf(key);
    }
    if (const QJsonValue exp = status.value(QStringLiteral("expirationTimestamp"));
        !exp.isUndefined() && !exp.isNull()) {
        const QString text = exp.toString();
        QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!when.isValid())
            when = QDateTime::fromString(text, Qt::ISODate);
        if (!when.isValid() || text.isEmpty())
            return execError(tr("The exec plugin's expirationTimestamp \"%1\" is not an RFC 3339 time.").arg(text));
        c.expiration = when.toUTC();
    }
    return c;
}

QByteArray ExecCredential::execInfo(const KubeExecConfig &config, const KubeCluster &cluster,
                                    const QByteArray &certificateAuthorityPem, bool interactive)
{
    QJsonObject spec;
    if (config.provideClusterInfo) {
        QJsonObject c;
        c.insert(QStringLiteral("server"), cluster.server);
        if (!cluster.tlsServerName.isEmpty())
            c.insert(QStringLiteral("tls-server-name"), cluster.tlsServerName);
        if (cluster.insecureSkipTlsVerify)
            c.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!certificateAuthorityPem.isEmpty())
            c.insert(QStringLiteral("certificate-authority-data"),
                     QString::fromLatin1(certificateAuthorityPem.toBase64()));
        if (!cluster.proxyUrl.isEmpty())
            c.insert(QStringLiteral("proxy-url"), cluster.proxyUrl);
        if (cluster.disableCompression)
            c.insert(QStringLiteral("disable-compression"), true);
        spec.insert(QStringLiteral("cluster"), c);
    }
    spec.insert(QStringLiteral("interactive"), interactive);
    QJsonObject o;
    o.insert(QStringLiteral("kind"), QStringLiteral("ExecCredential"));
    o.insert(QStringLiteral("apiVersion"), config.apiVersion);
    o.insert(QStringLiteral("spec"), spec);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

}  // namespace workbench::models::kube
