// SPDX-License-Identifier: Apache-2.0
// Deployment settings: variables, --set overrides, the project settings file, APP_NAMESPACE.
#include "policy/deploymentsettings.h"
#include "policy/projectsettings.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models::policy;
using workbench::test::writeFile;

class TestPolicySettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults();
    void setAndVariables();
    void setRejectsBadInput();
    void yamlRoundTrip();
    void jsonRoundTrip();
    void fileKeepsDefaultsForAbsentKeys();
    void malformedFiles_data();
    void malformedFiles();
    void refusesSecrets();
    void appNamespaceProposedFromTheFolder();
    void resolvedSettingsOfAFile();
    void placeholdersAreWarnings();
};

void TestPolicySettings::defaults()
{
    const DeploymentSettings s = DeploymentSettings::defaults(QStringLiteral("/tmp/My Project_2"));
    QCOMPARE(s.release, QStringLiteral("my-project-2"));
    QCOMPARE(s.kubeNamespace, QStringLiteral("default"));
    QCOMPARE(s.sconectlRepo, QStringLiteral("registry.scontain.com/sconectl"));
    QCOMPARE(s.casAddress, QStringLiteral("cas.scone-system"));
    QVERIFY(s.appNamespace.isEmpty());
    QCOMPARE(s.appImageRepo, QStringLiteral("registry.example.com/my-project-2"));
    QVERIFY(isPlaceholderValue(s.appImageRepo));
    QCOMPARE(s.mode, DeploymentMode::Production);
    QCOMPARE(sanitizeReleaseName(QStringLiteral("--A__b--")), QStringLiteral("a-b"));
    QCOMPARE(sanitizeReleaseName(QString(80, QLatin1Char('x'))).size(), 53);
}

void TestPolicySettings::setAndVariables()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    QVERIFY(s.set(QStringLiteral("RELEASE"), QStringLiteral("demo")).ok());
    QVERIFY(s.set(QStringLiteral("CAS_ADDR"), QStringLiteral("cas.example:8081")).ok());
    QVERIFY(s.set(QStringLiteral("MODE"), QStringLiteral("Debug")).ok());
    QVERIFY(s.set(QStringLiteral("REDIS_PORT"), QStringLiteral("6379")).ok());
    QVERIFY(s.set(QStringLiteral("EMPTY_ONE"), QString()).ok());
    QCOMPARE(s.release, QStringLiteral("demo"));
    QCOMPARE(s.casAddress, QStringLiteral("cas.example:8081"));
    QCOMPARE(s.mode, DeploymentMode::Debug);
    const QMap<QString, QString> v = s.toVariables();
    QCOMPARE(v.value(QStringLiteral("RELEASE")), QStringLiteral("demo"));
    QCOMPARE(v.value(QStringLiteral("CAS_URL")), QStringLiteral("cas.example:8081"));
    QCOMPARE(v.value(QStringLiteral("CAS_ADDR")), QStringLiteral("cas.example:8081"));
    QCOMPARE(v.value(QStringLiteral("MODE")), QStringLiteral("debug"));
    QCOMPARE(v.value(QStringLiteral("REDIS_PORT")), QStringLiteral("6379"));
    QVERIFY(v.contains(QStringLiteral("EMPTY_ONE")));       // a free variable set to "" is set
    QVERIFY(!v.contains(QStringLiteral("APP_NAMESPACE")));  // an empty known field is not
    QVERIFY(!v.contains(QStringLiteral("CAS_KEY")));
    // Free variables cannot shadow known names.
    s.variables.insert(QStringLiteral("RELEASE"), QStringLiteral("shadow"));
    QCOMPARE(s.toVariables().value(QStringLiteral("RELEASE")), QStringLiteral("demo"));
    QCOMPARE(s.value(QStringLiteral("REDIS_PORT")), QStringLiteral("6379"));
    QVERIFY(knownSettingNames().contains(QStringLiteral("MODE")));
    QVERIFY(!settingDescription(QStringLiteral("APP_NAMESPACE")).isEmpty());
}

void TestPolicySettings::setRejectsBadInput()
{
    DeploymentSettings s;
    QVERIFY(!s.set(QStringLiteral("1ABC"), QStringLiteral("x")).ok());
    QVERIFY(!s.set(QStringLiteral("A-B"), QStringLiteral("x")).ok());
    QVERIFY(!s.set(QString(), QStringLiteral("x")).ok());
    const Status st = s.set(QStringLiteral("MODE"), QStringLiteral("fast"));
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, QStringLiteral("settings.mode"));
    QVERIFY(s.variables.isEmpty());
}

