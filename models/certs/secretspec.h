// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::certs {

/// The secret kinds the certificate preview issues (spec §3.4). Other kinds are not our business.
enum class SecretKind { PrivateKey, X509, X509Ca };

/// `endpoint:` of an x509 secret: which extended key usage it gets.
enum class CertEndpoint {
    Unspecified,  ///< both serverAuth and clientAuth
    Server,       ///< serverAuth
    Client,       ///< clientAuth
};

/// A secret by absolute session name and secret name.
struct SecretRef {
    QString session;
    QString name;

    bool isEmpty() const { return name.isEmpty(); }
    QString toString() const { return session + QLatin1Char('/') + name; }
    friend bool operator==(const SecretRef &, const SecretRef &) = default;
};

/// One secret the preview is asked to issue: the input of issueSecrets() (certificateissuer.h).
/// Written by hand in tests, or derived from generated CAS sessions (sessionsecretspecs.h).
/// Names in privateKey/issuer refer to secrets of the same session, which may themselves be
/// imports (`importFrom`): that is how the Flask session uses the Redis session's CA.
struct SecretSpec {
    QString session;                           ///< absolute session name, e.g. "ns/redis"
    QString name;                              ///< secret name, unique within the session
    SecretKind kind = SecretKind::PrivateKey;  ///< ignored when importFrom is set
    /// Imported secret: the exporting session (absolute) and the secret's name there. The
    /// preview resolves it to that session's key/certificate; nothing new is issued.
    std::optional<SecretRef> importFrom;

    QString keyType;     ///< private-key: P-256 (default when empty), P-384, Ed25519, RSA-2048, RSA-3072
    QString privateKey;  ///< x509/x509-ca: name of the private-key secret
    QString issuer;      ///< x509/x509-ca: name of the issuing x509-ca secret; empty = self-signed
    QString commonName;  ///< default: first DNS name, else the secret name
    QStringList dns;     ///< SAN DNS names (`dns:`)
    QStringList san;     ///< session language 0.3.10 `san:` entries, "dns:x" / "ip:1.2.3.4"
    CertEndpoint endpoint = CertEndpoint::Unspecified;
    QString validFor;  ///< `valid_for`; empty = virtually unlimited

    /// Host names the mesh's clients dial to reach the service presenting this certificate
    /// (e.g. REDIS_HOST of the Flask session). Each is checked against the certificate.
    QStringList dialedNames;

    QString sourceFile;  ///< manifest the secret comes from, for messages
    int sourceLine = 0;

    SecretRef ref() const { return {session, name}; }
    bool isImported() const { return importFrom.has_value(); }
    bool isCertificate() const { return !importFrom && (kind == SecretKind::X509 || kind == SecretKind::X509Ca); }
};

QString secretKindName(SecretKind kind);      ///< "private-key", "x509", "x509-ca"
QString endpointName(CertEndpoint endpoint);  ///< "server", "client", "" for unspecified

}  // namespace workbench::models::certs
