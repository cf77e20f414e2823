// SPDX-License-Identifier: Apache-2.0
#include "shell/mainwindow.h"

#include "analysis/projectanalysis.h"
#include "common/messagebanner.h"
#include "common/theme.h"
#include "core/plural.h"
#include "documents/documentmanager.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/findbar.h"
#include "editor/manifesteditor.h"
#include "editor/manifestsarea.h"
#include "jobs/jobrunner.h"
#include "project/projectfiles.h"
#include "project/projectfilesmodel.h"
#include "project/projectworkspace.h"
#include "project/textsearch.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "shell/aboutdialog.h"
#include "shell/jobspane.h"
#include "shell/outputpane.h"
#include "shell/projectexplorer.h"
#include "templates/manifesttemplates.h"
#include "validation/diagnosticsmodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

namespace workbench::ui {

namespace {
constexpr int kMaxRecent = 10;
const auto kRecentKey = QStringLiteral("project/recent");
const auto kLastKey = QStringLiteral("project/last");
const auto kAreaKey = QStringLiteral("window/area");
constexpr qint64 kMaxSearchedFileBytes = 4 * 1024 * 1024;
}  // namespace

MainWindow::MainWindow(engine::ProjectSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(QStringLiteral("SCONE Workbench"));
    setWindowIcon(theme::icon(QStringLiteral(":/icons/scone-workbench.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_projectFiles = new models::ProjectFilesModel(this);
    m_newFilePrompt = [this](const QString &title, const QString &suggested) {
        return QFileDialog::getSaveFileName(this, title, suggested, QStringLiteral("YAML files (*.yaml *.yml)"));
    };
    m_runningJobsPrompt = [this](const QStringList &titles) {
        QMessageBox box(QMessageBox::Warning, QStringLiteral("Jobs are running"),
                        titles.size() == 1
                            ? QStringLiteral("\"%1\" is still running.").arg(titles.first())
                            : QStringLiteral("%1 are still running:\n%2")
                                  .arg(counted(titles.size(), QStringLiteral("job")), titles.join(QLatin1Char('\n'))),
                        QMessageBox::NoButton, this);
        box.setInformativeText(QStringLiteral("Quitting cancels them (external programs are stopped)."));
        QPushButton *quit = box.addButton(QStringLiteral("Cancel jobs and quit"), QMessageBox::DestructiveRole);
        QPushButton *keep = box.addButton(QStringLiteral("Keep running"), QMessageBox::RejectRole);
        box.setDefaultButton(keep);
        box.setEscapeButton(keep);
        box.exec();
        return box.clickedButton() == quit ? RunningJobsChoice::CancelJobsAndQuit : RunningJobsChoice::KeepRunning;
    };
    createAreas();
    createDocks();
    createMenus();

    m_projectLabel = new QLabel(this);
    m_problemsLabel = new QLabel(this);
    m_problemsLabel->setObjectName(QStringLiteral("problemCount"));
    m_jobIndicator = new JobIndicator(m_session->jobs(), this);
    connect(m_jobIndicator, &JobIndicator::clicked, this, &MainWindow::showJobs);
    statusBar()->addPermanentWidget(m_jobIndicator);
    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_projectLabel);
    wireEditor();
    // The session watches the folder; the shell shows what it finds.
    connect(m_session->workspace(), &engine::ProjectWorkspace::filesChanged, this, &MainWindow::projectFilesChanged);
    connect(m_session, &engine::ProjectSession::message, this, &MainWindow::showMessage);

    resize(1280, 800);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

engine::ProjectWorkspace *MainWindow::workspace() const
{
    return m_session->workspace();
}

void MainWindow::createAreas()
{
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("areaStack"));

    m_areas.append(createManifestsArea(m_session, m_stack));
    m_areas.append(createPoliciesArea(m_session, m_stack));
    m_areas.append(createCertificatesArea(m_session, m_stack));
    m_areas.append(createBuildArea(m_session, m_stack));
    m_areas.append(createLogsArea(m_session, m_stack));

    // The area bar sits at the very left, outside the docks (like an IDE's mode bar).
    m_areaBar = new QToolBar(QStringLiteral("Areas"), this);
    m_areaBar->setObjectName(QStringLiteral("areaBar"));
    m_areaBar->setMovable(false);
    m_areaBar->setFloatable(false);
    m_areaBar->setIconSize(QSize(26, 26));
    m_areaBar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
    m_areaBar->setAllowedAreas(Qt::LeftToolBarArea);
    m_areaBar->toggleViewAction()->setVisible(false);
    addToolBar(Qt::LeftToolBarArea, m_areaBar);
    m_areaActions = new QActionGroup(this);
    m_areaActions->setExclusive(true);

    int i = 0;
    for (WorkbenchArea *a : std::as_const(m_areas)) {
        m_stack->addWidget(a);
        const AreaId id = a->areaId();
        QString label = areaTitle(id);
        label.replace(QStringLiteral(" & "), QStringLiteral(" && "));  // '&' would be a mnemonic
        QAction *action = m_areaBar->addAction(theme::icon(areaIconPath(id)), label);
        action->setObjectName(QStringLiteral("area_") + areaKey(id));
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(areaTitle(id), action->shortcut().toString(QKeySequence::NativeText)));
        m_areaActions->addAction(action);
        connect(action, &QAction::triggered, this, [this, id] { showArea(id); });
        connect(a, &WorkbenchArea::statusMessage, this, &MainWindow::showMessage);
        connect(a, &WorkbenchArea::openLocationRequested, this,
                [this](const QString &path, int line, int column) { openLocation(path, line, column); });
        ++i;
    }
    m_areaActions->actions().constFirst()->setChecked(true);
    // Recovered edits are announced above every area: the window may open on any of them.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    MessageBanner *banner = manifestsArea()->recoveryBanner();
    banner->setParent(central);
    centralLayout->addWidget(banner);
    centralLayout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

MessageBanner *MainWindow::recoveryBanner() const
{
    return manifestsArea()->recoveryBanner();
}

void MainWindow::createDocks()
{
    m_explorer = new ProjectExplorer(m_projectFiles, this);
    m_explorerDock = new QDockWidget(QStringLiteral("Project"), this);
    m_explorerDock->setObjectName(QStringLiteral("projectDock"));
    m_explorerDock->setWidget(m_explorer);
    addDockWidget(Qt::LeftDockWidgetArea, m_explorerDock);
    connect(m_explorer, &ProjectExplorer::fileActivated, this, [this](const QString &path) { openLocation(path); });
    // The explorer shows which file the editor shows (tab switch, F2, a jump from Problems).
    connect(manifestsArea(), &ManifestsArea::currentDocumentChanged, this, [this](EditorDocument *doc) {
        if (doc)
            m_explorer->selectFile(doc->path());
    });

    m_output = new OutputPane(this);
    m_output->setJobRunner(m_session->jobs());
    m_outputDock = new QDockWidget(QStringLiteral("Problems and output"), this);
    m_outputDock->setObjectName(QStringLiteral("outputDock"));
    m_outputDock->setWidget(m_output);
    addDockWidget(Qt::BottomDockWidgetArea, m_outputDock);
    resizeDocks({m_explorerDock}, {260}, Qt::Horizontal);
    resizeDocks({m_outputDock}, {180}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction *open =
        file->addAction(theme::icon(QStringLiteral(":/icons/folder.svg")), QStringLiteral("&Open Project…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, QStringLiteral("Open Project"),
                                                              m_projectDir.isEmpty() ? QDir::homePath() : m_projectDir);
        if (!dir.isEmpty())
            openProject(dir);
    });
    m_recentMenu = file->addMenu(QStringLiteral("Recent &Projects"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    QAction *newService = file->addAction(QStringLiteral("New &Service Manifest…"));
    newService->setObjectName(QStringLiteral("actionNewService"));
    connect(newService, &QAction::triggered, this, [this] { newManifest(false); });
    QAction *newMesh = file->addAction(QStringLiteral("New &Mesh Manifest…"));
    newMesh->setObjectName(QStringLiteral("actionNewMesh"));
    connect(newMesh, &QAction::triggered, this, [this] { newManifest(true); });
    file->addSeparator();
    m_saveAction = file->addAction(QStringLiteral("&Save"));
    m_saveAction->setObjectName(QStringLiteral("actionSave"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setEnabled(false);
    connect(m_saveAction, &QAction::triggered, this, [this] {
        if (currentArea() == AreaId::Policies) {  // the area whose document is the settings
            const Status st = m_session->settings()->save();
            showMessage(st.ok() ? QStringLiteral("Saved the deployment settings.") : st.error().toString());
            return;
        }
        manifestsArea()->saveCurrent();
    });
    m_saveAllAction = file->addAction(QStringLiteral("Save A&ll"));
    m_saveAllAction->setObjectName(QStringLiteral("actionSaveAll"));
    m_saveAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveAllAction->setEnabled(false);
    connect(m_saveAllAction, &QAction::triggered, this, [this] { manifestsArea()->saveAll(); });
    m_closeTabAction = file->addAction(QStringLiteral("&Close File"));
    m_closeTabAction->setObjectName(QStringLiteral("actionCloseFile"));
    m_closeTabAction->setShortcut(QKeySequence::Close);
    connect(m_closeTabAction, &QAction::triggered, this, [this] {
        if (EditorDocument *doc = manifestsArea()->currentDocument())
            manifestsArea()->closeFile(doc->path());
    });
    file->addSeparator();
    QAction *quit = file->addAction(QStringLiteral("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    m_undoAction = edit->addAction(QStringLiteral("&Undo"));
    m_undoAction->setObjectName(QStringLiteral("actionUndo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    connect(m_undoAction, &QAction::triggered, this, [this] {
        if (currentArea() == AreaId::Policies) {  // the deployment settings' own undo
            if (const Status st = m_session->settings()->undo(); !st.ok())
                showMessage(st.error().message);
            return;
        }
        manifestsArea()->undo();
    });
    m_redoAction = edit->addAction(QStringLiteral("&Redo"));
    m_redoAction->setObjectName(QStringLiteral("actionRedo"));
    m_redoAction->setShortcut(QKeySequence::Redo);
    connect(m_redoAction, &QAction::triggered, this, [this] {
        if (currentArea() == AreaId::Policies) {
            if (const Status st = m_session->settings()->redo(); !st.ok())
                showMessage(st.error().message);
            return;
        }
        manifestsArea()->redo();
    });
    edit->addSeparator();
    // Clipboard actions work on whatever has the keyboard focus (a text view, a form field, a
    // table). Text widgets take these shortcuts themselves (ShortcutOverride); the actions
    // serve the menu and widgets that do not.
    struct ClipboardAction {
        const char *text;
        const char *name;
        QKeySequence::StandardKey key;
        const char *slot;
    };
    for (const ClipboardAction &c :
         {ClipboardAction{"Cu&t", "actionCut", QKeySequence::Cut, "cut"},
          ClipboardAction{"&Copy", "actionCopy", QKeySequence::Copy, "copy"},
          ClipboardAction{"&Paste", "actionPaste", QKeySequence::Paste, "paste"},
          ClipboardAction{"Select &All", "actionSelectAll", QKeySequence::SelectAll, "selectAll"}}) {
        QAction *a = edit->addAction(QString::fromLatin1(c.text));
        a->setObjectName(QLatin1String(c.name));
        a->setShortcut(c.key);
        const char *slot = c.slot;
        connect(a, &QAction::triggered, this, [this, slot] { routeEditAction(slot); });
    }
    edit->addSeparator();
    QAction *find = edit->addAction(QStringLiteral("&Find…"));
    find->setObjectName(QStringLiteral("actionFind"));
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(find, &QAction::triggered, this, [this] {
        showArea(AreaId::Manifests);
        manifestsArea()->openFind(false);
    });
    QAction *findNext = edit->addAction(QStringLiteral("Find &Next"));
    findNext->setObjectName(QStringLiteral("actionFindNext"));
    findNext->setShortcut(QKeySequence(Qt::Key_F3));
    QAction *findPrevious = edit->addAction(QStringLiteral("Find Pre&vious"));
    findPrevious->setObjectName(QStringLiteral("actionFindPrevious"));
    findPrevious->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3));
    for (QAction *a : {findNext, findPrevious}) {
        const bool forward = a == findNext;
        connect(a, &QAction::triggered, this, [this, forward] {
            showArea(AreaId::Manifests);
            FindBar *bar = manifestsArea()->findBar();
            if (bar->findEdit()->text().isEmpty()) {
                manifestsArea()->openFind(false);
                return;
            }
            if (ManifestEditor *e = manifestsArea()->currentEditor())
                bar->setEditor(e->textEditor(), e->editorDocument());
            forward ? bar->findNext() : bar->findPrevious();
        });
    }
    QAction *replace = edit->addAction(QStringLiteral("R&eplace…"));
    replace->setObjectName(QStringLiteral("actionReplace"));
    replace->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(replace, &QAction::triggered, this, [this] {
        showArea(AreaId::Manifests);
        manifestsArea()->openFind(true);
    });
    QAction *findInFiles = edit->addAction(QStringLiteral("Find in Project &Files…"));
    findInFiles->setObjectName(QStringLiteral("actionFindInProject"));
    findInFiles->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(findInFiles, &QAction::triggered, this, [this] {
        showArea(AreaId::Manifests);
        FindBar *bar = manifestsArea()->findBar();
        if (bar->isVisible() && !bar->findEdit()->text().isEmpty())
            findInProject(bar->options());
        else
            manifestsArea()->openFind(false);
    });
    edit->addSeparator();
    // F2 is handled by the text editor itself; as a window shortcut it would take F2 (edit the
    // cell) away from the form tables. The menu only shows it.
    QAction *definition = edit->addAction(QStringLiteral("Go to &Definition\tF2 / Ctrl+Click"));
    definition->setObjectName(QStringLiteral("actionGoToDefinition"));
    connect(definition, &QAction::triggered, this, [this] {
        if (ManifestEditor *e = manifestsArea()->currentEditor())
            e->goToDefinition();
    });
    QAction *references = edit->addAction(QStringLiteral("Find &References"));
    references->setObjectName(QStringLiteral("actionFindReferences"));
    references->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F12));
    connect(references, &QAction::triggered, this, [this] {
        if (ManifestEditor *e = manifestsArea()->currentEditor())
            e->findReferences();
    });
    QAction *toggleView = edit->addAction(QStringLiteral("Switch &Form / Text"));
    toggleView->setObjectName(QStringLiteral("actionToggleFormText"));
    toggleView->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    connect(toggleView, &QAction::triggered, this, [this] {
        if (ManifestEditor *e = manifestsArea()->currentEditor())
            e->cycleViewMode();
    });

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addActions(m_areaActions->actions());
    view->addSeparator();
    QAction *explorerToggle = m_explorerDock->toggleViewAction();
    explorerToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_0));
    view->addAction(explorerToggle);
    QAction *outputToggle = m_outputDock->toggleViewAction();
    outputToggle->setShortcut(QKeySequence(Qt::ALT | Qt::Key_6));
    view->addAction(outputToggle);
    QAction *fullScreen = view->addAction(QStringLiteral("&Full Screen"));
    // KDE also binds Ctrl+Shift+F to full screen: that would make Find in Project Files ambiguous.
    QList<QKeySequence> fullScreenKeys = QKeySequence::keyBindings(QKeySequence::FullScreen);
    fullScreenKeys.removeAll(findInFiles->shortcut());
    fullScreen->setShortcuts(fullScreenKeys.isEmpty() ? QList<QKeySequence>{QKeySequence(Qt::Key_F11)}
                                                      : fullScreenKeys);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) {
        setWindowState(on ? (windowState() | Qt::WindowFullScreen) : (windowState() & ~Qt::WindowFullScreen));
    });

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *about = help->addAction(QStringLiteral("&About SCONE Workbench"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
    QAction *aboutQt = help->addAction(QStringLiteral("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    updateRecentMenu();
}

bool MainWindow::openProject(const QString &dir)
{
    if (!m_projectDir.isEmpty() && QFileInfo(dir).canonicalFilePath() == m_projectDir) {
        // Already open: look for new files, keep every open document and its unsaved edits.
        m_session->rescan();
        if (m_remembersProjects)
            addRecentProject(m_projectDir);
        return true;
    }
    if (!m_projectDir.isEmpty() && !manifestsArea()->confirmDiscardAll())
        return false;
    if (const Status st = m_session->open(dir); !st.ok()) {
        showMessage(QStringLiteral("Cannot open project: %1").arg(st.error().message));
        return false;
    }
    m_projectDir = m_session->projectDir();
    m_output->setProjectDir(m_projectDir);
    projectFilesChanged();
    if (m_remembersProjects) {
        addRecentProject(m_projectDir);
        QSettings().setValue(kLastKey, m_projectDir);
    }
    updateWindowTitle();
    m_projectLabel->setText(QDir::toNativeSeparators(m_projectDir));
    showMessage(QStringLiteral("Opened project %1 (%2).")
                    .arg(QDir::toNativeSeparators(m_projectDir),
                         counted(m_projectFiles->files().size(), QStringLiteral("file"))));
    if (const QStringList recovered = manifestsArea()->recoverableFiles(); !recovered.isEmpty())
        showMessage(QStringLiteral("Unsaved changes of %1 were recovered from a session that did not end normally: "
                                   "%2. Restore or discard them in the banner above the areas.")
                        .arg(counted(recovered.size(), QStringLiteral("file")), recovered.join(QStringLiteral(", "))));
    Q_EMIT projectOpened(m_projectDir);
    return true;
}

void MainWindow::projectFilesChanged()
{
    if (m_projectDir.isEmpty() || m_projectDir != m_session->projectDir())
        return;
    const auto &files = m_session->workspace()->files();
    if (m_projectFiles->projectDir() != m_projectDir || m_projectFiles->files().size() != files.size() ||
        !std::equal(files.begin(), files.end(), m_projectFiles->files().begin(), [](const auto &a, const auto &b) {
            return a.absolutePath == b.absolutePath && a.category == b.category;
        })) {
        m_projectFiles->setFiles(m_projectDir, files);
        for (WorkbenchArea *a : std::as_const(m_areas))
            a->setProject(m_projectDir, files);
        updateProblemCounts();
    }
}

bool MainWindow::openLocation(const QString &path, int line, int column)
{
    if (path.isEmpty())
        return false;
    if (path == m_session->settings()->filePath() && !QFileInfo::exists(path)) {
        // Settings that exist only as defaults live in the Policies area's settings panel.
        showArea(AreaId::Policies);
        return true;
    }
    EditorLocation where;
    where.path = path;
    where.line = line;
    where.column = std::max(column, line > 0 ? 1 : 0);
    showArea(AreaId::Manifests);
    return line > 0 ? manifestsArea()->openLocation(where) : manifestsArea()->openFile(path);
}

void MainWindow::showArea(AreaId id)
{
    m_stack->setCurrentIndex(int(id));
    if (QAction *a = m_areaActions->actions().value(int(id)))
        a->setChecked(true);
    // Remembered at once, not only on a clean quit: after a crash the window reopens here too.
    QSettings().setValue(kAreaKey, areaKey(id));
}

AreaId MainWindow::currentArea() const
{
    return AreaId(qMax(0, m_stack->currentIndex()));
}

WorkbenchArea *MainWindow::area(AreaId id) const
{
    return m_areas.value(int(id));
}

ManifestsArea *MainWindow::manifestsArea() const
{
    return static_cast<ManifestsArea *>(area(AreaId::Manifests));
}

QStringList MainWindow::recentProjects() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecentProject(const QString &dir)
{
    QStringList list = recentProjects();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecentKey, list);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList list = recentProjects();
    int n = 0;
    for (const QString &dir : list) {
        QAction *a =
            m_recentMenu->addAction(QStringLiteral("&%1  %2").arg(++n % 10).arg(QDir::toNativeSeparators(dir)));
        a->setEnabled(QFileInfo(dir).isDir());
        connect(a, &QAction::triggered, this, [this, dir] { openProject(dir); });
    }
    if (list.isEmpty()) {
        m_recentMenu->addAction(QStringLiteral("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(QStringLiteral("Clear List")), &QAction::triggered, this, [this] {
        QSettings().remove(kRecentKey);
        updateRecentMenu();
    });
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 8000);
    m_output->appendMessage(message);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    AreaId id = AreaId::Manifests;
    if (areaFromName(s.value(kAreaKey).toString(), &id))
        showArea(id);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(kAreaKey, areaKey(currentArea()));
}

void MainWindow::showJobs()
{
    m_outputDock->show();
    m_outputDock->raise();
    m_output->showJobs();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_stoppingJobs) {
        event->ignore();  // already closing: waiting for the cancelled jobs
        return;
    }
    if (!m_jobsStopped) {
        // Jobs first (keeping them running keeps the window and asks nothing else), then the
        // unsaved files; the jobs are cancelled only once both answers allow closing.
        const QList<engine::jobs::Job *> running = m_session->jobs()->foregroundActiveJobs();
        if (!running.isEmpty()) {
            QStringList titles;
            for (const engine::jobs::Job *job : running)
                titles << job->title();
            if (m_runningJobsPrompt(titles) == RunningJobsChoice::KeepRunning) {
                event->ignore();
                return;
            }
        }
        if (!manifestsArea()->confirmDiscardAll()) {
            event->ignore();
            return;
        }
        if (stopJobsBeforeClosing()) {
            event->ignore();  // closes again when they have ended (or the wait is over)
            return;
        }
    }
    saveSettings();
    // A clean end: the recovery copies of this session are no longer needed.
    m_session->shutdown();
    m_closedForGood = true;
    event->accept();
    Q_EMIT closedForGood();
}

bool MainWindow::stopJobsBeforeClosing()
{
    engine::jobs::JobRunner *runner = m_session->jobs();
    runner->cancelForeground();
    if (runner->foregroundActiveCount() == 0)
        return false;
    // Not on this stack: the jobs end through the event loop (a process's exit, a worker's
    // result). The window stays as it is, disabled, until they have ended or the wait is over;
    // what still runs then is stopped by the session's end (each job's destructor, bounded).
    m_stoppingJobs = true;
    setEnabled(false);
    statusBar()->showMessage(
        QStringLiteral("Stopping %1…").arg(counted(runner->foregroundActiveCount(), QStringLiteral("job"))));
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto closeNow = [this, connection] {
        if (!m_stoppingJobs)
            return;
        disconnect(*connection);
        m_stoppingJobs = false;
        m_jobsStopped = true;
        setEnabled(true);
        close();
    };
    *connection =
        connect(runner, &engine::jobs::JobRunner::foregroundActiveCountChanged, this, [this, closeNow](int n) {
            if (n == 0)
                QTimer::singleShot(0, this, closeNow);
        });
    QTimer::singleShot(m_jobStopTimeoutMs, this, closeNow);
    return true;
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // Coming back to the window is when files edited elsewhere are most likely to have changed.
    if (event->type() == QEvent::ActivationChange && isActiveWindow())
        m_session->documents()->checkForExternalChanges();
}

void MainWindow::wireEditor()
{
    ManifestsArea *area = manifestsArea();
    m_output->setProblemsModel(m_session->analysis()->problems());
    connect(m_output, &OutputPane::problemActivated, this, [this](const QModelIndex &index) {
        openLocation(index.data(models::DiagnosticsModel::FileRole).toString(),
                     index.data(models::DiagnosticsModel::LineRole).toInt(),
                     index.data(models::DiagnosticsModel::ColumnRole).toInt());
    });
    connect(m_output, &OutputPane::locationActivated, this,
            [this](const QString &path, int line, int column) { openLocation(path, line, column); });
    connect(m_session->analysis(), &engine::ProjectAnalysis::snapshotChanged, this, &MainWindow::updateProblemCounts);
    connect(area, &ManifestsArea::documentStateChanged, this, &MainWindow::updateEditActions);
    connect(area, &ManifestsArea::currentTitleChanged, this, &MainWindow::updateWindowTitle);
    connect(area, &ManifestsArea::newManifestRequested, this, &MainWindow::newManifest);
    connect(area, &ManifestsArea::findInProjectRequested, this, &MainWindow::findInProject);
    connect(area, &ManifestsArea::recoveryOffered, this, [this](const QStringList &files) {
        statusBar()->showMessage(
            QStringLiteral("Unsaved changes of %1 were recovered: %2")
                .arg(counted(files.size(), QStringLiteral("file")), files.join(QStringLiteral(", "))),
            15000);
    });
    connect(m_session->documents(), &engine::DocumentManager::modifiedChanged, this, &MainWindow::updateEditActions);
    connect(m_session->settings(), &engine::SettingsStore::changed, this, &MainWindow::updateEditActions);
    connect(m_session->settings(), &engine::SettingsStore::undoStateChanged, this, &MainWindow::updateEditActions);
    connect(m_stack, &QStackedWidget::currentChanged, this, &MainWindow::updateEditActions);
    updateProblemCounts();
}

void MainWindow::updateWindowTitle()
{
    // "flask-api/service.yaml[*] — project — SCONE Workbench": the file as the project names
    // it (two service.yaml never look alike), [*] marks unsaved changes (windowModified).
    QStringList parts;
    const EditorDocument *doc = manifestsArea() ? manifestsArea()->currentDocument() : nullptr;
    if (doc) {
        QString name = doc->path();
        if (!m_projectDir.isEmpty() && name.startsWith(m_projectDir + QLatin1Char('/')))
            name = name.mid(m_projectDir.size() + 1);
        parts << name + QStringLiteral("[*]");
    }
    if (!m_projectDir.isEmpty())
        parts << QFileInfo(m_projectDir).fileName();
    parts << QStringLiteral("SCONE Workbench");
    setWindowTitle(parts.join(QStringLiteral(" — ")));
    setWindowModified(doc && doc->isModified());
}

void MainWindow::routeEditAction(const char *slot)
{
    QWidget *w = QApplication::focusWidget();
    if (auto *combo = qobject_cast<QComboBox *>(w); combo && combo->lineEdit())
        w = combo->lineEdit();
    if (!w)
        return;
    const QByteArray name(slot);
    if (auto *view = qobject_cast<QAbstractItemView *>(w); view && name == "copy") {
        // Rows as text; the Problems view gives each finding whole (its tooltip).
        QModelIndexList rows = view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
        if (rows.isEmpty() && view->currentIndex().isValid())
            rows << view->currentIndex().siblingAtColumn(0);
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        QStringList lines;
        for (const QModelIndex &r : std::as_const(rows)) {
            if (view == static_cast<QAbstractItemView *>(m_output->problemsView())) {
                lines << r.data(Qt::ToolTipRole).toString();
                continue;
            }
            QStringList cells;
            for (int c = 0; c < view->model()->columnCount(r.parent()); ++c)
                cells << r.siblingAtColumn(c).data().toString();
            lines << cells.join(QLatin1Char('\t'));
        }
        if (!lines.isEmpty())
            QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
        return;
    }
    if (w->metaObject()->indexOfMethod(QByteArray(name + "()").constData()) >= 0)
        QMetaObject::invokeMethod(w, slot);
}

int MainWindow::findInProject(const models::TextSearchOptions &options)
{
    const auto re = models::compileTextSearch(options);
    if (!re) {
        showMessage(QStringLiteral("Find in project: ") + re.error().message);
        return 0;
    }
    constexpr int kMaxMatches = 2000;
    QStringList lines;
    int total = 0, files = 0;
    QStringList skipped;
    for (const models::ProjectFileInfo &f : m_session->workspace()->files()) {
        if (total >= kMaxMatches)
            break;
        if (!m_session->workspace()->hasUnsavedText(f.absolutePath) &&
            QFileInfo(f.absolutePath).size() > kMaxSearchedFileBytes) {
            skipped << f.relativePath;
            continue;
        }
        const QByteArray bytes = m_session->workspace()->text(f.absolutePath);
        if (bytes.contains('\0'))
            continue;  // binary
        QString text = QString::fromUtf8(bytes);
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        const QList<models::TextMatch> matches = models::findAllMatches(text, re.value(), kMaxMatches - total);
        if (matches.isEmpty())
            continue;
        ++files;
        total += int(matches.size());
        for (const models::TextMatch &m : matches)
            lines << QStringLiteral("  %1:%2:%3: %4")
                         .arg(f.relativePath)
                         .arg(m.line)
                         .arg(m.column)
                         .arg(m.lineText.trimmed());
    }
    QString summary = QStringLiteral("Find %1%2 in the project: %3 in %4")
                          .arg(options.regex ? QStringLiteral("regex ") : QString(),
                               QLatin1Char('"') + options.pattern + QLatin1Char('"'),
                               counted(total, QStringLiteral("match"), QStringLiteral("matches")),
                               counted(files, QStringLiteral("file")));
    if (total >= kMaxMatches)
        summary += QStringLiteral(" (stopped at %1)").arg(kMaxMatches);
    if (!skipped.isEmpty())
        summary += QStringLiteral("; not searched (larger than 4 MiB): ") + skipped.join(QStringLiteral(", "));
    summary += total > 0 ? QStringLiteral(". Double-click a line to open it.") : QStringLiteral(".");
    showMessage(summary);
    m_output->appendLines(lines);
    m_output->showOutput();
    m_outputDock->show();
    m_outputDock->raise();
    return total;
}

void MainWindow::updateEditActions()
{
    if (!m_saveAction || !manifestsArea())
        return;
    m_saveAllAction->setEnabled(!m_session->documents()->documents().isEmpty());
    if (currentArea() == AreaId::Policies) {
        // The Policies area's document is the deployment settings.
        const engine::SettingsStore *store = m_session->settings();
        m_saveAction->setEnabled(store->canSave());
        m_undoAction->setEnabled(store->canUndo());
        m_redoAction->setEnabled(store->canRedo());
        m_undoAction->setText(store->canUndo() ? QStringLiteral("&Undo %1").arg(store->undoText())
                                               : QStringLiteral("&Undo"));
        m_redoAction->setText(store->canRedo() ? QStringLiteral("&Redo %1").arg(store->redoText())
                                               : QStringLiteral("&Redo"));
        m_closeTabAction->setEnabled(false);
        return;
    }
    EditorDocument *doc = manifestsArea()->currentDocument();
    // Enabled for any writable document, not only modified ones: a form field still being
    // typed in has not reached the document yet, and Save commits it (Ctrl+S must work there).
    m_saveAction->setEnabled(doc && !doc->isReadOnly());
    m_undoAction->setEnabled(doc && doc->undoStack()->canUndo());
    m_redoAction->setEnabled(doc && doc->undoStack()->canRedo());
    m_undoAction->setText(doc && doc->undoStack()->canUndo()
                              ? QStringLiteral("&Undo %1").arg(doc->undoStack()->undoText())
                              : QStringLiteral("&Undo"));
    m_redoAction->setText(doc && doc->undoStack()->canRedo()
                              ? QStringLiteral("&Redo %1").arg(doc->undoStack()->redoText())
                              : QStringLiteral("&Redo"));
    m_closeTabAction->setEnabled(doc != nullptr);
    updateWindowTitle();
}

QString MainWindow::problemSummary() const
{
    return m_session->analysis()->snapshot()->counts.summary();
}

void MainWindow::updateProblemCounts()
{
    const engine::AnalysisSnapshotPtr snapshot = m_session->analysis()->snapshot();
    m_problemsLabel->setText(snapshot->counts.summary());
    m_problemsLabel->setToolTip(QStringLiteral("Problems of the project: manifests, deployment settings, policies "
                                               "and certificates (see the Problems pane)"));
    m_projectFiles->setProblemCounts(snapshot->countsByFile);
}

bool MainWindow::createManifestFromTemplate(const QString &path, bool mesh)
{
    QString serviceName;
    if (mesh) {
        // Run the first service of the project in the new mesh.
        for (const auto &f : m_session->workspace()->files())
            if (f.category == models::ProjectFileCategory::ServiceManifest) {
                serviceName = QFileInfo(f.absolutePath).dir().dirName();
                break;
            }
    } else {
        serviceName = QFileInfo(path).dir().dirName();
        if (QFileInfo(path).absolutePath() == m_projectDir || serviceName.isEmpty())
            serviceName = QFileInfo(path).completeBaseName();
    }
    const QByteArray text =
        mesh ? models::templates::newMeshManifest(serviceName) : models::templates::newServiceManifest(serviceName);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit()) {
        showMessage(QStringLiteral("Cannot create %1: %2").arg(QDir::toNativeSeparators(path), f.errorString()));
        return false;
    }
    m_session->rescan();
    showArea(AreaId::Manifests);
    showMessage(QStringLiteral("Created %1 from the %2 template.")
                    .arg(QDir::toNativeSeparators(path), mesh ? QStringLiteral("mesh") : QStringLiteral("service")));
    return manifestsArea()->openFile(path);
}

void MainWindow::newManifest(bool mesh)
{
    if (m_projectDir.isEmpty()) {
        showMessage(QStringLiteral("Open a project folder first."));
        return;
    }
    const QString suggested =
        models::templates::freeFileName(m_projectDir, mesh ? QStringLiteral("mesh") : QStringLiteral("service"));
    const QString path =
        m_newFilePrompt(mesh ? QStringLiteral("New Mesh Manifest") : QStringLiteral("New Service Manifest"), suggested);
    if (!path.isEmpty())
        createManifestFromTemplate(path, mesh);
}

}  // namespace workbench::ui
