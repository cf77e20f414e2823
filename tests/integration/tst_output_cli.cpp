// SPDX-License-Identifier: Apache-2.0
// `render --out` and `certs --out` and the folder they write (issues 10 and 11): files the
// workbench did not write are refused unless --force and then kept; symbolic links in the folder
// are never followed, not to delete and not to write; the output is replaced whole or not at all;
// sessions holding secret values are 0600; a folder that cannot be created says why.
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;

namespace {

const QString kNs = QStringLiteral("sdm-1-2");

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

QString lastLine(const QByteArray &text)
{
    QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.isEmpty() ? QString() : lines.constLast();
}

mode_t modeOf(const QString &path)
{
    struct stat st {
    };
    ::lstat(QFile::encodeName(path).constData(), &st);
    return st.st_mode & 0777;
}

}  // namespace

class TestOutputCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void renderRefusesAFolderWithForeignFiles();
    void renderWithForceKeepsForeignFiles();
    void secondRenderReplacesTheFirstExactly();
    void renderNeverFollowsASymlinkInTheFolder_data();
    void renderNeverFollowsASymlinkInTheFolder();
    void renderOverAHelmFileChangesNothing_data();
    void renderOverAHelmFileChangesNothing();
    void sessionsWithSecretValuesAreOwnerOnly_data();
    void sessionsWithSecretValuesAreOwnerOnly();
    void folderThatCannotBeCreatedSaysWhy();
    void certsNeverWritesThroughAKeySymlink_data();
    void certsNeverWritesThroughAKeySymlink();
    void certsRefusesForeignFilesUnlessForced();
    void outputInsideTheProjectIsNotReadBack();

private:
    test::CliResult render(const QString &out, const QStringList &extra = {}) const;
    test::CliResult certs(const QString &out, const QStringList &extra = {}) const;

    QTemporaryDir m_tmp;
    QString m_project;
    QString m_out;
    QString m_victim;
    QProcessEnvironment m_env;
};

void TestOutputCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("project"));
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_tmp.filePath(QStringLiteral("home")));
    ::umask(022);
}

void TestOutputCli::init()
{
    const QString id = QString::number(QRandomGenerator::global()->generate());
    m_out = m_tmp.filePath(QStringLiteral("out-") + id);
    m_victim = m_tmp.filePath(QStringLiteral("victim-") + id);
    QVERIFY(test::writeFile(m_victim + QStringLiteral("/precious.txt"), "the user's\n"));
    QVERIFY(test::writeFile(m_victim + QStringLiteral("/sub/more.txt"), "more\n"));
}

