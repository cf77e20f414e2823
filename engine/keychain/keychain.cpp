// SPDX-License-Identifier: Apache-2.0
#include "keychain/keychain.h"

#include <qt6keychain/keychain.h>

namespace workbench::engine {

namespace {
Error keychainError(const QKeychain::Job *job, const QString &what)
{
    QString code = QStringLiteral("keychain.error");
    QString hint;
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        code = QStringLiteral("keychain.not-found");
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        code = QStringLiteral("keychain.access-denied");
        hint = QStringLiteral(" The keychain refused access (is it locked?).");
        break;
    case QKeychain::NoBackendAvailable:
        code = QStringLiteral("keychain.unavailable");
        hint = QStringLiteral(" No keychain service is running (on Linux: a Secret Service such as GNOME Keyring or "
                              "KWallet on the session bus).");
        break;
    case QKeychain::OtherError:
        if (job->errorString().contains(QLatin1String("D-Bus")) ||
            job->errorString().contains(QLatin1String("freedesktop")))
            hint = QStringLiteral(" No keychain service is reachable on the session bus.");
        break;
    default:
        break;
    }
    return makeError(code, what + hint, job->errorString());
}
}  // namespace

Keychain::Keychain(QString service)
    : m_service(std::move(service))
{}

void Keychain::write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) const
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setBinaryData(secret);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context, [guard, done = std::move(done), key](QKeychain::Job *j) {
        if (!guard)
            return;
        if (j->error() != QKeychain::NoError)
            done(keychainError(j, QStringLiteral("Could not store \"%1\" in the keychain.").arg(key)));
        else
            done(Ok{});
    });
    job->start();
}

void Keychain::read(const QString &key, QObject *context, ReadCallback done) const
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context, [guard, done = std::move(done), key](QKeychain::Job *j) {
        if (!guard)
            return;
        if (j->error() != QKeychain::NoError) {
            done(keychainError(j, QStringLiteral("Could not read \"%1\" from the keychain.").arg(key)));
            return;
        }
        done(static_cast<QKeychain::ReadPasswordJob *>(j)->binaryData());
    });
    job->start();
}

void Keychain::remove(const QString &key, QObject *context, WriteCallback done) const
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context, [guard, done = std::move(done), key](QKeychain::Job *j) {
        if (!guard)
            return;
        if (j->error() != QKeychain::NoError)
            done(keychainError(j, QStringLiteral("Could not remove \"%1\" from the keychain.").arg(key)));
        else
            done(Ok{});
    });
    job->start();
}

}  // namespace workbench::engine
