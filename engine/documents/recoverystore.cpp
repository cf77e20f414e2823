// SPDX-License-Identifier: Apache-2.0
#include "documents/recoverystore.h"

#include "core/boundedfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

namespace workbench::engine {

namespace {
const auto kLockName = QStringLiteral("session.lock");

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    // Buffers may hold secret values: readable by the owner only, before any byte is written.
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        f.write(bytes) != bytes.size() || !f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

/// True when nobody holds the session's lock any more (its process is gone).
bool isOrphaned(const QString &sessionDir)
{
    const QString lockPath = QDir(sessionDir).filePath(kLockName);
    if (!QFileInfo::exists(lockPath))
        return true;
    QLockFile probe(lockPath);
    // Only a dead owner makes the lock stale; a live session is never taken over because of age.
    probe.setStaleLockTime(0);
    if (probe.tryLock(0)) {
        probe.unlock();
        return true;
    }
    return false;
}

bool isUnder(const QString &path, const QString &dir)
{
    if (dir.isEmpty())
        return true;
    const QString d = QDir::cleanPath(dir);
    return path == d || path.startsWith(d + QLatin1Char('/'));
}
}  // namespace

bool RecoveryEntry::diskChangedSince() const
{
    const Result<QByteArray> disk = models::readFileBounded(path);
    if (!disk.ok())
        return true;
    return RecoveryStore::hashOf(disk.value()) != baseSha256;
}

RecoveryStore::RecoveryStore(QString rootDir)
    : m_rootDir(QDir::cleanPath(std::move(rootDir)))
{}

RecoveryStore::~RecoveryStore() = default;  // no cleanup: without close() the data stays for recovery

QByteArray RecoveryStore::hashOf(const QByteArray &text)
{
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
}

QString RecoveryStore::entryNameFor(const QString &path)
{
    return QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex().left(24));
}

Status RecoveryStore::ensureSession()
{
    if (m_lock)
        return Ok{};
    const QString name = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString dir = QDir(m_rootDir).filePath(name);
    if (const Status made = models::makeFolders(dir); !made.ok())
        return makeError(QStringLiteral("recovery.mkdir"),
                         QStringLiteral("Cannot create the recovery folder: ") + made.error().message);
    constexpr auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
    QFile::setPermissions(m_rootDir, ownerOnly);
    QFile::setPermissions(dir, ownerOnly);
    auto lock = std::make_unique<QLockFile>(QDir(dir).filePath(kLockName));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return makeError(QStringLiteral("recovery.lock"),
                         QStringLiteral("Cannot lock the recovery folder %1.").arg(QDir::toNativeSeparators(dir)));
    m_sessionDir = dir;
    m_lock = std::move(lock);
    return Ok{};
}

Status RecoveryStore::store(const QString &path, const QByteArray &text, const QByteArray &baseText)
{
    if (Status s = ensureSession(); !s)
        return s;
    return writeEntry(m_sessionDir, path, text, baseText);
}

Status RecoveryStore::writeEntry(const QString &sessionDir, const QString &path, const QByteArray &text,
                                 const QByteArray &baseText)
{
    const QString stem = QDir(sessionDir).filePath(entryNameFor(path));
    QJsonObject meta;
    meta.insert(QStringLiteral("path"), path);
    meta.insert(QStringLiteral("baseSha256"), QString::fromLatin1(hashOf(baseText)));
    meta.insert(QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QString error;
    // Data first, then the metadata that makes the entry visible: a crash between the two
    // leaves an entry without metadata, which is ignored, never a metadata without data.
    if (!writeAtomically(stem + QStringLiteral(".data"), text, &error) ||
        !writeAtomically(stem + QStringLiteral(".json"), QJsonDocument(meta).toJson(QJsonDocument::Compact), &error)) {
        Error e =
            makeError(QStringLiteral("recovery.write"),
                      QStringLiteral("Cannot write the recovery copy of %1.").arg(QFileInfo(path).fileName()), error);
        e.file = path;
        return e;
    }
    return Ok{};
}

int RecoveryStore::relocateEntries(const QString &root, const QString &from, const QString &to)
{
    const QString prefix = QDir::cleanPath(from) + QLatin1Char('/');
    int rewritten = 0;
    const auto sessions = QDir(root).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &session : sessions) {
        const auto metas = QDir(session.absoluteFilePath()).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
        for (const QFileInfo &metaFile : metas) {
            QFile mf(metaFile.absoluteFilePath());
            if (!mf.open(QIODevice::ReadOnly))
                continue;
            QJsonObject meta = QJsonDocument::fromJson(mf.readAll()).object();
            mf.close();
            const QString path = meta.value(QStringLiteral("path")).toString();
            if (!path.startsWith(prefix))
                continue;
            meta.insert(QStringLiteral("path"),
                        QString(QDir::cleanPath(to) + QLatin1Char('/') + path.mid(prefix.size())));
            QString error;
            if (writeAtomically(metaFile.absoluteFilePath(), QJsonDocument(meta).toJson(QJsonDocument::Compact),
                                &error))
                ++rewritten;
        }
    }
    return rewritten;
}

