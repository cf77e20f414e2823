// SPDX-License-Identifier: Apache-2.0
#include "editor/editormanager.h"

#include "analysis/projectanalysis.h"
#include "documents/documentmanager.h"
#include "editor/editordocument.h"
#include "editor/textundocommand.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "validation/diagnosticsmodel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QUndoStack>

#include <algorithm>
#include <map>

namespace workbench::ui {

namespace {
const TextUndoCommand *commandAt(const QUndoStack *stack, int index)
{
    if (index < 0 || index >= stack->count())
        return nullptr;
    return dynamic_cast<const TextUndoCommand *>(stack->command(index));
}

QString relativeOrNative(const QString &projectDir, const QString &path)
{
    if (!projectDir.isEmpty() && path.startsWith(projectDir + QLatin1Char('/')))
        return path.mid(projectDir.size() + 1);
    return QDir::toNativeSeparators(path);
}

QString formatNote(const QString &format)
{
    if (format == QLatin1String(".chain"))
        return QStringLiteral("Legacy <code>.chain</code>: from the root to this certificate, the certificate itself "
                              "included (the new <code>:chain</code> leaves it out).");
    if (format == QLatin1String(":chain"))
        return QStringLiteral("<code>:chain</code>: the intermediates up to the root, without the certificate itself.");
    if (format == QLatin1String(".crt") || format == QLatin1String(":crt"))
        return QStringLiteral("The certificate (PEM).");
    if (format == QLatin1String(".key") || format.startsWith(QLatin1String(":privatekey")))
        return QStringLiteral("The private key (PEM).");
    return {};
}
}  // namespace

EditorManager::EditorManager(engine::ProjectSession *session, QObject *parent)
    : QObject(parent)
    , m_workspace(session->workspace())
    , m_documents(session->documents())
    , m_analysis(session->analysis())
    , m_snapshot(session->analysis()->snapshot())
{
    connect(m_analysis, &engine::ProjectAnalysis::snapshotChanged, this, &EditorManager::onSnapshot);
    connect(m_documents, &engine::DocumentManager::documentAboutToClose, this, [this](engine::Document *doc) {
        if (EditorDocument *ed = m_editors.take(doc->path())) {
            Q_EMIT documentAboutToClose(ed);
            delete ed;
            updateDisplayNames();
            Q_EMIT documentClosed(doc->path());
        }
    });
}

EditorManager::~EditorManager()
{
    qDeleteAll(m_editors);
    m_editors.clear();
}

const engine::AnalysisSnapshot &EditorManager::snapshot() const
{
    return *m_snapshot;
}

models::DiagnosticsModel *EditorManager::diagnosticsModel() const
{
    return m_analysis->problems();
}

int EditorManager::errorCount() const
{
    return m_snapshot->counts.errors;
}

int EditorManager::warningCount() const
{
    return m_snapshot->counts.warnings;
}

Result<EditorDocument *> EditorManager::open(const QString &path)
{
    if (EditorDocument *ed = editorDocument(path))
        return ed;
    auto doc = m_documents->open(path);
    if (!doc)
        return doc.error();
    auto *ed = new EditorDocument(doc.value());
    ed->setSyncDelay(m_syncDelay);
    m_editors.insert(doc.value()->path(), ed);
    // Take the latest parse and diagnostics at once, if the project knows the file.
    if (const models::ManifestFile *f = snapshot().project.file(ed->path()))
        ed->adoptParse(*f);
    models::Diagnostics mine;
    for (const models::Diagnostic &d : snapshot().diagnostics)
        if (d.file == ed->path())
            mine.append(d);
    ed->setDiagnostics(mine);
    updateDisplayNames();
    Q_EMIT documentOpened(ed);
    return ed;
}

void EditorManager::updateDisplayNames()
{
    QHash<QString, QList<EditorDocument *>> byName;
    for (EditorDocument *ed : std::as_const(m_editors))
        byName[QFileInfo(ed->path()).fileName()].append(ed);
    const QString root = m_workspace ? m_workspace->projectDir() : QString();
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        const QList<EditorDocument *> &docs = it.value();
        if (docs.size() == 1) {
            docs.first()->setDisplayName({});
            continue;
        }
        QList<QStringList> parts;
        qsizetype depth = 0;
        for (const EditorDocument *ed : docs) {
            const QString shown = !root.isEmpty() && ed->path().startsWith(root + QLatin1Char('/'))
                                      ? ed->path().mid(root.size() + 1)
                                      : ed->path();
            parts.append(shown.split(QLatin1Char('/'), Qt::SkipEmptyParts));
            depth = qMax(depth, parts.last().size());
        }
        // The shortest path end (two components, then three...) that is unique in the group.
        for (qsizetype k = 2; k <= depth; ++k) {
            QStringList names;
            for (const QStringList &p : std::as_const(parts))
                names << p.mid(qMax<qsizetype>(0, p.size() - k)).join(QLatin1Char('/'));
            if (QSet<QString>(names.cbegin(), names.cend()).size() == names.size() || k == depth) {
                for (qsizetype i = 0; i < docs.size(); ++i)
                    docs.at(i)->setDisplayName(names.at(i));
                break;
            }
        }
    }
}

