// SPDX-License-Identifier: Apache-2.0
#include "deploy/casendpoint.h"

#include "core/errorcodes.h"
#include "deploy/credentialresolver.h"
#include "deploy/supplyhint.h"
#include "deploy/uploadjob.h"

namespace workbench::engine::deploy {

net::HttpRequest CasEndpoint::request(const QByteArray &method, const QString &path) const
{
    QUrl url = base;
    url.setPath(path, QUrl::TolerantMode);
    net::HttpRequest r(method, url);
    r.tls = tls;
    r.totalTimeoutMs = 120000;
    r.header("Accept", "application/json");
    return r;
}

Error CasEndpoint::describeTransportError(const Error &error) const
{
    Error e = error;
    if (error.code == errc::tlsServer)
        e.message = QStringLiteral("The CAS at %1 is not trusted: its certificate does not lead to the pinned CA %2 "
                                   "(or is not issued for its name). Nothing was sent.")
                        .arg(base.toString(), caFile);
    else if (error.code == errc::tlsClientCert)
        e.message =
            QStringLiteral("The CAS at %1 refused the client certificate (the CAS identity).").arg(base.toString());
    return e;
}

Result<QUrl> checkCasUrl(const QString &url, bool commandLine)
{
    const QUrl base(url);
    if (url.isEmpty() || !base.isValid() || base.scheme() != QLatin1String("https") || base.host().isEmpty())
        return makeError(QStringLiteral("upload.cas-url"),
                         url.isEmpty()
                             ? QStringLiteral("No CAS address. ") + howToSupply(Needed::CasAddress, commandLine)
                             : QStringLiteral("The CAS address %1 is not https://HOST:PORT.").arg(url));
    return base;
}

void resolveCasEndpoint(const DeployConfig &config, const CredentialStore *store, QObject *context,
                        const CasNotes &notes, CasEndpointCallback done)
{
    Result<QUrl> base = checkCasUrl(config.upload.casUrl, config.commandLine);
    if (!base.ok()) {
        done(base.error());
        return;
    }
    const UploadOptions options = config.upload;
    const bool commandLine = config.commandLine;
    resolveCasIdentity(
        config, store, context,
        [options, commandLine, base = base.value(), notes, done](const Result<ResolvedIdentity> &r) {
            if (!r.ok()) {
                done(r.error());
                return;
            }
            for (const QString &note : r->notes)
                notes(note);
            if (!r->identity) {
                done(makeError(QStringLiteral("upload.identity"),
                               QStringLiteral("No CAS identity. ") + howToSupply(Needed::CasIdentity, commandLine)));
                return;
            }
            Result<std::shared_ptr<const net::TlsConfig>> tls = casTlsConfig(options, *r->identity, commandLine);
            if (!tls.ok()) {
                done(tls.error());
                return;
            }
            done(CasEndpoint{base, options.casCaFile, tls.value()});
        });
}

CasStepJob::CasStepJob(const QString &title, std::shared_ptr<const DeployConfig> config, DeployServices services,
                       QObject *parent)
    : StepJob(title, parent)
    , m_config(std::move(config))
    , m_services(std::move(services))
{}

void CasStepJob::connectToCas(std::function<void()> connected)
{
    resolveCasEndpoint(
        *m_config, m_services.credentials.get(), this, [this](const QString &note) { info(note); },
        [this, connected = std::move(connected)](const Result<CasEndpoint> &endpoint) {
            if (stopIfCancelled())
                return;
            if (!endpoint.ok()) {
                failWith(endpoint.error());
                return;
            }
            m_cas = endpoint.value();
            connected();
        });
}

}  // namespace workbench::engine::deploy
