// SPDX-License-Identifier: Apache-2.0
// The indexes that keep the analysis of a big project near-linear give the answers the plain
// scans gave: the effective mesh environment, generation independent of the order files come
// in, the lookups of issued certificates, the secret index on non-ASCII text. The project is
// the scaling benchmark's generator (tests/support/projectgenerator), small.
#include "certs/certificateissuer.h"
#include "certs/previewcheck.h"
#include "certs/sessionsecretspecs.h"
#include "documents/secretindex.h"
#include "manifest/manifestproject.h"
#include "manifest/meshenvironment.h"
#include "policy/policygenerator.h"
#include "policy/projectsettings.h"
#include "projectgenerator.h"
#include "testsupport.h"
#include "validation/projectvalidator.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;

namespace {

constexpr int kServices = 12;

ManifestProject generatedProject(bool reversed = false, int services = kServices)
{
    test::ScaleProjectOptions o;
    o.services = services;
    o.withSettings = false;
    QList<QPair<QString, QByteArray>> files = test::scaleProjectFiles(o);
    if (reversed)
        std::reverse(files.begin(), files.end());
    ManifestProject project;
    for (const auto &f : std::as_const(files))
        project.setText(f.first, f.second);
    return project;
}

policy::DeploymentSettings generatedSettings()
{
    // what the generator writes into .scone-workbench/settings.yaml
    policy::DeploymentSettings s = policy::DeploymentSettings::defaults();
    s.release = QStringLiteral("scale");
    s.appNamespace = QStringLiteral("scale-1-1");
    s.appImageRepo = QStringLiteral("registry.example.com/scale");
    s.casKey = QString(64, QLatin1Char('a'));
    s.casSessionEncryptionKey = QString(64, QLatin1Char('b'));
    return s;
}

policy::PolicyPreview generate(const ManifestProject &project)
{
    policy::PolicyGenerationOptions o;
    o.settings = generatedSettings();
    return policy::generatePolicies(project, o);
}

QStringList describe(const Diagnostics &d)
{
    QStringList out;
    for (const Diagnostic &x : d)
        out << x.toString();
    return out;
}

}  // namespace

class TestProjectScale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void effectiveEnvKeepsFirstPlaceAndLastValue();
    void meshEnvironmentIsEffectiveEnv_data();
    void meshEnvironmentIsEffectiveEnv();
    void generatedProjectIsClean();
    void generationIgnoresFileOrder();
    void suggestionsOverTheWholeMesh();
    void issuedSecretLookups();
    void dialedNamesInTheOrderOtherSessionsNameThem();
    void secretIndexOnNonAsciiText();
};

void TestProjectScale::effectiveEnvKeepsFirstPlaceAndLastValue()
{
    const YamlDocument doc = YamlDocument::fromText("kind: mesh\nenv:\n"
                                                    "  - service: api\n    env:\n      - name: B\n        value: api\n"
                                                    "  - service: global\n    env:\n"
                                                    "      - name: A\n        value: g1\n"
                                                    "      - name: B\n        value: g\n"
                                                    "      - name: A\n        value: g2\n"
                                                    "  - service: helm\n    env:\n      - name: C\n        value: h\n"
                                                    "      - name: A\n        value: h\n");
    const MeshManifest mesh = MeshManifest::fromDocument(doc);
    QStringList got;
    for (const EnvVariable &v : mesh.effectiveEnv(QStringLiteral("api")))
        got << v.name.value + QLatin1Char('=') + v.value->value;
    QCOMPARE(got, (QStringList{QStringLiteral("A=h"), QStringLiteral("B=api"), QStringLiteral("C=h")}));
    got.clear();
    for (const EnvVariable &v : mesh.effectiveEnv(QStringLiteral("global")))
        got << v.name.value + QLatin1Char('=') + v.value->value;
    QCOMPARE(got, (QStringList{QStringLiteral("A=h"), QStringLiteral("B=g"), QStringLiteral("C=h")}));
}

void TestProjectScale::meshEnvironmentIsEffectiveEnv_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("example") << test::exampleDir() + QStringLiteral("/mesh.yaml");
    QTest::newRow("precedence") << test::dataPath(QStringLiteral("meshes/EnvPrecedence/mesh.yaml"));
    QTest::newRow("legacy flat") << test::dataPath(QStringLiteral("meshes/LegacyFlatEnv/mesh.yaml"));
    QTest::newRow("duplicate blocks") << test::dataPath(QStringLiteral("manifests/broken/MeshDuplicateEnvBlock.yaml"));
    QTest::newRow("generated") << QString();
}

