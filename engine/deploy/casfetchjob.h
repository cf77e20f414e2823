// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/casupload.h"
#include "deploy/casendpoint.h"
#include "deploy/deployconfig.h"
#include "deploy/stepjob.h"

#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine::deploy {

/// One session as the CAS has it now.
struct FetchedSession {
    QString session;                                      ///< the generated session's name
    std::optional<models::build::CasSessionState> state;  ///< text and hash; nullopt: not on the CAS
    std::optional<Error> error;                           ///< this session could not be read
};

/// Compare with CAS, its fetch: `GET /v1/sessions/<name>` of every session the project
/// generates (upload order) from the CAS of the direct route, over the same mutual TLS as the
/// Upload step (pinned CA, the user's CAS identity). Read-only: nothing is sent but the GETs and
/// nothing is written into the project. A session the CAS does not have is a result, not a
/// failure; a session that cannot be read (permission, an error of the CAS) is listed with its
/// error and the others are still read; an untrusted CAS, a refused identity or a missing
/// address ends the job.
class CasFetchJob : public CasStepJob
{
    Q_OBJECT
public:
    CasFetchJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent = nullptr);

    /// The sessions read so far, in upload order.
    const QList<FetchedSession> &sessions() const { return m_rows; }
    /// `https://HOST:PORT` of the CAS read from.
    QString casUrl() const { return m_cas.base.toString(); }

protected:
    void run() override;

private:
    void fetchNext();

    QStringList m_names;
    QList<FetchedSession> m_rows;
};

}  // namespace workbench::engine::deploy
