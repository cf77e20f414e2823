// SPDX-License-Identifier: Apache-2.0
#include "common/workbencharea.h"
#include "project/projectfilesmodel.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "shell/aboutdialog.h"
#include "shell/mainwindow.h"
#include "shell/projectexplorer.h"
#include "testsupport.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTreeView>
#include <QtTest>

using namespace workbench;
using ui::AreaId;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_project;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);  // private settings, never the user's
        QCoreApplication::setOrganizationName(QStringLiteral("scone-workbench-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(m_tmp.isValid());
        m_project = m_tmp.filePath(QStringLiteral("secure-doc-management"));
        QVERIFY(test::copyTree(test::exampleDir(), m_project));
    }

    void opensExampleProject()
    {
        engine::ProjectSession wSession;
        ui::MainWindow w(&wSession);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(m_project));
        QCOMPARE(w.projectDir(), QFileInfo(m_project).canonicalFilePath());
        QVERIFY(w.windowTitle().contains(QStringLiteral("secure-doc-management")));

        // The explorer lists the manifests grouped by kind, and the other files.
        QTreeView *tree = w.projectExplorer()->view();
        QAbstractItemModel *m = tree->model();
        QStringList groups;
        for (int r = 0; r < m->rowCount(); ++r)
            groups << m->index(r, 0).data().toString();
        QCOMPARE(groups,
                 QStringList({QStringLiteral("Meshes"), QStringLiteral("Services"), QStringLiteral("Other files")}));
        QCOMPARE(m->index(0, 0, m->index(0, 0)).data().toString(), QStringLiteral("mesh.yaml"));
        QCOMPARE(m->rowCount(m->index(1, 0)), 2);
        QCOMPARE(m->index(0, 0, m->index(1, 0)).data().toString(), QStringLiteral("flask-api/service.yaml"));
        QCOMPARE(m->index(1, 0, m->index(1, 0)).data().toString(), QStringLiteral("redis/service.yaml"));
        QVERIFY(!m->index(0, 0, m->index(0, 0)).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(tree->isExpanded(m->index(1, 0)));
        QCOMPARE(w.workspace()->paths(models::ProjectFileCategory::ServiceManifest).size(), 2);
    }

    void fiveAreas()
    {
        engine::ProjectSession wSession;
        ui::MainWindow w(&wSession);
        w.show();
        QVERIFY(w.openProject(m_project));
        const QList<QAction *> actions = w.areaBar()->actions();
        QCOMPARE(actions.size(), ui::kAreaCount);
        const QStringList expected = {QStringLiteral("Manifests"), QStringLiteral("Policies"),
                                      QStringLiteral("Certificates"), QStringLiteral("Build && Deploy"),
                                      QStringLiteral("Logs")};
        auto *stack = w.findChild<QStackedWidget *>(QStringLiteral("areaStack"));
        QVERIFY(stack);
        QCOMPARE(stack->count(), ui::kAreaCount);
        for (int i = 0; i < ui::kAreaCount; ++i) {
            QCOMPARE(actions.at(i)->text(), expected.at(i));
            // Clicking the area bar shows the area; the keyboard shortcut is Ctrl+<n>.
            actions.at(i)->trigger();
            QCOMPARE(int(w.currentArea()), i);
            QCOMPARE(stack->currentWidget(), w.area(AreaId(i)));
            QVERIFY(actions.at(i)->isChecked());
            QCOMPARE(actions.at(i)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
            QCOMPARE(w.area(AreaId(i))->areaId(), AreaId(i));
            QCOMPARE(w.area(AreaId(i))->workspace(), w.workspace());
        }
        w.showArea(AreaId::Certificates);
        QCOMPARE(stack->currentWidget(), w.area(AreaId::Certificates));
        QVERIFY(actions.at(2)->isChecked());
    }

    void areaNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("area");
        QTest::newRow("manifests") << QStringLiteral("manifests") << int(AreaId::Manifests);
        QTest::newRow("upper") << QStringLiteral("POLICIES") << int(AreaId::Policies);
        QTest::newRow("mixed") << QStringLiteral("Certificates") << int(AreaId::Certificates);
        QTest::newRow("build") << QStringLiteral("build") << int(AreaId::Build);
        QTest::newRow("title") << QStringLiteral("Build & Deploy") << int(AreaId::Build);
        QTest::newRow("logs") << QStringLiteral("Logs") << int(AreaId::Logs);
        QTest::newRow("unknown") << QStringLiteral("metrics") << -1;
    }
    void areaNames()
    {
        QFETCH(QString, name);
        QFETCH(int, area);
        AreaId id = AreaId::Manifests;
        QCOMPARE(ui::areaFromName(name, &id), area >= 0);
        if (area >= 0)
            QCOMPARE(int(id), area);
    }

    void remembersWindowAndProject()
    {
        {
            engine::ProjectSession wSession;
            ui::MainWindow w(&wSession);
            w.show();
            QVERIFY(w.openProject(m_project));
            w.showArea(AreaId::Logs);
            w.resize(1111, 777);
            QVERIFY(w.close());
        }
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("project/last")).toString(), QFileInfo(m_project).canonicalFilePath());
        QVERIFY(s.value(QStringLiteral("project/recent"))
                    .toStringList()
                    .contains(QFileInfo(m_project).canonicalFilePath()));
        // No secrets in the settings: only window state, area and project paths.
        for (const QString &key : s.allKeys())
            QVERIFY2(key.startsWith(QLatin1String("window/")) || key.startsWith(QLatin1String("project/")),
                     qPrintable(key));

        engine::ProjectSession againSession;

        ui::MainWindow again(&againSession);
        QCOMPARE(again.currentArea(), AreaId::Logs);
        QCOMPARE(again.size(), QSize(1111, 777));
        QVERIFY(again.recentProjects().contains(QFileInfo(m_project).canonicalFilePath()));
    }

    void badProjectIsReportedNotFatal()
    {
        engine::ProjectSession wSession;
        ui::MainWindow w(&wSession);
        QVERIFY(w.openProject(m_project));
        QVERIFY(!w.openProject(m_tmp.filePath(QStringLiteral("missing"))));
        QCOMPARE(w.projectDir(), QFileInfo(m_project).canonicalFilePath());  // still the old one
    }

    void newFilesAppearInExplorer()
    {
        engine::ProjectSession wSession;
        ui::MainWindow w(&wSession);
        QVERIFY(w.openProject(m_project));
        QFile f(QDir(m_project).filePath(QStringLiteral("extra-service.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: scone/5.8\nkind: genservice\n");
        f.close();
        QTRY_COMPARE_WITH_TIMEOUT(w.projectFiles()->rowCount(w.projectFiles()->index(1, 0)), 3, 5000);
        QVERIFY(f.remove());
        QTRY_COMPARE_WITH_TIMEOUT(w.projectFiles()->rowCount(w.projectFiles()->index(1, 0)), 2, 5000);
    }

    void aboutShowsLibraryVersions()
    {
        ui::AboutDialog about;
        auto *label = about.findChild<QLabel *>(QStringLiteral("aboutText"));
        QVERIFY(label);
        for (const char *lib : {"Qt", "OpenSSL", "libcurl", "yaml-cpp"})
            QVERIFY2(label->text().contains(QLatin1String(lib)), lib);
        QVERIFY(label->text().contains(QString::fromLatin1(qVersion())));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
