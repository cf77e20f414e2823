// SPDX-License-Identifier: Apache-2.0
// writeOutputFolder(): the one writer of render/certs output folders and of the stored
// references. Ownership through the list of written files, foreign files kept or refused,
// symbolic links never followed, the output replaced whole or not at all.
#include "core/outputfolder.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

using namespace workbench;
using namespace workbench::models;

namespace {

OutputFile file(const QString &path, const QByteArray &content, bool secret = false)
{
    return OutputFile{path, content, secret};
}

QList<OutputFile> firstRun()
{
    return {file(QStringLiteral("policies/ns.yaml"), "name: ns\n"),
            file(QStringLiteral("policies/ns/flask.yaml"), "name: ns/flask\n"),
            file(QStringLiteral("policies/upload-order.txt"), "ns\nns/flask\n"),
            file(QStringLiteral("helm/Chart.yaml"), "name: chart\n")};
}

mode_t modeOf(const QString &path)
{
    struct stat st {
    };
    ::lstat(QFile::encodeName(path).constData(), &st);
    return st.st_mode & 0777;
}

ino_t inodeOf(const QString &path)
{
    struct stat st {
    };
    ::lstat(QFile::encodeName(path).constData(), &st);
    return st.st_ino;
}

QStringList stagingLeftovers(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".scone-workbench-staging-*")},
                               QDir::AllEntries | QDir::Hidden | QDir::System);
}

}  // namespace

class TestOutputFolder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void writesANewFolderWithItsList();
    void secretFilesAreOwnerOnly();
    void replacesExactlyThePreviousRun();
    void refusesForeignFilesWithoutForce_data();
    void refusesForeignFilesWithoutForce();
    void forceKeepsForeignFilesInPlace();
    void foreignEntryWhereTheOutputGoesIsRefusedEvenWithForce_data();
    void foreignEntryWhereTheOutputGoesIsRefusedEvenWithForce();
    void symlinkedSubfolderIsNeverFollowed();
    void symlinkedFileIsNeverWrittenThrough();
    void confinedFolderBehindASymlinkIsRefused();
    void userGivenSymlinkedFolderIsFollowed();
    void failedSwapLeavesTheFolderAsItWas();
    void failedStagingLeavesNothingBehind();
    void leftoverStagingFolderIsRemoved();
    void badPathsAreRefused_data();
    void badPathsAreRefused();
    void folderThatIsAFileIsRefused();
    void filesAreWrittenOnTheCallersThreads();

private:
    QTemporaryDir m_tmp;
    QString m_out;
};

void TestOutputFolder::init()
{
    QVERIFY(m_tmp.isValid());
    m_out = QDir(m_tmp.path()).filePath(QStringLiteral("out-%1").arg(QRandomGenerator::global()->generate()));
}

void TestOutputFolder::writesANewFolderWithItsList()
{
    const auto r = writeOutputFolder(m_out, firstRun());
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    QCOMPARE(r->written,
             (QStringList{QStringLiteral("helm/Chart.yaml"), QStringLiteral("policies/ns.yaml"),
                          QStringLiteral("policies/ns/flask.yaml"), QStringLiteral("policies/upload-order.txt")}));
    QVERIFY(r->removed.isEmpty());
    QVERIFY(r->kept.isEmpty());
    QCOMPARE(test::readFile(m_out + QStringLiteral("/policies/ns/flask.yaml")), QByteArray("name: ns/flask\n"));
    const QByteArray list = test::readFile(m_out + QStringLiteral("/.scone-workbench-output"));
    for (const char *line : {"\nhelm/\n", "\nhelm/Chart.yaml\n", "\npolicies/\n", "\npolicies/ns/\n",
                             "\npolicies/ns/flask.yaml\n", "\npolicies/ns.yaml\n", "\npolicies/upload-order.txt\n"})
        QVERIFY2(list.contains(line), line);
    QVERIFY(stagingLeftovers(m_out).isEmpty());
}

