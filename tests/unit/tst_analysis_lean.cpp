// SPDX-License-Identifier: Apache-2.0
// What the command line does to analyse a big project faster must not change what it finds:
// - a folder read and parsed on a thread pool (ManifestProject::loadFolder with a ParallelFor)
//   is the same project as one read file by file (files in scan order, same texts, same kinds,
//   the first failing file's error);
// - an analysis that skips what adds no finding (the secret index, the sessions' YAML and the
//   chart: AnalysisInput::buildSecretIndex / writeTexts, what `validate` turns off) and runs its
//   stages on a pool gives exactly the diagnostics, counts and certificate structure of the
//   whole analysis on one thread.
// Projects: the example, every test mesh and broken-manifest folder (errors and warnings of
// every stage) and a generated tutorial-shaped project.
#include "analysis/projectanalyzer.h"
#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"
#include "core/poolparallelfor.h"
#include "localrunproject.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "projectgenerator.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using namespace workbench;

namespace {

/// Every folder the test analyses: the example, the test projects, a generated project.
QStringList projectFolders(const QString &generated)
{
    QStringList out{test::exampleDir(), test::dataPath(QStringLiteral("projects/Ledger")), generated};
    for (const QString &parent : {QStringLiteral("meshes"), QStringLiteral("manifests/broken")}) {
        const QDir dir(test::dataPath(parent));
        for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            out << dir.filePath(name);
    }
    return out;
}

}  // namespace

class TestAnalysisLean : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parallelLoadIsTheSerialLoad_data();
    void parallelLoadIsTheSerialLoad();
    void parallelLoadFailsOnTheFirstBadFile();
    void leanAnalysisFindsTheSame_data();
    void leanAnalysisFindsTheSame();
    void parallelGenerationIsTheSerialOne_data();
    void parallelGenerationIsTheSerialOne();

private:
    void folders();

    QTemporaryDir m_tmp;
    QString m_generated;
    QString m_shared;
    QThreadPool m_pool;
};

void TestAnalysisLean::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_generated = m_tmp.filePath(QStringLiteral("generated"));
    test::ScaleProjectOptions options;
    options.services = 60;
    QVERIFY(test::writeScaleProject(m_generated, options));
    m_pool.setMaxThreadCount(4);  // more threads than files of some folders, fewer than others

    // Two mesh services run one manifest whose command names variables nobody sets: each
    // finding is made by both services' sessions and must be reported once, as one after the
    // other would.
    m_shared = m_tmp.filePath(QStringLiteral("shared"));
    QVERIFY(test::copyTree(test::exampleDir(), m_shared));
    QVERIFY(test::replaceInFile(m_shared, QStringLiteral("redis/service.yaml"), "command: redis-server",
                                "command: redis-server $NOT_SET_ANYWHERE {{not_in_the_mesh}}"));
    QVERIFY(test::replaceInFile(m_shared, QStringLiteral("mesh.yaml"), "services:\n",
                                "services:\n  - name: redis-copy\n    image: "
                                "$APP_IMAGE_REPO/secure-doc-management-redis:1\n"));
}

void TestAnalysisLean::folders()
{
    QTest::addColumn<QString>("dir");
    const QStringList dirs = projectFolders(m_generated);
    QVERIFY(dirs.size() > 10);
    for (const QString &d : dirs)
        QTest::newRow(qPrintable(QDir(d).dirName())) << d;
}

void TestAnalysisLean::parallelLoadIsTheSerialLoad_data()
{
    folders();
}

void TestAnalysisLean::parallelLoadIsTheSerialLoad()
{
    QFETCH(QString, dir);
    const auto serial = models::ManifestProject::loadFolder(dir);
    const auto parallel = models::ManifestProject::loadFolder(dir, engine::parallelForOn(&m_pool));
    QVERIFY2(serial.ok(), qPrintable(dir));
    QVERIFY(parallel.ok());
    QCOMPARE(parallel->rootDir(), serial->rootDir());
    QCOMPARE(parallel->folder(), serial->folder());
    QCOMPARE(parallel->files().size(), serial->files().size());
    for (qsizetype i = 0; i < serial->files().size(); ++i) {
        const models::ManifestFile &s = serial->files().at(i);
        const models::ManifestFile &p = parallel->files().at(i);
        QCOMPARE(p.path, s.path);
        QCOMPARE(p.kind, s.kind);
        QCOMPARE(p.document.text(), s.document.text());
        QCOMPARE(p.document.isValid(), s.document.isValid());
        QCOMPARE(bool(p.service), bool(s.service));
        QCOMPARE(bool(p.mesh), bool(s.mesh));
        QCOMPARE(bool(p.session), bool(s.session));
        QCOMPARE(parallel->file(s.path), &p);  // the path index is built
    }
}

void TestAnalysisLean::parallelLoadFailsOnTheFirstBadFile()
{
    // Files that cannot be read (links to a device are no regular files) among good ones: the
    // load fails on the first of them in scan order, with or without threads.
    const QString dir = m_tmp.filePath(QStringLiteral("bad"));
    QVERIFY(test::copyTree(m_generated, dir));
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir + QStringLiteral("/svc-3/zz.yaml")));
    QVERIFY(QFile::link(QStringLiteral("/dev/zero"), dir + QStringLiteral("/svc-1/zz.yaml")));
    const auto serial = models::ManifestProject::loadFolder(dir);
    const auto parallel = models::ManifestProject::loadFolder(dir, engine::parallelForOn(&m_pool));
    QVERIFY(!serial.ok());
    QVERIFY(!parallel.ok());
    QVERIFY2(serial.error().toString().contains(QLatin1String("svc-1/zz.yaml")), qPrintable(serial.error().toString()));
    QCOMPARE(parallel.error().toString(), serial.error().toString());
}

