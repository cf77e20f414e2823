// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "build/casidentity.h"
#include "build/casupload.h"
#include "build/uploadrecord.h"
#include "deploy/casendpoint.h"
#include "deploy/deployconfig.h"
#include "deploy/stepjob.h"
#include "net/tlsconfig.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace workbench::engine::deploy {

/// One session of the Upload step (a row of the step).
struct SessionUpload {
    enum class State { Pending, Checking, Uploading, Created, Updated, Uploaded, Failed, Cancelled };
    QString session;
    State state = State::Pending;
    QString hash;         ///< the CAS's hash after the upload; empty when not known
    QString predecessor;  ///< the hash it replaced (an update)
    /// The CAS's hash was not the one this project recorded: someone else updated the session.
    bool changedElsewhere = false;
    std::optional<Error> error;
};
QString sessionUploadStateName(SessionUpload::State state);

/// The Upload step on the direct route: the sessions, in upload order (namespace session
/// first, exporters before importers), to the CAS REST API over mutual TLS with the engine's
/// HttpClient: `GET /v1/sessions/<name>` for the current hash, then `POST /session` with the
/// session YAML (an existing session with `predecessor: <hash>`; a conflict is retried once
/// after reading the hash again). Only the pinned CA is trusted: a CAS certificate that does
/// not lead to it ends the step before any request is sent (`net.tls`). The identity is the
/// client certificate (credentialresolver.h). The hashes are recorded in the project's
/// `.scone-workbench/uploads.json` after each session, and the uploaded sessions (explicit
/// secret values redacted) in `.scone-workbench/uploaded/`. Session bodies are never logged.
class UploadJob : public CasStepJob
{
    Q_OBJECT
public:
    UploadJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent = nullptr);

    const QList<SessionUpload> &sessions() const { return m_rows; }

Q_SIGNALS:
    void sessionsPlanned();
    void sessionChanged(int index);

protected:
    void run() override;

private:
    void uploadNext();
    void getCurrent(int index);
    void post(int index, const std::optional<models::build::CasSessionState> &current);
    void readBackHash(int index, SessionUpload::State state);
    void sessionDone(int index, SessionUpload::State state, const QString &hash);
    void sessionFailed(int index, Error error);
    void finishAll();
    net::HttpRequest request(const QByteArray &method, const QString &path) const;
    Error describeTransportError(const Error &error) const;

    QString m_casKey;  ///< host:port, the record's key
    QList<models::build::CasUploadItem> m_items;
    QList<SessionUpload> m_rows;
    models::build::UploadRecord m_record;
    int m_next = 0;
    int m_attempt = 0;
};

/// The Upload step on the sconectl route: the mesh (and the service manifests) rendered into
/// the working folder, then `sconectl apply -f mesh.yaml --release RELEASE --mode=… [--set-version V]`
/// in the mesh's folder (no `-n`: for a mesh it means --no-pull). sconectl uploads the
/// sessions and writes the helm chart to `target/helm`, which the Deploy step then installs.
class SconectlUploadJob : public StepJob
{
    Q_OBJECT
public:
    explicit SconectlUploadJob(std::shared_ptr<const DeployConfig> config, QObject *parent = nullptr);

    /// The sessions sconectl uploads, in upload order (names by the workbench's own rule,
    /// `<APP_NAMESPACE>/<service>`). sconectl prints no hashes: `hash` stays empty.
    const QList<SessionUpload> &sessions() const { return m_rows; }
    /// The chart sconectl wrote.
    QString chartDir() const { return m_chartDir; }

Q_SIGNALS:
    void sessionsPlanned();
    void sessionChanged(int index);

protected:
    void run() override;

private:
    void finished(const Result<process::ProcessResult> &result);

    std::shared_ptr<const DeployConfig> m_config;
    QList<SessionUpload> m_rows;
    QString m_chartDir;
};

/// The TLS settings of the direct route: the pinned CA (PEM file, required: without it the
/// upload is refused), the identity as client certificate, the server name override.
/// Errors: `upload.ca` (no CA given, unreadable, not PEM).
/// @p commandLine words the fix for the command line (see howToSupply()).
Result<std::shared_ptr<const net::TlsConfig>>
casTlsConfig(const UploadOptions &options, const models::build::CasIdentity &identity, bool commandLine);

/// `host:port` of a CAS URL (the key of the upload record).
QString casRecordKey(const QUrl &url);

}  // namespace workbench::engine::deploy
