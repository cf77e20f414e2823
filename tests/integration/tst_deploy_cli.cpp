// SPDX-License-Identifier: Apache-2.0
// The Build & Deploy commands end to end through the real `scone-workbench` binary: the
// stand-in sconectl and helm (tests/tools/standin_tool.cpp, their argv and environment
// recorded), the loopback HTTPS CAS (tests/tools/cas_test_server.cpp, client certificate
// required), the loopback Kubernetes API server (kube-test-server) that the deploy step talks
// to directly and the doctor reaches through the real kubectl.
// Every run has its own HOME, XDG folders and working folder.
#include "castestserver.h"
#include "jobs/runrecord.h"
#include "kubetestserver.h"
#include "policy/projectsettings.h"
#include "proctree.h"
#include "standins.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using namespace workbench;
namespace jobs = workbench::engine::jobs;

namespace {

const QString kZeroKey = QString(64, QLatin1Char('0'));

/// A private world for one CLI run: a copy of the example project, HOME and XDG folders, the
/// stand-ins first on PATH (with the real kubectl when asked), the stand-ins' record file.
struct Sandbox {
    QTemporaryDir dir;
    QString project;
    QString record;
    QString bin;  ///< a folder of links: the stand-ins, or the real kubectl
    QProcessEnvironment env;

