// SPDX-License-Identifier: Apache-2.0
#include "logs/spillfile.h"

#include "logs/linechunk.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace workbench::models::logs {

SpillFile::SpillFile(int fd)
    : m_fd(fd)
{}

SpillFile::~SpillFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<std::shared_ptr<SpillFile>> SpillFile::create(const QString &directory)
{
    const QString dir = directory.isEmpty() ? QDir::tempPath() : directory;
    const QByteArray dirBytes = QFile::encodeName(dir);
    int fd = -1;
#ifdef O_TMPFILE
    fd = ::open(dirBytes.constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd < 0) {
        // File systems without O_TMPFILE: a unique name, removed at once.
        QByteArray templ = dirBytes + "/scone-workbench-logs-XXXXXX";
        fd = ::mkostemp(templ.data(), O_CLOEXEC);
        if (fd >= 0)
            ::unlink(templ.constData());
    }
    if (fd < 0) {
        const int e = errno;
        return makeError(QStringLiteral("logs.spill"),
                         QCoreApplication::translate("LogStore", "Could not create the log spill file in %1.").arg(dir),
                         QString::fromLocal8Bit(std::strerror(e)));
    }
    return std::shared_ptr<SpillFile>(new SpillFile(fd));
}

Result<SpillLocation> SpillFile::write(const LineChunk &chunk)
{
    const SpillLocation location{ByteOffset(m_size), chunk.serializedSize()};
    if (Status s = chunk.writeTo(m_fd, location.offset); !s) {
        // Whatever part was written is garbage past m_size; the next write overwrites it.
        return s.error();
    }
    m_size += location.size;
    return location;
}

void SpillFile::release(const SpillLocation &location)
{
#ifdef FALLOC_FL_PUNCH_HOLE
    (void)::fallocate(m_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off_t(location.offset.get()),
                      off_t(location.size));
#else
    Q_UNUSED(location);
#endif
}

Result<std::shared_ptr<LineChunk>> SpillFile::read(const SpillLocation &location) const
{
    return LineChunk::readFrom(m_fd, location.offset, location.size);
}

}  // namespace workbench::models::logs
