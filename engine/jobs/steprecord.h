// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine::jobs {

enum class StepState { Pending, Running, Succeeded, Failed, Cancelled, Skipped };

/// "pending", "running", "succeeded", "failed", "cancelled", "skipped" (stable: history files).
QString stepStateName(StepState state);
StepState stepStateFromString(const QString &text);

/// What happened to one pipeline step in one run.
struct StepRecord {
    QString name;
    StepState state = StepState::Pending;
    int attempts = 0;             ///< tries started
    QDateTime startedAt;          ///< first try (UTC)
    QDateTime finishedAt;         ///< (UTC)
    std::optional<Error> error;   ///< of the last try, when it failed or was cancelled
    QList<qint64> retryDelaysMs;  ///< the wait before each retry, in order

    qint64 durationMs() const
    {
        return startedAt.isValid() && finishedAt.isValid() ? startedAt.msecsTo(finishedAt) : 0;
    }
};

}  // namespace workbench::engine::jobs
