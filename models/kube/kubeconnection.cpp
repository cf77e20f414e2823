// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeconnection.h"

#include "certs/certificatefile.h"
#include "core/boundedfile.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QFile>

namespace workbench::models::kube {

namespace {

constexpr qint64 kMaxCredentialFile = 1 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("Kubeconfig", text);
}

Error configError(const QString &message, const QString &file = {}, const QString &detail = {})
{
    Error e = makeError(QStringLiteral("kube.config"), message, detail);
    e.file = file;
    return e;
}

// Reads a small file; the caller scrubs the bytes when they are secret.
Result<QByteArray> readSmallFile(const QString &path)
{
    Result<QByteArray> data = readFileBounded(path, kMaxCredentialFile);
    if (!data.ok())
        return makeError(QStringLiteral("kube.config"), data.error().message);
    return data;
}

SharedSecret secretFrom(QByteArray &plain)
{
    auto s = std::make_shared<const certs::SecretBytes>(plain.constData(), std::size_t(plain.size()));
    if (!plain.isEmpty())
        OPENSSL_cleanse(plain.data(), std::size_t(plain.size()));
    plain.clear();
    return s;
}

Status resolveCluster(KubeConnection &c, const KubeCluster &cluster)
{
    if (cluster.server.isEmpty())
        return configError(tr("no server found for cluster \"%1\"").arg(cluster.name), cluster.origin);
    c.server = cluster.server;
    c.tlsServerName = cluster.tlsServerName;
    c.proxyUrl = cluster.proxyUrl;
    c.disableCompression = cluster.disableCompression;
    c.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
    c.cluster = cluster;
    if (!cluster.certificateAuthorityFile.isEmpty() && !cluster.certificateAuthorityData.isEmpty()) {
        return configError(tr("certificate-authority-data and certificate-authority are both specified for %1. "
                              "certificate-authority-data will override.")
                               .arg(cluster.name),
                           cluster.origin);
    }
    if (cluster.insecureSkipTlsVerify &&
        (!cluster.certificateAuthorityFile.isEmpty() || !cluster.certificateAuthorityData.isEmpty())) {
        return configError(
            tr("specifying a root certificates file with the insecure flag is not allowed (cluster \"%1\")")
                .arg(cluster.name),
            cluster.origin);
    }
    if (cluster.insecureSkipTlsVerify) {
        c.warnings << tr("Cluster \"%1\" sets insecure-skip-tls-verify: the server's certificate is not checked, "
                         "so anyone in between can read the credentials and the logs.")
                          .arg(cluster.name);
    }
    QByteArray pem = cluster.certificateAuthorityData;
    if (!cluster.certificateAuthorityFile.isEmpty()) {
        auto read = readSmallFile(cluster.certificateAuthorityFile);
        if (!read) {
            return configError(tr("unable to read certificate-authority %1 for %2 due to %3")
                                   .arg(cluster.certificateAuthorityFile, cluster.name, read.error().message),
                               cluster.certificateAuthorityFile);
        }
        pem = read.value();
    }
    if (!pem.isEmpty()) {
        auto bundle = certs::parseCertificateData(pem, nullptr, cluster.certificateAuthorityFile);
        if (!bundle || bundle->certificates.isEmpty()) {
            return configError(
                tr("The certificate authority of cluster \"%1\" holds no certificate.").arg(cluster.name),
                cluster.certificateAuthorityFile.isEmpty() ? cluster.origin : cluster.certificateAuthorityFile,
                bundle ? QString() : bundle.error().message);
        }
        c.certificateAuthorityPem = pem;
    }
    return Ok{};
}

Status resolveClientCertificate(KubeConnection &c, const KubeUser &user)
{
    if (!user.clientCertificateFile.isEmpty() && !user.clientCertificateData.isEmpty()) {
        return configError(
            tr("client-cert-data and client-cert are both specified for %1. client-cert-data will override.")
                .arg(user.name),
            user.origin);
    }
    if (!user.clientKeyFile.isEmpty() && user.clientKeyData && !user.clientKeyData->isEmpty()) {
        return configError(tr("client-key-data and client-key are both specified for %1; client-key-data will override")
                               .arg(user.name),
                           user.origin);
    }
    if (!user.hasClientKey()) {
        return configError(
            tr("client-key-data or client-key must be specified for %1 to use the clientCert authentication method.")
                .arg(user.name),
            user.origin);
    }
    QByteArray certPem = user.clientCertificateData;
    if (!user.clientCertificateFile.isEmpty()) {
        auto read = readSmallFile(user.clientCertificateFile);
        if (!read) {
            return configError(tr("unable to read client-cert %1 for %2 due to %3")
                                   .arg(user.clientCertificateFile, user.name, read.error().message),
                               user.clientCertificateFile);
        }
        certPem = read.value();
    }
    SharedSecret keyPem = user.clientKeyData;
    if (!user.clientKeyFile.isEmpty()) {
        auto read = readSmallFile(user.clientKeyFile);
        if (!read) {
            return configError(tr("unable to read client-key %1 for %2 due to %3")
                                   .arg(user.clientKeyFile, user.name, read.error().message),
                               user.clientKeyFile);
        }
        keyPem = secretFrom(read.value());
    }
    const QString certSource = user.clientCertificateFile.isEmpty() ? user.origin : user.clientCertificateFile;
    const QString keySource = user.clientKeyFile.isEmpty() ? user.origin : user.clientKeyFile;
    auto certBundle = certs::parseCertificateData(certPem, nullptr, certSource);
    if (!certBundle || certBundle->certificates.isEmpty()) {
        return configError(tr("The client certificate of user \"%1\" is not a PEM certificate.").arg(user.name),
                           certSource, certBundle ? QString() : certBundle.error().message);
    }
    // Parsed in place: no copy of the key bytes outside SecretBytes.
    const QByteArray keyView = QByteArray::fromRawData(keyPem->data(), keyPem->size());
    auto keyBundle = certs::parseCertificateData(keyView, nullptr, keySource);
    if (!keyBundle || keyBundle->keys.isEmpty()) {
        return configError(
            tr("The client key of user \"%1\" is not a PEM private key (PKCS#1, SEC1 or PKCS#8).").arg(user.name),
            keySource, keyBundle ? QString() : keyBundle.error().message);
    }
    if (!certBundle->certificates.front().matchesKey(keyBundle->keys.front())) {
        return configError(
            tr("The client key of user \"%1\" does not belong to its client certificate.").arg(user.name), keySource);
    }
    c.clientCertificatePem = certPem;
    c.clientKeyPem = keyPem;
    return Ok{};
}

Status resolveUser(KubeConnection &c, const KubeUser &user)
{
    if (!user.authProvider.isEmpty()) {
        if (user.exec)
            return configError(
                tr("authProvider cannot be provided in combination with an exec plugin for %1").arg(user.name),
                user.origin);
        return configError(
            tr("User \"%1\" uses the auth-provider \"%2\", which kubectl no longer supports; use an exec "
               "credential plugin instead (for example gke-gcloud-auth-plugin or kubelogin).")
                .arg(user.name, user.authProvider),
            user.origin);
    }
    QStringList methods;
    if (user.hasToken())
        methods << QStringLiteral("token");
    if (user.hasBasicAuth())
        methods << QStringLiteral("basicAuth");
    if (methods.size() > 1) {
        return configError(tr("more than one authentication method found for %1; found [%2], only one is allowed")
                               .arg(user.name, methods.join(QLatin1Char(' '))),
                           user.origin);
    }
    if (user.hasClientCertificate()) {
        if (Status s = resolveClientCertificate(c, user); !s)
            return s;
    } else if (user.hasClientKey()) {
        c.warnings << tr("User \"%1\" has a client key but no client certificate: the key is not used.").arg(user.name);
    }
    c.bearerToken = user.token;
    if (!user.tokenFile.isEmpty()) {
        auto read = readSmallFile(user.tokenFile);
        if (!read) {
            return configError(
                tr("unable to read tokenFile %1 for %2 due to %3").arg(user.tokenFile, user.name, read.error().message),
                user.tokenFile);
        }
        QByteArray &bytes = read.value();
        // client-go trims the file's white space.
        qsizetype begin = 0;
        qsizetype end = bytes.size();
        while (begin < end && QChar::isSpace(uchar(bytes[begin])))
            ++begin;
        while (end > begin && QChar::isSpace(uchar(bytes[end - 1])))
            --end;
        c.bearerToken = std::make_shared<const certs::SecretBytes>(bytes.constData() + begin, std::size_t(end - begin));
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
        c.tokenFile = user.tokenFile;
    }
    if (user.hasBasicAuth()) {
        c.warnings << tr("User \"%1\" uses basic authentication, which current clusters do not accept.").arg(user.name);
    }
    if (user.exec) {
        const KubeExecConfig &e = *user.exec;
        if (e.apiVersion != QLatin1String(KubeExecConfig::v1) &&
            e.apiVersion != QLatin1String(KubeExecConfig::v1beta1)) {
            return configError(tr("exec plugin: invalid apiVersion \"%1\" for user \"%2\" (%3 or %4 are supported)")
                                   .arg(e.apiVersion, user.name, QLatin1String(KubeExecConfig::v1),
                                        QLatin1String(KubeExecConfig::v1beta1)),
                               user.origin);
        }
        if (e.command.isEmpty())
            return configError(tr("command must be specified for %1 to use exec authentication plugin").arg(user.name),
                               user.origin);
        for (const auto &v : e.env)
            if (v.first.isEmpty())
                return configError(
                    tr("env variable name must be specified for %1 to use exec authentication plugin").arg(user.name),
                    user.origin);
        c.exec = e;
    }
    return Ok{};
}

}  // namespace

