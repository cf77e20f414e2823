// SPDX-License-Identifier: Apache-2.0
#include "common/plannedarea.h"

namespace workbench::ui {

WorkbenchArea *createBuildArea(engine::ProjectSession *session, QWidget *parent)
{
    return new PlannedArea(
        AreaId::Build, session,
        QStringLiteral("The pipeline: image builds, CAS uploads and helm deploys in a background engine, one click "
                       "for all of it."),
        {QStringLiteral("sconectl apply, or buildah/podman/docker builds for quick local iterations"),
         QStringLiteral("Policy upload through sconectl or the CAS REST API with mutual TLS"),
         QStringLiteral("Namespace, pull secret and helm install/upgrade"),
         QStringLiteral("Per-step logs, progress, cancel that really stops, history with timings")},
        parent);
}

}  // namespace workbench::ui
