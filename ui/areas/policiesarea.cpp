// SPDX-License-Identifier: Apache-2.0
#include "areas/workbencharea.h"
#include "policies/policypreviewarea.h"

namespace workbench::ui {

WorkbenchArea *createPoliciesArea(engine::ProjectWorkspace *workspace, QWidget *parent)
{
    return new PolicyPreviewArea(workspace, parent);
}

}  // namespace workbench::ui
