// SPDX-License-Identifier: Apache-2.0
// `scone-workbench render PROJECT_DIR --out DIR [--set NAME=VALUE]...` end to end.
#include "manifest/manifestproject.h"
#include "policy/policygenerator.h"
#include "policy/projectsettings.h"
#include "policy/sessionwriter.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::policy;

namespace {

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

QString text(const QByteArray &b)
{
    return QString::fromUtf8(b);
}

}  // namespace

class TestRenderCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void rendersTheExample();
    void rendersTheExampleAsItIsShipped();
    void aNewProjectGetsThePlaceholders();
    void appNamespaceIsStableAndNeverWritten();
    void errorsExitOneAndWriteNothing();
    void projectWithoutMeshNamesAFile();
    void proposedNamespaceFollowsTheReleaseInEffect();
    void usageErrors_data();
    void usageErrors();
    void listedInHelp();

private:
    QTemporaryDir m_tmp;
    QString m_project;
    QString m_out;
};

void TestRenderCli::init()
{
    QVERIFY(m_tmp.isValid());
    m_project = QDir(m_tmp.path()).filePath(QStringLiteral("project-%1").arg(QRandomGenerator::global()->generate()));
    m_out = m_project + QStringLiteral("-out");
    QVERIFY(test::copyTree(test::exampleDir(), m_project));
}

