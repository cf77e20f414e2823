// SPDX-License-Identifier: Apache-2.0
#include "resources.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace workbench::resources {

QString exampleProjectResourcePath()
{
    return QStringLiteral(":/examples/secure-doc-management");
}

QString copyExampleProject(const QString &targetDir)
{
    const QString source = exampleProjectResourcePath();
    if (!QDir(source).exists())
        return QStringLiteral("The bundled example project is missing from this build.");
    if (!QDir().mkpath(targetDir))
        return QStringLiteral("Cannot create the folder %1.").arg(targetDir);

    QDirIterator it(source, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString relative = from.mid(source.size() + 1);
        const QString to = QDir(targetDir).filePath(relative);
        if (QFileInfo::exists(to))
            continue;
        if (!QDir().mkpath(QFileInfo(to).absolutePath()))
            return QStringLiteral("Cannot create the folder %1.").arg(QFileInfo(to).absolutePath());
        if (!QFile::copy(from, to))
            return QStringLiteral("Cannot write %1.").arg(to);
        // Files copied out of Qt resources are read-only; the copy is the user's to edit.
        QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return {};
}

}  // namespace workbench::resources
