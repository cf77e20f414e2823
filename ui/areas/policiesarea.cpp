// SPDX-License-Identifier: Apache-2.0
#include "areas/plannedarea.h"

namespace workbench::ui {

WorkbenchArea *createPoliciesArea(engine::ProjectWorkspace *workspace, QWidget *parent)
{
    return new PlannedArea(
        AreaId::Policies, workspace,
        QStringLiteral("The CAS sessions (policies) that the mesh will produce, rendered live from the manifests "
                       "and the deployment settings, before anything leaves the machine."),
        {QStringLiteral("One session per mesh service plus the namespace session, with every $VAR and {{var}} resolved"),
         QStringLiteral("Graph of sessions and the secrets they export and import"),
         QStringLiteral("Diff against the active or last uploaded session, flagging relaxed attestation"),
         QStringLiteral("The helm chart that will be installed")},
        parent);
}

} // namespace workbench::ui
