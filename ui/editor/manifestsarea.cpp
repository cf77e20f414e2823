// SPDX-License-Identifier: Apache-2.0
#include "editor/manifestsarea.h"

#include "common/messagebanner.h"
#include "common/theme.h"
#include "core/boundedfile.h"
#include "core/plural.h"
#include "documents/documentmanager.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/findbar.h"
#include "editor/manifesteditor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <utility>

namespace workbench::ui {

namespace {
ManifestsArea::UnsavedChoice askWithDialog(QWidget *parent, const QStringList &names)
{
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Unsaved changes"),
                    names.size() == 1
                        ? QStringLiteral("%1 has unsaved changes.").arg(names.first())
                        : QStringLiteral("%1 have unsaved changes:\n%2")
                              .arg(counted(names.size(), QStringLiteral("file")), names.join(QLatin1Char('\n'))),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QStringLiteral("Save them before closing?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return ManifestsArea::UnsavedChoice::Save;
    case QMessageBox::Discard:
        return ManifestsArea::UnsavedChoice::Discard;
    default:
        return ManifestsArea::UnsavedChoice::Cancel;
    }
}

bool looksBinary(const QString &path)
{
    const Result<QByteArray> head = models::readFileHead(path, 8192);
    return head.ok() && head.value().contains('\0');
}
}  // namespace

WorkbenchArea *createManifestsArea(engine::ProjectSession *session, QWidget *parent)
{
    return new ManifestsArea(session, parent);
}

ManifestsArea::ManifestsArea(engine::ProjectSession *session, QWidget *parent)
    : WorkbenchArea(AreaId::Manifests, session, parent)
{
    m_manager = new EditorManager(session, this);
    m_prompt = [this](const QStringList &names) { return askWithDialog(this, names); };

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    m_recoveryBanner = new MessageBanner(this);
    m_recoveryBanner->setObjectName(QStringLiteral("recoveryBanner"));
    outer->addWidget(m_recoveryBanner);

    auto *holder = new QWidget(this);
    auto *stack = new QStackedLayout(holder);
    m_empty = new QWidget(holder);
    m_empty->setObjectName(QStringLiteral("emptyPage"));
    auto *emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addStretch(1);
    m_emptyText = new QLabel(m_empty);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setForegroundRole(QPalette::PlaceholderText);
    emptyLayout->addWidget(m_emptyText);
    m_emptyButtons = new QWidget(m_empty);
    auto *buttons = new QHBoxLayout(m_emptyButtons);
    buttons->addStretch(1);
    auto *newService = new QPushButton(QStringLiteral("New Service…"), m_emptyButtons);
    newService->setObjectName(QStringLiteral("emptyNewService"));
    newService->setToolTip(QStringLiteral("Create a service.yaml from the template"));
    auto *newMesh = new QPushButton(QStringLiteral("New Mesh…"), m_emptyButtons);
    newMesh->setObjectName(QStringLiteral("emptyNewMesh"));
    newMesh->setToolTip(QStringLiteral("Create a mesh.yaml from the template"));
    buttons->addWidget(newService);
    buttons->addWidget(newMesh);
    buttons->addStretch(1);
    emptyLayout->addWidget(m_emptyButtons);
    emptyLayout->addStretch(2);
    connect(newService, &QPushButton::clicked, this, [this] { Q_EMIT newManifestRequested(false); });
    connect(newMesh, &QPushButton::clicked, this, [this] { Q_EMIT newManifestRequested(true); });
    updateEmptyPage();
    m_splitter = new QSplitter(Qt::Vertical, holder);
    auto *editors = new QWidget(m_splitter);
    auto *editorsLayout = new QVBoxLayout(editors);
    editorsLayout->setContentsMargins(0, 0, 0, 0);
    editorsLayout->setSpacing(0);
    m_tabs = new QTabWidget(editors);
    m_tabs->setObjectName(QStringLiteral("manifestTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_findBar = new FindBar(this);
    editorsLayout->addWidget(m_tabs, 1);
    connect(m_findBar, &FindBar::message, this, &WorkbenchArea::statusMessage);
    connect(m_findBar, &FindBar::findInProjectRequested, this, &ManifestsArea::findInProjectRequested);
    m_references = new QTreeWidget(m_splitter);
    m_references->setObjectName(QStringLiteral("referencesView"));
    m_references->setHeaderLabels(
        {QStringLiteral("Reference"), QStringLiteral("Line"), QStringLiteral("Kind"), QStringLiteral("Text")});
    m_references->setRootIsDecorated(false);
    m_references->setUniformRowHeights(true);
    m_references->hide();
    m_splitter->addWidget(editors);
    m_splitter->addWidget(m_references);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    stack->addWidget(m_empty);
    stack->addWidget(m_splitter);
    outer->addWidget(holder, 1);
    outer->addWidget(m_findBar);  // also below the empty page: "In project" needs no open file

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int i) {
        if (auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(i)))
            closeFile(e->editorDocument()->path());
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, stack](int i) {
        stack->setCurrentWidget(i >= 0 ? static_cast<QWidget *>(m_splitter) : m_empty);
        ManifestEditor *e = currentEditor();
        m_findBar->setEditor(e ? e->textEditor() : nullptr, e ? e->editorDocument() : nullptr);
        Q_EMIT currentDocumentChanged(currentDocument());
        Q_EMIT documentStateChanged();
        Q_EMIT currentTitleChanged();
    });
    connect(m_references, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        EditorLocation loc;
        loc.path = item->data(0, Qt::UserRole).toString();
        loc.line = item->data(1, Qt::UserRole).toInt();
        loc.column = item->data(2, Qt::UserRole).toInt();
        loc.length = item->data(3, Qt::UserRole).toInt();
        openLocation(loc);
    });
    connect(m_manager, &EditorManager::filesEdited, this, [this](const QStringList &paths) {
        // A rename touched files that are not open: show them (in the background) so that the
        // change is visible and can be saved or undone.
        for (const QString &p : paths)
            if (!editor(p))
                if (EditorDocument *doc = m_manager->editorDocument(p))
                    addEditor(doc, false);
    });
    connect(m_manager, &EditorManager::documentAboutToClose, this, [this](EditorDocument *doc) {
        // However the document is closed, its tab goes first (it shows the doc's QTextDocument).
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(i)); e && e->editorDocument() == doc) {
                removeTab(i);
                break;
            }
    });
    connect(m_manager->documents(), &engine::DocumentManager::reloadedFromDisk, this, [this](engine::Document *doc) {
        Q_EMIT statusMessage(QStringLiteral("%1 changed on disk and was reloaded.").arg(nameOf(doc->path())));
    });
    connect(m_manager->documents(), &engine::DocumentManager::externalConflict, this, [this](engine::Document *doc) {
        Q_EMIT statusMessage(
            QStringLiteral("%1 changed on disk while it has unsaved changes.").arg(nameOf(doc->path())));
    });
    connect(m_manager->documents(), &engine::DocumentManager::message, this, &WorkbenchArea::statusMessage);
}

