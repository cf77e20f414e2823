// SPDX-License-Identifier: Apache-2.0
#include "common/plannedarea.h"

namespace workbench::ui {

WorkbenchArea *createLogsArea(engine::ProjectSession *session, QWidget *parent)
{
    return new PlannedArea(
        AreaId::Logs, session,
        QStringLiteral("Live logs of the release's pods, found by label, merged across pods and containers."),
        {QStringLiteral("Per-pod colours, follow, since/tail, reconnect that resumes without gaps or duplicates"),
         QStringLiteral("Search, regex filter, highlighting of SCONE attestation and CAS errors"),
         QStringLiteral("Millions of lines in memory, older lines spilled to disk, save")},
        parent);
}

}  // namespace workbench::ui
