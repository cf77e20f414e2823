// SPDX-License-Identifier: Apache-2.0
// Commands that only look never write: after `validate`, `render`, `certs`, `inspect` and the
// window's `--screenshot`, every file under the project is as it was (hashed before and after),
// and `--screenshot` does not enter the project in the user's recent-project list.
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

class TestReadOnlyCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void leavesTheProjectAsItWas_data();
    void leavesTheProjectAsItWas();
    void screenshotIsNotARecentProject();

private:
    /// A fresh HOME and XDG folders: what the command writes for the user lands there.
    QProcessEnvironment freshEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home + QStringLiteral("/.config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home + QStringLiteral("/.cache"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_home;
};

void TestReadOnlyCommands::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = QFileInfo(m_dir->filePath(QStringLiteral("secure-doc-management"))).absoluteFilePath();
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
    // A certificate file in the project, for `inspect`.
    QVERIFY(test::writeFile(QDir(m_project).filePath(QStringLiteral("certs/leaf.pem")),
                            test::readFile(test::dataPath(QStringLiteral("certs/LeafLocalhost.pem")))));
    m_home = m_dir->filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
}

void TestReadOnlyCommands::leavesTheProjectAsItWas_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("validate") << QStringList{QStringLiteral("validate"), QStringLiteral("@P")} << 0;
    QTest::newRow("validate --json") << QStringList{QStringLiteral("validate"), QStringLiteral("--json"),
                                                    QStringLiteral("@P")}
                                     << 0;
    QTest::newRow("render") << QStringList{QStringLiteral("render"), QStringLiteral("@P"), QStringLiteral("--out"),
                                           QStringLiteral("@O")}
                            << 0;
    QTest::newRow("certs") << QStringList{QStringLiteral("certs"), QStringLiteral("@P"), QStringLiteral("--out"),
                                          QStringLiteral("@O")}
                           << 0;
    QTest::newRow("inspect") << QStringList{QStringLiteral("inspect"), QStringLiteral("@P/certs/leaf.pem")} << -1;
    for (const char *area : {"manifests", "policies", "certificates"})
        QTest::newRow(qPrintable(QStringLiteral("--screenshot %1").arg(QLatin1String(area))))
            << QStringList{QStringLiteral("--screenshot"), QStringLiteral("@O.png"), QStringLiteral("--area"),
                           QLatin1String(area), QStringLiteral("@P")}
            << 0;
}

void TestReadOnlyCommands::leavesTheProjectAsItWas()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const QString out = m_dir->filePath(QStringLiteral("out"));
    for (QString &a : args) {
        a.replace(QStringLiteral("@P"), m_project);
        a.replace(QStringLiteral("@O"), out);
    }
    const QByteArray before = test::treeDigest(m_project);
    const test::CliResult r = test::runCli(args, 120000, freshEnvironment());
    if (exitCode >= 0)
        QVERIFY2(r.exitCode == exitCode, r.err.constData());
    else
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.err.constData());  // inspect: verification verdict
    QCOMPARE(test::treeDigest(m_project), before);
    QVERIFY(!QFileInfo::exists(QDir(m_project).filePath(QStringLiteral(".scone-workbench/rendered"))));
}

void TestReadOnlyCommands::screenshotIsNotARecentProject()
{
    const QString png = m_dir->filePath(QStringLiteral("shot.png"));
    const test::CliResult r =
        test::runCli({QStringLiteral("--screenshot"), png, m_project}, 120000, freshEnvironment());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QFileInfo(png).size() > 0);
    // Whatever the window remembered for the user, the project is not among the recent ones.
    QDirIterator it(m_home, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QVERIFY2(!test::readFile(file).contains(m_project.toUtf8()), qPrintable(file));
    }
}

QTEST_GUILESS_MAIN(TestReadOnlyCommands)
#include "tst_readonly_commands.moc"
