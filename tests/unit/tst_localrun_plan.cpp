// SPDX-License-Identifier: Apache-2.0
// The local-run plan of the bundled example, field by field, on a described machine (PATH,
// executables, what each python3 imports): environment, injection files with the issued
// material, /etc/hosts, start order and waits, programs, code; and the errors a user meets
// (missing modules or executables named with their Debian packages, unresolvable placeholders).
#include "certs/certificate.h"
#include "certs/certificateissuer.h"
#include "certs/sessionsecretspecs.h"
#include "localrun/localrunplanner.h"
#include "localrun/programchoice.h"
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::localrun;

namespace {

const QString kNs = QStringLiteral("sdm-1-2");

/// A described machine: executables, and per python3 the modules it imports.
struct Machine {
    QStringList path{QStringLiteral("/home/u/.pyenv/shims"), QStringLiteral("/usr/local/bin"),
                     QStringLiteral("/usr/bin")};
    QSet<QString> executables{QStringLiteral("/home/u/.pyenv/shims/python3"), QStringLiteral("/usr/bin/python3"),
                              QStringLiteral("/usr/bin/redis-server"), QStringLiteral("/usr/bin/bwrap")};
    QHash<QString, QStringList> modules{
        {QStringLiteral("/home/u/.pyenv/shims/python3"), {}},
        {QStringLiteral("/usr/bin/python3"), {QStringLiteral("flask"), QStringLiteral("redis")}}};
    QHash<QString, QString> realPython{{QStringLiteral("/home/u/.pyenv/shims/python3"),
                                        QStringLiteral("/home/u/.pyenv/versions/3.12.1/bin/python3.12")},
                                       {QStringLiteral("/usr/bin/python3"), QStringLiteral("/usr/bin/python3.11")}};
    mutable QStringList probed;

    HostSystem host() const
    {
        HostSystem h;
        h.path = path;
        h.isExecutable = [this](const QString &p) { return executables.contains(p); };
        h.canonicalPath = [](const QString &p) { return p; };
        h.runProbe = [this](const QString &program, const QStringList &args) -> Result<QByteArray> {
            probed << program;
            if (!modules.contains(program))
                return makeError(QStringLiteral("probe"), QStringLiteral("not a python"));
            const QStringList wanted = args.mid(3);  // -I -c SCRIPT modules...
            QJsonObject o;
            const QString exe = realPython.value(program);
            const QString prefix = exe.section(QLatin1Char('/'), 0, -3);
            o.insert(QStringLiteral("executable"), exe);
            o.insert(QStringLiteral("prefix"), prefix);
            o.insert(QStringLiteral("base_prefix"), prefix);
            o.insert(QStringLiteral("version"),
                     exe.contains(QLatin1String("3.12")) ? QStringLiteral("3.12.1") : QStringLiteral("3.11.2"));
            QJsonArray imported;
            QJsonObject failed;
            for (const QString &m : wanted) {
                if (modules.value(program).contains(m))
                    imported.append(m);
                else
                    failed.insert(m, QStringLiteral("ModuleNotFoundError: No module named '%1'").arg(m));
            }
            o.insert(QStringLiteral("imported"), imported);
            o.insert(QStringLiteral("failed"), failed);
            return QByteArray(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        };
        return h;
    }
};

struct Example {
    ManifestProject project;
    policy::PolicyPreview preview;
    std::optional<certs::IssuedSecrets> issued;
    policy::DeploymentSettings settings;
};

Example loadExample(const QString &dir = test::exampleDir())
{
    Example ex;
    auto project = ManifestProject::loadFolder(dir);
    if (!project)
        qFatal("cannot load the example: %s", qPrintable(project.error().toString()));
    ex.project = project.value();
    ex.settings = policy::DeploymentSettings::defaults(dir);
    ex.settings.release = QStringLiteral("sdm");
    ex.settings.appNamespace = kNs;
    ex.settings.appImageRepo = QStringLiteral("registry.example.com/sdm");
    policy::PolicyGenerationOptions o;
    o.settings = ex.settings;
    ex.preview = policy::generatePolicies(ex.project, o);
    auto issued = certs::issueSecrets(certs::secretSpecsFromSessions(ex.preview.sessions).specs);
    if (!issued)
        qFatal("cannot issue: %s", qPrintable(issued.error().toString()));
    ex.issued = std::move(issued).value();
    return ex;
}

LocalRunPlan plan(const Example &ex, const Machine &machine, LocalRunOptions options = {})
{
    if (options.variables.isEmpty())
        options.variables = policy::toVariableMap(ex.settings.toVariables());
    return planLocalRun(ex.preview, *ex.issued, ex.project, options, machine.host());
}

QString errorsOf(const LocalRunPlan &p)
{
    QStringList out;
    for (const Error &e : p.errors)
        out << e.code + QStringLiteral(": ") + e.toString();
    return out.join(QLatin1Char('\n'));
}

QByteArray fileContent(const LocalService &s, const QString &path)
{
    for (const LocalFile &f : s.files)
        if (f.path == path)
            return f.content;
    return {};
}

QByteArray certPem(const Example &ex, const QString &session, const QString &name)
{
    const certs::IssuedSecret *s = ex.issued->find({kNs + QLatin1Char('/') + session, name});
    return s ? s->certificate.toPem() : QByteArray();
}

}  // namespace

class TestLocalRunPlan : public QObject
{
    Q_OBJECT
private:
    Example m_ex;
    LocalRunPlan m_plan;

private Q_SLOTS:
    void initTestCase()
    {
        m_ex = loadExample();
        QVERIFY2(!m_ex.preview.hasErrors(), "the example must generate without errors");
        m_plan = plan(m_ex, Machine{});
        QVERIFY2(m_plan.ok(), qPrintable(errorsOf(m_plan)));
    }

