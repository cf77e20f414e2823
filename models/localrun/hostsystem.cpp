// SPDX-License-Identifier: Apache-2.0
#include "localrun/hostsystem.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <unistd.h>

namespace workbench::models::localrun {

namespace {

HostEntry entryOf(const QFileInfo &info)
{
    HostEntry e;
    e.name = info.fileName();
    if (info.isSymLink()) {
        e.type = HostEntry::Type::Symlink;
        // What the link says (relative links stay relative; QFileInfo would make them absolute).
        QByteArray buffer(4096, '\0');
        const QByteArray path = QFile::encodeName(info.filePath());
        const ssize_t n = ::readlink(path.constData(), buffer.data(), size_t(buffer.size() - 1));
        if (n > 0)
            e.linkTarget = QFile::decodeName(buffer.left(n));
        e.targetExists = info.exists();
    } else if (info.isDir()) {
        e.type = HostEntry::Type::Directory;
    } else if (info.isFile()) {
        e.type = HostEntry::Type::File;
    } else {
        e.type = HostEntry::Type::Other;
    }
    return e;
}

}  // namespace

HostSystem HostSystem::local(std::function<Result<QByteArray>(const QString &, const QStringList &)> runProbe)
{
    HostSystem h;
    h.path = qEnvironmentVariable("PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts);
    h.isExecutable = [](const QString &path) {
        const QFileInfo info(path);
        return info.isFile() && info.isExecutable();
    };
    h.canonicalPath = [](const QString &path) { return QFileInfo(path).canonicalFilePath(); };
    h.entry = [](const QString &path) -> std::optional<HostEntry> {
        const QFileInfo info(path);
        if (!info.exists() && !info.isSymLink())
            return std::nullopt;
        return entryOf(info);
    };
    h.list = [](const QString &folder) {
        QList<HostEntry> out;
        const QDir dir(folder);
        const QFileInfoList infos =
            dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &info : infos)
            out << entryOf(info);
        return out;
    };
    h.runProbe = std::move(runProbe);
    return h;
}

QStringList HostSystem::findAll(const QString &name) const
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &dir : path) {
        const QString candidate = QDir(dir).filePath(name);
        if (!isExecutable || !isExecutable(candidate))
            continue;
        const QString real = canonicalPath ? canonicalPath(candidate) : candidate;
        if (seen.contains(real.isEmpty() ? candidate : real))
            continue;
        seen.insert(real.isEmpty() ? candidate : real);
        out << candidate;
    }
    return out;
}

QString HostSystem::find(const QString &name) const
{
    const QStringList all = findAll(name);
    return all.isEmpty() ? QString() : all.first();
}

}  // namespace workbench::models::localrun
