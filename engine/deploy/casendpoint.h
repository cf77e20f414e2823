// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "deploy/deployconfig.h"
#include "deploy/stepjob.h"
#include "net/httprequest.h"
#include "net/tlsconfig.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace workbench::engine::deploy {

/// The CAS REST API as the direct route reaches it (the Upload step, Compare with CAS): its
/// address, and TLS that trusts only the pinned CA and presents the user's CAS identity.
struct CasEndpoint {
    QUrl base;
    QString caFile;  ///< the pinned CA, named in errors
    std::shared_ptr<const net::TlsConfig> tls;

    /// A request for @p path (JSON accepted, 2 min at most).
    net::HttpRequest request(const QByteArray &method, const QString &path) const;
    /// @p error of a request, told in the CAS's terms: an untrusted CAS certificate ("nothing
    /// was sent"), a refused identity; other errors as they are.
    Error describeTransportError(const Error &error) const;
};

/// `https://HOST:PORT` checked: `upload.cas-url` when empty, not HTTPS or without a host.
Result<QUrl> checkCasUrl(const QString &url, bool commandLine);

/// Notes of the identity lookup (where it was found), for the log.
using CasNotes = std::function<void(const QString &)>;
using CasEndpointCallback = std::function<void(const Result<CasEndpoint> &)>;
/// Resolves the endpoint of @p config's upload options: the address checked, the CAS identity
/// found (--identity / CAS_IDENTITY_FILE, the keychain through @p store when not null, scone's
/// state file) and TLS pinned to the CA. @p done runs on @p context's thread. Errors:
/// `upload.cas-url`, `upload.identity` (none anywhere), `upload.ca`, a malformed identity file.
void resolveCasEndpoint(const DeployConfig &config, const CredentialStore *store, QObject *context,
                        const CasNotes &notes, CasEndpointCallback done);

/// Base of the steps that talk to the CAS REST API (the direct Upload step, Compare with CAS):
/// the run's configuration and services, and the endpoint once connectToCas() resolved it.
class CasStepJob : public StepJob
{
    Q_OBJECT
protected:
    CasStepJob(const QString &title, std::shared_ptr<const DeployConfig> config, DeployServices services,
               QObject *parent = nullptr);

    /// resolveCasEndpoint() for this job: its notes go to the log; a cancel or an error ends the
    /// job, otherwise m_cas is set and @p connected runs.
    void connectToCas(std::function<void()> connected);

    std::shared_ptr<const DeployConfig> m_config;
    DeployServices m_services;
    CasEndpoint m_cas;
};

}  // namespace workbench::engine::deploy
