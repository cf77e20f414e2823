// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "jobs/jobstate.h"
#include "jobs/steprecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine::jobs {

class Job;

/// A finished run as kept in the history: what ran, when, how it ended, each step, and the
/// end of its log.
struct RunRecord {
    QString id;  ///< unique (a UUID without braces)
    QString title;
    JobState state = JobState::Succeeded;
    QDateTime startedAt;   ///< UTC
    QDateTime finishedAt;  ///< UTC
    qint64 durationMs = 0;
    std::optional<Error> error;
    QList<StepRecord> steps;  ///< empty for a job that is not a pipeline
    QString log;              ///< JobLog::toText() of the newest lines, capped

    /// Snapshot of a finished job (a PipelineJob's steps included); the log keeps at most
    /// @p maxLogBytes of the newest lines.
    static RunRecord fromJob(const Job &job, qint64 maxLogBytes);

    QJsonObject toJson() const;
    static Result<RunRecord> fromJson(const QJsonObject &json);
};

}  // namespace workbench::engine::jobs
