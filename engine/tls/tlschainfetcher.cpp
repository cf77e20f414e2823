// SPDX-License-Identifier: Apache-2.0
#include "tls/tlschainfetcher.h"

#include <QtConcurrent/QtConcurrentRun>

namespace workbench::engine::tls {

TlsChainFetcher::TlsChainFetcher(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.future().isCanceled() || m_watcher.future().resultCount() == 0)
            return;
        m_result = m_watcher.result();
        Q_EMIT finished();
    });
}

// Neither the destructor nor start() waits for a running fetch: it may sit in a name lookup,
// which cannot be interrupted, and the UI must not freeze for it. The worker owns copies of
// everything it uses (the endpoint, the shared cancel flag) and its result is simply dropped;
// a replaced future no longer reaches the watcher.
TlsChainFetcher::~TlsChainFetcher()
{
    cancel();
}

void TlsChainFetcher::start(const TlsEndpoint &endpoint)
{
    cancel();
    m_result.reset();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto flag = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([endpoint, flag] { return fetchPeerChain(endpoint, flag.get()); }));
    Q_EMIT started(endpoint.toString());
}

void TlsChainFetcher::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool TlsChainFetcher::isRunning() const
{
    return m_watcher.isRunning();
}

}  // namespace workbench::engine::tls
