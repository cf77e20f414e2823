// SPDX-License-Identifier: Apache-2.0
#include "localrun/runfolder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace workbench::models::localrun {

namespace {

const QLatin1String kMarker(".scone-workbench-run");
constexpr QFile::Permissions kOwnerDir = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr QFile::Permissions kOwnerFile = QFile::ReadOwner | QFile::WriteOwner;

Error writeError(const QString &path, const QString &detail)
{
    Error e = makeError(QStringLiteral("localrun.write"), QStringLiteral("Cannot write the run folder."), detail);
    e.file = path;
    return e;
}

/// Creates @p path and its missing parents below @p base, each 0700.
Status makeOwnerDirs(const QString &base, const QString &path)
{
    const QString rel = QDir(base).relativeFilePath(path);
    QString current = base;
    for (const QString &part : rel.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        current += QLatin1Char('/') + part;
        if (QFileInfo(current).isDir())
            continue;
        if (!QDir().mkdir(current, kOwnerDir))
            return writeError(current, QStringLiteral("cannot create the folder"));
    }
    return Ok{};
}

/// Writes @p bytes to a new file created 0600 (plus the owner's execute bit when @p executable).
Status writeOwnerFile(const QString &path, const QByteArray &bytes, bool executable = false)
{
    QFile::remove(path);
    QFile f(path);
    const QFile::Permissions perms = executable ? kOwnerFile | QFile::ExeOwner : kOwnerFile;
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly, perms))
        return writeError(path, f.errorString());
    if (f.write(bytes) != bytes.size() || !f.flush())
        return writeError(path, f.errorString());
    return Ok{};
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

Status copyEntry(const QString &from, const QString &to, const QString &projectRoot, const QString &base)
{
    const QFileInfo info(from);
    if (info.isSymLink()) {
        const QString target = info.canonicalFilePath();
        if (target.isEmpty() || projectRoot.isEmpty() || !isInside(target, projectRoot)) {
            Error e = makeError(QStringLiteral("localrun.code.link"),
                                QStringLiteral("%1 is a link that leads outside the project; the local run copies "
                                               "project files only.")
                                    .arg(QDir::toNativeSeparators(from)));
            e.file = from;
            return e;
        }
    }
    if (info.isDir()) {
        if (Status s = makeOwnerDirs(base, to); !s.ok())
            return s;
        const QFileInfoList children =
            QDir(from).entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &child : children) {
            if (child.fileName() == QLatin1String(".scone-workbench"))
                continue;
            if (Status s = copyEntry(child.filePath(), to + QLatin1Char('/') + child.fileName(), projectRoot, base);
                !s.ok())
                return s;
        }
        return Ok{};
    }
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) {
        Error e = makeError(QStringLiteral("localrun.code.missing"), QStringLiteral("Cannot read a file to copy."),
                            in.errorString());
        e.file = from;
        return e;
    }
    if (Status s = makeOwnerDirs(base, QFileInfo(to).path()); !s.ok())
        return s;
    QFile::remove(to);
    QFile out(to);
    const bool executable = info.permissions() & QFile::ExeOwner;
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly, executable ? kOwnerDir : kOwnerFile))
        return writeError(to, out.errorString());
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 16);
        if (chunk.isEmpty() && in.error() != QFile::NoError)
            return writeError(from, in.errorString());
        if (out.write(chunk) != chunk.size())
            return writeError(to, out.errorString());
    }
    return Ok{};
}

}  // namespace

RunFolder::RunFolder(QString root)
    : m_root(std::move(root))
{}

Result<RunFolder> RunFolder::create(const QString &baseDir)
{
    const QString base = QDir::cleanPath(QFileInfo(baseDir).absoluteFilePath());
    if (!QFileInfo(base).isDir()) {
        // Create the missing parents 0700 as well: the base is the application's own area.
        QString existing = base;
        while (!QFileInfo(existing).exists() && existing != QLatin1String("/"))
            existing = QFileInfo(existing).path();
        if (Status s = makeOwnerDirs(existing, base); !s.ok())
            return s.error();
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString name = QStringLiteral("run-%1-%2")
                                 .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                                 .arg(QRandomGenerator::system()->bounded(0x100000), 5, 16, QLatin1Char('0'));
        const QString root = base + QLatin1Char('/') + name;
        if (QFileInfo::exists(root))
            continue;
        if (!QDir().mkdir(root, kOwnerDir))
            return writeError(root, QStringLiteral("cannot create the folder"));
        if (Status s = writeOwnerFile(root + QLatin1Char('/') + kMarker, QByteArray("SCONE Workbench local run\n"));
            !s.ok())
            return s.error();
        return RunFolder(root);
    }
    return writeError(base, QStringLiteral("no free name for a run folder"));
}

QString RunFolder::serviceDir(const QString &service) const
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]"));
    QString name = QString(service).replace(unsafe, QStringLiteral("_"));
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") || name == kMarker)
        name = QStringLiteral("_") + name;
    return m_root + QLatin1Char('/') + name;
}

QString RunFolder::fileSource(const QString &service, const QString &sandboxPath) const
{
    return serviceDir(service) + QStringLiteral("/files") + QDir::cleanPath(QLatin1Char('/') + sandboxPath);
}

QString RunFolder::codeSource(const QString &service, const QString &relative) const
{
    if (relative == QLatin1String("."))
        return serviceDir(service) + QStringLiteral("/code");
    return serviceDir(service) + QStringLiteral("/code/") + relative;
}

Status RunFolder::write(const LocalRunPlan &plan) const
{
    if (!QFileInfo(m_root + QLatin1Char('/') + kMarker).isFile())
        return writeError(m_root, QStringLiteral("not a run folder (create it with RunFolder::create)"));
    const QString projectRoot = QFileInfo(plan.projectDir).canonicalFilePath();
    for (const LocalService &s : plan.services) {
        if (Status st = makeOwnerDirs(m_root, serviceDir(s.name) + QStringLiteral("/files")); !st.ok())
            return st;
        for (const LocalFile &f : s.files) {
            const QString path = fileSource(s.name, f.path);
            if (Status st = makeOwnerDirs(m_root, QFileInfo(path).path()); !st.ok())
                return st;
            if (Status st = writeOwnerFile(path, f.content); !st.ok())
                return st;
        }
        if (Status st = makeOwnerDirs(m_root, codeSource(s.name, QStringLiteral("."))); !st.ok())
            return st;
        for (const CodeEntry &c : s.code)
            if (Status st = copyEntry(c.source, codeSource(s.name, c.relative), projectRoot, m_root); !st.ok())
                return st;
    }
    return Ok{};
}

Status RunFolder::remove() const
{
    if (m_root.isEmpty() || !QFileInfo::exists(m_root))
        return Ok{};
    if (!QFileInfo(m_root + QLatin1Char('/') + kMarker).isFile()) {
        Error e = makeError(QStringLiteral("localrun.remove"),
                            QStringLiteral("Refusing to remove a folder that is not a local run's."));
        e.file = m_root;
        return e;
    }
    if (!QDir(m_root).removeRecursively()) {
        Error e = makeError(QStringLiteral("localrun.remove"), QStringLiteral("Cannot remove the run folder."));
        e.file = m_root;
        return e;
    }
    return Ok{};
}

}  // namespace workbench::models::localrun
