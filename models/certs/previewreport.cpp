// SPDX-License-Identifier: Apache-2.0
#include "certs/previewreport.h"

#include <QHash>
#include <QSet>

namespace workbench::models::certs {

namespace {

QString validityText(const Certificate &cert, const QDateTime &now)
{
    const QDateTime end = cert.notAfter();
    if (end.date().year() >= 9999)
        return QStringLiteral("no expiry");
    const qint64 days = cert.daysLeft(now);
    if (days < 0)
        return QStringLiteral("expired %1 (%2 days ago)").arg(end.toString(Qt::ISODate)).arg(-days);
    return QStringLiteral("until %1 (%2 days left)").arg(end.toString(Qt::ISODate)).arg(days);
}

/// The certificates each origin issued (in request order), looked up instead of searched.
using Children = QHash<QString, QList<const IssuedSecret *>>;

void appendTree(QString &out, const IssuedSecrets &issued, const Children &children, const IssuedSecret &node,
                const QDateTime &now, int depth, QSet<QString> &visited)
{
    if (visited.contains(node.origin.toString()))
        return;
    visited.insert(node.origin.toString());
    const QString indent(depth * 4 + 2, QLatin1Char(' '));
    out += indent + (depth ? QStringLiteral("└─ ") : QString()) + node.origin.toString() + QStringLiteral("  [") +
           secretKindName(node.kind) +
           (node.spec.endpoint != CertEndpoint::Unspecified ? QStringLiteral(", ") + endpointName(node.spec.endpoint)
                                                            : QString()) +
           QStringLiteral("]  ") + describeCertificate(node.certificate, now) + QLatin1Char('\n');
    for (const IssuedSecret *imp : issued.importsOf(node.origin))
        out += indent + QStringLiteral("   ⇢ imported by ") + imp->spec.session + QStringLiteral(" as ") +
               imp->spec.name + QLatin1Char('\n');
    for (const IssuedSecret *child : children.value(node.origin.toString()))
        if (child->issuerOrigin == node.origin && child->origin != node.origin)
            appendTree(out, issued, children, *child, now, depth + 1, visited);
}

}  // namespace

QString describeCertificate(const Certificate &cert, const QDateTime &now)
{
    if (cert.isNull())
        return QStringLiteral("(no certificate)");
    QStringList parts;
    parts << QStringLiteral("CN=") + cert.commonName();
    parts << cert.keyAlgorithm() + (cert.keyAlgorithm().startsWith(QLatin1String("RSA"))
                                        ? QStringLiteral(" ") + QString::number(cert.keyBits())
                                        : QString());
    if (cert.isCa())
        parts << QStringLiteral("CA");
    const QStringList sans = cert.subjectAltNames();
    if (!sans.isEmpty())
        parts << QStringLiteral("SAN ") + sans.join(QStringLiteral(", "));
    const QStringList eku = cert.extendedKeyUsage();
    if (!eku.isEmpty())
        parts << QStringLiteral("EKU ") + eku.join(QStringLiteral(", "));
    parts << validityText(cert, now);
    return parts.join(QStringLiteral("; "));
}

QString formatPreviewReport(const IssuedSecrets &issued, const QList<CertificateCheck> &checks, const QDateTime &now,
                            const QStringList &extraNotes)
{
    QString out;
    out += QStringLiteral("Certificate preview, issued %1\n").arg(now.toString(Qt::ISODate));
    out += QStringLiteral("These keys and certificates were generated locally to test the chains the CAS policies\n"
                          "describe. The CAS generates its own at run time; never deploy these.\n\n");
    out += QStringLiteral("Tree (issuer → issued; ⇢ marks sessions that import a secret)\n");
    QSet<QString> visited;
    const QList<const IssuedSecret *> origins = issued.originCertificates();
    Children children;
    for (const IssuedSecret *s : origins)
        if (!s->issuerOrigin.isEmpty())
            children[s->issuerOrigin.toString()].append(s);
    for (const IssuedSecret *s : origins)
        if (s->issuerOrigin.isEmpty())
            appendTree(out, issued, children, *s, now, 0, visited);
    for (const IssuedSecret *s : origins)  // anything not reached (should not happen)
        if (!visited.contains(s->origin.toString()))
            appendTree(out, issued, children, *s, now, 0, visited);

    int failed = 0;
    int warnings = 0;
    out += QStringLiteral("\nVerification\n");
    for (const CertificateCheck &c : checks) {
        QString line = QStringLiteral("  %1  %2  (%3")
                           .arg(c.verified() ? QStringLiteral("OK  ") : QStringLiteral("FAIL"), c.secret.toString(),
                                c.purposes.join(QStringLiteral(", ")));
        if (!c.result.checkedHostnames.isEmpty())
            line += QStringLiteral("; dialled as ") + c.result.checkedHostnames.join(QStringLiteral(", "));
        out += line + QStringLiteral(")\n");
        if (!c.verified())
            ++failed;
        for (const VerificationProblem &p : c.result.problems)
            out += QStringLiteral("        problem %1: %2\n").arg(p.name, p.message);
        for (const LintWarning &w : c.lint) {
            out += QStringLiteral("        warning %1: %2\n").arg(w.code, w.message);
            ++warnings;
        }
    }
    out += QStringLiteral("\n%1 certificates, %2 verified, %3 failed, %4 lint warnings\n")
               .arg(checks.size())
               .arg(checks.size() - failed)
               .arg(failed)
               .arg(warnings);

    QStringList notes = extraNotes;
    for (const IssueNote &n : issued.notes())
        notes << n.secret.toString() + QStringLiteral(": ") + n.message;
    if (!notes.isEmpty()) {
        out += QStringLiteral("\nNotes\n");
        for (const QString &n : std::as_const(notes))
            out += QStringLiteral("  - ") + n + QLatin1Char('\n');
    }
    return out;
}

}  // namespace workbench::models::certs
