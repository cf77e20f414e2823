// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/toolinvocation.h"
#include "certs/secretbytes.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace workbench::models::build {

/// The user's identity towards a CAS (the client certificate of mutual TLS, which becomes a
/// session's `creator`): a PEM private key and its certificate, as `scone self` keeps them in
/// `~/.cas/config.json`'s `identity` field. The key stays in SecretBytes.
struct CasIdentity {
    QByteArray certificatePem;                         ///< the certificate (chain), PEM
    std::shared_ptr<const certs::SecretBytes> keyPem;  ///< the private key, one PEM block
    QString fingerprint;  ///< SHA-256 of the certificate (hex, lower case): how the CAS names the client
    QString source;       ///< where it came from ("keychain", a file path), for messages
};

/// Reads an identity from @p data: PEM text holding one unencrypted private key block and at
/// least one certificate block (in any order; other blocks are ignored), or the JSON of scone's
/// CLI state file whose `identity` field holds that text. The key must belong to the first
/// certificate. @p sourceName labels errors. Errors (`cas.identity`) never quote key material.
Result<CasIdentity> parseCasIdentity(const QByteArray &data, const QString &sourceName);

/// Reads and parses @p path (at most 1 MiB; the read buffer is scrubbed).
Result<CasIdentity> readCasIdentityFile(const QString &path);

/// The scone CLI's state file: `$SCONE_CLI_CONFIG` when set, else `<home>/.cas/config.json`.
QString sconeCliConfigPath(const Environment &environment, const QString &homeDir);

/// The identity in serialized form for the keychain: the key block, then the certificate
/// blocks (what parseCasIdentity() reads back).
certs::SecretBytes casIdentityToPem(const CasIdentity &identity);

}  // namespace workbench::models::build
