// SPDX-License-Identifier: Apache-2.0
// The one analysis chain of a project session: every stage's findings in one list (settings,
// validation, policies, certificate structure), one parse and one validation per change, no
// stale result after a newer generation or another project, the certificate preview only
// when wanted, and the command line's analysis equal to the session's.
#include "analysis/projectanalysis.h"
#include "analysis/projectanalyzer.h"
#include "jobs/concurrentjob.h"
#include "jobs/jobrunner.h"
#include "keychain/keychain.h"
#include "manifest/yamldocument.h"
#include "policy/projectsettings.h"
#include "project/projectworkspace.h"
#include "projectgenerator.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "sessionsupport.h"
#include "testjobs.h"
#include "testsupport.h"
#include "validation/projectvalidator.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace workbench;
using workbench::models::Diagnostic;
using workbench::test::readFile;
using workbench::test::writeFile;

namespace {

bool hasCode(const models::Diagnostics &list, const QString &code, Diagnostic::Severity severity)
{
    for (const Diagnostic &d : list)
        if (d.code == code && d.severity == severity)
            return true;
    return false;
}

}  // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void oneChangeCostsOneParseAndOneValidation();
    void everyStageInOneList();
    void commandLineReadsTheSameAnalysis();
    void newerGenerationWins();
    void noStaleResultAfterAProjectSwitch();
    void certificatePreviewOnlyWhenWanted();
    void projectErrorsStopThePreview();
    void sessionOwnsTheJobRunnerAndTheKeychain();
    void bigProjectShowsTheEditedFileFirst();

private:
    bool waitIdle() { return test::waitUntilAnalysed(*m_session); }
    QString copyExample(const QString &name) { return test::copyProject(test::exampleDir(), m_dir->filePath(name)); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::ProjectSession> m_session;
};

void TestAnalysis::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir->filePath(QStringLiteral("recovery")));
}

void TestAnalysis::cleanup()
{
    m_session.reset();
    m_dir.reset();
}

void TestAnalysis::oneChangeCostsOneParseAndOneValidation()
{
    const QString project = copyExample(QStringLiteral("p"));
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    QCOMPARE(analysis->snapshot()->project.files().size(), 3);
    const auto before = analysis->counters();
    const quint64 parses = models::YamlDocument::parseCount();
    const quint64 validations = models::ProjectValidator::runCount();

    const QString flask = QDir(project).filePath(QStringLiteral("flask-api/service.yaml"));
    const QByteArray text = m_session->workspace()->text(flask) + "# typed\n";
    m_session->workspace()->setDocumentText(flask, text);
    QVERIFY(waitIdle());
    QCOMPARE(analysis->snapshot()->project.file(flask)->document.text(), text);
    const auto after = analysis->counters();
    QCOMPARE(after.parsedFiles - before.parsedFiles, quint64(1));
    QCOMPARE(after.validations - before.validations, quint64(1));
    // Nothing else in the process parsed or validated (the policies reuse the parse, the
    // validation is not repeated by the policy generator).
    QCOMPARE(models::YamlDocument::parseCount() - parses, quint64(1));
    QCOMPARE(models::ProjectValidator::runCount() - validations, quint64(1));

    // A settings change parses no manifest again.
    const quint64 parsedBefore = analysis->counters().parsedFiles;
    QVERIFY(m_session->settings()->setValue(QStringLiteral("KUBE_CONTEXT"), QStringLiteral("ctx")).ok());
    QVERIFY(waitIdle());
    QCOMPARE(analysis->counters().parsedFiles, parsedBefore);
    QCOMPARE(analysis->snapshot()->settings.values.kubeContext, QStringLiteral("ctx"));
}

