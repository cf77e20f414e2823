// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "project/projectfiles.h"

#include <QIcon>
#include <QWidget>

namespace workbench::engine {
class ProjectWorkspace;
}

namespace workbench::ui {

/// The five areas of the main window, in sidebar order.
enum class AreaId { Manifests = 0, Policies, Certificates, Build, Logs };
constexpr int kAreaCount = 5;

/// "manifests", "policies", "certificates", "build", "logs" (the --area names).
QString areaKey(AreaId id);
QString areaTitle(AreaId id);
QString areaIconPath(AreaId id);
/// Case-insensitive; accepts the key or the title ("Build & Deploy"). False when unknown.
bool areaFromName(const QString &name, AreaId *out);

/// Base of the pages shown in the main window's central stack.
class WorkbenchArea : public QWidget
{
    Q_OBJECT
public:
    WorkbenchArea(AreaId id, engine::ProjectWorkspace *workspace, QWidget *parent = nullptr);
    AreaId areaId() const { return m_id; }
    engine::ProjectWorkspace *workspace() const { return m_workspace; }

    /// Called when a project is opened or its file list changes.
    virtual void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files);

Q_SIGNALS:
    /// A message for the status bar / output pane.
    void statusMessage(const QString &message);

protected:
    QString m_projectDir;
    QList<models::ProjectFileInfo> m_files;

private:
    AreaId m_id;
    engine::ProjectWorkspace *m_workspace;
};

// One factory per area, each defined in that area's own source file, so the areas can grow
// independently without touching the main window.
WorkbenchArea *createPoliciesArea(engine::ProjectWorkspace *workspace, QWidget *parent);
WorkbenchArea *createCertificatesArea(engine::ProjectWorkspace *workspace, QWidget *parent);
WorkbenchArea *createBuildArea(engine::ProjectWorkspace *workspace, QWidget *parent);
WorkbenchArea *createLogsArea(engine::ProjectWorkspace *workspace, QWidget *parent);

}  // namespace workbench::ui
