// SPDX-License-Identifier: Apache-2.0
#include "process/detail/processio.h"

#include "core/errorcodes.h"
#include "core/logging.h"
#include "core/mailbox.h"
#include "process/commandline.h"
#include "process/linesplitter.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace workbench::engine::process::detail {

namespace {
constexpr qint64 ReadChunk = 256 * 1024;
constexpr qint64 FlushBytes = 4 * 1024 * 1024;  // deliver early when a batch gets this big
constexpr int StopExtraMs = 2000;               // after the grace period, before giving up politely
constexpr int DrainAfterExitMs = 200;           // pipes held by detached descendants

// Replaces every occurrence of each secret in @p line; returns false when none occurs.
bool redact(QByteArrayView line, const QList<QByteArrayView> &secrets, QByteArray *out)
{
    bool found = false;
    for (QByteArrayView s : secrets)
        if (memmem(line.data(), std::size_t(line.size()), s.data(), std::size_t(s.size()))) {
            found = true;
            break;
        }
    if (!found)
        return false;
    *out = line.toByteArray();
    for (QByteArrayView s : secrets)
        out->replace(s, QByteArrayView(CommandLine::Redacted.data(), CommandLine::Redacted.size()));
    return true;
}
}  // namespace

ProcessIo::ProcessIo(IoConfig config, std::shared_ptr<Mailbox> mailbox, IoSink sink)
    : m_config(std::move(config))
    , m_mailbox(std::move(mailbox))
    , m_sink(std::move(sink))
    , m_wakeFd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{}

