// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeuser.h"

#include <QStringList>

namespace workbench::models::kube {

QString KubeUser::describe() const
{
    QStringList parts;
    if (hasClientCertificate()) {
        parts << (clientCertificateFile.isEmpty()
                      ? QStringLiteral("client certificate (embedded)")
                      : QStringLiteral("client certificate (file %1)").arg(clientCertificateFile));
    }
    if (!tokenFile.isEmpty())
        parts << QStringLiteral("token (file %1)").arg(tokenFile);
    else if (token && !token->isEmpty())
        parts << QStringLiteral("token (embedded)");
    if (hasBasicAuth())
        parts << QStringLiteral("basic authentication (user %1)").arg(username);
    if (exec)
        parts << QStringLiteral("exec plugin %1 (%2)").arg(exec->command, exec->apiVersion);
    if (!authProvider.isEmpty())
        parts << QStringLiteral("auth-provider %1").arg(authProvider);
    if (parts.isEmpty())
        return QStringLiteral("no credentials");
    return parts.join(QStringLiteral(", "));
}

}  // namespace workbench::models::kube
