// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "jobs/logchunk.h"
#include "process/processresult.h"
#include "process/processspec.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace workbench::engine::process {

namespace detail {
class ProcessIo;
struct OutputBatch;
}  // namespace detail

/// The one way the workbench runs an external program (see ProcessSpec and detail/spawn.h for
/// the process tree and how it is stopped). Output is split into lines on bytes, tagged
/// stdout/stderr, timestamped and delivered to the output handler in batches (at most every
/// ProcessSpec::batchIntervalMs), '\r' progress as progress(). A dedicated thread does the I/O,
/// so a program printing millions of lines never loads the owner's thread.
///
/// The Process lives on its owner's thread; signals and the output handler run there.
/// cancel() and kill() are thread-safe.
class Process : public QObject
{
    Q_OBJECT
public:
    explicit Process(QObject *parent = nullptr);
    /// Running: stops the tree (SIGTERM, SIGKILL after the grace period) and waits for it,
    /// at most the grace period plus 2 s. No signal is emitted from here.
    ~Process() override;

    /// Receives each batch of lines (LogChunk) on the owner's thread. Without one, lines are
    /// dropped (the result still has the stderr tail and, if asked for, stdout's bytes).
    void setOutputHandler(std::function<void(jobs::LogChunk)> handler) { m_outputHandler = std::move(handler); }

    /// Locates the program (ToolLocator) and starts it. Every outcome, including a missing
    /// tool ("process.not_found") or a failed exec ("process.start"), arrives as finished(),
    /// never synchronously from here. A Process runs one program once.
    void start(ProcessSpec spec);
    /// SIGTERM to the whole tree, SIGKILL after the grace period.
    void cancel();
    /// SIGKILL to the whole tree now.
    void kill();

    bool isRunning() const { return m_running; }
    /// The program's pid once started() was emitted; 0 before.
    qint64 pid() const { return m_pid; }
    /// Redacted display form ("helm upgrade --password=*** ...").
    QString commandLine() const { return m_commandLine; }
    const std::optional<Result<ProcessResult>> &result() const { return m_result; }

Q_SIGNALS:
    void started(qint64 pid);
    /// The latest '\r'-rewritten line; fraction in [0, 1] when it contains "NN%", else -1.
    void progress(const QString &text, double fraction);
    /// Exactly once per start(). A program that ran and exited non-zero is still a
    /// ProcessResult (see exitCode); an Error means it could not run.
    void finished(const workbench::Result<workbench::engine::process::ProcessResult> &result);

private:
    void onOutput(detail::OutputBatch batch);
    void onFinished(Result<ProcessResult> result);

    std::unique_ptr<detail::ProcessIo> m_io;
    std::function<void(jobs::LogChunk)> m_outputHandler;
    std::optional<Result<ProcessResult>> m_result;
    QString m_commandLine;
    qint64 m_pid = 0;
    bool m_running = false;
    bool m_started = false;
};

}  // namespace workbench::engine::process
