// SPDX-License-Identifier: Apache-2.0
#include "deploy/deploychoice.h"

#include "analysis/analysissnapshot.h"
#include "session/settingsstore.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

namespace workbench::engine::deploy {

using namespace workbench::models;

QString RouteChoice::builderValue() const
{
    if (build == build::BuildRoute::Sconectl)
        return QStringLiteral("sconectl");
    return builder ? build::imageBuilderName(*builder) : QStringLiteral("native");
}

std::optional<RouteChoice> RouteChoice::withBuilderValue(RouteChoice base, const QString &value)
{
    const QString v = value.trimmed();
    if (v.isEmpty() || v == QLatin1String("sconectl")) {
        base.build = build::BuildRoute::Sconectl;
        base.builder.reset();
    } else if (v == QLatin1String("native")) {
        base.build = build::BuildRoute::Native;
        base.builder.reset();
    } else if (const auto b = build::parseImageBuilder(v)) {
        base.build = build::BuildRoute::Native;
        base.builder = *b;
    } else {
        return std::nullopt;
    }
    return base;
}

RouteChoice RouteChoice::fromSettings(const policy::DeploymentSettings &settings)
{
    RouteChoice choice;
    if (const auto c = withBuilderValue(choice, settings.value(QStringLiteral("BUILDER"))))
        choice = *c;
    if (const auto u = parseUploadRoute(settings.value(QStringLiteral("UPLOAD")).trimmed()))
        choice.upload = *u;
    return choice;
}

Status rememberRouteChoice(SettingsStore &settings, const RouteChoice &choice)
{
    if (settings.isReadOnly())
        return makeError(QStringLiteral("deploy.settings"),
                         QStringLiteral("The route choice cannot be kept: %1").arg(settings.readOnlyReason()));
    const bool hadEdits = settings.isModified();
    const policy::DeploymentSettings &now = settings.settings();
    bool changed = false;
    if (now.value(QStringLiteral("BUILDER")).trimmed() != choice.builderValue()) {
        if (Status st = settings.setValue(QStringLiteral("BUILDER"), choice.builderValue()); !st)
            return st;
        changed = true;
    }
    if (now.value(QStringLiteral("UPLOAD")).trimmed() != uploadRouteName(choice.upload)) {
        if (Status st = settings.setValue(QStringLiteral("UPLOAD"), uploadRouteName(choice.upload)); !st)
            return st;
        changed = true;
    }
    if (changed && !hadEdits)
        return settings.save();
    return Ok{};
}

build::Environment processEnvironment()
{
    build::Environment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &k : system.keys())
        env.insert(k, system.value(k));
    return env;
}

Result<std::shared_ptr<const DeployConfig>> deployConfigFor(const AnalysisSnapshot &analysis, const RouteChoice &choice,
                                                            const QStringList &unsavedFiles)
{
    if (analysis.projectDir.isEmpty())
        return makeError(QStringLiteral("deploy.project"), QStringLiteral("No project is open."));
    // A provisional snapshot (typing in a big project) has the new parse but the previous
    // policies: nothing is built or uploaded from it.
    if (analysis.provisional)
        return makeError(QStringLiteral("deploy.busy"),
                         QStringLiteral("The analysis of the latest change is still running; try again in a moment."));
    const QDir root(analysis.projectDir);
    const QString settingsDir = QDir::cleanPath(root.filePath(QStringLiteral(".scone-workbench")));
    QStringList unsaved;
    for (const QString &path : unsavedFiles) {
        const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (clean.startsWith(settingsDir + QLatin1Char('/')))
            continue;
        unsaved << root.relativeFilePath(clean);
    }
    if (!unsaved.isEmpty()) {
        unsaved.sort();
        return makeError(QStringLiteral("deploy.unsaved"),
                         QStringLiteral("Save your changes first: the build and the upload read the files on disk "
                                        "(unsaved: %1).")
                             .arg(unsaved.join(QStringLiteral(", "))));
    }
    if (analysis.hasErrors())
        return makeError(QStringLiteral("deploy.project"),
                         QStringLiteral("The project has %n error(s); nothing runs until they are fixed (see the "
                                        "Problems pane).")
                             .replace(QStringLiteral("%n"), QString::number(analysis.counts.errors)));
    auto config = std::make_shared<DeployConfig>();
    config->project = std::make_shared<const DeployProject>(DeployProject::fromAnalysis(analysis));
    config->environment = processEnvironment();
    config->homeDir = QDir::homePath();
    config->workDir = defaultWorkFolder(analysis.projectDir);
    config->build.route = choice.build;
    config->build.builder = choice.builder;
    config->upload.route = choice.upload;
    if (Status st = applySettingsDefaults(*config, true, true); !st)
        return st.error();
    return std::shared_ptr<const DeployConfig>(std::move(config));
}

}  // namespace workbench::engine::deploy
