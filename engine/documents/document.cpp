// SPDX-License-Identifier: Apache-2.0
#include "documents/document.h"

#include "core/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace workbench::engine {

namespace {
/// @p dir, or its closest ancestor that exists (a deleted file's folder may be gone too; saving
/// creates it again).
QString nearestExistingFolder(QString dir)
{
    while (!QFileInfo::exists(dir)) {
        const QString up = QFileInfo(dir).absolutePath();
        if (up == dir)
            break;
        dir = up;
    }
    return dir;
}
}  // namespace

Document::Document(const QString &absolutePath, QObject *parent)
    : QObject(parent)
    , m_path(absolutePath)
{}

QString Document::fileName() const
{
    return QFileInfo(m_path).fileName();
}

void Document::sync()
{
    Q_EMIT syncRequested();
}

void Document::setText(const QByteArray &text)
{
    if (text == m_text)
        return;
    m_text = text;
    ++m_revision;
    setModified(m_text != m_savedText || m_externalState == ExternalState::RemovedFromDisk);
    Q_EMIT textChanged();
}

Result<QByteArray> Document::readDisk() const
{
    Result<QByteArray> text = models::readFileBounded(m_path);
    if (!text.ok()) {
        Error e = text.error();
        e.code = QStringLiteral("document.read");
        return e;
    }
    return std::move(text).value();
}

void Document::takeSnapshot()
{
    const QFileInfo fi(m_path);
    m_snapshot.exists = fi.exists();
    m_snapshot.size = fi.exists() ? fi.size() : -1;
    m_snapshot.modified = fi.exists() ? fi.lastModified() : QDateTime();
}

Status Document::load()
{
    auto bytes = readDisk();
    if (!bytes)
        return bytes.error();
    m_savedText = bytes.value();
    takeSnapshot();
    refreshReadOnly();
    setExternalState(ExternalState::InSync);
    if (m_text != m_savedText) {
        m_text = m_savedText;
        ++m_revision;
        Q_EMIT textChanged();
    }
    setModified(false);
    return Ok{};
}

void Document::startAsMissing()
{
    m_savedText.clear();
    takeSnapshot();
    refreshReadOnly();
    setExternalState(ExternalState::RemovedFromDisk);
    setModified(true);
}

void Document::startAsNew()
{
    m_savedText.clear();
    m_text.clear();
    takeSnapshot();
    refreshReadOnly();
    setExternalState(ExternalState::InSync);
    setModified(false);
}

void Document::setWriteBlockedReason(const QString &reason)
{
    m_writeBlockedReason = reason;
    refreshReadOnly();
}

void Document::refreshReadOnly()
{
    const QFileInfo fi(m_path);
    QString reason = m_writeBlockedReason;
    // Permission bits are checked as well as access(): as root every file is "writable", but a
    // file nobody may write (chmod a-w) is meant to be read-only, as editors like vim treat it.
    const auto writeBits = QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther;
    if (!reason.isEmpty()) {
        // blocked whatever the permissions say
    } else if (fi.exists() && (!fi.isWritable() || !(fi.permissions() & writeBits))) {
        reason = QStringLiteral("This file is read-only: you do not have permission to change it.");
    } else if (!QFileInfo(nearestExistingFolder(fi.absolutePath())).isWritable()) {
        reason = QStringLiteral("This file is read-only: its folder is not writable, so it cannot be saved safely.");
    }
    const bool readOnly = !reason.isEmpty();
    m_readOnlyReason = reason;
    if (readOnly != m_readOnly) {
        m_readOnly = readOnly;
        Q_EMIT readOnlyChanged(m_readOnly);
    }
}

