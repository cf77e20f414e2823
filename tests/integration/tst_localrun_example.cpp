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
// Phase 1: the services are started with QProcess here; the run as an engine job (process
// runner, logs into the Logs area) is phase 2.
#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"
#include "localrun/localrunplanner.h"
#include "localrun/runfolder.h"
#include "localrun/sandbox.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "standins.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include <signal.h>
#include <unistd.h>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::localrun;

namespace {

const QString kRelease = QStringLiteral("sdm");
const QString kNs = QStringLiteral("sdm-1-1");

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::Any, 0))
        return 0;
    return probe.serverPort();  // free again when probe goes; the service binds it right after
}

/// The Python probe as phase 2's process runner will run it: program, arguments, stdout.
Result<QByteArray> runProbe(const QString &program, const QStringList &arguments)
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(arguments);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start();
    if (!p.waitForStarted(5000) || !p.waitForFinished(30000))
        return makeError(QStringLiteral("probe"), QStringLiteral("cannot run %1").arg(program));
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return makeError(QStringLiteral("probe"), QStringLiteral("%1 exited with %2").arg(program).arg(p.exitCode()),
                         QString::fromUtf8(p.readAllStandardError()));
    return p.readAllStandardOutput();
}

/// Every process below @p root (children, grandchildren, ...), from /proc.
QList<qint64> descendants(qint64 root)
{
    QMultiHash<qint64, qint64> children;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        const QByteArray stat = test::readFile(QStringLiteral("/proc/%1/stat").arg(pid));
        const qsizetype close = stat.lastIndexOf(')');
        if (close < 0)
            continue;
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 1)
            children.insert(fields.at(1).toLongLong(), pid);
    }
    QList<qint64> out;
    QList<qint64> todo{root};
    while (!todo.isEmpty()) {
        const qint64 p = todo.takeFirst();
        for (qint64 c : children.values(p)) {
            out << c;
            todo << c;
        }
    }
    return out;
}

bool waitForPort(const QString &address, int port, QProcess *process, int timeoutMs = 20000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QTcpSocket s;
        s.connectToHost(QHostAddress(address), quint16(port));
        if (s.waitForConnected(200))
            return true;
        if (process && process->state() == QProcess::NotRunning)
            return false;
        QTest::qWait(100);
    }
    return false;
}

struct Reply {
    int status = 0;
    QByteArray body;
    QString error;
};

/// An HTTPS request to @p address:@p port, verifying the server as @p name against @p ca.
Reply request(const QByteArray &verb, const QString &address, int port, const QString &path, const QString &name,
              const QSslCertificate &ca, const QByteArray &body = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest req(QUrl(QStringLiteral("https://%1:%2%3").arg(address).arg(port).arg(path)));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates({ca});
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    req.setSslConfiguration(conf);
    req.setPeerVerifyName(name);
    req.setTransferTimeout(20000);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(30000);
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

/// One local run of a copy of the example.
class Run
{
public:
    QString error;
    LocalRunPlan plan;
    RunFolder folder;
    QList<std::shared_ptr<QProcess>> processes;  // in start order
    QStringList serviceNames;
    std::unique_ptr<certs::IssuedSecrets> issued;

    /// Plans, writes the run folder under @p dataDir and starts every service in bwrap.
    bool start(const QString &project, const QString &dataDir)
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
        const HostSystem host = HostSystem::local(runProbe);
        plan = planLocalRun(preview, *issued, loaded.value(), LocalRunOptions::fromSettings(o.settings), host);
        if (!plan.ok()) {
            QStringList errors;
            for (const Error &e : std::as_const(plan.errors))
                errors << e.toString();
            return fail(errors.join(QLatin1Char('\n')));
        }
        auto created = RunFolder::create(dataDir);
        if (!created)
            return fail(created.error().toString());
        folder = created.value();
        if (Status s = folder.write(plan); !s.ok())
            return fail(s.error().toString());
        const Result<QString> bwrap = findBwrap(host);
        if (!bwrap)
            return fail(bwrap.error().toString());
        for (const LocalService &s : std::as_const(plan.services)) {
            for (const PortWait &w : s.waitFor)
                if (!waitForPort(w.address, w.port, nullptr))
                    return fail(QStringLiteral("%1:%2 (%3) did not open").arg(w.address).arg(w.port).arg(w.service));
            const Result<SandboxSpec> spec = buildSandbox(s, folder, plan.release, host);
            if (!spec)
                return fail(spec.error().toString());
            auto p = std::make_shared<QProcess>();
            p->setProgram(bwrap.value());
            p->setArguments(bwrapArguments(spec.value()));
            QProcessEnvironment env;
            for (const auto &[k, v] : processEnvironment(s))
                env.insert(k, v);
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::MergedChannels);
            p->setStandardInputFile(QProcess::nullDevice());
            // Its own process group, as the engine's process runner does: stop() signals the group.
            p->setChildProcessModifier([] { ::setpgid(0, 0); });
            p->start();
            if (!p->waitForStarted(5000))
                return fail(QStringLiteral("bwrap did not start for %1").arg(s.name));
            processes << p;
            serviceNames << s.name;
        }
        return true;
    }

    QByteArray output(const QString &service)
    {
        const qsizetype i = serviceNames.indexOf(service);
        if (i < 0)
            return {};
        m_output[service] += processes.at(i)->readAll();
        return m_output.value(service);
    }

    QString allOutput()
    {
        QString out;
        for (const QString &s : std::as_const(serviceNames))
            out += s + QStringLiteral(" | ") +
                   QString::fromUtf8(output(s)).replace(QLatin1Char('\n'), QStringLiteral("\n  ")) + QLatin1Char('\n');
        return out;
    }

    /// Every process of the run: bwrap and what runs below it.
    QList<qint64> pids() const
    {
        QList<qint64> out;
        for (const auto &p : processes)
            if (p->state() != QProcess::NotRunning)
                out << p->processId() << descendants(p->processId());
        return out;
    }

    /// SIGTERM to each sandbox's process group (the service exits, bwrap follows), SIGKILL after 5 s.
    void stop()
    {
        // Never signal group 0 (our own): only sandboxes that still run, by their recorded pid.
        auto signalGroup = [](const std::shared_ptr<QProcess> &p, int sig) {
            const qint64 pid = p->processId();
            if (p->state() != QProcess::NotRunning && pid > 1)
                ::kill(-pid_t(pid), sig);
        };
        for (const auto &p : processes)
            signalGroup(p, SIGTERM);
        for (const auto &p : processes)
            if (p->state() != QProcess::NotRunning && !p->waitForFinished(5000)) {
                signalGroup(p, SIGKILL);
                p->waitForFinished(5000);
            }
    }

