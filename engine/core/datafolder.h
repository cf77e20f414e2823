// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

class QSettings;

namespace workbench::engine {

/// Names the application for QSettings and QStandardPaths: settings stay in
/// `~/.config/scone-workbench/scone-workbench.conf`, and the data folder is one level,
/// `~/.local/share/scone-workbench` (AppDataLocation appends the organization name too, so the
/// organization is given as the domain, which QSettings falls back to on Linux).
void setApplicationIdentity(const QString &version);

/// `<GenericDataLocation>/scone-workbench`: the example copy, recovery copies of unsaved edits.
QString dataFolder();
/// Where versions before this one kept their data: `<GenericDataLocation>/scone-workbench/scone-workbench`.
QString legacyDataFolder();

/// What moving the data of an earlier version found and did.
struct DataFolderMigration {
    QStringList moved;        ///< entries (`examples`, `recovery`, ...) moved to the new folder
    QStringList kept;         ///< entries left where they were: the new folder has one of the same name
    int recoveryEntries = 0;  ///< recovery copies rewritten to name the moved files
    int settingsPaths = 0;    ///< project paths in the settings rewritten
};

/// Moves the entries of @p legacy into @p current (same file system: renames, nothing copied),
/// then makes every path that named a moved file name its new place: the last and recent
/// projects in @p settings and the recovery copies of unsaved edits. An entry the new folder
/// already has stays in the old folder (nothing is overwritten). Removes @p legacy when it ends
/// up empty. Nothing to do (and nothing touched) when @p legacy does not exist.
DataFolderMigration migrateLegacyDataFolder(const QString &legacy, const QString &current, QSettings &settings);

}  // namespace workbench::engine
