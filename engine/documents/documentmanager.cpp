// SPDX-License-Identifier: Apache-2.0
#include "documents/documentmanager.h"

#include "project/projectworkspace.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QtConcurrent>
#include <QTimer>

#include <utility>

namespace workbench::engine {

namespace {
QString defaultRecoveryDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery"));
}
}  // namespace

DocumentManager::DocumentManager(ProjectWorkspace *workspace, QObject *parent, const QString &recoveryDir)
    : QObject(parent)
    , m_workspace(workspace)
    , m_recovery(std::make_unique<RecoveryStore>(recoveryDir.isEmpty() ? defaultRecoveryDir() : recoveryDir))
{
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DocumentManager::onFileChanged);
    // Writers often save in steps (truncate, write, rename): look once things have settled.
    m_changeTimer = new QTimer(this);
    m_changeTimer->setSingleShot(true);
    m_changeTimer->setInterval(120);
    connect(m_changeTimer, &QTimer::timeout, this, [this] {
        const QSet<QString> paths = std::exchange(m_changedPaths, {});
        for (const QString &path : paths) {
            Document *doc = m_documents.value(path);
            if (!doc)
                continue;
            const auto stateBefore = doc->externalState();
            const quint64 revisionBefore = doc->revision();
            doc->checkDisk();
            watch(doc);  // an atomic rename replaced the inode: watch the new file
            const auto state = doc->externalState();
            if (state == Document::ExternalState::ChangedOnDisk && stateBefore != state)
                Q_EMIT externalConflict(doc);
            else if (state == Document::ExternalState::RemovedFromDisk && stateBefore != state)
                Q_EMIT removedFromDisk(doc);
            else if (state == Document::ExternalState::InSync && doc->revision() != revisionBefore &&
                     !doc->isModified())
                Q_EMIT reloadedFromDisk(doc);
        }
    });
    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setInterval(m_autosaveMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, &DocumentManager::autosaveInBackground);
    connect(&m_autosaveJob, &QFutureWatcher<QList<AutosaveItem>>::finished, this, [this] {
        // autosaveNow() may have booked this round already (it waits for a running one).
        if (m_autosaveBooked || !m_autosaveJob.isFinished())
            return;
        m_autosaveBooked = true;
        finishAutosave(m_autosaveJob.result());
    });
    m_autosaveTimer->start();
}

DocumentManager::~DocumentManager()
{
    m_autosaveJob.waitForFinished();  // its copies of the buffers are written, as in a crash
    // Without shutdown() this is treated like a crash: recovery copies stay on disk.
    for (Document *doc : std::as_const(m_documents))
        disconnect(doc, nullptr, this, nullptr);
}

QString DocumentManager::canonicalPath(const QString &path)
{
    const QFileInfo fi(path);
    const QString canonical = fi.canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(fi.absoluteFilePath()) : canonical;
}

Result<Document *> DocumentManager::open(const QString &path, bool allowMissing)
{
    return openDocument(path, allowMissing ? Missing::Recover : Missing::Fail);
}

Result<Document *> DocumentManager::openOrCreate(const QString &path)
{
    return openDocument(path, Missing::Create);
}

Result<Document *> DocumentManager::openDocument(const QString &path, Missing missing)
{
    const QString key = canonicalPath(path);
    if (Document *existing = m_documents.value(key))
        return existing;
    auto *doc = new Document(key, this);
    if (Status s = doc->load(); !s) {
        if (missing == Missing::Recover && !QFileInfo::exists(key)) {
            doc->startAsMissing();
        } else if (missing == Missing::Create && !QFileInfo::exists(key)) {
            doc->startAsNew();
        } else {
            delete doc;
            return s.error();
        }
    }
    m_documents.insert(key, doc);
    connect(doc, &Document::textChanged, this, [this, doc] { publish(doc); });
    connect(doc, &Document::modifiedChanged, this, [this, doc](bool modified) {
        if (!modified) {
            m_recovery->remove(doc->path());
            m_autosavedRevision.remove(doc->path());
            publish(doc);  // saved or typed back: the workspace reads the file again
        }
        Q_EMIT modifiedChanged(doc, modified);
    });
    connect(doc, &Document::saved, this, [this, doc] {
        watch(doc);
        Q_EMIT saved(doc);
    });
    connect(doc, &Document::bufferReplaced, this, [this, doc] {
        if (!doc->isModified() && m_workspace && !m_workspace->hasUnsavedText(doc->path()))
            m_workspace->notifyFileChangedOnDisk(doc->path());
    });
    watch(doc);
    Q_EMIT documentOpened(doc);
    return doc;
}

void DocumentManager::watch(Document *doc)
{
    if (QFileInfo::exists(doc->path()) && !m_watcher->files().contains(doc->path()))
        m_watcher->addPath(doc->path());
}

void DocumentManager::onFileChanged(const QString &path)
{
    m_changedPaths.insert(path);
    m_changeTimer->start();
}

void DocumentManager::publish(Document *doc)
{
    if (!m_workspace)
        return;
    if (doc->isModified())
        m_workspace->setDocumentText(doc->path(), doc->text());
    else if (m_workspace->hasUnsavedText(doc->path()))
        m_workspace->clearDocumentText(doc->path());
}

Document *DocumentManager::document(const QString &path) const
{
    if (Document *d = m_documents.value(path))
        return d;
    return m_documents.value(canonicalPath(path));
}

QList<Document *> DocumentManager::documents() const
{
    QList<Document *> list = m_documents.values();
    std::sort(list.begin(), list.end(), [](const Document *a, const Document *b) { return a->path() < b->path(); });
    return list;
}

