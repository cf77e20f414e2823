// SPDX-License-Identifier: Apache-2.0
// engine::deploy::DeployRun as the Build & Deploy area drives it (no command line): the step
// jobs it makes, the rows it keeps (services built, sessions uploaded) with their signals, the
// pipeline's Cancel (Job::cancel(), the button's path) stopping a tool that ignores SIGTERM
// together with its child, "retry from here" (makePipeline(step)) and the history record.
// External tools are the stand-ins (tests/tools/standin_tool.cpp).
#include "analysis/projectanalyzer.h"
#include "castestserver.h"
#include "deploy/casfetchjob.h"
#include "deploy/deploypipeline.h"
#include "jobs/jobhistory.h"
#include "kubetestserver.h"
#include "net/httpclient.h"
#include "net/httprequest.h"
#include "net/tlsconfig.h"
#include "policy/projectsettings.h"
#include "standins.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine::deploy;
namespace jobs = workbench::engine::jobs;

namespace {

struct World {
    QTemporaryDir dir;
    QString project;
    QString record;
    std::shared_ptr<DeployConfig> config;

    World()
    {
        project = dir.filePath(QStringLiteral("project"));
        test::copyTree(test::exampleDir(), project);
        record = dir.filePath(QStringLiteral("calls.jsonl"));
        const QString bin = dir.filePath(QStringLiteral("bin"));
        QDir().mkpath(bin);
        for (const QString &tool :
             {QStringLiteral("sconectl"), QStringLiteral("helm"), QStringLiteral("kubectl"), QStringLiteral("docker")})
            QFile::link(test::standinBinDir() + QLatin1Char('/') +
                            (tool == QLatin1String("docker") ? QStringLiteral("sconectl") : tool),
                        bin + QLatin1Char('/') + tool);
        QTest::qWait(0);
        // The project as the command line and the window see it: the one analysis.
        Result<engine::AnalysisInput> input = engine::analysisInputFromFolder(
            project, {{QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("registry.example.com/me")},
                      {QStringLiteral("CAS_KEY"), QStringLiteral("casKeyHash")},
                      {QStringLiteral("CAS_SESSION_ENCRYPTION_KEY"), QString(64, QLatin1Char('0'))},
                      {QStringLiteral("RELEASE"), QStringLiteral("shop")}});
        if (!input.ok())
            qFatal("%s", qPrintable(input.error().toString()));
        const engine::AnalysisSnapshot analysis = engine::analyzeProject(std::move(input).value());

        config = std::make_shared<DeployConfig>();
        config->project = std::make_shared<const DeployProject>(DeployProject::fromAnalysis(analysis));
        config->environment = {{QStringLiteral("PATH"), bin},
                               {QStringLiteral("HOME"), dir.filePath(QStringLiteral("home"))},
                               {QStringLiteral("STANDIN_RECORD"), record}};
        config->homeDir = dir.filePath(QStringLiteral("home"));
        config->workDir = dir.filePath(QStringLiteral("work"));
        config->kube.kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        config->kube.waitSeconds = 1;
        test::writeFile(config->kube.kubeconfig,
                        "apiVersion: v1\nkind: Config\n"
                        "clusters: [{name: c, cluster: {server: \"https://127.0.0.1:1\"}}]\n"
                        "users: [{name: u, user: {token: t}}]\n"
                        "contexts: [{name: x, context: {cluster: c, user: u, namespace: apps}}]\n"
                        "current-context: x\n");
    }

    QList<test::StandinCall> calls(const QString &tool, const QString &first) const
    {
        QList<test::StandinCall> out;
        for (const test::StandinCall &c : test::readStandinCalls(record))
            if (c.tool == tool && c.arguments().value(0) == first)
                out << c;
        return out;
    }
};

bool runToEnd(jobs::Job &job, int timeoutMs = 60000)
{
    job.start();
    return QTest::qWaitFor([&] { return job.isFinished(); }, timeoutMs);
}

QStringList stepStates(const jobs::PipelineJob &pipeline)
{
    QStringList s;
    for (const jobs::StepRecord &step : pipeline.steps())
        s << step.name + QLatin1Char('=') + jobs::stepStateName(step.state);
    return s;
}

}  // namespace

class TestDeployRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildStepRows()
    {
        World w;
        DeployRun run(w.config, {});
        QSignalSpy created(&run, &DeployRun::stepJobCreated);
        QSignalSpy reset(&run, &DeployRun::servicesReset);
        QSignalSpy changed(&run, &DeployRun::serviceChanged);
        std::unique_ptr<jobs::Job> job = run.makeStep(DeployStep::Build);
        QCOMPARE(created.size(), 1);
        QCOMPARE(created.first().at(0).value<DeployStep>(), DeployStep::Build);
        QVERIFY(runToEnd(*job));
        QVERIFY2(job->state() == jobs::JobState::Succeeded,
                 qPrintable(job->error() ? job->error()->toString() : QString()));
        QVERIFY(reset.size() >= 2);    // cleared, then planned
        QVERIFY(changed.size() >= 4);  // building and built, per service
        QCOMPARE(run.services().size(), 2);
        for (const ServiceBuild &s : run.services()) {
            QCOMPARE(s.state, ServiceBuild::State::Built);
            QCOMPARE(s.builder, QStringLiteral("sconectl"));
            QVERIFY(s.digest.startsWith(QStringLiteral("sha256:")));
            QCOMPARE(s.reference(), s.image.section(QLatin1Char(':'), 0, -2) + QLatin1Char('@') + s.digest);
            QVERIFY(s.elapsedMs >= 0 && s.startedMs > 0);
        }
    }

    void cancelStopsTheToolTree()
    {
        World w;
        w.config->environment.insert(QStringLiteral("STANDIN_SCONECTL_APPLY_MODE"), QStringLiteral("ignore-term"));
        w.config->environment.insert(QStringLiteral("STANDIN_SPAWN_CHILD"), QStringLiteral("1"));
        DeployRun run(w.config, {});
        std::unique_ptr<jobs::PipelineJob> pipeline = run.makePipeline();
        pipeline->start();
        QList<test::StandinCall> calls;
        QVERIFY(QTest::qWaitFor(
            [&] {
                calls = w.calls(QStringLiteral("sconectl"), QStringLiteral("apply"));
                return !calls.isEmpty() && calls.first().childPid > 0;
            },
            60000));
        QVERIFY(test::processAlive(calls.first().pid) && test::processAlive(calls.first().childPid));
        pipeline->cancel();
        QVERIFY(QTest::qWaitFor([&] { return pipeline->isFinished(); }, 30000));
        QCOMPARE(pipeline->state(), jobs::JobState::Cancelled);
        // Gone when the pipeline says it ended.
        QVERIFY(!test::processAlive(calls.first().pid));
        QVERIFY(!test::processAlive(calls.first().childPid));
        QCOMPARE(stepStates(*pipeline),
                 (QStringList{QStringLiteral("doctor=succeeded"), QStringLiteral("build=cancelled"),
                              QStringLiteral("upload=pending"), QStringLiteral("deploy=pending")}));
        QCOMPARE(run.services().first().state, ServiceBuild::State::Cancelled);
        QVERIFY(run.doctorReport().has_value());
        QVERIFY(run.doctorReport()->ok());
    }

    void directUploadRowsAndCancel()
    {
        World w;
        test::CasTestServer cas;
        QVERIFY2(cas.start({QStringLiteral("--delay-ms"), QStringLiteral("300")}), qPrintable(cas.error()));
        w.config->upload.route = UploadRoute::Direct;
        w.config->upload.casUrl = cas.url();
        w.config->upload.casCaFile = cas.caFile();
        w.config->upload.identityFile = cas.identityFile();
        engine::net::HttpClient http;
        DeployRun run(w.config, {&http, nullptr});

        // First upload: every session created, in upload order, with the CAS's hash.
        std::unique_ptr<jobs::Job> job = run.makeStep(DeployStep::Upload);
        QVERIFY(runToEnd(*job));
        QVERIFY2(job->state() == jobs::JobState::Succeeded,
                 qPrintable(job->error() ? job->error()->toString() : QString()));
        QCOMPARE(run.sessions().size(), w.config->project->preview.upload.order.size());
        for (int i = 0; i < run.sessions().size(); ++i) {
            const SessionUpload &s = run.sessions().at(i);
            QCOMPARE(s.session, w.config->project->preview.upload.order.at(i));
            QCOMPARE(s.state, SessionUpload::State::Created);
            QCOMPARE(s.hash.size(), 64);
            QVERIFY(s.predecessor.isEmpty());
        }
        const QList<SessionUpload> created = run.sessions();

        // Second upload: updated, each with the first hash as predecessor.
        job = run.makeStep(DeployStep::Upload);
        QVERIFY(runToEnd(*job));
        QCOMPARE(job->state(), jobs::JobState::Succeeded);
        for (int i = 0; i < run.sessions().size(); ++i) {
            QCOMPARE(run.sessions().at(i).state, SessionUpload::State::Updated);
            QCOMPARE(run.sessions().at(i).predecessor, created.at(i).hash);
            QVERIFY(!run.sessions().at(i).changedElsewhere);
        }

        // Cancel while a request is in flight (the server answers after 300 ms): the step ends
        // Cancelled without waiting for the answer, and nothing after it is sent.
        job = run.makeStep(DeployStep::Upload);
        job->start();
        const int before = int(cas.requests().size());
        QVERIFY(QTest::qWaitFor([&] { return int(cas.requests().size()) > before; }, 30000));
        QElapsedTimer clock;
        clock.start();
        job->cancel();
        QVERIFY(QTest::qWaitFor([&] { return job->isFinished(); }, 30000));
        const qint64 cancelMs = clock.elapsed();
        QCOMPARE(job->state(), jobs::JobState::Cancelled);
        QTest::qWait(700);  // longer than the server's delay: a request sent after the cancel would be here
        QCOMPARE(int(cas.requests().size()), before + 1);
        qInfo("cancel of a direct upload ended the step after %lld ms", cancelMs);
    }

    void compareWithCasFetchesWithoutWriting()
    {
        World w;
        test::CasTestServer cas;
        QVERIFY2(cas.start(), qPrintable(cas.error()));
        w.config->upload.route = UploadRoute::Direct;
        w.config->upload.casUrl = cas.url();
        w.config->upload.casCaFile = cas.caFile();
        w.config->upload.identityFile = cas.identityFile();
        engine::net::HttpClient http;
        const QStringList order = w.config->project->preview.upload.order;
        QVERIFY(order.size() >= 3);

        // Nothing uploaded yet: every session is "not on the CAS", read with GETs only, and the
        // project is not touched (no upload record, no reference).
        const QByteArray before = test::treeDigest(w.project);
        CasFetchJob empty(w.config, {&http, nullptr});
        QVERIFY(runToEnd(empty));
        QVERIFY2(empty.state() == jobs::JobState::Succeeded,
                 qPrintable(empty.error() ? empty.error()->toString() : QString()));
        QCOMPARE(empty.sessions().size(), order.size());
        for (int i = 0; i < order.size(); ++i) {
            QCOMPARE(empty.sessions().at(i).session, order.at(i));
            QVERIFY(!empty.sessions().at(i).state);
            QVERIFY(!empty.sessions().at(i).error);
        }
        for (const QJsonObject &r : cas.requests())
            QCOMPARE(r.value(QLatin1String("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(test::treeDigest(w.project), before);

        // After an upload: each session's text as uploaded, with the hash the upload recorded.
        DeployRun run(w.config, {&http, nullptr});
        std::unique_ptr<jobs::Job> upload = run.makeStep(DeployStep::Upload);
        QVERIFY(runToEnd(*upload));
        QCOMPARE(upload->state(), jobs::JobState::Succeeded);
        CasFetchJob fetch(w.config, {&http, nullptr});
        QVERIFY(runToEnd(fetch));
        QCOMPARE(fetch.state(), jobs::JobState::Succeeded);
        QCOMPARE(fetch.sessions().size(), order.size());
        for (int i = 0; i < order.size(); ++i) {
            const FetchedSession &f = fetch.sessions().at(i);
            QVERIFY2(f.state, qPrintable(f.session));
            QCOMPARE(f.state->hash, run.sessions().at(i).hash);
            const auto generated =
                std::find_if(w.config->project->preview.sessions.cbegin(), w.config->project->preview.sessions.cend(),
                             [&](const models::policy::CasSession &s) { return s.name == f.session; });
            QVERIFY(generated != w.config->project->preview.sessions.cend());
            QVERIFY2(f.state->session.contains(QStringLiteral("name: ") + f.session), qPrintable(f.state->session));
        }
        QVERIFY(fetch.log().toText(1 << 20).contains(QStringLiteral("trusting only the CA")));

        // A CAS whose certificate does not lead to the pinned CA: refused, no request reaches it.
        const int requestsBefore = int(cas.requests().size());
        auto wrongPin = std::make_shared<DeployConfig>(*w.config);
        wrongPin->upload.casCaFile = cas.otherCaFile();
        CasFetchJob untrusted(wrongPin, {&http, nullptr});
        QVERIFY(runToEnd(untrusted));
        QCOMPARE(untrusted.state(), jobs::JobState::Failed);
        QVERIFY2(untrusted.error()->message.contains(QStringLiteral("is not trusted")),
                 qPrintable(untrusted.error()->toString()));
        QCOMPARE(int(cas.requests().size()), requestsBefore);

        // No address: a clear error before anything is resolved.
        auto noUrl = std::make_shared<DeployConfig>(*w.config);
        noUrl->upload.casUrl.clear();
        CasFetchJob nowhere(noUrl, {&http, nullptr});
        QVERIFY(runToEnd(nowhere));
        QCOMPARE(nowhere.state(), jobs::JobState::Failed);
        QCOMPARE(nowhere.error()->code, QStringLiteral("upload.cas-url"));
    }

    void directUploadConflictIsRetriedWithTheNewHash()
    {
        World w;
        test::CasTestServer cas;
        // Each answer is computed when the request arrives and sent 800 ms later: the test
        // updates the first session on the CAS between the job's GET and its POST.
        QVERIFY2(cas.start({QStringLiteral("--delay-ms"), QStringLiteral("800")}), qPrintable(cas.error()));
        w.config->upload.route = UploadRoute::Direct;
        w.config->upload.casUrl = cas.url();
        w.config->upload.casCaFile = cas.caFile();
        w.config->upload.identityFile = cas.identityFile();
        engine::net::HttpClient http;
        DeployRun run(w.config, {&http, nullptr});
        std::unique_ptr<jobs::Job> job = run.makeStep(DeployStep::Upload);
        QVERIFY(runToEnd(*job));
        QCOMPARE(job->state(), jobs::JobState::Succeeded);
        const SessionUpload first = run.sessions().first();
        QCOMPARE(first.state, SessionUpload::State::Created);

        // Someone else updating the first session on the CAS (same identity, another client).
        const auto tls = std::make_shared<engine::net::TlsConfig>();
        tls->caPem = test::readFile(cas.caFile());
        tls->clientCertPem = test::readFile(cas.clientCertFile());
        const QByteArray key = test::readFile(cas.clientKeyFile());
        tls->clientKeyPem =
            std::make_shared<const models::certs::SecretBytes>(key.constData(), std::size_t(key.size()));
        int edits = 0;
        const auto otherUpdate = [&](const QString &predecessor) -> QString {
            engine::net::HttpRequest update("POST", QUrl(cas.url() + QStringLiteral("/session")));
            update.tls = tls;
            update.body = "name: " + first.session.toUtf8() + "\npredecessor: " + predecessor.toUtf8() +
                          "\n# someone else's edit " + QByteArray::number(++edits) + "\n";
            std::optional<Result<engine::net::HttpResponse>> answer;
            http.send(std::move(update), this, [&](const Result<engine::net::HttpResponse> &r) { answer = r; });
            if (!QTest::qWaitFor([&] { return answer.has_value(); }, 30000) || !answer->ok() ||
                answer->value().head.status != 201)
                return {};
            return QJsonDocument::fromJson(answer->value().body).object().value(QStringLiteral("hash")).toString();
        };
        const QString sessionPath = QStringLiteral("/v1/sessions/") + first.session;
        const QRegularExpression nameLine(QStringLiteral("^name: ") + QRegularExpression::escape(first.session) +
                                              QStringLiteral("\\s*$"),
                                          QRegularExpression::MultilineOption);
        // The job's requests about the first session since @p from (the other client's edits left out).
        const auto jobRequests = [&](int from) {
            QList<QJsonObject> mine;
            const QList<QJsonObject> all = cas.requests();
            for (int i = from; i < all.size(); ++i) {
                const QJsonObject &r = all.at(i);
                const QString body = r.value(QStringLiteral("body")).toString();
                if (body.contains(QStringLiteral("someone else")))
                    continue;
                if (r.value(QStringLiteral("path")).toString() == sessionPath || nameLine.match(body).hasMatch())
                    mine << r;
            }
            return mine;
        };
        const auto methods = [](const QList<QJsonObject> &requests) {
            QStringList m;
            for (const QJsonObject &r : requests)
                m << r.value(QStringLiteral("method")).toString();
            return m;
        };

        // 1. One update between the job's GET and POST: the POST with the stale predecessor gets
        //    the conflict; the job reads the hash again and updates on top of the other edit.
        int before = int(cas.requests().size());
        job = run.makeStep(DeployStep::Upload);
        job->start();
        QVERIFY(QTest::qWaitFor([&] { return jobRequests(before).size() >= 1; }, 30000));
        const QString otherHash = otherUpdate(first.hash);
        QVERIFY(!otherHash.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return job->isFinished(); }, 60000));
        QVERIFY2(job->state() == jobs::JobState::Succeeded,
                 qPrintable(job->error() ? job->error()->toString() : QString()));
        QList<QJsonObject> mine = jobRequests(before);
        QCOMPARE(methods(mine), (QStringList{QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("GET"),
                                             QStringLiteral("POST")}));
        QVERIFY(mine.at(1).value(QStringLiteral("body")).toString().contains(first.hash));  // stale: 409
        QVERIFY(mine.at(3).value(QStringLiteral("body")).toString().contains(otherHash));
        const SessionUpload updated = run.sessions().first();
        QCOMPARE(updated.state, SessionUpload::State::Updated);
        QCOMPARE(updated.predecessor, otherHash);
        QVERIFY(job->log().toText(1 << 20).contains(QStringLiteral("changed on the CAS while uploading")));

        // 2. The other side updates again before the retry too: the job stops with the conflict,
        //    saying which session, and uploads nothing after it.
        before = int(cas.requests().size());
        job = run.makeStep(DeployStep::Upload);
        job->start();
        QVERIFY(QTest::qWaitFor([&] { return jobRequests(before).size() >= 1; }, 30000));
        const QString second = otherUpdate(updated.hash);
        QVERIFY(!second.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return jobRequests(before).size() >= 3; }, 30000));  // GET, POST, GET
        QVERIFY(!otherUpdate(second).isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return job->isFinished(); }, 60000));
        QCOMPARE(job->state(), jobs::JobState::Failed);
        QCOMPARE(job->error()->code, QStringLiteral("upload.conflict"));
        QVERIFY2(job->error()->message.startsWith(first.session + QStringLiteral(": ")),
                 qPrintable(job->error()->message));
        QCOMPARE(methods(jobRequests(before)), (QStringList{QStringLiteral("GET"), QStringLiteral("POST"),
                                                            QStringLiteral("GET"), QStringLiteral("POST")}));
        QCOMPARE(run.sessions().first().state, SessionUpload::State::Failed);
        for (int i = 1; i < run.sessions().size(); ++i)
            QCOMPARE(run.sessions().at(i).state, SessionUpload::State::Pending);
    }

    void retryFromUploadAndHistory()
    {
        World w;
        // The deploy step talks to the (loopback) Kubernetes API server.
        test::KubeTestServer kube;
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        QVERIFY(kube.writeKubeconfig(w.config->kube.kubeconfig, test::KubeTestServer::Auth::Token));
        engine::net::HttpClient http;
        DeployRun run(w.config, {&http, nullptr});
        QSignalSpy sessions(&run, &DeployRun::sessionsReset);
        std::unique_ptr<jobs::PipelineJob> pipeline = run.makePipeline(DeployStep::Upload);
        QVERIFY(runToEnd(*pipeline));
        // Doctor and build skipped; the upload ran; the deploy failed: no pod of the release.
        QCOMPARE(stepStates(*pipeline),
                 (QStringList{QStringLiteral("doctor=skipped"), QStringLiteral("build=skipped"),
                              QStringLiteral("upload=succeeded"), QStringLiteral("deploy=failed")}));
        QVERIFY(w.calls(QStringLiteral("sconectl"), QStringLiteral("--help")).isEmpty());
        QCOMPARE(w.calls(QStringLiteral("sconectl"), QStringLiteral("apply")).size(), 1);
        QCOMPARE(w.calls(QStringLiteral("helm"), QStringLiteral("upgrade")).size(), 1);
        QCOMPARE(pipeline->state(), jobs::JobState::Failed);
        QCOMPARE(pipeline->error()->code, QStringLiteral("deploy.timeout"));
        QCOMPARE(pipeline->error()->context.step, QStringLiteral("deploy"));
        QVERIFY(pipeline->error()->message.contains(QStringLiteral("no pod of release shop appeared in default")));
        QVERIFY(sessions.size() >= 2);
        QVERIFY(run.sessions().size() >= 3);
        for (const SessionUpload &s : run.sessions())
            QCOMPARE(s.state, SessionUpload::State::Uploaded);
        QVERIFY(run.pods().isEmpty());

        // The history keeps the run with its steps and their timings.
        QTemporaryDir historyDir;
        jobs::JobHistory history(w.project, historyDir.path());
        QVERIFY(history.record(*pipeline).ok());
        const Result<QList<jobs::RunRecord>> runs = history.runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), 1);
        const jobs::RunRecord &record = runs->first();
        QCOMPARE(record.state, jobs::JobState::Failed);
        QCOMPARE(record.steps.size(), 4);
        QCOMPARE(record.steps.at(2).state, jobs::StepState::Succeeded);
        QVERIFY(record.steps.at(2).startedAt.isValid() && record.steps.at(2).finishedAt.isValid());
        QVERIFY(record.log.contains(QStringLiteral("helm upgrade --install shop")));
    }
};

QTEST_GUILESS_MAIN(TestDeployRun)
#include "tst_deploy_run.moc"