void TestOutputFolder::secretFilesAreOwnerOnly()
{
    const mode_t old = ::umask(022);
    const auto r = writeOutputFolder(
        m_out, {file(QStringLiteral("a/tls.key"), "KEY", true), file(QStringLiteral("a/tls.crt"), "CRT")});
    ::umask(old);
    QVERIFY(r.ok());
    QCOMPARE(modeOf(m_out + QStringLiteral("/a/tls.key")), mode_t(0600));
    QCOMPARE(modeOf(m_out + QStringLiteral("/a/tls.crt")), mode_t(0644));
}

void TestOutputFolder::replacesExactlyThePreviousRun()
{
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    const auto r = writeOutputFolder(
        m_out, {file(QStringLiteral("policies/ns.yaml"), "name: ns2\n"), file(QStringLiteral("report.txt"), "ok\n")});
    QVERIFY(r.ok());
    QCOMPARE(r->removed, (QStringList{QStringLiteral("helm/Chart.yaml"), QStringLiteral("policies/ns/flask.yaml"),
                                      QStringLiteral("policies/upload-order.txt")}));
    const auto snap = test::snapshotTree(m_out);
    QCOMPARE(QStringList(snap.keys()),
             (QStringList{QStringLiteral("."), QStringLiteral(".scone-workbench-output"), QStringLiteral("policies"),
                          QStringLiteral("policies/ns.yaml"), QStringLiteral("report.txt")}));
    QCOMPARE(test::readFile(m_out + QStringLiteral("/policies/ns.yaml")), QByteArray("name: ns2\n"));
}

void TestOutputFolder::refusesForeignFilesWithoutForce_data()
{
    QTest::addColumn<QString>("foreign");
    QTest::addColumn<bool>("afterARun");
    QTest::newRow("file beside the output, fresh folder") << QStringLiteral("mine.txt") << false;
    QTest::newRow("file inside an output folder") << QStringLiteral("policies/notes.txt") << true;
    QTest::newRow("unlisted empty folder") << QStringLiteral("policies/empty/") << true;
    QTest::newRow("fifo") << QStringLiteral("policies/pipe|") << true;
}

void TestOutputFolder::refusesForeignFilesWithoutForce()
{
    QFETCH(QString, foreign);
    QFETCH(bool, afterARun);
    if (afterARun)
        QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    QVERIFY(QDir().mkpath(m_out));
    QString rel = foreign;
    if (rel.endsWith(QLatin1Char('/'))) {
        rel.chop(1);
        QVERIFY(QDir().mkpath(m_out + QLatin1Char('/') + rel));
    } else if (rel.endsWith(QLatin1Char('|'))) {
        rel.chop(1);
        QCOMPARE(::mkfifo(QFile::encodeName(m_out + QLatin1Char('/') + rel).constData(), 0600), 0);
    } else {
        QVERIFY(test::writeFile(m_out + QLatin1Char('/') + rel, "the user's\n"));
    }
    const auto before = test::snapshotTree(m_out);
    const auto r = writeOutputFolder(m_out, firstRun());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.foreign"));
    QCOMPARE(r.error().file, m_out + QLatin1Char('/') + rel);
    QCOMPARE(r.error().message,
             QStringLiteral("%1 holds files the workbench did not write: %1/%2%3")
                 .arg(m_out, rel, foreign.endsWith(QLatin1Char('/')) ? QStringLiteral("/") : QString()));
    QCOMPARE(test::snapshotTree(m_out), before);
}

void TestOutputFolder::forceKeepsForeignFilesInPlace()
{
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    const QString notes = m_out + QStringLiteral("/policies/notes.txt");
    const QString mine = m_out + QStringLiteral("/mine/deep/file.txt");
    QVERIFY(test::writeFile(notes, "notes\n"));
    QVERIFY(test::writeFile(mine, "mine\n"));
    QVERIFY(QDir().mkpath(m_out + QStringLiteral("/helm/empty")));
    const ino_t notesInode = inodeOf(notes);
    OutputWriteOptions force;
    force.force = true;
    const auto r = writeOutputFolder(m_out, {file(QStringLiteral("policies/ns.yaml"), "v2\n")}, force);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    QCOMPARE(r->kept,
             (QStringList{QStringLiteral("helm/empty"), QStringLiteral("mine"), QStringLiteral("policies/notes.txt")}));
    // The same file, not a copy, under its old name.
    QCOMPARE(inodeOf(notes), notesInode);
    QCOMPARE(test::readFile(notes), QByteArray("notes\n"));
    QCOMPARE(test::readFile(mine), QByteArray("mine\n"));
    QVERIFY(QFileInfo(m_out + QStringLiteral("/helm/empty")).isDir());
    QVERIFY(!QFileInfo::exists(m_out + QStringLiteral("/helm/Chart.yaml")));
    QVERIFY(!QFileInfo::exists(m_out + QStringLiteral("/policies/ns")));
    QCOMPARE(test::readFile(m_out + QStringLiteral("/policies/ns.yaml")), QByteArray("v2\n"));
    QVERIFY(stagingLeftovers(m_out).isEmpty());
    // Still foreign on the next run: refused again without force.
    const auto again = writeOutputFolder(m_out, {file(QStringLiteral("policies/ns.yaml"), "v3\n")});
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, QStringLiteral("output.foreign"));
}

