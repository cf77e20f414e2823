// SPDX-License-Identifier: Apache-2.0
#include "testpki.h"

#include "certs/certificatebuilder.h"

namespace workbench::test {

using namespace workbench::models::certs;

namespace {
CertificateProfile profile(const QString &cn)
{
    CertificateProfile p;
    p.commonName = cn;
    p.notBefore = QDateTime::currentDateTimeUtc().addSecs(-3600);
    p.notAfter = QDateTime::currentDateTimeUtc().addDays(1);
    return p;
}
}  // namespace

TestPki::TestPki(const QString &caName)
{
    Result<PrivateKey> key = PrivateKey::generate(KeyType::P256);
    if (!key.ok())
        return;
    CertificateProfile p = profile(caName);
    p.ca = true;
    Result<Certificate> cert = buildCertificate(p, *key);
    if (!cert.ok())
        return;
    m_caKey = *key;
    m_caCert = *cert;
}

TestIdentity TestPki::issue(const QString &cn, const QStringList &dns, const QStringList &ips, bool server) const
{
    TestIdentity id;
    Result<PrivateKey> key = PrivateKey::generate(KeyType::P256);
    if (!key.ok())
        return id;
    CertificateProfile p = profile(cn);
    p.dnsNames = dns;
    p.ipAddresses = ips;
    p.endpoint = server ? CertEndpoint::Server : CertEndpoint::Client;
    Result<Certificate> cert = buildCertificate(p, *key, m_caCert, m_caKey);
    if (!cert.ok())
        return id;
    id.certPem = cert->toPem();
    id.keyPem = key->toUnencryptedPkcs8Pem().value();
    return id;
}

TestIdentity TestPki::server(const QStringList &dnsNames, const QStringList &ipAddresses) const
{
    return issue(dnsNames.value(0, QStringLiteral("server")), dnsNames, ipAddresses, true);
}

TestIdentity TestPki::client(const QString &name) const
{
    return issue(name, {}, {}, false);
}

}  // namespace workbench::test
