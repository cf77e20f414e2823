// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace workbench::engine::deploy {
class CredentialStore;
}

namespace workbench::ui {

/// The Build & Deploy credentials, kept in the OS keychain through engine::deploy::
/// CredentialStore (never in settings, history or logs): a registry login (host, user,
/// token), the CAS identity (key and certificate files, or pasted PEM) and the signing key's
/// passphrase. Secret fields are cleared once stored; the dialog never shows a stored secret,
/// only whether one is there.
class CredentialsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CredentialsDialog(std::shared_ptr<const engine::deploy::CredentialStore> store, QWidget *parent = nullptr);

    QLineEdit *registryHost() const { return m_registryHost; }
    QLineEdit *registryUser() const { return m_registryUser; }
    QLineEdit *registryToken() const { return m_registryToken; }
    QLineEdit *keyFile() const { return m_keyFile; }
    QLineEdit *certificateFile() const { return m_certFile; }
    QPlainTextEdit *identityPem() const { return m_identityPem; }
    QLineEdit *passphrase() const { return m_passphrase; }
    /// The last outcome ("Stored the login for ...", or the error).
    QString statusText() const;

    void storeRegistryLogin();
    void storeCasIdentity();
    void storeSigningPassphrase();
    /// Shows whether the entries exist (for the registry host in the field).
    void refreshPresence();

Q_SIGNALS:
    /// A store or remove finished (@p ok false: statusText() says why).
    void operationFinished(bool ok);

private:
    void setStatus(const QString &text, bool error);

    std::shared_ptr<const engine::deploy::CredentialStore> m_store;
    QLineEdit *m_registryHost = nullptr;
    QLineEdit *m_registryUser = nullptr;
    QLineEdit *m_registryToken = nullptr;
    QLabel *m_registryPresent = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QLineEdit *m_certFile = nullptr;
    QPlainTextEdit *m_identityPem = nullptr;
    QLabel *m_identityPresent = nullptr;
    QLineEdit *m_passphrase = nullptr;
    QLabel *m_passphrasePresent = nullptr;
    QLabel *m_status = nullptr;
};

}  // namespace workbench::ui