void TestProjectScale::meshEnvironmentIsEffectiveEnv()
{
    QFETCH(QString, path);
    MeshManifest mesh;
    if (path.isEmpty()) {
        const ManifestProject project = generatedProject();
        mesh = *project.meshFiles().first()->mesh;
    } else {
        Result<YamlDocument> doc = YamlDocument::fromFile(path);
        QVERIFY(doc.ok());
        mesh = MeshManifest::fromDocument(doc.value());
    }
    QVERIFY(!mesh.envBlocks.isEmpty() || !mesh.flatEnv.isEmpty());
    const MeshEnvironment env(mesh);
    QStringList services = mesh.serviceNames();
    for (const MeshEnvBlock &b : mesh.envBlocks)
        services << b.service.value;  // blocks of unknown services, `global`, `helm`
    services << QStringLiteral("no-such-service");
    for (const QString &service : std::as_const(services)) {
        const QList<EnvVariable> expected = mesh.effectiveEnv(service);
        QSet<QString> names;
        for (const EnvVariable &v : expected) {
            names.insert(v.name.value);
            const EnvVariable *found = env.find(service, v.name.value);
            QVERIFY2(found, qPrintable(service + QLatin1Char(' ') + v.name.value));
            QCOMPARE(found->name.location.line, v.name.location.line);
        }
        QSet<QString> listed(env.sharedNames().begin(), env.sharedNames().end());
        for (const QString &n : env.serviceNames(service))
            listed.insert(n);
        QCOMPARE(listed, names);
        QVERIFY(!env.contains(service, QStringLiteral("NOT_SET_ANYWHERE")));
    }
    for (int i = 0; i < mesh.services.size(); ++i)
        QCOMPARE(mesh.services.at(env.serviceIndex(mesh.services.at(i).name.value)).name.value,
                 mesh.services.at(i).name.value);
    QCOMPARE(env.serviceIndex(QStringLiteral("no-such-service")), -1);
}

void TestProjectScale::generatedProjectIsClean()
{
    const ManifestProject project = generatedProject();
    ValidationOptions vo;
    vo.checkFiles = false;
    vo.includeInfo = false;
    const Diagnostics found = ProjectValidator(vo).validate(project);
    QVERIFY2(found.isEmpty(), qPrintable(describe(found).join(QLatin1Char('\n'))));

    const policy::PolicyPreview preview = generate(project);
    QVERIFY2(!preview.hasErrors(), qPrintable(describe(preview.diagnostics).join(QLatin1Char('\n'))));
    QCOMPARE(preview.sessions.size(), kServices + 1);
    // The shapes the benchmark stands for: the import chain, a CA exported to several importers,
    // the per-service global variable from the mesh's global block.
    const policy::CasSession *s5 = preview.session(QStringLiteral("scale-1-1/svc-5"));
    QVERIFY(s5);
    QStringList imported;
    for (const policy::CasSecret &c : s5->secrets)
        if (c.isImported())
            imported << c.name + QStringLiteral("<-") + c.import->sessionAbsolute;
    QCOMPARE(imported,
             (QStringList{QStringLiteral("svc_4_ca<-scale-1-1/svc-4"), QStringLiteral("svc_3_ca<-scale-1-1/svc-3"),
                          QStringLiteral("svc_2_ca<-scale-1-1/svc-2")}));
    const policy::CasSecret *ca4 =
        preview.session(QStringLiteral("scale-1-1/svc-4"))->secret(QStringLiteral("svc_4_ca"));
    QVERIFY(ca4);
    QCOMPARE(ca4->exports.size(), 3);
    const policy::CasSecret *cert5 = s5->secret(QStringLiteral("svc_5_cert"));
    QCOMPARE(cert5->dns, (QStringList{QStringLiteral("svc-5"), QStringLiteral("scale-svc-5")}));
    QCOMPARE(preview.upload.order.size(), kServices + 1);
    QVERIFY(preview.upload.order.indexOf(QStringLiteral("scale-1-1/svc-4")) <
            preview.upload.order.indexOf(QStringLiteral("scale-1-1/svc-5")));
}

