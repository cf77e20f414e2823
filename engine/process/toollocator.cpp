// SPDX-License-Identifier: Apache-2.0
#include "process/toollocator.h"

#include "core/errorcodes.h"
#include "process/toolinfo.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace workbench::engine::process {

namespace {
bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

QString toolName(const QString &program)
{
    return QFileInfo(program).fileName();
}

Error notFound(const QString &program, const QString &message)
{
    Error e = makeError(QString(errc::toolNotFound), message);
    if (const auto info = ToolInfo::find(toolName(program)))
        e.message += QLatin1Char(' ') + info->installHint();
    e.message += QStringLiteral(" Or set its path in the settings.");
    return e;
}
}  // namespace

Result<QString> ToolLocator::locate(const QString &program, const QString &configuredPath,
                                    const QStringList &searchPath)
{
    if (!configuredPath.isEmpty()) {
        if (isExecutableFile(configuredPath))
            return QFileInfo(configuredPath).absoluteFilePath();
        Error e = makeError(QString(errc::toolNotFound),
                            QStringLiteral("The path set for %1 in the settings, %2, is not an executable file.")
                                .arg(toolName(program), configuredPath));
        return e;
    }
    if (program.isEmpty())
        return makeError(QString(errc::toolNotFound), QStringLiteral("No program to run."));
    if (program.contains(QLatin1Char('/'))) {
        if (isExecutableFile(program))
            return QFileInfo(program).absoluteFilePath();
        return notFound(program, QStringLiteral("%1 does not exist or is not executable.").arg(program));
    }
    const QString found = QStandardPaths::findExecutable(program, searchPath);
    if (!found.isEmpty())
        return found;
    return notFound(program, QStringLiteral("%1 was not found on PATH.").arg(program));
}

}  // namespace workbench::engine::process
