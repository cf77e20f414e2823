// SPDX-License-Identifier: Apache-2.0
#include "core/datafolder.h"

#include "documents/recoverystore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace workbench::engine {

namespace {
const auto kName = QStringLiteral("scone-workbench");

QString rewritten(const QString &path, const QString &from, const QString &to)
{
    const QString prefix = QDir::cleanPath(from) + QLatin1Char('/');
    if (path == QDir::cleanPath(from))
        return QDir::cleanPath(to);
    if (path.startsWith(prefix))
        return QDir::cleanPath(to) + QLatin1Char('/') + path.mid(prefix.size());
    return path;
}
}  // namespace

void setApplicationIdentity(const QString &version)
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setOrganizationDomain(kName);
    QCoreApplication::setApplicationName(kName);
    QCoreApplication::setApplicationVersion(version);
}

QString dataFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)).filePath(kName);
}

QString legacyDataFolder()
{
    return QDir(dataFolder()).filePath(kName);
}

DataFolderMigration migrateLegacyDataFolder(const QString &legacy, const QString &current, QSettings &settings)
{
    DataFolderMigration m;
    QDir old(legacy);
    if (!old.exists())
        return m;
    QDir().mkpath(current);
    const auto entries = old.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &e : entries) {
        const QString target = QDir(current).filePath(e.fileName());
        // The new folder is the old one's parent: its own entry of the old folder is not moved.
        if (QFileInfo(target).exists() || QDir::cleanPath(e.absoluteFilePath()) == QDir::cleanPath(current)) {
            m.kept << e.fileName();
            continue;
        }
        if (QDir().rename(e.absoluteFilePath(), target))
            m.moved << e.fileName();
        else
            m.kept << e.fileName();
    }
    if (m.moved.isEmpty())
        return m;
    // Paths that named files in the old folder name them in the new one.
    for (const QString &name : std::as_const(m.moved)) {
        const QString from = old.filePath(name);
        const QString to = QDir(current).filePath(name);
        if (name == QLatin1String("recovery"))
            m.recoveryEntries += RecoveryStore::relocateEntries(to, legacy, current);
        const QString last = settings.value(QStringLiteral("project/last")).toString();
        if (const QString moved = rewritten(last, from, to); moved != last) {
            settings.setValue(QStringLiteral("project/last"), moved);
            ++m.settingsPaths;
        }
        QStringList recent = settings.value(QStringLiteral("project/recent")).toStringList();
        bool changed = false;
        for (QString &p : recent)
            if (const QString moved = rewritten(p, from, to); moved != p) {
                p = moved;
                changed = true;
                ++m.settingsPaths;
            }
        if (changed)
            settings.setValue(QStringLiteral("project/recent"), recent);
    }
    // Recovery copies of files that lived in other moved entries (the example project).
    if (!m.moved.contains(QStringLiteral("recovery")) &&
        QFileInfo::exists(QDir(current).filePath(QStringLiteral("recovery"))))
        m.recoveryEntries +=
            RecoveryStore::relocateEntries(QDir(current).filePath(QStringLiteral("recovery")), legacy, current);
    settings.sync();
    old.rmdir(legacy);  // only when empty
    return m;
}

}  // namespace workbench::engine