void TestOutputFolder::foreignEntryWhereTheOutputGoesIsRefusedEvenWithForce_data()
{
    QTest::addColumn<QString>("foreign");
    QTest::addColumn<QString>("named");
    QTest::newRow("same file") << QStringLiteral("policies/ns.yaml") << QStringLiteral("policies/ns.yaml");
    QTest::newRow("file where a folder goes") << QStringLiteral("helm") << QStringLiteral("helm");
    QTest::newRow("folder holding a foreign file where a file goes")
        << QStringLiteral("policies/upload-order.txt/x") << QStringLiteral("policies/upload-order.txt/x");
}

void TestOutputFolder::foreignEntryWhereTheOutputGoesIsRefusedEvenWithForce()
{
    QFETCH(QString, foreign);
    QFETCH(QString, named);
    QVERIFY(test::writeFile(m_out + QLatin1Char('/') + foreign, "the user's\n"));
    const auto before = test::snapshotTree(m_out);
    OutputWriteOptions force;
    force.force = true;
    const auto r = writeOutputFolder(m_out, firstRun(), force);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.conflict"));
    QCOMPARE(r.error().file, m_out + QLatin1Char('/') + named);
    QCOMPARE(r.error().message, QStringLiteral("%1/%2 was not written by the workbench and is where the output "
                                               "goes; move it away or choose another folder")
                                    .arg(m_out, named));
    QCOMPARE(test::snapshotTree(m_out), before);
}

void TestOutputFolder::symlinkedSubfolderIsNeverFollowed()
{
    // A previous run, then `policies` replaced by a link to a folder of the user's; a list that
    // claims files under `policies` (as a cloned repository could ship) changes nothing.
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    const QString victim = QDir(m_tmp.path()).filePath(QStringLiteral("victim"));
    QVERIFY(test::writeFile(victim + QStringLiteral("/ns.yaml"), "precious\n"));
    QVERIFY(test::writeFile(victim + QStringLiteral("/upload-order.txt"), "precious too\n"));
    QVERIFY(QDir(m_out + QStringLiteral("/policies")).removeRecursively());
    QVERIFY(QFile::link(victim, m_out + QStringLiteral("/policies")));
    const auto victimBefore = test::snapshotTree(victim);
    const auto outBefore = test::snapshotTree(m_out);
    for (bool force : {false, true}) {
        OutputWriteOptions o;
        o.force = force;
        const auto r = writeOutputFolder(m_out, firstRun(), o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, force ? QStringLiteral("output.conflict") : QStringLiteral("output.foreign"));
        QCOMPARE(r.error().file, m_out + QStringLiteral("/policies"));
        QCOMPARE(test::snapshotTree(victim), victimBefore);
        QCOMPARE(test::snapshotTree(m_out), outBefore);
    }
    // Output that does not need `policies` keeps the link as a foreign entry (force) and still
    // never looks through it.
    OutputWriteOptions o;
    o.force = true;
    QVERIFY(writeOutputFolder(m_out, {file(QStringLiteral("report.txt"), "r\n")}, o).ok());
    QVERIFY(QFileInfo(m_out + QStringLiteral("/policies")).isSymLink());
    QCOMPARE(test::snapshotTree(victim), victimBefore);
}

