// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/clock.h"
#include "certs/issuedsecrets.h"
#include "certs/secretspec.h"
#include "core/parallelfor.h"
#include "core/result.h"
#include "validation/diagnostic.h"

#include <atomic>
#include <functional>

namespace workbench::models::certs {

/// Runs body(0) … body(count - 1), possibly at the same time on several threads, and returns
/// when every call has returned. Supplied by the caller (engine/ owns the threads; models/
/// starts none), e.g. engine::parallelForOn(pool). The same type as models::ParallelFor.
using ParallelFor = models::ParallelFor;

struct IssueOptions {
    const Clock *clock = nullptr;               ///< null: the system clock. notBefore = now.
    const std::atomic<bool> *cancel = nullptr;  ///< polled between secrets and inside key generation
    /// Progress (done, total), always called on the thread that called issueSecrets().
    std::function<void(int, int)> progress;
    /// Where independent secrets may be issued side by side; null: one after another on the
    /// calling thread.
    ParallelFor parallelFor;
};

/// Preview issuance: creates real keys and certificates, in memory only, for every secret of
/// @p specs the way the CAS would (spec §3.4): private keys of their key_type; x509-ca with
/// basicConstraints CA:TRUE and keyCertSign; x509 signed by their issuer (self-signed without
/// one), CN from common_name / first DNS name / secret name, SANs from dns/san, EKU from
/// endpoint (both when unset), validity from valid_for, random 128-bit serials, SKI/AKI.
/// Imports resolve to the exporting session's secret. Dependencies are issued first whatever
/// the order of @p specs; the result keeps the request order. Secrets that do not depend on each
/// other (all keys; all leaves of one CA) are issued through IssueOptions::parallelFor when there
/// are enough of them; the call itself blocks until done (run it off the UI thread).
///
/// Fails (with the secret and its manifest line in the error) on unknown references, a cycle,
/// an issuer that is not an x509-ca, a bad key_type/valid_for/san, or cancellation
/// ("certs.cancelled").
Result<IssuedSecrets> issueSecrets(const QList<SecretSpec> &specs, const IssueOptions &options = {});

/// What issueSecrets() would stop on, found without making a key: every secret's references
/// (unknown, imported from nowhere, of the wrong kind, a CA imported without its key), cycles
/// (a CA naming itself as its issuer), key types, `valid_for`, SANs and DNS names. One error
/// diagnostic per bad secret, at its manifest line (codes `certs.*`). Specs that pass issue.
/// Each secret's own parameters are checked through @p parallelFor when given (the same findings).
Diagnostics checkSecretSpecs(const QList<SecretSpec> &specs, const ParallelFor &parallelFor = {});

}  // namespace workbench::models::certs