void RecoveryStore::remove(const QString &path)
{
    if (m_sessionDir.isEmpty())
        return;
    const QString stem = QDir(m_sessionDir).filePath(entryNameFor(path));
    QFile::remove(stem + QStringLiteral(".json"));
    QFile::remove(stem + QStringLiteral(".data"));
}

bool RecoveryStore::contains(const QString &path) const
{
    if (m_sessionDir.isEmpty())
        return false;
    return QFileInfo::exists(QDir(m_sessionDir).filePath(entryNameFor(path) + QStringLiteral(".json")));
}

QList<RecoveryEntry> RecoveryStore::orphanedEntries(const QString &projectDir) const
{
    QList<RecoveryEntry> out;
    const QDir root(m_rootDir);
    const auto sessions = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &session : sessions) {
        const QString dir = session.absoluteFilePath();
        if (QDir::cleanPath(dir) == QDir::cleanPath(m_sessionDir) || !isOrphaned(dir))
            continue;
        const auto metas = QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files);
        for (const QFileInfo &metaFile : metas) {
            const Result<QByteArray> metaText = models::readFileBounded(metaFile.absoluteFilePath());
            if (!metaText.ok())
                continue;
            const QJsonObject meta = QJsonDocument::fromJson(metaText.value()).object();
            RecoveryEntry e;
            e.path = meta.value(QStringLiteral("path")).toString();
            if (e.path.isEmpty() || !isUnder(e.path, projectDir))
                continue;
            Result<QByteArray> data =
                models::readFileBounded(dir + QLatin1Char('/') + metaFile.completeBaseName() + QStringLiteral(".data"));
            if (!data.ok())
                continue;
            e.text = std::move(data).value();
            e.baseSha256 = meta.value(QStringLiteral("baseSha256")).toString().toLatin1();
            e.savedAt = QDateTime::fromString(meta.value(QStringLiteral("savedAt")).toString(), Qt::ISODateWithMs);
            e.sessionDir = dir;
            e.entryName = metaFile.completeBaseName();
            out.append(e);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const RecoveryEntry &a, const RecoveryEntry &b) { return a.savedAt > b.savedAt; });
    // Keep the newest entry per path.
    QList<RecoveryEntry> unique;
    for (const RecoveryEntry &e : std::as_const(out))
        if (std::none_of(unique.cbegin(), unique.cend(), [&e](const RecoveryEntry &u) { return u.path == e.path; }))
            unique.append(e);
    return unique;
}

void RecoveryStore::discard(const RecoveryEntry &entry)
{
    // Older duplicates of the same path in other orphaned sessions go too: they are stale.
    const QDir root(m_rootDir);
    const auto sessions = root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    const QString name = entryNameFor(entry.path);
    for (const QFileInfo &session : sessions) {
        const QString dir = session.absoluteFilePath();
        if (QDir::cleanPath(dir) == QDir::cleanPath(m_sessionDir) || !isOrphaned(dir))
            continue;
        QFile::remove(QDir(dir).filePath(name + QStringLiteral(".json")));
        QFile::remove(QDir(dir).filePath(name + QStringLiteral(".data")));
        if (QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty())
            QDir(dir).removeRecursively();
    }
}

void RecoveryStore::close()
{
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
    if (!m_sessionDir.isEmpty())
        QDir(m_sessionDir).removeRecursively();
    m_sessionDir.clear();
}

}  // namespace workbench::engine
