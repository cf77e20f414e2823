// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatelint.h"

namespace workbench::models::certs {

QList<LintWarning> lintCertificate(const Certificate &cert, const Certificate &issuer, const CertificateUse &use)
{
    QList<LintWarning> out;
    if (cert.isNull())
        return out;
    const QString name = displayName(cert);
    const QString algorithm = cert.keyAlgorithm();
    if (algorithm.startsWith(QLatin1String("RSA")) && cert.keyBits() < 2048)
        out << LintWarning{
            QStringLiteral("rsa-key-too-small"),
            QStringLiteral("'%1' has a %2-bit RSA key; use at least 2048 bits.").arg(name).arg(cert.keyBits())};
    if (!issuer.isNull() && cert.notAfter() > issuer.notAfter())
        out << LintWarning{QStringLiteral("validity-exceeds-issuer"),
                           QStringLiteral("'%1' is valid until %2, after its issuer '%3' expires (%4).")
                               .arg(name, cert.notAfter().toString(Qt::ISODate), displayName(issuer),
                                    issuer.notAfter().toString(Qt::ISODate))};
    if (cert.isCa() && use.tlsServer)
        out << LintWarning{
            QStringLiteral("ca-as-server"),
            QStringLiteral("'%1' is a CA certificate used as a TLS server certificate; issue a leaf for the server.")
                .arg(name)};
    if (use.tlsClient && !cert.allowsClientAuth())
        out << LintWarning{
            QStringLiteral("client-without-clientauth"),
            QStringLiteral("'%1' is used as a TLS client certificate but its extended key usage lacks clientAuth (%2).")
                .arg(name, cert.extendedKeyUsage().join(QStringLiteral(", ")))};
    const bool serverLike = use.known() ? use.tlsServer : true;
    if (!cert.isCa() && serverLike && !cert.hasSubjectAltName())
        out << LintWarning{
            QStringLiteral("leaf-without-san"),
            QStringLiteral("'%1' has no subject alternative name; TLS clients match host names against the SAN only.")
                .arg(name)};
    return out;
}

}  // namespace workbench::models::certs
