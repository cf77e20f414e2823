// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "net/curlhandles.h"

#include <QMutex>

#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>

namespace workbench::engine::net::detail {

class Transfer;

/// The one I/O thread of an HttpClient: a libcurl multi handle driven by curl_multi_poll, woken
/// by curl_multi_wakeup when another thread adds, cancels or resumes a transfer. HTTP/2
/// multiplexing is on: requests to the same server with the same TLS settings share one
/// connection (CURLPIPE_MULTIPLEX, CURLOPT_PIPEWAIT).
class CurlLoop : public std::enable_shared_from_this<CurlLoop>
{
public:
    CurlLoop();
    /// Cancels every transfer (their consumers get a cancellation if they still exist) and
    /// joins the thread.
    ~CurlLoop();

    void start();
    void stop();

    /// Thread-safe.
    void add(std::unique_ptr<Transfer> transfer);
    void cancel(quint64 id);
    void resume(quint64 id);
    int activeCount() const { return m_active.load(); }

private:
    enum class CommandKind { Add, Cancel, Resume };
    struct Command {
        CommandKind kind;
        quint64 id = 0;
        std::shared_ptr<Transfer> transfer;  // Add only (shared_ptr: a copyable command)
    };
    void post(Command command);
    void run();
    void handleCommands();
    void finishDone();
    void dropAbandoned();
    void remove(quint64 id);

    CurlMultiPtr m_multi;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_active{0};
    QMutex m_mutex;
    std::vector<Command> m_commands;  // guarded by m_mutex
    // I/O thread only:
    std::unordered_map<quint64, std::shared_ptr<Transfer>> m_transfers;
};

}  // namespace workbench::engine::net::detail