Result<KubeConnection> KubeConnection::resolve(const Kubeconfig &config, const QString &contextName,
                                               const QString &namespaceOverride)
{
    KubeConnection c;
    c.contextName = contextName.isEmpty() ? config.currentContext() : contextName;
    if (c.contextName.isEmpty()) {
        if (config.isEmpty())
            return configError(tr("No kubeconfig found: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config."));
        return configError(tr("No context chosen: the kubeconfig sets no current-context; pass --context."),
                           config.files().value(0));
    }
    const KubeContext *context = config.context(c.contextName);
    if (!context)
        return configError(tr("context was not found for specified context: %1").arg(c.contextName),
                           config.files().value(0));
    c.clusterName = context->cluster;
    c.userName = context->user;
    const KubeCluster *cluster = config.cluster(context->cluster);
    if (!cluster)
        return configError(tr("cluster \"%1\" was not found for context \"%2\"").arg(context->cluster, c.contextName),
                           context->origin);
    if (Status s = resolveCluster(c, *cluster); !s)
        return s.error();
    if (!context->user.isEmpty()) {
        const KubeUser *user = config.user(context->user);
        if (!user)
            return configError(tr("user \"%1\" was not found for context \"%2\"").arg(context->user, c.contextName),
                               context->origin);
        if (Status s = resolveUser(c, *user); !s)
            return s.error();
    }
    c.namespaceName = !namespaceOverride.isEmpty()        ? namespaceOverride
                      : !context->namespaceName.isEmpty() ? context->namespaceName
                                                          : QStringLiteral("default");
    return c;
}

QString KubeConnection::describe() const
{
    QString auth;
    if (!clientCertificatePem.isEmpty())
        auth = QStringLiteral("client certificate");
    if (bearerToken && !bearerToken->isEmpty())
        auth += (auth.isEmpty() ? QString() : QStringLiteral(" + ")) + QStringLiteral("token");
    if (exec)
        auth += (auth.isEmpty() ? QString() : QStringLiteral(" + ")) + QStringLiteral("exec plugin ") + exec->command;
    if (auth.isEmpty())
        auth = QStringLiteral("no credentials");
    return QStringLiteral("context %1 (cluster %2 at %3, user %4: %5), namespace %6")
        .arg(contextName, clusterName, server, userName.isEmpty() ? QStringLiteral("-") : userName, auth,
             namespaceName);
}

}  // namespace workbench::models::kube
