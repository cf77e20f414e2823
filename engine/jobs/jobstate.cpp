// SPDX-License-Identifier: Apache-2.0
#include "jobs/jobstate.h"

namespace workbench::engine::jobs {

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("queued");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Succeeded:
        return QStringLiteral("succeeded");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

JobState jobStateFromString(const QString &text)
{
    for (JobState s : {JobState::Queued, JobState::Running, JobState::Succeeded, JobState::Failed, JobState::Cancelled})
        if (jobStateName(s) == text)
            return s;
    return JobState::Failed;
}

}  // namespace workbench::engine::jobs
