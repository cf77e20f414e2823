// SPDX-License-Identifier: Apache-2.0
// Session generation from manifests: the example project and the mesh corpus in
// tests/data/meshes, asserted field by field, with the diagnostics.
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/sessionwriter.h"
#include "testsupport.h"

#include <QDir>
#include <QtTest>

#include <functional>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

struct Rendered {
    QString dir;
    PolicyPreview preview;

    QString rel(const QString &file) const { return QDir(dir).relativeFilePath(file); }
    const CasSession &session(const QString &name) const
    {
        const CasSession *s = preview.session(name);
        if (!s)
            qFatal("no session %s", qPrintable(name));
        return *s;
    }
    /// "code@relative-file:line" of every diagnostic of a severity, sorted.
    QStringList diags(Diagnostic::Severity sev) const
    {
        QStringList out;
        for (const Diagnostic &d : preview.diagnostics)
            if (d.severity == sev)
                out << d.code + QLatin1Char('@') + rel(d.file) + QLatin1Char(':') + QString::number(d.line);
        out.sort();
        return out;
    }
};

/// Generation on its own (validator off), so the diagnostics asserted are the generator's.
Rendered render(const QString &dir, const DeploymentSettings &settings, QHash<QString, QStringList> mrenclaves = {},
                bool withValidator = false)
{
    Result<ManifestProject> project = ManifestProject::loadFolder(dir);
    if (!project.ok())
        qFatal("cannot load %s: %s", qPrintable(dir), qPrintable(project.error().toString()));
    PolicyGenerationOptions o;
    o.settings = settings;
    o.mrenclaves = std::move(mrenclaves);
    o.runValidator = withValidator;
    return {dir, generatePolicies(project.value(), o)};
}

DeploymentSettings exampleSettings()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    s.release = QStringLiteral("secure-doc-management");
    s.appNamespace = QStringLiteral("secure-doc-management-12345-678");
    s.appImageRepo = QStringLiteral("registry.example.com/sdm");
    s.kubeNamespace = QStringLiteral("docs");
    s.casKey = QStringLiteral("46YyxrywJ8example");
    s.casSessionEncryptionKey = QString(64, QLatin1Char('a'));
    return s;
}

QStringList envNames(const CasService &s)
{
    QStringList out;
    for (const EnvironmentValue &e : s.environment)
        out << e.name;
    return out;
}

const EnvironmentValue *env(const CasService &s, const QString &name)
{
    for (const EnvironmentValue &e : s.environment)
        if (e.name == name)
            return &e;
    return nullptr;
}

QStringList exportTargets(const CasSecret *s)
{
    QStringList out;
    if (s)
        for (const SecretExport &e : s->exports)
            out << e.session + QStringLiteral(" -> ") + e.sessionAbsolute;
    return out;
}

/// 1-based line of the first line of @p file containing @p needle.
int lineOf(const QString &file, const QString &needle)
{
    const QStringList lines = QString::fromUtf8(test::readFile(file)).split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(needle))
            return i + 1;
    return 0;
}

}  // namespace

class TestPolicyGenerator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void example();
    void exampleSources();
    void exampleDeterministic();
    void exportChain();
    void legacyFlatEnv();
    void envPrecedence();
    void curatedImage();
    void missingVariables();
    void cycle();
    void danglingImport();
    void debugModeAndKnownMrenclaves();
    void inMemoryProjectFollowsEdits();
    void noMesh();
    void validatorFindingsAreMerged();
    void helmExtraValues();
    void namesHelmAndKubernetesRefuse();
    void importsAndKeysThePreviewDoesNotReflect();
    void meshSelection();
};

