// SPDX-License-Identifier: Apache-2.0
// models/build: which project files go into a service's build context, where the context lives
// in the working folder, and copying it (folders, hidden files, links, the signing key).
#include "build/buildcontext.h"
#include "manifest/servicemanifest.h"
#include "manifest/yamldocument.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::build;

namespace {

BuildSection buildOf(const QByteArray &build)
{
    return ServiceManifest::fromDocument(
               YamlDocument::fromText("apiVersion: scone/5.8\nkind: genservice\nbuild:\n" + build,
                                      QStringLiteral("service.yaml")))
        .build;
}

}  // namespace

class TestBuildContext : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exampleFlaskApi()
    {
        QTemporaryDir project, work;
        QVERIFY(test::copyTree(test::exampleDir(), project.path()));
        const BuildSection build = buildOf("  name: flask-api\n  kind: python\n  to: r/x:1\n  command: python3 "
                                           "/python/rest_api.py\n  requirements: requirements.txt\n  copy: "
                                           "[rest_api.py]\n");
        const Result<BuildContext> ctx =
            planBuildContext(project.path(), QStringLiteral("flask-api/service.yaml"), build, BuildRoute::Native);
        QVERIFY2(ctx.ok(), qPrintable(ctx.ok() ? QString() : ctx.error().toString()));
        QCOMPARE(ctx->serviceName, QStringLiteral("flask-api"));
        QCOMPARE(ctx->serviceFolder, QStringLiteral("flask-api"));
        QCOMPARE(ctx->renderedManifest, QStringLiteral("flask-api/service.yaml"));
        QCOMPARE(ctx->containerfile, QStringLiteral("flask-api/Containerfile.flask-api"));
        QCOMPARE(ctx->contextDir(work.path()), work.filePath(QStringLiteral("flask-api")));
        QCOMPARE(ctx->entries.size(), 2);
        QCOMPARE(ctx->entries.at(0).path, QStringLiteral("rest_api.py"));
        QCOMPARE(ctx->entries.at(0).kind, ContextEntry::Kind::Copy);
        QCOMPARE(ctx->entries.at(1).path, QStringLiteral("requirements.txt"));
        QCOMPARE(ctx->entries.at(1).kind, ContextEntry::Kind::Requirements);

        QVERIFY(writeBuildContext(project.path(), work.path(), *ctx, "FROM scratch\n").ok());
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("flask-api/rest_api.py"))),
                 test::readFile(project.filePath(QStringLiteral("flask-api/rest_api.py"))));
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("flask-api/requirements.txt"))),
                 test::readFile(project.filePath(QStringLiteral("flask-api/requirements.txt"))));
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("flask-api/Containerfile.flask-api"))),
                 QByteArray("FROM scratch\n"));
        // Only what the build names: the other service's folder is not copied.
        QVERIFY(!QFile::exists(work.filePath(QStringLiteral("redis"))));
        QCOMPARE(QDir(work.filePath(QStringLiteral("flask-api"))).entryList(QDir::Files | QDir::Hidden).size(), 3);
    }

    void foldersHiddenFilesAndLinks()
    {
        QTemporaryDir project, work;
        const QString p = project.path();
        QVERIFY(test::writeFile(p + QStringLiteral("/svc/static/index.html"), "<html/>"));
        QVERIFY(test::writeFile(p + QStringLiteral("/svc/static/.hidden"), "h"));
        QVERIFY(test::writeFile(p + QStringLiteral("/svc/static/css/site.css"), "body{}"));
        QVERIFY(test::writeFile(p + QStringLiteral("/svc/shared.txt"), "shared"));
        QVERIFY(QFile::link(p + QStringLiteral("/svc/shared.txt"), p + QStringLiteral("/svc/static/link.txt")));
        const BuildSection build =
            buildOf("  name: web\n  kind: python\n  to: r/x:1\n  command: x\n  copy: [static/]\n");
        Result<BuildContext> ctx = planBuildContext(p, QStringLiteral("svc/service.yaml"), build, BuildRoute::Native);
        QVERIFY(ctx.ok());
        QCOMPARE(ctx->entries.size(), 1);
        QVERIFY(ctx->entries.at(0).isFolder);
        QCOMPARE(ctx->entries.at(0).path, QStringLiteral("static"));
        QVERIFY(writeBuildContext(p, work.path(), *ctx).ok());
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("svc/static/.hidden"))), QByteArray("h"));
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("svc/static/css/site.css"))), QByteArray("body{}"));
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("svc/static/link.txt"))), QByteArray("shared"));
        QVERIFY(!QFileInfo(work.filePath(QStringLiteral("svc/static/link.txt"))).isSymLink());
        QVERIFY(!QFile::exists(work.filePath(QStringLiteral("svc/shared.txt"))));
        QVERIFY(!QFile::exists(work.filePath(QStringLiteral("svc/Containerfile.web"))));  // none given

        // A link that leaves the project is refused, and says where it points.
        QTemporaryDir outside;
        QVERIFY(test::writeFile(outside.filePath(QStringLiteral("secret.txt")), "no"));
        QVERIFY(
            QFile::link(outside.filePath(QStringLiteral("secret.txt")), p + QStringLiteral("/svc/static/escape.txt")));
        QTemporaryDir work2;
        const Status s = writeBuildContext(p, work2.path(), *ctx);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("build.copy.link"));
        QVERIFY(s.error().message.contains(outside.filePath(QStringLiteral("secret.txt"))));
    }

    void wholeFolderSkipsTheWorkbenchFolder()
    {
        QTemporaryDir project, work;
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("app.py")), "print()"));
        QVERIFY(test::writeFile(project.filePath(QStringLiteral(".scone-workbench/settings.yaml")), "release: x\n"));
        const BuildSection build = buildOf("  name: root\n  kind: python\n  to: r/x:1\n  command: x\n  copy: ['.']\n");
        const Result<BuildContext> ctx =
            planBuildContext(project.path(), QStringLiteral("service.yaml"), build, BuildRoute::Native);
        QVERIFY(ctx.ok());
        QCOMPARE(ctx->serviceFolder, QString());
        QCOMPARE(ctx->containerfile, QStringLiteral("Containerfile.root"));
        QCOMPARE(ctx->contextDir(work.path()), work.path());
        QVERIFY(writeBuildContext(project.path(), work.path(), *ctx).ok());
        QVERIFY(QFile::exists(work.filePath(QStringLiteral("app.py"))));
        QVERIFY(!QFile::exists(work.filePath(QStringLiteral(".scone-workbench"))));
    }

    void missingFilesAreReportedAtTheirLine()
    {
        QTemporaryDir project;
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("svc/present.py")), "x"));
        const BuildSection build = buildOf(
            "  name: s\n  kind: python\n  to: r/x:1\n  command: x\n  copy:\n    - present.py\n    - absent.py\n");
        const Result<BuildContext> ctx =
            planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), build, BuildRoute::Native);
        QVERIFY(!ctx.ok());
        QCOMPARE(ctx.error().code, QStringLiteral("build.copy.missing"));
        QCOMPARE(ctx.error().line, 10);
        QVERIFY(ctx.error().message.contains(QLatin1String("absent.py")));
        QCOMPARE(ctx.error().file, project.filePath(QStringLiteral("svc/service.yaml")));

        const BuildSection req =
            buildOf("  name: s\n  kind: python\n  to: r/x:1\n  command: x\n  requirements: r.txt\n");
        const Result<BuildContext> ctx2 =
            planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), req, BuildRoute::Native);
        QVERIFY(!ctx2.ok());
        QVERIFY(ctx2.error().message.contains(QLatin1String("requirements")));
        const BuildSection escaping =
            buildOf("  name: s\n  kind: python\n  to: r/x:1\n  command: x\n  copy: [../present.py]\n");
        QCOMPARE(planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), escaping, BuildRoute::Native)
                     .error()
                     .code,
                 QStringLiteral("build.copy.path"));
    }

    void signingKeyOnlyForSconectl()
    {
        QTemporaryDir project, work;
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("svc/app.py")), "x"));
        const BuildSection build = buildOf("  name: s\n  kind: python\n  to: r/x:1\n  command: x\n  copy: [app.py]\n");
        // No key yet: sconectl generates target/identity.pem itself.
        Result<BuildContext> ctx =
            planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), build, BuildRoute::Sconectl);
        QVERIFY(ctx.ok());
        QCOMPARE(ctx->entries.size(), 1);
        QCOMPARE(ctx->containerfile, QString());
        // With the default key present it travels with the context (sconectl signs with it).
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("svc/target/identity.pem")), "KEY"));
        ctx = planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), build, BuildRoute::Sconectl);
        QVERIFY(ctx.ok());
        QCOMPARE(ctx->entries.size(), 2);
        QCOMPARE(ctx->entries.at(1).kind, ContextEntry::Kind::SigningKey);
        QCOMPARE(ctx->entries.at(1).path, QStringLiteral("target/identity.pem"));
        QVERIFY(writeBuildContext(project.path(), work.path(), *ctx).ok());
        QCOMPARE(test::readFile(work.filePath(QStringLiteral("svc/target/identity.pem"))), QByteArray("KEY"));
        QCOMPARE(QFileInfo(work.filePath(QStringLiteral("svc/target"))).permissions() &
                     (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        // The native route never copies it.
        ctx = planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), build, BuildRoute::Native);
        QCOMPARE(ctx->entries.size(), 1);
        // An explicit key is used when it exists.
        QVERIFY(test::writeFile(project.filePath(QStringLiteral("svc/keys/signer.pem")), "K2"));
        const BuildSection signedBuild =
            buildOf("  name: s\n  kind: python\n  to: r/x:1\n  command: x\n  signature:\n    key: keys/signer.pem\n");
        ctx = planBuildContext(project.path(), QStringLiteral("svc/service.yaml"), signedBuild, BuildRoute::Sconectl);
        QCOMPARE(ctx->entries.size(), 1);
        QCOMPARE(ctx->entries.at(0).path, QStringLiteral("keys/signer.pem"));
    }
};

QTEST_GUILESS_MAIN(TestBuildContext)
#include "tst_build_context.moc"
