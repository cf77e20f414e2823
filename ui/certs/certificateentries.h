// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/certificate.h"
#include "certs/certificatelint.h"
#include "certs/certificatetree.h"
#include "certs/certificateverifier.h"
#include "certs/issuedsecrets.h"
#include "certs/previewcheck.h"
#include "certs/privatekey.h"

#include <QHash>
#include <QList>
#include <QString>

namespace workbench::ui {

/// One row of the Certificates area's chain tree: a certificate with what is known about it.
/// Entries form a forest through parent/children (CA → issued); an import entry points at its
/// origin through linkTo and shows the origin's certificate.
struct CertificateEntry {
    enum class Kind { PreviewCa, PreviewLeaf, PreviewImport, Inspected };
    Kind kind = Kind::Inspected;
    QString title;   ///< secret name, or the certificate's CN
    QString source;  ///< session name, file name or host:port
    models::certs::Certificate certificate;
    models::certs::PrivateKey key;            ///< null when not known (inspected without key)
    QList<models::certs::Certificate> chain;  ///< leaf → root, as far as known
    bool verified = false;
    bool checked = false;  ///< verification ran for this entry
    models::certs::VerificationResult verification;
    QList<models::certs::LintWarning> lint;
    QString purposes;                 ///< "TLS server, TLS client", "CA"
    models::certs::SecretRef secret;  ///< previews: the secret (for imports: the importer's)
    QString sourceFile;               ///< manifest of the secret (previews)
    int sourceLine = 0;
    int parent = -1;
    QList<int> children;
    int linkTo = -1;  ///< import entries: index of the origin entry
};

/// Entries for a preview: CAs as roots, certificates under their issuer, and under each origin
/// one entry per session that imports it.
QList<CertificateEntry> entriesFromPreview(const models::certs::IssuedSecrets &issued,
                                           const QList<models::certs::CertificateCheck> &checks);

/// Entries for inspected certificates (a file, pasted text, a TLS peer chain) arranged by
/// issuer. @p results holds the verification of the end entities by node index.
struct InspectedCertificates {
    QString source;
    models::certs::CertificateTree tree;
    QList<models::certs::PrivateKey> keys;
    QHash<int, models::certs::VerificationResult> results;
    QHash<int, QList<models::certs::LintWarning>> lint;
};
QList<CertificateEntry> entriesFromInspection(const InspectedCertificates &inspected);

}  // namespace workbench::ui