void TestPolicyGenerator::example()
{
    const Rendered r = render(test::exampleDir(), exampleSettings());
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList());
    QCOMPARE(r.diags(Diagnostic::Severity::Warning), QStringList());
    const PolicyPreview &p = r.preview;
    QCOMPARE(r.rel(p.meshFile), QStringLiteral("mesh.yaml"));
    QCOMPARE(p.policyNamespace, QStringLiteral("secure-doc-management-12345-678"));
    QCOMPARE(p.uploadMode, QStringLiteral("EncryptedManifest"));
    QCOMPARE(p.casAddress, QStringLiteral("cas.scone-system"));
    QCOMPARE(p.sessions.size(), 3);
    QCOMPARE(p.sessionYaml.size(), 3);

    // Namespace session first, with create_sessions.
    const CasSession &ns = p.sessions.at(0);
    QCOMPARE(ns.kind, CasSession::Kind::Namespace);
    QCOMPARE(ns.name, QStringLiteral("secure-doc-management-12345-678"));
    QCOMPARE(ns.accessPolicy.createSessions, QStringList{QStringLiteral("CREATOR")});
    QVERIFY(ns.services.isEmpty());
    QVERIFY(ns.secrets.isEmpty());

    // redis
    const CasSession &redis = r.session(QStringLiteral("secure-doc-management-12345-678/redis"));
    QCOMPARE(redis.meshService, QStringLiteral("redis"));
    QCOMPARE(redis.version, QStringLiteral("0.3.10"));
    QVERIFY(!redis.curatedImage);
    QCOMPARE(redis.accessPolicy.read, QStringList{QStringLiteral("CREATOR")});
    QCOMPARE(redis.accessPolicy.update, QStringList{QStringLiteral("CREATOR")});
    QVERIFY(redis.accessPolicy.createSessions.isEmpty());
    QCOMPARE(redis.services.size(), 1);
    const CasService &rs = redis.services.front();
    QCOMPARE(rs.name, QStringLiteral("redis"));
    QCOMPARE(rs.imageName, QStringLiteral("redis_image"));
    QCOMPARE(rs.command,
             QStringLiteral("redis-server --port 0 --tls-port 6379 --tls-cert-file /tls/redis.crt --tls-key-file "
                            "/tls/redis.key --tls-ca-cert-file /tls/ca.crt --tls-auth-clients yes"));
    QCOMPARE(rs.pwd, QStringLiteral("/"));
    QVERIFY(rs.mrenclavePlaceholder);
    QCOMPARE(rs.mrenclaves.size(), 1);
    QVERIFY(rs.mrenclaves.front().contains(QLatin1String("registry.example.com/sdm/secure-doc-management-redis:1")));
    QCOMPARE(envNames(rs), QStringList{QStringLiteral("redis_server_name")});  // SCONE_HEAP goes to the image
    QCOMPARE(env(rs, QStringLiteral("redis_server_name"))->value, QStringLiteral("secure-doc-management-redis"));
    QCOMPARE(env(rs, QStringLiteral("redis_server_name"))->origin, EnvironmentValue::Origin::MeshGlobal);
    QCOMPARE(redis.images.size(), 1);
    QCOMPARE(redis.images.front().name, QStringLiteral("redis_image"));
    QCOMPARE(redis.images.front().injectionFiles.size(), 3);
    QCOMPARE(redis.images.front().injectionFiles.at(2).path, QStringLiteral("/tls/ca.crt"));
    QCOMPARE(redis.images.front().injectionFiles.at(2).content, QStringLiteral("$$SCONE::redis_ca_cert.chain$$"));
    QStringList secretNames;
    for (const CasSecret &s : redis.secrets)
        secretNames << s.name;
    QCOMPARE(secretNames, (QStringList{QStringLiteral("redis_key"), QStringLiteral("redis"),
                                       QStringLiteral("redis_client_key"), QStringLiteral("redis_client_cert"),
                                       QStringLiteral("redis_ca_key"), QStringLiteral("redis_ca_cert")}));
    const CasSecret *server = redis.secret(QStringLiteral("redis"));
    QCOMPARE(server->kind, QStringLiteral("x509"));
    QCOMPARE(server->privateKey, QStringLiteral("redis_key"));
    QCOMPARE(server->issuer, QStringLiteral("redis_ca_cert"));
    QCOMPARE(server->endpoint, QStringLiteral("server"));
    QCOMPARE(server->dns, (QStringList{QStringLiteral("redis"), QStringLiteral("secure-doc-management-redis")}));
    QVERIFY(server->exports.isEmpty());
    QVERIFY(!server->exportPublic);
    QCOMPARE(redis.secret(QStringLiteral("redis_client_cert"))->endpoint, QStringLiteral("client"));
    const QStringList toFlask{QStringLiteral("../flask-api -> secure-doc-management-12345-678/flask-api")};
    QCOMPARE(exportTargets(redis.secret(QStringLiteral("redis_client_key"))), toFlask);
    QCOMPARE(exportTargets(redis.secret(QStringLiteral("redis_client_cert"))), toFlask);
    QCOMPARE(exportTargets(redis.secret(QStringLiteral("redis_ca_cert"))), toFlask);
    QCOMPARE(exportTargets(redis.secret(QStringLiteral("redis_ca_key"))), QStringList());
    QCOMPARE(redis.security.tolerate, (QStringList{QStringLiteral("outdated-tcb"), QStringLiteral("hyperthreading"),
                                                   QStringLiteral("software-hardening-needed")}));
    QCOMPARE(redis.security.ignoreAdvisories, QStringList{QStringLiteral("*")});
    QVERIFY(redis.security.attestationMode.isEmpty());

    // flask-api
    const CasSession &flask = r.session(QStringLiteral("secure-doc-management-12345-678/flask-api"));
    QCOMPARE(flask.services.size(), 1);
    const CasService &fs = flask.services.front();
    QCOMPARE(fs.name, QStringLiteral("python3"));
    QCOMPARE(fs.imageName, QStringLiteral("flask_api_image"));
    QCOMPARE(fs.command, QStringLiteral("python3 /python/rest_api.py"));
    QCOMPARE(fs.pwd, QStringLiteral("/python"));
    QCOMPARE(flask.configId(), QStringLiteral("secure-doc-management-12345-678/flask-api/python3"));
    // SCONE_* and INIT_CONTAINER* locals go to the image/chart; the globals get mesh values.
    QCOMPARE(envNames(fs),
             (QStringList{QStringLiteral("REDIS_HOST"), QStringLiteral("REDIS_PORT"), QStringLiteral("api_host"),
                          QStringLiteral("CLUSTER_DNS_IP"), QStringLiteral("K8sNAMESPACE")}));
    QCOMPARE(env(fs, QStringLiteral("REDIS_HOST"))->value, QStringLiteral("secure-doc-management-redis"));
    QCOMPARE(env(fs, QStringLiteral("REDIS_PORT"))->value, QStringLiteral("6379"));
    QCOMPARE(env(fs, QStringLiteral("REDIS_PORT"))->origin, EnvironmentValue::Origin::MeshGlobal);
    QCOMPARE(env(fs, QStringLiteral("api_host"))->value, QStringLiteral("secure-doc-management-flask-api"));
    QCOMPARE(env(fs, QStringLiteral("CLUSTER_DNS_IP"))->value, QStringLiteral("10.96.0.10"));
    QCOMPARE(env(fs, QStringLiteral("K8sNAMESPACE"))->value, QStringLiteral("docs"));  // $NAMESPACE from the settings
    const QList<CasInjectionFile> &inj = flask.images.front().injectionFiles;
    QCOMPARE(inj.size(), 6);
    QCOMPARE(inj.at(0).path, QStringLiteral("/tls/flask.crt"));
    QCOMPARE(inj.at(0).content, QStringLiteral("$$SCONE::flask.crt$$"));
    QCOMPARE(inj.at(4).content, QStringLiteral("$$SCONE::redis_client_cert.key$$"));
    QCOMPARE(inj.at(5).path, QStringLiteral("/etc/resolv.conf"));
    QCOMPARE(inj.at(5).content, QStringLiteral("nameserver 10.96.0.10\nsearch docs.svc.cluster.local svc.cluster.local "
                                               "cluster.local\noptions ndots:5\n"));
    const CasSecret *apiCa = flask.secret(QStringLiteral("api_ca_cert"));
    QCOMPARE(apiCa->kind, QStringLiteral("x509-ca"));
    QCOMPARE(apiCa->privateKey, QStringLiteral("api_ca_key"));
    QVERIFY(apiCa->exportPublic);
    const CasSecret *cert = flask.secret(QStringLiteral("flask"));
    QCOMPARE(cert->issuer, QStringLiteral("api_ca_cert"));
    QCOMPARE(cert->dns, (QStringList{QStringLiteral("api"), QStringLiteral("secure-doc-management-flask-api")}));
    for (const QString &name :
         {QStringLiteral("redis_client_key"), QStringLiteral("redis_client_cert"), QStringLiteral("redis_ca_cert")}) {
        const CasSecret *imp = flask.secret(name);
        QVERIFY2(imp && imp->import, qPrintable(name));
        QVERIFY(imp->kind.isEmpty());
        QCOMPARE(imp->import->session, QStringLiteral("../redis"));
        QCOMPARE(imp->import->sessionAbsolute, QStringLiteral("secure-doc-management-12345-678/redis"));
        QCOMPARE(imp->import->secret, name);
    }
    QCOMPARE(flask.importsFrom(), QStringList{QStringLiteral("secure-doc-management-12345-678/redis")});
    QCOMPARE(flask.security.tolerate, redis.security.tolerate);

    // Upload order and chart.
    QCOMPARE(p.upload.order, (QStringList{QStringLiteral("secure-doc-management-12345-678"),
                                          QStringLiteral("secure-doc-management-12345-678/redis"),
                                          QStringLiteral("secure-doc-management-12345-678/flask-api")}));
    QVERIFY(p.upload.cycles.isEmpty());
    QVERIFY(p.chart.file(QStringLiteral("charts/flask-api/values.yaml")));
    const QString values = p.chart.file(QStringLiteral("charts/flask-api/values.yaml"))->content.text;
    QVERIFY(values.contains(QLatin1String("configId: secure-doc-management-12345-678/flask-api/python3\n")));
    QVERIFY(values.contains(QLatin1String("image: registry.example.com/sdm/secure-doc-management-flask:1\n")));
    QVERIFY(values.contains(QLatin1String("  - name: sconeapps\n")));
    QVERIFY(values.contains(QLatin1String("  port: 4996\n")));
    QVERIFY(values.contains(QLatin1String("    host: \"secure-doc-management-redis\"\n")));
}

