// SPDX-License-Identifier: Apache-2.0
// YamlDocument: source positions of keys and values, path lookup, the fast reader against the
// yaml-cpp reader, and the typed views (service, mesh, CAS session) and ManifestProject.
#include "manifest/fastyaml_p.h"
#include "manifest/manifestproject.h"
#include "manifest/templatetokens.h"
#include "manifest/yamldocument.h"
#include "project/projectfiles.h"
#include "testsupport.h"

#include <yaml-cpp/yaml.h>

#include <QDirIterator>
#include <QtTest>

using namespace workbench::models;

namespace {
QString exampleFile(const QString &rel)
{
    return workbench::test::exampleDir() + QLatin1Char('/') + rel;
}

YamlDocument load(const QString &path)
{
    auto d = YamlDocument::fromFile(path);
    if (!d)
        qFatal("cannot read %s", qPrintable(path));
    return d.value();
}

/// Every YAML file of the corpus and the example project.
QStringList corpusFiles()
{
    QStringList out;
    for (const QString &root :
         {workbench::test::dataPath(QStringLiteral("manifests")), workbench::test::exampleDir()}) {
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (isYamlFileName(f.section(QLatin1Char('/'), -1)))
                out.append(f);
        }
    }
    out.sort();
    return out;
}

QString textOf(const YamlDocument &doc, const YamlNode *n)
{
    return QString::fromUtf8(doc.text().mid(n->startOffset(), n->endOffset() - n->startOffset()));
}
}  // namespace

class TestManifestDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentEndMarkerIsWhereTheExtraDocumentIsReported()
    {
        const YamlDocument doc = YamlDocument::fromText(QByteArrayLiteral("a: b\n...\nc: d\n"));
        QCOMPARE(doc.issues().size(), 1);
        QCOMPARE(doc.issues().first().kind, YamlIssue::Kind::ExtraDocument);
        QCOMPARE(doc.issues().first().location.line, 2);
    }
    void unquotedPlaceholderReadsAsTheString()
    {
        const YamlDocument doc = YamlDocument::fromText(workbench::test::readFile(
            workbench::test::dataPath(QStringLiteral("manifests/broken/UnquotedPlaceholder.yaml"))));
        const ServiceManifest m = ServiceManifest::fromDocument(doc);
        QCOMPARE(m.localEnv.size(), 1);
        QVERIFY(m.localEnv.first().value.has_value());
        QCOMPARE(m.localEnv.first().value->value, QStringLiteral("{{REDIS_HOST}}"));
        // A real mapping is not mistaken for one.
        const YamlDocument plain = YamlDocument::fromText(QByteArrayLiteral("a: {b: c}\n"));
        QVERIFY(!unquotedPlaceholder(plain.node(QStringLiteral("a"))).has_value());
        const YamlDocument nested = YamlDocument::fromText(QByteArrayLiteral("a: {{b: c}}\n"));
        QVERIFY(!unquotedPlaceholder(nested.node(QStringLiteral("a"))).has_value());
    }
    void positionsOfKeysAndValues_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("endLine");
        QTest::addColumn<int>("endColumn");
        QTest::addColumn<QString>("text");
        // flask-api/service.yaml of the example project
        QTest::newRow("plain") << "build.to" << 68 << 7 << 68 << 52 << "$APP_IMAGE_REPO/secure-doc-management-flask:1";
        QTest::newRow("double quoted") << "environment.local[3].value" << 16 << 14 << 16 << 20 << "\"true\"";
        QTest::newRow("placeholder") << "injection_files[2].content" << 37 << 14 << 37 << 44
                                     << "$$SCONE::redis_ca_cert.chain$$";
        QTest::newRow("literal block")
            << "injection_files[5].content" << 43 << 14 << 46 << 22
            << "|\n      nameserver {{CLUSTER_DNS_IP}}\n      search {{K8sNAMESPACE}}.svc.cluster.local "
               "svc.cluster.local cluster.local\n      options ndots:5";
        QTest::newRow("flow sequence") << "secrets.import" << 49 << 11 << 49 << 63
                                       << "[redis_client_key, redis_client_cert, redis_ca_cert]";
        QTest::newRow("flow item quoted")
            << "secrets.global[name=flask].dns[1]" << 63 << 18 << 63 << 32 << "\"{{api_host}}\"";
        QTest::newRow("value with comment after") << "secrets.global[1].name" << 53 << 13 << 53 << 24 << "api_ca_cert";
        QTest::newRow("block mapping item")
            << "secrets.global[0]" << 51 << 7 << 52 << 24 << "name: api_ca_key\n      kind: private-key";
        QTest::newRow("nested mapping") << "build.signature" << 74 << 5 << 74 << 15 << "sign: true";
    }
    void positionsOfKeysAndValues()
    {
        QFETCH(QString, path);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(int, endLine);
        QFETCH(int, endColumn);
        QFETCH(QString, text);
        const YamlDocument doc = load(exampleFile(QStringLiteral("flask-api/service.yaml")));
        QVERIFY(doc.isValid());
        const YamlNode *n = doc.node(path);
        QVERIFY2(n, qPrintable(path));
        const SourceLocation loc = n->location();
        QCOMPARE(loc.line, line);
        QCOMPARE(loc.column, column);
        QCOMPARE(loc.endLine, endLine);
        QCOMPARE(loc.endColumn, endColumn);
        QCOMPARE(textOf(doc, n), text);
        QCOMPARE(n->path(), doc.find(path).value()->path());
    }

    void keysHavePositions()
    {
        const YamlDocument doc = load(exampleFile(QStringLiteral("mesh.yaml")));
        const YamlNode *policy = doc.node(QStringLiteral("policy"));
        QVERIFY(policy && policy->isMapping());
        const YamlNode *key = policy->keyNode(u"ignore_advisories");
        QVERIFY(key && key->isKey());
        QCOMPARE(key->location().line, 23);
        QCOMPARE(key->location().column, 3);
        QCOMPARE(key->location().length, int(qstrlen("ignore_advisories")));
        QCOMPARE(policy->value(u"ignore_advisories")->keyOfValue(), key);
    }

    void scalarValuesAreUnquoted()
    {
        const YamlDocument doc = load(exampleFile(QStringLiteral("flask-api/service.yaml")));
        QCOMPARE(doc.node(QStringLiteral("environment.local[3].value"))->scalar(), QStringLiteral("true"));
        QCOMPARE(doc.node(QStringLiteral("environment.local[3].value"))->style(), YamlNode::Style::DoubleQuoted);
        QCOMPARE(doc.node(QStringLiteral("injection_files[5].content"))->scalar(),
                 QStringLiteral("nameserver {{CLUSTER_DNS_IP}}\nsearch {{K8sNAMESPACE}}.svc.cluster.local "
                                "svc.cluster.local cluster.local\noptions ndots:5\n"));
        QCOMPARE(doc.node(QStringLiteral("environment.global[0].value")), nullptr);
        QCOMPARE(doc.kind(), QStringLiteral("genservice"));
    }

    void emptyValuesSitAfterTheColon()
    {
        const YamlDocument doc = YamlDocument::fromText("a:\nb: ~   # null\nc:\n  - \n  -   # nothing\n  - x\n");
        const YamlNode *a = doc.node(QStringLiteral("a"));
        QVERIFY(a && a->isNull() && a->isEmptyValue());
        QCOMPARE(a->location().line, 1);
        QCOMPARE(a->location().column, 3);
        const YamlNode *b = doc.node(QStringLiteral("b"));
        QVERIFY(b && b->isNull() && !b->isEmptyValue());
        QCOMPARE(textOf(doc, b), QStringLiteral("~"));
        QCOMPARE(doc.node(QStringLiteral("c[0]"))->location().column, 4);
        QCOMPARE(doc.node(QStringLiteral("c[1]"))->location().line, 5);
        QCOMPARE(doc.node(QStringLiteral("c[2]"))->scalar(), QStringLiteral("x"));
    }

    void pathLookup_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::newRow("dotted") << "build.to"
                                << "$APP_IMAGE_REPO/secure-doc-management-flask:1";
        QTest::newRow("index") << "environment.local[2].value"
                               << "1";
        QTest::newRow("selector") << "secrets.global[name=flask].issuer"
                                  << "api_ca_cert";
        QTest::newRow("quoted selector") << "secrets.global[name=\"api_ca_key\"].kind"
                                         << "private-key";
        QTest::newRow("negative index") << "environment.global[-1].name"
                                        << "K8sNAMESPACE";
        QTest::newRow("scalar selector") << "secrets.import[=redis_ca_cert]"
                                         << "redis_ca_cert";
    }
    void pathLookup()
    {
        QFETCH(QString, path);
        QFETCH(QString, value);
        const YamlDocument doc = load(exampleFile(QStringLiteral("flask-api/service.yaml")));
        const YamlNode *n = doc.node(path);
        QVERIFY2(n, qPrintable(path));
        QCOMPARE(n->scalar(), value);
    }

    void pathErrorsSayWhichPartFailed_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing key") << "build.form"
                                     << "build.form: no key \"form\" in build";
        QTest::newRow("no such item") << "secrets.global[name=flsk].dns"
                                      << "secrets.global[name=flsk]: no item with name=flsk in secrets.global";
        QTest::newRow("out of range") << "environment.local[9]"
                                      << "environment.local[9]: index 9 out of range (environment.local has 6 items)";
        QTest::newRow("not a mapping") << "build.to.x"
                                       << "build.to.x: build.to is not a mapping";
        QTest::newRow("bad syntax") << "build..to"
                                    << "invalid path \"build..to\" at character 7: empty key";
        QTest::newRow("unclosed") << "secrets.global[0"
                                  << "invalid path \"secrets.global[0\" at character 15: missing ']'";
    }
    void pathErrorsSayWhichPartFailed()
    {
        QFETCH(QString, path);
        QFETCH(QString, message);
        const YamlDocument doc = load(exampleFile(QStringLiteral("flask-api/service.yaml")));
        const auto r = doc.find(path);
        QVERIFY(!r);
        QCOMPARE(r.error().message, message);
        QCOMPARE(doc.node(path), nullptr);
    }

    void pathRoundTrip()
    {
        const auto p = YamlPath::parse(QStringLiteral("a.\"x.y\"[2][name=b c].d"));
        QVERIFY(p);
        QCOMPARE(p->segments.size(), 5);
        QCOMPARE(p->segments[1].key, QStringLiteral("x.y"));
        QCOMPARE(p->segments[3].selectorValue, QStringLiteral("b c"));
        QCOMPARE(p->toString(), QStringLiteral("a.\"x.y\"[2][name=b c].d"));
        QCOMPARE(YamlPath::parse(p->toString())->toString(), p->toString());
    }

    void syntaxErrorKeepsYamlCppMark()
    {
        const YamlDocument doc = YamlDocument::fromText("a:\n  b: 1\n c: 2\n", QStringLiteral("x.yaml"));
        QVERIFY(!doc.isValid());
        QCOMPARE(doc.root(), nullptr);
        const auto err = doc.syntaxError();
        QVERIFY(err);
        QCOMPARE(err->kind, YamlIssue::Kind::SyntaxError);
        QCOMPARE(err->location.line, 3);
        QCOMPARE(err->location.column, 2);
        QVERIFY(err->message.startsWith(QStringLiteral("YAML syntax error: ")));
    }

    // yaml-cpp 0.7 returns empty documents forever on a stray `,`: must end as a syntax error
    void strayFlowIndicatorsDoNotHang_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("lone comma") << QByteArray(",") << 1 << 1;
        QTest::newRow("comma after a document") << QByteArray("a: 1\n, b\n") << 2 << 1;
        QTest::newRow("comma after a comment") << QByteArray("# c\n ,\n") << 2 << 2;
    }
    void strayFlowIndicatorsDoNotHang()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        const YamlDocument doc = YamlDocument::fromText(text);
        QVERIFY(!doc.isValid());
        QCOMPARE(doc.syntaxError()->location.line, line);
        QCOMPARE(doc.syntaxError()->location.column, column);
    }

    void duplicateKeysAreReported()
    {
        const YamlDocument doc = YamlDocument::fromText("a: 1\nb: 2\na: 3\n");
        QVERIFY(doc.isValid());
        QCOMPARE(doc.issues().size(), 1);
        QCOMPARE(doc.issues()[0].kind, YamlIssue::Kind::DuplicateKey);
        QCOMPARE(doc.issues()[0].location.line, 3);
        QCOMPARE(doc.issues()[0].relatedLocation.line, 1);
        QCOMPARE(doc.node(QStringLiteral("a"))->scalar(), QStringLiteral("1"));  // first one wins
    }

    void nonUtf8IsAnIssueNotACrash()
    {
        const YamlDocument doc = YamlDocument::fromText(QByteArray("a: b\nc: \xff\n", 10));
        QVERIFY(!doc.isValid());
        QCOMPARE(doc.syntaxError()->kind, YamlIssue::Kind::NotUtf8);
        QCOMPARE(doc.syntaxError()->location.line, 2);
        QCOMPARE(doc.syntaxError()->location.column, 4);
    }

    void columnsCountCodePointsAndUtf16Mapping()
    {
        const QByteArray text = "name: Grüße\nnext: \xF0\x9F\x94\x91 key\n";
        const YamlDocument doc = YamlDocument::fromText(text);
        QVERIFY(doc.isValid());
        const YamlNode *next = doc.node(QStringLiteral("next"));
        QCOMPARE(next->scalar(), QStringLiteral("\U0001F511 key"));
        QCOMPARE(next->location().column, 7);
        QCOMPARE(next->location().endColumn, 12);
        const int byteOffset = next->startOffset();
        const int utf16 = doc.utf16Offset(byteOffset);
        QCOMPARE(QString::fromUtf8(text).mid(utf16, 2), QStringLiteral("\U0001F511"));
        QCOMPARE(doc.byteOffset(utf16), byteOffset);
    }

    void bomAndCrLfKeepPositions()
    {
        const YamlDocument doc = YamlDocument::fromText("\xEF\xBB\xBF"
                                                        "a: 1\r\nb: two\r\n");
        QVERIFY(doc.isValid());
        const YamlNode *b = doc.node(QStringLiteral("b"));
        QCOMPARE(textOf(doc, b), QStringLiteral("two"));
        QCOMPARE(b->location().line, 2);
        QCOMPARE(b->location().column, 4);
    }

    void nodeAtOffset()
    {
        const YamlDocument doc = load(exampleFile(QStringLiteral("mesh.yaml")));
        const YamlNode *url = doc.node(QStringLiteral("cas[0].cas_url"));
        const YamlNode *hit = doc.nodeAt(url->startOffset() + 2);
        QCOMPARE(hit, url);
        QCOMPARE(hit->path(), QStringLiteral("cas[0].cas_url"));
    }

    void yamlCppTreeOnDemand()
    {
        const YamlDocument doc = load(exampleFile(QStringLiteral("mesh.yaml")));
        const YAML::Node n = doc.toYamlCpp();
        QVERIFY(n.IsMap());
        QCOMPARE(QString::fromStdString(n["services"][1]["name"].as<std::string>()), QStringLiteral("flask-api"));
    }

    // Every corpus file the fast reader accepts gives exactly the yaml-cpp reader's tree.
    void fastReaderMatchesYamlCpp_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : corpusFiles())
            QTest::newRow(qPrintable(f.section(QLatin1Char('/'), -2))) << f;
        const QStringList extra = {
            QStringLiteral("a:\n  - x\n  -\n  - [1, {k: v}]\nb: |+\n  keep\n\n\nc: >-\n  folded\n  text\n\n  para\n"),
            QStringLiteral("- - a\n  - b\n- name: x\n  value: 'it''s'\n-\n  deep: \"esc\\t\\u00e9\"\n"),
            QStringLiteral("k: v # comment\n# c\n\nl:\n- 1\n- ~\nm: null\n"),
        };
        for (int i = 0; i < extra.size(); ++i)
            QTest::newRow(qPrintable(QStringLiteral("inline-%1").arg(i))) << QStringLiteral("inline:") + extra[i];
    }
    void fastReaderMatchesYamlCpp()
    {
        QFETCH(QString, file);
        const QByteArray text =
            file.startsWith(QLatin1String("inline:")) ? file.mid(7).toUtf8() : workbench::test::readFile(file);
        const auto fast = workbench::models::detail::parseFast(text);
        const auto reference = workbench::models::detail::parseWithYamlCpp(text);
        if (!fast)
            return;  // outside the fast subset: yaml-cpp reads it
        const QString diff = workbench::models::detail::compareTrees(*fast, *reference);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void fastReaderCoversTheExample()
    {
        for (const QString &f : {QStringLiteral("mesh.yaml"), QStringLiteral("flask-api/service.yaml"),
                                 QStringLiteral("redis/service.yaml")})
            QVERIFY2(workbench::models::detail::parseFast(workbench::test::readFile(exampleFile(f))), qPrintable(f));
    }

    void serviceManifestView()
    {
        const ServiceManifest s =
            ServiceManifest::fromDocument(load(exampleFile(QStringLiteral("flask-api/service.yaml"))));
        QCOMPARE(s.apiVersion.value, QStringLiteral("scone/5.8"));
        QCOMPARE(s.kind.value, QStringLiteral("genservice"));
        QCOMPARE(s.localEnv.size(), 6);
        QCOMPARE(s.localEnv[2].name.value, QStringLiteral("SCONE_ALLOW_DLOPEN"));
        QCOMPARE(s.localEnv[2].value->value, QStringLiteral("1"));
        QCOMPARE(s.localEnv[2].nodePath, QStringLiteral("environment.local[2]"));
        QCOMPARE(s.globalEnv.size(), 5);
        QVERIFY(!s.globalEnv[0].value);
        QCOMPARE(s.globalEnv[1].value->value, QStringLiteral("6379"));
        QCOMPARE(s.imports.values(),
                 (QStringList{QStringLiteral("redis_client_key"), QStringLiteral("redis_client_cert"),
                              QStringLiteral("redis_ca_cert")}));
        QCOMPARE(s.secrets.size(), 4);
        const ServiceSecret *flask = s.secret(QStringLiteral("flask"));
        QVERIFY(flask);
        QCOMPARE(flask->kindText(), QStringLiteral("x509"));
        QCOMPARE(flask->issuer->value, QStringLiteral("api_ca_cert"));
        QCOMPARE(flask->dns->values(), (QStringList{QStringLiteral("api"), QStringLiteral("{{api_host}}")}));
        QCOMPARE(flask->name.location.line, 59);
        QCOMPARE(flask->name.nodePath, QStringLiteral("secrets.global[3].name"));
        QVERIFY(s.secret(QStringLiteral("api_ca_cert"))->isExportedPublicly());
        QCOMPARE(s.injectionFiles.size(), 6);
        QCOMPARE(s.injectionFiles[0].path.value, QStringLiteral("/tls/flask.crt"));
        QCOMPARE(s.build.name.value, QStringLiteral("flask-api"));
        QCOMPARE(s.build.command.value, QStringLiteral("python3 /python/rest_api.py"));
        QCOMPARE(s.build.copy->values(), QStringList{QStringLiteral("rest_api.py")});
        QVERIFY(s.build.hasSignature);
        QCOMPARE(s.build.signatureSign->value, QStringLiteral("true"));
        QVERIFY(!s.build.from);
        QVERIFY(!s.topLevelRequirements);
    }

    void serviceManifestAllBuildFields()
    {
        const ServiceManifest s = ServiceManifest::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/valid/GenserviceSconifyImage.yaml"))));
        QCOMPARE(s.build.kind.value, QStringLiteral("sconify_image"));
        QCOMPARE(s.build.from->value, QStringLiteral("redis:7-alpine"));
        QCOMPARE(s.build.binaries->values(), QStringList{QStringLiteral("/usr/local/bin/redis-server")});
        QCOMPARE(s.build.fsDirs->values(), QStringList{QStringLiteral("/usr/lib")});
        QCOMPARE(s.build.genPolicy->value, QStringLiteral("policies/redis.yaml"));
        QCOMPARE(s.build.volumes.size(), 1);
        QCOMPARE(s.build.volumes[0].exports.size(), 1);
        QCOMPARE(s.build.volumes[0].exports[0].volumeAlias->value, QStringLiteral("redis-data"));
        QCOMPARE(s.build.volumes[0].importVolume->value, QStringLiteral("data"));
        QCOMPARE(s.secret(QStringLiteral("redis_ca_key"))->keyType->value, QStringLiteral("Ed25519"));
        QCOMPARE(s.secret(QStringLiteral("redis"))->endpoint->value, QStringLiteral("server"));
    }

    void meshManifestViewBothEnvShapes()
    {
        const MeshManifest m = MeshManifest::fromDocument(load(exampleFile(QStringLiteral("mesh.yaml"))));
        QCOMPARE(m.cas.size(), 1);
        QCOMPARE(m.cas[0].alias.values().size(), 4);
        QCOMPARE(m.cas[0].mode->value, QStringLiteral("EncryptedManifest"));
        QCOMPARE(m.policy.policyNamespace->value, QStringLiteral("$APP_NAMESPACE"));
        QCOMPARE(m.policy.tolerateList(), (QStringList{QStringLiteral("outdated-tcb"), QStringLiteral("hyperthreading"),
                                                       QStringLiteral("software-hardening-needed")}));
        QCOMPARE(m.envShape, MeshManifest::EnvShape::PerService);
        QCOMPARE(m.envBlocks.size(), 3);
        QCOMPARE(m.serviceNames(), (QStringList{QStringLiteral("redis"), QStringLiteral("flask-api")}));
        const QList<EnvVariable> env = m.effectiveEnv(QStringLiteral("flask-api"));
        QStringList names;
        for (const EnvVariable &v : env)
            names.append(v.name.value);
        QVERIFY(names.contains(QStringLiteral("REDIS_HOST")));
        QVERIFY(names.contains(QStringLiteral("APP_SERVICE_PORT")));
        for (const EnvVariable &v : env)
            if (v.name.value == QLatin1String("APP_SERVICE_PORT"))
                QCOMPARE(v.value->value, QStringLiteral("4996"));

        const MeshManifest flat = MeshManifest::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/broken/MeshLegacyFlatEnv.yaml"))));
        QCOMPARE(flat.envShape, MeshManifest::EnvShape::Flat);
        QCOMPARE(flat.flatEnv.size(), 1);
        QCOMPARE(flat.effectiveEnv(QStringLiteral("demo")).size(), 1);
        const MeshManifest legacyKey = MeshManifest::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/broken/MeshLegacyEnvKey.yaml"))));
        QVERIFY(legacyKey.envBlocks[0].env[0].legacyKey);
        QCOMPARE(legacyKey.envBlocks[0].env[0].name.value, QStringLiteral("API_USER"));
    }

    void meshManifestRareParts()
    {
        const MeshManifest m = MeshManifest::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/valid/MeshRepoAndExtraPolicies.yaml"))));
        QCOMPARE(m.envShape, MeshManifest::EnvShape::Empty);
        QVERIFY(m.repo.present);
        QCOMPARE(m.repo.destination.value, QStringLiteral("registry.example.com/squashed"));
        QCOMPARE(m.extraPolicies.size(), 1);
        QCOMPARE(m.policy.maa->value, QStringLiteral("https://example.attest.azure.net"));
        QCOMPARE(m.services[0].helmChart->value, QStringLiteral("charts/demo"));
        const MeshManifest h = MeshManifest::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/valid/MeshHelmExtraValues.yaml.template"))));
        QVERIFY(h.hasHelmExtraValues);
        QCOMPARE(h.services.size(), 5);
    }

    void casSessionView()
    {
        const CasSessionFile s = CasSessionFile::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/valid/SessionFlaskImport.yml"))));
        QCOMPARE(s.name.value, QStringLiteral("$FLASK_SESSION"));
        QCOMPARE(s.version->value, QStringLiteral("0.3.10"));
        QVERIFY(s.versionQuoted);
        QCOMPARE(s.accessPolicy.read->values(), QStringList{QStringLiteral("CREATOR")});
        QCOMPARE(s.services.size(), 1);
        const SessionService &svc = s.services[0];
        QCOMPARE(svc.attestation.size(), 2);
        QCOMPARE(svc.attestation[1].isvsvnMin->value, QStringLiteral("2"));
        QCOMPARE(svc.command->value, QStringLiteral("python3 /fspf/encrypted-files/rest_api.py"));
        QCOMPARE(svc.environment.size(), 3);
        QCOMPARE(svc.environment[1].name.value, QStringLiteral("SCONE_LOG"));
        QCOMPARE(svc.environment[1].value.value, QStringLiteral("7"));
        QCOMPARE(svc.fspfPath->value, QStringLiteral("/fspf/fs.fspf"));
        QCOMPARE(s.images[0].injectionFiles.size(), 4);
        QCOMPARE(s.images[0].injectionFiles[2].permission->value, QStringLiteral("0o100"));
        QVERIFY(!s.images[0].injectionFiles[3].content);
        QCOMPARE(s.secrets.size(), 5);
        QCOMPARE(s.secret(QStringLiteral("redis_ca_cert"))->import->secret->value, QStringLiteral("redis_ca_cert"));

        const CasSessionFile all = CasSessionFile::fromDocument(
            load(workbench::test::dataPath(QStringLiteral("manifests/valid/SessionEveryFeature.yaml"))));
        QCOMPARE(all.predecessor->value.size(), 64);
        QCOMPARE(all.volumes.size(), 1);
        QCOMPARE(all.volumes[0].exports[0].updatePolicy->value, QStringLiteral("rollback_protected"));
        QCOMPARE(all.images[0].volumes[0].updatePolicy->value, QStringLiteral("ephemeral"));
        QCOMPARE(all.secret(QStringLiteral("greeting"))->exports[0].sessionNamespace->value,
                 QStringLiteral("my-company/project"));
        QVERIFY(all.hasSecretConfig);
        QCOMPARE(all.security.mode->value, QStringLiteral("hardware"));
        QCOMPARE(all.services[0].attestation[0].mrenclave->items.size(), 2);
    }

    void projectClassifiesByContent()
    {
        auto p = ManifestProject::loadFolder(workbench::test::exampleDir());
        QVERIFY(p);
        QCOMPARE(p->serviceFiles().size(), 2);
        QCOMPARE(p->meshFiles().size(), 1);
        QVERIFY(p->serviceForImage(QStringLiteral("${APP_IMAGE_REPO}/secure-doc-management-redis:1")));
        QCOMPARE(p->serviceForImage(QStringLiteral("$APP_IMAGE_REPO/secure-doc-management-redis:1"))
                     ->service->build.name.value,
                 QStringLiteral("redis"));

        ManifestProject mem;
        mem.setText(QStringLiteral("a.yaml"), "apiVersion: scone/5.8\nkind: genservice\n");
        mem.setText(QStringLiteral("b.yaml"), "name: s\nservices: []\n");
        mem.setText(QStringLiteral("c.yaml"), "just: data\n");
        QCOMPARE(mem.file(QStringLiteral("a.yaml"))->kind, ManifestFile::Kind::Service);
        QCOMPARE(mem.file(QStringLiteral("b.yaml"))->kind, ManifestFile::Kind::Session);
        QCOMPARE(mem.file(QStringLiteral("c.yaml"))->kind, ManifestFile::Kind::Other);
        mem.setText(QStringLiteral("c.yaml"), "kind: mesh\n");
        QCOMPARE(mem.files().size(), 3);
        QCOMPARE(mem.file(QStringLiteral("c.yaml"))->kind, ManifestFile::Kind::Mesh);
        QVERIFY(mem.removeFile(QStringLiteral("a.yaml")));
        QCOMPARE(mem.serviceFiles().size(), 0);
        QCOMPARE(mem.file(QStringLiteral("c.yaml"))->kind, ManifestFile::Kind::Mesh);
    }

    void templateTokens()
    {
        const auto refs =
            findSecretReferences(u"a $$SCONE::flask.crt$$ b $$SCONE::x:privatekey:pem|escape(json)$$ $$SCONE::open");
        QCOMPARE(refs.size(), 3);
        QCOMPARE(refs[0].name, QStringLiteral("flask"));
        QCOMPARE(refs[0].format, QStringLiteral("crt"));
        QVERIFY(refs[0].legacy);
        QCOMPARE(refs[0].offset, 2);
        QCOMPARE(refs[1].format, QStringLiteral("privatekey:pem"));
        QCOMPARE(refs[1].encoding, QStringLiteral("escape(json)"));
        QVERIFY(refs[2].malformed);
        const auto vars =
            findTemplateVariables(u"$RELEASE-${NS} {{ host | default(value=\"x\") }} $$SCONE::a$$ {{cas.cas.cas_url}}");
        QCOMPARE(vars.size(), 4);
        QCOMPARE(vars[0].name, QStringLiteral("RELEASE"));
        QCOMPARE(vars[1].name, QStringLiteral("NS"));
        QCOMPARE(vars[2].name, QStringLiteral("host"));
        QCOMPARE(vars[2].kind, TemplateVariable::Kind::MeshTime);
        QCOMPARE(vars[3].name, QStringLiteral("cas.cas.cas_url"));
        QVERIFY(isTemplated(u"{{x}}"));
        QVERIFY(!isTemplated(u"plain"));
    }
};

QTEST_GUILESS_MAIN(TestManifestDocument)
#include "tst_manifestdocument.moc"
