// SPDX-License-Identifier: Apache-2.0
// engine/deploy pieces that need no external tool: the pod rows of the Deploy step read from
// kubectl's JSON, the kubectl calls (no secret on a command line), the credentials' keychain
// round trip through the real Secret Service (run by packaging/dev.sh test inside a private
// D-Bus session with an unlocked keyring; skipped by hand without a session bus), and the
// registry login lookup order (keychain before the container tools' auth files).
#include "analysis/analysissnapshot.h"
#include "build/casidentity.h"
#include "deploy/credentialresolver.h"
#include "deploy/credentialstore.h"
#include "deploy/deploychoice.h"
#include "deploy/deployconfig.h"
#include "deploy/kubectlcalls.h"
#include "deploy/supplyhint.h"
#include "kube/kubeobjects.h"
#include "testpki.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <QUuid>

using namespace workbench;
using namespace workbench::engine::deploy;
namespace build = workbench::models::build;
namespace certs = workbench::models::certs;

namespace {

QJsonObject pod(const QString &name, const QString &phase, const QJsonArray &containerStatuses,
                const QJsonArray &conditions = {})
{
    QJsonArray containers;
    for (const QJsonValue &cs : containerStatuses)
        containers.append(QJsonObject{{QStringLiteral("name"), cs.toObject().value(QStringLiteral("name"))}});
    return {{QStringLiteral("kind"), QStringLiteral("Pod")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), containers}}},
            {QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), phase},
                                                   {QStringLiteral("containerStatuses"), containerStatuses},
                                                   {QStringLiteral("conditions"), conditions}}}};
}

QJsonObject running(const QString &name, bool ready)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("ready"), ready},
            {QStringLiteral("state"), QJsonObject{{QStringLiteral("running"), QJsonObject{}}}}};
}

QJsonObject waiting(const QString &name, const QString &reason, const QString &message)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("ready"), false},
            {QStringLiteral("state"),
             QJsonObject{{QStringLiteral("waiting"),
                          QJsonObject{{QStringLiteral("reason"), reason}, {QStringLiteral("message"), message}}}}}};
}

QJsonObject condition(const QString &type, bool status, const QString &reason = {}, const QString &message = {})
{
    return {{QStringLiteral("type"), type},
            {QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False")},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("message"), message}};
}

QByteArray podList(const QJsonArray &items)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("kind"), QStringLiteral("List")}, {QStringLiteral("items"), items}})
        .toJson();
}