void TestPolicyGenerator::exampleSources()
{
    const Rendered r = render(test::exampleDir(), exampleSettings());
    const QString flaskManifest = QDir(test::exampleDir()).filePath(QStringLiteral("flask-api/service.yaml"));
    const QString mesh = QDir(test::exampleDir()).filePath(QStringLiteral("mesh.yaml"));
    const int idx = r.preview.indexOf(QStringLiteral("secure-doc-management-12345-678/flask-api"));
    const RenderedText &yaml = r.preview.sessionYaml.at(idx);
    QCOMPARE(yaml.lineCount(), int(yaml.text.count(QLatin1Char('\n'))));
    const QStringList lines = yaml.text.split(QLatin1Char('\n'));
    auto sourceOf = [&](const QString &needle) {
        for (int i = 0; i < lines.size(); ++i)
            if (lines.at(i).contains(needle))
                return yaml.sourceOfLine(i + 1);
        return SourceRef{};
    };
    SourceRef s = sourceOf(QStringLiteral("command: python3"));
    QCOMPARE(s.file, flaskManifest);
    QCOMPARE(s.line, lineOf(flaskManifest, QStringLiteral("command: python3")));
    s = sourceOf(QStringLiteral("REDIS_HOST:"));
    QCOMPARE(s.file, mesh);  // the mesh value won
    QCOMPARE(s.line, lineOf(mesh, QStringLiteral("$RELEASE-redis")));
    s = sourceOf(QStringLiteral("path: /etc/resolv.conf"));
    QCOMPARE(s.file, flaskManifest);
    QCOMPARE(s.line, lineOf(flaskManifest, QStringLiteral("path: /etc/resolv.conf")));
    s = sourceOf(QStringLiteral("- outdated-tcb"));
    QCOMPARE(s.file, mesh);
    QCOMPARE(s.line, lineOf(mesh, QStringLiteral("tolerate:")));
    s = sourceOf(QStringLiteral("session: ../redis"));
    QCOMPARE(s.file, flaskManifest);
    QCOMPARE(s.line, lineOf(flaskManifest, QStringLiteral("import: [redis_client_key")));
    QCOMPARE(yaml.lineOfSource(flaskManifest, lineOf(flaskManifest, QStringLiteral("command: python3"))),
             int(lines.indexOf(QRegularExpression(QStringLiteral("^    command: python3.*"))) + 1));
}