void TestOutputFolder::symlinkedFileIsNeverWrittenThrough()
{
    const QString victim = QDir(m_tmp.path()).filePath(QStringLiteral("victim.txt"));
    QVERIFY(test::writeFile(victim, "precious\n"));
    QVERIFY(QDir().mkpath(m_out + QStringLiteral("/flask")));
    QVERIFY(QFile::link(victim, m_out + QStringLiteral("/flask/redis.key")));
    for (bool force : {false, true}) {
        OutputWriteOptions o;
        o.force = force;
        const auto r = writeOutputFolder(m_out, {file(QStringLiteral("flask/redis.key"), "KEY", true)}, o);
        QVERIFY(!r.ok());
        QCOMPARE(test::readFile(victim), QByteArray("precious\n"));
        QVERIFY(QFileInfo(m_out + QStringLiteral("/flask/redis.key")).isSymLink());
    }
}

void TestOutputFolder::confinedFolderBehindASymlinkIsRefused()
{
    const QString project = QDir(m_tmp.path()).filePath(QStringLiteral("project"));
    const QString victim = QDir(m_tmp.path()).filePath(QStringLiteral("home"));
    const QString workbenchDir = project + QStringLiteral("/.scone-workbench");
    const QString rendered = workbenchDir + QStringLiteral("/rendered");
    QVERIFY(test::writeFile(victim + QStringLiteral("/rendered/ns.yaml"), "precious\n"));
    QVERIFY(QDir().mkpath(project));
    OutputWriteOptions o;
    o.force = true;
    o.confinedTo = project;
    const auto before = test::snapshotTree(victim);

    // .scone-workbench itself a link to the user's home
    QVERIFY(QFile::link(victim, workbenchDir));
    auto r = writeOutputFolder(rendered, {file(QStringLiteral("ns.yaml"), "new\n")}, o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.folder"));
    QCOMPARE(r.error().message,
             QStringLiteral("%1 is not a folder (a symbolic link or a file); nothing was written.").arg(workbenchDir));
    QCOMPARE(test::snapshotTree(victim), before);

    // .scone-workbench/rendered a link to a folder of the user's
    QVERIFY(QFile::remove(workbenchDir));  // the link, not what it points to
    QVERIFY(QDir().mkpath(workbenchDir));
    QVERIFY(QFile::link(victim + QStringLiteral("/rendered"), rendered));
    r = writeOutputFolder(rendered, {file(QStringLiteral("ns.yaml"), "new\n")}, o);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.folder"));
    QCOMPARE(r.error().message,
             QStringLiteral("%1 is not a folder (a symbolic link or a file); nothing was written.").arg(rendered));
    QCOMPARE(test::snapshotTree(victim), before);
}

void TestOutputFolder::userGivenSymlinkedFolderIsFollowed()
{
    const QString real = QDir(m_tmp.path()).filePath(QStringLiteral("real-out"));
    QVERIFY(QDir().mkpath(real));
    QVERIFY(QFile::link(real, m_out));
    const auto r = writeOutputFolder(m_out, firstRun());
    QVERIFY(r.ok());
    QVERIFY(QFileInfo(m_out).isSymLink());
    QCOMPARE(test::readFile(real + QStringLiteral("/helm/Chart.yaml")), QByteArray("name: chart\n"));
}

void TestOutputFolder::failedSwapLeavesTheFolderAsItWas()
{
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    QVERIFY(test::writeFile(m_out + QStringLiteral("/policies/notes.txt"), "notes\n"));
    const auto before = test::snapshotTree(m_out);
    // The swap of the new run has 4 steps here (list, helm, policies, final list): fail at each.
    for (int failAt = 0; failAt < 4; ++failAt) {
        OutputWriteOptions o;
        o.force = true;
        o.beforeSwapStep = [failAt](int step) -> Status {
            if (step == failAt)
                return makeError(QStringLiteral("test.injected"), QStringLiteral("injected"));
            return Ok{};
        };
        const auto r = writeOutputFolder(
            m_out,
            {file(QStringLiteral("policies/other.yaml"), "x\n"), file(QStringLiteral("helm/values.yaml"), "y\n")}, o);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("test.injected"));
        QCOMPARE(test::snapshotTree(m_out), before);
    }
}