test::CliResult TestOutputCli::render(const QString &out, const QStringList &extra) const
{
    return test::runCli(QStringList{QStringLiteral("render"), m_project, QStringLiteral("--out"), out,
                                    QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=registry.example.com/sdm"),
                                    QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=") + kNs} +
                            extra,
                        60000, m_env);
}

test::CliResult TestOutputCli::certs(const QString &out, const QStringList &extra) const
{
    return test::runCli(QStringList{QStringLiteral("certs"), m_project, QStringLiteral("--out"), out,
                                    QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=registry.example.com/sdm"),
                                    QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=") + kNs} +
                            extra,
                        120000, m_env);
}

void TestOutputCli::renderRefusesAFolderWithForeignFiles()
{
    // What the previous version of render left behind, and a folder of the user's.
    QVERIFY(test::writeFile(m_out + QStringLiteral("/policies/stale/old.yaml"), "old\n"));
    QVERIFY(test::writeFile(m_out + QStringLiteral("/keep/mine.txt"), "mine\n"));
    const auto before = test::snapshotTree(m_out);
    const test::CliResult r = render(m_out);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(lastLine(r.err), QStringLiteral("scone-workbench: render: %1 holds files the workbench did not write: "
                                             "%1/keep/, %1/policies/stale/old.yaml; use --force to write the output "
                                             "beside them (they are kept)")
                                  .arg(m_out));
    QCOMPARE(test::snapshotTree(m_out), before);
}

void TestOutputCli::renderWithForceKeepsForeignFiles()
{
    QVERIFY(test::writeFile(m_out + QStringLiteral("/policies/notes.txt"), "notes\n"));
    QVERIFY(test::writeFile(m_out + QStringLiteral("/keep/mine.txt"), "mine\n"));
    const test::CliResult r = render(m_out, {QStringLiteral("--force")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(test::readFile(m_out + QStringLiteral("/policies/notes.txt")), QByteArray("notes\n"));
    QCOMPARE(test::readFile(m_out + QStringLiteral("/keep/mine.txt")), QByteArray("mine\n"));
    QVERIFY(QFileInfo::exists(m_out + QStringLiteral("/policies/upload-order.txt")));
    QVERIFY(QFileInfo::exists(m_out + QStringLiteral("/helm/Chart.yaml")));
    const QByteArray list = test::readFile(m_out + QStringLiteral("/.scone-workbench-output"));
    QVERIFY(list.contains("\npolicies/upload-order.txt\n"));
    QVERIFY(!list.contains("notes.txt"));
    QVERIFY(!list.contains("mine.txt"));
    // The kept files are still not the workbench's: without --force the next run is refused.
    const test::CliResult again = render(m_out);
    QCOMPARE(again.exitCode, 1);
    QVERIFY(lastLine(again.err).contains(m_out + QStringLiteral("/keep/, ") + m_out +
                                         QStringLiteral("/policies/notes.txt;")));
}

void TestOutputCli::secondRenderReplacesTheFirstExactly()
{
    QVERIFY(render(m_out, {QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=first-1-1")}).exitCode == 0);
    QVERIFY(QFileInfo::exists(m_out + QStringLiteral("/policies/first-1-1/redis.yaml")));
    const test::CliResult r = render(m_out);  // APP_NAMESPACE=sdm-1-2: other session files
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList files = filesUnder(m_out);
    QVERIFY(!files.join(QLatin1Char(' ')).contains(QLatin1String("first-1-1")));
    QVERIFY(files.contains(QStringLiteral("policies/") + kNs + QStringLiteral("/redis.yaml")));
    QVERIFY(files.contains(QStringLiteral(".scone-workbench-output")));
    for (const QString &f : files)
        QVERIFY2(!f.contains(QLatin1String(".scone-workbench-staging")), qPrintable(f));
}

void TestOutputCli::renderNeverFollowsASymlinkInTheFolder_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<bool>("force");
    for (bool force : {false, true}) {
        const char *suffix = force ? " --force" : "";
        QTest::addRow("policies%s", suffix) << QStringLiteral("policies") << force;
        QTest::addRow("helm%s", suffix) << QStringLiteral("helm") << force;
        QTest::addRow("list file%s", suffix) << QStringLiteral(".scone-workbench-output") << force;
    }
}

void TestOutputCli::renderNeverFollowsASymlinkInTheFolder()
{
    QFETCH(QString, link);
    QFETCH(bool, force);
    // A folder rendered before, whose entry was then replaced by a link to the user's folder
    // (a cloned repository can ship exactly that).
    QVERIFY(render(m_out).exitCode == 0);
    const QString at = m_out + QLatin1Char('/') + link;
    QVERIFY(QFileInfo(at).isDir() ? QDir(at).removeRecursively() : QFile::remove(at));
    QVERIFY(QFile::link(link.startsWith(QLatin1Char('.')) ? m_victim + QStringLiteral("/precious.txt") : m_victim, at));
    const auto victimBefore = test::snapshotTree(m_victim);
    const auto outBefore = test::snapshotTree(m_out);
    const test::CliResult r = render(m_out, force ? QStringList{QStringLiteral("--force")} : QStringList{});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    // Without --force every entry not on the list is named (the first three); a link in the
    // list's place leaves no list, so then every file is foreign.
    QStringList foreign{at};
    if (link.startsWith(QLatin1Char('.'))) {
        foreign.clear();
        for (const QString &f : filesUnder(m_out))
            foreign << m_out + QLatin1Char('/') + f;
    }
    const QString named = foreign.size() <= 3 ? foreign.join(QStringLiteral(", "))
                                              : foreign.mid(0, 3).join(QStringLiteral(", ")) +
                                                    QStringLiteral(" and %1 more").arg(foreign.size() - 3);
    QCOMPARE(lastLine(r.err),
             force ? QStringLiteral("scone-workbench: render: %1 was not written by the workbench and is where the "
                                    "output goes; move it away or choose another folder")
                         .arg(at)
                   : QStringLiteral("scone-workbench: render: %1 holds files the workbench did not write: %2; use "
                                    "--force to write the output beside them (they are kept)")
                         .arg(m_out, named));
    QCOMPARE(test::snapshotTree(m_victim), victimBefore);
    QCOMPARE(test::snapshotTree(m_out), outBefore);
}

void TestOutputCli::renderOverAHelmFileChangesNothing_data()
{
    QTest::addColumn<bool>("force");
    QTest::newRow("without --force") << false;
    QTest::newRow("with --force") << true;
}

void TestOutputCli::renderOverAHelmFileChangesNothing()
{
    QFETCH(bool, force);
    QVERIFY(render(m_out).exitCode == 0);
    QVERIFY(QDir(m_out + QStringLiteral("/helm")).removeRecursively());
    QVERIFY(test::writeFile(m_out + QStringLiteral("/helm"), "a file of the user's\n"));
    const auto before = test::snapshotTree(m_out);
    const test::CliResult r = render(m_out, force ? QStringList{QStringLiteral("--force")} : QStringList{});
    QCOMPARE(r.exitCode, 1);
    // Whole or not at all: policies/ of the previous run is still there, untouched.
    QCOMPARE(test::snapshotTree(m_out), before);
    QVERIFY(QFileInfo::exists(m_out + QStringLiteral("/policies/upload-order.txt")));
}

void TestOutputCli::sessionsWithSecretValuesAreOwnerOnly_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("plain");
    QTest::newRow("value:") << QByteArray("    - name: static_token\n      kind: ascii\n      value: \"s3cret\"\n")
                            << QByteArray("s3cret");
    QTest::newRow("application_secret:")
        << QByteArray("    - name: aad\n      kind: aad-token\n      tenant_id: t-1\n      client_id: c-1\n"
                      "      application_secret: \"app-s3cret\"\n")
        << QByteArray("app-s3cret");
}

void TestOutputCli::sessionsWithSecretValuesAreOwnerOnly()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, plain);
    const QString project = m_tmp.filePath(QStringLiteral("with-secret-value-") + QString::fromLatin1(plain));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    const QString service = project + QStringLiteral("/redis/service.yaml");
    QByteArray text = test::readFile(service);
    QVERIFY(text.contains("secrets:\n  global:\n"));
    text.replace("secrets:\n  global:\n", QByteArray("secrets:\n  global:\n").append(secret));
    QVERIFY(test::writeFile(service, text));
    const test::CliResult r = test::runCli({QStringLiteral("render"), project, QStringLiteral("--out"), m_out,
                                            QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=r"),
                                            QStringLiteral("--set"), QStringLiteral("APP_NAMESPACE=") + kNs},
                                           60000, m_env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString redis = m_out + QStringLiteral("/policies/") + kNs + QStringLiteral("/redis.yaml");
    QVERIFY(test::readFile(redis).contains(plain));
    QCOMPARE(modeOf(redis), mode_t(0600));
    QCOMPARE(modeOf(m_out + QStringLiteral("/policies/") + kNs + QStringLiteral("/flask-api.yaml")), mode_t(0644));
    QCOMPARE(modeOf(m_out + QStringLiteral("/policies/upload-order.txt")), mode_t(0644));
}

void TestOutputCli::folderThatCannotBeCreatedSaysWhy()
{
    const QString file = m_tmp.filePath(QStringLiteral("a-file"));
    QVERIFY(test::writeFile(file, "x"));
    const QString out = file + QStringLiteral("/out");
    for (const QString &command : {QStringLiteral("render"), QStringLiteral("certs")}) {
        const test::CliResult r = command == QLatin1String("render") ? render(out) : certs(out);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(lastLine(r.err),
                 QStringLiteral("scone-workbench: %1: Cannot create %2: Not a directory.").arg(command, out));
    }
}

void TestOutputCli::certsNeverWritesThroughAKeySymlink_data()
{
    QTest::addColumn<bool>("force");
    QTest::newRow("without --force") << false;
    QTest::newRow("with --force") << true;
}

void TestOutputCli::certsNeverWritesThroughAKeySymlink()
{
    QFETCH(bool, force);
    const test::CliResult first = certs(m_out);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QString key = m_out + QLatin1Char('/') + kNs + QStringLiteral("/redis/redis.key");
    QVERIFY(QFileInfo(key).isFile());
    QVERIFY(QFile::remove(key));
    const QString target = m_victim + QStringLiteral("/precious.txt");
    QVERIFY(QFile::link(target, key));
    const auto victimBefore = test::snapshotTree(m_victim);
    const auto outBefore = test::snapshotTree(m_out);
    const test::CliResult r = certs(m_out, force ? QStringList{QStringLiteral("--force")} : QStringList{});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(test::readFile(target), QByteArray("the user's\n"));
    QCOMPARE(test::snapshotTree(m_victim), victimBefore);
    QCOMPARE(test::snapshotTree(m_out), outBefore);
    QVERIFY(lastLine(r.err).startsWith(QStringLiteral("scone-workbench: certs: ")));
    QVERIFY(lastLine(r.err).contains(key));
}

void TestOutputCli::certsRefusesForeignFilesUnlessForced()
{
    QVERIFY(test::writeFile(m_out + QStringLiteral("/server.pem"), "a server's own\n"));
    const test::CliResult refused = certs(m_out);
    QCOMPARE(refused.exitCode, 1);
    QCOMPARE(lastLine(refused.err),
             QStringLiteral("scone-workbench: certs: %1 holds files the workbench did not write: "
                            "%1/server.pem; use --force to write the output beside them "
                            "(they are kept)")
                 .arg(m_out));
    QCOMPARE(filesUnder(m_out), QStringList{QStringLiteral("server.pem")});
    const test::CliResult forced = certs(m_out, {QStringLiteral("--force")});
    QVERIFY2(forced.exitCode == 0, forced.err.constData());
    QCOMPARE(test::readFile(m_out + QStringLiteral("/server.pem")), QByteArray("a server's own\n"));
    QVERIFY(QFileInfo::exists(m_out + QStringLiteral("/report.txt")));
    QCOMPARE(modeOf(m_out + QLatin1Char('/') + kNs + QStringLiteral("/redis/redis.key")), mode_t(0600));
}

void TestOutputCli::outputInsideTheProjectIsNotReadBack()
{
    // `render --out` and `certs --out` into folders of the project itself: the project's own files
    // stay as they were, and the output is not read back as manifests (its generated sessions
    // would be checked as the user's files, and the next render or certs would stop on them).
    const QString project = m_tmp.filePath(QStringLiteral("inside"));
    QVERIFY(test::copyTree(test::exampleDir(), project));
    const auto before = test::snapshotTree(project);
    const auto run = [&](const QString &command, const QString &out) {
        return test::runCli({command, project, QStringLiteral("--out"), project + QLatin1Char('/') + out}, 120000,
                            m_env);
    };
    QCOMPARE(run(QStringLiteral("render"), QStringLiteral("rendered")).exitCode, 0);
    QVERIFY(QFileInfo::exists(project + QStringLiteral("/rendered/.scone-workbench-output")));
    const test::CliResult issued = run(QStringLiteral("certs"), QStringLiteral("issued"));
    QVERIFY2(issued.exitCode == 0, issued.err.constData());
    const test::CliResult again = run(QStringLiteral("render"), QStringLiteral("rendered"));
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const test::CliResult checked = test::runCli({QStringLiteral("validate"), project}, 60000, m_env);
    QVERIFY2(checked.exitCode == 0, checked.out.constData());
    QVERIFY(!checked.out.contains("rendered/") && !checked.err.contains("rendered/"));
    QVERIFY(QDir(project + QStringLiteral("/rendered")).removeRecursively());
    QVERIFY(QDir(project + QStringLiteral("/issued")).removeRecursively());
    QCOMPARE(test::snapshotTree(project), before);
}

QTEST_GUILESS_MAIN(TestOutputCli)
#include "tst_output_cli.moc"
