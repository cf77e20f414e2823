// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/privatekey.h"
#include "certs/secretspec.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace workbench::models::certs {

/// One secret after preview issuance. An imported secret shares the key and certificate of its
/// origin (the very same objects), so "the Flask side's Redis client certificate is the one the
/// Redis CA signed" holds by construction.
struct IssuedSecret {
    SecretSpec spec;                           ///< as requested (for an import: the importing entry)
    SecretKind kind = SecretKind::PrivateKey;  ///< effective kind (an import: its origin's)
    SecretRef origin;                          ///< where the material was created; spec.ref() unless imported
    PrivateKey key;                            ///< private-key secrets, and the private key of a certificate
    Certificate certificate;                   ///< x509 / x509-ca
    SecretRef privateKeyOrigin;                ///< certificates: origin of their private-key secret
    SecretRef issuerOrigin;                    ///< certificates: origin of the issuing CA; empty = self-signed

    SecretRef ref() const { return spec.ref(); }
    bool isImported() const { return spec.isImported(); }
    bool isCertificate() const { return kind == SecretKind::X509 || kind == SecretKind::X509Ca; }
};

/// Something issuance noticed but could work around (it never hides a failure).
struct IssueNote {
    SecretRef secret;
    QString code;  ///< e.g. "certs.issue.no_private_key"
    QString message;
};

/// The result of issueSecrets(): every requested secret, in request order.
class IssuedSecrets
{
public:
    const QList<IssuedSecret> &secrets() const { return m_secrets; }
    const IssuedSecret *find(const SecretRef &ref) const;
    /// The secret where @p ref's material was created (follows an import); null when unknown.
    const IssuedSecret *originOf(const SecretRef &ref) const;
    /// Certificate secrets that were created here (no imports), in request order.
    QList<const IssuedSecret *> originCertificates() const;
    /// Certificate secrets including imports, in request order.
    QList<const IssuedSecret *> allCertificates() const;
    /// Secrets that import @p origin (directly), in request order.
    QList<const IssuedSecret *> importsOf(const SecretRef &origin) const;
    /// True when session @p session holds the private key created at @p keyOrigin (defines it, or
    /// imports it).
    bool holdsPrivateKey(const QString &session, const SecretRef &keyOrigin) const;

    /// @p ref's certificate followed by its issuers up to the (self-signed) root. Loop-safe.
    QList<Certificate> chain(const SecretRef &ref) const;
    /// The origins along the same chain, starting at @p ref's origin.
    QList<SecretRef> chainRefs(const SecretRef &ref) const;

    /// Session names in request order, without duplicates.
    QStringList sessions() const;

    const QList<IssueNote> &notes() const { return m_notes; }

    void append(IssuedSecret secret);
    void addNote(IssueNote note) { m_notes.append(std::move(note)); }

private:
    // Every query is a hash lookup: a preview of thousands of sessions asks them per secret.
    QList<IssuedSecret> m_secrets;
    QHash<QString, qsizetype> m_index;             // SecretRef::toString() -> index in m_secrets
    QHash<QString, QList<qsizetype>> m_importsOf;  // origin's toString() -> importing secrets
    QSet<QString> m_heldKeys;                      // heldKey(session, key origin)
    QStringList m_sessions;
    QSet<QString> m_sessionSet;
    QList<IssueNote> m_notes;
};

}  // namespace workbench::models::certs
