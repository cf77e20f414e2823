// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/secretbytes.h"
#include "kube/kubeexecconfig.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace workbench::models::kube {

using SharedSecret = std::shared_ptr<const certs::SecretBytes>;

/// A kubeconfig "users" entry (client-go's AuthInfo). Keys, tokens and passwords are held as
/// SecretBytes (scrubbed when the last copy goes) and never appear in describe().
struct KubeUser {
    QString name;
    QString clientCertificateFile;
    QByteArray clientCertificateData;  ///< decoded PEM (a certificate is not secret)
    QString clientKeyFile;
    SharedSecret clientKeyData;  ///< decoded PEM
    SharedSecret token;
    QString tokenFile;
    QString username;
    SharedSecret password;
    std::optional<KubeExecConfig> exec;
    /// A legacy auth-provider (gcp, azure, oidc) is named: not supported, shown as an error.
    QString authProvider;
    QString origin;

    bool hasClientCertificate() const { return !clientCertificateFile.isEmpty() || !clientCertificateData.isEmpty(); }
    bool hasClientKey() const { return !clientKeyFile.isEmpty() || (clientKeyData && !clientKeyData->isEmpty()); }
    bool hasToken() const { return (token && !token->isEmpty()) || !tokenFile.isEmpty(); }
    bool hasBasicAuth() const { return !username.isEmpty() || (password && !password->isEmpty()); }

    /// "client certificate (file /x/y.crt), token (file ...)" and the like, without secrets.
    QString describe() const;
};

}  // namespace workbench::models::kube
