// SPDX-License-Identifier: Apache-2.0
#include "deploy/uploadjob.h"

#include "build/sconectlinvocation.h"
#include "build/templaterender.h"
#include "build/workfolder.h"
#include "core/errorcodes.h"
#include "deploy/casendpoint.h"
#include "deploy/credentialresolver.h"
#include "deploy/supplyhint.h"
#include "net/httpclient.h"
#include "policy/policyreference.h"
#include "process/toolinvocationspec.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace workbench::engine::deploy {

using namespace workbench::models;
using namespace workbench::models::build;

QString sessionUploadStateName(SessionUpload::State state)
{
    switch (state) {
    case SessionUpload::State::Pending:
        return QStringLiteral("pending");
    case SessionUpload::State::Checking:
        return QStringLiteral("checking");
    case SessionUpload::State::Uploading:
        return QStringLiteral("uploading");
    case SessionUpload::State::Created:
        return QStringLiteral("created");
    case SessionUpload::State::Updated:
        return QStringLiteral("updated");
    case SessionUpload::State::Uploaded:
        return QStringLiteral("uploaded");
    case SessionUpload::State::Failed:
        return QStringLiteral("failed");
    case SessionUpload::State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString casRecordKey(const QUrl &url)
{
    return url.host() + QLatin1Char(':') + QString::number(url.port(443));
}

Result<std::shared_ptr<const net::TlsConfig>> casTlsConfig(const UploadOptions &options, const CasIdentity &identity,
                                                           bool commandLine)
{
    if (options.casCaFile.isEmpty())
        return makeError(QStringLiteral("upload.ca"),
                         QStringLiteral("No CA is pinned for the CAS; the direct upload trusts only that CA, never the "
                                        "system's. ") +
                             howToSupply(Needed::CasCa, commandLine));
    QFile f(options.casCaFile);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("upload.ca"),
                         QStringLiteral("Cannot read the CAS CA %1: %2").arg(options.casCaFile, f.errorString()));
    const QByteArray pem = f.read(4 * 1024 * 1024);
    if (!pem.contains("-----BEGIN CERTIFICATE-----"))
        return makeError(QStringLiteral("upload.ca"),
                         QStringLiteral("The CAS CA %1 holds no PEM certificate.").arg(options.casCaFile));
    auto tls = std::make_shared<net::TlsConfig>();
    tls->caPem = pem;
    tls->clientCertPem = identity.certificatePem;
    tls->clientKeyPem = identity.keyPem;
    tls->serverName = options.serverName;
    return std::shared_ptr<const net::TlsConfig>(std::move(tls));
}

// --- direct route --------------------------------------------------------------------------

UploadJob::UploadJob(std::shared_ptr<const DeployConfig> config, DeployServices services, QObject *parent)
    : CasStepJob(QStringLiteral("Upload"), std::move(config), std::move(services), parent)
{}

void UploadJob::run()
{
    const DeployProject &project = *m_config->project;
    const Result<QUrl> base = checkCasUrl(m_config->upload.casUrl, m_config->commandLine);
    if (!base.ok()) {
        failWith(base.error());
        return;
    }
    m_casKey = casRecordKey(base.value());
    if (project.preview.hasErrors()) {
        failWith(makeError(QStringLiteral("upload.project"),
                           QStringLiteral("The project has errors; nothing is uploaded (scone-workbench validate "
                                          "lists them).")));
        return;
    }
    Result<QList<CasUploadItem>> items = planCasUpload(project.preview.sessions);
    if (!items.ok()) {
        failWith(items.error());
        return;
    }
    m_items = std::move(items).value();
    for (const CasUploadItem &item : std::as_const(m_items)) {
        SessionUpload row;
        row.session = item.session;
        m_rows << row;
    }
    Q_EMIT sessionsPlanned();
    Result<UploadRecord> record = loadUploadRecord(project.projectDir);
    if (!record.ok()) {
        warning(record.error().toString() + QStringLiteral(" (starting a new record)"));
    } else {
        m_record = std::move(record).value();
    }
    info(QStringLiteral("Direct upload of %1 sessions to %2").arg(m_items.size()).arg(base->toString()));
    connectToCas([this] {
        info(QStringLiteral("Trusting only the CA in %1 for the CAS").arg(m_cas.caFile));
        m_next = 0;
        uploadNext();
    });
}

net::HttpRequest UploadJob::request(const QByteArray &method, const QString &path) const
{
    return m_cas.request(method, path);
}

Error UploadJob::describeTransportError(const Error &error) const
{
    return m_cas.describeTransportError(error);
}

void UploadJob::uploadNext()
{
    if (stopIfCancelled())
        return;
    if (m_next >= m_items.size()) {
        finishAll();
        return;
    }
    m_attempt = 1;
    getCurrent(m_next++);
}

void UploadJob::getCurrent(int index)
{
    SessionUpload &row = m_rows[index];
    row.state = SessionUpload::State::Checking;
    Q_EMIT sessionChanged(index);
    setProgress(double(index) / double(m_items.size()), QStringLiteral("Uploading %1").arg(row.session));
    const QString path = casSessionPath(row.session);
    sendHttp(m_services.http, request("GET", path), [this, index, path](const Result<net::HttpResponse> &r) {
        if (!r.ok()) {
            sessionFailed(index, describeTransportError(r.error()));
            return;
        }
        const Result<std::optional<CasSessionState>> current = parseGetSessionResponse(r->head.status, r->body);
        if (!current.ok()) {
            sessionFailed(index, current.error());
            return;
        }
        info(QStringLiteral("GET %1: %2")
                 .arg(path, current.value() ? QStringLiteral("exists, hash %1").arg(current.value()->hash)
                                            : QStringLiteral("not on the CAS yet")));
        post(index, current.value());
    });
}

void UploadJob::post(int index, const std::optional<CasSessionState> &current)
{
    if (stopIfCancelled())
        return;
    SessionUpload &row = m_rows[index];
    const std::optional<UploadedSession> recorded = m_record.find(m_casKey, row.session);
    const UploadDecision decision = decideUpload(current ? std::optional<QString>(current->hash) : std::nullopt,
                                                 recorded ? std::optional<QString>(recorded->hash) : std::nullopt);
    QByteArray body = m_items.at(index).body;
    if (decision.action == UploadDecision::Action::Update) {
        Result<QByteArray> updated = withPredecessor(body, decision.predecessor);
        if (!updated.ok()) {
            sessionFailed(index, updated.error());
            return;
        }
        body = std::move(updated).value();
        row.predecessor = decision.predecessor;
        row.changedElsewhere = decision.changedElsewhere;
        if (decision.changedElsewhere)
            warning(QStringLiteral("%1 was changed on the CAS since this project uploaded it (recorded hash %2, now "
                                   "%3); updating it anyway")
                        .arg(row.session, recorded->hash, decision.predecessor));
    }
    row.state = SessionUpload::State::Uploading;
    Q_EMIT sessionChanged(index);
    net::HttpRequest req = request("POST", casCreateSessionPath());
    req.header("Content-Type", "application/octet-stream");
    req.secretBody = std::make_shared<const certs::SecretBytes>(body.constData(), std::size_t(body.size()));
    const bool update = decision.action == UploadDecision::Action::Update;
    info(QStringLiteral("POST /session: %1 %2%3")
             .arg(update ? QStringLiteral("update") : QStringLiteral("create"), row.session,
                  update ? QStringLiteral(" (predecessor %1)").arg(decision.predecessor) : QString()));
    sendHttp(m_services.http, std::move(req), [this, index, update](const Result<net::HttpResponse> &r) {
        if (!r.ok()) {
            sessionFailed(index, describeTransportError(r.error()));
            return;
        }
        const Result<QString> hash = parseCreateSessionResponse(r->head.status, r->body);
        if (!hash.ok()) {
            if (hash.error().code == QLatin1String("upload.conflict") && m_attempt == 1) {
                ++m_attempt;
                warning(QStringLiteral("%1 changed on the CAS while uploading; reading its hash again")
                            .arg(m_rows.at(index).session));
                getCurrent(index);
                return;
            }
            sessionFailed(index, hash.error());
            return;
        }
        const SessionUpload::State state = update ? SessionUpload::State::Updated : SessionUpload::State::Created;
        if (hash.value().isEmpty()) {
            readBackHash(index, state);  // a legacy CAS answers with text
            return;
        }
        sessionDone(index, state, hash.value());
    });
}

void UploadJob::readBackHash(int index, SessionUpload::State state)
{
    sendHttp(m_services.http, request("GET", casSessionPath(m_rows.at(index).session)),
             [this, index, state](const Result<net::HttpResponse> &r) {
                 if (!r.ok()) {
                     sessionFailed(index, describeTransportError(r.error()));
                     return;
                 }
                 const Result<std::optional<CasSessionState>> current =
                     parseGetSessionResponse(r->head.status, r->body);
                 if (!current.ok() || !current.value()) {
                     sessionFailed(index, current.ok() ? makeError(QStringLiteral("upload.cas"),
                                                                   QStringLiteral("The CAS accepted %1 but does not "
                                                                                  "return it.")
                                                                       .arg(m_rows.at(index).session))
                                                       : current.error());
                     return;
                 }
                 sessionDone(index, state, current.value()->hash);
             });
}

void UploadJob::sessionDone(int index, SessionUpload::State state, const QString &hash)
{
    SessionUpload &row = m_rows[index];
    row.state = state;
    row.hash = hash;
    Q_EMIT sessionChanged(index);
    info(QStringLiteral("%1 %2: hash %3")
             .arg(row.session,
                  state == SessionUpload::State::Updated ? QStringLiteral("updated") : QStringLiteral("created"),
                  hash));
    m_record.record({m_casKey, row.session, hash, QDateTime::currentDateTimeUtc()});
    if (Status s = saveUploadRecord(m_config->project->projectDir, m_record); !s)
        warning(QStringLiteral("the hash could not be recorded: %1").arg(s.error().toString()));
    uploadNext();
}

void UploadJob::sessionFailed(int index, Error error)
{
    const bool cancelled = isCancelRequested() || error.isCancelled();
    m_rows[index].state = cancelled ? SessionUpload::State::Cancelled : SessionUpload::State::Failed;
    m_rows[index].error = error;
    Q_EMIT sessionChanged(index);
    if (!cancelled)
        error.message = QStringLiteral("%1: %2").arg(m_rows.at(index).session, error.message);
    failWith(error);
}

void UploadJob::finishAll()
{
    const DeployProject &project = *m_config->project;
    QList<QPair<QString, QString>> uploaded;
    for (const policy::CasSession &s : project.preview.sessions)
        uploaded.append({s.name, policy::storableSessionText(s)});
    if (Status s = policy::storeReferences(project.projectDir, policy::ReferenceKind::Uploaded, uploaded); !s)
        warning(QStringLiteral("the uploaded sessions could not be kept for comparison: %1").arg(s.error().toString()));
    if (Status s = saveLastUpload(m_config->workDir, {UploadRoute::Direct, QString()}); !s)
        warning(s.error().toString());
    setProgress(1.0, QString());
    reportSucceeded();
}

// --- sconectl route ------------------------------------------------------------------------

SconectlUploadJob::SconectlUploadJob(std::shared_ptr<const DeployConfig> config, QObject *parent)
    : StepJob(QStringLiteral("Upload"), parent)
    , m_config(std::move(config))
{}

void SconectlUploadJob::run()
{
    const DeployProject &project = *m_config->project;
    const QString &work = m_config->workDir;
    if (project.meshFile.isEmpty()) {
        failWith(
            makeError(QStringLiteral("upload.mesh"), QStringLiteral("The project has no mesh manifest to apply.")));
        return;
    }
    if (Status s = checkWorkFolder(project.projectDir, work); !s) {
        failWith(s.error());
        return;
    }
    for (const QString &name : project.preview.upload.order) {
        SessionUpload row;
        row.session = name;
        m_rows << row;
    }
    Q_EMIT sessionsPlanned();
    // The mesh and the service manifests it names, rendered into the working folder (sconectl
    // sees only its working directory).
    QStringList files = project.serviceManifests;
    files.prepend(project.meshFile);
    const Result<QList<RenderedManifest>> rendered =
        renderManifests(project.projectDir, files, policy::toVariableMap(project.settings.toVariables()));
    if (!rendered.ok()) {
        failWith(rendered.error());
        return;
    }
    if (Status s = writeRenderedManifests(work, rendered.value()); !s) {
        failWith(s.error());
        return;
    }
    const QString meshOut = rendered->first().outputPath;
    const QString meshDir = QFileInfo(work + QLatin1Char('/') + meshOut).absolutePath();
    m_chartDir = meshDir + QStringLiteral("/target/helm");
    SconectlOptions options = SconectlOptions::fromSettings(project.settings);
    if (m_config->build.mode)
        options.mode = *m_config->build.mode;
    options.kubeconfig = m_config->kube.kubeconfig;
    const ToolInvocation inv = sconectlApplyMesh(meshDir, QFileInfo(meshOut).fileName(), project.settings.release,
                                                 options, m_config->environment);
    for (int i = 0; i < m_rows.size(); ++i) {
        m_rows[i].state = SessionUpload::State::Uploading;
        Q_EMIT sessionChanged(i);
    }
    setProgress(-1.0, QStringLiteral("sconectl apply -f %1").arg(QFileInfo(meshOut).fileName()));
    runTool(QStringLiteral("sconectl apply mesh"), process::processSpecFor(inv, m_config->toolPath(inv.program)),
            [this](const Result<process::ProcessResult> &r) { finished(r); });
}

void SconectlUploadJob::finished(const Result<process::ProcessResult> &result)
{
    const bool ok = result.ok();
    for (int i = 0; i < m_rows.size(); ++i) {
        m_rows[i].state = ok ? SessionUpload::State::Uploaded
                             : (isCancelRequested() || result.error().isCancelled() ? SessionUpload::State::Cancelled
                                                                                    : SessionUpload::State::Failed);
        Q_EMIT sessionChanged(i);
    }
    if (!ok) {
        failWith(result.error());
        return;
    }
    if (!QFileInfo::exists(m_chartDir + QStringLiteral("/Chart.yaml"))) {
        failWith(makeError(QStringLiteral("upload.chart"),
                           QStringLiteral("sconectl finished but wrote no helm chart to %1.").arg(m_chartDir)));
        return;
    }
    info(QStringLiteral("Helm chart written by sconectl: %1").arg(m_chartDir));
    if (Status s = saveLastUpload(m_config->workDir, {UploadRoute::Sconectl, m_chartDir}); !s)
        warning(s.error().toString());
    setProgress(1.0, QString());
    reportSucceeded();
}

}  // namespace workbench::engine::deploy
