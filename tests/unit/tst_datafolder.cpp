// SPDX-License-Identifier: Apache-2.0
// The data folder: one level (~/.local/share/scone-workbench) with the settings where they
// always were, and the move of an earlier version's data (one level deeper) that keeps the
// user's files, recent projects and recovery copies pointing at the right places.
#include "core/datafolder.h"
#include "documents/recoverystore.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

class TestDataFolder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneLevelAndSettingsWhereTheyWere()
    {
        QTemporaryDir home;
        qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
        engine::setApplicationIdentity(QStringLiteral("1.0"));
        QCOMPARE(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                 home.filePath(QStringLiteral("data/scone-workbench")));
        QCOMPARE(engine::dataFolder(), home.filePath(QStringLiteral("data/scone-workbench")));
        QCOMPARE(engine::legacyDataFolder(), home.filePath(QStringLiteral("data/scone-workbench/scone-workbench")));
        // Existing users keep their settings file.
        QSettings s;
        QCOMPARE(s.fileName(), home.filePath(QStringLiteral("config/scone-workbench/scone-workbench.conf")));
        QCOMPARE(s.status(), QSettings::NoError);
        s.setValue(QStringLiteral("probe"), 1);
        s.sync();
        QVERIFY(QFileInfo::exists(s.fileName()));
    }

    void movesTheOldFolderAndRewritesPaths()
    {
        QTemporaryDir tmp;
        const QString current = tmp.filePath(QStringLiteral("scone-workbench"));
        const QString legacy = current + QStringLiteral("/scone-workbench");
        const QString oldProject = legacy + QStringLiteral("/examples/secure-doc-management");
        QVERIFY(QDir().mkpath(oldProject));
        QVERIFY(test::writeFile(oldProject + QStringLiteral("/mesh.yaml"), "# the user's edit\n"));
        // A recovery copy of an unsaved edit of that file, left by a crash.
        const QString session = legacy + QStringLiteral("/recovery/session-1");
        QVERIFY(QDir().mkpath(session));
        QVERIFY(engine::RecoveryStore::writeEntry(session, oldProject + QStringLiteral("/mesh.yaml"), "# unsaved\n",
                                                  "# the user's edit\n")
                    .ok());
        // Something the new folder already has stays where it is (never overwritten).
        QVERIFY(QDir().mkpath(legacy + QStringLiteral("/clash")));
        QVERIFY(test::writeFile(legacy + QStringLiteral("/clash/old.txt"), "old"));
        QVERIFY(QDir().mkpath(current + QStringLiteral("/clash")));
        QVERIFY(test::writeFile(current + QStringLiteral("/clash/new.txt"), "new"));

        QSettings settings(tmp.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("project/last"), oldProject);
        settings.setValue(QStringLiteral("project/recent"), QStringList{oldProject, QStringLiteral("/elsewhere/p")});

        const engine::DataFolderMigration m = engine::migrateLegacyDataFolder(legacy, current, settings);
        QCOMPARE(m.moved, (QStringList{QStringLiteral("examples"), QStringLiteral("recovery")}));
        QCOMPARE(m.kept, QStringList{QStringLiteral("clash")});
        const QString newProject = current + QStringLiteral("/examples/secure-doc-management");
        QCOMPARE(test::readFile(newProject + QStringLiteral("/mesh.yaml")), QByteArray("# the user's edit\n"));
        QCOMPARE(settings.value(QStringLiteral("project/last")).toString(), newProject);
        QCOMPARE(settings.value(QStringLiteral("project/recent")).toStringList(),
                 (QStringList{newProject, QStringLiteral("/elsewhere/p")}));
        QCOMPARE(m.settingsPaths, 2);
        // The recovery copy is offered for the file at its new place.
        QCOMPARE(m.recoveryEntries, 1);
        engine::RecoveryStore store(current + QStringLiteral("/recovery"));
        const QList<engine::RecoveryEntry> entries = store.orphanedEntries(newProject);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().path, newProject + QStringLiteral("/mesh.yaml"));
        QCOMPARE(entries.first().text, QByteArray("# unsaved\n"));
        QVERIFY(!entries.first().diskChangedSince());
        // The clash stays; the old folder stays because of it, with only the clash inside.
        QCOMPARE(test::readFile(current + QStringLiteral("/clash/new.txt")), QByteArray("new"));
        QCOMPARE(QDir(legacy).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{QStringLiteral("clash")});

        // Once moved there is nothing left to do; a second run touches nothing.
        QVERIFY(QDir(legacy + QStringLiteral("/clash")).removeRecursively());
        const engine::DataFolderMigration again = engine::migrateLegacyDataFolder(legacy, current, settings);
        QVERIFY(again.moved.isEmpty());
    }

    void noOldFolderNothingTouched()
    {
        QTemporaryDir tmp;
        QSettings settings(tmp.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("project/last"), QStringLiteral("/x"));
        const engine::DataFolderMigration m = engine::migrateLegacyDataFolder(
            tmp.filePath(QStringLiteral("a/a")), tmp.filePath(QStringLiteral("a")), settings);
        QVERIFY(m.moved.isEmpty() && m.kept.isEmpty());
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("a"))));
        QCOMPARE(settings.value(QStringLiteral("project/last")).toString(), QStringLiteral("/x"));
    }
};

QTEST_GUILESS_MAIN(TestDataFolder)
#include "tst_datafolder.moc"
