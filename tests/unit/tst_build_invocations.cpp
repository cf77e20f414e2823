// SPDX-License-Identifier: Apache-2.0
// models/build: the argv and environment of sconectl, buildah/podman/docker and helm (the tools'
// own configuration honoured: no flag overrides it, the inherited environment passes through),
// digests, the builder choice and the doctor's version commands.
#include "build/helminvocation.h"
#include "build/imagebuilder.h"
#include "build/sconectlinvocation.h"
#include "build/toolinvocation.h"
#include "build/toolversion.h"

#include <QtTest>

using namespace workbench;
using namespace workbench::models;
using namespace workbench::models::build;

namespace {

const Environment kInherited{{QStringLiteral("HOME"), QStringLiteral("/home/u")},
                             {QStringLiteral("PATH"), QStringLiteral("/usr/bin")},
                             {QStringLiteral("PWD"), QStringLiteral("/somewhere/else")},
                             {QStringLiteral("DOCKER_HOST"), QStringLiteral("unix:///run/podman/podman.sock")},
                             {QStringLiteral("SCONECTL_CAS_CONFIG"), QStringLiteral("/home/u/.cas")},
                             {QStringLiteral("SCONECTL_NOPULL"), QStringLiteral("1")},
                             {QStringLiteral("KUBECONFIG"), QStringLiteral("/home/u/.kube/other")},
                             {QStringLiteral("CONTAINERS_STORAGE_CONF"), QStringLiteral("/tmp/storage.conf")},
                             {QStringLiteral("CONTAINERS_REGISTRIES_CONF"), QStringLiteral("/tmp/registries.conf")},
                             {QStringLiteral("REGISTRY_AUTH_FILE"), QStringLiteral("/tmp/auth.json")},
                             {QStringLiteral("BUILDAH_ISOLATION"), QStringLiteral("chroot")}};

SconectlOptions options()
{
    SconectlOptions o;
    o.sconectlRepo = QStringLiteral("registry.example/sconectl");
    o.version = QStringLiteral("5.8.0");
    return o;
}

}  // namespace