void TestPolicyGenerator::exampleDeterministic()
{
    const Rendered a = render(test::exampleDir(), exampleSettings());
    const Rendered b = render(test::exampleDir(), exampleSettings());
    QCOMPARE(a.preview.sessionYaml.size(), b.preview.sessionYaml.size());
    for (int i = 0; i < a.preview.sessionYaml.size(); ++i)
        QCOMPARE(a.preview.sessionYaml.at(i).text, b.preview.sessionYaml.at(i).text);
    QCOMPARE(a.preview.chart.files.size(), b.preview.chart.files.size());
    for (int i = 0; i < a.preview.chart.files.size(); ++i)
        QCOMPARE(a.preview.chart.files.at(i).content.text, b.preview.chart.files.at(i).content.text);
    // A different namespace changes every name, nothing else.
    DeploymentSettings s = exampleSettings();
    s.appNamespace = QStringLiteral("other-1-2");
    const Rendered c = render(test::exampleDir(), s);
    QString expected = a.preview.sessionYaml.at(2).text;
    expected.replace(QLatin1String("secure-doc-management-12345-678"), QLatin1String("other-1-2"));
    QCOMPARE(c.preview.sessionYaml.at(2).text, expected);
}

void TestPolicyGenerator::exportChain()
{
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/ExportChain")), DeploymentSettings::defaults());
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList());
    // Listed gamma, beta, alpha, delta in the mesh: exporters must come first.
    QCOMPARE(r.preview.upload.order, (QStringList{QStringLiteral("chain-1-2"), QStringLiteral("chain-1-2/alpha"),
                                                  QStringLiteral("chain-1-2/beta"), QStringLiteral("chain-1-2/gamma"),
                                                  QStringLiteral("chain-1-2/delta")}));
    const CasSession &alpha = r.session(QStringLiteral("chain-1-2/alpha"));
    const CasSecret *token = alpha.secret(QStringLiteral("alpha_token"));
    QCOMPARE(token->kind, QStringLiteral("ascii"));
    QCOMPARE(token->size, std::optional<int>(32));
    QCOMPARE(exportTargets(token),
             (QStringList{QStringLiteral("../gamma -> chain-1-2/gamma"), QStringLiteral("../beta -> chain-1-2/beta")}));
    QCOMPARE(alpha.secret(QStringLiteral("alpha_salt"))->kind, QStringLiteral("binary"));
    QCOMPARE(alpha.secret(QStringLiteral("alpha_salt"))->size, std::optional<int>(16));
    QVERIFY(!alpha.secret(QStringLiteral("alpha_salt"))->migrate.has_value());
    const CasSession &beta = r.session(QStringLiteral("chain-1-2/beta"));
    QCOMPARE(beta.services.front().name, QStringLiteral("java"));
    const CasSecret *key = beta.secret(QStringLiteral("beta_key"));
    QCOMPARE(key->keyType, QStringLiteral("P-384"));
    QCOMPARE(key->migrate, std::optional<bool>(true));
    QCOMPARE(exportTargets(key), QStringList{QStringLiteral("../gamma -> chain-1-2/gamma")});
    QCOMPARE(beta.secret(QStringLiteral("alpha_token"))->import->sessionAbsolute, QStringLiteral("chain-1-2/alpha"));
    const CasSession &gamma = r.session(QStringLiteral("chain-1-2/gamma"));
    QCOMPARE(gamma.services.front().name, QStringLiteral("gamma"));  // sconify_image: the mesh name
    QCOMPARE(gamma.importsFrom(), (QStringList{QStringLiteral("chain-1-2/alpha"), QStringLiteral("chain-1-2/beta")}));
    QCOMPARE(gamma.security.ignoreAdvisories,
             (QStringList{QStringLiteral("INTEL-SA-00615"), QStringLiteral("INTEL-SA-00657")}));
    const CasSession &delta = r.session(QStringLiteral("chain-1-2/delta"));
    QCOMPARE(envNames(delta.services.front()), QStringList{QStringLiteral("MODE")});
    QCOMPARE(env(delta.services.front(), QStringLiteral("MODE"))->origin, EnvironmentValue::Origin::Local);
    const QString values = r.preview.chart.file(QStringLiteral("charts/delta/values.yaml"))->content.text;
    QVERIFY(values.contains(QLatin1String("imagePullSecrets:\n  - name: pull-a\n  - name: pull-b\n")));
    QVERIFY(values.contains(QLatin1String("  enabled: false\n  type: ClusterIP\n  port: 0\n")));  // no port: no Service
    QCOMPARE(r.diags(Diagnostic::Severity::Info).count(QStringLiteral("policy.helm.no-port@mesh.yaml:18")), 1);
}

