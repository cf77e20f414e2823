// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"

#include <QList>
#include <QString>

namespace workbench::models::certs {

/// How a certificate is used, as far as the caller knows (flags may combine).
struct CertificateUse {
    bool tlsServer = false;  ///< presented by a TLS server
    bool tlsClient = false;  ///< presented by a TLS client
    bool known() const { return tlsServer || tlsClient; }
};

/// A warning about a certificate that verifies but is poor practice for an internal PKI.
/// Codes: rsa-key-too-small, validity-exceeds-issuer, ca-as-server, client-without-clientauth,
/// leaf-without-san.
struct LintWarning {
    QString code;
    QString message;
};

/// Lints @p cert (issued by @p issuer, null when self-signed or unknown) for @p use.
/// leaf-without-san applies to certificates a server presents (or any leaf when the use is
/// unknown): a client certificate needs no SAN, and the session language forbids `dns` with
/// `endpoint: client`.
QList<LintWarning> lintCertificate(const Certificate &cert, const Certificate &issuer, const CertificateUse &use);

}  // namespace workbench::models::certs
