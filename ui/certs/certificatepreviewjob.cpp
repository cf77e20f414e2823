// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatepreviewjob.h"

#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace workbench::ui {

using namespace workbench::models;
using namespace workbench::models::certs;

CertificatePreviewJob::CertificatePreviewJob(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.future().resultCount() == 0)
            return;
        m_outcome = m_watcher.result();
        // Cancelled after the worker had already finished: the user still asked not to show it.
        if (m_cancel && m_cancel->load() && !m_outcome->error)
            m_outcome->error =
                makeError(QStringLiteral("certs.cancelled"), QStringLiteral("Preview issuance was cancelled."));
        Q_EMIT finished();
    });
}

CertificatePreviewJob::~CertificatePreviewJob()
{
    cancel();
    m_watcher.waitForFinished();
}

void CertificatePreviewJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool CertificatePreviewJob::isRunning() const
{
    return m_watcher.isRunning();
}

void CertificatePreviewJob::start(const ManifestProject &project, const policy::PolicyGenerationOptions &options,
                                  const Clock *clock)
{
    if (isRunning()) {
        cancel();
        m_watcher.waitForFinished();  // bounded: the worker polls the flag
    }
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto flag = m_cancel;
    const Clock *useClock = clock ? clock : &Clock::system();
    QPointer<CertificatePreviewJob> self(this);
    // The worker gets copies only; progress is posted back to this object's thread.
    m_watcher.setFuture(QtConcurrent::run([project, options, flag, useClock, self] {
        CertificatePreviewOutcome out;
        const policy::PolicyPreview preview = policy::generatePolicies(project, options);
        for (const Diagnostic &d : preview.diagnostics)
            if (d.severity == Diagnostic::Severity::Error)
                ++out.policyErrors;
        out.sessions = int(preview.sessions.size());
        SessionSecretSpecs specs = secretSpecsFromSessions(preview.sessions);
        out.notes = specs.notes;
        IssueOptions o;
        o.clock = useClock;
        o.cancel = flag.get();
        o.progress = [self](int done, int total) {
            if (self)
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, done, total] {
                        if (self)
                            Q_EMIT self->progress(done, total);
                    },
                    Qt::QueuedConnection);
        };
        out.issuedAt = useClock->now();
        auto issued = issueSecrets(specs.specs, o);
        if (!issued) {
            out.error = issued.error();
            return out;
        }
        out.issued = std::move(issued).value();
        for (const IssueNote &n : out.issued.notes())
            out.notes << n.secret.toString() + QStringLiteral(": ") + n.message;
        if (flag->load()) {
            out.error = makeError(QStringLiteral("certs.cancelled"), QStringLiteral("Preview issuance was cancelled."));
            return out;
        }
        out.checks = checkIssuedSecrets(out.issued, *useClock);
        return out;
    }));
    Q_EMIT started();
}

}  // namespace workbench::ui
