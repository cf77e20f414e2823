// SPDX-License-Identifier: Apache-2.0
#include "certs/issuedsecrets.h"

#include <QSet>

namespace workbench::models::certs {

namespace {
/// Key of "session holds the key created at origin"; NUL never occurs in names.
QString heldKey(const QString &session, const SecretRef &origin)
{
    return session + QChar(0) + origin.session + QChar(0) + origin.name;
}
}  // namespace

const IssuedSecret *IssuedSecrets::find(const SecretRef &ref) const
{
    const auto it = m_index.constFind(ref.toString());
    return it == m_index.cend() ? nullptr : &m_secrets.at(*it);
}

const IssuedSecret *IssuedSecrets::originOf(const SecretRef &ref) const
{
    const IssuedSecret *s = find(ref);
    return s ? find(s->origin) : nullptr;
}

QList<const IssuedSecret *> IssuedSecrets::originCertificates() const
{
    QList<const IssuedSecret *> out;
    for (const IssuedSecret &s : m_secrets)
        if (s.isCertificate() && !s.isImported())
            out << &s;
    return out;
}

QList<const IssuedSecret *> IssuedSecrets::allCertificates() const
{
    QList<const IssuedSecret *> out;
    for (const IssuedSecret &s : m_secrets)
        if (s.isCertificate())
            out << &s;
    return out;
}

QList<const IssuedSecret *> IssuedSecrets::importsOf(const SecretRef &origin) const
{
    QList<const IssuedSecret *> out;
    for (const qsizetype i : m_importsOf.value(origin.toString()))
        if (m_secrets.at(i).origin == origin)  // toString() of different refs may collide
            out << &m_secrets.at(i);
    return out;
}

bool IssuedSecrets::holdsPrivateKey(const QString &session, const SecretRef &keyOrigin) const
{
    return m_heldKeys.contains(heldKey(session, keyOrigin));
}

QList<SecretRef> IssuedSecrets::chainRefs(const SecretRef &ref) const
{
    QList<SecretRef> out;
    QSet<QString> seen;
    const IssuedSecret *s = originOf(ref);
    while (s && s->isCertificate() && !seen.contains(s->origin.toString())) {
        seen.insert(s->origin.toString());
        out << s->origin;
        if (s->issuerOrigin.isEmpty())
            break;
        s = find(s->issuerOrigin);
    }
    return out;
}

QList<Certificate> IssuedSecrets::chain(const SecretRef &ref) const
{
    QList<Certificate> out;
    for (const SecretRef &r : chainRefs(ref))
        if (const IssuedSecret *s = find(r))
            out << s->certificate;
    return out;
}

QStringList IssuedSecrets::sessions() const
{
    return m_sessions;
}

void IssuedSecrets::append(IssuedSecret secret)
{
    const qsizetype i = m_secrets.size();
    m_index.insert(secret.ref().toString(), i);
    if (secret.isImported())
        m_importsOf[secret.origin.toString()].append(i);
    if (secret.kind == SecretKind::PrivateKey)
        m_heldKeys.insert(heldKey(secret.spec.session, secret.origin));
    if (!m_sessionSet.contains(secret.spec.session)) {
        m_sessionSet.insert(secret.spec.session);
        m_sessions.append(secret.spec.session);
    }
    m_secrets.append(std::move(secret));
}

}  // namespace workbench::models::certs