void TestRenderCli::rendersTheExample()
{
    const test::CliResult r = test::runCli(
        {QStringLiteral("render"), m_project, QStringLiteral("--out"), m_out, QStringLiteral("--set"),
         QStringLiteral("APP_IMAGE_REPO=registry.example.com/sdm"),
         QStringLiteral("--set=RELEASE=secure-doc-management"), QStringLiteral("--set"),
         QStringLiteral("APP_NAMESPACE=secure-doc-management-12345-678"), QStringLiteral("--set"),
         QStringLiteral("CAS_KEY=46Yy"), QStringLiteral("--set"), QStringLiteral("CAS_SESSION_ENCRYPTION_KEY=abcd")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // No generation findings left (the validator may still lint, e.g. legacy `.chain`).
    QVERIFY2(!text(r.err).contains(QLatin1String("[policy.")), r.err.constData());
    QVERIFY2(!text(r.err).contains(QLatin1String(": error:")), r.err.constData());
    QVERIFY(text(r.out).contains(QLatin1String("Rendered 3 sessions")));
    const QString ns = QStringLiteral("secure-doc-management-12345-678");
    QCOMPARE(filesUnder(m_out),
             (QStringList{QStringLiteral(".scone-workbench-output"), QStringLiteral("helm/Chart.yaml"),
                          QStringLiteral("helm/charts/flask-api/Chart.yaml"),
                          QStringLiteral("helm/charts/flask-api/templates/_helpers.tpl"),
                          QStringLiteral("helm/charts/flask-api/templates/deployment.yaml"),
                          QStringLiteral("helm/charts/flask-api/templates/service.yaml"),
                          QStringLiteral("helm/charts/flask-api/values.yaml"),
                          QStringLiteral("helm/charts/redis/Chart.yaml"),
                          QStringLiteral("helm/charts/redis/templates/_helpers.tpl"),
                          QStringLiteral("helm/charts/redis/templates/deployment.yaml"),
                          QStringLiteral("helm/charts/redis/templates/service.yaml"),
                          QStringLiteral("helm/charts/redis/values.yaml"), QStringLiteral("helm/values.yaml"),
                          QStringLiteral("policies/") + ns + QStringLiteral(".yaml"),
                          QStringLiteral("policies/") + ns + QStringLiteral("/flask-api.yaml"),
                          QStringLiteral("policies/") + ns + QStringLiteral("/redis.yaml"),
                          QStringLiteral("policies/upload-order.txt")}));
    QCOMPARE(text(test::readFile(QDir(m_out).filePath(QStringLiteral("policies/upload-order.txt")))),
             ns + QLatin1Char('\n') + ns + QStringLiteral("/redis\n") + ns + QStringLiteral("/flask-api\n"));

    // The files are exactly what the library generates for the same inputs.
    Result<ManifestProject> project = ManifestProject::loadFolder(m_project);
    QVERIFY(project.ok());
    PolicyGenerationOptions o;
    o.settings = loadDeploymentSettings(m_project).value();
    for (const char *kv :
         {"APP_IMAGE_REPO=registry.example.com/sdm", "RELEASE=secure-doc-management",
          "APP_NAMESPACE=secure-doc-management-12345-678", "CAS_KEY=46Yy", "CAS_SESSION_ENCRYPTION_KEY=abcd"}) {
        const QString s = QString::fromLatin1(kv);
        QVERIFY(o.settings.set(s.section(QLatin1Char('='), 0, 0), s.section(QLatin1Char('='), 1)).ok());
    }
    const PolicyPreview p = generatePolicies(project.value(), o);
    for (int i = 0; i < p.sessions.size(); ++i)
        QCOMPARE(text(test::readFile(
                     QDir(m_out).filePath(QStringLiteral("policies/") + sessionFilePath(p.sessions.at(i).name)))),
                 p.sessionYaml.at(i).text);
    for (const ChartFile &f : p.chart.files)
        QCOMPARE(text(test::readFile(QDir(m_out).filePath(QStringLiteral("helm/") + f.path))), f.content.text);
    const QString flask = text(
        test::readFile(QDir(m_out).filePath(QStringLiteral("policies/") + ns + QStringLiteral("/flask-api.yaml"))));
    QVERIFY(flask.startsWith(QStringLiteral("name: ") + ns + QStringLiteral("/flask-api\nversion: \"0.3.10\"\n")));
    QVERIFY(flask.contains(QLatin1String("      session: ../redis\n      secret: redis_ca_cert\n")));
}

void TestRenderCli::rendersTheExampleAsItIsShipped()
{
    // Out of the box, on a fresh HOME: the example's settings carry placeholders that say so
    // (warnings), never an error.
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.remove(QStringLiteral("XDG_CONFIG_HOME"));
    env.remove(QStringLiteral("XDG_DATA_HOME"));
    const test::CliResult r =
        test::runCli({QStringLiteral("render"), test::exampleDir(), QStringLiteral("--out"), m_out}, 60000, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(text(r.out).contains(QLatin1String("Rendered 3 sessions")));
    QVERIFY(text(r.err).contains(QLatin1String("[settings.placeholder]")));
    QVERIFY(!text(r.err).contains(QLatin1String(": error:")));
    QVERIFY(text(test::readFile(QDir(m_out).filePath(QStringLiteral("helm/charts/redis/values.yaml"))))
                .contains(QLatin1String("registry.example.com/secure-doc-management/secure-doc-management-redis:1")));
}

void TestRenderCli::aNewProjectGetsThePlaceholders()
{
    // No settings file at all (a new project): the defaults carry the same kind of placeholder,
    // a warning that names it, and validate and render succeed without writing settings.
    QVERIFY(QFile::remove(settingsFilePath(m_project)));
    const QByteArray before = test::treeDigest(m_project);
    const QString release = QFileInfo(m_project).fileName();
    const QString placeholder = QStringLiteral("registry.example.com/") + release;
    const test::CliResult v = test::runCli({QStringLiteral("validate"), m_project});
    QVERIFY2(v.exitCode == 0, v.out.constData());
    QVERIFY2(text(v.out).contains(QStringLiteral("warning: APP_IMAGE_REPO is the placeholder \"%1\"").arg(placeholder)),
             v.out.constData());
    QVERIFY(!text(v.out).contains(QLatin1String(": error:")));
    const test::CliResult r = test::runCli({QStringLiteral("render"), m_project, QStringLiteral("--out"), m_out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(text(r.err).contains(QLatin1String("[settings.placeholder]")));
    QVERIFY(text(test::readFile(QDir(m_out).filePath(QStringLiteral("helm/charts/redis/values.yaml"))))
                .contains(placeholder + QLatin1Char('/')));
    QCOMPARE(test::treeDigest(m_project), before);
    QVERIFY(!QFileInfo::exists(settingsFilePath(m_project)));
}

void TestRenderCli::appNamespaceIsStableAndNeverWritten()
{
    const QByteArray before = test::treeDigest(m_project);
    const QStringList args{QStringLiteral("render"), m_project,
                           QStringLiteral("--out"),  m_out,
                           QStringLiteral("--set"),  QStringLiteral("APP_IMAGE_REPO=r")};
    const test::CliResult first = test::runCli(args);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    // Warnings (CAS key not set) do not fail the render.
    QVERIFY(text(first.err).contains(QLatin1String("warning: $CAS_KEY is not set")));
    auto renderedNamespace = [this] {
        return text(test::readFile(QDir(m_out).filePath(QStringLiteral("policies/upload-order.txt"))))
            .section(QLatin1Char('\n'), 0, 0);
    };
    // The settings set no APP_NAMESPACE: the project's proposal is used, the same every run...
    const QString ns = renderedNamespace();
    QCOMPARE(ns, proposeAppNamespace(QStringLiteral("secure-doc-management"), m_project));
    QVERIFY(QRegularExpression(QStringLiteral("^secure-doc-management-[0-9]+-[0-9]+$")).match(ns).hasMatch());
    const test::CliResult second = test::runCli(args);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(renderedNamespace(), ns);
    // ... and nothing is written into the project (not the namespace, not the --set values).
    QCOMPARE(test::treeDigest(m_project), before);
}

void TestRenderCli::errorsExitOneAndWriteNothing()
{
    const QByteArray before = test::treeDigest(m_project);
    // APP_IMAGE_REPO explicitly unset: the images cannot be resolved.
    const test::CliResult r = test::runCli(
        {QStringLiteral("render"), m_project, QStringLiteral("--out"), m_out, QStringLiteral("--set=APP_IMAGE_REPO=")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    const QString err = text(r.err);
    // The command line says how to fix it there (the GUI names its Deployment settings instead).
    QVERIFY2(err.contains(QLatin1String("mesh.yaml:53:12: error: $APP_IMAGE_REPO is not set: define it in the "
                                        "deployment settings or with --set APP_IMAGE_REPO=VALUE.")),
             qPrintable(err));
    QVERIFY(err.contains(QLatin1String("[policy.variable.unresolved]")));
    // Every location names a file and 1-based positions.
    QVERIFY(!err.contains(QLatin1String(":0:")));
    QVERIFY(err.contains(QLatin1String("nothing written")));
    QVERIFY(!QFileInfo::exists(m_out));
    QCOMPARE(test::treeDigest(m_project), before);
    // `validate` stops on exactly these errors.
    const test::CliResult v = test::runCli({QStringLiteral("validate"), m_project});
    QCOMPARE(v.exitCode, 0);  // without the --set, the project's own settings resolve it
}

void TestRenderCli::projectWithoutMeshNamesAFile()
{
    // A finding about the project as a whole still points at a file, 1:1 (never ":0:0:").
    QVERIFY(QFile::remove(QDir(m_project).filePath(QStringLiteral("mesh.yaml"))));
    const test::CliResult r = test::runCli({QStringLiteral("render"), m_project, QStringLiteral("--out"), m_out});
    QCOMPARE(r.exitCode, 1);
    const QString err = text(r.err);
    QVERIFY2(err.contains(QLatin1String("flask-api/service.yaml:1:1: error: The project has no mesh manifest")),
             qPrintable(err));
    QVERIFY(!err.contains(QLatin1String(":0:0:")));
    for (const QString &line : err.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        QVERIFY2(!line.startsWith(QLatin1Char(':')), qPrintable(line));
}

void TestRenderCli::proposedNamespaceFollowsTheReleaseInEffect()
{
    const test::CliResult r =
        test::runCli({QStringLiteral("render"), m_project, QStringLiteral("--out"), m_out, QStringLiteral("--set"),
                      QStringLiteral("APP_IMAGE_REPO=r"), QStringLiteral("--set"), QStringLiteral("RELEASE=demo")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString ns = text(test::readFile(QDir(m_out).filePath(QStringLiteral("policies/upload-order.txt"))))
                           .section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(QRegularExpression(QStringLiteral("^demo-[0-9]+-[0-9]+$")).match(ns).hasMatch(), qPrintable(ns));
    QCOMPARE(ns, proposeAppNamespace(QStringLiteral("demo"), m_project));
    QVERIFY(loadDeploymentSettings(m_project)->release != QLatin1String("demo"));  // --set is for this run only
}

void TestRenderCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("no project") << QStringList{QStringLiteral("--out"), QStringLiteral("x")}
                                << QStringLiteral("PROJECT_DIR is missing");
    QTest::newRow("no out") << QStringList{QStringLiteral("@P")} << QStringLiteral("--out DIR is missing");
    QTest::newRow("out without value") << QStringList{QStringLiteral("@P"), QStringLiteral("--out")}
                                       << QStringLiteral("--out needs a folder");
    QTest::newRow("bad set") << QStringList{QStringLiteral("@P"), QStringLiteral("--out"), QStringLiteral("x"),
                                            QStringLiteral("--set"), QStringLiteral("NOEQUALS")}
                             << QStringLiteral("--set needs NAME=VALUE");
    QTest::newRow("bad name") << QStringList{QStringLiteral("@P"), QStringLiteral("--out"), QStringLiteral("x"),
                                             QStringLiteral("--set"), QStringLiteral("1A=b")}
                              << QStringLiteral("invalid variable name");
    QTest::newRow("bad mode") << QStringList{QStringLiteral("@P"), QStringLiteral("--out"), QStringLiteral("x"),
                                             QStringLiteral("--set"), QStringLiteral("MODE=fast")}
                              << QStringLiteral("MODE must be");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("@P"), QStringLiteral("--frobnicate")}
                                    << QStringLiteral("unknown option");
    QTest::newRow("two projects") << QStringList{QStringLiteral("@P"), QStringLiteral("@P")}
                                  << QStringLiteral("more than one PROJECT_DIR");
    QTest::newRow("not a folder") << QStringList{QStringLiteral("/nonexistent/dir"), QStringLiteral("--out"),
                                                 QStringLiteral("x")}
                                  << QStringLiteral("is not a folder");
}

void TestRenderCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    for (QString &a : args)
        if (a == QLatin1String("@P"))
            a = m_project;
    const QByteArray before = test::treeDigest(m_project);
    const test::CliResult r = test::runCli(QStringList{QStringLiteral("render")} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(text(r.err).contains(message), r.err.constData());
    QCOMPARE(test::treeDigest(m_project), before);
}

void TestRenderCli::listedInHelp()
{
    const test::CliResult help = test::runCli({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(text(help.out).contains(QLatin1String("render PROJECT_DIR --out DIR [--set NAME=VALUE]...")));
    const test::CliResult own = test::runCli({QStringLiteral("render"), QStringLiteral("--help")});
    QCOMPARE(own.exitCode, 0);
    QVERIFY(text(own.out).contains(QLatin1String("DIR/policies/upload-order.txt")));
}

QTEST_GUILESS_MAIN(TestRenderCli)
#include "tst_render_cli.moc"
