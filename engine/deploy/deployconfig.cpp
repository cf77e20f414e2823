// SPDX-License-Identifier: Apache-2.0
#include "deploy/deployconfig.h"

#include "analysis/analysissnapshot.h"
#include "build/workfolder.h"
#include "jobs/jobhistory.h"
#include "manifest/manifestproject.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace workbench::engine::deploy {

using namespace workbench::models;

QString uploadRouteName(UploadRoute route)
{
    return route == UploadRoute::Direct ? QStringLiteral("direct") : QStringLiteral("sconectl");
}

std::optional<UploadRoute> parseUploadRoute(const QString &name)
{
    if (name == QLatin1String("direct"))
        return UploadRoute::Direct;
    if (name == QLatin1String("sconectl"))
        return UploadRoute::Sconectl;
    return std::nullopt;
}

QString deployStepName(DeployStep step)
{
    switch (step) {
    case DeployStep::Doctor:
        return QStringLiteral("doctor");
    case DeployStep::Build:
        return QStringLiteral("build");
    case DeployStep::Upload:
        return QStringLiteral("upload");
    case DeployStep::Deploy:
        return QStringLiteral("deploy");
    }
    return {};
}

std::optional<DeployStep> parseDeployStep(const QString &name)
{
    for (const DeployStep s : allDeploySteps())
        if (deployStepName(s) == name)
            return s;
    return std::nullopt;
}

QList<DeployStep> allDeploySteps()
{
    return {DeployStep::Doctor, DeployStep::Build, DeployStep::Upload, DeployStep::Deploy};
}

DeployProject DeployProject::fromProject(const QString &projectDir, const policy::DeploymentSettings &settings,
                                         const ManifestProject &project, const policy::PolicyPreview &preview)
{
    DeployProject p;
    p.projectDir = QDir(projectDir).absolutePath();
    p.settings = settings;
    const QDir root(p.projectDir);
    // Paths of a loaded project are as loadFolder() was given them (absolute for the command line).
    const auto relative = [&root](const QString &path) {
        return QDir::cleanPath(root.relativeFilePath(QFileInfo(path).absoluteFilePath()));
    };
    for (const ManifestFile *f : project.serviceFiles())
        p.serviceManifests << relative(f->path);
    if (!preview.meshFile.isEmpty())
        p.meshFile = relative(preview.meshFile);
    p.preview = preview;
    return p;
}

DeployProject DeployProject::fromAnalysis(const AnalysisSnapshot &analysis)
{
    return fromProject(analysis.projectDir, analysis.settings.values, analysis.project, analysis.policies);
}

QStringList DeployConfig::searchPath() const
{
    return environment.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts);
}

QString defaultWorkFolder(const QString &projectDir)
{
    const QString canonical = jobs::JobHistory::canonicalProjectPath(projectDir);
    const QString key =
        QString::fromLatin1(QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex().left(32));
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + QStringLiteral("/scone-workbench");
    return base + QStringLiteral("/work/") + key;
}

QString defaultCasApiUrl(const policy::DeploymentSettings &settings)
{
    QString address = settings.casAddress.trimmed();
    if (address.isEmpty())
        return {};
    if (address.startsWith(QLatin1String("https://")))
        address = address.mid(8);
    while (address.endsWith(QLatin1Char('/')))
        address.chop(1);
    // host, host:port, [v6], [v6]:port
    const qsizetype bracket = address.lastIndexOf(QLatin1Char(']'));
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    const bool hasPort = colon > bracket && (bracket >= 0 || address.count(QLatin1Char(':')) == 1);
    return QStringLiteral("https://") + address + (hasPort ? QString() : QStringLiteral(":8081"));
}

Status applySettingsDefaults(DeployConfig &config, bool buildChosen, bool uploadChosen)
{
    if (!config.project)
        return Ok{};
    const policy::DeploymentSettings &s = config.project->settings;
    if (!buildChosen) {
        const QString builder = s.value(QStringLiteral("BUILDER")).trimmed();
        if (builder.isEmpty() || builder == QLatin1String("sconectl")) {
            config.build.route = build::BuildRoute::Sconectl;
        } else if (builder == QLatin1String("native")) {
            config.build.route = build::BuildRoute::Native;
            config.build.builder.reset();
        } else if (const auto b = build::parseImageBuilder(builder)) {
            config.build.route = build::BuildRoute::Native;
            config.build.builder = *b;
        } else {
            return makeError(
                QStringLiteral("deploy.settings"),
                QStringLiteral("BUILDER is \"%1\"; use sconectl, buildah, podman, docker or native.").arg(builder));
        }
    }
    if (!uploadChosen) {
        const QString upload = s.value(QStringLiteral("UPLOAD")).trimmed();
        if (upload.isEmpty()) {
            config.upload.route = UploadRoute::Sconectl;
        } else if (const auto r = parseUploadRoute(upload)) {
            config.upload.route = *r;
        } else {
            return makeError(QStringLiteral("deploy.settings"),
                             QStringLiteral("UPLOAD is \"%1\"; use sconectl or direct.").arg(upload));
        }
    }
    if (config.upload.casUrl.isEmpty()) {
        config.upload.casUrl = s.value(QStringLiteral("CAS_API_URL")).trimmed();
        if (config.upload.casUrl.isEmpty())
            config.upload.casUrl = defaultCasApiUrl(s);
    }
    if (config.upload.casCaFile.isEmpty())
        config.upload.casCaFile = s.value(QStringLiteral("CAS_CA_FILE")).trimmed();
    if (config.upload.identityFile.isEmpty())
        config.upload.identityFile = s.value(QStringLiteral("CAS_IDENTITY_FILE")).trimmed();
    if (config.upload.serverName.isEmpty())
        config.upload.serverName = s.value(QStringLiteral("CAS_SERVER_NAME")).trimmed();
    if (config.kube.context.isEmpty())
        config.kube.context = s.kubeContext;
    if (config.kube.pullSecret.isEmpty())
        config.kube.pullSecret = s.value(QStringLiteral("PULL_SECRET")).trimmed();
    return Ok{};
}

namespace {
QString lastUploadPath(const QString &workDir)
{
    return workDir + QStringLiteral("/last-upload.json");
}
}  // namespace

Result<std::optional<LastUpload>> loadLastUpload(const QString &workDir)
{
    QFile f(lastUploadPath(workDir));
    if (!f.exists())
        return std::optional<LastUpload>();
    if (!f.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("deploy.work"),
                         QStringLiteral("Cannot read %1: %2").arg(f.fileName(), f.errorString()));
    const QJsonObject o = QJsonDocument::fromJson(f.read(64 * 1024)).object();
    const auto route = parseUploadRoute(o.value(QStringLiteral("route")).toString());
    if (!route)
        return makeError(QStringLiteral("deploy.work"),
                         QStringLiteral("%1 is not an upload record.").arg(f.fileName()));
    LastUpload u;
    u.route = *route;
    u.chartDir = o.value(QStringLiteral("chartDir")).toString();
    return std::optional<LastUpload>(u);
}

Status saveLastUpload(const QString &workDir, const LastUpload &upload)
{
    QJsonObject o{{QStringLiteral("route"), uploadRouteName(upload.route)}};
    if (!upload.chartDir.isEmpty())
        o.insert(QStringLiteral("chartDir"), upload.chartDir);
    return build::writeWorkFile(workDir, QStringLiteral("last-upload.json"), QJsonDocument(o).toJson());
}

}  // namespace workbench::engine::deploy