void TestPolicySettings::yamlRoundTrip()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    s.release = QStringLiteral("demo");
    s.appNamespace = QStringLiteral("demo-1-2");
    s.version = QStringLiteral("5.8.0");
    s.casKey = QStringLiteral("46YyxrywJ8");
    s.casSessionEncryptionKey = QString(64, QLatin1Char('f'));
    s.kubeContext = QStringLiteral("kind-kind");
    s.mode = DeploymentMode::Debug;
    s.variables.insert(QStringLiteral("PORT"), QStringLiteral("0123"));
    s.variables.insert(QStringLiteral("MULTI"), QStringLiteral("a: b\n# c\n"));
    s.variables.insert(QStringLiteral("BOOLISH"), QStringLiteral("yes"));
    const QByteArray yaml = settingsToYaml(s);
    QVERIFY(yaml.contains("version: \"5.8.0\""));
    const Result<DeploymentSettings> back = settingsFromYaml(yaml, DeploymentSettings{});
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back.value(), s);
}

void TestPolicySettings::jsonRoundTrip()
{
    DeploymentSettings s = DeploymentSettings::defaults();
    s.appNamespace = QStringLiteral("x-1-2");
    s.variables.insert(QStringLiteral("A"), QStringLiteral("1"));
    const Result<DeploymentSettings> back = settingsFromJson(settingsToJson(s), DeploymentSettings{});
    QVERIFY(back.ok());
    QCOMPARE(back.value(), s);

    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(workbenchDir(dir.path())));
    QFile f(QDir(workbenchDir(dir.path())).filePath(QStringLiteral("settings.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": 1, "release": "from-json", "variables": {"N": 5}})");
    f.close();
    QVERIFY(settingsFilePath(dir.path()).endsWith(QLatin1String("settings.json")));
    Result<DeploymentSettings> loaded = loadDeploymentSettings(dir.path());
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->release, QStringLiteral("from-json"));
    QCOMPARE(loaded->variables.value(QStringLiteral("N")), QStringLiteral("5"));
    // (Editing keeps the format the project uses: tst_settingsstore.)
}

void TestPolicySettings::fileKeepsDefaultsForAbsentKeys()
{
    QTemporaryDir dir;
    const QString project = QDir(dir.path()).filePath(QStringLiteral("shop"));
    QVERIFY(QDir().mkpath(project));
    // No file: defaults, not an error.
    Result<DeploymentSettings> none = loadDeploymentSettings(project);
    QVERIFY(none.ok());
    QCOMPARE(none->release, QStringLiteral("shop"));
    QVERIFY(!QFileInfo::exists(workbenchDir(project)));

    QVERIFY(QDir().mkpath(workbenchDir(project)));
    QFile f(settingsFilePath(project));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("app_image_repo: reg.example/shop\nvariables:\n  GREETING: hi\n");
    f.close();
    Result<DeploymentSettings> s = loadDeploymentSettings(project);
    QVERIFY(s.ok());
    QCOMPARE(s->release, QStringLiteral("shop"));
    QCOMPARE(s->kubeNamespace, QStringLiteral("default"));
    QCOMPARE(s->appImageRepo, QStringLiteral("reg.example/shop"));
    QCOMPARE(s->variables.value(QStringLiteral("GREETING")), QStringLiteral("hi"));
}

void TestPolicySettings::malformedFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("line");
    QTest::newRow("syntax") << QByteArray("release: [unclosed\n") << QStringLiteral("settings.syntax") << 2;
    QTest::newRow("not a map") << QByteArray("- a\n- b\n") << QStringLiteral("settings.format") << 0;
    QTest::newRow("variables not a map") << QByteArray("release: x\nvariables: [a]\n")
                                         << QStringLiteral("settings.format") << 2;
    QTest::newRow("bad variable name") << QByteArray("variables:\n  1X: y\n") << QStringLiteral("settings.name") << 2;
    QTest::newRow("bad mode") << QByteArray("mode: turbo\n") << QStringLiteral("settings.mode") << 1;
}

void TestPolicySettings::malformedFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, code);
    QFETCH(int, line);
    const Result<DeploymentSettings> r = settingsFromYaml(text, DeploymentSettings{}, QStringLiteral("settings.yaml"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QCOMPARE(r.error().file, QStringLiteral("settings.yaml"));
    if (line > 0)
        QCOMPARE(r.error().line, line);
}

void TestPolicySettings::refusesSecrets()
{
    QVERIFY(looksLikeSecretName(QStringLiteral("DB_PASSWORD")));
    QVERIFY(looksLikeSecretName(QStringLiteral("github_token")));
    QVERIFY(looksLikeSecretName(QStringLiteral("TLS_PRIVATE_KEY")));
    QVERIFY(!looksLikeSecretName(QStringLiteral("CAS_KEY_HASH")));
    QVERIFY(!looksLikeSecretName(QStringLiteral("REDIS_HOST")));
    // (Secrets are never written: tst_settingsstore.) Nor are they read from a file someone
    // wrote by hand.
    const Result<DeploymentSettings> r = settingsFromYaml("variables:\n  API_TOKEN: abc\n", DeploymentSettings{});
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("settings.secret"));
}

