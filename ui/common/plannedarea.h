// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/workbencharea.h"

class QLabel;

namespace workbench::ui {

/// An area whose engine is not in this build yet. It says plainly what the area will do and
/// what the project holds that it will work on; it never pretends to have done anything.
class PlannedArea : public WorkbenchArea
{
    Q_OBJECT
public:
    PlannedArea(AreaId id, engine::ProjectSession *session, const QString &purpose, const QStringList &features,
                QWidget *parent = nullptr);
    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

private:
    QLabel *m_projectSummary = nullptr;
};

}  // namespace workbench::ui
