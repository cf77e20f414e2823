// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/casidentity.h"
#include "build/registryauth.h"
#include "certs/secretbytes.h"
#include "core/result.h"
#include "keychain/keychain.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace workbench::engine::deploy {

using SharedSecret = std::shared_ptr<const models::certs::SecretBytes>;

/// The credentials of Build & Deploy in the OS keychain (QtKeychain through engine::Keychain),
/// never in settings, history, logs or command lines:
///
/// | entry                    | keychain key          | value                                    |
/// |--------------------------|-----------------------|------------------------------------------|
/// | registry login           | `registry/<host>`     | user name, newline, password (bytes)     |
/// | CAS identity             | `cas-identity`        | PEM private key + certificate            |
/// | signing key passphrase   | `signing-passphrase`  | the passphrase (UTF-8)                   |
///
/// Every call is asynchronous (the keychain may ask the user to unlock it); the callback runs on
/// @p context's thread and never after @p context is gone. A missing entry is not an error: the
/// read callbacks get nullopt. Other failures (no keychain service, locked, refused) are errors
/// with the keychain's codes (`keychain.unavailable`, `keychain.access-denied`, ...).
/// Thread: use from one thread (the keychain jobs are QObjects of the calling thread).
class CredentialStore
{
public:
    explicit CredentialStore(Keychain keychain = Keychain());

    template<typename T> using ReadCallback = std::function<void(const Result<std::optional<T>> &)>;
    using WriteCallback = Keychain::WriteCallback;

    static QString registryKey(const QString &registryHost);
    static QString casIdentityKey();
    static QString signingPassphraseKey();

    /// Registry user and token/password for @p login.registry (a host as images name it:
    /// `registry.example.com`, `127.0.0.1:5000`, `docker.io`). `sourceFile` is ignored.
    void storeRegistryLogin(const models::build::RegistryCredential &login, QObject *context, WriteCallback done) const;
    /// The login for @p registryHost (its `sourceFile` says "keychain").
    void readRegistryLogin(const QString &registryHost, QObject *context,
                           ReadCallback<std::shared_ptr<const models::build::RegistryCredential>> done) const;
    void removeRegistryLogin(const QString &registryHost, QObject *context, WriteCallback done) const;

    /// Stores a parsed identity (see models::build::parseCasIdentity()).
    void storeCasIdentity(const models::build::CasIdentity &identity, QObject *context, WriteCallback done) const;
    /// The stored identity, parsed again (its `source` says "keychain").
    void readCasIdentity(QObject *context, ReadCallback<models::build::CasIdentity> done) const;
    void removeCasIdentity(QObject *context, WriteCallback done) const;

    void storeSigningPassphrase(const models::certs::SecretBytes &passphrase, QObject *context,
                                WriteCallback done) const;
    void readSigningPassphrase(QObject *context, ReadCallback<SharedSecret> done) const;
    void removeSigningPassphrase(QObject *context, WriteCallback done) const;

    const Keychain &keychain() const { return m_keychain; }

private:
    void writeSecret(const QString &key, const models::certs::SecretBytes &value, QObject *context,
                     WriteCallback done) const;
    Keychain m_keychain;
};

/// The label of a keychain entry in messages: "keychain entry registry/127.0.0.1:5000".
QString keychainLabel(const QString &key);

}  // namespace workbench::engine::deploy
