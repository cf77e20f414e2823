// SPDX-License-Identifier: Apache-2.0
#include "certs/secretspec.h"

namespace workbench::models::certs {

QString secretKindName(SecretKind kind)
{
    switch (kind) {
    case SecretKind::PrivateKey:
        return QStringLiteral("private-key");
    case SecretKind::X509:
        return QStringLiteral("x509");
    case SecretKind::X509Ca:
        return QStringLiteral("x509-ca");
    }
    return {};
}

QString endpointName(CertEndpoint endpoint)
{
    switch (endpoint) {
    case CertEndpoint::Unspecified:
        return {};
    case CertEndpoint::Server:
        return QStringLiteral("server");
    case CertEndpoint::Client:
        return QStringLiteral("client");
    }
    return {};
}

}  // namespace workbench::models::certs
