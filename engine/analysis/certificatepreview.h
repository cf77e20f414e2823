// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "certs/certificateissuer.h"
#include "certs/clock.h"
#include "certs/issuedsecrets.h"
#include "certs/previewcheck.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QThreadPool;

namespace workbench::engine {

/// The last stage of the analysis, run only when someone asks (the Certificates area is shown,
/// `certs` runs): the keys and certificates the snapshot's sessions describe, issued in memory,
/// and every chain verified. Keys live only in memory.
struct CertificatePreview {
    quint64 projectId = 0;
    quint64 generation = 0;      ///< of the snapshot it was issued from
    std::optional<Error> error;  ///< issuance failed, was cancelled (Error::isCancelled()) or was not possible
    models::certs::IssuedSecrets issued;
    QList<models::certs::CertificateCheck> checks;
    QStringList notes;  ///< what the specs left out and what issuance noted
    int sessions = 0;
    QDateTime issuedAt;
};

using CertificatePreviewPtr = std::shared_ptr<const CertificatePreview>;

/// Issues and verifies the certificate secrets of @p snapshot (no parse, no generation: the
/// snapshot has the specs). A snapshot whose specs do not pass the structural checks gives an
/// error ("certs.project": see the diagnostics) without issuing anything. @p cancel is polled
/// between secrets and inside key generation; @p progress is called on the calling thread;
/// independent secrets are issued on @p pool beside the calling thread.
CertificatePreview issueCertificatePreview(const AnalysisSnapshot &snapshot, const models::certs::Clock &clock,
                                           const std::atomic<bool> *cancel = nullptr,
                                           std::function<void(int, int)> progress = {}, QThreadPool *pool = nullptr);

}  // namespace workbench::engine
