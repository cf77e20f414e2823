// SPDX-License-Identifier: Apache-2.0
// The executable's own contract: --help, --version, usage errors, --screenshot.
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

class TestCliBasics : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), m_home.path());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        return e;
    }

private Q_SLOTS:
    void help()
    {
        const auto r = test::runCli({QStringLiteral("--help")}, 30000, env());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage: scone-workbench"));
        QVERIFY(r.out.contains("--screenshot FILE"));
        QVERIFY(r.out.contains("Commands:"));
        QVERIFY(r.err.isEmpty());
    }

    void version()
    {
        const auto r = test::runCli({QStringLiteral("--version")}, 30000, env());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("scone-workbench "));
        for (const char *lib : {"Qt 6.", "OpenSSL", "libcurl", "yaml-cpp"})
            QVERIFY2(r.out.contains(lib), lib);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                         << QByteArray("unknown command 'frobnicate'");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")}
                                        << QByteArray("unknown option '--frobnicate'");
        QTest::newRow("screenshot without file")
            << QStringList{QStringLiteral("--screenshot")} << QByteArray("--screenshot needs a FILE");
        QTest::newRow("bad area") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                                                 QStringLiteral("--area"), QStringLiteral("metrics")}
                                  << QByteArray("unknown area 'metrics'");
        QTest::newRow("missing folder") << QStringList{QStringLiteral("/no/such/project")}
                                        << QByteArray("not a project folder");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const auto r = test::runCli(args, 30000, env());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);  // one line
        QVERIFY(r.out.isEmpty());
    }

    void screenshot_data()
    {
        QTest::addColumn<QString>("area");
        for (const char *a : {"manifests", "Policies", "CERTIFICATES", "build", "logs"})
            QTest::newRow(a) << QString::fromLatin1(a);
    }
    void screenshot()
    {
        QFETCH(QString, area);
        QTemporaryDir out;
        const QString png = out.filePath(QStringLiteral("shot.png"));
        QTemporaryDir project;
        QVERIFY(test::copyTree(test::exampleDir(), project.path()));
        const auto r = test::runCli(
            {QStringLiteral("--screenshot"), png, QStringLiteral("--area"), area, project.path()}, 60000, env());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        // Not a blank image: a rendered window has many distinct colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 20);
    }

    void firstStartCopiesExample()
    {
        // No project given and none remembered: a private copy of the example is made and the
        // bundled original is untouched.
        QTemporaryDir out;
        const QString png = out.filePath(QStringLiteral("first.png"));
        const auto r = test::runCli({QStringLiteral("--screenshot"), png}, 60000, env());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // One data folder level: ~/.local/share/scone-workbench, not .../scone-workbench/scone-workbench.
        const QString copy =
            m_home.filePath(QStringLiteral("data/scone-workbench/examples/secure-doc-management/mesh.yaml"));
        QVERIFY2(QFile::exists(copy), qPrintable(copy));
        QVERIFY(!QFileInfo::exists(m_home.filePath(QStringLiteral("data/scone-workbench/scone-workbench"))));
        QCOMPARE(test::readFile(copy), test::readFile(QDir(test::exampleDir()).filePath(QStringLiteral("mesh.yaml"))));
        QVERIFY(QFileInfo(copy).isWritable());
    }

    void closingEndsAfterWritingEverything()
    {
        // Closed while the start-up work (validation, policy render, certificate preview) is
        // still running: the process ends at once, yet what a clean close writes is there.
        QTemporaryDir home, project;
        QVERIFY(test::copyTree(test::exampleDir(), project.path()));
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), home.path());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const auto r = test::runCli({QStringLiteral("--close-after"), QStringLiteral("0"), project.path()}, 60000, e);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("closing\n"));
        const QByteArray conf =
            test::readFile(home.filePath(QStringLiteral("config/scone-workbench/scone-workbench.conf")));
        QVERIFY2(conf.contains("area=manifests") && conf.contains("geometry="), conf.constData());
        QVERIFY2(
            conf.contains(QByteArray(QByteArray("last=") + QFileInfo(project.path()).canonicalFilePath().toUtf8())),
            conf.constData());
        // No recovery copies left behind: a clean end, not a crash.
        const QDir recovery(home.filePath(QStringLiteral("data/scone-workbench/recovery")));
        QVERIFY(!recovery.exists() || recovery.entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
    }

    void earlierDataFolderIsMoved()
    {
        // A user of an earlier version: the example copy (with an edit) one level deeper, the
        // settings remember it as the last project. Starting moves it and reopens it there.
        QTemporaryDir home;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("HOME"), home.path());
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        e.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        const QString oldProject =
            home.filePath(QStringLiteral("data/scone-workbench/scone-workbench/examples/secure-doc-management"));
        QVERIFY(test::copyTree(test::exampleDir(), oldProject));
        const QByteArray edited = test::readFile(oldProject + QStringLiteral("/mesh.yaml")) + "# my edit\n";
        QVERIFY(test::writeFile(oldProject + QStringLiteral("/mesh.yaml"), edited));
        QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("config/scone-workbench"))));
        QVERIFY(test::writeFile(home.filePath(QStringLiteral("config/scone-workbench/scone-workbench.conf")),
                                "[project]\nlast=" + oldProject.toUtf8() + "\nrecent=" + oldProject.toUtf8() + "\n"));

        QTemporaryDir out;
        const auto r = test::runCli({QStringLiteral("--screenshot"), out.filePath(QStringLiteral("s.png"))}, 60000, e);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString newProject = home.filePath(QStringLiteral("data/scone-workbench/examples/secure-doc-management"));
        QCOMPARE(test::readFile(newProject + QStringLiteral("/mesh.yaml")), edited);  // moved, not copied anew
        QVERIFY(!QFileInfo::exists(home.filePath(QStringLiteral("data/scone-workbench/scone-workbench"))));
        const QByteArray conf =
            test::readFile(home.filePath(QStringLiteral("config/scone-workbench/scone-workbench.conf")));
        QVERIFY2(conf.contains(QByteArray("last=" + newProject.toUtf8() + "\n")), conf.constData());
        QVERIFY2(!conf.contains("scone-workbench/scone-workbench/examples"), conf.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliBasics)
#include "tst_cli_basics.moc"
