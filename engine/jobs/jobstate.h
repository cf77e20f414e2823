// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace workbench::engine::jobs {

/// Life of a job: Queued -> Running -> one of the three final states. A queued job can go
/// straight to Cancelled (or Failed, when a job it depends on failed).
enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };

inline bool isFinal(JobState s)
{
    return s == JobState::Succeeded || s == JobState::Failed || s == JobState::Cancelled;
}

/// "queued", "running", "succeeded", "failed", "cancelled" (stable: used in the history files).
QString jobStateName(JobState state);
/// Inverse of toString(); Failed for unknown text.
JobState jobStateFromString(const QString &text);

}  // namespace workbench::engine::jobs
