// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace workbench::models::certs {
class IssuedSecrets;
}
namespace workbench::models::policy {
struct CasSession;
}

namespace workbench::models::localrun {

/// A source of random bytes (for ascii and binary secrets without an explicit value).
using RandomBytes = std::function<QByteArray(int count)>;
/// The system's cryptographically secure generator.
RandomBytes systemRandomBytes();

/// What a `$$SCONE::…$$` placeholder stands for in a local run: the keys and certificates the
/// certificate preview issued (the same ones the Certificates area shows) and, for `ascii` and
/// `binary` secrets, a value made here (the explicit `value`, else random of `size`, default 20;
/// an import gets its exporter's value).
///
/// Formats (scone-formats.md §3.4), by the kind of the secret:
/// - x509 / x509-ca: none, `:crt`, `:crt:pem`, `.crt` → the certificate (PEM); `:crt:der`;
///   `.key`, `:privatekey`, `:privatekey:pem`, `:privatekey:pkcs8:pem` → its private key (PKCS#8
///   PEM), `:privatekey:der`, `:privatekey:pkcs8:der` (the session must hold that key: define it
///   or import it); legacy `.chain` → root first … the certificate itself last; `:chain` → the
///   first intermediate … the root, the certificate not included (empty for a root CA).
/// - private-key: none, `:pem`, `:pkcs8:pem` → PKCS#8 PEM; `:der`, `:pkcs8:der`.
/// - ascii: none. binary: none or `:bin` (raw), `:hex`/`.hex`, `:base64`, `:base64url`,
///   `:base32`, `:base32nopad`.
/// - `|escape(json)` after any of them escapes the value for a JSON string.
/// Anything else (an unknown secret, a kind the preview does not issue, `:pkcs12-with-private-key`)
/// is an error naming the secret (`localrun.secret.*`).
class SecretMaterial
{
public:
    /// @p issued and @p sessions must outlive this object.
    SecretMaterial(const certs::IssuedSecrets &issued, const QList<policy::CasSession> &sessions,
                   const RandomBytes &random = systemRandomBytes());

    /// The bytes of `$$SCONE::<secret><format>[|<encoding>]$$` as session @p session sees it.
    Result<QByteArray> value(const QString &session, const QString &secret, const QString &format,
                             const QString &encoding = {}) const;

    /// @p text with every placeholder replaced for @p session (UTF-8). Fails on the first
    /// placeholder that cannot be resolved.
    Result<QByteArray> substitute(const QString &text, const QString &session) const;

    /// Errors made while generating ascii/binary values (an explicit binary value that is not hex).
    const QList<Error> &errors() const { return m_errors; }

private:
    const policy::CasSession *session(const QString &name) const;
    Result<QByteArray> certificateValue(const QString &session, const QString &secret, const QString &format) const;
    Result<QByteArray> keyValue(const QString &session, const QString &secret, const QString &format) const;
    Result<QByteArray> plainValue(const QString &session, const QString &secret, const QString &kind,
                                  const QString &format) const;

    const certs::IssuedSecrets &m_issued;
    const QList<policy::CasSession> &m_sessions;
    QHash<QString, QByteArray> m_plain;  // origin "session/secret" -> ascii or binary value
    QList<Error> m_errors;
};

/// RFC 4648 base32 (upper case), with or without `=` padding.
QByteArray base32(const QByteArray &bytes, bool pad = true);
/// @p bytes as the inside of a JSON string (no quotes added).
QByteArray jsonEscaped(const QByteArray &bytes);

}  // namespace workbench::models::localrun
