// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatesarea.h"

namespace workbench::ui {

WorkbenchArea *createCertificatesArea(engine::ProjectWorkspace *workspace, QWidget *parent)
{
    return new CertificatesArea(workspace, parent);
}

}  // namespace workbench::ui
