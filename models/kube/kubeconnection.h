// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubecluster.h"
#include "kube/kubeconfig.h"
#include "kube/kubeuser.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::kube {

/// Everything a client needs to talk to one API server, resolved from a kubeconfig context:
/// files read, PEM checked, the key matched to its certificate. Secrets stay in SecretBytes.
struct KubeConnection {
    QString contextName;
    QString clusterName;
    QString userName;
    QString server;
    QString namespaceName;  ///< -n, else the context's, else "default"

    QByteArray certificateAuthorityPem;  ///< empty: the system's trusted CAs
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;

    QByteArray clientCertificatePem;
    SharedSecret clientKeyPem;
    /// The bearer token: tokenFile's content when it is readable (re-read by the client as
    /// kubectl does), else the token.
    SharedSecret bearerToken;
    QString tokenFile;
    std::optional<KubeExecConfig> exec;
    /// The cluster entry, for an exec plugin's KUBERNETES_EXEC_INFO.
    KubeCluster cluster;

    /// Things the user should see ("insecure-skip-tls-verify is set: the server is not
    /// checked").
    QStringList warnings;

    /// Resolves @p contextName (empty: the current context) of @p config. Errors (code
    /// "kube.config", message as kubectl words it where it has one): no context chosen, context
    /// / cluster / user not found, no server, both a file and data given for the CA or the
    /// client certificate or key, a certificate without key, several authentication methods,
    /// CA together with insecure-skip-tls-verify, unreadable or malformed files, a key that
    /// does not belong to its certificate, an exec plugin of an unknown API version or without
    /// command, a legacy auth-provider.
    static Result<KubeConnection> resolve(const Kubeconfig &config, const QString &contextName = {},
                                          const QString &namespaceOverride = {});

    /// "context CONTEXT (cluster CLUSTER at SERVER, user USER: client certificate)" without secrets.
    QString describe() const;
};

}  // namespace workbench::models::kube
