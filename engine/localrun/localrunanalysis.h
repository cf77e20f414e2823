// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"

namespace workbench::models::policy {
struct ResolvedSettings;
}

namespace workbench::engine::localrun {

/// The image repository a local run's sessions name when APP_IMAGE_REPO is not set: no image is
/// built or pulled on this machine, the sessions only need a name to match their services.
QString localRunImageRepo();

/// The local run's one settings rule, for `run` and the window alike: an unset APP_IMAGE_REPO
/// is localRunImageRepo(). True when it was unset.
bool applyLocalRunSettings(models::policy::ResolvedSettings &settings);

/// The analysis a local run of @p snapshot plans from: @p snapshot itself, or, when its settings
/// leave APP_IMAGE_REPO unset, the same project state (the same parsed files, none parsed again)
/// analysed with applyLocalRunSettings(). Pure; on the calling thread.
AnalysisSnapshotPtr localRunAnalysis(const AnalysisSnapshotPtr &snapshot);

}  // namespace workbench::engine::localrun