void TestProjectScale::generationIgnoresFileOrder()
{
    // The indexes are hashes; nothing of their order may reach the output.
    const policy::PolicyPreview a = generate(generatedProject(false));
    const policy::PolicyPreview b = generate(generatedProject(true));
    QCOMPARE(a.sessionYaml.size(), b.sessionYaml.size());
    for (int i = 0; i < a.sessionYaml.size(); ++i)
        QCOMPARE(a.sessionYaml.at(i).text, b.sessionYaml.at(i).text);
    QCOMPARE(a.chart.files.size(), b.chart.files.size());
    for (int i = 0; i < a.chart.files.size(); ++i) {
        QCOMPARE(a.chart.files.at(i).path, b.chart.files.at(i).path);
        QCOMPARE(a.chart.files.at(i).content.text, b.chart.files.at(i).content.text);
    }
    QCOMPARE(a.upload.order, b.upload.order);
    QCOMPARE(describe(a.diagnostics), describe(b.diagnostics));
}

void TestProjectScale::suggestionsOverTheWholeMesh()
{
    // A typo among thousands of mesh variables still gets the nearest one suggested.
    test::ScaleProjectOptions o;
    o.services = 300;
    o.withSettings = false;
    ManifestProject project;
    for (const auto &f : test::scaleProjectFiles(o)) {
        QByteArray text = f.second;
        if (f.first == QLatin1String("svc-7/service.yaml"))
            text.replace("https://{{svc_7_host}}", "https://{{svc_7_hots}}");
        project.setText(f.first, text);
    }
    ValidationOptions vo;
    vo.checkFiles = false;
    const Diagnostics found = ProjectValidator(vo).validate(project);
    QStringList undefined;
    for (const Diagnostic &d : found)
        if (d.code == QLatin1String("var.undefined"))
            undefined << d.message;
    QCOMPARE(undefined.size(), 1);
    QVERIFY2(undefined.first().endsWith(QLatin1String("(did you mean `svc_7_host`?)")), qPrintable(undefined.first()));
}

void TestProjectScale::issuedSecretLookups()
{
    const policy::PolicyPreview preview = generate(generatedProject());
    const certs::SessionSecretSpecs specs = certs::secretSpecsFromSessions(preview.sessions);
    const Result<certs::IssuedSecrets> issued = certs::issueSecrets(specs.specs);
    QVERIFY2(issued.ok(), issued.ok() ? "" : qPrintable(issued.error().toString()));

    // The indexed lookups against a scan of every issued secret.
    QStringList sessions;
    for (const certs::IssuedSecret &s : issued->secrets()) {
        if (!sessions.contains(s.spec.session))
            sessions << s.spec.session;
        QList<const certs::IssuedSecret *> importers;
        for (const certs::IssuedSecret &o : issued->secrets())
            if (o.isImported() && o.origin == s.origin)
                importers << &o;
        if (!s.isImported())
            QVERIFY2(issued->importsOf(s.origin) == importers, qPrintable(s.origin.toString()));
        for (const QString &session : {s.spec.session, QStringLiteral("scale-1-1/svc-0")}) {
            bool held = false;
            for (const certs::IssuedSecret &o : issued->secrets())
                held = held ||
                       (o.spec.session == session && o.kind == certs::SecretKind::PrivateKey && o.origin == s.origin);
            QCOMPARE(issued->holdsPrivateKey(session, s.origin), held);
        }
    }
    QCOMPARE(issued->sessions(), sessions);
    QCOMPARE(issued->importsOf(certs::SecretRef{QStringLiteral("scale-1-1/svc-4"), QStringLiteral("svc_4_ca")}).size(),
             3);

    // Every chain verifies; a server is checked against the name its neighbour dials it by.
    for (const certs::CertificateCheck &c : certs::checkIssuedSecrets(issued.value()))
        QVERIFY2(c.verified(), qPrintable(c.secret.toString()));
    for (const certs::SecretSpec &s : specs.specs) {
        if (s.name == QLatin1String("svc_3_cert"))
            QCOMPARE(s.dialedNames, QStringList{QStringLiteral("scale-svc-3")});
        if (s.name == QStringLiteral("svc_%1_cert").arg(kServices - 1))
            QCOMPARE(s.dialedNames, QStringList());  // the last service: nobody dials it
    }
}

