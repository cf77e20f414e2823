// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace workbench::models::kube {

/// A kubeconfig "clusters" entry.
struct KubeCluster {
    QString name;
    QString server;
    /// certificate-authority (a path, made absolute against the file it was read from).
    QString certificateAuthorityFile;
    /// certificate-authority-data, decoded (PEM).
    QByteArray certificateAuthorityData;
    /// Honoured, but the connection is shown with a warning: nothing checks the server.
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;
    /// The kubeconfig file the entry came from.
    QString origin;
};

}  // namespace workbench::models::kube
