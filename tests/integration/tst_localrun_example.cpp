// SPDX-License-Identifier: Apache-2.0
// The bundled example runs locally, end to end: the local-run plan of its generated policies
// and preview-issued secrets, written to a run folder, each service started in bubblewrap with
// exactly what its session injects (redis-server with TLS and --tls-auth-clients yes, the Flask
// API with Debian's python3-flask and python3-redis), then POST/GET /patient/1 and GET /score/1
// over HTTPS verified with the issued API CA. The real handshakes (client -> API, API -> Redis
// with a client certificate, the Redis server name checked) prove the certificates, injection
// paths and environment. A variant whose Redis certificate lacks the name the API dials fails
// with the TLS error in the API's output. Afterwards no process of the run is left (/proc) and
// nothing was created outside the run folder (no /tls, /python on the real root, no mount).
//
// The run is the engine's LocalRunJob, as the workbench and the `run` command run it (the
// command itself: tst_localrun_cli).
#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"
#include "localrun/hostprobe.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunplanner.h"
#include "localrun/runfolder.h"
#include "localrun/sandbox.h"
#include "localrunproject.h"
#include "localrunsupport.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "proctree.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::localrun;

namespace {

const QString kRelease = QStringLiteral("sdm");
const QString kNs = QStringLiteral("sdm-1-1");

/// One local run of a copy of the example, as the workbench runs it: the plan, then a
/// LocalRunJob (run folder, bwrap through the engine's process runner, port waits).
class Run
{
public:
    QString error;
    LocalRunPlan plan;
    std::unique_ptr<certs::IssuedSecrets> issued;
    std::unique_ptr<engine::localrun::LocalRunJob> job;

    /// Plans and starts the run (its folder under @p runsDir); true once every service is up.
    bool start(const QString &project, const QString &runsDir)
    {
        auto loaded = ManifestProject::loadFolder(project);
        if (!loaded)
            return fail(loaded.error().toString());
        policy::PolicyGenerationOptions o;
        o.settings = policy::DeploymentSettings::defaults(project);
        o.settings.release = kRelease;
        o.settings.appNamespace = kNs;
        o.settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
        const policy::PolicyPreview preview = policy::generatePolicies(loaded.value(), o);
        auto issuedSecrets = certs::issueSecrets(certs::secretSpecsFromSessions(preview.sessions).specs);
        if (!issuedSecrets)
            return fail(issuedSecrets.error().toString());
        issued = std::make_unique<certs::IssuedSecrets>(std::move(issuedSecrets).value());
        const HostSystem host = engine::localrun::localHostSystem();
        plan = planLocalRun(preview, *issued, loaded.value(), LocalRunOptions::fromSettings(o.settings), host);
        if (!plan.ok()) {
            QStringList errors;
            for (const Error &e : std::as_const(plan.errors))
                errors << e.toString();
            return fail(errors.join(QLatin1Char('\n')));
        }
        const Result<QString> bwrap = findBwrap(host);
        if (!bwrap)
            return fail(bwrap.error().toString());
        engine::localrun::LocalRunSettings settings;
        settings.runsDir = runsDir;
        settings.bwrap = bwrap.value();
        settings.keepRunFolder = true;  // the test looks into it after the stop, then removes it
        job = std::make_unique<engine::localrun::LocalRunJob>(plan, settings);
        QSignalSpy up(job.get(), &engine::localrun::LocalRunJob::up);
        job->start();
        if (!job->isUp() && !job->isFinished())
            up.wait(60000);
        if (!job->isUp())
            return fail(job->error() ? job->error()->toDetailedString() : QStringLiteral("the run is not up"));
        return true;
    }

    /// What @p service printed so far (its own output only).
    QByteArray output(const QString &service) const
    {
        QByteArray out;
        if (!job)
            return out;
        const std::uint16_t source = job->sourceOf(service);
        for (qint64 n = job->log().firstLine(); n < job->log().endLine(); ++n) {
            const auto line = job->log().line(n);
            if (line && line->source == source && line->channel != engine::jobs::LogChannel::Info)
                out += line->text.toUtf8() + '\n';
        }
        return out;
    }

    QString allOutput() const
    {
        QString out;
        if (!job)
            return out;
        for (qint64 n = job->log().firstLine(); n < job->log().endLine(); ++n) {
            const auto line = job->log().line(n);
            const QString service = job->serviceOfSource(line->source);
            out += (service.isEmpty() ? QStringLiteral("run") : service) + QStringLiteral(" | ") + line->text +
                   QLatin1Char('\n');
        }
        return out;
    }