ManifestsArea::~ManifestsArea()
{
    // Nobody listens to a dying area (the main window may be half destroyed already).
    blockSignals(true);
    m_tabs->blockSignals(true);
    m_tabs->tabBar()->blockSignals(true);
    // Editors before documents: the text views show the documents' QTextDocuments.
    while (m_tabs->count() > 0) {
        QWidget *w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
    // The editor documents go now, while this is still a ManifestsArea: their undo stacks signal
    // this area's slots as they are destroyed (later, in ~QWidget, that would call into a dead
    // object). The engine documents stay with the session.
    delete m_manager;
    m_manager = nullptr;
}

void ManifestsArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    const bool changed = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    updateEmptyPage();
    if (!changed)
        return;
    while (m_tabs->count() > 0)
        removeTab(0);
    m_manager->closeAll();
    m_references->clear();
    m_references->hide();
    // Open the mesh first: it is the entry point of a project.
    for (const auto &f : files)
        if (f.category == models::ProjectFileCategory::MeshManifest) {
            openFile(f.absolutePath);
            break;
        }
    checkForRecovery();
}

void ManifestsArea::updateEmptyPage()
{
    bool manifests = false;
    for (const auto &f : std::as_const(m_files))
        if (f.category == models::ProjectFileCategory::ServiceManifest ||
            f.category == models::ProjectFileCategory::MeshManifest)
            manifests = true;
    const bool offerNew = !m_projectDir.isEmpty() && !manifests;
    m_emptyButtons->setVisible(offerNew);
    m_emptyText->setText(
        m_projectDir.isEmpty() ? QStringLiteral("Open a project folder (File ▸ Open Project…).")
        : offerNew ? QStringLiteral("This folder has no service or mesh manifest yet. Start one from a template:")
                   : QStringLiteral("Open a file from the project explorer (double-click or Enter)."));
}