    void orderAndIdentity()
    {
        QCOMPARE(m_plan.release, QStringLiteral("sdm"));
        QCOMPARE(m_plan.policyNamespace, kNs);
        QCOMPARE(m_plan.services.size(), 2);
        // Redis exports to the API and the API waits for it: Redis first.
        QCOMPARE(m_plan.services.at(0).name, QStringLiteral("redis"));
        QCOMPARE(m_plan.services.at(1).name, QStringLiteral("flask-api"));
        QCOMPARE(m_plan.services.at(1).session, kNs + QStringLiteral("/flask-api"));
        QCOMPARE(m_plan.services.at(0).runtime, RuntimeKind::Native);
        QCOMPARE(m_plan.services.at(1).runtime, RuntimeKind::Python);
        QCOMPARE(m_plan.services.at(1).kind, QStringLiteral("python"));
    }

    void apiEnvironment()
    {
        const LocalService *api = m_plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        const QList<QPair<QString, QString>> expected{{QStringLiteral("REDIS_HOST"), QStringLiteral("sdm-redis")},
                                                      {QStringLiteral("REDIS_PORT"), QStringLiteral("6379")},
                                                      {QStringLiteral("api_host"), QStringLiteral("sdm-flask-api")},
                                                      {QStringLiteral("CLUSTER_DNS_IP"), QStringLiteral("10.96.0.10")},
                                                      {QStringLiteral("K8sNAMESPACE"), QStringLiteral("default")}};
        QCOMPARE(api->environment, expected);
        const QList<QPair<QString, QString>> env = processEnvironment(*api);
        QCOMPARE(env.first(),
                 qMakePair(QStringLiteral("PATH"),
                           QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")));
        QVERIFY(env.contains(qMakePair(QStringLiteral("HOME"), QStringLiteral("/tmp"))));
        QVERIFY(env.contains(qMakePair(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"))));
        QVERIFY(env.contains(qMakePair(QStringLiteral("REDIS_HOST"), QStringLiteral("sdm-redis"))));
        QCOMPARE(env.size(), 4 + expected.size());  // nothing of this process's environment
    }

    void apiFilesHoldTheIssuedMaterial()
    {
        const LocalService *api = m_plan.service(QStringLiteral("flask-api"));
        QVERIFY(api);
        QStringList paths;
        for (const LocalFile &f : api->files)
            paths << f.path;
        QCOMPARE(paths, (QStringList{QStringLiteral("/etc/hosts"), QStringLiteral("/etc/resolv.conf"),
                                     QStringLiteral("/tls/client.crt"), QStringLiteral("/tls/client.key"),
                                     QStringLiteral("/tls/flask.crt"), QStringLiteral("/tls/flask.key"),
                                     QStringLiteral("/tls/redis-ca.crt")}));
        QCOMPARE(fileContent(*api, QStringLiteral("/tls/flask.crt")),
                 certPem(m_ex, QStringLiteral("flask-api"), QStringLiteral("flask")));
        // The imported client certificate is the one the Redis session issued.
        QCOMPARE(fileContent(*api, QStringLiteral("/tls/client.crt")),
                 certPem(m_ex, QStringLiteral("redis"), QStringLiteral("redis_client_cert")));
        // Legacy `.chain` of the self-signed Redis CA: just the CA.
        QCOMPARE(fileContent(*api, QStringLiteral("/tls/redis-ca.crt")),
                 certPem(m_ex, QStringLiteral("redis"), QStringLiteral("redis_ca_cert")));
        // The keys match their certificates.
        const certs::IssuedSecret *flask =
            m_ex.issued->find({kNs + QStringLiteral("/flask-api"), QStringLiteral("flask")});
        QVERIFY(flask);
        QCOMPARE(fileContent(*api, QStringLiteral("/tls/flask.key")), flask->key.toUnencryptedPkcs8Pem().value());
        QVERIFY(fileContent(*api, QStringLiteral("/tls/client.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        const certs::IssuedSecret *client =
            m_ex.issued->find({kNs + QStringLiteral("/redis"), QStringLiteral("redis_client_cert")});
        QCOMPARE(fileContent(*api, QStringLiteral("/tls/client.key")), client->key.toUnencryptedPkcs8Pem().value());
        QCOMPARE(fileContent(*api, QStringLiteral("/etc/resolv.conf")),
                 QByteArray("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
                            "options ndots:5\n"));
        for (const LocalFile &f : api->files) {
            QCOMPARE(f.injected, f.path != QLatin1String("/etc/hosts"));
            QVERIFY(!f.content.contains("$$SCONE::"));
        }
    }

    void redisFiles()
    {
        const LocalService *redis = m_plan.service(QStringLiteral("redis"));
        QVERIFY(redis);
        QStringList paths;
        for (const LocalFile &f : redis->files)
            paths << f.path;
        QCOMPARE(paths, (QStringList{QStringLiteral("/etc/hosts"), QStringLiteral("/tls/ca.crt"),
                                     QStringLiteral("/tls/redis.crt"), QStringLiteral("/tls/redis.key")}));
        const auto cert = certs::Certificate::fromPem(fileContent(*redis, QStringLiteral("/tls/redis.crt")));
        QVERIFY(cert.ok());
        QVERIFY(cert->dnsNames().contains(QStringLiteral("sdm-redis")));
        QCOMPARE(fileContent(*redis, QStringLiteral("/tls/ca.crt")),
                 certPem(m_ex, QStringLiteral("redis"), QStringLiteral("redis_ca_cert")));
        QCOMPARE(redis->environment,
                 (QList<QPair<QString, QString>>{{QStringLiteral("redis_server_name"), QStringLiteral("sdm-redis")}}));
    }

    void hostsAndAddresses()
    {
        const LocalService *redis = m_plan.service(QStringLiteral("redis"));
        const LocalService *api = m_plan.service(QStringLiteral("flask-api"));
        QCOMPARE(redis->address, QStringLiteral("127.0.0.2"));
        QCOMPARE(api->address, QStringLiteral("127.0.0.3"));
        QCOMPARE(redis->hostNames, (QStringList{QStringLiteral("redis"), QStringLiteral("sdm-redis")}));
        QCOMPARE(api->hostNames, (QStringList{QStringLiteral("flask-api"), QStringLiteral("sdm-flask-api")}));
        const QStringList lines = m_plan.hostsFile.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.contains(QStringLiteral("127.0.0.1\tlocalhost")));
        QVERIFY(lines.contains(QStringLiteral("127.0.0.2\tredis sdm-redis")));
        QVERIFY(lines.contains(QStringLiteral("127.0.0.3\tflask-api sdm-flask-api")));
        QCOMPARE(fileContent(*api, QStringLiteral("/etc/hosts")), m_plan.hostsFile.toUtf8());
        QCOMPARE(fileContent(*redis, QStringLiteral("/etc/hosts")), m_plan.hostsFile.toUtf8());
    }

    void waitsAndPorts()
    {
        const LocalService *redis = m_plan.service(QStringLiteral("redis"));
        const LocalService *api = m_plan.service(QStringLiteral("flask-api"));
        QCOMPARE(redis->ports, QList<int>{6379});  // APP_SERVICE_PORT and --tls-port agree
        QCOMPARE(api->ports, QList<int>{4996});
        QVERIFY(redis->waitFor.isEmpty());
        QVERIFY(redis->dependsOn.isEmpty());
        QCOMPARE(api->dependsOn, QStringList{QStringLiteral("redis")});
        // The chart's init container waits for {{REDIS_HOST}}:{{REDIS_PORT}}; REDIS_HOST + REDIS_PORT
        // name the same port, so one wait.
        QCOMPARE(api->waitFor.size(), 1);
        const PortWait &w = api->waitFor.first();
        QCOMPARE(w.service, QStringLiteral("redis"));
        QCOMPARE(w.host, QStringLiteral("sdm-redis"));
        QCOMPARE(w.address, QStringLiteral("127.0.0.2"));
        QCOMPARE(w.port, 6379);
        QCOMPARE(w.reason, QStringLiteral("INIT_CONTAINER1"));
    }

    void programsAndCode()
    {
        const LocalService *redis = m_plan.service(QStringLiteral("redis"));
        const LocalService *api = m_plan.service(QStringLiteral("flask-api"));
        // The pyenv python3 comes first on PATH but lacks the modules: Debian's is chosen.
        QCOMPARE(api->argv,
                 (QStringList{QStringLiteral("/usr/bin/python3.11"), QStringLiteral("/python/rest_api.py")}));
        QCOMPARE(api->program.version, QStringLiteral("3.11.2"));
        QVERIFY2(api->program.reason.contains(QLatin1String("flask, redis")), qPrintable(api->program.reason));
        QCOMPARE(api->requiredModules, (QStringList{QStringLiteral("flask"), QStringLiteral("redis")}));
        QCOMPARE(api->pwd, QStringLiteral("/python"));
        QCOMPARE(api->code.size(), 2);
        QCOMPARE(api->code.at(0).relative, QStringLiteral("rest_api.py"));
        QCOMPARE(api->code.at(0).source, QDir(test::exampleDir()).filePath(QStringLiteral("flask-api/rest_api.py")));
        QCOMPARE(api->code.at(1).relative, QStringLiteral("requirements.txt"));
        QVERIFY(!api->code.at(0).isFolder);

        QCOMPARE(redis->pwd, QStringLiteral("/"));
        QVERIFY(redis->code.isEmpty());
        QCOMPARE(redis->argv.first(), QStringLiteral("/usr/bin/redis-server"));
        QCOMPARE(redis->argv.mid(1), QStringList(redis->command.split(QLatin1Char(' ')).mid(1)));
        QVERIFY(redis->argv.contains(QStringLiteral("--tls-auth-clients")));
    }

    void missingModulesNameDebianPackages()
    {
        Machine m;
        m.modules[QStringLiteral("/usr/bin/python3")] = {QStringLiteral("flask")};
        const LocalRunPlan p = plan(m_ex, m);
        QCOMPARE(p.errors.size(), 1);
        const Error &e = p.errors.first();
        QCOMPARE(e.code, QStringLiteral("localrun.python.modules"));
        QVERIFY2(e.message.contains(QLatin1String("python3-redis")), qPrintable(e.message));
        QVERIFY2(!e.message.contains(QLatin1String("python3-flask")), qPrintable(e.message));  // /usr/bin has flask
        QVERIFY(e.message.contains(QLatin1String("/home/u/.pyenv/shims/python3 (3.12.1) lacks flask, redis")));
        QVERIFY(e.message.contains(QLatin1String("LOCAL_PYTHON")));
        QVERIFY(e.file.endsWith(QLatin1String("flask-api/service.yaml")));
        QVERIFY(e.line > 0);
    }

    void noPythonAtAll()
    {
        Machine m;
        m.executables.remove(QStringLiteral("/usr/bin/python3"));
        m.executables.remove(QStringLiteral("/home/u/.pyenv/shims/python3"));
        const LocalRunPlan p = plan(m_ex, m);
        QCOMPARE(p.errors.size(), 1);
        QCOMPARE(p.errors.first().code, QStringLiteral("localrun.program.missing"));
        QVERIFY(p.errors.first().message.contains(QLatin1String("Debian package python3")));
    }

    void missingRedisServerNamesItsPackage()
    {
        Machine m;
        m.executables.remove(QStringLiteral("/usr/bin/redis-server"));
        const LocalRunPlan p = plan(m_ex, m);
        QCOMPARE(p.errors.size(), 1);
        QCOMPARE(p.errors.first().code, QStringLiteral("localrun.program.missing"));
        QVERIFY2(p.errors.first().message.startsWith(QLatin1String("redis: `redis-server` is not on")),
                 qPrintable(p.errors.first().message));
        QVERIFY(p.errors.first().message.contains(QLatin1String("apt install redis-server")));
        // Selecting Redis alone still needs it.
        LocalRunOptions only;
        only.services = {QStringLiteral("redis")};
        QVERIFY(!plan(m_ex, m, only).ok());
    }

    void localPythonOverride()
    {
        Machine m;
        m.executables.insert(QStringLiteral("/opt/py/bin/python3"));
        m.modules.insert(QStringLiteral("/opt/py/bin/python3"), {QStringLiteral("flask"), QStringLiteral("redis")});
        m.realPython.insert(QStringLiteral("/opt/py/bin/python3"), QStringLiteral("/opt/py/bin/python3.12"));
        LocalRunOptions o;
        o.python = QStringLiteral("/opt/py/bin/python3");
        const LocalRunPlan p = plan(m_ex, m, o);
        QVERIFY2(p.ok(), qPrintable(errorsOf(p)));
        const LocalService *api = p.service(QStringLiteral("flask-api"));
        QCOMPARE(api->argv.first(), QStringLiteral("/opt/py/bin/python3.12"));
        QCOMPARE(api->program.reason, QStringLiteral("LOCAL_PYTHON names it (/opt/py/bin/python3)"));
        QVERIFY(api->program.extraReadOnlyPaths.contains(QStringLiteral("/opt/py")));
        QVERIFY(!m.probed.contains(QStringLiteral("/usr/bin/python3")));  // only the named one is tried

        // An override that lacks a module is an error, not a silent fall-back.
        m.modules[QStringLiteral("/opt/py/bin/python3")] = {QStringLiteral("flask")};
        const LocalRunPlan bad = plan(m_ex, m, o);
        QCOMPARE(bad.errors.size(), 1);
        QCOMPARE(bad.errors.first().code, QStringLiteral("localrun.python.modules"));
    }

    void selectionBringsDependencies()
    {
        LocalRunOptions o;
        o.services = {QStringLiteral("flask-api")};
        const LocalRunPlan p = plan(m_ex, Machine{}, o);
        QVERIFY2(p.ok(), qPrintable(errorsOf(p)));
        QCOMPARE(p.services.size(), 2);  // it waits for redis
        o.services = {QStringLiteral("redis")};
        const LocalRunPlan only = plan(m_ex, Machine{}, o);
        QCOMPARE(only.services.size(), 1);
        QCOMPARE(only.services.first().name, QStringLiteral("redis"));
        QCOMPARE(only.services.first().address, QStringLiteral("127.0.0.2"));
        o.services = {QStringLiteral("nosuch")};
        const LocalRunPlan unknown = plan(m_ex, Machine{}, o);
        QCOMPARE(unknown.errors.size(), 1);
        QCOMPARE(unknown.errors.first().code, QStringLiteral("localrun.service.unknown"));
    }

    void unresolvablePlaceholderNamesTheSecret()
    {
        // The injection file names a secret no session has: the CAS would refuse the session;
        // the local run names it instead of writing a file with the placeholder in it.
        const QString dir = QDir(test::exampleDir()).filePath(QStringLiteral("flask-api/service.yaml"));
        QByteArray text = test::readFile(dir);
        QVERIFY(text.contains("content: $$SCONE::flask.key$$"));
        text.replace("content: $$SCONE::flask.key$$", "content: $$SCONE::flask_keyy$$");
        Example ex = loadExample();
        ex.project.setText(ex.project.file(dir)->path, text);
        policy::PolicyGenerationOptions o;
        o.settings = ex.settings;
        o.runValidator = false;  // the validator reports it too; here the local run must
        ex.preview = policy::generatePolicies(ex.project, o);
        const LocalRunPlan p = plan(ex, Machine{});
        bool found = false;
        for (const Error &e : p.errors)
            if (e.code == QLatin1String("localrun.secret.unknown")) {
                found = true;
                QVERIFY2(e.message.contains(QLatin1String("`flask_keyy`")), qPrintable(e.message));
                QVERIFY2(e.message.contains(QLatin1String("/tls/flask.key")), qPrintable(e.message));
                QVERIFY(e.file.endsWith(QLatin1String("flask-api/service.yaml")));
                QVERIFY(e.line > 0);
            }
        QVERIFY2(found, qPrintable(errorsOf(p)));
    }

    void placeholderInTheEnvironmentIsSecret()
    {
        const QString path = QDir(test::exampleDir()).filePath(QStringLiteral("flask-api/service.yaml"));
        QByteArray text = test::readFile(path);
        const QByteArray local = "  local:\n";
        QVERIFY(text.contains(local));
        text.replace(local, QByteArray(local + "    - name: API_CERT\n      value: \"$$SCONE::flask:crt$$\"\n"));
        Example ex = loadExample();
        ex.project.setText(ex.project.file(path)->path, text);
        policy::PolicyGenerationOptions o;
        o.settings = ex.settings;
        ex.preview = policy::generatePolicies(ex.project, o);
        auto issued = certs::issueSecrets(certs::secretSpecsFromSessions(ex.preview.sessions).specs);
        QVERIFY(issued.ok());
        ex.issued = std::move(issued).value();
        const LocalRunPlan p = plan(ex, Machine{});
        QVERIFY2(p.ok(), qPrintable(errorsOf(p)));
        const LocalService *api = p.service(QStringLiteral("flask-api"));
        QCOMPARE(api->secretVariables, QStringList{QStringLiteral("API_CERT")});
        QCOMPARE(api->environment.first(),
                 qMakePair(QStringLiteral("API_CERT"),
                           QString::fromLatin1(certPem(ex, QStringLiteral("flask-api"), QStringLiteral("flask")))));
        QVERIFY(m_plan.service(QStringLiteral("flask-api"))->secretVariables.isEmpty());
    }

    void placeholderInTheCommandIsASecretArgument_data()
    {
        QTest::addColumn<QByteArray>("argument");
        QTest::addColumn<QList<int>>("secret");
        // An ascii value without spaces: that word only.
        QTest::newRow("word") << QByteArray("--token $$SCONE::api_token$$") << QList<int>{3};
        // A quoted PEM certificate stays one word.
        QTest::newRow("quoted pem") << QByteArray("--cert \"$$SCONE::flask:crt$$\"") << QList<int>{3};
        // Unquoted, its blanks and line ends make more words: every argument is secret (-1).
        QTest::newRow("unquoted pem") << QByteArray("--cert $$SCONE::flask:crt$$") << QList<int>{-1};
        QTest::newRow("none") << QByteArray("--verbose") << QList<int>{};
    }

    void placeholderInTheCommandIsASecretArgument()
    {
        QFETCH(QByteArray, argument);
        QFETCH(QList<int>, secret);
        const QString path = QDir(test::exampleDir()).filePath(QStringLiteral("flask-api/service.yaml"));
        QByteArray text = test::readFile(path);
        const QByteArray command = "  command: python3 /python/rest_api.py\n";
        const QByteArray global = "  global:\n";
        QVERIFY(text.contains(command) && text.contains(global));
        text.replace(command, QByteArray("  command: python3 /python/rest_api.py " + argument + "\n"));
        text.replace(global,
                     QByteArray(global + "    - name: api_token\n      kind: ascii\n      value: tok3n-value\n"));
        Example ex = loadExample();
        ex.project.setText(ex.project.file(path)->path, text);
        policy::PolicyGenerationOptions o;
        o.settings = ex.settings;
        ex.preview = policy::generatePolicies(ex.project, o);
        auto issued = certs::issueSecrets(certs::secretSpecsFromSessions(ex.preview.sessions).specs);
        QVERIFY(issued.ok());
        ex.issued = std::move(issued).value();
        const LocalRunPlan p = plan(ex, Machine{});
        QVERIFY2(p.ok(), qPrintable(errorsOf(p)));
        const LocalService *api = p.service(QStringLiteral("flask-api"));
        if (secret == QList<int>{-1}) {
            secret.clear();
            for (int i = 1; i < api->argv.size(); ++i)
                secret << i;
            QVERIFY(api->argv.size() > 5);
        }
        QCOMPARE(api->secretArguments, secret);
        if (argument.contains("api_token"))
            QCOMPARE(api->argv.last(), QStringLiteral("tok3n-value"));
        QVERIFY(m_plan.service(QStringLiteral("redis"))->secretArguments.isEmpty());
    }

    void pythonProbeOutput()
    {
        const auto probe = parsePythonProbe(
            "sitecustomize says hi\n"
            R"({"executable": "/usr/bin/python3", "prefix": "/usr", "base_prefix": "/usr", "version": "3.11.2",)"
            R"( "imported": ["flask"], "failed": {"redis": "ModuleNotFoundError: No module named 'redis'"}})"
            "\n");
        QVERIFY(probe.ok());
        QCOMPARE(probe->executable, QStringLiteral("/usr/bin/python3"));
        QCOMPARE(probe->imported, QStringList{QStringLiteral("flask")});
        QCOMPARE(probe->failed.value(QStringLiteral("redis")),
                 QStringLiteral("ModuleNotFoundError: No module named 'redis'"));
        QVERIFY(!parsePythonProbe("Traceback (most recent call last):\n").ok());
        const QStringList args = pythonProbeArguments({QStringLiteral("flask"), QStringLiteral("redis")});
        QCOMPARE(args.first(), QStringLiteral("-I"));
        QCOMPARE(args.mid(3), (QStringList{QStringLiteral("flask"), QStringLiteral("redis")}));
    }

    void pythonProgramNames_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<bool>("python");
        QTest::newRow("python3") << QStringLiteral("python3") << true;
        QTest::newRow("python") << QStringLiteral("python") << true;
        QTest::newRow("python3.11") << QStringLiteral("python3.11") << true;
        QTest::newRow("image path") << QStringLiteral("/usr/local/bin/python3") << true;
        QTest::newRow("gunicorn") << QStringLiteral("gunicorn") << false;
        QTest::newRow("python3-config") << QStringLiteral("python3-config") << false;
    }
    void pythonProgramNames()
    {
        QFETCH(QString, program);
        QFETCH(bool, python);
        QCOMPARE(isPythonProgram(program), python);
    }
};

QTEST_GUILESS_MAIN(TestLocalRunPlan)
#include "tst_localrun_plan.moc"