    /// Every process of the run: each sandbox's supervisor, bwrap and what runs below it.
    QList<qint64> pids() const
    {
        QList<qint64> out;
        if (!job)
            return out;
        for (const engine::localrun::ServiceStatus &s : job->statuses())
            if (s.pid > 0) {
                out << s.pid << test::parentOf(pid_t(s.pid));
                for (pid_t p : test::descendantsOf(pid_t(s.pid)))
                    out << p;
            }
        return out;
    }

    /// Cancels the run and waits until the job has ended (every process tree stopped).
    void stop()
    {
        if (!job || job->isFinished())
            return;
        QSignalSpy finished(job.get(), &engine::jobs::Job::finished);
        job->cancel();
        if (!job->isFinished())
            finished.wait(20000);
    }

    RunFolder folder() const { return job ? RunFolder(job->runFolder()) : RunFolder(); }

private:
    bool fail(const QString &message)
    {
        error = message;
        return false;
    }
};

/// Mount lines that name anything of a local run.
QStringList runMounts(const QString &runRoot)
{
    QStringList out;
    for (const QByteArray &line : test::readFile(QStringLiteral("/proc/self/mountinfo")).split('\n'))
        if (line.contains(runRoot.toUtf8()) || line.contains(" /tls ") || line.contains(" /python "))
            out << QString::fromUtf8(line);
    return out;
}

}  // namespace