void TestPolicyGenerator::legacyFlatEnv()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    s.appNamespace = QStringLiteral("flat-1-1");
    s.appImageRepo = QStringLiteral("repo.example.org");
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/LegacyFlatEnv")), s);
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList());
    const CasSession &app = r.session(QStringLiteral("flat-1-1/app"));
    const CasService &svc = app.services.front();
    QCOMPARE(envNames(svc),
             (QStringList{QStringLiteral("API_PASSWORD"), QStringLiteral("API_USER"), QStringLiteral("GREETING")}));
    QCOMPARE(env(svc, QStringLiteral("API_PASSWORD"))->value,
             QStringLiteral("$$SCONE::password$$"));  // kept for the CAS
    QCOMPARE(env(svc, QStringLiteral("API_USER"))->value, QStringLiteral("myself"));
    QCOMPARE(env(svc, QStringLiteral("API_USER"))->origin, EnvironmentValue::Origin::MeshGlobal);
    QCOMPARE(env(svc, QStringLiteral("GREETING"))->value, QStringLiteral("hello myself"));
    QCOMPARE(app.secret(QStringLiteral("password"))->size, std::optional<int>(10));
    QCOMPARE(r.preview.casAddress, QStringLiteral("cas.scone-system"));
    QVERIFY(r.preview.chart.file(QStringLiteral("charts/app/values.yaml"))
                ->content.text.contains(QLatin1String("  port: 8080\n")));
    QVERIFY(app.security.isEmpty());  // no tolerate / ignore_advisories in the mesh
    QVERIFY(!r.preview.sessionYaml.at(1).text.contains(QLatin1String("security:")));
}

void TestPolicyGenerator::envPrecedence()
{
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/EnvPrecedence")), DeploymentSettings::defaults());
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList());
    QCOMPARE(r.diags(Diagnostic::Severity::Warning),
             QStringList{QStringLiteral("policy.env.unknown-service@mesh.yaml:34")});
    const CasService &web = r.session(QStringLiteral("prec-7-7/web")).services.front();
    QCOMPARE(envNames(web), (QStringList{QStringLiteral("FIXED"), QStringLiteral("X"), QStringLiteral("Y"),
                                         QStringLiteral("Z"), QStringLiteral("W")}));
    QCOMPARE(env(web, QStringLiteral("X"))->value, QStringLiteral("from-service"));
    QCOMPARE(env(web, QStringLiteral("X"))->origin, EnvironmentValue::Origin::MeshService);
    QCOMPARE(env(web, QStringLiteral("Y"))->value, QStringLiteral("from-helm"));
    QCOMPARE(env(web, QStringLiteral("Y"))->origin, EnvironmentValue::Origin::MeshHelm);
    QCOMPARE(env(web, QStringLiteral("Z"))->value, QStringLiteral("from-global"));
    QCOMPARE(env(web, QStringLiteral("Z"))->origin, EnvironmentValue::Origin::MeshGlobal);
    QCOMPARE(env(web, QStringLiteral("W"))->value, QStringLiteral("default-w"));
    QCOMPARE(env(web, QStringLiteral("W"))->origin, EnvironmentValue::Origin::ServiceDefault);
    QCOMPARE(env(web, QStringLiteral("FIXED"))->value, QStringLiteral("local from-service"));
    const QString mesh = QDir(r.dir).filePath(QStringLiteral("mesh.yaml"));
    QCOMPARE(env(web, QStringLiteral("X"))->source.line, lineOf(mesh, QStringLiteral("value: from-service")));
    QCOMPARE(web.command, QStringLiteral("python3 /web/app.py --port 8443"));
    const QString values = r.preview.chart.file(QStringLiteral("charts/web/values.yaml"))->content.text;
    QVERIFY(values.contains(QLatin1String("    kubernetes.azure.com/sgx_epc_mem_in_MiB: \"64\"\n")));
    QVERIFY(!values.contains(QLatin1String("sgx.k8s.io/sgx")));
    QVERIFY(values.contains(QLatin1String("  port: 9443\n")));  // PYTHON_SERVICE_PORT beats APP_SERVICE_PORT
    QVERIFY(values.contains(QLatin1String("  log: debug\n")));
}

