// SPDX-License-Identifier: Apache-2.0
#include "areas/plannedarea.h"

namespace workbench::ui {

WorkbenchArea *createCertificatesArea(engine::ProjectWorkspace *workspace, QWidget *parent)
{
    return new PlannedArea(
        AreaId::Certificates, workspace,
        QStringLiteral("Every certificate the policies will generate, issued as a preview and verified, and an "
                       "inspector for certificate files and live TLS endpoints."),
        {QStringLiteral("Chain tree: CAs, leaves, key types, SANs, key usages, validity"),
         QStringLiteral("Verification with the reason for every problem, hostname checks for the names clients dial"),
         QStringLiteral("Open PEM, DER, PKCS#12; fetch the chain of host:port"),
         QStringLiteral("Export certificates, chains, encrypted keys, PKCS#12")},
        parent);
}

} // namespace workbench::ui