void TestOutputFolder::failedStagingLeavesNothingBehind()
{
    // A name the file system refuses (too long): the write fails while staging.
    const QString tooLong = QString(300, QLatin1Char('x'));
    const auto fresh = writeOutputFolder(m_out, {file(QStringLiteral("a.txt"), "a"), file(tooLong, "b")});
    QVERIFY(!fresh.ok());
    QCOMPARE(fresh.error().code, QStringLiteral("output.write"));
    QVERIFY2(fresh.error().message.endsWith(QLatin1String(": File name too long.")), qPrintable(fresh.error().message));
    QVERIFY(!QFileInfo::exists(m_out));  // created for this run, removed again
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    const auto before = test::snapshotTree(m_out);
    QVERIFY(!writeOutputFolder(m_out, {file(QStringLiteral("policies/x"), "a"), file(tooLong, "b")}).ok());
    QCOMPARE(test::snapshotTree(m_out), before);
}

void TestOutputFolder::leftoverStagingFolderIsRemoved()
{
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    QVERIFY(test::writeFile(m_out + QStringLiteral("/.scone-workbench-staging-abc123/new/x"), "old\n"));
    QVERIFY(writeOutputFolder(m_out, firstRun()).ok());
    QVERIFY(stagingLeftovers(m_out).isEmpty());
}

void TestOutputFolder::badPathsAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("parent") << QStringLiteral("../x");
    QTest::newRow("inner parent") << QStringLiteral("a/../../x");
    QTest::newRow("absolute") << QStringLiteral("/etc/x");
    QTest::newRow("empty part") << QStringLiteral("a//b");
    QTest::newRow("dot") << QStringLiteral("./a");
    QTest::newRow("the list") << QStringLiteral(".scone-workbench-output");
}

void TestOutputFolder::badPathsAreRefused()
{
    QFETCH(QString, path);
    const auto r = writeOutputFolder(m_out, {file(path, "x")});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.path"));
    QVERIFY(!QFileInfo::exists(m_out));
}

void TestOutputFolder::folderThatIsAFileIsRefused()
{
    QVERIFY(test::writeFile(m_out, "a file\n"));
    const auto r = writeOutputFolder(m_out, firstRun());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("output.folder"));
    QCOMPARE(r.error().message, QStringLiteral("%1 is not a folder.").arg(m_out));
    QCOMPARE(test::readFile(m_out), QByteArray("a file\n"));
}

void TestOutputFolder::filesAreWrittenOnTheCallersThreads()
{
    // As a render of a big mesh: many files in many folders, written by four threads.
    QList<OutputFile> files;
    for (int i = 0; i < 400; ++i)
        files << file(QStringLiteral("policies/ns/svc-%1/session.yaml").arg(i), QByteArray::number(i) + "\n",
                      /*secret=*/i % 7 == 0);
    QSet<Qt::HANDLE> threads;
    QMutex mutex;
    OutputWriteOptions options;
    options.parallelFor = [&](qsizetype count, const std::function<void(qsizetype)> &body) {
        std::atomic<qsizetype> next{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < 4; ++t)
            pool.emplace_back([&] {
                for (qsizetype i = next++; i < count; i = next++) {
                    body(i);
                    QMutexLocker lock(&mutex);
                    threads.insert(QThread::currentThreadId());
                }
            });
        for (std::thread &t : pool)
            t.join();
    };
    const auto r = writeOutputFolder(m_out, files, options);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    QVERIFY(threads.size() > 1);
    QCOMPARE(r->written.size(), 400);
    QVERIFY(std::is_sorted(r->written.cbegin(), r->written.cend()));
    for (int i = 0; i < 400; ++i) {
        const QString path = m_out + QStringLiteral("/policies/ns/svc-%1/session.yaml").arg(i);
        QCOMPARE(test::readFile(path), QByteArray::number(i) + "\n");
        if (i % 7 == 0)
            QCOMPARE(modeOf(path), mode_t(0600));
    }
    QVERIFY(stagingLeftovers(m_out).isEmpty());
}

QTEST_GUILESS_MAIN(TestOutputFolder)
#include "tst_outputfolder.moc"
