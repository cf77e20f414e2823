// SPDX-License-Identifier: Apache-2.0
#include "jobs/steprecord.h"

namespace workbench::engine::jobs {

QString stepStateName(StepState state)
{
    switch (state) {
    case StepState::Pending:
        return QStringLiteral("pending");
    case StepState::Running:
        return QStringLiteral("running");
    case StepState::Succeeded:
        return QStringLiteral("succeeded");
    case StepState::Failed:
        return QStringLiteral("failed");
    case StepState::Cancelled:
        return QStringLiteral("cancelled");
    case StepState::Skipped:
        return QStringLiteral("skipped");
    }
    return QStringLiteral("failed");
}

StepState stepStateFromString(const QString &text)
{
    for (StepState s : {StepState::Pending, StepState::Running, StepState::Succeeded, StepState::Failed,
                        StepState::Cancelled, StepState::Skipped})
        if (stepStateName(s) == text)
            return s;
    return StepState::Failed;
}

}  // namespace workbench::engine::jobs
