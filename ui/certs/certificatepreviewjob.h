// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/clock.h"
#include "certs/issuedsecrets.h"
#include "certs/previewcheck.h"
#include "core/result.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace workbench::ui {

/// What one preview run produced.
struct CertificatePreviewOutcome {
    std::optional<Error> error;  ///< issuance failed or was cancelled ("certs.cancelled")
    models::certs::IssuedSecrets issued;
    QList<models::certs::CertificateCheck> checks;
    QStringList notes;     ///< adapter notes and issuance notes
    int policyErrors = 0;  ///< error diagnostics of the policy generator
    int sessions = 0;
    QDateTime issuedAt;
};

/// Runs manifests → policies → preview keys and certificates → verification on a worker thread
/// (keys are generated off the UI thread), cancellable at any time: the flag is polled between
/// secrets and inside key generation. One run at a time; start() while running cancels the
/// running one first. The destructor cancels and waits. Keys live only in memory.
class CertificatePreviewJob : public QObject
{
    Q_OBJECT
public:
    explicit CertificatePreviewJob(QObject *parent = nullptr);
    ~CertificatePreviewJob() override;

    /// @p clock must outlive the job (not owned); null = system clock.
    void start(const models::ManifestProject &project, const models::policy::PolicyGenerationOptions &options,
               const models::certs::Clock *clock = nullptr);
    void cancel();
    bool isRunning() const;
    /// The last finished run's outcome.
    const std::optional<CertificatePreviewOutcome> &outcome() const { return m_outcome; }

Q_SIGNALS:
    void started();
    void progress(int done, int total);
    void finished();

private:
    QFutureWatcher<CertificatePreviewOutcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::optional<CertificatePreviewOutcome> m_outcome;
};

}  // namespace workbench::ui