Status Document::save()
{
    sync();
    refreshReadOnly();
    if (m_readOnly) {
        Error e = makeError(QStringLiteral("document.read-only"), QStringLiteral("%1 is read-only.").arg(fileName()),
                            m_readOnlyReason);
        e.file = m_path;
        return e;
    }
    if (m_externalState == ExternalState::RemovedFromDisk && QFileInfo::exists(m_path)) {
        // Removed, then created again by another program (git checkout, a generator): the
        // watcher does not watch missing paths, so this is where it shows.
        takeSnapshot();
        setExternalState(ExternalState::ChangedOnDisk);
    } else if (m_externalState != ExternalState::RemovedFromDisk && QFileInfo::exists(m_path)) {
        auto disk = readDisk();
        if (disk && disk.value() != m_savedText) {
            if (!m_modified) {
                checkDisk();  // nothing of ours to save: take the new content silently
                return Ok{};
            }
            takeSnapshot();
            setExternalState(ExternalState::ChangedOnDisk);
        }
    }
    if (m_externalState == ExternalState::ChangedOnDisk) {
        Error e = makeError(QStringLiteral("document.conflict"),
                            QStringLiteral("%1 was not saved: it changed on disk. Reload it, or keep your version, "
                                           "then save.")
                                .arg(fileName()));
        e.file = m_path;
        return e;
    }
    if (!m_modified && m_externalState == ExternalState::InSync)
        return Ok{};  // the file already holds exactly this text
    if (!QFileInfo::exists(QFileInfo(m_path).absolutePath()))
        QDir().mkpath(QFileInfo(m_path).absolutePath());  // a removed file's folder, a new file's
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly)) {
        Error e = makeError(QStringLiteral("document.write"),
                            QStringLiteral("Cannot save %1.").arg(QDir::toNativeSeparators(m_path)), f.errorString());
        e.file = m_path;
        return e;
    }
    if (f.write(m_text) != m_text.size() || !f.commit()) {
        Error e = makeError(QStringLiteral("document.write"),
                            QStringLiteral("Cannot save %1.").arg(QDir::toNativeSeparators(m_path)), f.errorString());
        e.file = m_path;
        f.cancelWriting();
        return e;
    }
    m_savedText = m_text;
    takeSnapshot();
    setExternalState(ExternalState::InSync);
    setModified(false);
    Q_EMIT saved();
    return Ok{};
}

Status Document::reload()
{
    auto bytes = readDisk();
    if (!bytes)
        return bytes.error();
    m_savedText = bytes.value();
    takeSnapshot();
    refreshReadOnly();
    setExternalState(ExternalState::InSync);
    m_text = m_savedText;
    ++m_revision;
    setModified(false);
    Q_EMIT textChanged();
    Q_EMIT bufferReplaced();
    return Ok{};
}

void Document::replaceBuffer(const QByteArray &text)
{
    if (text == m_text)
        return;
    m_text = text;
    ++m_revision;
    setModified(m_text != m_savedText || m_externalState == ExternalState::RemovedFromDisk);
    Q_EMIT textChanged();
    Q_EMIT bufferReplaced();
}

void Document::keepBufferOverDisk()
{
    if (auto bytes = readDisk())
        m_savedText = bytes.value();
    takeSnapshot();
    setExternalState(ExternalState::InSync);
    setModified(m_text != m_savedText);
}

bool Document::checkDisk()
{
    sync();
    const QFileInfo fi(m_path);
    if (!fi.exists()) {
        if (m_externalState == ExternalState::RemovedFromDisk)
            return false;
        if (!m_snapshot.exists && m_savedText.isEmpty())
            return false;  // a new file that was never on disk: nothing changed
        takeSnapshot();
        setExternalState(ExternalState::RemovedFromDisk);
        setModified(true);
        return true;
    }
    auto bytes = readDisk();
    if (!bytes)
        return false;  // transient (being written); the next notification tries again
    takeSnapshot();
    refreshReadOnly();
    if (bytes.value() == m_savedText) {
        // A touch, our own save, or a file that came back unchanged.
        if (m_externalState != ExternalState::InSync) {
            setExternalState(ExternalState::InSync);
            setModified(m_text != m_savedText);
        }
        return false;
    }
    if (!m_modified) {
        m_savedText = bytes.value();
        m_text = m_savedText;
        ++m_revision;
        setExternalState(ExternalState::InSync);
        setModified(false);
        Q_EMIT textChanged();
        Q_EMIT bufferReplaced();
        return true;
    }
    if (m_externalState == ExternalState::ChangedOnDisk)
        return false;  // already asking
    setExternalState(ExternalState::ChangedOnDisk);
    return true;
}

void Document::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(m_modified);
}

void Document::setExternalState(ExternalState state)
{
    if (state == m_externalState)
        return;
    m_externalState = state;
    Q_EMIT externalStateChanged(state);
}

}  // namespace workbench::engine
