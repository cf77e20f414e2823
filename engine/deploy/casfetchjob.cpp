// SPDX-License-Identifier: Apache-2.0
#include "deploy/casfetchjob.h"

#include "net/httpclient.h"

namespace workbench::engine::deploy {

CasFetchJob::CasFetchJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent)
    : CasStepJob(QStringLiteral("Compare with CAS"), std::move(config), std::move(services), parent)
{}

void CasFetchJob::run()
{
    const DeployProject &project = *m_config->project;
    m_names = project.preview.upload.order;
    if (m_names.isEmpty())
        for (const models::policy::CasSession &s : project.preview.sessions)
            m_names << s.name;
    if (m_names.isEmpty()) {
        failWith(makeError(QStringLiteral("upload.project"),
                           QStringLiteral("The project generates no session to compare.")));
        return;
    }
    connectToCas([this] {
        info(QStringLiteral("Reading %1 sessions from %2 (trusting only the CA in %3)")
                 .arg(m_names.size())
                 .arg(m_cas.base.toString(), m_cas.caFile));
        fetchNext();
    });
}

void CasFetchJob::fetchNext()
{
    if (stopIfCancelled())
        return;
    const int index = int(m_rows.size());
    if (index >= m_names.size()) {
        setProgress(1.0, QString());
        reportSucceeded();
        return;
    }
    const QString name = m_names.at(index);
    setProgress(double(index) / double(m_names.size()), QStringLiteral("Reading %1").arg(name));
    const QString path = models::build::casSessionPath(name);
    sendHttp(m_services.http, m_cas.request("GET", path), [this, name, path](const Result<net::HttpResponse> &r) {
        if (!r.ok()) {
            // The connection itself (trust, identity, the network): the next GET would meet it too.
            failWith(m_cas.describeTransportError(r.error()));
            return;
        }
        FetchedSession row;
        row.session = name;
        Result<std::optional<models::build::CasSessionState>> state =
            models::build::parseGetSessionResponse(r->head.status, r->body);
        if (state.ok()) {
            row.state = std::move(state).value();
            info(QStringLiteral("GET %1: %2")
                     .arg(path, row.state ? QStringLiteral("hash %1").arg(row.state->hash)
                                          : QStringLiteral("not on the CAS")));
        } else {
            row.error = state.error();
            warning(QStringLiteral("GET %1: %2").arg(path, state.error().message));
        }
        m_rows << row;
        fetchNext();
    });
}

}  // namespace workbench::engine::deploy
