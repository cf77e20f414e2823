// SPDX-License-Identifier: Apache-2.0
#include "certs/certificateentries.h"

#include <QHash>

namespace workbench::ui {

using namespace workbench::models::certs;

QList<CertificateEntry> entriesFromPreview(const IssuedSecrets &issued, const QList<CertificateCheck> &checks)
{
    QList<CertificateEntry> out;
    QHash<QString, int> byOrigin;  // origin ref -> entry index
    for (const IssuedSecret *s : issued.originCertificates()) {
        CertificateEntry e;
        e.kind =
            s->kind == SecretKind::X509Ca ? CertificateEntry::Kind::PreviewCa : CertificateEntry::Kind::PreviewLeaf;
        e.title = s->spec.name;
        e.source = s->spec.session;
        e.certificate = s->certificate;
        e.key = s->key;
        e.chain = issued.chain(s->origin);
        e.secret = s->origin;
        e.sourceFile = s->spec.sourceFile;
        e.sourceLine = s->spec.sourceLine;
        for (const CertificateCheck &c : checks) {
            if (c.secret == s->origin) {
                e.checked = true;
                e.verified = c.verified();
                e.verification = c.result;
                e.lint = c.lint;
                e.purposes = c.purposes.join(QStringLiteral(", "));
            }
        }
        byOrigin.insert(s->origin.toString(), int(out.size()));
        out << e;
    }
    // Parents (loop-safe: a parent must already be an entry and not a descendant).
    for (int i = 0; i < int(out.size()); ++i) {
        const IssuedSecret *s = issued.find(out.at(i).secret);
        if (!s || s->issuerOrigin.isEmpty())
            continue;
        int p = byOrigin.value(s->issuerOrigin.toString(), -1);
        for (int walk = p, steps = 0; walk >= 0 && steps <= out.size(); walk = out.at(walk).parent, ++steps)
            if (walk == i)
                p = -1;
        out[i].parent = p;
    }
    const int origins = int(out.size());
    for (int i = 0; i < origins; ++i)
        if (out.at(i).parent >= 0)
            out[out.at(i).parent].children << i;
    // Imports hang under their origin.
    for (const IssuedSecret *s : issued.allCertificates()) {
        if (!s->isImported())
            continue;
        const int origin = byOrigin.value(s->origin.toString(), -1);
        if (origin < 0)
            continue;
        CertificateEntry e = out.at(origin);
        e.kind = CertificateEntry::Kind::PreviewImport;
        e.title = s->spec.name;
        e.source = s->spec.session;
        e.secret = s->ref();
        e.sourceFile = s->spec.sourceFile;
        e.sourceLine = s->spec.sourceLine;
        e.children.clear();
        e.parent = origin;
        e.linkTo = origin;
        const bool holdsKey = [&] {
            for (const IssuedSecret &k : issued.secrets())
                if (k.spec.session == s->spec.session && k.kind == SecretKind::PrivateKey &&
                    k.origin == s->privateKeyOrigin)
                    return true;
            return false;
        }();
        if (!holdsKey)
            e.key = {};
        out[origin].children << int(out.size());
        out << e;
    }
    return out;
}

QList<CertificateEntry> entriesFromInspection(const InspectedCertificates &inspected)
{
    QList<CertificateEntry> out;
    const auto &nodes = inspected.tree.nodes();
    for (int i = 0; i < int(nodes.size()); ++i) {
        const CertificateTree::Node &n = nodes.at(i);
        CertificateEntry e;
        e.kind = CertificateEntry::Kind::Inspected;
        e.certificate = n.certificate;
        e.title = displayName(n.certificate);
        e.source = inspected.source;
        e.chain = inspected.tree.chainFrom(i);
        e.parent = n.parent;
        e.children = n.children;
        for (const PrivateKey &k : inspected.keys)
            if (n.certificate.matchesKey(k))
                e.key = k;
        if (inspected.results.contains(i)) {
            e.checked = true;
            e.verification = inspected.results.value(i);
            e.verified = e.verification.verified;
            if (e.verification.chain.size() > e.chain.size())
                e.chain = e.verification.chain;  // the store completed it (trusted root)
        }
        e.lint = inspected.lint.value(i);
        out << e;
    }
    return out;
}

}  // namespace workbench::ui
