// SPDX-License-Identifier: Apache-2.0
// The session writer: scalars read back as the same strings, every generated session of the
// example and the mesh corpus parses as YAML and reads back as the same session.
#include "manifest/manifestproject.h"
#include "policy/detail/yamlwriter.h"
#include "policy/policygenerator.h"
#include "policy/sessionreader.h"
#include "policy/sessionwriter.h"
#include "testsupport.h"

#include <QDir>
#include <QtTest>

#include <yaml-cpp/yaml.h>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

YAML::Node parse(const QString &text, QString *error)
{
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        *error = QString::fromStdString(e.what());
        return {};
    }
}

PolicyPreview renderCorpus(const QString &dir)
{
    Result<ManifestProject> project = ManifestProject::loadFolder(dir);
    if (!project.ok())
        qFatal("cannot load %s", qPrintable(dir));
    PolicyGenerationOptions o;
    o.settings = DeploymentSettings::defaults();
    o.settings.appNamespace = QStringLiteral("ns-1-1");
    o.settings.appImageRepo = QStringLiteral("repo.example.org");
    return generatePolicies(project.value(), o);
}

QStringList corpusDirs()
{
    QStringList dirs{test::exampleDir()};
    const QDir meshes(test::dataPath(QStringLiteral("meshes")));
    for (const QString &d : meshes.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        dirs << meshes.filePath(d);
    return dirs;
}

QStringList names(const QList<EnvironmentValue> &env)
{
    QStringList out;
    for (const EnvironmentValue &e : env)
        out << e.name + QLatin1Char('=') + e.value;
    return out;
}

}  // namespace

class TestPolicyYaml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lineSourcesAreKeptAsRuns();
    void scalarRoundTrip_data();
    void scalarRoundTrip();
    void blockScalarsInEveryPosition();
    void generatedSessionsParse_data();
    void generatedSessionsParse();
    void sessionFilePaths();
};

void TestPolicyYaml::scalarRoundTrip_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("plain");
    const std::pair<const char *, bool> rows[] = {
        {"redis", true},
        {"$$SCONE::flask.crt$$", true},
        {"../redis", true},
        {"<MRENCLAVE of x:1, known after the build>", true},
        {"secure-doc-management-12345-678/flask-api", true},
        {"python3 /python/rest_api.py", true},
        {"0.3.10", false},
        {"6379", false},
        {"10.96.0.10", false},
        {"760M", false},
        {"0o700", false},
        {"0x1F", false},
        {".5", false},
        {".inf", false},
        {"+1", false},
        {"-1", false},
        {"yes", false},
        {"No", false},
        {"Y", false},
        {"on", false},
        {"null", false},
        {"~", false},
        {"", false},
        {"*", false},
        {"&anchor", false},
        {"!tag", false},
        {"%YAML", false},
        {"@x", false},
        {"`x", false},
        {"a: b", false},
        {"a #b", false},
        {"ends:", false},
        {"- item", false},
        {"? key", false},
        {"[list]", false},
        {"{map}", false},
        {"'quoted'", false},
        {"\"dq\"", false},
        {" leading", false},
        {"trailing ", false},
        {"tab\there", false},
        {"back\\slash", true},
        {"a:b", true},
        {"a#b", true},
        {"ünïcödé", true},
        {"=", false},
        {"<<", false},
        {"line\rbreak", false},
        {"bell\x07", false},
    };
    for (const auto &r : rows)
        QTest::newRow(r.first[0] ? r.first : "(empty)") << QString::fromUtf8(r.first) << r.second;
}

