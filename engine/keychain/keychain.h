// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace workbench::engine {

/// The OS keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Store) through
/// QtKeychain. Every call is asynchronous: the callback runs on the thread of @p context after
/// the keychain answered, and never runs if @p context was destroyed meanwhile. No nested event
/// loops. Secrets never touch QSettings or plain files.
class Keychain
{
public:
    /// @p service groups the entries, e.g. "scone-workbench".
    explicit Keychain(QString service = QStringLiteral("scone-workbench"));

    using WriteCallback = std::function<void(const Status &)>;
    using ReadCallback = std::function<void(const Result<QByteArray> &)>;

    void write(const QString &key, const QByteArray &secret, QObject *context, WriteCallback done) const;
    void read(const QString &key, QObject *context, ReadCallback done) const;
    void remove(const QString &key, QObject *context, WriteCallback done) const;

    QString service() const { return m_service; }

private:
    QString m_service;
};

}  // namespace workbench::engine
