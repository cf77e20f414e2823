// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/issuedsecrets.h"
#include "certs/previewcheck.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace workbench::models::certs {

/// One line describing a certificate: CN, key, SANs, EKU, validity and days left at @p now.
QString describeCertificate(const Certificate &cert, const QDateTime &now);

/// The text of `certs`' report.txt: the issuer tree (CA → leaves, imports under their origin),
/// then each certificate's verification result with every problem and lint warning, then the
/// notes of issuance and of @p extraNotes.
QString formatPreviewReport(const IssuedSecrets &issued, const QList<CertificateCheck> &checks, const QDateTime &now,
                            const QStringList &extraNotes = {});

}  // namespace workbench::models::certs
