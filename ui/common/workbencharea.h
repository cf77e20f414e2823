// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "project/projectfiles.h"

#include <QIcon>
#include <QWidget>

namespace workbench::engine {
class ProjectSession;
class ProjectWorkspace;
}  // namespace workbench::engine

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

/// Base of the pages shown in the main window's central stack. Every area receives the
/// window's engine::ProjectSession and reads its state from there (the workspace, the settings,
/// the analysis snapshot); an area constructs no engine object of its own and never reaches
/// another area: it asks the shell through its signals.
class WorkbenchArea : public QWidget
{
    Q_OBJECT
public:
    WorkbenchArea(AreaId id, engine::ProjectSession *session, QWidget *parent = nullptr);
    AreaId areaId() const { return m_id; }
    engine::ProjectSession *session() const { return m_session; }
    engine::ProjectWorkspace *workspace() const;

    /// Called when a project is opened or its file list changes.
    virtual void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files);

Q_SIGNALS:
    /// A message for the status bar / output pane.
    void statusMessage(const QString &message);
    /// The user wants to see @p path at @p line / @p column (1-based; 0 = anywhere): the shell
    /// opens it where files are edited.
    void openLocationRequested(const QString &path, int line, int column);

protected:
    QString m_projectDir;
    QList<models::ProjectFileInfo> m_files;

private:
    AreaId m_id;
    engine::ProjectSession *m_session;
};

// One factory per area, each defined in that area's own source file, so the areas can grow
// independently without touching the main window.
WorkbenchArea *createManifestsArea(engine::ProjectSession *session, QWidget *parent);
WorkbenchArea *createPoliciesArea(engine::ProjectSession *session, QWidget *parent);
WorkbenchArea *createCertificatesArea(engine::ProjectSession *session, QWidget *parent);
WorkbenchArea *createBuildArea(engine::ProjectSession *session, QWidget *parent);
WorkbenchArea *createLogsArea(engine::ProjectSession *session, QWidget *parent);

}  // namespace workbench::ui