void TestAnalysisLean::leanAnalysisFindsTheSame_data()
{
    folders();
}

void TestAnalysisLean::leanAnalysisFindsTheSame()
{
    QFETCH(QString, dir);
    auto whole = engine::analysisInputFromFolder(dir);
    auto lean = engine::analysisInputFromFolder(dir, {}, &m_pool);
    QVERIFY(whole.ok());
    QVERIFY(lean.ok());
    lean->buildSecretIndex = false;
    lean->writeTexts = false;
    const engine::AnalysisSnapshot w = engine::analyzeProject(std::move(whole).value());
    const engine::AnalysisSnapshot l = engine::analyzeProject(std::move(lean).value(), &m_pool);

    QCOMPARE(l.diagnostics, w.diagnostics);
    QCOMPARE(l.counts, w.counts);
    QCOMPARE(l.countsByFile, w.countsByFile);
    QCOMPARE(l.secretSpecsIssuable, w.secretSpecsIssuable);
    QCOMPARE(l.secretSpecs.specs.size(), w.secretSpecs.specs.size());
    QCOMPARE(l.policies.sessions.size(), w.policies.sessions.size());
    QCOMPARE(l.policies.upload.diagnostics, w.policies.upload.diagnostics);
    // What was skipped is really not made (and the whole run made it).
    QVERIFY(l.policies.sessionYaml.isEmpty());
    QVERIFY(l.secrets.sites().isEmpty());
    QCOMPARE(w.policies.sessionYaml.size(), w.policies.sessions.size());
}

void TestAnalysisLean::parallelGenerationIsTheSerialOne_data()
{
    folders();
    QTest::newRow("one manifest, two services") << m_shared;
}

void TestAnalysisLean::parallelGenerationIsTheSerialOne()
{
    // The services' sessions made on four threads: the same sessions, texts and findings, in
    // the same order, as made one after the other.
    QFETCH(QString, dir);
    const auto input = engine::analysisInputFromFolder(dir);
    QVERIFY(input.ok());
    models::policy::PolicyGenerationOptions serial;
    serial.settings = input->settings.values;
    models::policy::PolicyGenerationOptions parallel = serial;
    parallel.parallelFor = engine::parallelForOn(&m_pool);
    const models::policy::PolicyPreview s = models::policy::generatePolicies(input->base, serial);
    const models::policy::PolicyPreview p = models::policy::generatePolicies(input->base, parallel);
    QCOMPARE(p.diagnostics, s.diagnostics);
    QCOMPARE(p.sessions.size(), s.sessions.size());
    QCOMPARE(p.sessionYaml.size(), s.sessionYaml.size());
    for (qsizetype i = 0; i < s.sessionYaml.size(); ++i)
        QCOMPARE(p.sessionYaml.at(i).text, s.sessionYaml.at(i).text);
    QCOMPARE(p.upload.order, s.upload.order);

    // The certificate inputs made session by session on the threads are the serial ones too.
    const models::certs::SessionSecretSpecs serialSpecs = models::certs::secretSpecsFromSessions(s.sessions);
    const models::certs::SessionSecretSpecs parallelSpecs =
        models::certs::secretSpecsFromSessions(s.sessions, engine::parallelForOn(&m_pool));
    QCOMPARE(parallelSpecs.notes, serialSpecs.notes);
    QCOMPARE(parallelSpecs.specs.size(), serialSpecs.specs.size());
    for (qsizetype i = 0; i < serialSpecs.specs.size(); ++i) {
        const models::certs::SecretSpec &a = parallelSpecs.specs.at(i), &b = serialSpecs.specs.at(i);
        QCOMPARE(a.ref(), b.ref());
        QCOMPARE(a.importFrom, b.importFrom);
        QCOMPARE(a.kind, b.kind);
        QCOMPARE(a.dns, b.dns);
        QCOMPARE(a.dialedNames, b.dialedNames);
        QCOMPARE(a.sourceLine, b.sourceLine);
    }
    QCOMPARE(models::certs::checkSecretSpecs(serialSpecs.specs, engine::parallelForOn(&m_pool)),
             models::certs::checkSecretSpecs(serialSpecs.specs));
    if (dir == m_generated) {
        // Every server certificate of the generated mesh is dialled by the next services.
        QVERIFY(std::any_of(serialSpecs.specs.cbegin(), serialSpecs.specs.cend(),
                            [](const models::certs::SecretSpec &spec) { return !spec.dialedNames.isEmpty(); }));
    }
    if (dir == m_shared) {
        int unset = 0, unknown = 0;
        for (const models::Diagnostic &d : s.diagnostics) {
            unset += d.message.contains(QLatin1String("$NOT_SET_ANYWHERE")) ? 1 : 0;
            unknown += d.message.contains(QLatin1String("{{not_in_the_mesh}}")) ? 1 : 0;
        }
        QCOMPARE(unset, 1);    // the same line, whichever service reads it
        QCOMPARE(unknown, 2);  // once for each service it cannot be resolved for
    }
}

QTEST_GUILESS_MAIN(TestAnalysisLean)
#include "tst_analysis_lean.moc"