void TestPolicyGenerator::curatedImage()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    s.release = QStringLiteral("cache");
    s.version = QStringLiteral("5.9.0");
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/CuratedImage")), s);
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList());
    QCOMPARE(r.diags(Diagnostic::Severity::Warning),
             QStringList{QStringLiteral("policy.import.dangling@api/service.yaml:7")});
    QVERIFY(r.diags(Diagnostic::Severity::Info).contains(QStringLiteral("policy.service.curated@mesh.yaml:25")));
    const CasSession &redis = r.session(QStringLiteral("cur-1-1/redis"));
    QVERIFY(redis.curatedImage);
    QVERIFY(redis.serviceManifestFile.isEmpty());
    QCOMPARE(redis.services.front().name, QStringLiteral("redis"));
    QVERIFY(redis.services.front().command.isEmpty());
    QVERIFY(redis.services.front().mrenclavePlaceholder);
    QVERIFY(redis.services.front().mrenclaves.front().contains(
        QLatin1String("registry.scontain.com/sconectl/redis:5.9.0")));
    // The mesh values the curated image's template will read (helm names excluded).
    QCOMPARE(envNames(redis.services.front()),
             (QStringList{QStringLiteral("REDIS_HOST"), QStringLiteral("redis_server_name")}));
    QCOMPARE(env(redis.services.front(), QStringLiteral("redis_server_name"))->value, QStringLiteral("cache-redis"));
    QCOMPARE(redis.security.tolerate, QStringList{QStringLiteral("outdated-tcb")});
    const CasSession &api = r.session(QStringLiteral("cur-1-1/api"));
    const CasSecret *imp = api.secret(QStringLiteral("redis_client_cert"));
    QVERIFY(imp && imp->import);
    // The only curated image of the mesh is where an undefined import comes from.
    QCOMPARE(imp->import->sessionAbsolute, QStringLiteral("cur-1-1/redis"));
    QCOMPARE(imp->import->session, QStringLiteral("../redis"));
    QCOMPARE(r.preview.upload.order,
             (QStringList{QStringLiteral("cur-1-1"), QStringLiteral("cur-1-1/redis"), QStringLiteral("cur-1-1/api")}));
    const QString values = r.preview.chart.file(QStringLiteral("charts/redis/values.yaml"))->content.text;
    QVERIFY(values.contains(QLatin1String("image: registry.scontain.com/sconectl/redis:5.9.0\n")));
    QVERIFY(values.contains(QLatin1String("  port: 6379\n")));
    QVERIFY(values.contains(QLatin1String("configId: cur-1-1/redis/redis\n")));
}

void TestPolicyGenerator::missingVariables()
{
    const Rendered r =
        render(test::dataPath(QStringLiteral("meshes/MissingVariables")), DeploymentSettings::defaults());
    QCOMPARE(r.diags(Diagnostic::Severity::Error),
             (QStringList{QStringLiteral("policy.env.missing@svc/service.yaml:6"),
                          QStringLiteral("policy.variable.unresolved@mesh.yaml:12"),
                          QStringLiteral("policy.variable.unresolved@svc/service.yaml:9")}));
    QVERIFY(r.diags(Diagnostic::Severity::Warning)
                .contains(QStringLiteral("policy.placeholder.unknown-secret@svc/service.yaml:9")));
    QVERIFY(r.preview.hasErrors());
    bool mentionsHost = false, mentionsPort = false;
    for (const Diagnostic &d : r.preview.diagnostics) {
        mentionsHost = mentionsHost || d.message.contains(QLatin1String("$UNDEFINED_HOST"));
        mentionsPort = mentionsPort || d.message.contains(QLatin1String("{{missing_port}}"));
    }
    QVERIFY(mentionsHost);
    QVERIFY(mentionsPort);
    // Unresolved tokens stay visible in the preview; never an empty string.
    const CasSession &svc = r.session(QStringLiteral("miss-1-1/svc"));
    QCOMPARE(env(svc.services.front(), QStringLiteral("HOST"))->value, QStringLiteral("$UNDEFINED_HOST"));
    QVERIFY(!env(svc.services.front(), QStringLiteral("NEEDED")));
    QCOMPARE(svc.images.front().injectionFiles.front().content,
             QStringLiteral("host = $UNDEFINED_HOST\nport = {{missing_port}}\nsecret = $$SCONE::svc_secret$$\n"));
}

void TestPolicyGenerator::cycle()
{
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/Cycle")), DeploymentSettings::defaults());
    QCOMPARE(r.diags(Diagnostic::Severity::Error), QStringList{QStringLiteral("policy.cycle@mesh.yaml:10")});
    QCOMPARE(r.preview.upload.cycles,
             QList<QStringList>{(QStringList{QStringLiteral("cyc-1-1/left"), QStringLiteral("cyc-1-1/right")})});
    QCOMPARE(r.preview.upload.order,
             (QStringList{QStringLiteral("cyc-1-1"), QStringLiteral("cyc-1-1/left"), QStringLiteral("cyc-1-1/right")}));
    QCOMPARE(exportTargets(r.session(QStringLiteral("cyc-1-1/left")).secret(QStringLiteral("left_token"))),
             QStringList{QStringLiteral("../right -> cyc-1-1/right")});
}

void TestPolicyGenerator::danglingImport()
{
    const Rendered r = render(test::dataPath(QStringLiteral("meshes/DanglingImport")), DeploymentSettings::defaults());
    QCOMPARE(r.diags(Diagnostic::Severity::Error),
             QStringList{QStringLiteral("policy.import.dangling@lonely/service.yaml:8")});
    const CasSecret *s = r.session(QStringLiteral("dang-1-1/lonely")).secret(QStringLiteral("nobody_has_this"));
    QVERIFY(s && s->import);
    QVERIFY(s->import->sessionAbsolute.isEmpty());
}