void TestPolicyYaml::scalarRoundTrip()
{
    QFETCH(QString, value);
    QFETCH(bool, plain);
    QCOMPARE(policy::detail::isPlainSafe(value), plain);
    for (const QString &text : {policy::detail::yamlScalar(value), policy::detail::yamlQuoted(value)}) {
        QString error;
        const YAML::Node n = parse(QStringLiteral("k: ") + text + QLatin1Char('\n'), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(n["k"].IsScalar());
        QCOMPARE(QString::fromStdString(n["k"].Scalar()), value);
        // A plain scalar must not be resolved to another type either (yaml-cpp tags plain "?").
        if (text == value)
            QCOMPARE(QString::fromStdString(n["k"].Tag()), QStringLiteral("?"));
    }
}

void TestPolicyYaml::blockScalarsInEveryPosition()
{
    const QStringList values{
        QStringLiteral("one line\n"),
        QStringLiteral("no final newline"),
        QStringLiteral("two\nlines"),
        QStringLiteral("kept\n\n\n"),
        QStringLiteral("  leading spaces\nsecond\n"),
        QStringLiteral("\n\nleading empty lines\n"),
        QStringLiteral("  \nwhitespace-only first line\n"),
        QStringLiteral("# not a comment\n- not a list\nkey: not a map\n"),
        QStringLiteral("nameserver 10.96.0.10\nsearch ns.svc.cluster.local\n"),
        QStringLiteral("tab\tinside\n"),
    };
    for (const QString &v : values) {
        policy::detail::YamlWriter w;
        w.key(0, QStringLiteral("top"));
        w.keyValue(2, QStringLiteral("k"), v);
        w.key(2, QStringLiteral("list"));
        w.item(4, v);
        w.itemKeyValue(4, QStringLiteral("path"), v);
        w.keyValue(6, QStringLiteral("content"), v);
        w.keyValue(2, QStringLiteral("after"), QStringLiteral("x"));
        const RenderedText t = w.take();
        QCOMPARE(t.lineCount(), int(t.text.count(QLatin1Char('\n'))));
        QString error;
        const YAML::Node n = parse(t.text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error + QStringLiteral("\n") + t.text));
        QCOMPARE(QString::fromStdString(n["top"]["k"].Scalar()), v);
        QCOMPARE(QString::fromStdString(n["top"]["list"][0].Scalar()), v);
        QCOMPARE(QString::fromStdString(n["top"]["list"][1]["path"].Scalar()), v);
        QCOMPARE(QString::fromStdString(n["top"]["list"][1]["content"].Scalar()), v);
        QCOMPARE(QString::fromStdString(n["top"]["after"].Scalar()), QStringLiteral("x"));
    }
}

void TestPolicyYaml::generatedSessionsParse_data()
{
    QTest::addColumn<QString>("dir");
    for (const QString &d : corpusDirs())
        QTest::newRow(qPrintable(QFileInfo(d).fileName())) << d;
}

void TestPolicyYaml::generatedSessionsParse()
{
    QFETCH(QString, dir);
    const PolicyPreview p = renderCorpus(dir);
    QVERIFY(!p.sessions.isEmpty());
    for (int i = 0; i < p.sessions.size(); ++i) {
        const CasSession &s = p.sessions.at(i);
        const QString text = p.sessionYaml.at(i).text;
        QString error;
        const YAML::Node n = parse(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(s.name + QStringLiteral(": ") + error));
        QVERIFY(n.IsMap());
        QCOMPARE(QString::fromStdString(n["name"].Scalar()), s.name);
        QCOMPARE(QString::fromStdString(n["version"].Scalar()), QStringLiteral("0.3.10"));
        QCOMPARE(QString::fromStdString(n["version"].Tag()), QStringLiteral("!"));  // quoted
        QVERIFY(text.contains(QLatin1String("version: \"0.3.10\"\n")));
        // Environment values are strings for the CAS: never plain numbers or bools.
        if (n["services"])
            for (const auto &svc : n["services"])
                if (svc["environment"])
                    for (const auto &kv : svc["environment"])
                        QVERIFY2(kv.second.Tag() == "!" || !QRegularExpression(QStringLiteral("^[0-9]"))
                                                                .match(QString::fromStdString(kv.second.Scalar()))
                                                                .hasMatch(),
                                 kv.first.Scalar().c_str());
        // Read back through the session reader: the same session.
        const Result<CasSession> back = sessionFromYaml(text.toUtf8(), QStringLiteral("x.yaml"));
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back->name, s.name);
        QCOMPARE(back->accessPolicy.read, s.accessPolicy.read);
        QCOMPARE(back->accessPolicy.update, s.accessPolicy.update);
        QCOMPARE(back->accessPolicy.createSessions, s.accessPolicy.createSessions);
        QCOMPARE(back->services.size(), s.services.size());
        for (int k = 0; k < s.services.size(); ++k) {
            QCOMPARE(back->services.at(k).name, s.services.at(k).name);
            QCOMPARE(back->services.at(k).command, s.services.at(k).command);
            QCOMPARE(back->services.at(k).pwd, s.services.at(k).pwd);
            QCOMPARE(back->services.at(k).imageName, s.services.at(k).imageName);
            QCOMPARE(back->services.at(k).mrenclaves, s.services.at(k).mrenclaves);
            QCOMPARE(names(back->services.at(k).environment), names(s.services.at(k).environment));
        }
        QCOMPARE(back->images.size(), s.images.size());
        for (int k = 0; k < s.images.size(); ++k) {
            QCOMPARE(back->images.at(k).injectionFiles.size(), s.images.at(k).injectionFiles.size());
            for (int f = 0; f < s.images.at(k).injectionFiles.size(); ++f) {
                QCOMPARE(back->images.at(k).injectionFiles.at(f).path, s.images.at(k).injectionFiles.at(f).path);
                QCOMPARE(back->images.at(k).injectionFiles.at(f).content, s.images.at(k).injectionFiles.at(f).content);
            }
        }
        QCOMPARE(back->secrets.size(), s.secrets.size());
        for (int k = 0; k < s.secrets.size(); ++k) {
            const CasSecret &a = back->secrets.at(k), &b = s.secrets.at(k);
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.kind, b.kind);
            QCOMPARE(a.size, b.size);
            QCOMPARE(a.privateKey, b.privateKey);
            QCOMPARE(a.issuer, b.issuer);
            QCOMPARE(a.dns, b.dns);
            QCOMPARE(a.endpoint, b.endpoint);
            QCOMPARE(a.keyType, b.keyType);
            QCOMPARE(a.migrate, b.migrate);
            QCOMPARE(a.exportPublic, b.exportPublic);
            QCOMPARE(a.exports.size(), b.exports.size());
            for (int e = 0; e < b.exports.size(); ++e)
                QCOMPARE(a.exports.at(e).sessionAbsolute, b.exports.at(e).sessionAbsolute);
            QCOMPARE(a.import.has_value(), b.import.has_value());
            if (b.import && !b.import->sessionAbsolute.isEmpty())
                QCOMPARE(a.import->sessionAbsolute, b.import->sessionAbsolute);
        }
        QCOMPARE(back->security.tolerate, s.security.tolerate);
        QCOMPARE(back->security.ignoreAdvisories, s.security.ignoreAdvisories);
    }
}

