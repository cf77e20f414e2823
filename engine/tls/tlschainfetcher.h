// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "jobs/job.h"
#include "tls/tlspeerchain.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace workbench::engine::jobs {
class JobRunner;
}  // namespace workbench::engine::jobs

namespace workbench::engine::tls {

/// Fetches the chain a TLS endpoint presents as a job of a JobRunner (the session's, so the Jobs
/// list shows it and can cancel it), on a worker thread, so the UI never blocks. One fetch at a
/// time; start() while running cancels the previous one and drops its result. A cancelled fetch
/// ends at once with the one "cancelled" error (Error::cancelled()); neither start() nor the
/// destructor waits for the worker (a name lookup cannot be interrupted): the worker touches only
/// its own copies and its late result is dropped.
class TlsChainFetcher : public QObject
{
    Q_OBJECT
public:
    /// @p runner: where the fetches go as jobs; null: a private runner of this object.
    explicit TlsChainFetcher(QObject *parent = nullptr, jobs::JobRunner *runner = nullptr);
    ~TlsChainFetcher() override;

    void start(const TlsEndpoint &endpoint);
    void cancel();
    bool isRunning() const;
    /// The job of the fetch in flight (null when none).
    jobs::Job *job() const { return m_job.data(); }
    /// The outcome of the last finished fetch (valid after finished()).
    const std::optional<Result<TlsPeerChain>> &result() const { return m_result; }

Q_SIGNALS:
    void started(const QString &endpoint);
    /// Emitted on the fetcher's thread; read result().
    void finished();

private:
    jobs::JobRunner *m_runner = nullptr;
    QPointer<jobs::Job> m_job;
    std::optional<Result<TlsPeerChain>> m_result;
};

}  // namespace workbench::engine::tls