EditorDocument *EditorManager::editorDocument(const QString &path) const
{
    if (EditorDocument *ed = m_editors.value(path))
        return ed;
    return m_editors.value(engine::DocumentManager::canonicalPath(path));
}

QList<EditorDocument *> EditorManager::editorDocuments() const
{
    QList<EditorDocument *> list = m_editors.values();
    std::sort(list.begin(), list.end(),
              [](const EditorDocument *a, const EditorDocument *b) { return a->path() < b->path(); });
    return list;
}

void EditorManager::close(const QString &path)
{
    EditorDocument *ed = editorDocument(path);
    if (!ed)
        return;
    m_documents->close(ed->path());  // deletes the editor document via documentAboutToClose
}

void EditorManager::closeAll()
{
    const QStringList paths = m_editors.keys();
    for (const QString &p : paths)
        close(p);
}

void EditorManager::setSyncDelay(int ms)
{
    m_syncDelay = ms;
    for (EditorDocument *ed : std::as_const(m_editors))
        ed->setSyncDelay(ms);
}

void EditorManager::refreshNow()
{
    for (EditorDocument *ed : std::as_const(m_editors))
        ed->flush();
    m_analysis->analyzeNow();  // publishes: onSnapshot() has run when it returns
}

void EditorManager::onSnapshot()
{
    QElapsedTimer clock;
    clock.start();
    m_snapshot = m_analysis->snapshot();
    const engine::AnalysisSnapshot &snap = *m_snapshot;
    QHash<QString, models::Diagnostics> byFile;
    for (const models::Diagnostic &d : snap.diagnostics)
        byFile[d.file].append(d);
    for (EditorDocument *ed : std::as_const(m_editors)) {
        if (const models::ManifestFile *f = snap.project.file(ed->path()))
            ed->adoptParse(*f);
        ed->setDiagnostics(byFile.value(ed->path()));
    }
    Q_EMIT diagnosticsUpdated();
    Q_EMIT projectUpdated();
    m_lastRefreshNs = clock.nsecsElapsed();
}

const engine::SecretIndex &EditorManager::secretIndex()
{
    m_indexGeneration = snapshot().secrets.buildId();  // a provisional snapshot keeps the index
    return snapshot().secrets;
}

std::optional<engine::SecretSite> EditorManager::secretAt(EditorDocument *doc, int position)
{
    if (!doc || !doc->isYaml())
        return std::nullopt;
    const models::ManifestFile *f = snapshot().project.file(doc->path());
    if (doc->hasPendingSync() || !f || f->document.text() != doc->document()->text())
        refreshNow();
    doc->reparseNow();
    const int byte = doc->byteOfPosition(position);
    if (byte < 0)
        return std::nullopt;
    return secretIndex().siteAt(doc->path(), byte);
}

std::optional<EditorLocation> EditorManager::definitionAt(EditorDocument *doc, int position)
{
    const auto site = secretAt(doc, position);
    if (!site)
        return std::nullopt;
    const QList<engine::SecretSite> defs = secretIndex().definitions(site->name);
    if (defs.isEmpty())
        return std::nullopt;
    const engine::SecretSite &d = defs.first();
    return EditorLocation{d.path, d.line, d.column, int(site->name.size())};
}

