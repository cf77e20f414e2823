// SPDX-License-Identifier: Apache-2.0
// readFileBounded()/readFileHead(): regular files only, a size limit, never blocking on a FIFO,
// never reading a device without end, and a reason with every refusal.
#include "core/boundedfile.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;
using namespace workbench::models;

class TestBoundedFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_tmp.isValid()); }
    void readsARegularFile();
    void followsALinkToARegularFile();
    void refusesWhatIsNoRegularFile_data();
    void refusesWhatIsNoRegularFile();
    void refusesMoreThanTheLimit();
    void headReadsOnlyTheStart();
    void missingFileSaysWhy();
    void foldersThatCannotBeCreatedSayWhy();

private:
    QString path(const QString &name) const { return m_tmp.filePath(name); }
    QTemporaryDir m_tmp;
};

void TestBoundedFile::readsARegularFile()
{
    QVERIFY(test::writeFile(path(QStringLiteral("a.yaml")), "kind: mesh\n"));
    const auto r = readFileBounded(path(QStringLiteral("a.yaml")));
    QVERIFY(r.ok());
    QCOMPARE(r.value(), QByteArray("kind: mesh\n"));
    QVERIFY(test::writeFile(path(QStringLiteral("empty.yaml")), QByteArray()));
    QCOMPARE(readFileBounded(path(QStringLiteral("empty.yaml"))).value(), QByteArray());
    // exactly at the limit is fine
    QVERIFY(test::writeFile(path(QStringLiteral("ten")), QByteArray(10, 'x')));
    QCOMPARE(readFileBounded(path(QStringLiteral("ten")), 10).value().size(), 10);
}

void TestBoundedFile::followsALinkToARegularFile()
{
    QVERIFY(test::writeFile(path(QStringLiteral("target.yaml")), "x: 1\n"));
    QVERIFY(QFile::link(path(QStringLiteral("target.yaml")), path(QStringLiteral("link.yaml"))));
    QCOMPARE(readFileBounded(path(QStringLiteral("link.yaml"))).value(), QByteArray("x: 1\n"));
}

void TestBoundedFile::refusesWhatIsNoRegularFile_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("kind");
    QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("a FIFO");
    QTest::newRow("/dev/zero") << QStringLiteral("/dev/zero") << QStringLiteral("a character device");
    QTest::newRow("link to /dev/zero") << QStringLiteral("zero-link") << QStringLiteral("a character device");
    QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("a folder");
}

void TestBoundedFile::refusesWhatIsNoRegularFile()
{
    QFETCH(QString, what);
    QFETCH(QString, kind);
    QString p = what;
    if (what == QLatin1String("fifo")) {
        p = path(what);
        QCOMPARE(::mkfifo(QFile::encodeName(p).constData(), 0600), 0);  // no writer: a blocking open would hang
    } else if (what == QLatin1String("zero-link")) {
        p = path(what);
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), p));
    } else if (what == QLatin1String("folder")) {
        p = path(what);
        QVERIFY(QDir().mkpath(p));
    }
    for (const auto &r : {readFileBounded(p), readFileHead(p, 100)}) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("file.type"));
        QCOMPARE(r.error().message, QStringLiteral("Cannot read %1: it is %2, not a regular file.").arg(p, kind));
    }
}

void TestBoundedFile::refusesMoreThanTheLimit()
{
    QVERIFY(test::writeFile(path(QStringLiteral("eleven")), QByteArray(11, 'x')));
    const auto r = readFileBounded(path(QStringLiteral("eleven")), 10);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("file.size"));
    QCOMPARE(r.error().message,
             QStringLiteral("Cannot read %1: it is larger than 10 bytes.").arg(path(QStringLiteral("eleven"))));
    // The default limit: 16 MiB (a sparse file, so nothing is written).
    QFile big(path(QStringLiteral("big")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(kMaxReadBytes + 1));
    big.close();
    const auto b = readFileBounded(big.fileName());
    QVERIFY(!b.ok());
    QCOMPARE(b.error().message, QStringLiteral("Cannot read %1: it is larger than 16 MiB.").arg(big.fileName()));
}

void TestBoundedFile::headReadsOnlyTheStart()
{
    QVERIFY(test::writeFile(path(QStringLiteral("long")), QByteArray("0123456789")));
    QCOMPARE(readFileHead(path(QStringLiteral("long")), 4).value(), QByteArray("0123"));
    QCOMPARE(readFileHead(path(QStringLiteral("long")), 100).value(), QByteArray("0123456789"));
}

void TestBoundedFile::missingFileSaysWhy()
{
    const auto r = readFileBounded(path(QStringLiteral("nope")));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("file.read"));
    QCOMPARE(r.error().message,
             QStringLiteral("Cannot read %1: No such file or directory.").arg(path(QStringLiteral("nope"))));
}

void TestBoundedFile::foldersThatCannotBeCreatedSayWhy()
{
    QVERIFY(makeFolders(path(QStringLiteral("a/b/c"))).ok());
    QVERIFY(QFileInfo(path(QStringLiteral("a/b/c"))).isDir());
    QVERIFY(makeFolders(path(QStringLiteral("a/b/c"))).ok());  // already there
    QVERIFY(test::writeFile(path(QStringLiteral("file")), "x"));
    const auto inTheWay = makeFolders(path(QStringLiteral("file")));
    QVERIFY(!inTheWay.ok());
    QCOMPARE(inTheWay.error().code, QStringLiteral("file.mkdir"));
    QCOMPARE(inTheWay.error().message,
             QStringLiteral("Cannot create %1: File exists.").arg(path(QStringLiteral("file"))));
    const auto under = makeFolders(path(QStringLiteral("file/sub")));
    QVERIFY(!under.ok());
    QCOMPARE(under.error().message,
             QStringLiteral("Cannot create %1: Not a directory.").arg(path(QStringLiteral("file/sub"))));
}

QTEST_GUILESS_MAIN(TestBoundedFile)
#include "tst_boundedfile.moc"