ProcessIo::~ProcessIo()
{
    stop();
    join();
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

void ProcessIo::start()
{
    m_thread = std::thread([this] { run(); });
}

void ProcessIo::wake()
{
    const quint64 one = 1;
    if (m_wakeFd >= 0 && ::write(m_wakeFd, &one, sizeof one) < 0) {
        // The counter cannot overflow in practice; nothing else can go wrong here.
    }
}

void ProcessIo::terminate()
{
    m_terminate = true;
    wake();
}

void ProcessIo::kill()
{
    m_kill = true;
    wake();
}

void ProcessIo::stop()
{
    m_stop = true;
    wake();
}

void ProcessIo::consumed(qint64 bytes)
{
    const qint64 before = m_inFlight.fetch_sub(bytes);
    if (before > MaxInFlightBytes && before - bytes <= MaxInFlightBytes)
        wake();
}

void ProcessIo::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void ProcessIo::run()
{
    QElapsedTimer clock;
    clock.start();
    auto post = [this](std::function<void()> fn) { m_mailbox->post(std::move(fn)); };

    Result<SpawnedProcess> spawned = spawn(m_config.spawn);
    if (!spawned.ok()) {
        auto sink = m_sink.finished;
        Error e = spawned.error();
        post([sink, e] { sink(e); });
        return;
    }
    SpawnedProcess proc = spawned.value();
    qCDebug(lcProcess) << "started" << m_config.commandLine << "supervisor" << proc.supervisor;

    ProcessResult result;
    result.commandLine = m_config.commandLine;
    std::optional<int> waitStatus;
    pid_t programPid = 0;

    // stdin
    QByteArray stdinBytes = m_config.stdinData.value_or(QByteArray());
    const char *stdinPtr = nullptr;
    qint64 stdinLeft = 0;
    if (m_config.secretStdin) {
        stdinPtr = m_config.secretStdin->data();
        stdinLeft = m_config.secretStdin->size();
    } else if (m_config.stdinData) {
        stdinPtr = stdinBytes.constData();
        stdinLeft = stdinBytes.size();
    }
    if (proc.stdinFd >= 0 && stdinLeft == 0) {
        ::close(proc.stdinFd);
        proc.stdinFd = -1;
    }

    LineSplitter splitters[2] = {LineSplitter(m_config.maxLineBytes), LineSplitter(m_config.maxLineBytes)};
    std::deque<QByteArray> stderrTail;
    OutputBatch batch;
    qint64 lastFlush = clock.elapsed();
    qint64 readTimestamp = 0;
    QByteArray redacted;
    // What to redact from the output: secret arguments and environment values, and a secret
    // stdin (without its line end) in case the program echoes it. Views: no further copies.
    QList<QByteArrayView> secrets;
    for (const QByteArray &s : std::as_const(m_config.secrets))
        if (!s.isEmpty())
            secrets.append(s);
    if (m_config.secretStdin && !m_config.secretStdin->isEmpty()) {
        QByteArrayView s(m_config.secretStdin->data(), m_config.secretStdin->size());
        while (!s.isEmpty() && (s.back() == '\n' || s.back() == '\r'))
            s.chop(1);
        if (!s.isEmpty())
            secrets.append(s);
    }
    const bool haveSecrets = !secrets.isEmpty();

    auto addLine = [&](jobs::LogChannel channel, QByteArrayView line) {
        if (haveSecrets && redact(line, secrets, &redacted))
            line = redacted;
        batch.lines.append(line, readTimestamp, channel);
        if (channel == jobs::LogChannel::Stderr) {
            ++result.stderrLines;
            stderrTail.push_back(line.toByteArray());
            while (int(stderrTail.size()) > m_config.stderrTailLines)
                stderrTail.pop_front();
        } else {
            ++result.stdoutLines;
        }
    };
    auto addProgress = [&](QByteArrayView text) {
        if (haveSecrets && redact(text, secrets, &redacted))
            text = redacted;
        batch.progress = text.toByteArray();
    };
    auto flush = [&] {
        lastFlush = clock.elapsed();
        if (batch.lines.isEmpty() && !batch.progress)
            return;
        if (m_stop) {  // nobody is listening any more
            batch = OutputBatch{};
            return;
        }
        batch.bytes = batch.lines.footprint() + 1;
        m_inFlight += batch.bytes;
        auto shared = std::make_shared<OutputBatch>(std::move(batch));
        batch = OutputBatch{};
        auto sink = m_sink.output;
        post([sink, shared] { sink(std::move(*shared)); });
    };

    int outFds[2] = {proc.stdoutFd, proc.stderrFd};
    bool controlOpen = true;
    bool sentTerminate = false;
    bool sentKill = false;
    qint64 stopDeadline = -1;
    qint64 drainDeadline = -1;
    char controlBuf[64];
    int controlHave = 0;
    std::vector<char> readBuf(static_cast<std::size_t>(ReadChunk));

    auto sendControl = [&](char c) {
        if (proc.controlFd >= 0 && ::write(proc.controlFd, &c, 1) < 0)
            qCDebug(lcProcess) << "control write failed" << std::strerror(errno);
    };

    for (;;) {
        // Requests from the owner.
        if ((m_terminate || m_stop) && !sentTerminate && controlOpen) {
            sentTerminate = true;
            result.cancelled = true;
            sendControl(ControlTerminate);
        }
        if (m_kill && !sentKill && controlOpen) {
            sentKill = true;
            result.cancelled = true;
            sendControl(ControlKill);
        }
        if (m_stop && stopDeadline < 0)
            stopDeadline = clock.elapsed() + m_config.spawn.terminateGraceMs + StopExtraMs;
        if (stopDeadline >= 0 && clock.elapsed() >= stopDeadline) {
            // The supervisor did not finish in time: take the tree down directly.
            qCWarning(lcProcess) << "process tree of" << m_config.commandLine << "did not stop in time; killing it";
            if (programPid > 0)
                ::kill(-programPid, SIGKILL);
            ::kill(proc.supervisor, SIGKILL);
            break;
        }

        const bool outputOpen = outFds[0] >= 0 || outFds[1] >= 0;
        if (!controlOpen && !outputOpen)
            break;
        const bool throttled = !m_stop && m_inFlight.load() > MaxInFlightBytes;
        if (throttled && drainDeadline >= 0)
            drainDeadline = clock.elapsed() + DrainAfterExitMs;  // not reading is not draining
        if (!controlOpen && drainDeadline >= 0 && clock.elapsed() >= drainDeadline)
            break;

        pollfd fds[5];
        int idx[5] = {-1, -1, -1, -1, -1};  // 0,1: outputs, 2: stdin, 3: control, 4: wake
        nfds_t n = 0;
        for (int c = 0; c < 2; ++c)
            if (outFds[c] >= 0 && !throttled) {
                idx[c] = int(n);
                fds[n++] = {outFds[c], POLLIN, 0};
            }
        if (proc.stdinFd >= 0) {
            idx[2] = int(n);
            fds[n++] = {proc.stdinFd, POLLOUT, 0};
        }
        if (controlOpen) {
            idx[3] = int(n);
            fds[n++] = {proc.controlFd, POLLIN, 0};
        }
        idx[4] = int(n);
        fds[n++] = {m_wakeFd, POLLIN, 0};

        qint64 timeout = -1;
        const auto limit = [&](qint64 t) {
            if (t >= 0)
                timeout = timeout < 0 ? t : std::min(timeout, t);
        };
        if (!batch.lines.isEmpty() || batch.progress)
            limit(std::max<qint64>(0, lastFlush + m_config.batchIntervalMs - clock.elapsed()));
        if (stopDeadline >= 0)
            limit(std::max<qint64>(0, stopDeadline - clock.elapsed()));
        if (drainDeadline >= 0)
            limit(std::max<qint64>(0, drainDeadline - clock.elapsed()));

        const int ready = ::poll(fds, n, int(timeout));
        if (ready < 0 && errno != EINTR) {
            qCWarning(lcProcess) << "poll failed" << std::strerror(errno);
            break;
        }

        if (ready > 0 && (fds[idx[4]].revents & POLLIN)) {
            quint64 v = 0;
            while (::read(m_wakeFd, &v, sizeof v) > 0) {
            }
        }

        for (int c = 0; c < 2 && ready > 0; ++c) {
            if (idx[c] < 0 || !fds[idx[c]].revents)
                continue;
            const auto channel = c == 0 ? jobs::LogChannel::Stdout : jobs::LogChannel::Stderr;
            // A few reads per wake-up, so one flooding channel cannot starve the rest.
            for (int round = 0; round < 8; ++round) {
                const ssize_t got = ::read(outFds[c], readBuf.data(), readBuf.size());
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0)
                    break;  // EAGAIN
                if (got == 0) {
                    splitters[c].finish([&](QByteArrayView line) { addLine(channel, line); });
                    ::close(outFds[c]);
                    outFds[c] = -1;
                    break;
                }
                readTimestamp = QDateTime::currentMSecsSinceEpoch();
                const QByteArrayView data(readBuf.data(), got);
                if (c == 0 && m_config.collectStdoutLimit > 0) {
                    const qint64 room = m_config.collectStdoutLimit - result.stdoutBytes.size();
                    if (room < data.size())
                        result.stdoutTruncated = true;
                    if (room > 0)
                        result.stdoutBytes.append(data.first(std::min<qint64>(room, data.size())));
                }
                splitters[c].feed(
                    data, [&](QByteArrayView line) { addLine(channel, line); },
                    [&](QByteArrayView text) { addProgress(text); });
                if (batch.lines.footprint() >= FlushBytes)
                    flush();
                if (got < ssize_t(readBuf.size()))
                    break;
            }
        }

        if (ready > 0 && idx[2] >= 0 && fds[idx[2]].revents) {
            if (fds[idx[2]].revents & (POLLERR | POLLHUP)) {
                stdinLeft = 0;
            } else {
                const ssize_t wrote = ::write(proc.stdinFd, stdinPtr, std::size_t(std::min<qint64>(stdinLeft, 65536)));
                if (wrote > 0) {
                    stdinPtr += wrote;
                    stdinLeft -= wrote;
                } else if (wrote < 0 && errno != EAGAIN && errno != EINTR) {
                    stdinLeft = 0;  // EPIPE: the program closed its stdin
                }
            }
            if (stdinLeft == 0) {
                ::close(proc.stdinFd);
                proc.stdinFd = -1;
            }
        }

        if (ready > 0 && idx[3] >= 0 && fds[idx[3]].revents) {
            const ssize_t got =
                ::read(proc.controlFd, controlBuf + controlHave, sizeof controlBuf - std::size_t(controlHave));
            if (got > 0) {
                controlHave += int(got);
                constexpr int ReportSize = 1 + int(sizeof(int));
                while (controlHave >= ReportSize) {
                    int value = 0;
                    std::memcpy(&value, controlBuf + 1, sizeof value);
                    if (controlBuf[0] == ReportPid) {
                        programPid = value;
                        result.pid = value;
                        auto sink = m_sink.started;
                        const qint64 pid = value;
                        post([sink, pid] { sink(pid); });
                    } else if (controlBuf[0] == ReportStatus) {
                        waitStatus = value;
                        result.elapsedMs = clock.elapsed();
                    }
                    std::memmove(controlBuf, controlBuf + ReportSize, std::size_t(controlHave - ReportSize));
                    controlHave -= ReportSize;
                }
            } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                controlOpen = false;  // the supervisor has exited
                // Its tree is gone and the pipes end by themselves, unless descendants were
                // left running on purpose (or the supervisor was killed): then drain briefly.
                if (!m_config.spawn.stopDescendantsOnExit || !waitStatus)
                    drainDeadline = clock.elapsed() + DrainAfterExitMs;
            }
        }

        if (clock.elapsed() - lastFlush >= m_config.batchIntervalMs)
            flush();
    }

    for (int c = 0; c < 2; ++c) {
        if (outFds[c] >= 0) {
            ::close(outFds[c]);
            outFds[c] = -1;
        }
        const auto channel = c == 0 ? jobs::LogChannel::Stdout : jobs::LogChannel::Stderr;
        splitters[c].finish([&](QByteArrayView line) { addLine(channel, line); });
    }
    flush();
    proc.stdoutFd = proc.stderrFd = -1;
    closeAll(proc);
    int supervisorStatus = 0;
    while (::waitpid(proc.supervisor, &supervisorStatus, 0) < 0 && errno == EINTR) {
    }

    if (!result.elapsedMs)
        result.elapsedMs = clock.elapsed();
    QStringList tail;
    for (const QByteArray &l : stderrTail)
        tail.append(QString::fromUtf8(l));
    result.stderrTail = tail.join(QLatin1Char('\n'));

    Result<ProcessResult> outcome = result;
    if (waitStatus) {
        if (WIFEXITED(*waitStatus)) {
            result.exitCode = WEXITSTATUS(*waitStatus);
        } else if (WIFSIGNALED(*waitStatus)) {
            result.signal = WTERMSIG(*waitStatus);
        }
        outcome = result;
    } else {
        // No status: the supervisor was killed from outside, or stop() gave up on it.
        result.signal = SIGKILL;
        outcome = result;
    }
    qCDebug(lcProcess) << "finished" << m_config.commandLine << "exit" << result.exitCode << "signal" << result.signal;
    auto sink = m_sink.finished;
    auto shared = std::make_shared<Result<ProcessResult>>(std::move(outcome));
    post([sink, shared] { sink(std::move(*shared)); });
}

}  // namespace workbench::engine::process::detail