QString ManifestsArea::nameOf(const QString &path) const
{
    if (const EditorDocument *doc = m_manager->editorDocument(path))
        return doc->displayName();
    return QFileInfo(path).fileName();
}

void ManifestsArea::openFind(bool withReplace)
{
    ManifestEditor *e = currentEditor();
    if (e && e->viewMode() == ManifestEditor::ViewMode::Form)
        e->setViewMode(ManifestEditor::ViewMode::Split);
    m_findBar->setEditor(e ? e->textEditor() : nullptr, e ? e->editorDocument() : nullptr);
    m_findBar->openFind(withReplace && e);
}

ManifestEditor *ManifestsArea::editor(const QString &path) const
{
    const QString canonical = engine::DocumentManager::canonicalPath(path);
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(i));
        if (e && (e->editorDocument()->path() == path || e->editorDocument()->path() == canonical))
            return e;
    }
    return nullptr;
}

ManifestEditor *ManifestsArea::currentEditor() const
{
    return qobject_cast<ManifestEditor *>(m_tabs->currentWidget());
}

EditorDocument *ManifestsArea::currentDocument() const
{
    ManifestEditor *e = currentEditor();
    return e ? e->editorDocument() : nullptr;
}

bool ManifestsArea::openFile(const QString &path)
{
    if (ManifestEditor *e = editor(path)) {
        m_tabs->setCurrentWidget(e);
        return true;
    }
    if (!QFileInfo(path).isFile()) {
        Q_EMIT statusMessage(QStringLiteral("Cannot open %1: no such file.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (looksBinary(path)) {
        Q_EMIT statusMessage(
            QStringLiteral("%1 is a binary file; it is not opened in the editor.").arg(QFileInfo(path).fileName()));
        return false;
    }
    auto doc = m_manager->open(path);
    if (!doc) {
        Q_EMIT statusMessage(
            QStringLiteral("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), doc.error().message));
        return false;
    }
    addEditor(doc.value(), true);
    return true;
}

ManifestEditor *ManifestsArea::addEditor(EditorDocument *doc, bool activate)
{
    auto *e = new ManifestEditor(doc, m_manager, m_tabs);
    connect(e, &ManifestEditor::openLocationRequested, this, &ManifestsArea::openLocation);
    connect(e, &ManifestEditor::referencesRequested, this, &ManifestsArea::showReferences);
    connect(e, &ManifestEditor::statusMessage, this, &WorkbenchArea::statusMessage);
    connect(doc, &EditorDocument::modifiedChanged, e, [this, e] {
        updateTabTitle(e);
        Q_EMIT documentStateChanged();
        if (e == currentEditor())
            Q_EMIT currentTitleChanged();
    });
    connect(doc, &EditorDocument::displayNameChanged, e, [this, e] {
        updateTabTitle(e);
        if (e == currentEditor())
            Q_EMIT currentTitleChanged();
    });
    connect(doc->undoStack(), &QUndoStack::indexChanged, this, &ManifestsArea::documentStateChanged);
    QString relative = doc->path();
    for (const auto &info : std::as_const(m_files))
        if (info.absolutePath == doc->path())
            relative = info.relativePath;
    const QString icon =
        doc->isYaml() ? QStringLiteral(":/icons/file-yaml.svg") : QStringLiteral(":/icons/file-text.svg");
    const int i = m_tabs->addTab(e, theme::icon(icon), doc->displayName());
    m_tabs->setTabToolTip(i, relative);
    // Opening a second file of the same name renames the first tab too (displayNameChanged).
    for (int t = 0; t < m_tabs->count(); ++t)
        if (auto *other = qobject_cast<ManifestEditor *>(m_tabs->widget(t)))
            updateTabTitle(other);
    if (activate)
        m_tabs->setCurrentIndex(i);
    return e;
}

void ManifestsArea::updateTabTitle(ManifestEditor *editor)
{
    const int i = m_tabs->indexOf(editor);
    if (i < 0)
        return;
    EditorDocument *doc = editor->editorDocument();
    m_tabs->setTabText(i, doc->displayName() + (doc->isModified() ? QStringLiteral("*") : QString()));
}

QStringList ManifestsArea::openFiles() const
{
    QStringList list;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(i)))
            list << e->editorDocument()->path();
    return list;
}

bool ManifestsArea::openLocation(const EditorLocation &location)
{
    if (!openFile(location.path))
        return false;
    if (ManifestEditor *e = editor(location.path)) {
        m_tabs->setCurrentWidget(e);
        e->goTo(location.line, location.column, location.length);
    }
    return true;
}

void ManifestsArea::removeTab(int index)
{
    auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(index));
    m_tabs->removeTab(index);
    delete e;
}

bool ManifestsArea::closeFile(const QString &path)
{
    ManifestEditor *e = editor(path);
    if (!e)
        return true;
    EditorDocument *doc = e->editorDocument();
    e->commitPendingInput();
    if (doc->isModified()) {
        switch (m_prompt({doc->displayName()})) {
        case UnsavedChoice::Save:
            if (!saveDocuments({doc}))
                return false;
            break;
        case UnsavedChoice::Discard:
            break;
        case UnsavedChoice::Cancel:
            return false;
        }
    }
    const QString docPath = doc->path();
    removeTab(m_tabs->indexOf(e));
    m_manager->close(docPath);
    return true;
}

void ManifestsArea::commitPendingInput()
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *e = qobject_cast<ManifestEditor *>(m_tabs->widget(i)))
            e->commitPendingInput();
}

