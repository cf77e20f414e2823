// SPDX-License-Identifier: Apache-2.0
#include "localrun/localrunanalysis.h"

#include "analysis/projectanalyzer.h"
#include "policy/projectsettings.h"

namespace workbench::engine::localrun {

QString localRunImageRepo()
{
    return QStringLiteral("local-run.invalid/images");
}

bool applyLocalRunSettings(models::policy::ResolvedSettings &settings)
{
    if (!settings.values.appImageRepo.isEmpty())
        return false;
    settings.values.appImageRepo = localRunImageRepo();
    return true;
}

AnalysisSnapshotPtr localRunAnalysis(const AnalysisSnapshotPtr &snapshot)
{
    if (!snapshot || snapshot->projectDir.isEmpty())
        return snapshot;
    models::policy::ResolvedSettings settings = snapshot->settings;
    if (!applyLocalRunSettings(settings))
        return snapshot;
    AnalysisInput input;
    input.projectId = snapshot->projectId;
    input.generation = snapshot->generation;
    input.projectDir = snapshot->projectDir;
    input.base = snapshot->project;  // nothing is read or parsed again
    input.settings = std::move(settings);
    return std::make_shared<const AnalysisSnapshot>(analyzeProject(std::move(input)));
}

}  // namespace workbench::engine::localrun