QList<engine::SecretSite> EditorManager::references(const QString &secretName)
{
    refreshNow();
    return secretIndex().references(secretName);
}

QString EditorManager::hoverTextAt(EditorDocument *doc, int position)
{
    if (!doc || !doc->isYaml() || doc->hasPendingSync())
        return {};
    const models::ManifestFile *f = snapshot().project.file(doc->path());
    if (!f || f->document.text() != doc->document()->text() || !doc->isParseCurrent())
        return {};
    const auto site = secretIndex().siteAt(doc->path(), doc->byteOfPosition(position));
    if (!site || site->kind == engine::SecretSite::Kind::Definition)
        return {};
    const auto info = secretIndex().info(site->name);
    QString html;
    if (site->kind == engine::SecretSite::Kind::Placeholder)
        html += QStringLiteral("<code>$$SCONE::%1%2$$</code> resolves to<br>")
                    .arg(site->name.toHtmlEscaped(), site->format.toHtmlEscaped());
    if (!info) {
        html += QStringLiteral("Secret <b>%1</b> is not defined in this project (it may come from a service "
                               "whose manifest is not here).")
                    .arg(site->name.toHtmlEscaped());
        return html;
    }
    html += QStringLiteral("Secret <b>%1</b> &mdash; kind <b>%2</b><br>Defined in %3, line %4")
                .arg(info->name.toHtmlEscaped(),
                     (info->kind.isEmpty() ? QStringLiteral("ascii (default)") : info->kind).toHtmlEscaped(),
                     relativeOrNative(m_workspace->projectDir(), info->file).toHtmlEscaped())
                .arg(info->line);
    for (const QString &d : info->details)
        html += QStringLiteral("<br>") + d.toHtmlEscaped();
    const QString note = formatNote(site->format);
    if (!note.isEmpty())
        html += QStringLiteral("<br><i>") + note + QStringLiteral("</i>");
    html += QStringLiteral("<br><small>F2 or Ctrl+click: go to definition</small>");
    return html;
}

Status EditorManager::renameSecret(const QString &oldName, const QString &newName)
{
    if (!engine::SecretIndex::isValidSecretName(newName))
        return makeError(
            QStringLiteral("rename.invalid-name"),
            QStringLiteral("'%1' is not a valid secret name: use letters, digits, '_' and '-', starting with a letter.")
                .arg(newName));
    if (oldName == newName)
        return Ok{};
    refreshNow();
    const engine::SecretIndex &idx = secretIndex();
    if (!idx.definitions(newName).isEmpty())
        return makeError(QStringLiteral("rename.exists"),
                         QStringLiteral("A secret named '%1' already exists in this project.").arg(newName));
    const QList<engine::SecretSite> sites = idx.allSites(oldName);
    if (sites.isEmpty())
        return makeError(QStringLiteral("rename.unknown"),
                         QStringLiteral("No secret named '%1' in this project.").arg(oldName));
    std::map<QString, QList<EditorDocument::Replacement>> byFile;
    for (const engine::SecretSite &s : sites)
        byFile[s.path].append(EditorDocument::Replacement{s.offset, s.length, newName});
    // Keep what the snapshot read, to detect a file that changed between reading and writing.
    QHash<QString, QByteArray> expected;
    for (const auto &entry : byFile)
        if (const models::ManifestFile *f = snapshot().project.file(entry.first))
            expected.insert(entry.first, f->document.text());

    const quint64 group = m_nextGroup++;
    QList<EditorDocument *> applied;
    auto rollback = [&applied] {
        for (EditorDocument *ed : std::as_const(applied))
            ed->undo();
    };
    const QString description = QStringLiteral("Rename secret %1 to %2").arg(oldName, newName);
    QStringList paths;
    for (const auto &entry : byFile) {
        auto ed = open(entry.first);
        if (!ed) {
            rollback();
            return ed.error();
        }
        if (ed.value()->isReadOnly()) {
            rollback();
            return makeError(QStringLiteral("rename.read-only"),
                             QStringLiteral("Cannot rename: %1 is read-only.").arg(ed.value()->displayName()));
        }
        ed.value()->flush();
        if (ed.value()->document()->text() != expected.value(entry.first)) {
            rollback();
            return makeError(QStringLiteral("rename.changed"),
                             QStringLiteral("%1 changed while renaming; try again.").arg(ed.value()->displayName()));
        }
        if (Status s = ed.value()->applyReplacements(entry.second, description, group); !s) {
            rollback();
            return s;
        }
        applied.append(ed.value());
        paths << ed.value()->path();
    }
    m_groupFiles.insert(group, paths);
    refreshNow();
    Q_EMIT filesEdited(paths);
    return Ok{};
}

