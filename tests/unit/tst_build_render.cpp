// SPDX-License-Identifier: Apache-2.0
// models/build: rendering manifests with the deployment settings (envsubst semantics through the
// one variable resolver; $$SCONE::…$$ and {{…}} kept; unset variables are errors, never ""),
// the working folder rule (outside the project) and writing the rendered tree.
#include "build/templaterender.h"
#include "build/workfolder.h"
#include "policy/deploymentsettings.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::build;

namespace {

const policy::VariableMap kVars{{QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("registry.example/team")},
                                {QStringLiteral("RELEASE"), QStringLiteral("demo")},
                                {QStringLiteral("VERSION"), QStringLiteral("5.8.0")}};

}  // namespace

class TestBuildRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void render_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("variables") << QByteArray("to: $APP_IMAGE_REPO/x:${VERSION}\nname: $RELEASE-redis\n")
                                   << QByteArray("to: registry.example/team/x:5.8.0\nname: demo-redis\n");
        QTest::newRow("scone placeholder kept")
            << QByteArray("content: $$SCONE::flask.crt$$\n") << QByteArray("content: $$SCONE::flask.crt$$\n");
        QTest::newRow("mesh variable kept") << QByteArray("value: \"{{REDIS_HOST}}\"\nv: {{ $RELEASE | upper }}\n")
                                            << QByteArray("value: \"{{REDIS_HOST}}\"\nv: {{ $RELEASE | upper }}\n");
        QTest::newRow("lone dollar kept")
            << QByteArray("price: 5$ and $1 and ${}\n") << QByteArray("price: 5$ and $1 and ${}\n");
        QTest::newRow("utf-8 around") << QByteArray("# größe $RELEASE\n") << QByteArray("# größe demo\n");
    }
    void render()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const Result<QByteArray> r = renderTemplate(input, kVars, QStringLiteral("x.yaml"));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(*r, expected);
    }

    void unsetVariableIsAnErrorAtItsPlace()
    {
        const Result<QByteArray> r =
            renderTemplate("a: 1\nb: x-$CAS_KEY-${NAMESPACE}-$CAS_KEY\n", kVars, QStringLiteral("mesh.yaml.template"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("build.render.unset"));
        QCOMPARE(r.error().file, QStringLiteral("mesh.yaml.template"));
        QCOMPARE(r.error().line, 2);
        QCOMPARE(r.error().column, 6);
        QCOMPARE(r.error().message.count(QLatin1String("$CAS_KEY")), 1);
        QVERIFY(r.error().message.contains(QLatin1String("$NAMESPACE")));
        QVERIFY(r.error().message.contains(QLatin1String("--set")));
    }

    void unsetInCommentsIsKept()
    {
        const QByteArray text = "# $VARIABLES come from the settings\n"
                                "to: $APP_IMAGE_REPO/x:1   # was $OLD_REPO\n"
                                "script: |\n"
                                "  echo ok # $IN_BLOCK\n"
                                "quoted: \"a #$IN_QUOTES\"\n";
        const Result<QByteArray> r = renderTemplate(text, kVars, QStringLiteral("x.yaml"));
        QVERIFY(!r.ok());
        // The comments are no error; the block scalar and the quoted scalar are values.
        QVERIFY(r.error().message.contains(QLatin1String("$IN_BLOCK")));
        QVERIFY(r.error().message.contains(QLatin1String("$IN_QUOTES")));
        QVERIFY(!r.error().message.contains(QLatin1String("$VARIABLES")));
        QVERIFY(!r.error().message.contains(QLatin1String("$OLD_REPO")));
        QCOMPARE(r.error().line, 4);
        const Result<QByteArray> ok = renderTemplate("# $VARIABLES\nto: $APP_IMAGE_REPO # $OLD\n", kVars, {});
        QVERIFY(ok.ok());
        QCOMPARE(*ok, QByteArray("# $VARIABLES\nto: registry.example/team # $OLD\n"));
    }

    void settingsAreTheVariables()
    {
        // The settings' own variable list is what a render sees (known names and free variables).
        policy::DeploymentSettings s = policy::DeploymentSettings::defaults(QStringLiteral("/x/My Project"));
        s.variables.insert(QStringLiteral("EXTRA"), QStringLiteral("e"));
        const Result<QByteArray> r =
            renderTemplate("$RELEASE $SCONECTL_REPO $EXTRA $MODE\n", policy::toVariableMap(s.toVariables()), {});
        QVERIFY(r.ok());
        QCOMPARE(*r, QByteArray("my-project registry.scontain.com/sconectl e production\n"));
    }

    void renderedNames_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("template") << QStringLiteral("flask-api/service.yaml.template")
                                  << QStringLiteral("flask-api/service.yaml");
        QTest::newRow("plain") << QStringLiteral("mesh.yaml") << QStringLiteral("mesh.yaml");
        QTest::newRow("only the suffix") << QStringLiteral("a.template.yaml") << QStringLiteral("a.template.yaml");
        QTest::newRow("bare suffix") << QStringLiteral(".template") << QStringLiteral(".template");
    }
    void renderedNames()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(renderedFileName(in), out);
    }

    void projectIntoWorkFolder()
    {
        QTemporaryDir project, work;
        QVERIFY(test::copyTree(test::exampleDir(), project.path()));
        // A tutorial-style template next to the plain manifests.
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("extra/service.yaml.template")),
                                "build:\n  to: $APP_IMAGE_REPO/extra:1\n  x: $$SCONE::k$$\n"));
        const QStringList files{QStringLiteral("mesh.yaml"), QStringLiteral("flask-api/service.yaml"),
                                QStringLiteral("extra/service.yaml.template")};
        policy::VariableMap vars = kVars;
        for (const char *name : {"APP_NAMESPACE", "CAS_URL", "CAS_KEY", "CAS_SESSION_ENCRYPTION_KEY", "NAMESPACE"})
            vars.insert(QLatin1String(name), QStringLiteral("v-") + QLatin1String(name));
        const Result<QList<RenderedManifest>> rendered = renderManifests(project.path(), files, vars);
        QVERIFY2(rendered.ok(), qPrintable(rendered.ok() ? QString() : rendered.error().toString()));
        QCOMPARE(rendered->size(), 3);
        QCOMPARE(rendered->at(2).outputPath, QStringLiteral("extra/service.yaml"));
        QVERIFY(checkWorkFolder(project.path(), work.path()).ok());
        QVERIFY(writeRenderedManifests(work.path(), *rendered).ok());

        const QByteArray service = test::readFile(work.filePath(QStringLiteral("flask-api/service.yaml")));
        QVERIFY(service.contains("to: registry.example/team/secure-doc-management-flask:1"));
        QVERIFY(service.contains("content: $$SCONE::flask.crt$$"));
        QVERIFY(service.contains("\"{{REDIS_HOST}}\""));
        QVERIFY(!service.contains("$APP_IMAGE_REPO"));
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("extra/service.yaml"))),
                 QByteArray("build:\n  to: registry.example/team/extra:1\n  x: $$SCONE::k$$\n"));
        QVERIFY(test::readFile(work.filePath(QStringLiteral("mesh.yaml"))).contains("namespace: v-APP_NAMESPACE"));
        // Folders created for the rendered tree are private.
        QCOMPARE(QFileInfo(work.filePath(QStringLiteral("flask-api"))).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeOther),
                 QFileDevice::Permissions());
        // The project is untouched.
        QVERIFY(test::readFile(project.filePath(QStringLiteral("flask-api/service.yaml"))).contains("$APP_IMAGE_REPO"));
    }

    void renderStopsAtTheFirstBadFile()
    {
        QTemporaryDir project;
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("a.yaml")), "x: $NOT_SET\n"));
        Result<QList<RenderedManifest>> r = renderManifests(project.path(), {QStringLiteral("a.yaml")}, kVars);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("build.render.unset"));
        QCOMPARE(r.error().file, project.filePath(QStringLiteral("a.yaml")));
        r = renderManifests(project.path(), {QStringLiteral("missing.yaml")}, kVars);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("build.render.read"));
        r = renderManifests(project.path(), {QStringLiteral("../outside.yaml")}, kVars);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("build.path"));
    }

    void workFolderMustBeOutsideTheProject()
    {
        QTemporaryDir root;
        const QString project = root.filePath(QStringLiteral("project"));
        QVERIFY(QDir().mkpath(project));
        QCOMPARE(checkWorkFolder(project, project + QStringLiteral("/build/work")).error().code,
                 QStringLiteral("build.workdir"));
        QVERIFY(!checkWorkFolder(project, project).ok());
        QVERIFY(!checkWorkFolder(project, root.path()).ok());  // contains the project
        QVERIFY(!checkWorkFolder(project, QString()).ok());
        QVERIFY(checkWorkFolder(project, root.filePath(QStringLiteral("work"))).ok());
        QVERIFY(
            checkWorkFolder(project, root.filePath(QStringLiteral("project-work"))).ok());  // a prefix is not inside
        // A link that leads into the project is inside it.
        QVERIFY(QFile::link(project, root.filePath(QStringLiteral("alias"))));
        QVERIFY(!checkWorkFolder(project, root.filePath(QStringLiteral("alias/work"))).ok());
    }

    void writeWorkFileRefusesToLeave()
    {
        QTemporaryDir work;
        QVERIFY(!writeWorkFile(work.path(), QStringLiteral("../x"), "x").ok());
        QVERIFY(!writeWorkFile(work.path(), QStringLiteral("/etc/x"), "x").ok());
        QVERIFY(writeWorkFile(work.path(), QStringLiteral("a/./b/c.txt"), "x").ok());
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("a/b/c.txt"))), QByteArray("x"));
    }
};

QTEST_GUILESS_MAIN(TestBuildRender)
#include "tst_build_render.moc"