bool ManifestsArea::confirmDiscardAll()
{
    commitPendingInput();
    const QList<engine::Document *> modified = m_manager->documents()->modifiedDocuments();
    if (modified.isEmpty())
        return true;
    QStringList names;
    for (engine::Document *d : modified)
        names << nameOf(d->path());
    switch (m_prompt(names)) {
    case UnsavedChoice::Save:
        return saveAll();
    case UnsavedChoice::Discard:
        return true;
    case UnsavedChoice::Cancel:
        return false;
    }
    return false;
}

bool ManifestsArea::saveDocuments(const QList<EditorDocument *> &docs)
{
    bool ok = true;
    for (EditorDocument *doc : docs) {
        const Status s = doc->document()->save();
        if (!s) {
            ok = false;
            Q_EMIT statusMessage(s.error().toString());
        } else {
            Q_EMIT statusMessage(QStringLiteral("Saved %1.").arg(doc->displayName()));
        }
    }
    return ok;
}

bool ManifestsArea::saveCurrent()
{
    if (ManifestEditor *e = currentEditor())
        e->commitPendingInput();
    EditorDocument *doc = currentDocument();
    return doc && saveDocuments({doc});
}

bool ManifestsArea::saveAll()
{
    commitPendingInput();
    const QList<Error> errors = m_manager->documents()->saveAll();
    for (const Error &e : errors)
        Q_EMIT statusMessage(e.toString());
    if (errors.isEmpty())
        Q_EMIT statusMessage(QStringLiteral("All files saved."));
    return errors.isEmpty();
}

void ManifestsArea::undo()
{
    if (const Status s = m_manager->undo(currentDocument()); !s)
        Q_EMIT statusMessage(s.error().message);
}

void ManifestsArea::redo()
{
    if (const Status s = m_manager->redo(currentDocument()); !s)
        Q_EMIT statusMessage(s.error().message);
}

