// SPDX-License-Identifier: Apache-2.0
#include "analysis/certificatepreview.h"

#include "core/poolparallelfor.h"

#include <QThreadPool>

#include <atomic>

namespace workbench::engine {

using namespace workbench::models::certs;

CertificatePreview issueCertificatePreview(const AnalysisSnapshot &snapshot, const Clock &clock,
                                           const std::atomic<bool> *cancel, std::function<void(int, int)> progress,
                                           QThreadPool *pool)
{
    CertificatePreview out;
    out.projectId = snapshot.projectId;
    out.generation = snapshot.generation;
    out.sessions = int(snapshot.policies.sessions.size());
    out.notes = snapshot.secretSpecs.notes;
    out.issuedAt = clock.now();
    if (!snapshot.secretSpecsIssuable) {
        out.error = makeError(QStringLiteral("certs.project"),
                              QStringLiteral("The project has %1 error(s) (see Problems); no certificate is issued "
                                             "until they are fixed.")
                                  .arg(snapshot.counts.errors));
        return out;
    }
    IssueOptions o;
    o.clock = &clock;
    o.cancel = cancel;
    o.progress = std::move(progress);
    o.parallelFor = parallelForOn(pool);
    auto issued = issueSecrets(snapshot.secretSpecs.specs, o);
    if (!issued) {
        out.error = issued.error();
        return out;
    }
    out.issued = std::move(issued).value();
    for (const IssueNote &n : out.issued.notes())
        out.notes << n.secret.toString() + QStringLiteral(": ") + n.message;
    if (cancel && cancel->load()) {
        out.error = Error::cancelled(QStringLiteral("Preview issuance was cancelled."));
        return out;
    }
    out.checks = checkIssuedSecrets(out.issued, clock);
    return out;
}

}  // namespace workbench::engine
