// SPDX-License-Identifier: Apache-2.0
#include "common/workbencharea.h"

#include "session/projectsession.h"

namespace workbench::ui {

QString areaKey(AreaId id)
{
    switch (id) {
    case AreaId::Manifests:
        return QStringLiteral("manifests");
    case AreaId::Policies:
        return QStringLiteral("policies");
    case AreaId::Certificates:
        return QStringLiteral("certificates");
    case AreaId::Build:
        return QStringLiteral("build");
    case AreaId::Logs:
        return QStringLiteral("logs");
    }
    return {};
}

QString areaTitle(AreaId id)
{
    switch (id) {
    case AreaId::Manifests:
        return QStringLiteral("Manifests");
    case AreaId::Policies:
        return QStringLiteral("Policies");
    case AreaId::Certificates:
        return QStringLiteral("Certificates");
    case AreaId::Build:
        return QStringLiteral("Build & Deploy");
    case AreaId::Logs:
        return QStringLiteral("Logs");
    }
    return {};
}

QString areaIconPath(AreaId id)
{
    return QStringLiteral(":/icons/area-%1.svg").arg(areaKey(id));
}

bool areaFromName(const QString &name, AreaId *out)
{
    const QString n = name.trimmed().toLower();
    for (int i = 0; i < kAreaCount; ++i) {
        const auto id = AreaId(i);
        if (n == areaKey(id) || n == areaTitle(id).toLower() ||
            (id == AreaId::Build && (n == QLatin1String("deploy") || n == QLatin1String("build-deploy")))) {
            if (out)
                *out = id;
            return true;
        }
    }
    return false;
}

WorkbenchArea::WorkbenchArea(AreaId id, engine::ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_id(id)
    , m_session(session)
{
    setObjectName(areaKey(id) + QStringLiteral("Area"));
}

engine::ProjectWorkspace *WorkbenchArea::workspace() const
{
    return m_session ? m_session->workspace() : nullptr;
}

void WorkbenchArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    m_projectDir = projectDir;
    m_files = files;
}

}  // namespace workbench::ui