void ManifestsArea::checkForRecovery()
{
    m_recoverable = m_projectDir.isEmpty() ? QList<engine::RecoveryEntry>{}
                                           : m_manager->documents()->recoverableEntries(m_projectDir);
    if (m_recoverable.isEmpty()) {
        m_recoveryBanner->hide();
        return;
    }
    QStringList names;
    for (const engine::RecoveryEntry &e : std::as_const(m_recoverable)) {
        QString name = QDir(m_projectDir).relativeFilePath(e.path);
        if (e.diskChangedSince())
            name += QStringLiteral(" (changed on disk since)");
        names << name.toHtmlEscaped();
    }
    m_recoveryBanner->showMessage(
        MessageBanner::Level::Warning,
        QStringLiteral("<b>Unsaved changes of %1 were recovered</b> from a session that did not end normally "
                       "(last autosave %2): %3")
            .arg(counted(m_recoverable.size(), QStringLiteral("file")),
                 QLocale().toString(m_recoverable.first().savedAt.toLocalTime(), QLocale::ShortFormat),
                 names.join(QStringLiteral(", "))));
    m_recoveryBanner->addButton(QStringLiteral("Restore"), QStringLiteral("restoreButton"),
                                [this] { restoreRecovered(); });
    m_recoveryBanner->addButton(QStringLiteral("Discard"), QStringLiteral("discardButton"),
                                [this] { discardRecovered(); });
    Q_EMIT recoveryOffered(recoverableFiles());
}

QStringList ManifestsArea::recoverableFiles() const
{
    QStringList files;
    for (const engine::RecoveryEntry &e : std::as_const(m_recoverable))
        files << QDir(m_projectDir).relativeFilePath(e.path);
    return files;
}

int ManifestsArea::restoreRecovered()
{
    int restored = 0;
    const QList<engine::RecoveryEntry> entries = std::exchange(m_recoverable, {});
    for (const engine::RecoveryEntry &entry : entries) {
        auto doc = m_manager->documents()->restore(entry);
        if (!doc) {
            Q_EMIT statusMessage(QStringLiteral("Cannot restore %1: %2").arg(entry.path, doc.error().message));
            continue;
        }
        if (openFile(entry.path))
            ++restored;
    }
    m_recoveryBanner->hide();
    Q_EMIT statusMessage(QStringLiteral("Restored unsaved changes of %1; they are not saved yet.")
                             .arg(counted(restored, QStringLiteral("file"))));
    return restored;
}

void ManifestsArea::discardRecovered()
{
    const QList<engine::RecoveryEntry> entries = std::exchange(m_recoverable, {});
    for (const engine::RecoveryEntry &entry : entries)
        m_manager->documents()->discardRecovery(entry);
    m_recoveryBanner->hide();
}

void ManifestsArea::showReferences(const QString &secretName)
{
    const QList<engine::SecretSite> sites = m_manager->references(secretName);
    const QList<engine::SecretSite> defs = m_manager->secretIndex().definitions(secretName);
    m_references->clear();
    for (const engine::SecretSite &s : defs + sites) {
        auto *item = new QTreeWidgetItem(m_references);
        item->setText(0, QDir(m_projectDir).relativeFilePath(s.path));
        item->setText(1, QString::number(s.line));
        item->setText(2, s.kindLabel());
        item->setText(3, s.lineText);
        item->setData(0, Qt::UserRole, s.path);
        item->setData(1, Qt::UserRole, s.line);
        item->setData(2, Qt::UserRole, s.column);
        item->setData(3, Qt::UserRole, int(s.name.size()));
    }
    m_references->setHeaderLabels({QStringLiteral("References to %1 (%2)").arg(secretName).arg(sites.size()),
                                   QStringLiteral("Line"), QStringLiteral("Kind"), QStringLiteral("Text")});
    m_references->header()->resizeSections(QHeaderView::ResizeToContents);
    m_references->show();
    Q_EMIT statusMessage(
        QStringLiteral("%1 to %2.").arg(counted(sites.size(), QStringLiteral("reference")), secretName));
}

}  // namespace workbench::ui
