// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/privatekey.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace workbench::test {

/// A certificate with its key, as PEM (for loopback TLS servers and clients in tests).
struct TestIdentity {
    QByteArray certPem;
    QByteArray keyPem;  ///< unencrypted PKCS#8
};

/// A throw-away CA made with the real certificate code (P-256, valid from an hour ago for a
/// day) that issues server and client certificates.
class TestPki
{
public:
    explicit TestPki(const QString &caName);
    bool isValid() const { return !m_caCert.isNull(); }
    QByteArray caPem() const { return m_caCert.toPem(); }
    /// A server certificate (serverAuth) for @p dnsNames and @p ipAddresses.
    TestIdentity server(const QStringList &dnsNames,
                        const QStringList &ipAddresses = {QStringLiteral("127.0.0.1")}) const;
    /// A client certificate (clientAuth) with common name @p name.
    TestIdentity client(const QString &name) const;

private:
    TestIdentity issue(const QString &cn, const QStringList &dns, const QStringList &ips, bool server) const;
    models::certs::Certificate m_caCert;
    models::certs::PrivateKey m_caKey;
};

}  // namespace workbench::test
