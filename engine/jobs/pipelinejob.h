// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"
#include "jobs/pipelinecontext.h"
#include "jobs/pipelinerecipe.h"
#include "jobs/steprecord.h"

#include <QList>
#include <QPointer>

#include <vector>

class QTimer;

namespace workbench::engine::jobs {

/// Runs a PipelineRecipe as one job: one cancel for everything, one progress, one log (each
/// line tagged with its step: LogEntry::source = 1 + step index), one outcome.
///
/// - A step's try that fails is retried by its RetryPolicy (after the backoff); a try that
///   exceeds the step's timeout is cancelled and counts as a failure ("job.timeout").
/// - When a step has failed for good the rest stops (parallel siblings are cancelled) and the
///   pipeline fails with that step's error: same code, message "Step "NAME" failed: ...",
///   ErrorContext::step = NAME, the step's error as the cause.
/// - cancel() cancels the running steps and any waiting retry; the pipeline ends Cancelled.
/// - setStartFrom(NAME) skips every step declared before NAME (state Skipped), for "retry
///   from here"; values such a skipped step would have produced go in setInitialValues().
///
/// A recipe with duplicate step names, or an unknown start step, fails at start with
/// "pipeline.invalid" before anything runs. Step jobs are children of the pipeline and are
/// deleted after their try; their output is copied into the pipeline's log as it arrives.
class PipelineJob : public Job
{
    Q_OBJECT
public:
    PipelineJob(QString title, PipelineRecipe recipe, QObject *parent = nullptr);
    ~PipelineJob() override;

    void setStartFrom(const QString &stepName) { m_startFrom = stepName; }
    QString startFrom() const { return m_startFrom; }
    void setInitialValues(const QVariantHash &values) { m_context.values = values; }
    /// Values the steps stored (PipelineContext::values).
    const QVariantHash &values() const { return m_context.values; }

    /// One record per step, in declaration order.
    const QList<StepRecord> &steps() const { return m_records; }
    /// The job of a step's current try (null when the step is not running).
    Job *stepJob(int index) const;

Q_SIGNALS:
    void stepChanged(int index);

protected:
    void run() override;
    void onCancelRequested() override;

private:
    struct Node {
        PipelineRecipe::Kind kind = PipelineRecipe::Kind::Step;
        int parent = -1;
        std::vector<int> children;
        int maxParallel = 0;
        int step = -1;  ///< Kind::Step: index in m_steps / m_records
        // runtime
        bool started = false;
        bool done = false;
        int next = 0;     ///< next child to start
        int running = 0;  ///< children started and not done
        std::optional<Error> failure;
    };
    struct StepRun {
        const PipelineStep *def = nullptr;
        int node = -1;
        QPointer<Job> job;
        QTimer *timeout = nullptr;
        QTimer *backoff = nullptr;
        bool timedOut = false;
        bool skipped = false;
    };

    int build(const PipelineRecipe &recipe, int parent);
    void startNode(int node);
    void advance(int node);
    void childDone(int node, const Status &status);
    void completeNode(int node, const Status &status);
    void cancelSubtree(int node);
    void startAttempt(int step);
    void attemptFinished(int step);
    void attemptFailed(int step, Error error);
    void stepDone(int step, const Status &status);
    void setStepState(int step, StepState state);
    void copyOutput(int step, qint64 first, qint64 count);
    void updateProgress();

    PipelineRecipe m_recipe;
    QString m_startFrom;
    PipelineContext m_context;
    std::vector<Node> m_nodes;
    std::vector<StepRun> m_steps;
    QList<StepRecord> m_records;
    bool m_cancelling = false;
};

}  // namespace workbench::engine::jobs