private:
    bool fail(const QString &message)
    {
        error = message;
        return false;
    }
    QHash<QString, QByteArray> m_output;
};

bool toolsRequired()
{
    return qEnvironmentVariableIntValue("WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS") == 1;
}

QStringList rootEntries()
{
    return QDir(QStringLiteral("/")).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

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

    /// A copy of the example on free ports (the manifests name 6379 and 4996; tests never use
    /// fixed ports), optionally with the Redis certificate's release-prefixed name broken.
    /// rest_api.py listens on APP_SERVICE_PORT (default 4996, the mesh's value): the copy
    /// declares that variable so its session passes the mesh's (here free) port.
    QString prepareProject(const QString &name, bool breakRedisName)
    {
        const QString project = m_tmp.filePath(name);
        if (!test::copyTree(test::exampleDir(), project))
            return {};
        auto edit = [&](const QString &file, const QByteArray &from, const QByteArray &to) {
            const QString path = project + QLatin1Char('/') + file;
            QByteArray text = test::readFile(path);
            if (!text.contains(from))
                return false;
            text.replace(from, to);
            return test::writeFile(path, text);
        };
        const QByteArray redis = QByteArray::number(m_redisPort);
        const QByteArray api = QByteArray::number(m_apiPort);
        bool ok = edit(QStringLiteral("flask-api/service.yaml"), "    - name: K8sNAMESPACE\n",
                       "    - name: K8sNAMESPACE\n    - name: APP_SERVICE_PORT\n") &&
                  edit(QStringLiteral("redis/service.yaml"), "--tls-port 6379", "--tls-port " + redis) &&
                  edit(QStringLiteral("mesh.yaml"), "name: REDIS_PORT\n        value: 6379",
                       "name: REDIS_PORT\n        value: " + redis) &&
                  edit(QStringLiteral("mesh.yaml"), "name: APP_SERVICE_PORT\n        value: 4996",
                       "name: APP_SERVICE_PORT\n        value: " + api) &&
                  edit(QStringLiteral("mesh.yaml"), "name: APP_SERVICE_PORT\n        value: 6379",
                       "name: APP_SERVICE_PORT\n        value: " + redis);
        if (ok && breakRedisName)
            ok = edit(QStringLiteral("redis/service.yaml"), "dns: [redis, \"{{redis_server_name}}\"]",
                      "dns: [redis, \"not-{{redis_server_name}}\"]");
        return ok ? project : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Debian's python3 (with python3-flask and python3-redis) before a pyenv python3.
        qputenv("PATH", "/usr/bin:" + qgetenv("PATH"));
        QStringList missing;
        for (const char *tool : {"bwrap", "redis-server"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                missing << QString::fromLatin1(tool);
        if (!runProbe(QStringLiteral("/usr/bin/python3"),
                      {QStringLiteral("-c"), QStringLiteral("import flask, redis")}))
            missing << QStringLiteral("python3-flask/python3-redis");
        if (!missing.isEmpty()) {
            const QString message =
                QStringLiteral("needs %1 (packaging/debian-packages.txt)").arg(missing.join(QStringLiteral(", ")));
            if (toolsRequired())
                QFAIL(qPrintable(message));
            QSKIP(qPrintable(message));
        }
        QVERIFY(QSslSocket::supportsSsl());
        m_redisPort = freePort();
        m_apiPort = freePort();
        QVERIFY(m_redisPort && m_apiPort && m_redisPort != m_apiPort);
    }

    void exampleRunsEndToEnd()
    {
        const QStringList rootBefore = rootEntries();
        QVERIFY2(!rootBefore.contains(QStringLiteral("tls")) && !rootBefore.contains(QStringLiteral("python")),
                 "the machine must not have /tls or /python for this test to prove anything");
        const QString project = prepareProject(QStringLiteral("good"), false);
        QVERIFY(!project.isEmpty());

        Run run;
        const bool started = run.start(project, m_tmp.filePath(QStringLiteral("data/local-runs")));
        auto cleanup = qScopeGuard([&] {
            run.stop();
            run.folder.remove();
        });
        QVERIFY2(started, qPrintable(run.error + QLatin1Char('\n') + run.allOutput()));
        QCOMPARE(run.serviceNames, (QStringList{QStringLiteral("redis"), QStringLiteral("flask-api")}));
        const LocalService *api = run.plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        QVERIFY2(waitForPort(api->address, m_apiPort, run.processes.last().get()), qPrintable(run.allOutput()));

        // The client trusts only the issued API CA and checks the name the mesh gives the API.
        const certs::IssuedSecret *apiCa =
            run.issued->find({kNs + QStringLiteral("/flask-api"), QStringLiteral("api_ca_cert")});
        QVERIFY(apiCa);
        const QSslCertificate ca(apiCa->certificate.toPem(), QSsl::Pem);
        QVERIFY(!ca.isNull());
        const QString apiName = kRelease + QStringLiteral("-flask-api");
        const QByteArray record = R"({"fname":"Ada","lname":"Lovelace","city":"London"})";
        const Reply post = request("POST", api->address, m_apiPort, QStringLiteral("/patient/1"), apiName, ca, record);
        QVERIFY2(post.status == 201, qPrintable(post.error + QLatin1Char(' ') + QString::fromUtf8(post.body) +
                                                QLatin1Char('\n') + run.allOutput()));
        const Reply get = request("GET", api->address, m_apiPort, QStringLiteral("/patient/1"), apiName, ca);
        QCOMPARE(get.status, 200);
        const QJsonObject stored = QJsonDocument::fromJson(get.body).object();
        QCOMPARE(stored.value(QLatin1String("fname")).toString(), QStringLiteral("Ada"));
        QCOMPARE(stored.value(QLatin1String("city")).toString(), QStringLiteral("London"));
        QCOMPARE(stored.value(QLatin1String("id")).toString(), QStringLiteral("1"));
        const Reply score = request("GET", api->address, m_apiPort, QStringLiteral("/score/1"), apiName, ca);
        QCOMPARE(score.status, 200);
        const double value = QJsonDocument::fromJson(score.body).object().value(QLatin1String("score")).toDouble(-1);
        QVERIFY2(value >= 0.0 && value <= 1.0, score.body.constData());

        // A client dialling a name the certificate does not carry is refused.
        const Reply wrongName =
            request("GET", api->address, m_apiPort, QStringLiteral("/patient/1"), QStringLiteral("somewhere-else"), ca);
        QCOMPARE(wrongName.status, 0);
        QVERIFY(!wrongName.error.isEmpty());

        // Stop: every process of the run goes.
        const QList<qint64> pids = run.pids();
        QVERIFY(pids.size() >= 4);  // per service at least bwrap, its init and the service
        run.stop();
        // bwrap's init (PID 1 of the sandbox) ends right after the service; give it a moment.
        for (qint64 pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(
                !test::processAlive(pid),
                qPrintable(QStringLiteral("pid %1 still runs: %2")
                               .arg(pid)
                               .arg(QString::fromUtf8(test::readFile(QStringLiteral("/proc/%1/stat").arg(pid))))),
                5000);
        QVERIFY(runMounts(run.folder.root()).isEmpty());
        QCOMPARE(rootEntries(), rootBefore);
        const QString root = run.folder.root();
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/redis/files/tls/redis.key")));
        QVERIFY(run.folder.remove().ok());
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
            run.folder.remove();
        });
        QVERIFY2(started, qPrintable(run.error + QLatin1Char('\n') + run.allOutput()));
        const LocalService *api = run.plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        QVERIFY2(waitForPort(api->address, m_apiPort, run.processes.last().get()), qPrintable(run.allOutput()));
        const certs::IssuedSecret *apiCa =
            run.issued->find({kNs + QStringLiteral("/flask-api"), QStringLiteral("api_ca_cert")});
        QVERIFY(apiCa);
        const QSslCertificate ca(apiCa->certificate.toPem(), QSsl::Pem);
        const Reply post = request("POST", api->address, m_apiPort, QStringLiteral("/patient/1"),
                                   kRelease + QStringLiteral("-flask-api"), ca, R"({"fname":"Ada"})");
        QCOMPARE(post.status, 500);
        // The API's own output says why: the Redis certificate does not name sdm-redis.
        QTRY_VERIFY2_WITH_TIMEOUT(run.output(QStringLiteral("flask-api")).contains("CERTIFICATE_VERIFY_FAILED"),
                                  qPrintable(run.allOutput()), 10000);
        QVERIFY2(run.output(QStringLiteral("flask-api")).contains("Hostname mismatch"), qPrintable(run.allOutput()));
        QVERIFY2(run.output(QStringLiteral("flask-api")).contains("sdm-redis"), qPrintable(run.allOutput()));
    }

    void killedParentLeavesNothing()
    {
        // bwrap --die-with-parent: when whoever started the sandbox dies (a killed workbench),
        // the sandbox and the service die too.
        const QString project = prepareProject(QStringLiteral("orphan"), false);
        QVERIFY(!project.isEmpty());
        auto loaded = ManifestProject::loadFolder(project);
        QVERIFY(loaded.ok());
        policy::PolicyGenerationOptions o;
        o.settings = policy::DeploymentSettings::defaults(project);
        o.settings.release = kRelease;
        o.settings.appNamespace = kNs;
        o.settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
        const policy::PolicyPreview preview = policy::generatePolicies(loaded.value(), o);
        auto issued = certs::issueSecrets(certs::secretSpecsFromSessions(preview.sessions).specs);
        QVERIFY(issued.ok());
        const HostSystem host = HostSystem::local(runProbe);
        LocalRunOptions options = LocalRunOptions::fromSettings(o.settings);
        options.services = {QStringLiteral("redis")};
        const LocalRunPlan plan = planLocalRun(preview, issued.value(), loaded.value(), options, host);
        QVERIFY(plan.ok());
        QCOMPARE(plan.services.size(), 1);
        auto folder = RunFolder::create(m_tmp.filePath(QStringLiteral("data/local-runs")));
        QVERIFY(folder.ok());
        auto cleanup = qScopeGuard([&] { folder->remove(); });
        QVERIFY(folder->write(plan).ok());
        const Result<SandboxSpec> spec = buildSandbox(plan.services.first(), folder.value(), plan.release, host);
        QVERIFY(spec.ok());

        // A shell stands in for the workbench: it starts bwrap and waits; then it is killed.
        QProcess parent;
        parent.setProgram(QStringLiteral("/bin/sh"));
        parent.setArguments(QStringList{QStringLiteral("-c"), QStringLiteral("\"$@\" & wait"), QStringLiteral("sh"),
                                        findBwrap(host).value()} +
                            bwrapArguments(spec.value()));
        QProcessEnvironment env;
        for (const auto &[k, v] : processEnvironment(plan.services.first()))
            env.insert(k, v);
        parent.setProcessEnvironment(env);
        parent.setProcessChannelMode(QProcess::MergedChannels);
        parent.start();
        QVERIFY(parent.waitForStarted(5000));
        const LocalService &redis = plan.services.first();
        QVERIFY2(waitForPort(redis.address, m_redisPort, &parent), parent.readAll().constData());
        const QList<qint64> pids = descendants(parent.processId());
        QVERIFY(pids.size() >= 3);  // bwrap, its init, redis-server
        ::kill(pid_t(parent.processId()), SIGKILL);
        QVERIFY(parent.waitForFinished(5000));
        for (qint64 pid : pids)
            QTRY_VERIFY2_WITH_TIMEOUT(!test::processAlive(pid),
                                      qPrintable(QStringLiteral("pid %1 still runs").arg(pid)), 5000);
    }
};

QTEST_GUILESS_MAIN(TestLocalRunExample)
#include "tst_localrun_example.moc"