void TestPolicySettings::appNamespaceProposedFromTheFolder()
{
    QTemporaryDir a, b;
    const QRegularExpression shape(QStringLiteral("^demo-([0-9]+)-([0-9]+)$"));
    const QString proposal = proposeAppNamespace(QStringLiteral("demo"), a.path());
    const auto m = shape.match(proposal);
    QVERIFY2(m.hasMatch(), qPrintable(proposal));
    QVERIFY(m.captured(1).toInt() <= 32767 && m.captured(2).toInt() <= 32767);
    // The same folder always gets the same proposal (also spelled differently), another folder another.
    QCOMPARE(proposeAppNamespace(QStringLiteral("demo"), a.path() + QStringLiteral("/.")), proposal);
    QVERIFY(proposeAppNamespace(QStringLiteral("demo"), b.path()) != proposal);
    QCOMPARE(proposeAppNamespace(QString(), a.path()).section(QLatin1Char('-'), 0, 0), QStringLiteral("release"));

    // Resolving settings without APP_NAMESPACE proposes it and says so; it is never written.
    const ResolvedSettings r = readProjectSettings(a.path());
    QVERIFY(r.namespaceProposed);
    QCOMPARE(r.values.appNamespace, proposeAppNamespace(r.values.release, a.path()));
    QVERIFY(!QFileInfo::exists(settingsFilePath(a.path())));
    // A set one is kept as it is.
    QVERIFY(writeFile(settingsFilePath(a.path()), "app_namespace: mine-1-2\n"));
    const ResolvedSettings kept = readProjectSettings(a.path());
    QVERIFY(!kept.namespaceProposed);
    QCOMPARE(kept.values.appNamespace, QStringLiteral("mine-1-2"));
    // --set wins over the file.
    const ResolvedSettings overridden = readProjectSettings(a.path(), {{QStringLiteral("APP_NAMESPACE"), {}}});
    QVERIFY(overridden.namespaceProposed);
}

void TestPolicySettings::resolvedSettingsOfAFile()
{
    QTemporaryDir dir;
    const QString path = settingsFilePath(dir.path());
    // A buffer of a file that does not exist yet counts (it is what the user typed).
    ResolvedSettings r = resolveSettings(dir.path(), "release: typed\n", false, path);
    QCOMPARE(r.values.release, QStringLiteral("typed"));
    QVERIFY(!r.fileExists);
    // A file that does not parse: the defaults, and an error at its line.
    r = resolveSettings(dir.path(), "release: [unclosed\n", true, path);
    QCOMPARE(r.values.release, DeploymentSettings::defaults(dir.path()).release);
    QCOMPARE(r.diagnostics.size(), 2);  // the error, and the default's placeholder warning
    QCOMPARE(r.diagnostics.first().severity, models::Diagnostic::Severity::Error);
    QCOMPARE(r.diagnostics.first().code, QStringLiteral("settings.syntax"));
    QCOMPARE(r.diagnostics.first().file, path);
    QVERIFY(r.diagnostics.first().line >= 1);
    // The file key of every setting.
    QCOMPARE(settingsFileKey(QStringLiteral("APP_IMAGE_REPO")), QStringLiteral("app_image_repo"));
    QCOMPARE(settingsFileKey(QStringLiteral("MODE")), QStringLiteral("mode"));
    QCOMPARE(settingsFileKey(QStringLiteral("CAS_ADDR")), QStringLiteral("cas_url"));
    QCOMPARE(settingsFileKey(QStringLiteral("MY_VAR")), QStringLiteral("variables.MY_VAR"));
}

void TestPolicySettings::placeholdersAreWarnings()
{
    QVERIFY(isPlaceholderValue(QStringLiteral("registry.example.com/app")));
    QVERIFY(isPlaceholderValue(QStringLiteral("cas.example:8081")));
    QVERIFY(isPlaceholderValue(QStringLiteral("https://EXAMPLE.org/x")));
    QVERIFY(!isPlaceholderValue(QStringLiteral("registry.scontain.com/sconectl")));
    QVERIFY(!isPlaceholderValue(QStringLiteral("myexample.com/app")));
    QVERIFY(!isPlaceholderValue(QStringLiteral("example")));
    QVERIFY(!isPlaceholderValue(QString()));

    QTemporaryDir dir;
    const QString path = settingsFilePath(dir.path());
    const QByteArray text = "release: demo\napp_image_repo: registry.example.com/demo\nvariables:\n"
                            "  MIRROR: mirror.example.net/x\n";
    const ResolvedSettings r = resolveSettings(dir.path(), text, true, path);
    QCOMPARE(r.diagnostics.size(), 2);
    for (const models::Diagnostic &d : r.diagnostics) {
        QCOMPARE(d.severity, models::Diagnostic::Severity::Warning);
        QCOMPARE(d.code, QStringLiteral("settings.placeholder"));
        QCOMPARE(d.file, path);
    }
    QCOMPARE(r.diagnostics.at(0).line, 2);  // app_image_repo
    QCOMPARE(r.diagnostics.at(1).line, 4);  // variables.MIRROR
    // A real value: no warning.
    QVERIFY(resolveSettings(dir.path(), "app_image_repo: registry.acme.io/demo\n", true, path).diagnostics.isEmpty());
}

QTEST_GUILESS_MAIN(TestPolicySettings)
#include "tst_policy_settings.moc"
