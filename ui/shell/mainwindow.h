// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/workbencharea.h"

#include <QMainWindow>

#include <functional>

class QToolBar;
class QActionGroup;
class QStackedWidget;
class QLabel;
class QMenu;
class QDockWidget;
class QAction;

namespace workbench::models {
class ProjectFilesModel;
}
namespace workbench::engine {
class ProjectSession;
class ProjectWorkspace;
}  // namespace workbench::engine
namespace workbench::models {
struct TextSearchOptions;
}

namespace workbench::ui {

class JobIndicator;
class ProjectExplorer;
class OutputPane;
class ManifestsArea;
class MessageBanner;

/// The workbench shell: a sidebar with the five areas, the area stack, the project explorer
/// (left dock), the problems/output pane (bottom dock), menus and status bar. The one place that
/// knows every area: it hands each the window's engine::ProjectSession and carries out what
/// areas ask for (open a location, show a message). Geometry, dock layout, the current area and
/// recent projects are remembered in QSettings (never secrets).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// @p session is the window's composition root (made by main.cpp; not owned, outlives the window).
    explicit MainWindow(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a project folder; on failure shows why in the output pane and returns false.
    bool openProject(const QString &dir);
    QString projectDir() const { return m_projectDir; }
    /// Whether opening a project records it in the recent-project list (default true; off for
    /// runs that only look, such as --screenshot).
    void setRemembersProjects(bool remember) { m_remembersProjects = remember; }
    engine::ProjectSession *session() const { return m_session; }

    void showArea(AreaId id);
    AreaId currentArea() const;
    WorkbenchArea *area(AreaId id) const;

    models::ProjectFilesModel *projectFiles() const { return m_projectFiles; }
    engine::ProjectWorkspace *workspace() const;
    ProjectExplorer *projectExplorer() const { return m_explorer; }
    OutputPane *outputPane() const { return m_output; }
    ManifestsArea *manifestsArea() const;
    /// The area bar at the window's left edge (one checkable action per area).
    QToolBar *areaBar() const { return m_areaBar; }

    QStringList recentProjects() const;

    /// Writes a new service (or mesh) manifest from the built-in template to @p path, rescans
    /// the project and opens it. False (with a message) when the file cannot be written.
    bool createManifestFromTemplate(const QString &path, bool mesh);
    /// Status bar text with the project's error and warning counts.
    QString problemSummary() const;
    /// Shows @p path (in the Manifests area) at @p line / @p column (1-based, 0 = anywhere); what
    /// areas ask for with WorkbenchArea::openLocationRequested(). The settings file opens in the
    /// Policies area's settings panel.
    bool openLocation(const QString &path, int line = 0, int column = 0);

    /// Asks where to create a new manifest (a save dialog by default; tests replace it).
    /// Returns the chosen path, or an empty string when cancelled.
    using NewFilePrompt = std::function<QString(const QString &title, const QString &suggestedPath)>;
    void setNewFilePrompt(NewFilePrompt prompt) { m_newFilePrompt = std::move(prompt); }
    /// Searches every file of the project (unsaved edits included) and lists the matches in the
    /// Output pane as `file:line:column: text` (double-click opens them). Returns the number of
    /// matches.
    int findInProject(const models::TextSearchOptions &options);
    /// The banner above the areas (recovered edits, whichever area is shown).
    MessageBanner *recoveryBanner() const;

    /// Asked when the window is closed while jobs of the session run (their titles): a dialog
    /// by default; tests replace it. KeepRunning leaves the window open.
    enum class RunningJobsChoice { CancelJobsAndQuit, KeepRunning };
    using RunningJobsPrompt = std::function<RunningJobsChoice(const QStringList &jobTitles)>;
    void setRunningJobsPrompt(RunningJobsPrompt prompt) { m_runningJobsPrompt = std::move(prompt); }
    /// How long closing waits for cancelled jobs to end before it closes anyway (default 5000).
    void setJobStopTimeout(int ms) { m_jobStopTimeoutMs = ms; }
    /// The status bar's job indicator (count, busy bar; a click opens the Jobs list).
    JobIndicator *jobIndicator() const { return m_jobIndicator; }
    /// Shows the Problems/Output pane on its Jobs tab.
    void showJobs();

    /// True once the window was closed for good (close accepted): settings, files and the
    /// recovery folder are written or cleaned up, nothing of the session needs saving anymore.
    bool isClosedForGood() const { return m_closedForGood; }

Q_SIGNALS:
    void projectOpened(const QString &dir);
    /// The close was accepted and everything of the session is written (settings, saved files,
    /// the recovery folder cleaned up): the application may end without waiting for anything.
    void closedForGood();

protected:
    void closeEvent(QCloseEvent *event) override;
    /// Closing while jobs run: cancel them, wait (bounded) and close again; false when nothing
    /// runs any more (the close goes on at once).
    bool stopJobsBeforeClosing();
    void changeEvent(QEvent *event) override;

private:
    void createAreas();
    void createDocks();
    void createMenus();
    void restoreSettings();
    void saveSettings() const;
    void projectFilesChanged();
    void addRecentProject(const QString &dir);
    void updateRecentMenu();
    void showMessage(const QString &message);
    void wireEditor();
    void updateEditActions();
    void updateProblemCounts();
    void updateWindowTitle();
    void newManifest(bool mesh);
    void routeEditAction(const char *slot);

    QToolBar *m_areaBar = nullptr;
    QActionGroup *m_areaActions = nullptr;
    QStackedWidget *m_stack = nullptr;
    QList<WorkbenchArea *> m_areas;
    engine::ProjectSession *m_session = nullptr;
    models::ProjectFilesModel *m_projectFiles = nullptr;
    ProjectExplorer *m_explorer = nullptr;
    OutputPane *m_output = nullptr;
    QDockWidget *m_explorerDock = nullptr;
    QDockWidget *m_outputDock = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_projectLabel = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QString m_projectDir;
    bool m_remembersProjects = true;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAllAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_closeTabAction = nullptr;
    NewFilePrompt m_newFilePrompt;
    RunningJobsPrompt m_runningJobsPrompt;
    JobIndicator *m_jobIndicator = nullptr;
    int m_jobStopTimeoutMs = 5000;
    bool m_stoppingJobs = false;  ///< closing: cancelled jobs are being waited for
    bool m_jobsStopped = false;   ///< closing again after that wait: ask nothing more
    bool m_closedForGood = false;
};

}  // namespace workbench::ui
