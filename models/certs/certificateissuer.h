// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/clock.h"
#include "certs/issuedsecrets.h"
#include "certs/secretspec.h"
#include "core/result.h"

#include <atomic>
#include <functional>

namespace workbench::models::certs {

struct IssueOptions {
    const Clock *clock = nullptr;               ///< null: the system clock. notBefore = now.
    const std::atomic<bool> *cancel = nullptr;  ///< polled between secrets and inside key generation
    /// Progress (done, total), always called on the thread that called issueSecrets().
    std::function<void(int, int)> progress;
};

/// Preview issuance: creates real keys and certificates, in memory only, for every secret of
/// @p specs the way the CAS would (spec §3.4): private keys of their key_type; x509-ca with
/// basicConstraints CA:TRUE and keyCertSign; x509 signed by their issuer (self-signed without
/// one), CN from common_name / first DNS name / secret name, SANs from dns/san, EKU from
/// endpoint (both when unset), validity from valid_for, random 128-bit serials, SKI/AKI.
/// Imports resolve to the exporting session's secret. Dependencies are issued first whatever
/// the order of @p specs; the result keeps the request order. Secrets that do not depend on each
/// other (all keys; all leaves of one CA) are issued on several threads when there are enough of
/// them; the call itself blocks until done (run it off the UI thread).
///
/// Fails (with the secret and its manifest line in the error) on unknown references, a cycle,
/// an issuer that is not an x509-ca, a bad key_type/valid_for/san, or cancellation
/// ("certs.cancelled").
Result<IssuedSecrets> issueSecrets(const QList<SecretSpec> &specs, const IssueOptions &options = {});

}  // namespace workbench::models::certs