void TestProjectScale::dialedNamesInTheOrderOtherSessionsNameThem()
{
    // The server's names come in the order in which the *other* sessions first name them: `api`
    // is named by the server itself first (that does not count) and by `worker` last, so
    // `web-api.svc`, which `web` names in between, comes first. A name only the server itself
    // uses is no dialled name.
    auto session = [](const QString &service, const QList<QPair<QString, QString>> &env) {
        policy::CasSession s;
        s.name = QStringLiteral("ns/") + service;
        s.meshService = service;
        policy::CasService svc;
        svc.name = service;
        for (const auto &[name, value] : env) {
            policy::EnvironmentValue v;
            v.name = name;
            v.value = value;
            svc.environment << v;
        }
        s.services << svc;
        return s;
    };
    policy::CasSession api = session(QStringLiteral("api"), {{QStringLiteral("API_HOST"), QStringLiteral("api")},
                                                             {QStringLiteral("SELF_URL"), QStringLiteral("api.self")}});
    policy::CasSecret key;
    key.name = QStringLiteral("api_key");
    key.kind = QStringLiteral("private-key");
    policy::CasSecret cert;
    cert.name = QStringLiteral("api_cert");
    cert.kind = QStringLiteral("x509");
    cert.privateKey = key.name;
    cert.endpoint = QStringLiteral("server");
    api.secrets << key << cert;
    const QList<policy::CasSession> sessions{
        api,
        session(QStringLiteral("web"), {{QStringLiteral("BACKEND_ADDR"), QStringLiteral("web-api.svc:443")},
                                        {QStringLiteral("API_HOST"), QStringLiteral("web-api.svc")},
                                        {QStringLiteral("GREETING"), QStringLiteral("api")}}),
        session(QStringLiteral("worker"), {{QStringLiteral("API_HOST"), QStringLiteral("api")},
                                           {QStringLiteral("OTHER_HOST"), QStringLiteral("web")}}),
    };
    const certs::SessionSecretSpecs specs = certs::secretSpecsFromSessions(sessions);
    const auto served = std::find_if(specs.specs.cbegin(), specs.specs.cend(),
                                     [](const certs::SecretSpec &s) { return s.name == QLatin1String("api_cert"); });
    QVERIFY(served != specs.specs.cend());
    QCOMPARE(served->dialedNames, (QStringList{QStringLiteral("web-api.svc"), QStringLiteral("api")}));
}

void TestProjectScale::secretIndexOnNonAsciiText()
{
    // Placeholders after multi-byte characters: every site's byte range is the name.
    const QByteArray text = "# Dienst für Übergänge — ✓ 🚀\n"
                            "apiVersion: scone/5.8\nkind: genservice\n"
                            "environment:\n  local:\n"
                            "    - name: GRÜSSE\n      value: \"größe $$SCONE::k1:crt$$ 🚀 $$SCONE::k2$$\"\n"
                            "injection_files:\n  - path: /tls/ä.crt\n    content: |\n      ✓ $$SCONE::k1:chain$$\n"
                            "      🚀🚀 $$SCONE::k2.key$$ end\n"
                            "secrets:\n  global:\n    - name: k1\n      kind: x509-ca\n      private_key: k2\n"
                            "    - name: k2\n      kind: private-key\n"
                            "build:\n  name: umlaut\n  kind: python\n  to: r/u:1\n  command: python3 x.py\n";
    ManifestProject project;
    project.setText(QStringLiteral("u/service.yaml"), text);
    const engine::SecretIndex idx = engine::SecretIndex::build(project);
    int placeholders = 0;
    for (const engine::SecretSite &s : idx.sites()) {
        QCOMPARE(QString::fromUtf8(text.mid(s.offset, s.length)), s.name);
        if (s.kind == engine::SecretSite::Kind::Placeholder) {
            ++placeholders;
            const QByteArray token = text.mid(s.tokenOffset, s.tokenLength);
            QVERIFY2(token.startsWith("$$SCONE::") && token.endsWith("$$"), token.constData());
        }
    }
    QCOMPARE(placeholders, 4);
}

QTEST_GUILESS_MAIN(TestProjectScale)
#include "tst_projectscale.moc"