QList<Document *> DocumentManager::modifiedDocuments()
{
    QList<Document *> out;
    for (Document *doc : documents()) {
        doc->sync();
        if (doc->isModified())
            out.append(doc);
    }
    return out;
}

bool DocumentManager::hasModifiedDocuments()
{
    return !modifiedDocuments().isEmpty();
}

bool DocumentManager::close(const QString &path)
{
    Document *doc = document(path);
    if (!doc)
        return false;
    Q_EMIT documentAboutToClose(doc);
    const QString key = doc->path();
    m_documents.remove(key);
    m_watcher->removePath(key);
    m_recovery->remove(key);
    m_autosavedRevision.remove(key);
    if (m_workspace && m_workspace->hasUnsavedText(key))
        m_workspace->clearDocumentText(key);
    disconnect(doc, nullptr, this, nullptr);
    delete doc;
    Q_EMIT documentClosed(key);
    return true;
}

void DocumentManager::closeAll()
{
    const QStringList paths = m_documents.keys();
    for (const QString &p : paths)
        close(p);
}

Status DocumentManager::save(const QString &path)
{
    Document *doc = document(path);
    if (!doc)
        return makeError(QStringLiteral("document.not-open"), QStringLiteral("%1 is not open.").arg(path));
    return doc->save();
}

QList<Error> DocumentManager::saveAll()
{
    QList<Error> errors;
    for (Document *doc : modifiedDocuments())
        if (Status s = doc->save(); !s)
            errors.append(s.error());
    return errors;
}

void DocumentManager::checkForExternalChanges()
{
    for (Document *doc : documents())
        m_changedPaths.insert(doc->path());
    m_changeTimer->start(0);
}

void DocumentManager::setAutosaveInterval(int ms)
{
    m_autosaveMs = ms;
    if (ms <= 0) {
        m_autosaveTimer->stop();
        return;
    }
    m_autosaveTimer->start(ms);
}

QList<DocumentManager::AutosaveItem> DocumentManager::collectAutosave()
{
    QList<AutosaveItem> items;
    for (Document *doc : documents()) {
        doc->sync();
        const QString path = doc->path();
        if (!doc->isModified()) {
            if (m_autosavedRevision.remove(path) > 0)
                m_recovery->remove(path);
            continue;
        }
        if (m_autosavedRevision.value(path, quint64(-1)) == doc->revision())
            continue;
        items.append({path, doc->text(), doc->savedText(), doc->revision(), {}});
    }
    return items;
}

int DocumentManager::finishAutosave(const QList<AutosaveItem> &items)
{
    int written = 0;
    for (const AutosaveItem &item : items) {
        if (!item.error.isEmpty()) {
            Q_EMIT message(item.error);
            continue;
        }
        // Saved, reverted or closed while the copy was being written: the copy must go.
        Document *doc = m_documents.value(item.path);
        if (!doc || !doc->isModified()) {
            m_recovery->remove(item.path);
            continue;
        }
        m_autosavedRevision.insert(item.path, item.revision);  // rounds never overlap: this is the newest
        ++written;
    }
    if (written > 0)
        Q_EMIT autosaved(written);
    return written;
}

void DocumentManager::autosaveInBackground()
{
    if (m_autosaveJob.isRunning())
        return;  // the next tick tries again
    QList<AutosaveItem> items = collectAutosave();
    if (items.isEmpty())
        return;
    if (Status s = m_recovery->ensureSession(); !s) {
        Q_EMIT message(s.error().toString());
        return;
    }
    m_autosaveBooked = false;
    m_autosaveJob.setFuture(
        QtConcurrent::run([sessionDir = m_recovery->sessionDir(), items = std::move(items)]() mutable {
            for (AutosaveItem &item : items)
                if (const Status s = RecoveryStore::writeEntry(sessionDir, item.path, item.text, item.base); !s)
                    item.error = s.error().toString();
            return items;
        }));
}

int DocumentManager::autosaveNow()
{
    // A background round first completes, so that its older copy cannot land after this one.
    m_autosaveJob.waitForFinished();
    if (!m_autosaveBooked) {
        m_autosaveBooked = true;
        finishAutosave(m_autosaveJob.result());
    }
    QList<AutosaveItem> items = collectAutosave();
    for (AutosaveItem &item : items)
        if (const Status s = m_recovery->store(item.path, item.text, item.base); !s)
            item.error = s.error().toString();
    return finishAutosave(items);
}

QList<RecoveryEntry> DocumentManager::recoverableEntries(const QString &projectDir) const
{
    return m_recovery->orphanedEntries(projectDir.isEmpty() ? QString() : canonicalPath(projectDir));
}

Result<Document *> DocumentManager::restore(const RecoveryEntry &entry)
{
    // A buffer whose file was deleted or moved since is still restored, as a file to save again.
    auto doc = open(entry.path, true);
    if (!doc)
        return doc;
    doc.value()->replaceBuffer(entry.text);
    m_autosavedRevision.remove(doc.value()->path());
    autosaveNow();  // the recovered buffer is protected again right away, by this session
    // The crash's copy goes only once this session holds the buffer (or there is nothing left
    // to protect): if the autosave failed, the old copy is still the only one on disk.
    if (!doc.value()->isModified() || m_recovery->contains(doc.value()->path()))
        m_recovery->discard(entry);
    return doc;
}

void DocumentManager::discardRecovery(const RecoveryEntry &entry)
{
    m_recovery->discard(entry);
}

void DocumentManager::shutdown()
{
    m_autosaveTimer->stop();
    m_autosaveJob.waitForFinished();
    m_recovery->close();
    m_autosavedRevision.clear();
}

}  // namespace workbench::engine
