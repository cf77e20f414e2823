// SPDX-License-Identifier: Apache-2.0
#include "net/detail/curlloop.h"

#include "core/logging.h"
#include "core/mailbox.h"
#include "net/detail/transfer.h"

#include <QElapsedTimer>

namespace workbench::engine::net::detail {

namespace {
// How often transfers whose consumer (context object) is gone are looked for and dropped.
constexpr int AbandonedCheckMs = 1000;
}  // namespace

CurlLoop::CurlLoop()
    : m_multi(curl_multi_init())
{
    curl_multi_setopt(m_multi.get(), CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
    // The server's SETTINGS_MAX_CONCURRENT_STREAMS still applies; this only lifts curl's
    // default of 100 streams per connection.
    curl_multi_setopt(m_multi.get(), CURLMOPT_MAX_CONCURRENT_STREAMS, 1000L);
}

CurlLoop::~CurlLoop()
{
    stop();
}

void CurlLoop::start()
{
    m_thread = std::thread([this] { run(); });
}

void CurlLoop::stop()
{
    if (!m_thread.joinable())
        return;
    m_stop = true;
    curl_multi_wakeup(m_multi.get());
    m_thread.join();
}

void CurlLoop::post(Command command)
{
    {
        QMutexLocker lock(&m_mutex);
        m_commands.push_back(std::move(command));
    }
    curl_multi_wakeup(m_multi.get());
}

void CurlLoop::add(std::unique_ptr<Transfer> transfer)
{
    ++m_active;
    Command c{CommandKind::Add, transfer->id(), std::shared_ptr<Transfer>(std::move(transfer))};
    post(std::move(c));
}

void CurlLoop::cancel(quint64 id)
{
    post(Command{CommandKind::Cancel, id, nullptr});
}

void CurlLoop::resume(quint64 id)
{
    post(Command{CommandKind::Resume, id, nullptr});
}

void CurlLoop::remove(quint64 id)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end())
        return;
    curl_multi_remove_handle(m_multi.get(), it->second->easy());
    m_transfers.erase(it);
    --m_active;
}

void CurlLoop::handleCommands()
{
    std::vector<Command> commands;
    {
        QMutexLocker lock(&m_mutex);
        commands.swap(m_commands);
    }
    for (Command &c : commands) {
        switch (c.kind) {
        case CommandKind::Add: {
            std::shared_ptr<Transfer> t = std::move(c.transfer);
            if (const Status s = t->prepare(); !s.ok()) {
                t->completeWithError(s.error());
                --m_active;
                break;
            }
            if (curl_multi_add_handle(m_multi.get(), t->easy()) != CURLM_OK) {
                t->completeWithError(
                    makeError(QStringLiteral("net.transfer"), QStringLiteral("The request could not be started.")));
                --m_active;
                break;
            }
            m_transfers.emplace(t->id(), std::move(t));
            break;
        }
        case CommandKind::Cancel: {
            auto it = m_transfers.find(c.id);
            if (it == m_transfers.end())
                break;  // finished already, or the Add is still behind us (handled below)
            it->second->completeWithError(Error::cancelled(QStringLiteral("The request was cancelled.")));
            remove(c.id);
            break;
        }
        case CommandKind::Resume: {
            auto it = m_transfers.find(c.id);
            if (it != m_transfers.end())
                it->second->resume();
            break;
        }
        }
    }
}

void CurlLoop::finishDone()
{
    int queued = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi.get(), &queued)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        Transfer *raw = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
        const CURLcode code = msg->data.result;
        if (!raw)
            continue;
        const quint64 id = raw->id();
        raw->complete(code);
        remove(id);  // invalidates msg
    }
}

void CurlLoop::dropAbandoned()
{
    std::vector<quint64> gone;
    for (const auto &[id, t] : m_transfers)
        if (!t->mailbox()->isOpen())
            gone.push_back(id);
    for (quint64 id : gone) {
        qCDebug(lcNet) << "request" << id << "dropped: its context object is gone";
        remove(id);
    }
}

void CurlLoop::run()
{
    QElapsedTimer sinceCheck;
    sinceCheck.start();
    while (!m_stop) {
        handleCommands();
        int running = 0;
        curl_multi_perform(m_multi.get(), &running);
        finishDone();
        if (sinceCheck.elapsed() >= AbandonedCheckMs) {
            dropAbandoned();
            sinceCheck.restart();
        }
        if (m_stop)
            break;
        curl_multi_poll(m_multi.get(), nullptr, 0, AbandonedCheckMs, nullptr);
    }
    // Shutting down: tell the consumers that still exist.
    handleCommands();
    std::vector<quint64> ids;
    for (const auto &[id, t] : m_transfers) {
        t->completeWithError(Error::cancelled(QStringLiteral("The HTTP client was shut down.")));
        ids.push_back(id);
    }
    for (quint64 id : ids)
        remove(id);
}

}  // namespace workbench::engine::net::detail
