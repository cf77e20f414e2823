// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/privatekey.h"
#include "certs/secretspec.h"
#include "core/result.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace workbench::models::certs {

/// What goes into one certificate. issueSecrets() fills it from a SecretSpec; tests use it
/// directly to make certificates with particular defects.
struct CertificateProfile {
    QString commonName;                                 ///< required, at most 64 characters (RFC 5280 ub-common-name)
    QStringList dnsNames;                               ///< SAN DNS entries
    QStringList ipAddresses;                            ///< SAN IP entries (v4 or v6 text)
    bool ca = false;                                    ///< basicConstraints CA:TRUE + keyCertSign/cRLSign
    std::optional<int> pathLength;                      ///< CA only
    CertEndpoint endpoint = CertEndpoint::Unspecified;  ///< leaves: EKU serverAuth/clientAuth/both
    bool extendedKeyUsage = true;                       ///< leaves: write the EKU extension at all
    bool keyUsage = true;                               ///< write the keyUsage extension at all
    bool basicConstraints = true;                       ///< write the basicConstraints extension at all
    QDateTime notBefore;                                ///< UTC
    QDateTime notAfter;                                 ///< UTC
};

/// Signs a certificate for @p subjectKey. With a null @p issuerCert it is self-signed with
/// @p subjectKey; otherwise signed by @p issuerKey under @p issuerCert's subject, with the
/// authority key identifier taken from the issuer's subject key identifier.
/// Always: X.509 v3, a random positive 128-bit serial, subject key identifier, SHA-256
/// signatures (SHA-384 for a P-384 issuer key, pure EdDSA for Ed25519).
Result<Certificate> buildCertificate(const CertificateProfile &profile, const PrivateKey &subjectKey,
                                     const Certificate &issuerCert = {}, const PrivateKey &issuerKey = {});

/// What buildCertificate() refuses in a profile, checked without a key: an empty or too long
/// common name, an IP address that is none, an empty validity period.
Status checkCertificateProfile(const CertificateProfile &profile);

}  // namespace workbench::models::certs
