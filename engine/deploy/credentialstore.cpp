// SPDX-License-Identifier: Apache-2.0
#include "deploy/credentialstore.h"

#include <openssl/crypto.h>

namespace workbench::engine::deploy {

using models::build::CasIdentity;
using models::build::RegistryCredential;
using models::certs::SecretBytes;

namespace {

void scrub(QByteArray &bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
}

bool isNotFound(const Error &e)
{
    return e.code == QLatin1String("keychain.not-found");
}

}  // namespace

CredentialStore::CredentialStore(Keychain keychain)
    : m_keychain(std::move(keychain))
{}

QString CredentialStore::registryKey(const QString &registryHost)
{
    return QStringLiteral("registry/") + registryHost.trimmed().toLower();
}

QString CredentialStore::casIdentityKey()
{
    return QStringLiteral("cas-identity");
}

QString CredentialStore::signingPassphraseKey()
{
    return QStringLiteral("signing-passphrase");
}

QString keychainLabel(const QString &key)
{
    return QStringLiteral("keychain entry %1").arg(key);
}

void CredentialStore::writeSecret(const QString &key, const SecretBytes &value, QObject *context,
                                  WriteCallback done) const
{
    QByteArray bytes(value.data(), value.size());
    m_keychain.write(key, bytes, context, std::move(done));
    scrub(bytes);  // the keychain job holds its own copy until it is written
}

void CredentialStore::storeRegistryLogin(const RegistryCredential &login, QObject *context, WriteCallback done) const
{
    if (login.registry.trimmed().isEmpty() || login.username.isEmpty() || login.username.contains(QLatin1Char('\n'))) {
        done(makeError(QStringLiteral("credentials.invalid"),
                       QStringLiteral("A registry login needs a registry and a user name (one line).")));
        return;
    }
    // "<user name>\n<password bytes>": no conversion through QString for the password.
    QByteArray value = login.username.toUtf8() + '\n';
    value.append(login.password.data(), login.password.size());
    const SecretBytes secret(value.constData(), std::size_t(value.size()));
    scrub(value);
    writeSecret(registryKey(login.registry), secret, context, std::move(done));
}

void CredentialStore::readRegistryLogin(const QString &registryHost, QObject *context,
                                        ReadCallback<std::shared_ptr<const RegistryCredential>> done) const
{
    const QString key = registryKey(registryHost);
    m_keychain.read(key, context, [done = std::move(done), registryHost, key](const Result<QByteArray> &r) {
        if (!r.ok()) {
            if (isNotFound(r.error()))
                done(std::optional<std::shared_ptr<const RegistryCredential>>());
            else
                done(r.error());
            return;
        }
        QByteArray bytes = r.value();
        const qsizetype nl = bytes.indexOf('\n');
        if (nl <= 0) {
            scrub(bytes);
            done(makeError(QStringLiteral("credentials.invalid"),
                           QStringLiteral("The %1 is not a registry login.").arg(keychainLabel(key))));
            return;
        }
        auto login = std::make_shared<RegistryCredential>();
        login->registry = registryHost;
        login->username = QString::fromUtf8(bytes.constData(), nl);
        login->password = SecretBytes(bytes.constData() + nl + 1, std::size_t(bytes.size() - nl - 1));
        login->sourceFile = QStringLiteral("keychain");
        scrub(bytes);
        done(std::optional<std::shared_ptr<const RegistryCredential>>(std::move(login)));
    });
}

void CredentialStore::removeRegistryLogin(const QString &registryHost, QObject *context, WriteCallback done) const
{
    m_keychain.remove(registryKey(registryHost), context, std::move(done));
}

void CredentialStore::storeCasIdentity(const CasIdentity &identity, QObject *context, WriteCallback done) const
{
    if (!identity.keyPem || identity.keyPem->isEmpty() || identity.certificatePem.isEmpty()) {
        done(makeError(QStringLiteral("credentials.invalid"),
                       QStringLiteral("A CAS identity needs a private key and a certificate.")));
        return;
    }
    writeSecret(casIdentityKey(), models::build::casIdentityToPem(identity), context, std::move(done));
}

void CredentialStore::readCasIdentity(QObject *context, ReadCallback<CasIdentity> done) const
{
    m_keychain.read(casIdentityKey(), context, [done = std::move(done)](const Result<QByteArray> &r) {
        if (!r.ok()) {
            if (isNotFound(r.error()))
                done(std::optional<CasIdentity>());
            else
                done(r.error());
            return;
        }
        QByteArray bytes = r.value();
        Result<CasIdentity> identity = models::build::parseCasIdentity(bytes, keychainLabel(casIdentityKey()));
        scrub(bytes);
        if (!identity.ok()) {
            done(identity.error());
            return;
        }
        CasIdentity value = std::move(identity).value();
        value.source = QStringLiteral("keychain");
        done(std::optional<CasIdentity>(std::move(value)));
    });
}

void CredentialStore::removeCasIdentity(QObject *context, WriteCallback done) const
{
    m_keychain.remove(casIdentityKey(), context, std::move(done));
}

void CredentialStore::storeSigningPassphrase(const SecretBytes &passphrase, QObject *context, WriteCallback done) const
{
    writeSecret(signingPassphraseKey(), passphrase, context, std::move(done));
}

void CredentialStore::readSigningPassphrase(QObject *context, ReadCallback<SharedSecret> done) const
{
    m_keychain.read(signingPassphraseKey(), context, [done = std::move(done)](const Result<QByteArray> &r) {
        if (!r.ok()) {
            if (isNotFound(r.error()))
                done(std::optional<SharedSecret>());
            else
                done(r.error());
            return;
        }
        QByteArray bytes = r.value();
        auto secret = std::make_shared<const SecretBytes>(bytes.constData(), std::size_t(bytes.size()));
        scrub(bytes);
        done(std::optional<SharedSecret>(std::move(secret)));
    });
}

void CredentialStore::removeSigningPassphrase(QObject *context, WriteCallback done) const
{
    m_keychain.remove(signingPassphraseKey(), context, std::move(done));
}

}  // namespace workbench::engine::deploy
