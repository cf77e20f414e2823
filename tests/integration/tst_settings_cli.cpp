// SPDX-License-Identifier: Apache-2.0
// `scone-workbench settings PROJECT_DIR [--set NAME=VALUE]... [--save]`: shows what the other
// commands use without writing; writes only when asked, keeping the file's comments.
#include "policy/projectsettings.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::policy;

class TestSettingsCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void showsWhatTheCommandsUseWithoutWriting();
    void saveKeepsTheProposedNamespace();
    void setEditsTheFileKeepingItsComments();
    void symbolicLinkIsNotWrittenThrough();
    void aSettingsFileThatDoesNotParseIsNotOverwritten();
    void listedInHelp();
    void usageErrors_data();
    void usageErrors();

private:
    QString value(const QByteArray &out, const QString &name) const
    {
        for (const QByteArray &line : out.split('\n'))
            if (line.startsWith(QByteArray(name.toUtf8() + '=')))
                return QString::fromUtf8(line.mid(name.size() + 1));
        return QStringLiteral("<missing>");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

void TestSettingsCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = QFileInfo(m_dir->filePath(QStringLiteral("sdm"))).absoluteFilePath();
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
}

void TestSettingsCli::showsWhatTheCommandsUseWithoutWriting()
{
    const QByteArray before = test::treeDigest(m_project);
    const test::CliResult r = test::runCli({QStringLiteral("settings"), m_project});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(value(r.out, QStringLiteral("RELEASE")), QStringLiteral("secure-doc-management"));
    QCOMPARE(value(r.out, QStringLiteral("APP_IMAGE_REPO")),
             QStringLiteral("registry.example.com/secure-doc-management"));
    const QString ns = value(r.out, QStringLiteral("APP_NAMESPACE"));
    QCOMPARE(ns, proposeAppNamespace(QStringLiteral("secure-doc-management"), m_project));
    QVERIFY(r.err.contains("is proposed for this project folder"));
    QVERIFY(r.err.contains("[settings.placeholder]"));
    QCOMPARE(test::treeDigest(m_project), before);
    // render uses exactly that namespace.
    const QString out = m_dir->filePath(QStringLiteral("out"));
    const test::CliResult render = test::runCli({QStringLiteral("render"), m_project, QStringLiteral("--out"), out});
    QCOMPARE(render.exitCode, 0);
    QVERIFY(test::readFile(QDir(out).filePath(QStringLiteral("policies/upload-order.txt"))).startsWith(ns.toUtf8()));
}

