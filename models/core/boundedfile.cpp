// SPDX-License-Identifier: Apache-2.0
#include "core/boundedfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace workbench::models {

namespace {

QString osReason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString typeName(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

Error tooLarge(const QString &path, qint64 maxBytes)
{
    return makeError(QStringLiteral("file.size"),
                     QStringLiteral("Cannot read %1: it is larger than %2.").arg(path, sizeText(maxBytes)));
}

/// Closes a descriptor on every path out.
struct Fd {
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

Result<QByteArray> readRegular(const QString &path, qint64 maxBytes, bool wholeFile)
{
    const QByteArray native = QFile::encodeName(path);
    Fd f;
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    do {
        f.fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    } while (f.fd < 0 && errno == EINTR);
    if (f.fd < 0) {
        const int e = errno;
        return makeError(QStringLiteral("file.read"), QStringLiteral("Cannot read %1: %2.").arg(path, osReason(e)));
    }
    struct stat st {
    };
    if (::fstat(f.fd, &st) != 0) {
        const int e = errno;
        return makeError(QStringLiteral("file.read"), QStringLiteral("Cannot read %1: %2.").arg(path, osReason(e)));
    }
    if (!S_ISREG(st.st_mode))
        return makeError(
            QStringLiteral("file.type"),
            QStringLiteral("Cannot read %1: it is %2, not a regular file.").arg(path, typeName(st.st_mode)));
    if (wholeFile && st.st_size > maxBytes)
        return tooLarge(path, maxBytes);
    // A regular file: reads do not block. The size may still change while we read (a file being
    // written), so the limit is enforced on what is read, not only on what stat said.
    const qint64 cap = wholeFile ? maxBytes + 1 : maxBytes;
    if (cap <= 0)
        return QByteArray();
    QByteArray data;
    data.resize(qsizetype(std::clamp<qint64>(qint64(st.st_size) + 1, 1, std::min<qint64>(cap, 1 << 20))));
    qint64 got = 0;
    while (got < cap) {
        if (got == data.size())
            data.resize(qsizetype(std::min<qint64>(cap, got * 2)));
        const ssize_t n = ::read(f.fd, data.data() + got, size_t(data.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int e = errno;
            return makeError(QStringLiteral("file.read"), QStringLiteral("Cannot read %1: %2.").arg(path, osReason(e)));
        }
        if (n == 0)
            break;
        got += n;
    }
    data.truncate(qsizetype(got));
    if (wholeFile && got > maxBytes)
        return tooLarge(path, maxBytes);
    return data;
}

}  // namespace

Status makeFolders(const QString &path)
{
    const QString clean = QDir::cleanPath(QDir(path).absolutePath());
    QStringList missing;
    for (QString at = clean; !QFileInfo::exists(at) && !QFileInfo(at).isSymLink(); at = QFileInfo(at).absolutePath()) {
        missing.prepend(at);
        if (at == QFileInfo(at).absolutePath())
            break;
    }
    for (const QString &m : std::as_const(missing)) {
        if (::mkdir(QFile::encodeName(m).constData(), 0777) != 0 && errno != EEXIST) {
            const int e = errno;
            return makeError(QStringLiteral("file.mkdir"),
                             QStringLiteral("Cannot create %1: %2.").arg(path, osReason(e)));
        }
    }
    if (!QFileInfo(clean).isDir())
        return makeError(
            QStringLiteral("file.mkdir"),
            QStringLiteral("Cannot create %1: %2.").arg(path, osReason(QFileInfo::exists(clean) ? EEXIST : ENOTDIR)));
    return Ok{};
}

Result<QByteArray> readFileBounded(const QString &path, qint64 maxBytes)
{
    return readRegular(path, maxBytes, true);
}

Result<QByteArray> readFileHead(const QString &path, qint64 maxBytes)
{
    return readRegular(path, maxBytes, false);
}

}  // namespace workbench::models
