// SPDX-License-Identifier: Apache-2.0
#include "tls/tlschainfetcher.h"

#include "jobs/concurrentjob.h"
#include "jobs/jobrunner.h"

#include <atomic>
#include <memory>

namespace workbench::engine::tls {

TlsChainFetcher::TlsChainFetcher(QObject *parent, jobs::JobRunner *runner)
    : QObject(parent)
    , m_runner(runner ? runner : new jobs::JobRunner(this))
{}

// Neither the destructor nor start() waits for a running fetch: it may sit in a name lookup,
// which cannot be interrupted, and the UI must not freeze for it. The job abandons its worker
// on cancel; the worker owns copies of everything it uses (the endpoint, the cancel flag).
TlsChainFetcher::~TlsChainFetcher()
{
    cancel();
}

void TlsChainFetcher::start(const TlsEndpoint &endpoint)
{
    if (m_job) {
        // The previous fetch is replaced: its outcome is not delivered.
        disconnect(m_job, nullptr, this, nullptr);
        m_job->cancel();
        m_job.clear();
    }
    m_result.reset();
    using FetchJob = jobs::ConcurrentJob<TlsPeerChain>;
    auto job = std::make_unique<FetchJob>(QStringLiteral("Fetch the certificate chain of %1").arg(endpoint.toString()),
                                          [endpoint](const jobs::JobContext &context) -> Result<TlsPeerChain> {
                                              // fetchPeerChain polls a flag; the job's token sets it (the registration
                                              // ends with this function, before the flag goes).
                                              auto flag = std::make_shared<std::atomic<bool>>(false);
                                              const CancellationCallback onCancel =
                                                  context.token().onCancel([flag] { flag->store(true); });
                                              context.log(QStringLiteral("Connecting to %1").arg(endpoint.toString()));
                                              Result<TlsPeerChain> r = fetchPeerChain(endpoint, flag.get());
                                              if (!r.ok() && r.error().isCancelled())
                                                  return Error::cancelled(r.error().message);
                                              return r;
                                          });
    job->setAbandonOnCancel(true);
    FetchJob *raw = job.get();
    connect(raw, &jobs::Job::finished, this, [this, raw] {
        if (raw != m_job)
            return;
        m_job.clear();
        m_result = raw->result();
        Q_EMIT finished();
    });
    m_job = raw;
    m_runner->submit(std::move(job));
    Q_EMIT started(endpoint.toString());
}

void TlsChainFetcher::cancel()
{
    if (m_job)
        m_job->cancel();
}

bool TlsChainFetcher::isRunning() const
{
    return m_job && !m_job->isFinished();
}

}  // namespace workbench::engine::tls
