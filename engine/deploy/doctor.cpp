// SPDX-License-Identifier: Apache-2.0
#include "deploy/doctor.h"

#include "build/toolversion.h"
#include "deploy/credentialresolver.h"
#include "deploy/credentialstore.h"
#include "deploy/supplyhint.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "process/toolinvocationspec.h"
#include "process/toollocator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

namespace workbench::engine::deploy {

using namespace workbench::models::build;

namespace {

const QLatin1String kBuildSconectl("build:sconectl");
const QLatin1String kBuildNative("build:native");
const QLatin1String kUploadSconectl("upload:sconectl");
const QLatin1String kUploadDirect("upload:direct");
const QLatin1String kDeploy("deploy");

QStringList neededByTool(Tool tool)
{
    switch (tool) {
    case Tool::Sconectl:
        return {kBuildSconectl, kUploadSconectl};
    case Tool::Docker:
        // sconectl runs its container through the docker client (DOCKER_HOST may point at podman).
        return {kBuildSconectl, kUploadSconectl, QStringLiteral("build:docker")};
    case Tool::Buildah:
        return {QStringLiteral("build:buildah")};
    case Tool::Podman:
        return {QStringLiteral("build:podman")};
    case Tool::Helm:
        return {kDeploy};
    case Tool::Kubectl:
        // The Deploy step runs kubectl for the namespace, the pull secret and the pods until it
        // talks to the Kubernetes API itself (engine/kube).
        return {kDeploy};
    }
    return {};
}

QString toolFix(Tool tool)
{
    return QStringLiteral("Install it: %1. Or set its path in the settings.").arg(toolInstallHint(tool));
}

bool isNativeBuildKey(const QString &key)
{
    return key == QLatin1String("build:buildah") || key == QLatin1String("build:podman") ||
           key == QLatin1String("build:docker");
}

}  // namespace

QStringList doctorRouteKeys()
{
    return {kBuildSconectl,
            kBuildNative,
            QStringLiteral("build:buildah"),
            QStringLiteral("build:podman"),
            QStringLiteral("build:docker"),
            kUploadSconectl,
            kUploadDirect,
            kDeploy};
}

QString buildRouteKey(const BuildOptions &options)
{
    if (options.route == BuildRoute::Sconectl)
        return kBuildSconectl;
    if (options.builder)
        return QStringLiteral("build:") + imageBuilderName(*options.builder);
    return kBuildNative;
}

QString uploadRouteKey(UploadRoute route)
{
    return route == UploadRoute::Direct ? QString(kUploadDirect) : QString(kUploadSconectl);
}

QString doctorStatusName(DoctorCheck::Status status)
{
    switch (status) {
    case DoctorCheck::Status::Ok:
        return QStringLiteral("ok");
    case DoctorCheck::Status::Missing:
        return QStringLiteral("missing");
    case DoctorCheck::Status::Warning:
        return QStringLiteral("warning");
    case DoctorCheck::Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

const DoctorCheck *DoctorReport::check(const QString &id) const
{
    for (const DoctorCheck &c : checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

const RouteReadiness *DoctorReport::route(const QString &key) const
{
    for (const RouteReadiness &r : routes)
        if (r.key == key)
            return &r;
    return nullptr;
}

void finishReport(DoctorReport &report)
{
    report.routes.clear();
    for (const QString &key : doctorRouteKeys()) {
        RouteReadiness r;
        r.key = key;
        if (key == kBuildNative)
            continue;  // from the three builders below
        r.ready = true;
        for (const DoctorCheck &c : report.checks)
            if (c.neededBy.contains(key) && !c.isOk()) {
                r.ready = false;
                r.missing << c.title;
            }
        report.routes << r;
    }
    RouteReadiness native;
    native.key = kBuildNative;
    for (const RouteReadiness &r : report.routes)
        if (isNativeBuildKey(r.key)) {
            native.ready = native.ready || r.ready;
            native.missing += r.missing;
        }
    if (native.ready)
        native.missing.clear();
    report.routes.insert(1, native);

    for (DoctorCheck &c : report.checks) {
        c.required = false;
        for (const QString &key : report.chosenRoutes)
            if (c.neededBy.contains(key))
                c.required = true;
    }
}

bool DoctorReport::ok() const
{
    if (!chosenRoutes.isEmpty()) {
        for (const QString &key : chosenRoutes) {
            const RouteReadiness *r = route(key);
            if (!r || !r->ready)
                return false;
        }
        return true;
    }
    for (const QString &step : {QStringLiteral("build:"), QStringLiteral("upload:"), QStringLiteral("deploy")}) {
        bool any = false;
        for (const RouteReadiness &r : routes)
            any = any || (r.key.startsWith(step) && r.ready);
        if (!any)
            return false;
    }
    return true;
}

QStringList DoctorReport::problems() const
{
    QStringList keys = chosenRoutes;
    if (keys.isEmpty()) {
        for (const QString &step : {QStringLiteral("build:"), QStringLiteral("upload:"), QStringLiteral("deploy")}) {
            bool any = false;
            for (const RouteReadiness &r : routes)
                any = any || (r.key.startsWith(step) && r.ready);
            if (!any)
                for (const RouteReadiness &r : routes)
                    if (r.key.startsWith(step))
                        keys << r.key;
        }
    }
    QStringList out;
    for (const QString &key : keys) {
        const RouteReadiness *r = route(key);
        if (!r || r->ready)
            continue;
        for (const DoctorCheck &c : checks) {
            const bool needed = c.neededBy.contains(key) || (key == kBuildNative && [&] {
                                    for (const QString &k : c.neededBy)
                                        if (isNativeBuildKey(k))
                                            return true;
                                    return false;
                                }());
            if (!needed || c.isOk())
                continue;
            QString line = c.title + QStringLiteral(": ") + c.detail;
            if (!c.fix.isEmpty())
                line += QStringLiteral(" Fix: ") + c.fix;
            if (!out.contains(line))
                out << line;
        }
    }
    return out;
}

QJsonObject DoctorReport::toJson() const
{
    QJsonArray checkArray;
    for (const DoctorCheck &c : checks) {
        QJsonObject o{{QStringLiteral("id"), c.id},
                      {QStringLiteral("title"), c.title},
                      {QStringLiteral("status"), doctorStatusName(c.status)},
                      {QStringLiteral("detail"), c.detail},
                      {QStringLiteral("neededBy"), QJsonArray::fromStringList(c.neededBy)},
                      {QStringLiteral("required"), c.required}};
        if (!c.fix.isEmpty() && !c.isOk())
            o.insert(QStringLiteral("fix"), c.fix);
        if (!c.version.isEmpty())
            o.insert(QStringLiteral("version"), c.version);
        if (!c.path.isEmpty())
            o.insert(QStringLiteral("path"), c.path);
        checkArray.append(o);
    }
    QJsonArray routeArray;
    for (const RouteReadiness &r : routes)
        routeArray.append(QJsonObject{{QStringLiteral("route"), r.key},
                                      {QStringLiteral("ready"), r.ready},
                                      {QStringLiteral("missing"), QJsonArray::fromStringList(r.missing)}});
    return QJsonObject{{QStringLiteral("ok"), ok()},
                       {QStringLiteral("checks"), checkArray},
                       {QStringLiteral("routes"), routeArray},
                       {QStringLiteral("chosenRoutes"), QJsonArray::fromStringList(chosenRoutes)}};
}

QString DoctorReport::toText() const
{
    QString s;
    int width = 0;
    for (const DoctorCheck &c : checks)
        width = qMax(width, int(c.title.size()));
    for (const DoctorCheck &c : checks) {
        QString mark;
        switch (c.status) {
        case DoctorCheck::Status::Ok:
            mark = QStringLiteral("ok     ");
            break;
        case DoctorCheck::Status::Missing:
            mark = c.required ? QStringLiteral("MISSING") : QStringLiteral("missing");
            break;
        case DoctorCheck::Status::Warning:
            mark = QStringLiteral("warning");
            break;
        case DoctorCheck::Status::Skipped:
            mark = QStringLiteral("skipped");
            break;
        }
        s += mark + QStringLiteral("  ") + c.title.leftJustified(width) + QStringLiteral("  ") + c.detail +
             QLatin1Char('\n');
        if (!c.isOk() && c.status != DoctorCheck::Status::Skipped && !c.fix.isEmpty())
            s += QString(9 + width + 2, QLatin1Char(' ')) + QStringLiteral("fix: ") + c.fix + QLatin1Char('\n');
    }
    s += QStringLiteral("routes:\n");
    for (const RouteReadiness &r : routes) {
        s += QStringLiteral("  ") + r.key.leftJustified(16) +
             (r.ready ? QStringLiteral("ready")
                      : QStringLiteral("not ready (") + r.missing.join(QStringLiteral(", ")) + QLatin1Char(')'));
        if (chosenRoutes.contains(r.key))
            s += QStringLiteral("  <- this run");
        s += QLatin1Char('\n');
    }
    return s;
}

// --- the job -------------------------------------------------------------------------------

DoctorJob::DoctorJob(std::shared_ptr<const DeployConfig> config, DeployServices services, DoctorScope scope,
                     QObject *parent)
    : StepJob(QStringLiteral("Doctor"), parent)
    , m_config(std::move(config))
    , m_services(std::move(services))
    , m_scope(std::move(scope))
{
    m_report.chosenRoutes = m_scope.chosenRoutes;
}

int DoctorJob::addCheck(DoctorCheck check)
{
    m_report.checks << std::move(check);
    const int index = int(m_report.checks.size() - 1);
    Q_EMIT checkChanged(index);
    return index;
}

void DoctorJob::run()
{
    info(QStringLiteral("Checking the tools, the Kubernetes context and the credentials"));
    m_nextTool = 0;
    checkNextTool();
}

void DoctorJob::checkNextTool()
{
    if (stopIfCancelled())
        return;
    const QList<Tool> tools = allTools();
    if (m_nextTool >= tools.size()) {
        checkKube();
        return;
    }
    const Tool tool = tools.at(m_nextTool++);
    const QString program = toolProgram(tool);
    setProgress(double(m_nextTool - 1) / double(tools.size() + 3), QStringLiteral("Looking for %1").arg(program));
    DoctorCheck c;
    c.id = QStringLiteral("tool.") + program;
    c.title = program;
    c.neededBy = neededByTool(tool);
    c.fix = toolFix(tool);
    const Result<QString> located =
        process::ToolLocator::locate(program, m_config->toolPath(program), m_config->searchPath());
    if (!located.ok()) {
        c.status = DoctorCheck::Status::Missing;
        c.detail =
            m_config->toolPath(program).isEmpty() ? QStringLiteral("not found on PATH") : located.error().message;
        addCheck(c);
        checkNextTool();
        return;
    }
    c.path = located.value();
    process::ProcessSpec spec =
        process::processSpecFor(versionInvocation(tool, m_config->environment), m_config->toolPath(program));
    spec.collectStdoutLimit = 256 * 1024;
    spec.terminateGraceMs = 500;
    auto timedOut = std::make_shared<bool>(false);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, timedOut] {
        *timedOut = true;
        cancelTool();
    });
    timer->start(m_scope.versionTimeoutMs);
    runTool(QStringLiteral("%1 version").arg(program), std::move(spec),
            [this, c, tool, timer, timedOut](const Result<process::ProcessResult> &r) mutable {
                timer->stop();
                timer->deleteLater();
                if (isCancelRequested()) {
                    stopIfCancelled();
                    return;
                }
                if (*timedOut) {
                    c.status = DoctorCheck::Status::Missing;
                    c.detail = QStringLiteral("found at %1 but did not answer within %2 s")
                                   .arg(c.path)
                                   .arg(m_scope.versionTimeoutMs / 1000);
                    c.fix = QStringLiteral("Check that %1 works on its own: %2").arg(c.title, c.path);
                } else if (!r.ok()) {
                    c.status = DoctorCheck::Status::Missing;
                    c.detail = QStringLiteral("found at %1 but it failed: %2").arg(c.path, r.error().message);
                    c.fix = QStringLiteral("Check that %1 works on its own: %2").arg(c.title, c.path);
                } else {
                    const Result<QString> version = parseToolVersion(tool, r->stdoutBytes);
                    c.status = DoctorCheck::Status::Ok;
                    if (version.ok()) {
                        c.version = version.value();
                        c.detail = (c.version.isEmpty() ? QStringLiteral("found") : c.version) +
                                   QStringLiteral(" at ") + c.path;
                    } else {
                        c.detail = QStringLiteral("found at %1 (version not recognised)").arg(c.path);
                    }
                }
                addCheck(c);
                checkNextTool();
            });
}

void DoctorJob::checkKube()
{
    if (stopIfCancelled())
        return;
    setProgress(0.7, QStringLiteral("Kubernetes context"));
    DoctorCheck c;
    c.id = QStringLiteral("kube.context");
    c.title = QStringLiteral("Kubernetes context");
    c.neededBy = {kDeploy};
    c.fix = howToSupply(Needed::KubeContext, m_config->commandLine);
    const Result<models::kube::Kubeconfig> loaded = models::kube::KubeconfigLoader::load(
        m_config->kube.kubeconfig, m_config->environment.value(QStringLiteral("KUBECONFIG")), m_config->homeDir);
    if (!loaded.ok()) {
        c.status = DoctorCheck::Status::Missing;
        c.detail = loaded.error().toString();
    } else {
        const QString ns = m_config->project ? m_config->project->settings.kubeNamespace : QString();
        const Result<models::kube::KubeConnection> connection =
            models::kube::KubeConnection::resolve(loaded.value(), m_config->kube.context, ns);
        if (!connection.ok()) {
            c.status = DoctorCheck::Status::Missing;
            c.detail = connection.error().message;
        } else {
            c.status = DoctorCheck::Status::Ok;
            c.detail = connection->describe();
            for (const QString &w : connection->warnings)
                c.detail += QStringLiteral("; ") + w;
        }
    }
    const bool resolved = c.status == DoctorCheck::Status::Ok;
    addCheck(c);
    if (resolved)
        checkReachable();
    else
        checkCasSettings();
}

void DoctorJob::checkReachable()
{
    if (stopIfCancelled())
        return;
    DoctorCheck c;
    c.id = QStringLiteral("kube.reachable");
    c.title = QStringLiteral("Kubernetes API server");
    c.neededBy = {kDeploy};
    c.fix = QStringLiteral("Check that the cluster is running and reachable from here (VPN, proxy), and that the "
                           "context's credentials are valid: kubectl version.");
    const Result<QString> kubectl = process::ToolLocator::locate(
        QStringLiteral("kubectl"), m_config->toolPath(QStringLiteral("kubectl")), m_config->searchPath());
    if (!kubectl.ok()) {
        c.status = DoctorCheck::Status::Skipped;
        c.detail = QStringLiteral("not checked without kubectl");
        addCheck(c);
        checkCasSettings();
        return;
    }
    setProgress(0.75, QStringLiteral("Kubernetes API server"));
    QStringList args;
    if (!m_config->kube.kubeconfig.isEmpty())
        args << QStringLiteral("--kubeconfig") << m_config->kube.kubeconfig;
    if (!m_config->kube.context.isEmpty())
        args << QStringLiteral("--context") << m_config->kube.context;
    args << QStringLiteral("version") << QStringLiteral("-o") << QStringLiteral("json")
         << QStringLiteral("--request-timeout=%1s").arg(qMax(1, m_scope.versionTimeoutMs / 1000));
    ToolInvocation inv;
    inv.program = QStringLiteral("kubectl");
    inv.arguments = args;
    inv.environment = m_config->environment;
    process::ProcessSpec spec = process::processSpecFor(inv, m_config->toolPath(QStringLiteral("kubectl")));
    spec.collectStdoutLimit = 256 * 1024;
    runTool(QStringLiteral("kubectl version"), std::move(spec),
            [this, c](const Result<process::ProcessResult> &r) mutable {
                if (stopIfCancelled())
                    return;
                const QString server = r.ok() ? QJsonDocument::fromJson(r->stdoutBytes)
                                                    .object()
                                                    .value(QStringLiteral("serverVersion"))
                                                    .toObject()
                                                    .value(QStringLiteral("gitVersion"))
                                                    .toString()
                                              : QString();
                if (!server.isEmpty()) {
                    c.status = DoctorCheck::Status::Ok;
                    c.version = server;
                    c.detail = QStringLiteral("reachable, server %1").arg(server);
                } else {
                    c.status = DoctorCheck::Status::Missing;
                    const QString why =
                        !r.ok() ? r.error().message : r->stderrTail.trimmed().section(QLatin1Char('\n'), -1);
                    c.detail =
                        QStringLiteral("not reachable: %1").arg(why.isEmpty() ? QStringLiteral("no answer") : why);
                }
                addCheck(c);
                checkCasSettings();
            },
            {0, 1});
}

void DoctorJob::checkCasSettings()
{
    if (stopIfCancelled())
        return;
    DoctorCheck url;
    url.id = QStringLiteral("cas.url");
    url.title = QStringLiteral("CAS address");
    url.neededBy = {kUploadDirect};
    url.fix = howToSupply(Needed::CasAddress, m_config->commandLine);
    DoctorCheck ca;
    ca.id = QStringLiteral("cas.ca");
    ca.title = QStringLiteral("CAS CA (pinned)");
    ca.neededBy = {kUploadDirect};
    ca.fix = howToSupply(Needed::CasCa, m_config->commandLine);
    if (!m_config->project && m_config->upload.casUrl.isEmpty() && m_config->upload.casCaFile.isEmpty()) {
        url.status = ca.status = DoctorCheck::Status::Skipped;
        url.detail = ca.detail = QStringLiteral("not checked without a project");
        url.neededBy.clear();
        ca.neededBy.clear();
    } else {
        const QUrl u(m_config->upload.casUrl);
        if (m_config->upload.casUrl.isEmpty()) {
            url.status = DoctorCheck::Status::Missing;
            url.detail = QStringLiteral("no CAS address");
        } else if (!u.isValid() || u.scheme() != QLatin1String("https") || u.host().isEmpty()) {
            url.status = DoctorCheck::Status::Missing;
            url.detail = QStringLiteral("%1 is not an https://HOST:PORT address").arg(m_config->upload.casUrl);
        } else {
            url.status = DoctorCheck::Status::Ok;
            url.detail = m_config->upload.casUrl;
        }
        if (m_config->upload.casCaFile.isEmpty()) {
            ca.status = DoctorCheck::Status::Missing;
            ca.detail = QStringLiteral("no CA is pinned for the CAS");
        } else {
            QFile f(m_config->upload.casCaFile);
            const QByteArray pem = f.open(QIODevice::ReadOnly) ? f.read(1024 * 1024) : QByteArray();
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                ca.status = DoctorCheck::Status::Missing;
                ca.detail = QStringLiteral("%1 is not a readable PEM certificate").arg(m_config->upload.casCaFile);
            } else {
                ca.status = DoctorCheck::Status::Ok;
                ca.detail = m_config->upload.casCaFile;
            }
        }
    }
    addCheck(url);
    addCheck(ca);
    checkIdentity();
}

void DoctorJob::checkIdentity()
{
    setProgress(0.8, QStringLiteral("CAS identity"));
    resolveCasIdentity(*m_config, m_services.credentials.get(), this, [this](const Result<ResolvedIdentity> &r) {
        if (stopIfCancelled())
            return;
        DoctorCheck c;
        c.id = QStringLiteral("cas.identity");
        c.title = QStringLiteral("CAS identity");
        c.neededBy = {kUploadDirect};
        c.fix = howToSupply(Needed::CasIdentity, m_config->commandLine);
        if (!r.ok()) {
            c.status = DoctorCheck::Status::Missing;
            c.detail = r.error().toString();
        } else {
            for (const QString &note : r->notes)
                info(note);
            if (r->identity) {
                c.status = DoctorCheck::Status::Ok;
                c.detail = QStringLiteral("from %1 (certificate sha256 %2…)")
                               .arg(r->identity->source, r->identity->fingerprint.left(16));
            } else {
                c.status = DoctorCheck::Status::Missing;
                c.detail = QStringLiteral("none in the keychain or in scone's state file");
            }
        }
        addCheck(c);
        checkRegistries();
    });
}

void DoctorJob::checkRegistries()
{
    if (stopIfCancelled())
        return;
    if (!m_scope.checkProject || !m_config->project) {
        done();
        return;
    }
    setProgress(0.9, QStringLiteral("Registry logins"));
    const QStringList registries = chartRegistries(m_config->project->preview);
    resolveRegistryLogins(
        registries, *m_config, m_services.credentials.get(), this, [this, registries](const Result<ResolvedLogins> &r) {
            if (stopIfCancelled())
                return;
            const QString fix = QStringLiteral("Store a login in the keychain (credentials dialog), or log in "
                                               "with the container tools (podman login HOST, docker login HOST).");
            if (!r.ok()) {
                DoctorCheck c;
                c.id = QStringLiteral("registry.logins");
                c.title = QStringLiteral("registry logins");
                c.neededBy = {kDeploy};
                c.status = DoctorCheck::Status::Missing;
                c.detail = r.error().toString();
                c.fix = fix;
                addCheck(c);
                done();
                return;
            }
            for (const QString &registry : registries) {
                DoctorCheck c;
                c.id = QStringLiteral("registry.") + registry;
                c.title = QStringLiteral("login for %1").arg(registry);
                c.neededBy = {kDeploy};
                c.fix = fix;
                if (r->withoutCredentials.contains(registry)) {
                    c.status = DoctorCheck::Status::Warning;
                    c.detail = QStringLiteral("none found: no pull secret is made for it, pods pull anonymously");
                } else {
                    c.status = DoctorCheck::Status::Ok;
                    for (const auto &login : r->logins)
                        if (login->registry == registry)
                            c.detail = QStringLiteral("user %1 (from %2)").arg(login->username, login->sourceFile);
                }
                addCheck(c);
            }
            done();
        });
}

void DoctorJob::done()
{
    if (stopIfCancelled())
        return;
    finishReport(m_report);
    setProgress(1.0, QString());
    const QStringList lines = m_report.toText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines)
        info(line);
    if (!m_report.chosenRoutes.isEmpty() && !m_report.ok()) {
        const QStringList problems = m_report.problems();
        Error e = makeError(QStringLiteral("doctor.missing"),
                            QStringLiteral("This run cannot start: %1").arg(problems.join(QStringLiteral("; "))));
        reportFailed(e);
        return;
    }
    reportSucceeded();
}

}  // namespace workbench::engine::deploy
