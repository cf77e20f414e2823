// SPDX-License-Identifier: Apache-2.0
#include "certs/previewcheck.h"

namespace workbench::models::certs {

namespace {

void mergeInto(VerificationResult &into, const VerificationResult &from, bool first)
{
    into.verified = first ? from.verified : (into.verified && from.verified);
    if (first)
        into.chain = from.chain;
    for (const VerificationProblem &p : from.problems) {
        bool seen = false;
        for (const VerificationProblem &q : std::as_const(into.problems))
            seen = seen ||
                   (q.name == p.name && q.depth == p.depth && q.opensslCode == p.opensslCode && q.message == p.message);
        if (!seen)
            into.problems << p;
    }
    for (const QString &h : from.checkedHostnames)
        if (!into.checkedHostnames.contains(h))
            into.checkedHostnames << h;
}

}  // namespace

QList<CertificateCheck> checkIssuedSecrets(const IssuedSecrets &issued, const Clock &clock)
{
    QList<CertificateCheck> out;
    for (const IssuedSecret *s : issued.originCertificates()) {
        CertificateCheck check;
        check.secret = s->origin;
        const QList<Certificate> chain = issued.chain(s->origin);

        VerifyOptions base;
        base.clock = &clock;
        if (!chain.isEmpty())
            base.trusted << chain.last();
        for (qsizetype i = 1; i + 1 < chain.size(); ++i)
            base.untrusted << chain.at(i);

        QStringList dialed = s->spec.dialedNames;
        for (const IssuedSecret *imp : issued.importsOf(s->origin))
            dialed += imp->spec.dialedNames;
        dialed.removeDuplicates();

        QList<VerifyPurpose> purposes;
        CertificateUse use;
        if (s->kind == SecretKind::X509Ca) {
            purposes << VerifyPurpose::Any;
            check.purposes << QStringLiteral("CA");
            // A CA with host names or `endpoint: server` is meant to be presented by a server.
            use.tlsServer = !s->spec.dns.isEmpty() || !s->spec.san.isEmpty() ||
                            s->spec.endpoint == CertEndpoint::Server || !dialed.isEmpty();
        } else {
            use.tlsServer = s->spec.endpoint != CertEndpoint::Client;
            use.tlsClient = s->spec.endpoint != CertEndpoint::Server;
            if (use.tlsServer) {
                purposes << VerifyPurpose::TlsServer;
                check.purposes << QStringLiteral("TLS server");
            }
            if (use.tlsClient) {
                purposes << VerifyPurpose::TlsClient;
                check.purposes << QStringLiteral("TLS client");
            }
        }
        bool first = true;
        for (VerifyPurpose p : purposes) {
            VerifyOptions o = base;
            o.purpose = p;
            // Host names are what servers are dialled by; a client-only certificate is not dialled.
            // A CA is checked like that only when it is presented by a server.
            if (p == VerifyPurpose::TlsServer || (p == VerifyPurpose::Any && use.tlsServer))
                o.hostnames = dialed;
            mergeInto(check.result, verifyCertificate(s->certificate, o), first);
            first = false;
        }
        const Certificate issuerCert = chain.size() > 1 ? chain.at(1) : Certificate();
        check.lint = lintCertificate(s->certificate, issuerCert, use);
        out << check;
    }
    return out;
}

}  // namespace workbench::models::certs
