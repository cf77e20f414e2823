// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "areas/workbencharea.h"

class QTabWidget;
class QLabel;

namespace workbench::ui {

/// The Manifests area: the project's files open in tabs. (The form editor and the synchronised
/// YAML editor build on this.)
class ManifestsArea : public WorkbenchArea
{
    Q_OBJECT
public:
    explicit ManifestsArea(engine::ProjectWorkspace *workspace, QWidget *parent = nullptr);
    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// Opens @p path in a tab (or focuses its tab). Returns false when it cannot be read.
    bool openFile(const QString &path);
    QStringList openFiles() const;
    QTabWidget *tabs() const { return m_tabs; }

private:
    QTabWidget *m_tabs = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace workbench::ui
