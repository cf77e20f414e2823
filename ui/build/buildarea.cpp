// SPDX-License-Identifier: Apache-2.0
#include "build/localrunpanel.h"
#include "common/plannedarea.h"

#include <QBoxLayout>
#include <QScrollArea>

namespace workbench::ui {

WorkbenchArea *createBuildArea(engine::ProjectSession *session, QWidget *parent)
{
    auto *area = new PlannedArea(
        AreaId::Build, session,
        QStringLiteral("The pipeline: image builds, CAS uploads and helm deploys in a background engine, one click "
                       "for all of it."),
        {QStringLiteral("sconectl apply, or buildah/podman/docker builds for quick local iterations"),
         QStringLiteral("Policy upload through sconectl or the CAS REST API with mutual TLS"),
         QStringLiteral("Namespace, pull secret and helm install/upgrade"),
         QStringLiteral("Per-step logs, progress, cancel that really stops, history with timings")},
        parent);
    // Until the real Build & Deploy area lands: the Run locally panel below the plan, in a scroll
    // area so that it does not raise the window's minimum size.
    if (auto *layout = qobject_cast<QBoxLayout *>(area->layout())) {
        if (layout->count() > 0 && layout->itemAt(layout->count() - 1)->spacerItem())
            delete layout->takeAt(layout->count() - 1);
        auto *scroll = new QScrollArea(area);
        scroll->setObjectName(QStringLiteral("localRunScroll"));
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(new LocalRunPanel(session, scroll));
        layout->addWidget(scroll, 1);
    }
    return area;
}

}  // namespace workbench::ui
