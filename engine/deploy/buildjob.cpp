// SPDX-License-Identifier: Apache-2.0
#include "deploy/buildjob.h"

#include "build/containerfile.h"
#include "build/imagereference.h"
#include "build/sconectlinvocation.h"
#include "build/workfolder.h"
#include "manifest/yamldocument.h"
#include "process/toolinvocationspec.h"
#include "process/toollocator.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace workbench::engine::deploy {

using namespace workbench::models;
using namespace workbench::models::build;

Result<QList<ServicePlan>> planServiceBuilds(const DeployProject &project, const QStringList &only)
{
    const policy::VariableMap variables = policy::toVariableMap(project.settings.toVariables());
    const Result<QList<RenderedManifest>> rendered =
        renderManifests(project.projectDir, project.serviceManifests, variables);
    if (!rendered.ok())
        return rendered.error();
    QList<ServicePlan> all;
    for (const RenderedManifest &r : rendered.value()) {
        const ServiceManifest svc = ServiceManifest::fromDocument(YamlDocument::fromText(r.text, r.sourcePath));
        if (!svc.build.present || svc.build.name.value.trimmed().isEmpty())
            continue;
        all.append({svc.build.name.value.trimmed(), r.sourcePath, r, svc.build});
    }
    if (only.isEmpty())
        return all;
    QList<ServicePlan> chosen;
    QStringList names;
    for (const ServicePlan &p : all)
        names << p.service;
    for (const QString &name : only) {
        bool found = false;
        for (const ServicePlan &p : all)
            if (p.service == name) {
                bool dup = false;
                for (const ServicePlan &c : chosen)
                    dup = dup || c.service == name;
                if (!dup)
                    chosen << p;
                found = true;
            }
        if (!found)
            return makeError(
                QStringLiteral("build.service.unknown"),
                QStringLiteral("The project has no service \"%1\" to build (services: %2).")
                    .arg(name, names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
    }
    return chosen;
}

QString ServiceBuild::reference() const
{
    if (digest.isEmpty())
        return image;
    const Result<ImageReference> ref = parseImageReference(image);
    if (!ref.ok())
        return image + QLatin1Char('@') + digest;
    return ref->withDigest(digest);
}

QString serviceBuildStateName(ServiceBuild::State state)
{
    switch (state) {
    case ServiceBuild::State::Pending:
        return QStringLiteral("pending");
    case ServiceBuild::State::Building:
        return QStringLiteral("building");
    case ServiceBuild::State::Pushing:
        return QStringLiteral("pushing");
    case ServiceBuild::State::Built:
        return QStringLiteral("built");
    case ServiceBuild::State::Failed:
        return QStringLiteral("failed");
    case ServiceBuild::State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

BuildJob::BuildJob(std::shared_ptr<const DeployConfig> config, QObject *parent)
    : StepJob(QStringLiteral("Build"), parent)
    , m_config(std::move(config))
{}

void BuildJob::setRow(int index, ServiceBuild::State state)
{
    ServiceBuild &row = m_rows[index];
    row.state = state;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (row.startedMs == 0 && state != ServiceBuild::State::Pending)
        row.startedMs = now;
    if (row.startedMs)
        row.elapsedMs = now - row.startedMs;
    Q_EMIT serviceChanged(index);
}

void BuildJob::run()
{
    const DeployProject &project = *m_config->project;
    const QString &work = m_config->workDir;
    if (Status s = checkWorkFolder(project.projectDir, work); !s) {
        failWith(s.error());
        return;
    }
    if (Status s = makePrivateFolder(work); !s) {
        failWith(s.error());
        return;
    }
    info(QStringLiteral("Working folder: %1").arg(work));
    Result<QList<ServicePlan>> plans = planServiceBuilds(project, m_config->build.services);
    if (!plans.ok()) {
        failWith(plans.error());
        return;
    }
    m_plans = std::move(plans).value();
    if (m_plans.isEmpty()) {
        failWith(makeError(QStringLiteral("build.nothing"),
                           QStringLiteral("The project has no service manifest with a build section.")));
        return;
    }

    QString builderName = QStringLiteral("sconectl");
    if (m_config->build.route == BuildRoute::Native) {
        QHash<QString, QString> found;
        const auto isFound = [&](ImageBuilder b) {
            const QString name = imageBuilderName(b);
            const Result<QString> path =
                process::ToolLocator::locate(name, m_config->toolPath(name), m_config->searchPath());
            if (path.ok())
                found.insert(name, path.value());
            return path.ok();
        };
        m_builder = chooseImageBuilder(m_config->build.builder, isFound);
        if (!m_builder) {
            failWith(makeError(QStringLiteral("build.builder"),
                               QStringLiteral("No image builder found: install buildah, podman or docker "
                                              "(sudo apt install buildah), or choose the sconectl route.")));
            return;
        }
        builderName = imageBuilderName(*m_builder);
        info(QStringLiteral("Native build with %1").arg(builderName));
    } else {
        info(QStringLiteral("Build with sconectl"));
    }
    for (const ServicePlan &p : std::as_const(m_plans)) {
        ServiceBuild row;
        row.service = p.service;
        row.manifestPath = p.manifestPath;
        row.image = p.build.to.value.trimmed();
        row.builder = builderName;
        m_rows << row;
    }
    Q_EMIT servicesPlanned();
    m_next = 0;
    buildNext();
}

void BuildJob::buildNext()
{
    if (stopIfCancelled())
        return;
    if (m_next >= m_rows.size()) {
        setProgress(1.0, QString());
        reportSucceeded();
        return;
    }
    const int index = m_next++;
    setProgress(double(index) / double(m_rows.size()), QStringLiteral("Building %1").arg(m_rows.at(index).service));
    info(QStringLiteral("== %1 (%2)").arg(m_rows.at(index).service, m_rows.at(index).manifestPath));
    if (const Result<ImageReference> ref = parseImageReference(m_rows.at(index).image); !ref.ok()) {
        Error e = ref.error();
        e.message = QStringLiteral("%1: build.to: %2").arg(m_rows.at(index).manifestPath, e.message);
        serviceDone(index, e);
        return;
    }
    setRow(index, ServiceBuild::State::Building);
    if (m_builder)
        buildNative(index);
    else
        buildSconectl(index);
}

void BuildJob::buildNative(int index)
{
    const DeployProject &project = *m_config->project;
    const QString &work = m_config->workDir;
    const ServicePlan &plan = m_plans.at(index);
    ServiceBuild &row = m_rows[index];
    const Result<QString> base = nativeBaseImage(plan.build, project.settings);
    if (!base.ok()) {
        serviceDone(index, base.error());
        return;
    }
    const Result<QString> containerfile = generateContainerfile(plan.build, base.value(), plan.manifestPath);
    if (!containerfile.ok()) {
        serviceDone(index, containerfile.error());
        return;
    }
    const Result<BuildContext> ctx =
        planBuildContext(project.projectDir, plan.manifestPath, plan.build, BuildRoute::Native);
    if (!ctx.ok()) {
        serviceDone(index, ctx.error());
        return;
    }
    if (Status s = writeRenderedManifests(work, {plan.rendered}); !s) {
        serviceDone(index, s.error());
        return;
    }
    if (Status s = writeBuildContext(project.projectDir, work, ctx.value(), containerfile->toUtf8()); !s) {
        serviceDone(index, s.error());
        return;
    }
    row.containerfile = containerfile.value();
    row.containerfilePath = work + QLatin1Char('/') + ctx->containerfile;
    Q_EMIT serviceChanged(index);
    info(QStringLiteral("Containerfile %1:").arg(row.containerfilePath));
    for (const QString &line : containerfile->split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        info(QStringLiteral("    ") + line);

    const QString iidFile = work + QStringLiteral("/.build/") + plan.service + QStringLiteral(".iid");
    QFile::remove(iidFile);
    if (Status s = makePrivateFolder(QFileInfo(iidFile).absolutePath()); !s) {
        serviceDone(index, s.error());
        return;
    }
    const ToolInvocation inv = imageBuildInvocation(*m_builder, ctx->contextDir(work), row.containerfilePath, row.image,
                                                    iidFile, m_config->environment);
    process::ProcessSpec spec = process::processSpecFor(inv, m_config->toolPath(inv.program));
    runTool(QStringLiteral("build %1").arg(plan.service), std::move(spec),
            [this, index, iidFile](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    serviceDone(index, r.error());
                    return;
                }
                QFile f(iidFile);
                const Result<QString> id =
                    f.open(QIODevice::ReadOnly)
                        ? parseDigest(f.read(4096))
                        : Result<QString>(makeError(QStringLiteral("build.digest"),
                                                    QStringLiteral("The builder wrote no image ID.")));
                if (id.ok())
                    m_rows[index].imageId = id.value();
                if (m_config->build.noPush) {
                    info(QStringLiteral("Built %1 (image %2), not pushed (--no-push)")
                             .arg(m_rows.at(index).image, m_rows.at(index).imageId));
                    serviceDone(index, Ok{});
                    return;
                }
                pushNative(index);
            });
}

void BuildJob::pushNative(int index)
{
    if (stopIfCancelled())
        return;
    setRow(index, ServiceBuild::State::Pushing);
    const ServicePlan &plan = m_plans.at(index);
    const QString digestFile =
        m_config->workDir + QStringLiteral("/.build/") + plan.service + QStringLiteral(".digest");
    QFile::remove(digestFile);
    const ToolInvocation inv =
        imagePushInvocation(*m_builder, m_rows.at(index).image, digestFile, m_config->environment);
    process::ProcessSpec spec = process::processSpecFor(inv, m_config->toolPath(inv.program));
    spec.collectStdoutLimit = 4 * 1024 * 1024;
    runTool(QStringLiteral("push %1").arg(plan.service), std::move(spec),
            [this, index, digestFile](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    serviceDone(index, r.error());
                    return;
                }
                Result<QString> digest = makeError(QStringLiteral("build.digest"), QString());
                if (writesDigestFile(*m_builder)) {
                    QFile f(digestFile);
                    digest = f.open(QIODevice::ReadOnly)
                                 ? parseDigest(f.read(4096))
                                 : Result<QString>(makeError(QStringLiteral("build.digest"),
                                                             QStringLiteral("The push wrote no digest file.")));
                } else {
                    digest = parseDockerPushDigest(r->stdoutBytes);
                }
                if (!digest.ok()) {
                    serviceDone(index, digest.error());
                    return;
                }
                m_rows[index].digest = digest.value();
                info(QStringLiteral("Pushed %1").arg(m_rows.at(index).reference()));
                serviceDone(index, Ok{});
            });
}

void BuildJob::buildSconectl(int index)
{
    const DeployProject &project = *m_config->project;
    const QString &work = m_config->workDir;
    const ServicePlan &plan = m_plans.at(index);
    const Result<BuildContext> ctx =
        planBuildContext(project.projectDir, plan.manifestPath, plan.build, BuildRoute::Sconectl);
    if (!ctx.ok()) {
        serviceDone(index, ctx.error());
        return;
    }
    if (Status s = writeRenderedManifests(work, {plan.rendered}); !s) {
        serviceDone(index, s.error());
        return;
    }
    if (Status s = writeBuildContext(project.projectDir, work, ctx.value()); !s) {
        serviceDone(index, s.error());
        return;
    }
    SconectlOptions options = SconectlOptions::fromSettings(project.settings);
    if (m_config->build.mode)
        options.mode = *m_config->build.mode;
    options.noPush = m_config->build.noPush;
    const ToolInvocation inv = sconectlApplyService(ctx->contextDir(work), QFileInfo(ctx->renderedManifest).fileName(),
                                                    options, m_config->environment);
    process::ProcessSpec spec = process::processSpecFor(inv, m_config->toolPath(inv.program));
    spec.collectStdoutLimit = 4 * 1024 * 1024;
    runTool(QStringLiteral("sconectl %1").arg(plan.service), std::move(spec),
            [this, index](const Result<process::ProcessResult> &r) {
                if (!r.ok()) {
                    serviceDone(index, r.error());
                    return;
                }
                if (m_config->build.noPush) {
                    info(QStringLiteral("Built %1, not pushed (--no-push)").arg(m_rows.at(index).image));
                    serviceDone(index, Ok{});
                    return;
                }
                const Result<QString> digest = parseDockerPushDigest(r->stdoutBytes);
                if (!digest.ok()) {
                    Error e = digest.error();
                    e.message = QStringLiteral("sconectl printed no push digest for %1.").arg(m_rows.at(index).image);
                    serviceDone(index, e);
                    return;
                }
                m_rows[index].digest = digest.value();
                info(QStringLiteral("Pushed %1").arg(m_rows.at(index).reference()));
                serviceDone(index, Ok{});
            });
}

void BuildJob::serviceDone(int index, const Status &status)
{
    if (status.ok()) {
        setRow(index, ServiceBuild::State::Built);
        buildNext();
        return;
    }
    Error e = status.error();
    const bool cancelled = isCancelRequested() || e.isCancelled();
    m_rows[index].error = e;
    setRow(index, cancelled ? ServiceBuild::State::Cancelled : ServiceBuild::State::Failed);
    if (!cancelled)
        e.message = QStringLiteral("%1: %2").arg(m_rows.at(index).service, e.message);
    failWith(e);
}

}  // namespace workbench::engine::deploy
