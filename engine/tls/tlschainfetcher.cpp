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

TlsChainFetcher::~TlsChainFetcher()
{
    cancel();
    m_watcher.waitForFinished();
}

void TlsChainFetcher::start(const TlsEndpoint &endpoint)
{
    if (isRunning()) {
        cancel();
        m_watcher.waitForFinished();
    }
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