void TestSettingsCli::saveKeepsTheProposedNamespace()
{
    const QString file = settingsFilePath(m_project);
    const QByteArray shipped = test::readFile(file);
    const test::CliResult r = test::runCli({QStringLiteral("settings"), m_project, QStringLiteral("--save")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString ns = value(r.out, QStringLiteral("APP_NAMESPACE"));
    const QByteArray saved = test::readFile(file);
    QVERIFY(saved.startsWith(shipped));  // everything the file said, comments included, then the addition
    QVERIFY(saved.contains(QByteArray(QByteArray("app_namespace: ") + ns.toUtf8())));
    QVERIFY(!readProjectSettings(m_project).namespaceProposed);
    const test::CliResult again = test::runCli({QStringLiteral("settings"), m_project});
    QVERIFY(!again.err.contains("is proposed"));
    QCOMPARE(value(again.out, QStringLiteral("APP_NAMESPACE")), ns);
}

void TestSettingsCli::setEditsTheFileKeepingItsComments()
{
    const QString file = settingsFilePath(m_project);
    const QByteArray shipped = test::readFile(file);
    const test::CliResult r =
        test::runCli({QStringLiteral("settings"), m_project, QStringLiteral("--set"),
                      QStringLiteral("APP_IMAGE_REPO=registry.acme.io/sdm"), QStringLiteral("--set=MY_FLAG=on")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(value(r.out, QStringLiteral("APP_IMAGE_REPO")), QStringLiteral("registry.acme.io/sdm"));
    QCOMPARE(value(r.out, QStringLiteral("MY_FLAG")), QStringLiteral("on"));
    QVERIFY(!r.err.contains("[settings.placeholder]"));
    const QByteArray saved = test::readFile(file);
    for (const QByteArray &line : shipped.split('\n'))
        if (line.startsWith('#'))
            QVERIFY2(saved.contains(line), line.constData());
    QVERIFY(saved.contains("app_image_repo: registry.acme.io/sdm"));
    const test::CliResult v = test::runCli({QStringLiteral("validate"), m_project});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(!v.out.contains("[settings.placeholder]"));
}

void TestSettingsCli::symbolicLinkIsNotWrittenThrough()
{
    const QString file = settingsFilePath(m_project);
    const QString target = m_dir->filePath(QStringLiteral("shared.yaml"));
    QVERIFY(QFile::rename(file, target));
    QVERIFY(QFile::link(target, file));
    const QByteArray before = test::readFile(target);
    const test::CliResult r = test::runCli(
        {QStringLiteral("settings"), m_project, QStringLiteral("--set"), QStringLiteral("KUBE_CONTEXT=prod")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("symbolic link"), r.err.constData());
    QCOMPARE(test::readFile(target), before);
    QVERIFY(QFileInfo(file).isSymLink());
}

void TestSettingsCli::aSettingsFileThatDoesNotParseIsNotOverwritten()
{
    const QString file = settingsFilePath(m_project);
    QVERIFY(test::writeFile(file, "# mine\nrelease: [unclosed\n"));
    const QByteArray before = test::treeDigest(m_project);
    // Showing: the error is printed and the exit code says so.
    const test::CliResult show = test::runCli({QStringLiteral("settings"), m_project});
    QCOMPARE(show.exitCode, 1);
    QVERIFY2(show.err.contains(": error: ") && show.err.contains("[settings.syntax]"), show.err.constData());
    // Writing: refused, the user's text stays as it is.
    for (const QStringList &extra : {QStringList{QStringLiteral("--set"), QStringLiteral("KUBE_CONTEXT=prod")},
                                     QStringList{QStringLiteral("--save")}}) {
        const test::CliResult r = test::runCli(QStringList{QStringLiteral("settings"), m_project} + extra);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("does not parse"), r.err.constData());
        QCOMPARE(test::treeDigest(m_project), before);
    }
}

void TestSettingsCli::listedInHelp()
{
    const test::CliResult help = test::runCli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("settings PROJECT_DIR [--set NAME=VALUE]... [--save]"));
    const test::CliResult own = test::runCli({QStringLiteral("settings"), QStringLiteral("--help")});
    QCOMPARE(own.exitCode, 0);
    QVERIFY(own.out.startsWith("Usage: scone-workbench settings PROJECT_DIR"));
    QVERIFY(own.out.contains("--save"));
}

void TestSettingsCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("no project") << QStringList{} << QByteArray("PROJECT_DIR is missing");
    QTest::newRow("bad set") << QStringList{QStringLiteral("@P"), QStringLiteral("--set"), QStringLiteral("X")}
                             << QByteArray("--set needs NAME=VALUE");
    QTest::newRow("bad mode") << QStringList{QStringLiteral("@P"), QStringLiteral("--set"), QStringLiteral("MODE=fast")}
                              << QByteArray("MODE must be");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("@P"), QStringLiteral("--frob")}
                                    << QByteArray("unknown option --frob");
    QTest::newRow("not a folder") << QStringList{QStringLiteral("/no/such/dir")} << QByteArray("is not a folder");
}

void TestSettingsCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    for (QString &a : args)
        a.replace(QStringLiteral("@P"), m_project);
    const QByteArray before = test::treeDigest(m_project);
    const test::CliResult r = test::runCli(QStringList{QStringLiteral("settings")} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
    QCOMPARE(test::treeDigest(m_project), before);
}

QTEST_GUILESS_MAIN(TestSettingsCli)
#include "tst_settings_cli.moc"
