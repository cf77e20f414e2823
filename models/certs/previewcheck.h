// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificatelint.h"
#include "certs/certificateverifier.h"
#include "certs/clock.h"
#include "certs/issuedsecrets.h"

#include <QList>
#include <QStringList>

namespace workbench::models::certs {

/// Verification and lint of one issued certificate (an origin, not an import: an import is the
/// same certificate).
struct CertificateCheck {
    SecretRef secret;
    VerificationResult result;  ///< merged over the purposes checked
    QList<LintWarning> lint;
    QStringList purposes;  ///< "TLS server", "TLS client", "CA"

    bool verified() const { return result.verified; }
};

/// Verifies every certificate of @p issued against its own chain (root as the only trust
/// anchor, intermediates untrusted), for the purposes its endpoint implies (server, client, both
/// when unset; CAs as CAs), checks the names the mesh's clients dial (SecretSpec::dialedNames
/// of the secret and of every import of it), and lints it.
QList<CertificateCheck> checkIssuedSecrets(const IssuedSecrets &issued, const Clock &clock = Clock::system());

}  // namespace workbench::models::certs
