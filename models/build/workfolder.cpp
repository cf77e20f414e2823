// SPDX-License-Identifier: Apache-2.0
#include "build/workfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace workbench::models::build {

namespace {

/// Canonical form of a folder that may not exist yet: the nearest existing ancestor resolved
/// (symlinks included), the rest appended.
QString canonicalFolder(const QString &path)
{
    QString abs = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QString rest;
    while (!abs.isEmpty()) {
        const QString canonical = QFileInfo(abs).canonicalFilePath();
        if (!canonical.isEmpty())
            return rest.isEmpty() ? canonical : QDir::cleanPath(canonical + QLatin1Char('/') + rest);
        const int slash = int(abs.lastIndexOf(QLatin1Char('/')));
        if (slash <= 0)
            break;
        rest = rest.isEmpty() ? abs.mid(slash + 1) : abs.mid(slash + 1) + QLatin1Char('/') + rest;
        abs = abs.left(slash);
    }
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

bool isInside(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

bool makeFolders(const QString &dir)
{
    if (QFileInfo(dir).isDir())
        return true;
    const QString parent = QFileInfo(dir).absolutePath();
    if (parent != dir && !makeFolders(parent))
        return false;
    return QDir().mkdir(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner) ||
           QFileInfo(dir).isDir();
}

}  // namespace

Result<QString> cleanProjectPath(const QString &relative)
{
    if (relative.isEmpty())
        return makeError(QStringLiteral("build.path"), QStringLiteral("an empty file name"));
    if (QDir::isAbsolutePath(relative))
        return makeError(
            QStringLiteral("build.path"),
            QStringLiteral("`%1` is an absolute path; a path relative to the folder is needed").arg(relative));
    const QString clean = QDir::cleanPath(relative);
    if (clean == QLatin1String("..") || clean.startsWith(QLatin1String("../")))
        return makeError(QStringLiteral("build.path"), QStringLiteral("`%1` is outside the folder").arg(relative));
    return clean;
}

Status checkWorkFolder(const QString &projectDir, const QString &workDir)
{
    if (workDir.trimmed().isEmpty())
        return makeError(QStringLiteral("build.workdir"), QStringLiteral("no working folder was given"));
    const QString project = canonicalFolder(projectDir);
    const QString work = canonicalFolder(workDir);
    if (isInside(work, project))
        return makeError(QStringLiteral("build.workdir"),
                         QStringLiteral("the working folder %1 is inside the project %2; rendered files and build "
                                        "contexts go to a folder outside the project")
                             .arg(QDir::toNativeSeparators(workDir), QDir::toNativeSeparators(projectDir)));
    if (isInside(project, work))
        return makeError(QStringLiteral("build.workdir"),
                         QStringLiteral("the working folder %1 contains the project %2; choose a folder outside it")
                             .arg(QDir::toNativeSeparators(workDir), QDir::toNativeSeparators(projectDir)));
    return Ok{};
}

Status makePrivateFolder(const QString &path)
{
    if (!makeFolders(QDir::cleanPath(QFileInfo(path).absoluteFilePath())))
        return makeError(QStringLiteral("build.write"),
                         QStringLiteral("cannot create the folder %1").arg(QDir::toNativeSeparators(path)));
    return Ok{};
}

Status writeWorkFile(const QString &workDir, const QString &relative, const QByteArray &bytes)
{
    const Result<QString> clean = cleanProjectPath(relative);
    if (!clean)
        return makeError(QStringLiteral("build.write"), clean.error().message);
    const QString path = workDir + QLatin1Char('/') + *clean;
    if (Status s = makePrivateFolder(QFileInfo(path).absolutePath()); !s)
        return s;
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        Error e = makeError(QStringLiteral("build.write"), QStringLiteral("cannot write the file"), f.errorString());
        e.file = path;
        return e;
    }
    return Ok{};
}

Status writeRenderedManifests(const QString &workDir, const QList<RenderedManifest> &files)
{
    for (const RenderedManifest &m : files)
        if (Status s = writeWorkFile(workDir, m.outputPath, m.text); !s)
            return s;
    return Ok{};
}

}  // namespace workbench::models::build