class TestBuildInvocations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sconectlService()
    {
        ToolInvocation inv = sconectlApplyService(QStringLiteral("/work/flask-api"), QStringLiteral("service.yaml"),
                                                  options(), kInherited);
        QCOMPARE(inv.program, QStringLiteral("sconectl"));
        QCOMPARE(inv.arguments, QStringList({QStringLiteral("apply"), QStringLiteral("-f"),
                                             QStringLiteral("service.yaml"), QStringLiteral("--mode=production"),
                                             QStringLiteral("--set-version"), QStringLiteral("5.8.0")}));
        QCOMPARE(inv.workingDirectory, QStringLiteral("/work/flask-api"));
        QCOMPARE(inv.setVariables,
                 QStringList({QStringLiteral("PWD"), QStringLiteral("SCONECTL_REPO"), QStringLiteral("VERSION")}));
        QCOMPARE(inv.environment.value(QStringLiteral("SCONECTL_REPO")), QStringLiteral("registry.example/sconectl"));
        QCOMPARE(inv.environment.value(QStringLiteral("VERSION")), QStringLiteral("5.8.0"));
        QCOMPARE(inv.environment.value(QStringLiteral("PWD")), QStringLiteral("/work/flask-api"));
        // What sconectl reads from its environment passes through untouched.
        for (const char *name : {"DOCKER_HOST", "SCONECTL_CAS_CONFIG", "SCONECTL_NOPULL", "KUBECONFIG", "HOME", "PATH"})
            QCOMPARE(inv.environment.value(QLatin1String(name)), kInherited.value(QLatin1String(name)));
        QCOMPARE(inv.displayCommand(),
                 QStringLiteral("PWD=/work/flask-api SCONECTL_REPO=registry.example/sconectl VERSION=5.8.0 sconectl "
                                "apply -f service.yaml --mode=production --set-version 5.8.0"));

        SconectlOptions debug = options();
        debug.mode = policy::DeploymentMode::Debug;
        debug.noPush = true;
        debug.version.clear();
        debug.sconectlRepo.clear();
        inv = sconectlApplyService(QStringLiteral("/w"), QStringLiteral("service.yaml"), debug, kInherited);
        QCOMPARE(inv.arguments,
                 QStringList({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("service.yaml"),
                              QStringLiteral("--mode=debug"), QStringLiteral("--no-push")}));
        QCOMPARE(inv.setVariables, QStringList({QStringLiteral("PWD")}));
        QVERIFY(!inv.environment.contains(QStringLiteral("SCONECTL_REPO")));
    }

    void sconectlMesh()
    {
        SconectlOptions o = options();
        ToolInvocation inv = sconectlApplyMesh(QStringLiteral("/work"), QStringLiteral("mesh.yaml"),
                                               QStringLiteral("secure-doc-management"), o, kInherited);
        QCOMPARE(inv.arguments, QStringList({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("mesh.yaml"),
                                             QStringLiteral("--release"), QStringLiteral("secure-doc-management"),
                                             QStringLiteral("--mode=production"), QStringLiteral("--set-version"),
                                             QStringLiteral("5.8.0")}));
        QVERIFY(!inv.arguments.contains(QStringLiteral("-n")));  // for a mesh, -n is --no-pull
        QCOMPARE(inv.environment.value(QStringLiteral("KUBECONFIG")), QStringLiteral("/home/u/.kube/other"));
        QVERIFY(!inv.setVariables.contains(QStringLiteral("KUBECONFIG")));
        o.kubeconfig = QStringLiteral("/p/kubeconfig");
        o.noPush = true;  // not a mesh option
        inv =
            sconectlApplyMesh(QStringLiteral("/work"), QStringLiteral("mesh.yaml"), QStringLiteral("r"), o, kInherited);
        QCOMPARE(inv.environment.value(QStringLiteral("KUBECONFIG")), QStringLiteral("/p/kubeconfig"));
        QVERIFY(inv.setVariables.contains(QStringLiteral("KUBECONFIG")));
        QVERIFY(!inv.arguments.contains(QStringLiteral("--no-push")));
    }

    void sconectlOptionsFromSettings()
    {
        policy::DeploymentSettings s = policy::DeploymentSettings::defaults(QStringLiteral("/x/demo"));
        s.mode = policy::DeploymentMode::Debug;
        s.version = QStringLiteral("6.0.0");
        const SconectlOptions o = SconectlOptions::fromSettings(s);
        QCOMPARE(o.mode, policy::DeploymentMode::Debug);
        QCOMPARE(o.version, QStringLiteral("6.0.0"));
        QCOMPARE(o.sconectlRepo, QStringLiteral("registry.scontain.com/sconectl"));
    }

    void builders_data()
    {
        QTest::addColumn<int>("builder");
        QTest::addColumn<QStringList>("build");
        QTest::addColumn<QStringList>("push");
        const QStringList buildTail{QStringLiteral("--file"),    QStringLiteral("/w/svc/Containerfile.svc"),
                                    QStringLiteral("--tag"),     QStringLiteral("127.0.0.1:5000/team/svc:1"),
                                    QStringLiteral("--iidfile"), QStringLiteral("/w/svc.iid"),
                                    QStringLiteral("/w/svc")};
        QTest::newRow("buildah") << int(ImageBuilder::Buildah) << QStringList{QStringLiteral("bud")} + buildTail
                                 << QStringList{QStringLiteral("push"), QStringLiteral("--digestfile"),
                                                QStringLiteral("/w/svc.digest"),
                                                QStringLiteral("127.0.0.1:5000/team/svc:1")};
        QTest::newRow("podman") << int(ImageBuilder::Podman) << QStringList{QStringLiteral("build")} + buildTail
                                << QStringList{QStringLiteral("push"), QStringLiteral("--digestfile"),
                                               QStringLiteral("/w/svc.digest"),
                                               QStringLiteral("127.0.0.1:5000/team/svc:1")};
        QTest::newRow("docker") << int(ImageBuilder::Docker) << QStringList{QStringLiteral("build")} + buildTail
                                << QStringList{QStringLiteral("push"), QStringLiteral("127.0.0.1:5000/team/svc:1")};
    }
    void builders()
    {
        QFETCH(int, builder);
        QFETCH(QStringList, build);
        QFETCH(QStringList, push);
        const auto b = ImageBuilder(builder);
        const ToolInvocation bi =
            imageBuildInvocation(b, QStringLiteral("/w/svc"), QStringLiteral("/w/svc/Containerfile.svc"),
                                 QStringLiteral("127.0.0.1:5000/team/svc:1"), QStringLiteral("/w/svc.iid"), kInherited);
        const ToolInvocation pi = imagePushInvocation(b, QStringLiteral("127.0.0.1:5000/team/svc:1"),
                                                      QStringLiteral("/w/svc.digest"), kInherited);
        QCOMPARE(bi.program, imageBuilderName(b));
        QCOMPARE(bi.arguments, build);
        QCOMPARE(bi.workingDirectory, QStringLiteral("/w/svc"));
        QCOMPARE(pi.arguments, push);
        QCOMPARE(writesDigestFile(b), b != ImageBuilder::Docker);
        // The tools' configuration comes from the environment, unchanged, and no flag overrides it.
        for (const ToolInvocation *inv : {&bi, &pi}) {
            QCOMPARE(inv->environment, kInherited);
            QVERIFY(inv->setVariables.isEmpty());
            for (const QString &arg : inv->arguments)
                for (const char *flag :
                     {"--storage-driver", "--root", "--runroot", "--registries-conf", "--tls-verify", "--authfile",
                      "--creds", "--isolation", "--host", "-H", "--pull", "--signature-policy", "--cert-dir"})
                    QVERIFY2(arg != QLatin1String(flag) && !arg.startsWith(QLatin1String(flag) + QLatin1Char('=')),
                             flag);
        }
    }

    void chooseBuilder()
    {
        auto found = [](QList<ImageBuilder> present) {
            return [present](ImageBuilder b) { return present.contains(b); };
        };
        QCOMPARE(chooseImageBuilder(std::nullopt, found({ImageBuilder::Docker, ImageBuilder::Podman})),
                 std::optional<ImageBuilder>(ImageBuilder::Podman));
        QCOMPARE(chooseImageBuilder(std::nullopt, found({ImageBuilder::Docker})),
                 std::optional<ImageBuilder>(ImageBuilder::Docker));
        QCOMPARE(chooseImageBuilder(std::nullopt, found({ImageBuilder::Buildah, ImageBuilder::Docker})),
                 std::optional<ImageBuilder>(ImageBuilder::Buildah));
        QCOMPARE(chooseImageBuilder(ImageBuilder::Docker, found({ImageBuilder::Buildah})),
                 std::optional<ImageBuilder>(ImageBuilder::Docker));
        QCOMPARE(chooseImageBuilder(std::nullopt, found({})), std::nullopt);
        QCOMPARE(parseImageBuilder(QStringLiteral("podman")), std::optional<ImageBuilder>(ImageBuilder::Podman));
        QCOMPARE(parseImageBuilder(QStringLiteral("sconectl")), std::nullopt);
        QCOMPARE(parseImageBuilder(QStringLiteral("Docker")), std::nullopt);
    }

    void digests()
    {
        const QString hex = QStringLiteral("e6f1eaab7e1b119976a16c26f8a9346b99245b54de42140c45dc1ba46d3f337a");
        QCOMPARE(*parseDigest("sha256:" + hex.toLatin1()), QStringLiteral("sha256:") + hex);
        QCOMPARE(*parseDigest("SHA256:" + hex.toUpper().toLatin1() + "\n"), QStringLiteral("sha256:") + hex);
        QCOMPARE(*parseDigest(hex.toLatin1()), QStringLiteral("sha256:") + hex);
        const QList<QByteArray> bad{QByteArray(), QByteArray("sha256:abc"), QByteArray("sha512:" + hex.toLatin1()),
                                   QByteArray("sha256:" + hex.toLatin1() + "00")};
        for (const QByteArray &b : bad) {
            const Result<QString> r = parseDigest(b);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("build.digest"));
        }
        const QByteArray dockerOut = "The push refers to repository [127.0.0.1:5000/team/svc]\n"
                                     "5f70bf18a086: Pushed\n"
                                     "1: digest: sha256:" +
                                     hex.toLatin1() + " size: 528\n";
        QCOMPARE(*parseDockerPushDigest(dockerOut), QStringLiteral("sha256:") + hex);
        QVERIFY(!parseDockerPushDigest("denied: requested access to the resource is denied\n").ok());
    }

    void helm()
    {
        HelmDeployOptions o;
        o.release = QStringLiteral("secure-doc-management");
        o.chartDir = QStringLiteral("/w/target/helm");
        o.kubeNamespace = QStringLiteral("apps");
        Result<ToolInvocation> inv = helmUpgradeInstall(o, kInherited);
        QVERIFY(inv.ok());
        QCOMPARE(inv->program, QStringLiteral("helm"));
        QCOMPARE(inv->arguments, QStringList({QStringLiteral("upgrade"), QStringLiteral("--install"),
                                              QStringLiteral("secure-doc-management"), QStringLiteral("/w/target/helm"),
                                              QStringLiteral("--namespace"), QStringLiteral("apps")}));
        QCOMPARE(inv->environment, kInherited);  // KUBECONFIG from the environment stays helm's business
        o.kubeconfig = QStringLiteral("/p/kubeconfig");
        o.kubeContext = QStringLiteral("kind-dev");
        inv = helmUpgradeInstall(o, kInherited);
        QCOMPARE(inv->arguments.mid(6), QStringList({QStringLiteral("--kubeconfig"), QStringLiteral("/p/kubeconfig"),
                                                     QStringLiteral("--kube-context"), QStringLiteral("kind-dev")}));
        o.release = QStringLiteral("Bad_Name");
        QCOMPARE(helmUpgradeInstall(o, kInherited).error().code, QStringLiteral("deploy.helm"));
        o.release = QStringLiteral("ok");
        o.kubeNamespace.clear();
        QVERIFY(!helmUpgradeInstall(o, kInherited).ok());
    }

    void releaseNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("tutorial") << QStringLiteral("pythonapp") << true;
        QTest::newRow("dashes") << QStringLiteral("secure-doc-management") << true;
        QTest::newRow("dots") << QStringLiteral("a.b-1") << true;
        QTest::newRow("upper") << QStringLiteral("Demo") << false;
        QTest::newRow("underscore") << QStringLiteral("a_b") << false;
        QTest::newRow("leading dash") << QStringLiteral("-a") << false;
        QTest::newRow("trailing dash") << QStringLiteral("a-") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("53") << QString(53, QLatin1Char('a')) << true;
        QTest::newRow("54") << QString(54, QLatin1Char('a')) << false;
    }
    void releaseNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(isValidReleaseName(name), valid);
    }

    void versions_data()
    {
        QTest::addColumn<int>("tool");
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("version");  // "!" = error
        // Outputs as the real tools print them (buildah/podman/docker/kubectl from Debian 12 machines).
        QTest::newRow("buildah") << int(Tool::Buildah)
                                 << QByteArray(
                                        "buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)\n")
                                 << QStringLiteral("1.28.2");
        QTest::newRow("podman") << int(Tool::Podman) << QByteArray("podman version 4.3.1\n") << QStringLiteral("4.3.1");
        QTest::newRow("docker") << int(Tool::Docker) << QByteArray("Docker version 28.2.2, build e6534b4\n")
                                << QStringLiteral("28.2.2");
        QTest::newRow("helm") << int(Tool::Helm) << QByteArray("v3.14.4+g81c902a\n") << QStringLiteral("v3.14.4");
        QTest::newRow("kubectl") << int(Tool::Kubectl)
                                 << QByteArray(
                                        "{\n  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"32+\",\n"
                                        "    \"gitVersion\": \"v1.32.4-dispatcher\"\n  },\n  "
                                        "\"kustomizeVersion\": \"v5.5.0\"\n}\n")
                                 << QStringLiteral("v1.32.4-dispatcher");
        QTest::newRow("sconectl with version")
            << int(Tool::Sconectl) << QByteArray("sconectl 6.0.0\nsconectl helps…\n") << QStringLiteral("6.0.0");
        QTest::newRow("sconectl without") << int(Tool::Sconectl) << QByteArray("sconectl helps…\n") << QString();
        QTest::newRow("podman output for buildah")
            << int(Tool::Buildah) << QByteArray("podman version 4.3.1\n") << QStringLiteral("!");
        QTest::newRow("helm garbage") << int(Tool::Helm) << QByteArray("Error: unknown command\n")
                                      << QStringLiteral("!");
        QTest::newRow("kubectl not json")
            << int(Tool::Kubectl) << QByteArray("Client Version: v1.30.2\n") << QStringLiteral("!");
    }
    void versions()
    {
        QFETCH(int, tool);
        QFETCH(QByteArray, output);
        QFETCH(QString, version);
        const Result<QString> v = parseToolVersion(Tool(tool), output);
        if (version == QLatin1String("!")) {
            QVERIFY(!v.ok());
            QCOMPARE(v.error().code, QStringLiteral("doctor.version"));
            return;
        }
        QVERIFY(v.ok());
        QCOMPARE(*v, version);
    }

    void versionCommands()
    {
        QCOMPARE(versionInvocation(Tool::Sconectl, {}).arguments, QStringList{QStringLiteral("--help")});
        QCOMPARE(versionInvocation(Tool::Helm, {}).arguments,
                 QStringList({QStringLiteral("version"), QStringLiteral("--short")}));
        QCOMPARE(versionInvocation(Tool::Kubectl, {}).arguments,
                 QStringList({QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"),
                              QStringLiteral("json")}));
        QCOMPARE(versionInvocation(Tool::Podman, kInherited).environment, kInherited);
        QCOMPARE(allTools().size(), 6);
        for (const Tool t : allTools()) {
            QVERIFY(!toolProgram(t).isEmpty());
            QVERIFY(!toolInstallHint(t).isEmpty());
        }
    }

    void displayQuoting()
    {
        QCOMPARE(shellQuote(QStringLiteral("plain-1.2/x:y=z")), QStringLiteral("plain-1.2/x:y=z"));
        QCOMPARE(shellQuote(QString()), QStringLiteral("''"));
        QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
        QCOMPARE(shellQuote(QStringLiteral("a b")), QStringLiteral("'a b'"));
        QCOMPARE(shellQuote(QStringLiteral("$HOME")), QStringLiteral("'$HOME'"));
        ToolInvocation inv;
        inv.program = QStringLiteral("helm");
        inv.arguments = {QStringLiteral("upgrade"), QStringLiteral("my chart")};
        inv.setVariable(QStringLiteral("B"), QStringLiteral("2"));
        inv.setVariable(QStringLiteral("A"), QStringLiteral("x y"));
        inv.setVariable(QStringLiteral("B"), QStringLiteral("3"));
        QCOMPARE(inv.displayCommand(), QStringLiteral("A='x y' B=3 helm upgrade 'my chart'"));
    }
};

QTEST_GUILESS_MAIN(TestBuildInvocations)
#include "tst_build_invocations.moc"
