// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "project/projectfiles.h"

#include <QIcon>
#include <QWidget>

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
    explicit WorkbenchArea(AreaId id, QWidget *parent = nullptr);
    AreaId areaId() const { return m_id; }

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
};

} // namespace workbench::ui
