// SPDX-License-Identifier: Apache-2.0
#include "localrun/runfolderlock.h"

#include "localrun/runfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace workbench::engine::localrun {

namespace {
const QLatin1String kLockFile(".lock");
const QLatin1String kKeepFile(".keep");
const QLatin1String kMarkerFile(".scone-workbench-run");  // RunFolder's marker
}  // namespace

RunFolderLock::RunFolderLock(RunFolderLock &&other) noexcept
    : m_fd(other.m_fd)
{
    other.m_fd = -1;
}

RunFolderLock &RunFolderLock::operator=(RunFolderLock &&other) noexcept
{
    if (this != &other) {
        release();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

RunFolderLock::~RunFolderLock()
{
    release();
}

Result<RunFolderLock> RunFolderLock::acquire(const QString &root)
{
    const QByteArray path = QFile::encodeName(QDir(root).filePath(kLockFile));
    auto failure = [&root](const char *what, int error) {
        return makeError(QStringLiteral("localrun.lock"),
                         QStringLiteral("Cannot %1 the run folder %2: %3")
                             .arg(QLatin1String(what), root, QString::fromLocal8Bit(std::strerror(error))));
    };
    int fd = ::open(path.constData(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        // A new lock appears already locked (locked under a temporary name, then renamed), so a
        // run that looks for stale folders never sees it free.
        const QByteArray temporary = path + ".new";
        fd = ::open(temporary.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
            return failure("lock", errno);
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::rename(temporary.constData(), path.constData()) != 0) {
            const int e = errno;
            ::close(fd);
            ::unlink(temporary.constData());
            return failure("lock", e);
        }
        RunFolderLock lock;
        lock.m_fd = fd;
        return lock;
    }
    if (fd < 0)
        return failure("open the lock of", errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int e = errno;
        ::close(fd);
        return failure("lock", e);
    }
    RunFolderLock lock;
    lock.m_fd = fd;
    return lock;
}

void RunFolderLock::release()
{
    if (m_fd >= 0) {
        ::close(m_fd);  // drops the flock
        m_fd = -1;
    }
}

Status markRunFolderKept(const QString &root)
{
    QFile f(QDir(root).filePath(kKeepFile));
    if (!f.open(QIODevice::WriteOnly) || !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(QStringLiteral("localrun.write"),
                         QStringLiteral("Cannot mark the run folder %1 as kept: %2").arg(root, f.errorString()));
    return Ok{};
}

QStringList removeStaleRunFolders(const QString &runsDir)
{
    QStringList removed;
    const QDir dir(runsDir);
    for (const QString &name :
         dir.entryList({QStringLiteral("run-*")}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString root = dir.filePath(name);
        if (QFileInfo(root).isSymLink() || !QFileInfo::exists(QDir(root).filePath(kMarkerFile)) ||
            QFileInfo::exists(QDir(root).filePath(kKeepFile)) || !QFileInfo::exists(QDir(root).filePath(kLockFile)))
            continue;
        Result<RunFolderLock> lock = RunFolderLock::acquire(root);
        if (!lock.ok())
            continue;  // a live run holds it
        if (models::localrun::RunFolder(root).remove().ok())
            removed << root;
    }
    return removed;
}

}  // namespace workbench::engine::localrun
