// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/opensslhandles.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace workbench::models::certs::detail {

/// A read-only memory BIO over @p data (which must outlive the BIO).
BioPtr memoryBio(const QByteArray &data);
/// Everything written to a memory BIO.
QByteArray bioContents(BIO *bio);

/// ASN1_TIME (UTCTime or GeneralizedTime) as UTC QDateTime; invalid when unparsable.
QDateTime toDateTime(const ASN1_TIME *time);
/// Sets @p time to @p when (UTC, seconds). False on failure.
bool setAsn1Time(ASN1_TIME *time, const QDateTime &when);

/// One-line RFC 2253 form of a name ("CN=redis,O=x").
QString nameToString(const X509_NAME *name);
/// First entry of @p nid (e.g. NID_commonName) as UTF-8; empty when absent.
QString nameEntry(const X509_NAME *name, int nid);

/// "AB:CD:..." (upper-case, colon-separated), or plain upper-case hex when @p colons is false.
QString toHex(const QByteArray &bytes, bool colons = true);
QString toHex(const ASN1_STRING *s, bool colons = true);

/// "EC P-256", "Ed25519", "RSA", ... for any key (public or private).
QString keyAlgorithm(EVP_PKEY *key);

/// "P-256" for a curve group name such as "prime256v1"; the input when unknown.
QString curveDisplayName(const QString &groupName);

}  // namespace workbench::models::certs::detail
