// SPDX-License-Identifier: Apache-2.0
#include "jobs/pipelinejob.h"

#include "core/errorcodes.h"
#include "core/logging.h"

#include <QSet>
#include <QTimer>

namespace workbench::engine::jobs {

namespace {
// A step's own log is only a staging area: its lines are copied into the pipeline's log as
// they arrive. It must hold one whole delivery (a process output batch is at most ~5 MiB),
// since lines its cap drops before the copy would be lost.
constexpr qint64 StepLogCapBytes = 8 * 1024 * 1024;

QString seconds(qint64 ms)
{
    return ms < 10000 ? QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s")
                      : QString::number((ms + 500) / 1000) + QStringLiteral(" s");
}
}  // namespace

PipelineJob::PipelineJob(QString title, PipelineRecipe recipe, QObject *parent)
    : Job(std::move(title), parent)
    , m_recipe(std::move(recipe))
{}

PipelineJob::~PipelineJob()
{
    // Stop and delete the running steps while this object is still a PipelineJob; their
    // destructors stop their work (bounded).
    for (StepRun &r : m_steps) {
        if (Job *job = r.job.data()) {
            disconnect(job, nullptr, this, nullptr);
            job->cancel();
            delete job;
        }
    }
}

Job *PipelineJob::stepJob(int index) const
{
    if (index < 0 || index >= int(m_steps.size()))
        return nullptr;
    return m_steps[std::size_t(index)].job.data();
}

int PipelineJob::build(const PipelineRecipe &recipe, int parent)
{
    const int index = int(m_nodes.size());
    m_nodes.push_back(Node{});
    m_nodes.back().kind = recipe.kind();
    m_nodes.back().parent = parent;
    m_nodes.back().maxParallel = recipe.maxParallel();
    if (recipe.kind() == PipelineRecipe::Kind::Step) {
        StepRun run;
        run.def = &recipe.step();
        run.node = index;
        m_nodes.back().step = int(m_steps.size());
        m_steps.push_back(run);
        StepRecord rec;
        rec.name = recipe.step().name();
        m_records.append(rec);
        return index;
    }
    for (const PipelineRecipe &child : recipe.children()) {
        const int c = build(child, index);
        m_nodes[std::size_t(index)].children.push_back(c);
    }
    return index;
}

void PipelineJob::run()
{
    m_nodes.clear();
    m_steps.clear();
    m_records.clear();
    build(m_recipe, -1);

    QSet<QString> names;
    for (const StepRecord &r : std::as_const(m_records)) {
        if (r.name.isEmpty() || names.contains(r.name)) {
            reportFailed(makeError(QString(errc::invalidPipeline),
                                   r.name.isEmpty()
                                       ? QStringLiteral("A pipeline step has no name.")
                                       : QStringLiteral("Two pipeline steps are named \"%1\".").arg(r.name)));
            return;
        }
        names.insert(r.name);
    }
    if (!m_startFrom.isEmpty()) {
        int from = -1;
        for (int i = 0; i < m_records.size(); ++i)
            if (m_records.at(i).name == m_startFrom)
                from = i;
        if (from < 0) {
            reportFailed(makeError(QString(errc::invalidPipeline),
                                   QStringLiteral("The pipeline has no step \"%1\" to start from.").arg(m_startFrom)));
            return;
        }
        for (int i = 0; i < from; ++i) {
            m_steps[std::size_t(i)].skipped = true;
            m_records[i].state = StepState::Skipped;
        }
        appendLog(LogChannel::Info,
                  QStringLiteral("Starting from step \"%1\"; %2 earlier step(s) skipped.").arg(m_startFrom).arg(from));
    }
    m_context.token = token();
    updateProgress();
    startNode(0);
}

void PipelineJob::startNode(int n)
{
    Node &node = m_nodes[std::size_t(n)];
    node.started = true;
    if (node.kind == PipelineRecipe::Kind::Step) {
        if (m_steps[std::size_t(node.step)].skipped) {
            completeNode(n, Ok{});
            return;
        }
        startAttempt(node.step);
        return;
    }
    advance(n);
}

void PipelineJob::advance(int n)
{
    Node &g = m_nodes[std::size_t(n)];
    if (g.done)
        return;
    const int size = int(g.children.size());
    if (g.kind == PipelineRecipe::Kind::Sequence) {
        if (g.running > 0)
            return;
        if (g.failure) {
            completeNode(n, *g.failure);
            return;
        }
        if (m_cancelling) {
            completeNode(n, Error::cancelled());
            return;
        }
        if (g.next >= size) {
            completeNode(n, Ok{});
            return;
        }
        const int c = g.children[std::size_t(g.next++)];
        ++g.running;
        startNode(c);
        return;
    }
    // Parallel.
    while (!g.failure && !m_cancelling && g.next < size && (g.maxParallel == 0 || g.running < g.maxParallel)) {
        const int c = g.children[std::size_t(g.next++)];
        ++g.running;
        startNode(c);
        if (g.done)
            return;
    }
    if (g.running == 0 && !g.done && (g.failure || m_cancelling || g.next >= size)) {
        if (g.failure)
            completeNode(n, *g.failure);
        else if (m_cancelling)
            completeNode(n, Error::cancelled());
        else
            completeNode(n, Ok{});
    }
}

void PipelineJob::childDone(int n, const Status &status)
{
    Node &g = m_nodes[std::size_t(n)];
    --g.running;
    if (!status.ok() && !g.failure) {
        // The first failure wins; siblings cancelled because of it end "cancelled" afterwards.
        g.failure = status.error();
        if (g.kind == PipelineRecipe::Kind::Parallel)
            for (int c : g.children)
                cancelSubtree(c);
    }
    advance(n);
}

void PipelineJob::completeNode(int n, const Status &status)
{
    Node &node = m_nodes[std::size_t(n)];
    if (node.done)
        return;
    node.done = true;
    if (node.parent >= 0) {
        childDone(node.parent, status);
        return;
    }
    updateProgress();
    if (status.ok())
        reportSucceeded();
    else
        reportFailed(status.error());
}

void PipelineJob::cancelSubtree(int n)
{
    const Node &node = m_nodes[std::size_t(n)];
    if (!node.started || node.done)
        return;
    if (node.kind != PipelineRecipe::Kind::Step) {
        for (int c : node.children)
            cancelSubtree(c);
        return;
    }
    StepRun &r = m_steps[std::size_t(node.step)];
    if (Job *job = r.job.data()) {
        job->cancel();
    } else if (r.backoff) {
        // Waiting to retry: no job to cancel. Ends asynchronously, like a job would.
        r.backoff->stop();
        r.backoff->deleteLater();
        r.backoff = nullptr;
        const int s = node.step;
        QMetaObject::invokeMethod(
            this, [this, s] { stepDone(s, Error::cancelled()); }, Qt::QueuedConnection);
    }
}

void PipelineJob::onCancelRequested()
{
    if (m_cancelling)
        return;
    m_cancelling = true;
    appendLog(LogChannel::Info, QStringLiteral("Cancelling."));
    if (!m_nodes.empty())
        cancelSubtree(0);
}

void PipelineJob::startAttempt(int s)
{
    StepRun &r = m_steps[std::size_t(s)];
    StepRecord &rec = m_records[s];
    if (m_cancelling) {
        stepDone(s, Error::cancelled());
        return;
    }
    ++rec.attempts;
    if (!rec.startedAt.isValid())
        rec.startedAt = QDateTime::currentDateTimeUtc();
    setStepState(s, StepState::Running);
    const int attempts = std::max(1, r.def->retryPolicy().attempts);
    appendLog(LogChannel::Info,
              rec.attempts > 1
                  ? QStringLiteral("Step \"%1\": try %2 of %3.").arg(rec.name).arg(rec.attempts).arg(attempts)
                  : QStringLiteral("Step \"%1\" started.").arg(rec.name));

    m_context.step = rec.name;
    m_context.attempt = rec.attempts;
    Result<std::unique_ptr<Job>> made = r.def->factory()(m_context);
    if (!made.ok()) {
        attemptFailed(s, made.error());
        return;
    }
    Job *job = std::move(made).value().release();
    job->setParent(this);
    job->log().setCapBytes(StepLogCapBytes);
    job->linkCancellation(token());
    r.job = job;
    r.timedOut = false;
    connect(job, &Job::outputAppended, this, [this, s](qint64 first, qint64 count) { copyOutput(s, first, count); });
    connect(job, &Job::progressChanged, this, [this] { updateProgress(); });
    // Queued: a try that ends inside start() or cancel() never re-enters the scheduler.
    connect(
        job, &Job::finished, this, [this, s] { attemptFinished(s); }, Qt::QueuedConnection);
    const auto timeout = r.def->timeoutValue();
    if (timeout.count() > 0) {
        r.timeout = new QTimer(this);
        r.timeout->setSingleShot(true);
        r.timeout->setTimerType(Qt::PreciseTimer);
        connect(r.timeout, &QTimer::timeout, this, [this, s, timeout] {
            StepRun &run = m_steps[std::size_t(s)];
            if (!run.job)
                return;
            run.timedOut = true;
            appendLog(LogChannel::Info, QStringLiteral("Step \"%1\" timed out after %2; stopping it.")
                                            .arg(m_records[s].name, seconds(timeout.count())));
            run.job->cancel();
        });
        r.timeout->start(std::chrono::milliseconds(timeout));
    }
    job->start();
}

void PipelineJob::attemptFinished(int s)
{
    StepRun &r = m_steps[std::size_t(s)];
    Job *job = r.job.data();
    if (!job)
        return;
    if (r.timeout) {
        r.timeout->stop();
        r.timeout->deleteLater();
        r.timeout = nullptr;
    }
    const JobState state = job->state();
    const std::optional<Error> error = job->error();
    if (state == JobState::Succeeded && r.def->succeededHook())
        r.def->succeededHook()(*job, m_context);
    r.job = nullptr;
    disconnect(job, nullptr, this, nullptr);
    job->deleteLater();

    if (state == JobState::Succeeded) {
        stepDone(s, Ok{});
    } else if (state == JobState::Cancelled && r.timedOut && !m_cancelling) {
        const qint64 ms = r.def->timeoutValue().count();
        Error e = makeError(QString(errc::timeout), QStringLiteral("Timed out after %1.").arg(seconds(ms)));
        if (error)
            e.detail = error->message;
        attemptFailed(s, e);
    } else if (state == JobState::Cancelled) {
        stepDone(s, error ? Status(*error) : Status(Error::cancelled()));
    } else {
        attemptFailed(s, error ? *error : makeError(QStringLiteral("job.failed"), QStringLiteral("The step failed.")));
    }
}

void PipelineJob::attemptFailed(int s, Error error)
{
    StepRun &r = m_steps[std::size_t(s)];
    StepRecord &rec = m_records[s];
    rec.error = error;
    if (m_cancelling || error.isCancelled()) {
        stepDone(s, Error::cancelled());
        return;
    }
    const RetryPolicy &policy = r.def->retryPolicy();
    if (!policy.shouldRetry(rec.attempts, error)) {
        stepDone(s, error);
        return;
    }
    const auto delay = policy.delayBefore(rec.attempts + 1);
    rec.retryDelaysMs.append(delay.count());
    appendLog(LogChannel::Info, QStringLiteral("Step \"%1\" failed (try %2 of %3): %4 Retrying in %5.")
                                    .arg(rec.name)
                                    .arg(rec.attempts)
                                    .arg(policy.attempts)
                                    .arg(error.message, seconds(delay.count())));
    r.backoff = new QTimer(this);
    r.backoff->setSingleShot(true);
    r.backoff->setTimerType(Qt::PreciseTimer);
    connect(r.backoff, &QTimer::timeout, this, [this, s] {
        StepRun &run = m_steps[std::size_t(s)];
        if (run.backoff) {
            run.backoff->deleteLater();
            run.backoff = nullptr;
        }
        startAttempt(s);
    });
    r.backoff->start(delay);
    updateProgress();
}

void PipelineJob::stepDone(int s, const Status &status)
{
    StepRun &r = m_steps[std::size_t(s)];
    StepRecord &rec = m_records[s];
    if (rec.state == StepState::Succeeded || rec.state == StepState::Failed || rec.state == StepState::Cancelled)
        return;
    rec.finishedAt = QDateTime::currentDateTimeUtc();
    Status outcome = status;
    if (status.ok()) {
        rec.error.reset();
        setStepState(s, StepState::Succeeded);
        appendLog(LogChannel::Info,
                  QStringLiteral("Step \"%1\" succeeded (%2).").arg(rec.name, seconds(rec.durationMs())));
    } else if (status.error().isCancelled()) {
        rec.error = status.error();
        setStepState(s, StepState::Cancelled);
        appendLog(LogChannel::Info, QStringLiteral("Step \"%1\" cancelled.").arg(rec.name));
    } else {
        rec.error = status.error();
        setStepState(s, StepState::Failed);
        Error named = status.error();
        named.message = QStringLiteral("Step \"%1\" failed: %2").arg(rec.name, status.error().message);
        named.context.step = rec.name;
        named.cause = std::make_shared<const Error>(status.error());
        outcome = named;
        appendLog(LogChannel::Info, named.message);
    }
    completeNode(r.node, outcome);
}

void PipelineJob::setStepState(int s, StepState state)
{
    m_records[s].state = state;
    qCDebug(lcJobs) << "pipeline" << title() << "step" << m_records[s].name << stepStateName(state);
    updateProgress();
    Q_EMIT stepChanged(s);
}

void PipelineJob::copyOutput(int s, qint64 first, qint64 count)
{
    const Job *job = m_steps[std::size_t(s)].job.data();
    if (!job)
        return;
    appendLogChunk(job->log().copyLines(first, count, std::uint16_t(s + 1)));
}

void PipelineJob::updateProgress()
{
    int total = 0;
    double done = 0.0;
    QStringList running;
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        const StepRun &r = m_steps[i];
        const StepRecord &rec = m_records[int(i)];
        if (r.skipped)
            continue;
        ++total;
        if (rec.state == StepState::Succeeded) {
            done += 1.0;
        } else if (rec.state == StepState::Running) {
            if (r.backoff) {
                running << rec.name + QStringLiteral(": waiting to retry");
            } else if (const Job *job = r.job.data()) {
                const JobProgress p = job->progress();
                if (!p.isIndeterminate())
                    done += std::clamp(p.fraction, 0.0, 1.0);
                running << (p.step.isEmpty() ? rec.name : rec.name + QStringLiteral(": ") + p.step);
            } else {
                running << rec.name;
            }
        }
    }
    setProgress(total > 0 ? done / total : 1.0, running.join(QStringLiteral("; ")));
}

}  // namespace workbench::engine::jobs