void TestAnalysis::everyStageInOneList()
{
    const QString project = copyExample(QStringLiteral("p"));
    const QString settings = models::policy::settingsFilePath(project);
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    engine::AnalysisSnapshotPtr s = m_session->analysis()->snapshot();
    // The example as shipped: placeholders are warnings, and nothing stops render or certs.
    QCOMPARE(s->counts.errors, 0);
    QVERIFY(hasCode(s->diagnostics, QStringLiteral("settings.placeholder"), Diagnostic::Severity::Warning));
    QVERIFY(s->hasPolicies());
    QVERIFY(s->secretSpecsIssuable);
    QCOMPARE(s->policies.diagnostics, s->diagnostics);

    // An invalid APP_NAMESPACE in the settings: the error render stops on, in the one list.
    QVERIFY(m_session->settings()->setValue(QStringLiteral("APP_NAMESPACE"), QStringLiteral("Not valid!")).ok());
    QVERIFY(waitIdle());
    s = m_session->analysis()->snapshot();
    QVERIFY(hasCode(s->diagnostics, QStringLiteral("policy.name.invalid"), Diagnostic::Severity::Error));
    QCOMPARE(s->counts, engine::DiagnosticCounts::of(s->diagnostics));
    QVERIFY(m_session->settings()->undo().ok());

    // A settings file that does not parse: an error at its line, the defaults in effect.
    m_session->settings()->document()->replaceBuffer("release: [unclosed\n");
    QVERIFY(waitIdle());
    s = m_session->analysis()->snapshot();
    bool syntax = false;
    for (const Diagnostic &d : s->diagnostics)
        syntax = syntax || (d.file == settings && d.code == QLatin1String("settings.syntax") &&
                            d.severity == Diagnostic::Severity::Error);
    QVERIFY(syntax);
    QVERIFY(m_session->settings()->undo().ok());

    // A CA naming itself as its issuer: only issuing would meet it, and it is a validation error.
    const QString redis = QDir(project).filePath(QStringLiteral("redis/service.yaml"));
    QByteArray text = m_session->workspace()->text(redis);
    text.replace("      kind: x509-ca\n      private_key: redis_ca_key\n",
                 "      kind: x509-ca\n      private_key: redis_ca_key\n      issuer: redis_ca_cert\n");
    m_session->workspace()->setDocumentText(redis, text);
    QVERIFY(waitIdle());
    s = m_session->analysis()->snapshot();
    QCOMPARE(s->counts.errors, 1);
    QVERIFY(hasCode(s->diagnostics, QStringLiteral("certs.cycle"), Diagnostic::Severity::Error));
    QVERIFY(!s->secretSpecsIssuable);
    QCOMPARE(s->countsByFile.value(redis).first, 1);
}

void TestAnalysis::commandLineReadsTheSameAnalysis()
{
    const QString project = copyExample(QStringLiteral("p"));
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    auto input = engine::analysisInputFromFolder(project);
    QVERIFY(input.ok());
    const engine::AnalysisSnapshot cli = engine::analyzeProject(std::move(input).value());
    const engine::AnalysisSnapshotPtr gui = m_session->analysis()->snapshot();
    // The same findings; only the fix of an unset $VAR is worded for where the user reads it
    // (`--set NAME=VALUE` on the command line, the Deployment settings in the window).
    auto neutral = [](models::Diagnostics list) {
        for (Diagnostic &d : list)
            if (d.code == QLatin1String("policy.variable.unresolved") &&
                d.message.contains(QLatin1String(" is not set: ")))
                d.message = d.message.section(QStringLiteral(" is not set: "), 0, 0) + QStringLiteral(" is not set");
        return list;
    };
    QCOMPARE(neutral(cli.diagnostics), neutral(gui->diagnostics));
    QCOMPARE(cli.counts, gui->counts);
    QCOMPARE(cli.settings, gui->settings);
    QCOMPARE(cli.policies.sessionYaml.size(), gui->policies.sessionYaml.size());
    for (int i = 0; i < cli.policies.sessionYaml.size(); ++i)
        QCOMPARE(cli.policies.sessionYaml.at(i).text, gui->policies.sessionYaml.at(i).text);
}

void TestAnalysis::newerGenerationWins()
{
    const QString project = copyExample(QStringLiteral("p"));
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    const QString mesh = QDir(project).filePath(QStringLiteral("mesh.yaml"));
    const QByteArray original = m_session->workspace()->text(mesh);
    // A run starts on a worker with the first edit...
    m_session->workspace()->setDocumentText(mesh, original + "# first\n");
    QTRY_VERIFY(analysis->isBusy());
    QCoreApplication::processEvents();  // the run is in flight now
    // ... a newer state is analysed here meanwhile; the older run's result must not replace it.
    m_session->workspace()->setDocumentText(mesh, original + "# second\n");
    analysis->analyzeNow();
    const quint64 generation = analysis->snapshot()->generation;
    QCOMPARE(analysis->snapshot()->project.file(mesh)->document.text(), original + "# second\n");
    QList<QPair<quint64, QByteArray>> published;
    QObject context;
    connect(analysis, &engine::ProjectAnalysis::snapshotChanged, &context, [&] {
        published.append({analysis->snapshot()->generation, analysis->snapshot()->project.file(mesh)->document.text()});
    });
    const quint64 runs = analysis->counters().runs;
    QVERIFY(waitIdle());
    QVERIFY(analysis->counters().runs > runs);               // the older run did end...
    QCOMPARE(analysis->snapshot()->generation, generation);  // ... and was not applied
    QCOMPARE(analysis->snapshot()->project.file(mesh)->document.text(), original + "# second\n");
    QVERIFY(published.isEmpty());
}

