// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/passwordprovider.h"
#include "certs/privatekey.h"
#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models::certs {

/// What a certificate file (or pasted text) holds.
struct CertificateBundle {
    QString format;                   ///< "PEM", "DER", "PKCS#12", "PKCS#7"
    QList<Certificate> certificates;  ///< in file order (PKCS#12: its certificate first)
    QList<PrivateKey> keys;
    QStringList notes;  ///< blocks skipped and similar remarks
};

/// Parses PEM (one or many blocks: certificates, private keys incl. encrypted PKCS#8, PKCS#7),
/// DER (certificate, PKCS#7, private key), PKCS#12, or bare base64 of those (pasted text).
/// Passwords come from @p passwords (three attempts). Never crashes on garbage: every failure
/// is an Error with a stable code and a sentence that says what is wrong:
///   certs.empty, certs.pem.truncated (BEGIN without END), certs.pem.invalid (a block that does
///   not decode), certs.pem.nothing (no certificate or key block), certs.format (neither PEM, DER
///   nor PKCS#12), certs.password.needed, certs.password.wrong, certs.password.cancelled,
///   certs.pkcs12.parse.
Result<CertificateBundle> parseCertificateData(const QByteArray &data, PasswordProvider *passwords = nullptr,
                                               const QString &sourceName = {});

/// Reads @p path (at most 16 MiB) and parses it; errors carry the file name.
Result<CertificateBundle> readCertificateFile(const QString &path, PasswordProvider *passwords = nullptr);

}  // namespace workbench::models::certs