void TestPolicyYaml::sessionFilePaths()
{
    QCOMPARE(sessionFilePath(QStringLiteral("ns-1-2")), QStringLiteral("ns-1-2.yaml"));
    QCOMPARE(sessionFilePath(QStringLiteral("ns-1-2/flask-api")), QStringLiteral("ns-1-2/flask-api.yaml"));
    QCOMPARE(sessionFilePath(QStringLiteral("a/b/c")), QStringLiteral("a/b/c.yaml"));
    // Never escapes the output folder.
    QCOMPARE(sessionFilePath(QStringLiteral("../../etc/passwd")), QStringLiteral("___/___/etc/passwd.yaml"));
    QCOMPARE(sessionFilePath(QStringLiteral("/abs")), QStringLiteral("_/abs.yaml"));
    QCOMPARE(sessionFilePath(QStringLiteral("a b")), QStringLiteral("a_b.yaml"));
}

void TestPolicyYaml::lineSourcesAreKeptAsRuns()
{
    const policy::SourceRef mesh{QStringLiteral("mesh.yaml"), 4, 3}, svc{QStringLiteral("svc/service.yaml"), 9, 1};
    RenderedText t;
    t.appendLineSource({});
    t.appendLineSources(mesh, 3);
    t.appendLineSource(mesh);  // same place as the lines before: still one run
    t.appendLineSource(svc);
    t.appendLineSources(svc, 0);
    t.appendLineSource({});
    QCOMPARE(t.lineCount(), 7);
    QVERIFY(!t.sourceOfLine(0).isValid());
    QVERIFY(!t.sourceOfLine(1).isValid());
    for (int line = 2; line <= 5; ++line)
        QCOMPARE(t.sourceOfLine(line), mesh);
    QCOMPARE(t.sourceOfLine(6), svc);
    QVERIFY(!t.sourceOfLine(7).isValid());
    QVERIFY(!t.sourceOfLine(8).isValid());
    QCOMPARE(t.lineOfSource(QStringLiteral("mesh.yaml"), 4), 2);
    QCOMPARE(t.lineOfSource(QStringLiteral("svc/service.yaml"), 9), 6);
    QCOMPARE(t.lineOfSource(QStringLiteral("svc/service.yaml"), 4), 0);
}

QTEST_GUILESS_MAIN(TestPolicyYaml)
#include "tst_policy_yaml.moc"