template<typename R> std::optional<R> waitFor(const std::function<void(std::function<void(const R &)>)> &call)
{
    std::optional<R> result;
    call([&result](const R &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return std::nullopt;
    return result;
}

}  // namespace

class TestDeployEngine : public QObject
{
    Q_OBJECT
private:
    bool keychainExpected() const { return qEnvironmentVariable("WORKBENCH_REQUIRE_KEYCHAIN") == QLatin1String("1"); }
    bool skipWithoutKeychain()
    {
        return qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") && !keychainExpected();
    }

private Q_SLOTS:
    void fixesAreWordedForTheirReader()
    {
        using engine::deploy::Needed;
        const QList<QPair<Needed, QString>> options{{Needed::CasAddress, QStringLiteral("--cas ")},
                                                    {Needed::CasCa, QStringLiteral("--cas-ca ")},
                                                    {Needed::CasIdentity, QStringLiteral("--identity ")},
                                                    {Needed::KubeContext, QStringLiteral("--context ")}};
        for (const auto &[needed, option] : options) {
            const QString cli = engine::deploy::howToSupply(needed, true);
            const QString gui = engine::deploy::howToSupply(needed, false);
            QVERIFY2(cli.contains(option), qPrintable(cli));
            // The window's wording: its Deployment settings or Credentials dialog, no option.
            QVERIFY2(!gui.contains(QStringLiteral("--")), qPrintable(gui));
            QVERIFY2(gui.contains(QStringLiteral("Deployment settings")) || gui.contains(QStringLiteral("Credentials")),
                     qPrintable(gui));
        }
    }

    void podRows()
    {
        const QByteArray json =
            podList({pod(QStringLiteral("web-1"), QStringLiteral("Pending"),
                         {waiting(QStringLiteral("app"), QStringLiteral("ImagePullBackOff"),
                                  QStringLiteral("Back-off pulling image \"r/x:1\""))},
                         {condition(QStringLiteral("Ready"), false)}),
                     pod(QStringLiteral("web-0"), QStringLiteral("Running"),
                         {running(QStringLiteral("app"), true), running(QStringLiteral("sidecar"), true)},
                         {condition(QStringLiteral("PodScheduled"), true), condition(QStringLiteral("Ready"), true)}),
                     pod(QStringLiteral("web-2"), QStringLiteral("Running"),
                         {waiting(QStringLiteral("app"), QStringLiteral("CrashLoopBackOff"),
                                  QStringLiteral("back-off 10s restarting failed container"))},
                         {condition(QStringLiteral("Ready"), false)}),
                     pod(QStringLiteral("web-3"), QStringLiteral("Pending"), {},
                         {condition(QStringLiteral("PodScheduled"), false, QStringLiteral("Unschedulable"),
                                    QStringLiteral("0/3 nodes are available: 3 Insufficient sgx.intel.com/epc."))})});
        const Result<QList<DeployedPod>> pods = parsePodList(json);
        QVERIFY(pods.ok());
        QCOMPARE(pods->size(), 4);
        // Sorted by name.
        const DeployedPod &up = pods->at(0);
        QCOMPARE(up.name, QStringLiteral("web-0"));
        QVERIFY(up.isUp());
        QCOMPARE(up.readyContainers, 2);
        QCOMPARE(up.containers, 2);
        QCOMPARE(up.describe(), QStringLiteral("web-0 Running 2/2"));
        const DeployedPod &pull = pods->at(1);
        QVERIFY(!pull.isUp());
        QCOMPARE(pull.status, QStringLiteral("ImagePullBackOff"));
        QCOMPARE(pull.describe(), QStringLiteral("web-1 ImagePullBackOff 0/1: Back-off pulling image \"r/x:1\""));
        QCOMPARE(pods->at(2).status, QStringLiteral("CrashLoopBackOff"));
        QCOMPARE(pods->at(2).phase, QStringLiteral("Running"));
        QVERIFY(!pods->at(2).isUp());
        const DeployedPod &unscheduled = pods->at(3);
        QCOMPARE(unscheduled.reason, QStringLiteral("Unschedulable"));
        QVERIFY(unscheduled.message.contains(QStringLiteral("Insufficient sgx.intel.com/epc")));

        // The same pods as the API server's client reads them (the deploy step's PodWatcher): the
        // same rows.
        QList<DeployedPod> fromApi;
        for (const QJsonValue &v : QJsonDocument::fromJson(json).object().value(QStringLiteral("items")).toArray()) {
            const Result<models::kube::KubePod> kp = models::kube::KubePod::fromJson(v.toObject());
            QVERIFY(kp.ok());
            fromApi << deployedPodFrom(kp.value());
        }
        std::sort(fromApi.begin(), fromApi.end(),
                  [](const DeployedPod &a, const DeployedPod &b) { return a.name < b.name; });
        QCOMPARE(fromApi.size(), pods->size());
        for (int i = 0; i < fromApi.size(); ++i) {
            // kubectl's STATUS of an unschedulable pod is Pending (the reason follows).
            if (pods->at(i).reason != QLatin1String("Unschedulable"))
                QCOMPARE(fromApi.at(i).describe(), pods->at(i).describe());
            QCOMPARE(fromApi.at(i).reason, pods->at(i).reason);
            QCOMPARE(fromApi.at(i).isUp(), pods->at(i).isUp());
        }
        QCOMPARE(fromApi.at(1).describe(),
                 QStringLiteral("web-1 ImagePullBackOff 0/1: Back-off pulling image \"r/x:1\""));
        QCOMPARE(fromApi.at(3).describe(), QStringLiteral("web-3 Pending 0/0: 0/3 nodes are available: 3 Insufficient "
                                                          "sgx.intel.com/epc."));
        QCOMPARE(fromApi.at(3).reason, QStringLiteral("Unschedulable"));

        // A single Pod and kubectl's empty list.
        QCOMPARE(parsePodList(QJsonDocument(pod(QStringLiteral("a"), QStringLiteral("Running"),
                                                {running(QStringLiteral("c"), false)}))
                                  .toJson())
                     ->first()
                     .describe(),
                 QStringLiteral("a Running 0/1"));
        QVERIFY(parsePodList(podList({}))->isEmpty());
        // Not a pod list: an error naming what came.
        const Result<QList<DeployedPod>> wrong =
            parsePodList(R"({"kind": "Status", "status": "Failure", "message": "forbidden"})");
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().code, QStringLiteral("deploy.pods"));
        QVERIFY(!parsePodList("No resources found").ok());
    }

    void routeChoiceFromTheSettings_data()
    {
        QTest::addColumn<QString>("builder");
        QTest::addColumn<QString>("upload");
        QTest::addColumn<QString>("builderValue");
        QTest::addColumn<QString>("uploadValue");
        QTest::newRow("defaults") << QString() << QString() << QStringLiteral("sconectl") << QStringLiteral("sconectl");
        QTest::newRow("native") << QStringLiteral("native") << QStringLiteral("direct") << QStringLiteral("native")
                                << QStringLiteral("direct");
        QTest::newRow("podman") << QStringLiteral(" podman ") << QStringLiteral("sconectl") << QStringLiteral("podman")
                                << QStringLiteral("sconectl");
        QTest::newRow("unknown values: defaults") << QStringLiteral("kaniko") << QStringLiteral("ftp")
                                                  << QStringLiteral("sconectl") << QStringLiteral("sconectl");
    }

    void routeChoiceFromTheSettings()
    {
        QFETCH(QString, builder);
        QFETCH(QString, upload);
        QFETCH(QString, builderValue);
        QFETCH(QString, uploadValue);
        models::policy::DeploymentSettings settings;
        if (!builder.isEmpty())
            QVERIFY(settings.set(QStringLiteral("BUILDER"), builder).ok());
        if (!upload.isEmpty())
            QVERIFY(settings.set(QStringLiteral("UPLOAD"), upload).ok());
        const RouteChoice choice = RouteChoice::fromSettings(settings);
        QCOMPARE(choice.builderValue(), builderValue);
        QCOMPARE(uploadRouteName(choice.upload), uploadValue);
        QCOMPARE(choice.build == build::BuildRoute::Native, builderValue != QLatin1String("sconectl"));
        // The value written back reads as the same choice.
        const auto again = RouteChoice::withBuilderValue(RouteChoice(), choice.builderValue());
        QVERIFY(again.has_value());
        QCOMPARE(again->builderValue(), builderValue);
    }

    void runConfigurationRefusesUnsavedManifests()
    {
        engine::AnalysisSnapshot analysis;
        analysis.projectDir = QStringLiteral("/p/shop");
        const Result<std::shared_ptr<const DeployConfig>> unsaved =
            deployConfigFor(analysis, RouteChoice(),
                            {QStringLiteral("/p/shop/redis/service.yaml"), QStringLiteral("/p/shop/mesh.yaml"),
                             QStringLiteral("/p/shop/.scone-workbench/settings.yaml")});
        QVERIFY(!unsaved.ok());
        QCOMPARE(unsaved.error().code, QStringLiteral("deploy.unsaved"));
        QVERIFY2(unsaved.error().message.contains(QStringLiteral("(unsaved: mesh.yaml, redis/service.yaml)")),
                 qPrintable(unsaved.error().message));
        // Only the settings unsaved: a run (the analysis carries them).
        const Result<std::shared_ptr<const DeployConfig>> settingsOnly =
            deployConfigFor(analysis, RouteChoice(), {QStringLiteral("/p/shop/.scone-workbench/settings.yaml")});
        QVERIFY2(settingsOnly.ok(), settingsOnly.ok() ? "" : qPrintable(settingsOnly.error().toString()));
        QCOMPARE(settingsOnly.value()->project->projectDir, QStringLiteral("/p/shop"));
        // A provisional snapshot (the previous policies with a newer parse): refused until the
        // whole analysis of the change is in.
        engine::AnalysisSnapshot provisional = analysis;
        provisional.provisional = true;
        QCOMPARE(deployConfigFor(provisional, RouteChoice()).error().code, QStringLiteral("deploy.busy"));
        // A project with errors, or none: refused.
        analysis.counts.errors = 2;
        QCOMPARE(deployConfigFor(analysis, RouteChoice()).error().code, QStringLiteral("deploy.project"));
        QCOMPARE(deployConfigFor(engine::AnalysisSnapshot(), RouteChoice()).error().code,
                 QStringLiteral("deploy.project"));
    }

    void kubectlCalls()
    {
        const build::ToolInvocation get =
            kubectlInvocation({QStringLiteral("/k/config"), QStringLiteral("prod"), QStringLiteral("apps")},
                              kubectlGetReleasePodsArgs(QStringLiteral("apps"), QStringLiteral("shop")),
                              {{QStringLiteral("PATH"), QStringLiteral("/bin")}});
        QCOMPARE(get.program, QStringLiteral("kubectl"));
        QCOMPARE(get.arguments, (QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/k/config"),
                                             QStringLiteral("--context"), QStringLiteral("prod"), QStringLiteral("get"),
                                             QStringLiteral("pods"), QStringLiteral("-n"), QStringLiteral("apps"),
                                             QStringLiteral("-l"), QStringLiteral("app.kubernetes.io/instance=shop"),
                                             QStringLiteral("-o"), QStringLiteral("json")}));
        QVERIFY(get.setVariables.isEmpty());
        // Without --kubeconfig/--context kubectl keeps its own choice.
        QCOMPARE(kubectlInvocation({}, kubectlCreateNamespaceArgs(QStringLiteral("apps")), {}).arguments,
                 (QStringList{QStringLiteral("create"), QStringLiteral("namespace"), QStringLiteral("apps")}));
        // The secret goes on stdin.
        QCOMPARE(kubectlApplyStdinArgs(QStringLiteral("replace"), QStringLiteral("apps")),
                 (QStringList{QStringLiteral("replace"), QStringLiteral("--validate=false"), QStringLiteral("-n"),
                              QStringLiteral("apps"), QStringLiteral("-f"), QStringLiteral("-")}));
        QVERIFY(isKubectlNotFound(QStringLiteral("Error from server (NotFound): namespaces \"apps\" not found")));
        QVERIFY(!isKubectlNotFound(
            QStringLiteral("Error from server (Forbidden): namespaces \"apps\" is forbidden: User \"u\" cannot get")));
    }

    void credentialsKeychainRoundTrip()
    {
        if (skipWithoutKeychain())
            QSKIP("No session bus: run through packaging/dev.sh test for the real keychain test.");
        // A service of its own: no other test or user entry is touched.
        const CredentialStore store(engine::Keychain(QStringLiteral("scone-workbench-test-") +
                                                     QUuid::createUuid().toString(QUuid::WithoutBraces)));

        // Registry login.
        build::RegistryCredential login;
        login.registry = QStringLiteral("127.0.0.1:5000");
        login.username = QStringLiteral("me");
        login.password = certs::SecretBytes::fromString(QStringLiteral("t0k\u00e9n:with:colons"));
        auto written = waitFor<Status>([&](auto done) { store.storeRegistryLogin(login, this, done); });
        QVERIFY2(written && written->ok(),
                 written && !written->ok() ? qPrintable(written->error().toString()) : "no answer");
        using LoginResult = Result<std::optional<std::shared_ptr<const build::RegistryCredential>>>;
        auto read = waitFor<LoginResult>(
            [&](auto done) { store.readRegistryLogin(QStringLiteral("127.0.0.1:5000"), this, done); });
        QVERIFY(read && read->ok() && read->value());
        const build::RegistryCredential &back = *read->value().value();
        QCOMPARE(back.username, QStringLiteral("me"));
        QCOMPARE(QByteArray(back.password.data(), back.password.size()),
                 QStringLiteral("t0k\u00e9n:with:colons").toUtf8());
        QCOMPARE(back.registry, QStringLiteral("127.0.0.1:5000"));
        // Another registry has none.
        read = waitFor<LoginResult>(
            [&](auto done) { store.readRegistryLogin(QStringLiteral("other.example:5000"), this, done); });
        QVERIFY(read && read->ok() && !read->value());

        // The keychain wins over the auth files, which are the fallback for other registries.
        QTemporaryDir dir;
        const QString authFile = dir.filePath(QStringLiteral("auth.json"));
        QVERIFY(test::writeFile(
            authFile, R"({"auths": {"127.0.0.1:5000": {"auth": ")" + QByteArray("file-user:file-pass").toBase64() +
                          R"("}, "other.example:5000": {"auth": ")" + QByteArray("o:p").toBase64() + R"("}}})"));
        DeployConfig config;
        config.environment.insert(QStringLiteral("REGISTRY_AUTH_FILE"), authFile);
        config.homeDir = dir.path();
        auto logins = waitFor<Result<ResolvedLogins>>([&](auto done) {
            resolveRegistryLogins({QStringLiteral("127.0.0.1:5000"), QStringLiteral("other.example:5000"),
                                   QStringLiteral("none.example.com")},
                                  config, &store, this, done);
        });
        QVERIFY(logins && logins->ok());
        QVERIFY2((*logins)->logins.size() == 2, qPrintable((*logins)->notes.join(QLatin1Char('\n'))));
        QCOMPARE((*logins)->logins.at(0)->username, QStringLiteral("me"));
        QCOMPARE((*logins)->logins.at(1)->username, QStringLiteral("o"));
        QCOMPARE((*logins)->logins.at(1)->sourceFile, authFile);
        QCOMPARE((*logins)->withoutCredentials, QStringList{QStringLiteral("none.example.com")});
        for (const QString &note : (*logins)->notes)
            QVERIFY2(!note.contains(QStringLiteral("t0k")) && !note.contains(QStringLiteral("file-pass")),
                     qPrintable(note));

        auto removed = waitFor<Status>(
            [&](auto done) { store.removeRegistryLogin(QStringLiteral("127.0.0.1:5000"), this, done); });
        QVERIFY(removed && removed->ok());
        read = waitFor<LoginResult>(
            [&](auto done) { store.readRegistryLogin(QStringLiteral("127.0.0.1:5000"), this, done); });
        QVERIFY(read && read->ok() && !read->value());

        // CAS identity: a key and its certificate, parsed again when read.
        const test::TestPki pki(QStringLiteral("test CA"));
        QVERIFY(pki.isValid());
        const test::TestIdentity client = pki.client(QStringLiteral("me"));
        const Result<build::CasIdentity> identity =
            build::parseCasIdentity(client.keyPem + client.certPem, QStringLiteral("test"));
        QVERIFY2(identity.ok(), qPrintable(identity.ok() ? QString() : identity.error().toString()));
        written = waitFor<Status>([&](auto done) { store.storeCasIdentity(identity.value(), this, done); });
        QVERIFY(written && written->ok());
        auto readIdentity =
            waitFor<Result<std::optional<build::CasIdentity>>>([&](auto done) { store.readCasIdentity(this, done); });
        QVERIFY(readIdentity && readIdentity->ok() && readIdentity->value());
        QCOMPARE(readIdentity->value()->fingerprint, identity->fingerprint);
        QCOMPARE(readIdentity->value()->certificatePem.trimmed(), identity->certificatePem.trimmed());
        QCOMPARE(readIdentity->value()->source, QStringLiteral("keychain"));
        removed = waitFor<Status>([&](auto done) { store.removeCasIdentity(this, done); });
        QVERIFY(removed && removed->ok());

        // Signing key passphrase.
        written = waitFor<Status>([&](auto done) {
            store.storeSigningPassphrase(certs::SecretBytes::fromString(QStringLiteral("correct horse")), this, done);
        });
        QVERIFY(written && written->ok());
        auto passphrase =
            waitFor<Result<std::optional<SharedSecret>>>([&](auto done) { store.readSigningPassphrase(this, done); });
        QVERIFY(passphrase && passphrase->ok() && passphrase->value());
        QCOMPARE(QByteArray(passphrase->value().value()->data()), QByteArray("correct horse"));
        removed = waitFor<Status>([&](auto done) { store.removeSigningPassphrase(this, done); });
        QVERIFY(removed && removed->ok());
    }
};

QTEST_GUILESS_MAIN(TestDeployEngine)
#include "tst_deploy_engine.moc"
