// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "tls/tlspeerchain.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace workbench::engine::tls {

/// Fetches the chain a TLS endpoint presents on a worker thread (QThreadPool), so the UI never
/// blocks. One fetch at a time; start() while running cancels the previous one and drops its
/// result. Neither start() nor the destructor waits for the worker (a name lookup cannot be
/// interrupted): the worker touches only its own copies.
class TlsChainFetcher : public QObject
{
    Q_OBJECT
public:
    explicit TlsChainFetcher(QObject *parent = nullptr);
    ~TlsChainFetcher() override;

    void start(const TlsEndpoint &endpoint);
    void cancel();
    bool isRunning() const;
    /// The outcome of the last finished fetch (valid after finished()).
    const std::optional<Result<TlsPeerChain>> &result() const { return m_result; }

Q_SIGNALS:
    void started(const QString &endpoint);
    /// Emitted on the fetcher's thread; read result().
    void finished();

private:
    QFutureWatcher<Result<TlsPeerChain>> m_watcher;
    // Shared with the worker, which may outlive a cancelled watcher.
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::optional<Result<TlsPeerChain>> m_result;
};

}  // namespace workbench::engine::tls
