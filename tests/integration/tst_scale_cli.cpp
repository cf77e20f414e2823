// SPDX-License-Identifier: Apache-2.0
// The scaling benchmark's project (tests/support/projectgenerator) through the real command
// line: it validates, renders and issues; and what render writes does not depend on the hash
// seed of the process (every index of the analysis is a hash: none of their order may show).
#include "projectgenerator.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

namespace {

/// relative path -> content of every file under @p dir.
QMap<QString, QByteArray> tree(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.insert(QDir(dir).relativeFilePath(path), test::readFile(path));
    }
    return out;
}

}  // namespace

class TestScaleCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void validates();
    void rendersTheSameWhateverTheHashSeed();
    void issuesAndVerifies();

private:
    QTemporaryDir m_tmp;
    QString m_project;
    static constexpr int kServices = 16;
};

void TestScaleCli::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = QDir(m_tmp.path()).filePath(QStringLiteral("project"));
    test::ScaleProjectOptions o;
    o.services = kServices;
    QVERIFY(test::writeScaleProject(m_project, o));
}

void TestScaleCli::validates()
{
    const test::CliResult r = test::runCli({QStringLiteral("validate"), m_project});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray());  // not even a warning
    QCOMPARE(r.err, QByteArray("0 errors, 0 warnings\n"));
}

void TestScaleCli::rendersTheSameWhateverTheHashSeed()
{
    // QT_HASH_SEED=0 fixes the seed; without it every process draws its own.
    QList<QMap<QString, QByteArray>> outputs;
    for (int run = 0; run < 3; ++run) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_HASH_SEED"));
        if (run == 0)
            env.insert(QStringLiteral("QT_HASH_SEED"), QStringLiteral("0"));
        const QString out = QDir(m_tmp.path()).filePath(QStringLiteral("render-%1").arg(run));
        const test::CliResult r =
            test::runCli({QStringLiteral("render"), m_project, QStringLiteral("--out"), out}, 60000, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        outputs << tree(out);
    }
    QVERIFY(outputs.first().contains(QStringLiteral("policies/upload-order.txt")));
    // the sessions, the upload order, the umbrella chart and five files per sub-chart
    qsizetype files = 0;
    for (const QString &path : outputs.first().keys())
        files += QFileInfo(path).fileName().startsWith(QLatin1Char('.')) ? 0 : 1;
    QCOMPARE(files, qsizetype((kServices + 1) + 1 + 2 + 5 * kServices));
    for (int run = 1; run < outputs.size(); ++run) {
        QCOMPARE(outputs.at(run).keys(), outputs.first().keys());
        for (auto it = outputs.first().cbegin(); it != outputs.first().cend(); ++it)
            QVERIFY2(outputs.at(run).value(it.key()) == it.value(), qPrintable(it.key()));
    }
}

void TestScaleCli::issuesAndVerifies()
{
    const QString out = QDir(m_tmp.path()).filePath(QStringLiteral("certs"));
    const test::CliResult r = test::runCli({QStringLiteral("certs"), m_project, QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // a CA and a server certificate per service, each verified once
    QVERIFY2(r.out.contains(QStringLiteral("All %1 chains verify").arg(2 * kServices).toUtf8()), r.out.constData());
    const QByteArray report = test::readFile(QDir(out).filePath(QStringLiteral("report.txt")));
    // svc-5's CA is imported by the three services after it
    QCOMPARE(report.count("⇢ imported by scale-1-1/svc-"), qsizetype(3 * (kServices - 3) + 2 + 1));
    QVERIFY(report.contains("scale-1-1/svc-5/svc_5_cert  (TLS server; dialled as scale-svc-5)"));
}

QTEST_GUILESS_MAIN(TestScaleCli)
#include "tst_scale_cli.moc"
