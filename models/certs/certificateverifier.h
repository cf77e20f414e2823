// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/clock.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::certs {

/// What a certificate is checked for.
enum class VerifyPurpose { Any, TlsServer, TlsClient };

/// One problem found while verifying, by name. Names are stable (tests and --json use them):
/// expired, not-yet-valid, missing-issuer, untrusted-root, ca-flag-missing, wrong-key-usage,
/// hostname-mismatch, bad-signature, path-length, other.
struct VerificationProblem {
    QString name;
    QString message;      ///< one sentence for people, naming the certificate
    QString reason;       ///< OpenSSL's reason text (X509_verify_cert_error_string); empty for our own checks
    int opensslCode = 0;  ///< X509_V_ERR_*, 0 for our own checks
    int depth = -1;       ///< 0 = the certificate checked, 1 = its issuer, ...; -1 when not tied to one
    QString subject;      ///< subject of the certificate concerned
};

struct VerificationResult {
    /// The trust decision, made by a strict X509_verify_cert() run of its own plus the hostname
    /// checks; never derived from the collected problems.
    bool verified = false;
    /// The chain as OpenSSL built it, leaf first (as far as it got).
    QList<Certificate> chain;
    /// Every problem the collecting run met (it continues past each one).
    QList<VerificationProblem> problems;
    QStringList checkedHostnames;

    bool hasProblem(const QString &name) const;
    QStringList problemNames() const;
};

struct VerifyOptions {
    QList<Certificate> trusted;        ///< trust anchors
    bool useSystemTrustStore = false;  ///< add the system's default CA paths
    QList<Certificate> untrusted;      ///< intermediates offered for chain building
    QStringList hostnames;             ///< each must match the certificate (DNS SAN / IP SAN)
    VerifyPurpose purpose = VerifyPurpose::Any;
    const Clock *clock = nullptr;  ///< null: the system clock
    bool partialChain = false;     ///< accept a trusted intermediate as anchor
};

/// Verifies @p cert with an X509_STORE. Two runs: a strict one whose result alone decides
/// `verified`, and a collecting one (a verify callback that records and continues) that names
/// every problem. Hostnames are checked with X509_check_host / X509_check_ip_asc.
VerificationResult verifyCertificate(const Certificate &cert, const VerifyOptions &options);

/// Stable problem name for an X509_V_ERR_* code (see VerificationProblem).
QString problemNameForCode(int code);

}  // namespace workbench::models::certs
