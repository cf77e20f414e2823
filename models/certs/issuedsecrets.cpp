// SPDX-License-Identifier: Apache-2.0
#include "certs/issuedsecrets.h"

#include <QSet>

namespace workbench::models::certs {

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
    for (const IssuedSecret &s : m_secrets)
        if (s.isImported() && s.origin == origin)
            out << &s;
    return out;
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
    QStringList out;
    for (const IssuedSecret &s : m_secrets)
        if (!out.contains(s.spec.session))
            out << s.spec.session;
    return out;
}

void IssuedSecrets::append(IssuedSecret secret)
{
    m_index.insert(secret.ref().toString(), m_secrets.size());
    m_secrets.append(std::move(secret));
}

}  // namespace workbench::models::certs