void TestPolicyGenerator::debugModeAndKnownMrenclaves()
{
    DeploymentSettings s = exampleSettings();
    s.mode = DeploymentMode::Debug;
    const QString hex = QString(64, QLatin1Char('c'));
    const Rendered r = render(test::exampleDir(), s, {{QStringLiteral("redis"), {hex}}});
    const CasSession &redis = r.session(QStringLiteral("secure-doc-management-12345-678/redis"));
    QCOMPARE(redis.security.tolerate.last(), QStringLiteral("debug-mode"));
    QCOMPARE(redis.services.front().mrenclaves, QStringList{hex});
    QVERIFY(!redis.services.front().mrenclavePlaceholder);
    QVERIFY(
        r.session(QStringLiteral("secure-doc-management-12345-678/flask-api")).services.front().mrenclavePlaceholder);
    QVERIFY(r.diags(Diagnostic::Severity::Info).contains(QStringLiteral("policy.mode.debug@mesh.yaml:22")));
}

void TestPolicyGenerator::inMemoryProjectFollowsEdits()
{
    Result<ManifestProject> loaded = ManifestProject::loadFolder(test::exampleDir());
    QVERIFY(loaded.ok());
    ManifestProject project = loaded.value();
    const QString mesh = QDir(test::exampleDir()).filePath(QStringLiteral("mesh.yaml"));
    QByteArray text = test::readFile(mesh);
    text.replace("tolerate: \"outdated-tcb, hyperthreading, software-hardening-needed\"",
                 "tolerate: \"outdated-tcb, debug-mode\"");
    project.setText(mesh, text);
    PolicyGenerationOptions o;
    o.settings = exampleSettings();
    const PolicyPreview p = generatePolicies(project, o);
    QCOMPARE(p.session(QStringLiteral("secure-doc-management-12345-678/redis"))->security.tolerate,
             (QStringList{QStringLiteral("outdated-tcb"), QStringLiteral("debug-mode")}));
}

void TestPolicyGenerator::noMesh()
{
    ManifestProject project;
    project.setText(QStringLiteral("svc/service.yaml"),
                    test::readFile(test::dataPath(QStringLiteral("meshes/DanglingImport/lonely/service.yaml"))));
    const PolicyPreview p = generatePolicies(project, PolicyGenerationOptions{});
    QVERIFY(p.hasErrors());
    QVERIFY(p.sessions.isEmpty());
    QCOMPARE(p.diagnostics.front().code, QStringLiteral("policy.mesh.missing"));
}

void TestPolicyGenerator::validatorFindingsAreMerged()
{
    // The example has no errors either way; the validator's lint (warnings) is merged in.
    const Rendered ex = render(test::exampleDir(), exampleSettings(), {}, true);
    QCOMPARE(ex.diags(Diagnostic::Severity::Error), QStringList());
    for (const QString &d : ex.diags(Diagnostic::Severity::Warning))
        QVERIFY2(!d.startsWith(QLatin1String("policy.")), qPrintable(d));
    // An unknown secret in a placeholder is reported once, by the validator, at the exact line
    // inside the injected content; generation's own findings stay.
    const Rendered miss =
        render(test::dataPath(QStringLiteral("meshes/MissingVariables")), DeploymentSettings::defaults(), {}, true);
    const QStringList all = miss.diags(Diagnostic::Severity::Error) + miss.diags(Diagnostic::Severity::Warning);
    QVERIFY(all.contains(QStringLiteral("policy.env.missing@svc/service.yaml:6")));
    QVERIFY(all.contains(QStringLiteral("policy.variable.unresolved@mesh.yaml:12")));
    QVERIFY(!all.contains(QStringLiteral("policy.placeholder.unknown-secret@svc/service.yaml:9")));
    bool validatorReported = false;
    for (const Diagnostic &d : miss.preview.diagnostics)
        validatorReported = validatorReported || (!d.code.startsWith(QLatin1String("policy.")) &&
                                                  d.message.contains(QLatin1String("svc_secret")));
    QVERIFY(validatorReported);
}

namespace {
/// The example project in memory, with @p edit applied to the text of @p relative.
ManifestProject editedExample(const QString &relative, const std::function<void(QByteArray &)> &edit)
{
    Result<ManifestProject> loaded = ManifestProject::loadFolder(test::exampleDir());
    if (!loaded.ok())
        qFatal("cannot load the example");
    ManifestProject project = loaded.value();
    const QString path = QDir(test::exampleDir()).filePath(relative);
    QByteArray text = test::readFile(path);
    edit(text);
    project.setText(path, text);
    return project;
}

QStringList codes(const PolicyPreview &p, Diagnostic::Severity sev)
{
    QStringList out;
    for (const Diagnostic &d : p.diagnostics)
        if (d.severity == sev)
            out << d.code;
    return out;
}

PolicyPreview generate(const ManifestProject &project, const DeploymentSettings &settings)
{
    PolicyGenerationOptions o;
    o.settings = settings;
    return generatePolicies(project, o);
}
}  // namespace

void TestPolicyGenerator::helmExtraValues()
{
    const ManifestProject project = editedExample(QStringLiteral("mesh.yaml"), [](QByteArray &t) {
        t += "\nhelm_extra_values:\n"
             "  flask-api:\n"
             "    ingress:\n"
             "      host: $RELEASE-api.example.com   # envsubst'd like the rest of the mesh\n"
             "    config: |\n"
             "      first\n"
             "\n"
             "      third\n"
             "  redis: just-a-string\n";
    });
    const PolicyPreview p = generate(project, exampleSettings());
    const QString values = p.chart.file(QStringLiteral("values.yaml"))->content.text;
    QVERIFY2(values.contains(QLatin1String("  ingress:\n    host: secure-doc-management-api.example.com")),
             qPrintable(values));
    QVERIFY2(values.contains(QLatin1String("  config: |\n    first\n\n    third\n")), qPrintable(values));
    // A value that is no mapping is an error, and is not copied with its key repeated.
    QVERIFY(codes(p, Diagnostic::Severity::Error).contains(QStringLiteral("policy.helm.extra-values")));
    QVERIFY(!values.contains(QLatin1String("redis: just-a-string")));
    // The genservice template's restartPolicy is in every service's values.
    QVERIFY(p.chart.file(QStringLiteral("charts/redis/values.yaml"))
                ->content.text.contains(QLatin1String("jobs:\n  restartPolicy: Always\n")));
}