Status EditorManager::undo(EditorDocument *doc)
{
    return stepGroup(doc, true);
}

Status EditorManager::redo(EditorDocument *doc)
{
    return stepGroup(doc, false);
}

Status EditorManager::stepGroup(EditorDocument *doc, bool undo)
{
    auto next = [undo](const EditorDocument *ed) {
        const QUndoStack *stack = ed->undoStack();
        return commandAt(stack, undo ? stack->index() - 1 : stack->index());
    };
    auto step = [undo](EditorDocument *ed) { undo ? ed->undo() : ed->redo(); };
    if (!doc || !(undo ? doc->undoStack()->canUndo() : doc->undoStack()->canRedo()))
        return Ok{};
    const TextUndoCommand *mine = next(doc);
    const quint64 group = mine ? mine->groupId() : 0;
    if (group == 0) {
        step(doc);
        return Ok{};
    }
    // Every file of the group must have the group's step next; otherwise stepping only some of
    // them would leave references and definitions out of step.
    QList<EditorDocument *> members;
    QStringList blocked;
    const QStringList files = m_groupFiles.value(group);
    const QList<EditorDocument *> open = editorDocuments();
    for (const QString &path : files) {
        EditorDocument *ed = nullptr;
        for (EditorDocument *candidate : open)
            if (candidate->path() == path)
                ed = candidate;
        const TextUndoCommand *n = ed ? next(ed) : nullptr;
        if (n && n->groupId() == group)
            members << ed;
        else
            blocked << (ed ? ed->displayName() : QFileInfo(path).fileName());
    }
    if (!blocked.isEmpty())
        return makeError(QStringLiteral("undo.group-blocked"),
                         QStringLiteral("Cannot %1 \"%2\" in every file: %3 changed since. %4 those changes first.")
                             .arg(undo ? QStringLiteral("undo") : QStringLiteral("redo"), mine->text(),
                                  blocked.join(QStringLiteral(", ")),
                                  undo ? QStringLiteral("Undo") : QStringLiteral("Redo")));
    for (EditorDocument *ed : std::as_const(members))
        step(ed);
    return Ok{};
}

QStringList EditorManager::secretNames(const QString &kind)
{
    const engine::SecretIndex &idx = secretIndex();
    if (m_namesGeneration != m_indexGeneration) {
        m_namesCache.clear();
        m_namesGeneration = m_indexGeneration;
    }
    if (const auto it = m_namesCache.constFind(kind); it != m_namesCache.constEnd())
        return it.value();
    QSet<QString> seen;  // a name defined in several files is listed once
    QStringList names;
    for (const engine::SecretSite &s : idx.sites()) {
        if (s.kind != engine::SecretSite::Kind::Definition || seen.contains(s.name))
            continue;
        seen.insert(s.name);
        if (!kind.isEmpty()) {
            const auto info = idx.info(s.name);
            if (!info || info->kind != kind)
                continue;
        }
        names << s.name;
    }
    names.sort();
    m_namesCache.insert(kind, names);
    return names;
}

QStringList EditorManager::serviceImages() const
{
    QStringList images;
    for (const models::ManifestFile *f : snapshot().project.serviceFiles())
        if (f->service && !f->service->build.to.value.isEmpty())
            images << f->service->build.to.value;
    images.removeDuplicates();
    images.sort();
    return images;
}

}  // namespace workbench::ui