void TestAnalysis::noStaleResultAfterAProjectSwitch()
{
    const QString first = copyExample(QStringLiteral("first"));
    const QString second = QFileInfo(m_dir->filePath(QStringLiteral("second"))).absoluteFilePath();
    QVERIFY(test::copyTree(test::dataPath(QStringLiteral("projects/Ledger")), second));
    QVERIFY(m_session->open(first).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    const auto runs = analysis->counters().runs + analysis->counters().cancelledRuns;
    const QString mesh = QDir(first).filePath(QStringLiteral("mesh.yaml"));
    m_session->workspace()->setDocumentText(mesh, m_session->workspace()->text(mesh) + "# edit\n");
    QCoreApplication::processEvents();  // the first project's run is in flight
    QVERIFY(m_session->open(second).ok());
    QVERIFY(waitIdle());
    // The first project's run ended too (cancelled by the switch, or finished and dropped)...
    QVERIFY(analysis->counters().runs + analysis->counters().cancelledRuns >= runs + 2);
    const engine::AnalysisSnapshotPtr s = analysis->snapshot();
    QCOMPARE(s->projectDir, QFileInfo(second).canonicalFilePath());  // ... and was dropped
    for (const models::ManifestFile &f : s->project.files())
        QVERIFY2(f.path.startsWith(s->projectDir + QLatin1Char('/')), qPrintable(f.path));
    QCOMPARE(s->settings.values.release, QStringLiteral("ledger"));
    QCOMPARE(s->counts.errors, 0);
}

void TestAnalysis::certificatePreviewOnlyWhenWanted()
{
    const QString project = copyExample(QStringLiteral("p"));
    engine::ProjectAnalysis *analysis = m_session->analysis();
    analysis->setCertificatePreviewDelay(0);
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    QTest::qWait(50);
    QCOMPARE(analysis->counters().certificatePreviews, quint64(0));  // nobody looked: no key was made
    QVERIFY(!analysis->certificatePreview());

    QSignalSpy finished(analysis, &engine::ProjectAnalysis::certificatePreviewFinished);
    analysis->setCertificatePreviewWanted(true);
    QVERIFY(finished.wait(60000));
    const engine::CertificatePreviewPtr preview = analysis->certificatePreview();
    QVERIFY(preview);
    QVERIFY(!analysis->certificatePreviewError());
    QCOMPARE(preview->generation, analysis->snapshot()->generation);
    QCOMPARE(preview->checks.size(), 5);
    for (const auto &c : preview->checks)
        QVERIFY2(c.verified(), qPrintable(c.secret.toString()));
    // Not wanted any more: a new snapshot makes no new preview.
    analysis->setCertificatePreviewWanted(false);
    const auto previews = analysis->counters().certificatePreviews;
    QVERIFY(m_session->settings()->setValue(QStringLiteral("KUBE_CONTEXT"), QStringLiteral("x")).ok());
    QVERIFY(waitIdle());
    QTest::qWait(50);
    QCOMPARE(analysis->counters().certificatePreviews, previews);
}

void TestAnalysis::projectErrorsStopThePreview()
{
    const QString project = copyExample(QStringLiteral("p"));
    engine::ProjectAnalysis *analysis = m_session->analysis();
    analysis->setCertificatePreviewDelay(0);
    QVERIFY(m_session->open(project).ok());
    QVERIFY(m_session->settings()->setValue(QStringLiteral("RELEASE"), QStringLiteral("Not A Release")).ok());
    QVERIFY(waitIdle());
    QVERIFY(analysis->snapshot()->hasErrors());
    QSignalSpy finished(analysis, &engine::ProjectAnalysis::certificatePreviewFinished);
    analysis->setCertificatePreviewWanted(true);
    QVERIFY(finished.wait(60000));
    QVERIFY(!analysis->certificatePreview());
    QVERIFY(analysis->certificatePreviewError());
    QCOMPARE(analysis->certificatePreviewError()->code, QStringLiteral("certs.project"));
}

void TestAnalysis::sessionOwnsTheJobRunnerAndTheKeychain()
{
    // The runner long actions go to is the session's: it runs what is submitted, and work still
    // running when the session ends is cancelled and waited for (not left behind a closed window).
    engine::jobs::JobRunner *runner = m_session->jobs();
    QVERIFY(runner);
    QCOMPARE(m_session->keychain().service(), QStringLiteral("scone-workbench"));
    auto *done = runner->submit(std::make_unique<test::TimedJob>(QStringLiteral("short"), 0));
    QVERIFY(QTest::qWaitFor([done] { return done->isFinished(); }, 5000));
    QCOMPARE(done->state(), engine::jobs::JobState::Succeeded);

    auto started = std::make_shared<std::atomic<bool>>(false);
    auto sawCancel = std::make_shared<std::atomic<bool>>(false);
    runner->submit(std::make_unique<engine::jobs::ConcurrentJob<int>>(
        QStringLiteral("long"), [started, sawCancel](const engine::jobs::JobContext &ctx) -> Result<int> {
            started->store(true);
            while (!ctx.isCancelled())
                QThread::msleep(1);
            sawCancel->store(true);
            return Error::cancelled();
        }));
    QVERIFY(QTest::qWaitFor([started] { return started->load(); }, 5000));
    QVERIFY(!sawCancel->load());
    m_session.reset();
    QVERIFY(sawCancel->load());
}

void TestAnalysis::bigProjectShowsTheEditedFileFirst()
{
    // A project big enough for the fast lane: a typed change is first published provisionally
    // (the edited file's findings, exactly the validator's), then the whole run of the same
    // generation replaces it; one parse and one validation, as for any change.
    const QString project = m_dir->filePath(QStringLiteral("big"));
    QVERIFY(test::writeScaleProject(project, {engine::kProvisionalMinFiles + 20, 3, true}));
    QVERIFY(m_session->open(project).ok());
    QVERIFY(waitIdle());
    engine::ProjectAnalysis *analysis = m_session->analysis();
    QVERIFY(analysis->snapshot()->project.files().size() >= engine::kProvisionalMinFiles);
    QCOMPARE(analysis->snapshot()->counts.errors, 0);
    const QString file = QFileInfo(QDir(project).filePath(QStringLiteral("svc-60/service.yaml"))).canonicalFilePath();
    QVERIFY(analysis->snapshot()->project.file(file));

    struct Seen {
        quint64 generation;
        bool provisional;
        models::Diagnostics fileDiagnostics;
        int errors;
    };
    QList<Seen> seen;
    QObject context;
    connect(analysis, &engine::ProjectAnalysis::snapshotChanged, &context, [&] {
        const engine::AnalysisSnapshotPtr s = analysis->snapshot();
        seen.append({s->generation, s->provisional, s->diagnosticsOf(file), s->counts.errors});
    });
    const auto before = analysis->counters();
    const quint64 validations = models::ProjectValidator::runCount();
    QByteArray text = m_session->workspace()->text(file);
    QVERIFY(text.contains("    - svc_59_ca\n"));
    text.replace("    - svc_59_ca\n", "    - svc_59_cazz\n");  // an import nobody defines
    m_session->workspace()->setDocumentText(file, text);
    QVERIFY(waitIdle());

    QCOMPARE(seen.size(), 2);
    QVERIFY(seen[0].provisional);
    QVERIFY(!seen[1].provisional);
    QCOMPARE(seen[0].generation, seen[1].generation);
    QVERIFY(hasCode(seen[0].fileDiagnostics, QStringLiteral("secret.import-unresolved"), Diagnostic::Severity::Error));
    QCOMPARE(seen[0].fileDiagnostics, seen[1].fileDiagnostics);
    QCOMPARE(seen[0].errors, seen[1].errors);
    QVERIFY(!analysis->snapshot()->provisional);
    const auto after = analysis->counters();
    QCOMPARE(after.provisionalSnapshots - before.provisionalSnapshots, quint64(1));
    QCOMPARE(after.runs - before.runs, quint64(1));
    QCOMPARE(after.parsedFiles - before.parsedFiles, quint64(1));
    QCOMPARE(models::ProjectValidator::runCount() - validations, quint64(1));
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
