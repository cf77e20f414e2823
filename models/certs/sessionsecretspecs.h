// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "certs/secretspec.h"
#include "core/parallelfor.h"

#include <QList>
#include <QStringList>

namespace workbench::models::policy {
struct CasSession;
}

namespace workbench::models::certs {

/// The certificate preview's input derived from generated (or read) CAS sessions.
struct SessionSecretSpecs {
    QList<SecretSpec> specs;  ///< private-key, x509, x509-ca secrets and the imports of them
    QStringList notes;        ///< what was left out and why (explicit values, remote imports, ...)
};

/// Converts the certificate-related secrets of @p sessions (policy generator output) into
/// SecretSpecs: kinds, key_type, private_key, issuer, common_name, dns, endpoint, valid_for and
/// the manifest line of each; imports become SecretSpec::importFrom (the generator already
/// resolved `../redis` to an absolute session name).
///
/// Also works out the names the mesh's clients dial: a variable of another session's service
/// environment whose name says host/addr/server/url and whose value is a host name for this
/// session's mesh service (`redis`, `rel-redis`, `rel-redis.ns.svc.cluster.local`, with scheme
/// and port stripped) is recorded as a dialled name of each server-capable leaf certificate of
/// that session (x509 with endpoint server or unset). E.g. the Flask side's
/// REDIS_HOST=secure-doc-management-redis is checked against the Redis server certificate.
SessionSecretSpecs secretSpecsFromSessions(const QList<policy::CasSession> &sessions,
                                           const ParallelFor &parallelFor = {});

/// The host part of @p value ("rediss://rel-redis:6379/0" -> "rel-redis"), empty when it is not
/// a plain host name or address.
QString hostFromValue(const QString &value);

}  // namespace workbench::models::certs
