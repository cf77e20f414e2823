// SPDX-License-Identifier: Apache-2.0
// `scone-workbench build --builder buildah` for real: the engine's BuildJob renders the service
// manifest, generates the Containerfile, builds it with the real buildah (vfs storage in a
// temporary root, chroot isolation: set through the environment only, by
// test::ImageBuildEnvironment) FROM a base image the test builds from scratch with a static
// busybox, and pushes it to a real docker-registry on loopback. Checked: the reference printed
// on stdout carries the digest the registry stores; the registry lists the tag; the image's
// command and working directory; the Containerfile is in the log; --no-push pushes nothing.
//
// Needs buildah, docker-registry and busybox-static; skipped when they are missing unless
// WORKBENCH_REQUIRE_IMAGE_TOOLS=1 (packaging/dev.sh test sets it, so CI runs it).
#include "imagebuildenv.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;

class TestDeployRealBuild : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nativeBuildThroughTheCommandLine()
    {
        WORKBENCH_SKIP_WITHOUT_IMAGE_TOOLS();
        test::ImageBuildEnvironment env;
        QVERIFY2(env.start(), qPrintable(env.error()));
        const QString base = env.buildBaseImage(QStringLiteral("workbench-test/busybox"), QStringLiteral("1"));
        QVERIFY2(!base.isEmpty(), qPrintable(env.error()));

        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("project"));
        QVERIFY(test::writeFile(project + QStringLiteral("/hello/service.yaml.template"),
                                "apiVersion: scone/5.8\n"
                                "kind: genservice\n"
                                "environment:\n"
                                "  GREETING: hello\n"
                                "build:\n"
                                "  name: hello\n"
                                "  kind: python\n"
                                "  from: $BASE_IMAGE\n"
                                "  to: $APP_IMAGE_REPO/hello:1\n"
                                "  pwd: /app\n"
                                "  command: /bin/sh /app/start.sh \"hello world\"\n"
                                "  copy: [start.sh, data/greeting.txt]\n"
                                "  run:\n"
                                "    - echo built-by-run > /app/built.txt\n"));
        // A whole project (the build runs only on a project the analysis finds no error in).
        QVERIFY(test::writeFile(project + QStringLiteral("/mesh.yaml"),
                                "apiVersion: scone/5.8\n"
                                "kind: mesh\n"
                                "cas:\n"
                                "  - name: cas\n"
                                "    alias: [\"image\", \"security\", \"access\", \"attestation\"]\n"
                                "    cas_url: $CAS_URL\n"
                                "    mode: EncryptedManifest\n"
                                "policy:\n"
                                "  namespace: $APP_NAMESPACE\n"
                                "services:\n"
                                "  - name: hello\n"
                                "    image: $APP_IMAGE_REPO/hello:1\n"));
        QVERIFY(test::writeFile(project + QStringLiteral("/hello/start.sh"), "cat /app/data/greeting.txt\n"));
        QVERIFY(test::writeFile(project + QStringLiteral("/hello/data/greeting.txt"), "greetings\n"));

        QProcessEnvironment cliEnv = env.environment();
        for (const char *name : {"HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"}) {
            const QString path = dir.filePath(QString::fromLatin1(name).toLower());
            QDir().mkpath(path);
            cliEnv.insert(QString::fromLatin1(name), path);
        }
        const QStringList settings{
            QStringLiteral("--set"), QStringLiteral("BASE_IMAGE=") + base, QStringLiteral("--set"),
            QStringLiteral("APP_IMAGE_REPO=") + env.registry() + QStringLiteral("/workbench-test")};

        // --no-push: built, nothing in the registry.
        const test::CliResult local =
            test::runCli(QStringList{QStringLiteral("build"), project, QStringLiteral("--builder"),
                                     QStringLiteral("buildah"), QStringLiteral("--no-push")} +
                             settings,
                         600000, cliEnv);
        QVERIFY2(local.exitCode == 0, local.err.constData());
        QCOMPARE(QString::fromUtf8(local.out).trimmed(),
                 QStringLiteral("hello ") + env.registry() + QStringLiteral("/workbench-test/hello:1"));
        QVERIFY(env.tags(QStringLiteral("workbench-test/hello")).isEmpty());

        const test::CliResult r = test::runCli(
            QStringList{QStringLiteral("build"), project, QStringLiteral("--builder"), QStringLiteral("buildah")} +
                settings,
            600000, cliEnv);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // The generated Containerfile is in the log; the build ran with no overriding flag.
        QVERIFY(r.err.contains(QByteArray("    FROM " + base.toUtf8())));
        QVERIFY(r.err.contains("    CMD [\"/bin/sh\", \"/app/start.sh\", \"hello world\"]"));
        QVERIFY(r.err.contains("$ buildah bud"));
        QVERIFY(!r.err.contains("--storage-driver") && !r.err.contains("--isolation") &&
                !r.err.contains("--tls-verify"));

        // stdout: "SERVICE IMAGE@sha256:DIGEST", the digest the registry stores for the tag.
        QCOMPARE(env.tags(QStringLiteral("workbench-test/hello")), QStringList{QStringLiteral("1")});
        const QString digest = env.manifestDigest(QStringLiteral("workbench-test/hello"), QStringLiteral("1"));
        QVERIFY(digest.startsWith(QStringLiteral("sha256:")));
        QCOMPARE(QString::fromUtf8(r.out).trimmed(),
                 QStringLiteral("hello ") + env.registry() + QStringLiteral("/workbench-test/hello@") + digest);

        const QJsonObject config = env.imageConfig(QStringLiteral("workbench-test/hello"), QStringLiteral("1"))
                                       .value(QStringLiteral("config"))
                                       .toObject();
        QCOMPARE(config.value(QStringLiteral("WorkingDir")).toString(), QStringLiteral("/app"));
        QCOMPARE(
            config.value(QStringLiteral("Cmd")).toArray(),
            QJsonArray({QStringLiteral("/bin/sh"), QStringLiteral("/app/start.sh"), QStringLiteral("hello world")}));
    }
};

QTEST_GUILESS_MAIN(TestDeployRealBuild)
#include "tst_deploy_realbuild.moc"
