// SPDX-License-Identifier: Apache-2.0
#include "build/credentialsdialog.h"

#include "build/casidentity.h"
#include "build/registryauth.h"
#include "certs/secretbytes.h"
#include "deploy/credentialstore.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::deploy::CredentialStore;

namespace {

/// Reads at most 1 MiB of @p path into @p out; false with @p error when it cannot.
bool readSmallFile(const QString &path, QByteArray *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QObject::tr("Cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    *out = f.read(1024 * 1024);
    return true;
}

QLineEdit *fileField(QWidget *parent, const QString &objectName, QHBoxLayout **row)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    auto *browse = new QPushButton(QObject::tr("Browse..."), parent);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, parent] {
        const QString path = QFileDialog::getOpenFileName(parent, QObject::tr("Choose a PEM file"), edit->text());
        if (!path.isEmpty())
            edit->setText(path);
    });
    *row = new QHBoxLayout;
    (*row)->addWidget(edit, 1);
    (*row)->addWidget(browse);
    return edit;
}

}  // namespace

CredentialsDialog::CredentialsDialog(std::shared_ptr<const CredentialStore> store, QWidget *parent)
    : QDialog(parent)
    , m_store(std::move(store))
{
    setWindowTitle(tr("Build & Deploy Credentials"));
    setObjectName(QStringLiteral("credentialsDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("Stored in the system keychain, never in the project, the settings or the logs."), this);
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *registry = new QGroupBox(tr("Container registry login"), this);
    auto *rf = new QFormLayout(registry);
    m_registryHost = new QLineEdit(registry);
    m_registryHost->setObjectName(QStringLiteral("registryHost"));
    m_registryHost->setPlaceholderText(QStringLiteral("registry.example.com"));
    m_registryUser = new QLineEdit(registry);
    m_registryUser->setObjectName(QStringLiteral("registryUser"));
    m_registryToken = new QLineEdit(registry);
    m_registryToken->setObjectName(QStringLiteral("registryToken"));
    m_registryToken->setEchoMode(QLineEdit::Password);
    m_registryPresent = new QLabel(registry);
    auto *storeRegistry = new QPushButton(tr("Store Login"), registry);
    storeRegistry->setObjectName(QStringLiteral("storeRegistry"));
    rf->addRow(tr("Registry host"), m_registryHost);
    rf->addRow(tr("User"), m_registryUser);
    rf->addRow(tr("Token or password"), m_registryToken);
    rf->addRow(m_registryPresent, storeRegistry);
    layout->addWidget(registry);

    auto *identity = new QGroupBox(tr("CAS identity (client certificate for direct uploads)"), this);
    auto *idf = new QFormLayout(identity);
    QHBoxLayout *keyRow = nullptr;
    QHBoxLayout *certRow = nullptr;
    m_keyFile = fileField(identity, QStringLiteral("identityKeyFile"), &keyRow);
    m_certFile = fileField(identity, QStringLiteral("identityCertFile"), &certRow);
    m_identityPem = new QPlainTextEdit(identity);
    m_identityPem->setObjectName(QStringLiteral("identityPem"));
    m_identityPem->setPlaceholderText(tr("or paste the PEM private key and certificate here"));
    m_identityPem->setMaximumHeight(80);
    m_identityPresent = new QLabel(identity);
    auto *storeIdentity = new QPushButton(tr("Store Identity"), identity);
    storeIdentity->setObjectName(QStringLiteral("storeIdentity"));
    idf->addRow(tr("Private key file"), keyRow);
    idf->addRow(tr("Certificate file"), certRow);
    idf->addRow(tr("PEM"), m_identityPem);
    idf->addRow(m_identityPresent, storeIdentity);
    layout->addWidget(identity);

    auto *signing = new QGroupBox(tr("Signing key passphrase"), this);
    auto *sf = new QFormLayout(signing);
    m_passphrase = new QLineEdit(signing);
    m_passphrase->setObjectName(QStringLiteral("signingPassphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrasePresent = new QLabel(signing);
    auto *storePassphrase = new QPushButton(tr("Store Passphrase"), signing);
    storePassphrase->setObjectName(QStringLiteral("storePassphrase"));
    sf->addRow(tr("Passphrase"), m_passphrase);
    sf->addRow(m_passphrasePresent, storePassphrase);
    layout->addWidget(signing);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("credentialsStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(storeRegistry, &QPushButton::clicked, this, &CredentialsDialog::storeRegistryLogin);
    connect(storeIdentity, &QPushButton::clicked, this, &CredentialsDialog::storeCasIdentity);
    connect(storePassphrase, &QPushButton::clicked, this, &CredentialsDialog::storeSigningPassphrase);
    connect(m_registryHost, &QLineEdit::editingFinished, this, &CredentialsDialog::refreshPresence);
    refreshPresence();
}

QString CredentialsDialog::statusText() const
{
    return m_status->text();
}

void CredentialsDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #b71c1c;") : QString());
}

void CredentialsDialog::storeRegistryLogin()
{
    const QString host = m_registryHost->text().trimmed();
    if (host.isEmpty() || host.contains(QLatin1Char('/')) || host.contains(QLatin1Char(' '))) {
        setStatus(tr("Enter the registry host as images name it (registry.example.com, 127.0.0.1:5000)."), true);
        Q_EMIT operationFinished(false);
        return;
    }
    if (m_registryUser->text().isEmpty() || m_registryToken->text().isEmpty()) {
        setStatus(tr("Enter the user and the token (or password)."), true);
        Q_EMIT operationFinished(false);
        return;
    }
    models::build::RegistryCredential login;
    login.registry = host;
    login.username = m_registryUser->text();
    login.password = models::certs::SecretBytes::fromString(m_registryToken->text());
    m_registryToken->clear();
    m_store->storeRegistryLogin(login, this, [this, host](const Status &st) {
        if (!st)
            setStatus(tr("The login for %1 was not stored: %2").arg(host, st.error().message), true);
        else
            setStatus(tr("Stored the login for %1 in the keychain.").arg(host), false);
        refreshPresence();
        Q_EMIT operationFinished(bool(st));
    });
}

void CredentialsDialog::storeCasIdentity()
{
    QByteArray pem;
    QString source;
    QString error;
    if (!m_keyFile->text().isEmpty() || !m_certFile->text().isEmpty()) {
        QByteArray key;
        QByteArray cert;
        if (m_keyFile->text().isEmpty() || m_certFile->text().isEmpty()) {
            setStatus(tr("Choose both the private key file and the certificate file."), true);
            Q_EMIT operationFinished(false);
            return;
        }
        if (!readSmallFile(m_keyFile->text(), &key, &error) || !readSmallFile(m_certFile->text(), &cert, &error)) {
            setStatus(error, true);
            Q_EMIT operationFinished(false);
            return;
        }
        pem = key + "\n" + cert;
        key.fill('\0');
        source = m_certFile->text();
    } else {
        pem = m_identityPem->toPlainText().toUtf8();
        source = tr("the pasted PEM");
    }
    if (pem.trimmed().isEmpty()) {
        setStatus(tr("Choose the key and certificate files, or paste the PEM."), true);
        Q_EMIT operationFinished(false);
        return;
    }
    const Result<models::build::CasIdentity> identity = models::build::parseCasIdentity(pem, source);
    pem.fill('\0');
    m_identityPem->clear();
    if (!identity) {
        setStatus(tr("Not a CAS identity: %1").arg(identity.error().message), true);
        Q_EMIT operationFinished(false);
        return;
    }
    const QString fingerprint = identity->fingerprint;
    m_store->storeCasIdentity(identity.value(), this, [this, fingerprint](const Status &st) {
        if (!st)
            setStatus(tr("The CAS identity was not stored: %1").arg(st.error().message), true);
        else
            setStatus(tr("Stored the CAS identity (certificate %1...) in the keychain.").arg(fingerprint.left(16)),
                      false);
        refreshPresence();
        Q_EMIT operationFinished(bool(st));
    });
}

void CredentialsDialog::storeSigningPassphrase()
{
    if (m_passphrase->text().isEmpty()) {
        setStatus(tr("Enter the passphrase."), true);
        Q_EMIT operationFinished(false);
        return;
    }
    const models::certs::SecretBytes passphrase = models::certs::SecretBytes::fromString(m_passphrase->text());
    m_passphrase->clear();
    m_store->storeSigningPassphrase(passphrase, this, [this](const Status &st) {
        if (!st)
            setStatus(tr("The passphrase was not stored: %1").arg(st.error().message), true);
        else
            setStatus(tr("Stored the signing key passphrase in the keychain."), false);
        refreshPresence();
        Q_EMIT operationFinished(bool(st));
    });
}

void CredentialsDialog::refreshPresence()
{
    const auto presence = [](QLabel *label) {
        return [label](bool present, const QString &problem) {
            label->setText(!problem.isEmpty() ? problem
                           : present          ? QObject::tr("stored in the keychain")
                                              : QObject::tr("not stored"));
        };
    };
    const QString host = m_registryHost->text().trimmed();
    if (host.isEmpty()) {
        m_registryPresent->clear();
    } else {
        auto show = presence(m_registryPresent);
        m_store->readRegistryLogin(
            host, m_registryPresent,
            [show](const Result<std::optional<std::shared_ptr<const models::build::RegistryCredential>>> &r) {
                show(r && r->has_value(), r ? QString() : r.error().message);
            });
    }
    auto showIdentity = presence(m_identityPresent);
    m_store->readCasIdentity(m_identityPresent,
                             [showIdentity](const Result<std::optional<models::build::CasIdentity>> &r) {
                                 showIdentity(r && r->has_value(), r ? QString() : r.error().message);
                             });
    auto showPassphrase = presence(m_passphrasePresent);
    m_store->readSigningPassphrase(m_passphrasePresent,
                                   [showPassphrase](const Result<std::optional<engine::deploy::SharedSecret>> &r) {
                                       showPassphrase(r && r->has_value(), r ? QString() : r.error().message);
                                   });
}

}  // namespace workbench::ui