class TestLocalRunExample : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    quint16 m_redisPort = 0;
    quint16 m_apiPort = 0;

    /// A copy of the example on free ports (test::localRunExampleCopy()), optionally with the Redis
    /// certificate's release-prefixed name broken.
    QString prepareProject(const QString &name, bool breakRedisName)
    {
        const QString project = test::localRunExampleCopy(m_tmp.filePath(name), m_redisPort, m_apiPort);
        if (project.isEmpty())
            return {};
        if (breakRedisName && !test::replaceInFile(project, QStringLiteral("redis/service.yaml"),
                                                   "dns: [redis, \"{{redis_server_name}}\"]",
                                                   "dns: [redis, \"not-{{redis_server_name}}\"]"))
            return {};
        return project;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Debian's python3 (with python3-flask and python3-redis) before a pyenv python3.
        qputenv("PATH", "/usr/bin:" + qgetenv("PATH"));
        const QStringList missing = test::missingLocalRunTools();
        if (!missing.isEmpty()) {
            const QString message = test::missingLocalRunToolsMessage(missing);
            if (test::localRunToolsRequired())
                QFAIL(qPrintable(message));
            QSKIP(qPrintable(message));
        }
        QVERIFY(QSslSocket::supportsSsl());
        m_redisPort = test::freeTcpPort();
        m_apiPort = test::freeTcpPort();
        QVERIFY(m_redisPort && m_apiPort && m_redisPort != m_apiPort);
    }

    void exampleRunsEndToEnd()
    {
        const QStringList rootBefore = test::rootEntries();
        QVERIFY2(!rootBefore.contains(QStringLiteral("tls")) && !rootBefore.contains(QStringLiteral("python")),
                 "the machine must not have /tls or /python for this test to prove anything");
        const QString project = prepareProject(QStringLiteral("good"), false);
        QVERIFY(!project.isEmpty());

        Run run;
        const bool started = run.start(project, m_tmp.filePath(QStringLiteral("data/local-runs")));
        auto cleanup = qScopeGuard([&] {
            run.stop();
            run.folder().remove();
        });
        QVERIFY2(started, qPrintable(run.error + QLatin1Char('\n') + run.allOutput()));
        QCOMPARE(run.job->serviceNames(), (QStringList{QStringLiteral("redis"), QStringLiteral("flask-api")}));
        const LocalService *api = run.plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        QCOMPARE(api->ports, QList<int>{m_apiPort});  // up: the job saw this port open

        // The client trusts only the issued API CA and checks the name the mesh gives the API.
        const certs::IssuedSecret *apiCa =
            run.issued->find({kNs + QStringLiteral("/flask-api"), QStringLiteral("api_ca_cert")});
        QVERIFY(apiCa);
        const QSslCertificate ca(apiCa->certificate.toPem(), QSsl::Pem);
        QVERIFY(!ca.isNull());
        const QString apiName = kRelease + QStringLiteral("-flask-api");
        const QByteArray record = R"({"fname":"Ada","lname":"Lovelace","city":"London"})";
        const test::HttpsReply post =
            test::httpsRequest("POST", api->address, m_apiPort, QStringLiteral("/patient/1"), apiName, ca, record);
        QVERIFY2(post.status == 201, qPrintable(post.error + QLatin1Char(' ') + QString::fromUtf8(post.body) +
                                                QLatin1Char('\n') + run.allOutput()));
        const test::HttpsReply get =
            test::httpsRequest("GET", api->address, m_apiPort, QStringLiteral("/patient/1"), apiName, ca);
        QCOMPARE(get.status, 200);
        const QJsonObject stored = QJsonDocument::fromJson(get.body).object();
        QCOMPARE(stored.value(QLatin1String("fname")).toString(), QStringLiteral("Ada"));
        QCOMPARE(stored.value(QLatin1String("city")).toString(), QStringLiteral("London"));
        QCOMPARE(stored.value(QLatin1String("id")).toString(), QStringLiteral("1"));
        const test::HttpsReply score =
            test::httpsRequest("GET", api->address, m_apiPort, QStringLiteral("/score/1"), apiName, ca);
        QCOMPARE(score.status, 200);
        const double value = QJsonDocument::fromJson(score.body).object().value(QLatin1String("score")).toDouble(-1);
        QVERIFY2(value >= 0.0 && value <= 1.0, score.body.constData());

        // A client dialling a name the certificate does not carry is refused.
        const test::HttpsReply wrongName = test::httpsRequest(
            "GET", api->address, m_apiPort, QStringLiteral("/patient/1"), QStringLiteral("somewhere-else"), ca);
        QCOMPARE(wrongName.status, 0);
        QVERIFY(!wrongName.error.isEmpty());

        // Stop: every process of the run goes.
        const QList<qint64> pids = run.pids();
        QVERIFY(pids.size() >= 8);  // per service: supervisor, bwrap, its init and the service
        run.stop();
        QCOMPARE(run.job->state(), engine::jobs::JobState::Cancelled);
        // bwrap's init (PID 1 of the sandbox) ends right after the service; give it a moment.
        for (qint64 pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(
                !test::processAlive(pid),
                qPrintable(QStringLiteral("pid %1 still runs: %2")
                               .arg(pid)
                               .arg(QString::fromUtf8(test::readFile(QStringLiteral("/proc/%1/stat").arg(pid))))),
                5000);
        QVERIFY(runMounts(run.folder().root()).isEmpty());
        QVERIFY(test::processesMentioning(run.folder().root().toUtf8()).isEmpty());
        QCOMPARE(test::rootEntries(), rootBefore);
        const QString root = run.folder().root();
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/redis/files/tls/redis.key")));
        QVERIFY(run.folder().remove().ok());
        QVERIFY(!QFileInfo::exists(root));
    }

    void wrongRedisNameShowsTheTlsError()
    {
        const QString project = prepareProject(QStringLiteral("broken"), true);
        QVERIFY(!project.isEmpty());
        Run run;
        const bool started = run.start(project, m_tmp.filePath(QStringLiteral("data/local-runs")));
        auto cleanup = qScopeGuard([&] {
            run.stop();
            run.folder().remove();
        });
        QVERIFY2(started, qPrintable(run.error + QLatin1Char('\n') + run.allOutput()));
        const LocalService *api = run.plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        const certs::IssuedSecret *apiCa =
            run.issued->find({kNs + QStringLiteral("/flask-api"), QStringLiteral("api_ca_cert")});
        QVERIFY(apiCa);
        const QSslCertificate ca(apiCa->certificate.toPem(), QSsl::Pem);
        const test::HttpsReply post =
            test::httpsRequest("POST", api->address, m_apiPort, QStringLiteral("/patient/1"),
                               kRelease + QStringLiteral("-flask-api"), ca, R"({"fname":"Ada"})");
        QCOMPARE(post.status, 500);
        // The API's own output says why: the Redis certificate does not name sdm-redis.
        QTRY_VERIFY2_WITH_TIMEOUT(run.output(QStringLiteral("flask-api")).contains("CERTIFICATE_VERIFY_FAILED"),
                                  qPrintable(run.allOutput()), 10000);
        QVERIFY2(run.output(QStringLiteral("flask-api")).contains("Hostname mismatch"), qPrintable(run.allOutput()));
        QVERIFY2(run.output(QStringLiteral("flask-api")).contains("sdm-redis"), qPrintable(run.allOutput()));
    }
};

QTEST_GUILESS_MAIN(TestLocalRunExample)
#include "tst_localrun_example.moc"
