// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "jobs/logchunk.h"
#include "process/detail/spawn.h"
#include "process/processresult.h"

#include "certs/secretbytes.h"

#include <QByteArray>
#include <QList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

namespace workbench::engine {
class Mailbox;
}

namespace workbench::engine::process::detail {

/// One delivery of output to the owner.
struct OutputBatch {
    jobs::LogChunk lines;
    std::optional<QByteArray> progress;  ///< the latest '\r' progress text in this period
    qint64 bytes = 0;                    ///< accounted for back-pressure
};

/// What the I/O thread hands to its owner; each function runs on the owner's thread (posted
/// through the mailbox) and never after the owner is gone.
struct IoSink {
    std::function<void(qint64 pid)> started;
    std::function<void(OutputBatch batch)> output;
    std::function<void(Result<ProcessResult> result)> finished;
};

struct IoConfig {
    SpawnRequest spawn;
    std::optional<QByteArray> stdinData;
    std::shared_ptr<const models::certs::SecretBytes> secretStdin;
    int batchIntervalMs = 50;
    qint64 collectStdoutLimit = 0;
    int stderrTailLines = 20;
    qsizetype maxLineBytes = 1024 * 1024;
    QList<QByteArray> secrets;  ///< redacted from lines, progress and the stderr tail
    QString commandLine;        ///< display form, for the result
};

/// Runs one program on its own thread: spawns it (spawn.h), writes stdin, reads stdout and
/// stderr, splits lines, batches them on a timer, talks to the supervisor. Requests from the
/// owner (terminate, kill, stop, consumed) are thread-safe and wake the thread via an eventfd.
/// Back-pressure: when more than MaxInFlightBytes of output are delivered but not yet
/// consumed, the thread stops reading, the pipe fills and the program blocks on write.
class ProcessIo
{
public:
    static constexpr qint64 MaxInFlightBytes = 64 * 1024 * 1024;

    ProcessIo(IoConfig config, std::shared_ptr<Mailbox> mailbox, IoSink sink);
    /// Stops (stop()) and joins the thread.
    ~ProcessIo();
    ProcessIo(const ProcessIo &) = delete;
    ProcessIo &operator=(const ProcessIo &) = delete;

    void start();
    void terminate();  ///< SIGTERM to the tree, SIGKILL after the grace period
    void kill();       ///< SIGKILL to the tree now
    /// The owner is going away: terminate, deliver nothing more, finish within the grace
    /// period plus a little (then SIGKILL the supervisor and the group directly).
    void stop();
    void consumed(qint64 bytes);
    /// Blocks until the thread has ended (bounded by stop()'s rules once stop() was called).
    void join();

private:
    void run();
    void wake();

    IoConfig m_config;
    std::shared_ptr<Mailbox> m_mailbox;
    IoSink m_sink;
    int m_wakeFd = -1;
    std::atomic<bool> m_terminate{false};
    std::atomic<bool> m_kill{false};
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_inFlight{0};
    std::thread m_thread;
};

}  // namespace workbench::engine::process::detail
