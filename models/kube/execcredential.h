// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubecluster.h"
#include "kube/kubeexecconfig.h"
#include "kube/kubeuser.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace workbench::models::kube {

/// What an exec credential plugin prints (client.authentication.k8s.io v1 / v1beta1
/// ExecCredential): a token, or a client certificate and key, valid until an optional
/// expirationTimestamp. Running the plugin is the engine's work; this is the pure part.
struct ExecCredential {
    SharedSecret token;
    QByteArray clientCertificatePem;
    SharedSecret clientKeyPem;
    /// Cache the credential until then; without it, until the server rejects it.
    std::optional<QDateTime> expiration;

    bool isExpiredAt(const QDateTime &now) const { return expiration && now >= *expiration; }

    /// Parses the plugin's standard output. Errors (code "kube.exec") as client-go words
    /// them: not an ExecCredential, a different apiVersion than configured, no status, neither
    /// token nor certificate and key, only one of certificate and key, a malformed
    /// expirationTimestamp.
    static Result<ExecCredential> parse(const QByteArray &output, const QString &expectedApiVersion);

    /// The KUBERNETES_EXEC_INFO value for the plugin's environment: an ExecCredential with
    /// spec.interactive, and spec.cluster when the config asks for provideClusterInfo (with
    /// @p certificateAuthorityPem, the CA as read from data or file).
    static QByteArray execInfo(const KubeExecConfig &config, const KubeCluster &cluster,
                               const QByteArray &certificateAuthorityPem, bool interactive);
};

}  // namespace workbench::models::kube