    explicit Sandbox(bool realKubectl = false)
    {
        project = dir.filePath(QStringLiteral("project"));
        test::copyTree(test::exampleDir(), project);
        record = dir.filePath(QStringLiteral("calls.jsonl"));
        bin = dir.filePath(QStringLiteral("bin"));
        QDir().mkpath(bin);
        // docker: sconectl needs it on PATH (the doctor checks); the sconectl stand-in never calls it.
        for (const QString &tool : {QStringLiteral("sconectl"), QStringLiteral("helm"), QStringLiteral("kubectl"),
                                    QStringLiteral("docker")}) {
            // One executable behaving by the name it is started as (docker: no personality).
            QString target = test::standinBinDir() + QLatin1Char('/') +
                             (tool == QLatin1String("docker") ? QStringLiteral("sconectl") : tool);
            if (tool == QLatin1String("kubectl") && realKubectl)
                target = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
            QFile::link(target, bin + QLatin1Char('/') + tool);
        }
        env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), bin + QStringLiteral(":/usr/bin:/bin"));
        env.insert(QStringLiteral("STANDIN_RECORD"), record);
        for (const char *name : {"HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"}) {
            const QString path = dir.filePath(QString::fromLatin1(name).toLower());
            QDir().mkpath(path);
            env.insert(QString::fromLatin1(name), path);
        }
        QFile::setPermissions(dir.filePath(QStringLiteral("xdg_runtime_dir")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.remove(QStringLiteral("KUBECONFIG"));
        env.remove(QStringLiteral("REGISTRY_AUTH_FILE"));
        env.remove(QStringLiteral("DOCKER_CONFIG"));
        env.remove(QStringLiteral("SCONE_CLI_CONFIG"));
    }

    /// The settings every run needs (the example leaves them to the user).
    static QStringList settings()
    {
        return {QStringLiteral("--set"), QStringLiteral("APP_IMAGE_REPO=registry.example.com/me"),
                QStringLiteral("--set"), QStringLiteral("CAS_KEY=casKeyHash"),
                QStringLiteral("--set"), QStringLiteral("CAS_SESSION_ENCRYPTION_KEY=") + kZeroKey,
                QStringLiteral("--set"), QStringLiteral("RELEASE=shop")};
    }

    test::CliResult run(const QString &command, const QStringList &args, int timeoutMs = 120000) const
    {
        return test::runCli(QStringList{command, project} + args + settings(), timeoutMs, env);
    }

    QList<test::StandinCall> calls(const QString &tool = {}) const
    {
        QList<test::StandinCall> out;
        for (const test::StandinCall &c : test::readStandinCalls(record))
            if (tool.isEmpty() || c.tool == tool)
                out << c;
        return out;
    }

    /// The `sconectl apply` calls (not the doctor's `sconectl --help`).
    QList<test::StandinCall> applies() const
    {
        QList<test::StandinCall> out;
        for (const test::StandinCall &c : calls(QStringLiteral("sconectl")))
            if (c.arguments().value(0) == QLatin1String("apply"))
                out << c;
        return out;
    }

    /// The `helm upgrade` calls (not the doctor's `helm version`).
    QList<test::StandinCall> helmUpgrades() const
    {
        QList<test::StandinCall> out;
        for (const test::StandinCall &c : calls(QStringLiteral("helm")))
            if (c.arguments().value(0) == QLatin1String("upgrade"))
                out << c;
        return out;
    }

    /// Session names in upload order, as `render` writes them.
    QStringList uploadOrder() const
    {
        const QString out = dir.filePath(QStringLiteral("render"));
        const test::CliResult r = test::runCli(
            QStringList{QStringLiteral("render"), project, QStringLiteral("--out"), out} + settings(), 60000, env);
        if (r.exitCode != 0)
            return {QStringLiteral("<render failed: %1>").arg(QString::fromUtf8(r.err))};
        return QString::fromUtf8(test::readFile(out + QStringLiteral("/policies/upload-order.txt")))
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    /// Every file below @p folder, concatenated (to search for leaked secrets).
    static QByteArray allFiles(const QString &folder)
    {
        QByteArray all;
        QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            all += test::readFile(it.next());
        return all;
    }

    QList<jobs::RunRecord> history() const
    {
        QList<jobs::RunRecord> runs;
        QDirIterator it(dir.filePath(QStringLiteral("xdg_data_home")), {QStringLiteral("run-*.json")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const Result<jobs::RunRecord> r =
                jobs::RunRecord::fromJson(QJsonDocument::fromJson(test::readFile(it.next())).object());
            if (r.ok())
                runs << r.value();
        }
        std::sort(runs.begin(), runs.end(),
                  [](const jobs::RunRecord &a, const jobs::RunRecord &b) { return a.startedAt < b.startedAt; });
        return runs;
    }
};

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString describe(const test::CliResult &r)
{
    return QStringLiteral("exit %1\n--- stdout\n%2\n--- stderr\n%3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

QJsonObject op(const char *name, QJsonObject fields)
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    return fields;
}

QJsonObject releasePod(const QString &name, bool ready)
{
    return op("addPod",
              {{QStringLiteral("namespace"), QStringLiteral("apps")},
               {QStringLiteral("name"), name},
               {QStringLiteral("phase"), QStringLiteral("Running")},
               {QStringLiteral("labels"),
                QJsonObject{{QStringLiteral("app.kubernetes.io/instance"), QStringLiteral("shop")}}},
               {QStringLiteral("containers"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("app")},
                                                                     {QStringLiteral("ready"), ready}}}}});
}

int countRequests(const QJsonArray &log, const QString &method, const QString &path)
{
    int n = 0;
    for (const QJsonValue &v : log) {
        const QJsonObject o = v.toObject();
        n += o.value(QStringLiteral("method")).toString() == method &&
             o.value(QStringLiteral("path")).toString() == path;
    }
    return n;
}

}  // namespace

class TestDeployCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("build without project") << QStringList{QStringLiteral("build")};
        QTest::newRow("bad builder") << QStringList{QStringLiteral("build"), QStringLiteral("."),
                                                    QStringLiteral("--builder"), QStringLiteral("kaniko")};
        QTest::newRow("bad mode") << QStringList{QStringLiteral("build"), QStringLiteral("."),
                                                 QStringLiteral("--mode=fast")};
        QTest::newRow("cas without direct") << QStringList{QStringLiteral("upload"), QStringLiteral("."),
                                                           QStringLiteral("--cas"), QStringLiteral("https://h:1")};
        QTest::newRow("cas not https") << QStringList{QStringLiteral("upload"), QStringLiteral("."),
                                                      QStringLiteral("--direct"), QStringLiteral("--cas"),
                                                      QStringLiteral("http://h:1")};
        QTest::newRow("bad wait") << QStringList{QStringLiteral("deploy"), QStringLiteral("."),
                                                 QStringLiteral("--wait"), QStringLiteral("0")};
        QTest::newRow("deploy option on build")
            << QStringList{QStringLiteral("build"), QStringLiteral("."), QStringLiteral("--wait"), QStringLiteral("3")};
        QTest::newRow("bad from") << QStringList{QStringLiteral("pipeline"), QStringLiteral("."),
                                                 QStringLiteral("--from"), QStringLiteral("push")};
        QTest::newRow("doctor argument") << QStringList{QStringLiteral("doctor"), QStringLiteral(".")};
        QTest::newRow("not a folder") << QStringList{QStringLiteral("deploy"), QStringLiteral("/nonexistent/project")};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const test::CliResult r = test::runCli(args);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.startsWith("scone-workbench: "));
    }

    void doctorFindsTheStandins()
    {
        Sandbox box;
        box.env.insert(QStringLiteral("PATH"), box.bin);  // the stand-ins only
        const test::CliResult r = test::runCli({QStringLiteral("doctor"), QStringLiteral("--json")}, 60000, box.env);
        const QJsonObject report = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(!report.isEmpty(), qPrintable(describe(r)));
        QHash<QString, QJsonObject> checks;
        for (const QJsonValue &v : report.value(QStringLiteral("checks")).toArray())
            checks.insert(v.toObject().value(QStringLiteral("id")).toString(), v.toObject());
        QCOMPARE(checks.value(QStringLiteral("tool.sconectl")).value(QStringLiteral("version")).toString(),
                 QStringLiteral("6.0.0"));
        QCOMPARE(checks.value(QStringLiteral("tool.helm")).value(QStringLiteral("version")).toString(),
                 QStringLiteral("v3.14.4"));
        QCOMPARE(checks.value(QStringLiteral("tool.kubectl")).value(QStringLiteral("version")).toString(),
                 QStringLiteral("v1.30.2"));
        // Not on this PATH: missing, with the fix.
        QCOMPARE(checks.value(QStringLiteral("tool.buildah")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("missing"));
        QVERIFY(checks.value(QStringLiteral("tool.buildah"))
                    .value(QStringLiteral("fix"))
                    .toString()
                    .contains(QStringLiteral("buildah")));
        // No kubeconfig in the fresh HOME: deploy is not ready, so the doctor fails.
        QCOMPARE(checks.value(QStringLiteral("kube.context")).value(QStringLiteral("status")).toString(),
                 QStringLiteral("missing"));
        // Worded for the command line: its options.
        QVERIFY(checks.value(QStringLiteral("kube.context"))
                    .value(QStringLiteral("fix"))
                    .toString()
                    .contains(QStringLiteral("--kubeconfig FILE")));
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(r.exitCode, 1);

        // With a kubeconfig and a CAS identity file in ~/.cas/config.json every step has a route.
        test::KubeTestServer kube;
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        QVERIFY(kube.writeKubeconfig(box.dir.filePath(QStringLiteral("home/.kube/config")),
                                     test::KubeTestServer::Auth::Token));
        test::CasTestServer cas;
        QVERIFY2(cas.start(), qPrintable(cas.error()));
        QJsonObject casConfig{{QStringLiteral("identity"), QString::fromUtf8(test::readFile(cas.identityFile()))}};
        QVERIFY(test::writeFile(box.dir.filePath(QStringLiteral("home/.cas/config.json")),
                                QJsonDocument(casConfig).toJson()));
        const test::CliResult ok = test::runCli({QStringLiteral("doctor")}, 60000, box.env);
        QVERIFY2(ok.exitCode == 0, qPrintable(describe(ok)));
        QVERIFY(ok.out.contains("ok       sconectl"));
        QVERIFY(ok.out.contains("deploy          ready"));
        // The identity's key never shows.
        const QByteArray key = test::readFile(cas.clientKeyFile());
        const QByteArray keyLine = key.split('\n').value(1);
        QVERIFY(keyLine.size() > 40);
        QVERIFY(!ok.out.contains(keyLine) && !ok.err.contains(keyLine));
    }

    void doctorAsksTheApiServer()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed");
        Sandbox box(true);
        test::KubeTestServer kube;
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        QVERIFY(kube.writeKubeconfig(box.dir.filePath(QStringLiteral("home/.kube/config")),
                                     test::KubeTestServer::Auth::Token));
        auto reachability = [&box] {
            const test::CliResult r =
                test::runCli({QStringLiteral("doctor"), QStringLiteral("--json")}, 60000, box.env);
            for (const QJsonValue &v :
                 QJsonDocument::fromJson(r.out).object().value(QStringLiteral("checks")).toArray())
                if (v.toObject().value(QStringLiteral("id")).toString() == QLatin1String("kube.reachable"))
                    return v.toObject();
            return QJsonObject{{QStringLiteral("output"), QString::fromUtf8(r.out + r.err)}};
        };
        const QJsonObject up = reachability();
        QCOMPARE(up.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(up.value(QStringLiteral("version")).toString(), QStringLiteral("v1.30.0"));
        kube.stop();
        const QJsonObject down = reachability();
        QCOMPARE(down.value(QStringLiteral("status")).toString(), QStringLiteral("missing"));
        QVERIFY2(down.value(QStringLiteral("detail")).toString().startsWith(QStringLiteral("not reachable: ")),
                 qPrintable(down.value(QStringLiteral("detail")).toString()));
        QVERIFY(down.value(QStringLiteral("neededBy")).toArray().contains(QStringLiteral("deploy")));
    }

    void buildOnTheSconectlRoute()
    {
        Sandbox box;
        const test::CliResult r = box.run(QStringLiteral("build"), {});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QList<test::StandinCall> calls = box.calls(QStringLiteral("sconectl"));
        QCOMPARE(calls.size(), 2);
        const QStringList out = lines(r.out);
        QCOMPARE(out.size(), 2);
        const QStringList services{QStringLiteral("flask-api"), QStringLiteral("redis")};
        const QStringList images{QStringLiteral("registry.example.com/me/secure-doc-management-flask"),
                                 QStringLiteral("registry.example.com/me/secure-doc-management-redis")};
        for (int i = 0; i < 2; ++i) {
            const test::StandinCall &c = calls.at(i);
            QCOMPARE(c.arguments(), (QStringList{QStringLiteral("apply"), QStringLiteral("-f"),
                                                 QStringLiteral("service.yaml"), QStringLiteral("--mode=production"),
                                                 QStringLiteral("--set-version"), QStringLiteral("5.8.0")}));
            // sconectl runs in the rendered service folder, outside the project, with its variables.
            QVERIFY(c.cwd.endsWith(QLatin1Char('/') + services.at(i)));
            QVERIFY2(!c.cwd.startsWith(box.project), qPrintable(c.cwd));
            QCOMPARE(c.env.value(QStringLiteral("PWD")), c.cwd);
            QCOMPARE(c.env.value(QStringLiteral("VERSION")), QStringLiteral("5.8.0"));
            QCOMPARE(c.env.value(QStringLiteral("SCONECTL_REPO")), QStringLiteral("registry.scontain.com/sconectl"));
            const QByteArray rendered = test::readFile(c.cwd + QStringLiteral("/service.yaml"));
            QVERIFY(rendered.contains("to: registry.example.com/me/"));
            QVERIFY(!rendered.contains("$APP_IMAGE_REPO"));
            // The digest is the one sconectl printed for its push (the stand-in hashes the manifest).
            const QString digest =
                QString::fromLatin1(QCryptographicHash::hash(rendered, QCryptographicHash::Sha256).toHex());
            QCOMPARE(out.at(i), services.at(i) + QLatin1Char(' ') + images.at(i) + QStringLiteral("@sha256:") + digest);
        }
        QVERIFY(r.err.contains("$ sconectl apply -f service.yaml"));
    }

    void buildChosenServiceDebugNoPush()
    {
        Sandbox box;
        const test::CliResult r = box.run(
            QStringLiteral("build"), {QStringLiteral("--service"), QStringLiteral("redis"), QStringLiteral("--mode"),
                                      QStringLiteral("debug"), QStringLiteral("--no-push")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QList<test::StandinCall> calls = box.calls(QStringLiteral("sconectl"));
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.first().arguments(),
                 (QStringList{QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("service.yaml"),
                              QStringLiteral("--mode=debug"), QStringLiteral("--set-version"), QStringLiteral("5.8.0"),
                              QStringLiteral("--no-push")}));
        QCOMPARE(lines(r.out),
                 QStringList{QStringLiteral("redis registry.example.com/me/secure-doc-management-redis:1")});

        const test::CliResult unknown =
            box.run(QStringLiteral("build"), {QStringLiteral("--service"), QStringLiteral("postgres")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("no service \"postgres\""), qPrintable(describe(unknown)));
    }

    void uploadOnTheSconectlRoute()
    {
        Sandbox box;
        const test::CliResult r = box.run(QStringLiteral("upload"), {});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QList<test::StandinCall> calls = box.calls(QStringLiteral("sconectl"));
        QCOMPARE(calls.size(), 1);
        QCOMPARE(calls.first().arguments(),
                 (QStringList{QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("mesh.yaml"),
                              QStringLiteral("--release"), QStringLiteral("shop"), QStringLiteral("--mode=production"),
                              QStringLiteral("--set-version"), QStringLiteral("5.8.0")}));
        QVERIFY(!calls.first().cwd.startsWith(box.project));
        QVERIFY(QFileInfo::exists(calls.first().cwd + QStringLiteral("/target/helm/Chart.yaml")));
        // One line per session in upload order; sconectl reports no hashes.
        QStringList expected;
        for (const QString &s : box.uploadOrder())
            expected << s + QStringLiteral(" -");
        QVERIFY(expected.size() >= 3);
        QCOMPARE(lines(r.out), expected);
        // The proposed APP_NAMESPACE the sessions went up under is now in the settings file (the
        // proposal of the RELEASE in effect, --set RELEASE=shop), its comments kept.
        const models::policy::ResolvedSettings kept = models::policy::readProjectSettings(box.project);
        QVERIFY(!kept.namespaceProposed);
        QCOMPARE(kept.values.appNamespace, models::policy::proposeAppNamespace(QStringLiteral("shop"), box.project));
        QVERIFY(test::readFile(kept.filePath).contains("PLACEHOLDERS: registry.example.com"));
    }

    void errorsInTheProjectStopTheCommand()
    {
        Sandbox box;
        QVERIFY(QFile::remove(box.project + QStringLiteral("/mesh.yaml")));
        const QByteArray settingsBefore =
            test::readFile(box.project + QStringLiteral("/.scone-workbench/settings.yaml"));
        const test::CliResult r = box.run(QStringLiteral("upload"), {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("[policy.mesh.missing]"), qPrintable(describe(r)));
        QVERIFY2(r.err.contains("scone-workbench: upload: 1 error in the project, nothing done"),
                 qPrintable(describe(r)));
        QVERIFY(box.applies().isEmpty());
        QCOMPARE(test::readFile(box.project + QStringLiteral("/.scone-workbench/settings.yaml")), settingsBefore);
    }

    void uploadDirectToTheCas()
    {
        Sandbox box;
        test::CasTestServer cas;
        QVERIFY2(cas.start(), qPrintable(cas.error()));
        const QStringList direct{
            QStringLiteral("--direct"),   QStringLiteral("--cas"), cas.url(), QStringLiteral("--cas-ca"), cas.caFile(),
            QStringLiteral("--identity"), cas.identityFile()};
        const QStringList order = box.uploadOrder();
        QVERIFY(order.size() >= 3);

        const test::CliResult first = box.run(QStringLiteral("upload"), direct);
        QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
        QVERIFY(box.calls().isEmpty());  // no sconectl on this route
        const QStringList out1 = lines(first.out);
        QCOMPARE(out1.size(), order.size());
        QList<QJsonObject> requests = cas.requests();
        QStringList posted;
        QHash<QString, QString> hashOfBody;
        for (const QJsonObject &req : requests)
            if (req.value(QStringLiteral("method")).toString() == QLatin1String("POST")) {
                QCOMPARE(req.value(QStringLiteral("path")).toString(), QStringLiteral("/session"));
                const QByteArray body = req.value(QStringLiteral("body")).toString().toUtf8();
                QVERIFY(!body.contains("predecessor:"));  // all new
                static const QRegularExpression nameLine(QStringLiteral("^name: *(\\S+)"),
                                                         QRegularExpression::MultilineOption);
                posted << nameLine.match(QString::fromUtf8(body)).captured(1).remove(QLatin1Char('"'));
                hashOfBody.insert(
                    posted.last(),
                    QString::fromLatin1(QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
            }
        QCOMPARE(posted, order);
        for (int i = 0; i < order.size(); ++i)
            QCOMPARE(out1.at(i), order.at(i) + QLatin1Char(' ') + hashOfBody.value(order.at(i)));
        // Each session: GET for the current hash before its POST.
        QCOMPARE(requests.first().value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        // Hashes recorded in the project (not secrets), nothing of the identity there.
        const QByteArray record = test::readFile(box.project + QStringLiteral("/.scone-workbench/uploads.json"));
        for (const QString &line : out1)
            QVERIFY(record.contains(line.section(QLatin1Char(' '), 1).toLatin1()));

        // A second upload updates every session with its predecessor.
        const int before = int(requests.size());
        const test::CliResult second = box.run(QStringLiteral("upload"), direct);
        QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
        requests = cas.requests();
        int updates = 0;
        for (qsizetype i = before; i < requests.size(); ++i) {
            const QJsonObject &req = requests.at(i);
            if (req.value(QStringLiteral("method")).toString() != QLatin1String("POST"))
                continue;
            const QString body = req.value(QStringLiteral("body")).toString();
            QVERIFY2(body.startsWith(QStringLiteral("predecessor: ")), qPrintable(body.left(200)));
            const QString predecessor = body.mid(13, 64);
            QVERIFY2(first.out.contains(predecessor.toLatin1()), qPrintable(predecessor));
            ++updates;
        }
        QCOMPARE(updates, order.size());
        const QStringList out2 = lines(second.out);
        QCOMPARE(out2.size(), order.size());
        for (int i = 0; i < order.size(); ++i) {
            QCOMPARE(out2.at(i).section(QLatin1Char(' '), 0, 0), order.at(i));
            QVERIFY(out2.at(i) != out1.at(i));  // a new version, a new hash
        }

        // No secret in any output, the project's files or the history.
        const QByteArray key = test::readFile(cas.clientKeyFile());
        const QByteArray keyLine = key.split('\n').value(1);
        QVERIFY(keyLine.size() > 40);
        for (const QByteArray &text : {first.out, first.err, second.out, second.err,
                                       Sandbox::allFiles(box.project + QStringLiteral("/.scone-workbench")),
                                       Sandbox::allFiles(box.dir.filePath(QStringLiteral("xdg_data_home")))})
            QVERIFY(!text.contains(keyLine));
    }

    void uploadRefusedByThePinnedCa()
    {
        Sandbox box;
        test::CasTestServer cas;
        QVERIFY2(cas.start(), qPrintable(cas.error()));
        const test::CliResult r =
            box.run(QStringLiteral("upload"),
                    {QStringLiteral("--direct"), QStringLiteral("--cas"), cas.url(), QStringLiteral("--cas-ca"),
                     cas.otherCaFile(), QStringLiteral("--identity"), cas.identityFile()});
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains("certificate"), qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
        QVERIFY(cas.requests().isEmpty());  // nothing was sent
        QVERIFY(!QFileInfo::exists(box.project + QStringLiteral("/.scone-workbench/uploads.json")));
    }

    void deployToTheTestCluster()
    {
        // The deploy step talks to the API server itself: kubectl is the stand-in, never called.
        Sandbox box;
        test::KubeTestServer kube;
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        const QString kubeconfig = box.dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(kube.writeKubeconfig(kubeconfig, test::KubeTestServer::Auth::Token));
        // The registry login comes from the container tools' auth file.
        const QString authFile = box.dir.filePath(QStringLiteral("auth.json"));
        QVERIFY(test::writeFile(authFile, R"({"auths": {"registry.example.com": {"auth": ")" +
                                              QByteArray("me:s3cr3t-t0ken").toBase64() + R"("}}})"));
        box.env.insert(QStringLiteral("REGISTRY_AUTH_FILE"), authFile);
        const QStringList args{QStringLiteral("--kubeconfig"), kubeconfig,
                               QStringLiteral("--wait"),       QStringLiteral("20"),
                               QStringLiteral("--set"),        QStringLiteral("NAMESPACE=apps")};

        // First run: no namespace "apps" yet, and no pod of the release ever appears.
        const test::CliResult first = box.run(
            QStringLiteral("deploy"), {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--wait"),
                                       QStringLiteral("2"), QStringLiteral("--set"), QStringLiteral("NAMESPACE=apps")});
        QVERIFY2(first.exitCode == 1, qPrintable(describe(first)));
        QVERIFY2(first.err.contains("no pod of release shop appeared in apps"), qPrintable(describe(first)));
        QVERIFY(first.out.isEmpty());
        // The namespace was created, the pull secret created with the login.
        QJsonArray log = kube.requests();
        QCOMPARE(countRequests(log, QStringLiteral("POST"), QStringLiteral("/api/v1/namespaces")), 1);
        QCOMPARE(countRequests(log, QStringLiteral("POST"), QStringLiteral("/api/v1/namespaces/apps/secrets")), 1);
        const QJsonArray secrets = kube.control(op("secrets", {{QStringLiteral("namespace"), QStringLiteral("apps")}}))
                                       .value(QStringLiteral("items"))
                                       .toArray();
        QCOMPARE(secrets.size(), 1);
        const QJsonObject secret = secrets.first().toObject();
        QCOMPARE(secret.value(QStringLiteral("type")).toString(), QStringLiteral("kubernetes.io/dockerconfigjson"));
        const QJsonObject dockerConfig =
            QJsonDocument::fromJson(QByteArray::fromBase64(secret.value(QStringLiteral("data"))
                                                               .toObject()
                                                               .value(QStringLiteral(".dockerconfigjson"))
                                                               .toString()
                                                               .toLatin1()))
                .object();
        const QJsonObject entry = dockerConfig.value(QStringLiteral("auths"))
                                      .toObject()
                                      .value(QStringLiteral("registry.example.com"))
                                      .toObject();
        QCOMPARE(entry.value(QStringLiteral("username")).toString(), QStringLiteral("me"));
        QCOMPARE(entry.value(QStringLiteral("password")).toString(), QStringLiteral("s3cr3t-t0ken"));
        // helm installed the workbench's chart into the namespace, on the given kubeconfig.
        const QList<test::StandinCall> helm = box.calls(QStringLiteral("helm"));
        QCOMPARE(helm.size(), 1);
        const QStringList helmArgs = helm.first().arguments();
        QCOMPARE(helmArgs.mid(0, 3),
                 (QStringList{QStringLiteral("upgrade"), QStringLiteral("--install"), QStringLiteral("shop")}));
        QVERIFY(QFileInfo::exists(helmArgs.at(3) + QStringLiteral("/Chart.yaml")));
        QCOMPARE(helmArgs.mid(4), (QStringList{QStringLiteral("--namespace"), QStringLiteral("apps"),
                                               QStringLiteral("--kubeconfig"), kubeconfig}));

        // Second run, with a ready pod of the release: the namespace exists, the secret is replaced.
        QVERIFY(kube.run(releasePod(QStringLiteral("shop-web-0"), true)));
        const test::CliResult second = box.run(QStringLiteral("deploy"), args);
        QVERIFY2(second.exitCode == 0, qPrintable(describe(second)));
        QCOMPARE(lines(second.out), QStringList{QStringLiteral("shop-web-0 Running 1/1")});
        log = kube.requests();
        QCOMPARE(countRequests(log, QStringLiteral("POST"), QStringLiteral("/api/v1/namespaces")), 1);
        QCOMPARE(countRequests(log, QStringLiteral("POST"), QStringLiteral("/api/v1/namespaces/apps/secrets")), 1);
        QCOMPARE(countRequests(
                     log, QStringLiteral("PUT"),
                     QStringLiteral("/api/v1/namespaces/apps/secrets/") +
                         secret.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString()),
                 1);
        QVERIFY(second.err.contains("updated for registry.example.com"));

        // A pod stuck pulling its image: reported with its reason, the deploy fails after --wait.
        QVERIFY(
            kube.run(op("setPodStatus", {{QStringLiteral("namespace"), QStringLiteral("apps")},
                                         {QStringLiteral("name"), QStringLiteral("shop-web-0")},
                                         {QStringLiteral("ready"), false},
                                         {QStringLiteral("waitingReason"), QStringLiteral("ImagePullBackOff")},
                                         {QStringLiteral("waitingMessage"),
                                          QStringLiteral("Back-off pulling image \"registry.example.com/me/x:1\"")}})));
        const test::CliResult stuck = box.run(
            QStringLiteral("deploy"), {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--wait"),
                                       QStringLiteral("2"), QStringLiteral("--set"), QStringLiteral("NAMESPACE=apps")});
        QVERIFY2(stuck.exitCode == 1, qPrintable(describe(stuck)));
        QCOMPARE(lines(stuck.out), QStringList{QStringLiteral("shop-web-0 ImagePullBackOff 0/1")});
        QVERIFY2(stuck.err.contains("not ready after 2 s: shop-web-0 ImagePullBackOff 0/1: Back-off pulling image"),
                 qPrintable(describe(stuck)));

        QVERIFY(box.calls(QStringLiteral("kubectl")).isEmpty());
        // Every request came with the kubeconfig's token, as the workbench's own client.
        for (const QJsonValue &r : kube.requests())
            if (r.toObject().value(QStringLiteral("path")).toString().startsWith(QLatin1String("/api/")))
                QCOMPARE(r.toObject().value(QStringLiteral("user")).toString(), QStringLiteral("token-tester"));

        // The registry token is in no output and not in the history.
        for (const QByteArray &text : {first.out, first.err, second.out, second.err, stuck.out, stuck.err,
                                       Sandbox::allFiles(box.dir.filePath(QStringLiteral("xdg_data_home")))})
            QVERIFY(!text.contains("s3cr3t-t0ken"));
        QVERIFY(
            !box.calls(QStringLiteral("helm")).first().argv.join(QLatin1Char(' ')).contains(QStringLiteral("s3cr3t")));
    }

    void pipelineRunsStopsAndRetriesFromAStep()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed");
        Sandbox box(true);
        test::KubeTestServer kube;
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        const QString kubeconfig = box.dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(kube.writeKubeconfig(kubeconfig, test::KubeTestServer::Auth::Token));
        QVERIFY(kube.run(releasePod(QStringLiteral("shop-web-0"), true)));
        const QStringList args{QStringLiteral("--kubeconfig"), kubeconfig,
                               QStringLiteral("--wait"),       QStringLiteral("20"),
                               QStringLiteral("--set"),        QStringLiteral("NAMESPACE=apps")};

        // The build fails: the pipeline stops there, nothing is uploaded or deployed.
        box.env.insert(QStringLiteral("STANDIN_SCONECTL_APPLY_MODE"), QStringLiteral("fail"));
        const test::CliResult failed = box.run(QStringLiteral("pipeline"), args);
        QVERIFY2(failed.exitCode == 1, qPrintable(describe(failed)));
        QVERIFY(failed.err.contains("[doctor] "));
        QVERIFY2(failed.err.contains("[build] $ sconectl apply -f service.yaml"), qPrintable(describe(failed)));
        QVERIFY(!failed.err.contains("[upload] "));
        QVERIFY2(failed.err.contains("Step \"build\" failed"), qPrintable(describe(failed)));
        QCOMPARE(box.applies().size(), 1);
        QVERIFY(box.helmUpgrades().isEmpty());

        // Fixed: the whole pipeline runs.
        box.env.remove(QStringLiteral("STANDIN_SCONECTL_APPLY_MODE"));
        const test::CliResult ok = box.run(QStringLiteral("pipeline"), args);
        QVERIFY2(ok.exitCode == 0, qPrintable(describe(ok)));
        const QStringList out = lines(ok.out);
        QVERIFY(out.first().startsWith(
            QStringLiteral("flask-api registry.example.com/me/secure-doc-management-flask@sha256:")));
        QCOMPARE(out.last(), QStringLiteral("shop-web-0 Running 1/1"));
        QCOMPARE(box.applies().size(), 1 + 3);  // two services, the mesh
        QCOMPARE(box.helmUpgrades().size(), 1);
        // The deploy installed the chart sconectl wrote at the upload.
        QCOMPARE(box.helmUpgrades().first().arguments().at(3),
                 box.applies().last().cwd + QStringLiteral("/target/helm"));

        // Retry from the deploy step: doctor, build and upload are skipped.
        const test::CliResult retried =
            box.run(QStringLiteral("pipeline"), args + QStringList{QStringLiteral("--from"), QStringLiteral("deploy")});
        QVERIFY2(retried.exitCode == 0, qPrintable(describe(retried)));
        QCOMPARE(box.applies().size(), 4);
        QCOMPARE(box.helmUpgrades().size(), 2);
        QCOMPARE(lines(retried.out), QStringList{QStringLiteral("shop-web-0 Running 1/1")});

        // The history holds the three runs with their steps.
        const QList<jobs::RunRecord> runs = box.history();
        QCOMPARE(runs.size(), 3);
        auto states = [](const jobs::RunRecord &run) {
            QStringList s;
            for (const jobs::StepRecord &step : run.steps)
                s << step.name + QLatin1Char('=') + jobs::stepStateName(step.state);
            return s;
        };
        QCOMPARE(states(runs.at(0)), (QStringList{QStringLiteral("doctor=succeeded"), QStringLiteral("build=failed"),
                                                  QStringLiteral("upload=pending"), QStringLiteral("deploy=pending")}));
        QCOMPARE(runs.at(0).state, jobs::JobState::Failed);
        QCOMPARE(states(runs.at(1)),
                 (QStringList{QStringLiteral("doctor=succeeded"), QStringLiteral("build=succeeded"),
                              QStringLiteral("upload=succeeded"), QStringLiteral("deploy=succeeded")}));
        QCOMPARE(states(runs.at(2)),
                 (QStringList{QStringLiteral("doctor=skipped"), QStringLiteral("build=skipped"),
                              QStringLiteral("upload=skipped"), QStringLiteral("deploy=succeeded")}));
        for (const jobs::StepRecord &step : runs.at(1).steps)
            QVERIFY(step.startedAt.isValid() && step.finishedAt.isValid());
    }

    void sigintStopsEveryStep_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("modeVariable");
        QTest::addColumn<QString>("tool");
        QTest::newRow("build") << QStringLiteral("build") << QStringLiteral("STANDIN_SCONECTL_MODE")
                               << QStringLiteral("sconectl");
        QTest::newRow("upload") << QStringLiteral("upload") << QStringLiteral("STANDIN_SCONECTL_MODE")
                                << QStringLiteral("sconectl");
        QTest::newRow("deploy") << QStringLiteral("deploy") << QStringLiteral("STANDIN_HELM_UPGRADE_MODE")
                                << QStringLiteral("helm");
        QTest::newRow("pipeline") << QStringLiteral("pipeline") << QStringLiteral("STANDIN_SCONECTL_APPLY_MODE")
                                  << QStringLiteral("sconectl");
    }
    void sigintStopsEveryStep()
    {
        QFETCH(QString, command);
        QFETCH(QString, modeVariable);
        QFETCH(QString, tool);
        Sandbox box;
        test::KubeTestServer kube;  // the pipeline's doctor needs a kube context
        QVERIFY2(kube.start(), qPrintable(kube.errorString()));
        QVERIFY(kube.writeKubeconfig(box.dir.filePath(QStringLiteral("home/.kube/config")),
                                     test::KubeTestServer::Auth::Token));
        // The tool ignores SIGTERM and has a child: only SIGKILL to the whole tree ends them.
        box.env.insert(modeVariable, QStringLiteral("ignore-term"));
        box.env.insert(QStringLiteral("STANDIN_SPAWN_CHILD"), QStringLiteral("1"));
        QProcess cli;
        cli.setProcessEnvironment(box.env);
        cli.start(QStringLiteral(WORKBENCH_CLI_PATH), QStringList{command, box.project} + Sandbox::settings());
        QVERIFY(cli.waitForStarted());
        QList<test::StandinCall> calls;
        QVERIFY(QTest::qWaitFor(
            [&] {
                calls = box.calls(tool);
                return !calls.isEmpty() && calls.last().childPid > 0;
            },
            60000));
        const qint64 pid = calls.last().pid, child = calls.last().childPid;
        QVERIFY(test::processAlive(pid) && test::processAlive(child));
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(30000));
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QVERIFY2(cli.exitCode() == 130, cli.readAllStandardError().constData());
        // The process tree was gone before the command exited.
        QVERIFY(!test::processAlive(pid));
        QVERIFY(!test::processAlive(child));
        qInfo("%s: SIGINT to exit 130 with the tree gone: %lld ms", qPrintable(command), elapsed);
    }
};

QTEST_GUILESS_MAIN(TestDeployCli)
#include "tst_deploy_cli.moc"