void TestPolicyGenerator::namesHelmAndKubernetesRefuse()
{
    Result<ManifestProject> example = ManifestProject::loadFolder(test::exampleDir());
    QVERIFY(example.ok());
    DeploymentSettings s = exampleSettings();
    s.release = QStringLiteral("My_Release");
    QVERIFY(codes(generate(example.value(), s), Diagnostic::Severity::Error)
                .contains(QStringLiteral("policy.helm.release")));
    // A service name Kubernetes objects cannot carry.
    const ManifestProject upper = editedExample(QStringLiteral("mesh.yaml"), [](QByteArray &t) {
        t.replace("  - name: redis\n    image:", "  - name: Redis_DB\n    image:");
    });
    QVERIFY(codes(generate(upper, exampleSettings()), Diagnostic::Severity::Error)
                .contains(QStringLiteral("policy.helm.name")));
    // APP_NAMESPACE used when the mesh names no namespace is checked like one the mesh names.
    const ManifestProject noNamespace = editedExample(QStringLiteral("mesh.yaml"), [](QByteArray &t) {
        t.replace("  namespace: $APP_NAMESPACE ", "  # no namespace ");
    });
    s = exampleSettings();
    s.appNamespace = QStringLiteral("bad name/../x");
    const PolicyPreview p = generate(noNamespace, s);
    QVERIFY(codes(p, Diagnostic::Severity::Error).contains(QStringLiteral("policy.name.invalid")));
}

void TestPolicyGenerator::importsAndKeysThePreviewDoesNotReflect()
{
    ManifestProject project = editedExample(QStringLiteral("flask-api/service.yaml"), [](QByteArray &t) {
        t.replace("import: [redis_client_key, redis_client_cert, redis_ca_cert]",
                  "import: [redis_client_key, redis_client_cert, redis_ca_cert, redis_ca_cert]");
    });
    const QString mesh = QDir(test::exampleDir()).filePath(QStringLiteral("mesh.yaml"));
    QByteArray meshText = test::readFile(mesh);
    meshText.replace("  - name: redis\n    image: $APP_IMAGE_REPO/secure-doc-management-redis:1\n",
                     "  - name: redis\n    image: $APP_IMAGE_REPO/secure-doc-management-redis:1\n"
                     "    image_secrets: secrets.yaml\n");
    project.setText(mesh, meshText);
    const PolicyPreview p = generate(project, exampleSettings());
    const QStringList warnings = codes(p, Diagnostic::Severity::Warning);
    QVERIFY(warnings.contains(QStringLiteral("policy.import.duplicate")));
    QVERIFY(warnings.contains(QStringLiteral("policy.service.not-previewed")));
    QVERIFY(!codes(p, Diagnostic::Severity::Error).contains(QStringLiteral("policy.import.self")));
}

void TestPolicyGenerator::meshSelection()
{
    Result<ManifestProject> loaded = ManifestProject::loadFolder(test::exampleDir());
    QVERIFY(loaded.ok());
    const QString root = test::exampleDir();
    const QByteArray meshText = test::readFile(QDir(root).filePath(QStringLiteral("mesh.yaml")));
    QByteArray other = meshText;
    other.replace("namespace: $APP_NAMESPACE", "namespace: other-ns");

    // The tutorials' layout: mesh.yaml is generated from mesh.yaml.template, which wins.
    ManifestProject templated = loaded.value();
    templated.setText(QDir(root).filePath(QStringLiteral("mesh.yaml.template")), other);
    PolicyPreview p = generate(templated, exampleSettings());
    QVERIFY(!p.hasErrors());
    QCOMPARE(p.policyNamespace, QStringLiteral("other-ns"));

    // MESH_FILE names one file exactly, relative to the project: not by suffix.
    ManifestProject two = loaded.value();
    two.setText(QDir(root).filePath(QStringLiteral("a/mesh.yaml")), other);
    DeploymentSettings s = exampleSettings();
    s.meshFile = QStringLiteral("mesh.yaml");
    p = generate(two, s);
    QVERIFY(!p.hasErrors());
    QCOMPARE(p.policyNamespace, QStringLiteral("secure-doc-management-12345-678"));
    s.meshFile = QStringLiteral("a/mesh.yaml");
    QCOMPARE(generate(two, s).policyNamespace, QStringLiteral("other-ns"));
    s.meshFile = QStringLiteral("b/mesh.yaml");
    QVERIFY(codes(generate(two, s), Diagnostic::Severity::Error).contains(QStringLiteral("policy.mesh.not-found")));
}

QTEST_GUILESS_MAIN(TestPolicyGenerator)
#include "tst_policy_generator.moc"
