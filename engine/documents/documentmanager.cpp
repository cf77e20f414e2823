// SPDX-License-Identifier: Apache-2.0
#include "documents/documentmanager.h"

#include "jobs/concurrentjob.h"
#include "jobs/jobrunner.h"
#include "jobs/workerlatch.h"
#include "project/projectworkspace.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QTimer>

#include <atomic>
#include <limits>
#include <utility>

namespace workbench::engine {

struct DocumentManager::AutosaveRound {
    enum Phase { Pending, Writing, Abandoned };
    /// Pending -> Writing (the worker starts) or Pending -> Abandoned (the owner gave up on a
    /// round whose worker never started: cancelled before it ran, or shutdown).
    std::atomic<int> phase{Pending};
    jobs::WorkerLatch done;     // released by the worker once Writing is over
    QList<AutosaveItem> items;  // written by the worker before done.release()
};

namespace {
QString defaultRecoveryDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("recovery"));
}
}  // namespace

DocumentManager::DocumentManager(ProjectWorkspace *workspace, QObject *parent, const QString &recoveryDir,
                                 jobs::JobRunner *runner)
    : QObject(parent)
    , m_workspace(workspace)
    , m_recovery(std::make_unique<RecoveryStore>(recoveryDir.isEmpty() ? defaultRecoveryDir() : recoveryDir))
    , m_runner(runner ? runner : new jobs::JobRunner(this))
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
    m_autosaveTimer->start();
}

DocumentManager::~DocumentManager()
{
    // Its copies of the buffers are written, as in a crash (bounded: a disk that hangs for
    // longer leaves the worker to finish alone; it owns what it writes).
    bookAutosaveRound(10000);
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
    if (m_autosaveRound)
        return;  // a round is in flight: the next tick tries again
    QList<AutosaveItem> items = collectAutosave();
    if (items.isEmpty())
        return;
    if (Status s = m_recovery->ensureSession(); !s) {
        Q_EMIT message(s.error().toString());
        return;
    }
    auto round = std::make_shared<AutosaveRound>();
    const int count = int(items.size());
    auto job = std::make_unique<jobs::ConcurrentJob<int>>(
        count == 1 ? QStringLiteral("Autosave of 1 unsaved buffer")
                   : QStringLiteral("Autosave of %1 unsaved buffers").arg(count),
        [sessionDir = m_recovery->sessionDir(), items = std::move(items), round](const jobs::JobContext &context) {
            int pending = AutosaveRound::Pending;
            if (!round->phase.compare_exchange_strong(pending, AutosaveRound::Writing))
                return Result<int>(Error::cancelled(QStringLiteral("Autosave cancelled.")));
            QList<AutosaveItem> done;
            bool cancelled = false;
            for (const AutosaveItem &item : items) {
                if (context.isCancelled()) {
                    cancelled = true;  // the rest stays for the next round
                    break;
                }
                AutosaveItem written = item;
                if (const Status s = RecoveryStore::writeEntry(sessionDir, item.path, item.text, item.base); !s)
                    written.error = s.error().toString();
                done.append(std::move(written));
            }
            const int n = int(done.size());
            round->items = std::move(done);
            round->done.release();
            if (cancelled)
                return Result<int>(Error::cancelled(QStringLiteral("Autosave cancelled.")));
            return Result<int>(n);
        });
    job->setBackground(true);
    jobs::Job *raw = job.get();
    connect(raw, &jobs::Job::finished, this, [this, round] {
        if (m_autosaveRound == round)  // autosaveNow() may have booked it already
            bookAutosaveRound(0);
    });
    m_autosaveRound = round;
    m_autosaveJob = raw;
    m_runner->submit(std::move(job));
}

void DocumentManager::bookAutosaveRound(int timeoutMs)
{
    if (!m_autosaveRound)
        return;
    int pending = AutosaveRound::Pending;
    if (m_autosaveRound->phase.compare_exchange_strong(pending, AutosaveRound::Abandoned)) {
        // Its worker has not started (and now never writes): nothing to wait for or book.
        m_autosaveRound.reset();
        if (m_autosaveJob)
            m_autosaveJob->cancel();
        m_autosaveJob.clear();
        return;
    }
    if (!m_autosaveRound->done.wait(timeoutMs))
        return;  // still writing (shutdown only: bounded)
    const std::shared_ptr<AutosaveRound> round = std::exchange(m_autosaveRound, nullptr);
    m_autosaveJob.clear();
    finishAutosave(round->items);
}

jobs::Job *DocumentManager::autosaveJob() const
{
    return m_autosaveJob.data();
}

void DocumentManager::waitForAutosave(int timeoutMs)
{
    bookAutosaveRound(timeoutMs);
}

int DocumentManager::autosaveNow()
{
    // A background round first completes, so that its older copy cannot land after this one.
    bookAutosaveRound(std::numeric_limits<int>::max());
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
    bookAutosaveRound(std::numeric_limits<int>::max());  // its copies must not land after close()
    m_recovery->close();
    m_autosavedRevision.clear();
}

}  // namespace workbench::engine
