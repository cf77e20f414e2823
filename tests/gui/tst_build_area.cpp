// SPDX-License-Identifier: Apache-2.0
// The Build & Deploy area as a user drives it: the pipeline run with the stand-in sconectl /
// helm / kubectl first on PATH (tests/tools/standin_tool.cpp) against the loopback Kubernetes
// API server, the step rows (doctor checklist, services, sessions, pods), the live step log,
// Cancel (no process left, checked through /proc), Retry from here, the history, the route
// choice remembered in the project's settings, the credentials dialog through the real
// keychain, and the README screenshots (SCONE_WORKBENCH_SCREENSHOT_DIR).
#include "build/buildarea.h"
#include "build/credentialsdialog.h"
#include "build/localrunpanel.h"
#include "deploy/credentialstore.h"
#include "deploy/deploypipeline.h"
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "jobs/jobrunner.h"
#include "keychain/keychain.h"
#include "kubetestserver.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"
#include "standins.h"
#include "testsupport.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <QUuid>

using namespace workbench;
using engine::deploy::DeployStep;
using engine::jobs::JobState;
using engine::jobs::StepState;
using ui::BuildArea;

namespace {

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

QStringList childTexts(const QTreeWidgetItem *item, int column)
{
    QStringList out;
    for (int i = 0; i < item->childCount(); ++i)
        out << item->child(i)->text(column);
    return out;
}

}  // namespace

class TestBuildArea : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_project;
    QString m_record;
    QString m_bin;
    test::KubeTestServer m_kube;
    std::unique_ptr<engine::ProjectSession> m_session;

    std::unique_ptr<BuildArea> makeArea()
    {
        auto area = std::make_unique<BuildArea>(m_session.get());
        area->setProject(m_project, {});
        area->resize(1280, 720);
        area->show();
        return area;
    }

    QList<test::StandinCall> calls(const QString &tool, const QString &first) const
    {
        QList<test::StandinCall> out;
        for (const test::StandinCall &c : test::readStandinCalls(m_record))
            if (c.tool == tool && c.arguments().value(0) == first)
                out << c;
        return out;
    }

    static bool waitForRun(BuildArea &area, int timeoutMs = 60000)
    {
        return QTest::qWaitFor([&] { return !area.isRunning(); }, timeoutMs);
    }

    static QTreeWidgetItem *stepItem(BuildArea &area, DeployStep step)
    {
        return area.stepsView()->topLevelItem(int(engine::deploy::allDeploySteps().indexOf(step)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Private folders: the history (AppDataLocation), the working folder (CacheLocation).
        for (const char *v : {"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"}) {
            const QString path = m_dir.filePath(QLatin1String(v).toString().toLower());
            QVERIFY(QDir().mkpath(path));
            qputenv(v, path.toUtf8());
        }
        // The stand-ins, and nothing else, on PATH: buildah and podman are not found.
        m_bin = m_dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(m_bin));
        // sconectl's route needs docker (sconectl drives it): the stand-in answers its version.
        for (const QString &tool :
             {QStringLiteral("sconectl"), QStringLiteral("helm"), QStringLiteral("kubectl"), QStringLiteral("docker")})
            QVERIFY(QFile::link(test::standinBinDir() + QLatin1Char('/') +
                                    (tool == QLatin1String("docker") ? QStringLiteral("sconectl") : tool),
                                m_bin + QLatin1Char('/') + tool));
        qputenv("PATH", m_bin.toUtf8());
        m_record = m_dir.filePath(QStringLiteral("calls.jsonl"));
        qputenv("STANDIN_RECORD", m_record.toUtf8());

        QVERIFY2(m_kube.start(), qPrintable(m_kube.errorString()));
        const QString kubeconfig = m_dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(m_kube.writeKubeconfig(kubeconfig, test::KubeTestServer::Auth::Token, QStringLiteral("apps")));
        qputenv("KUBECONFIG", kubeconfig.toUtf8());
        QVERIFY(m_kube.run(releasePod(QStringLiteral("shop-web-0"), true)));

        m_project = m_dir.filePath(QStringLiteral("project"));
        test::copyTree(test::exampleDir(), m_project);
        m_session = std::make_unique<engine::ProjectSession>(nullptr, m_dir.filePath(QStringLiteral("recovery")));
        QVERIFY(m_session->open(m_project).ok());
        engine::SettingsStore *settings = m_session->settings();
        for (const auto &[name, value] : QList<QPair<QString, QString>>{
                 {QStringLiteral("APP_IMAGE_REPO"), QStringLiteral("registry.example.com/me")},
                 {QStringLiteral("CAS_KEY"), QStringLiteral("casKeyHash")},
                 {QStringLiteral("CAS_SESSION_ENCRYPTION_KEY"), QString(64, QLatin1Char('0'))},
                 {QStringLiteral("RELEASE"), QStringLiteral("shop")},
                 {QStringLiteral("NAMESPACE"), QStringLiteral("apps")}})
            QVERIFY(settings->setValue(name, value).ok());
        QVERIFY(settings->save().ok());
    }

    void cleanupTestCase() { m_session.reset(); }

    void init() { QFile::remove(m_record); }

    void routeChoiceIsRememberedInTheSettings()
    {
        auto area = makeArea();
        QCOMPARE(area->routeChoice().builderValue(), QStringLiteral("sconectl"));
        auto *builder = area->findChild<QComboBox *>(QStringLiteral("builderRoute"));
        auto *upload = area->findChild<QComboBox *>(QStringLiteral("uploadRoute"));
        QVERIFY(builder && upload);
        builder->setCurrentIndex(builder->findData(QStringLiteral("podman")));
        upload->setCurrentIndex(upload->findData(QStringLiteral("direct")));
        // Kept in the project's settings file (saved: there was no other unsaved edit), not in
        // a manifest.
        QVERIFY(!m_session->settings()->isModified());
        const QByteArray file = test::readFile(m_session->settings()->filePath());
        QVERIFY2(file.contains("BUILDER: podman") || file.contains("BUILDER: \"podman\""), file.constData());
        QVERIFY2(file.contains("UPLOAD: direct") || file.contains("UPLOAD: \"direct\""), file.constData());
        // Another area (the next start) shows it.
        auto other = makeArea();
        QCOMPARE(other->routeChoice().builderValue(), QStringLiteral("podman"));
        QCOMPARE(other->routeChoice().upload, engine::deploy::UploadRoute::Direct);
        // Back to sconectl for the runs below.
        builder->setCurrentIndex(builder->findData(QStringLiteral("sconectl")));
        upload->setCurrentIndex(upload->findData(QStringLiteral("sconectl")));
        QCOMPARE(RouteOf(*m_session), QStringLiteral("sconectl/sconectl"));
    }

    void doctorChecklistShowsTheFixForEachMiss()
    {
        auto area = makeArea();
        QVERIFY(area->runStep(DeployStep::Doctor));
        QVERIFY(waitForRun(*area));
        QCOMPARE(area->stepState(DeployStep::Doctor), StepState::Succeeded);
        QTreeWidgetItem *doctor = stepItem(*area, DeployStep::Doctor);
        const auto &report = area->deployRun()->doctorReport();
        QVERIFY(report.has_value());
        QCOMPARE(doctor->childCount(), report->checks.size());
        int misses = 0;
        for (int i = 0; i < doctor->childCount(); ++i) {
            const engine::deploy::DoctorCheck &c = report->checks.at(i);
            QCOMPARE(doctor->child(i)->text(0), c.title);
            if (c.status == engine::deploy::DoctorCheck::Status::Missing) {
                ++misses;
                QVERIFY2(doctor->child(i)->text(4).contains(QStringLiteral("Fix: ") + c.fix),
                         qPrintable(doctor->child(i)->text(4)));
                // The window's fixes name its own places, never a command-line option.
                QVERIFY2(!c.fix.contains(QStringLiteral(" --")) && !c.fix.startsWith(QStringLiteral("--")),
                         qPrintable(c.fix));
            }
        }
        // buildah and podman are not on PATH.
        QVERIFY(misses >= 2);
        // The step's log is the doctor's output.
        area->selectStep(DeployStep::Doctor);
        QVERIFY(!area->logView()->toPlainText().isEmpty());
    }

    void runAllShowsStepsRowsAndHistory()
    {
        auto area = makeArea();
        QSignalSpy finished(area.get(), &BuildArea::runFinished);
        auto *runAll = area->findChild<QPushButton *>(QStringLiteral("runAll"));
        QVERIFY(runAll && runAll->isEnabled());
        const int jobsBefore = int(m_session->jobs()->jobs().size());
        QTest::mouseClick(runAll, Qt::LeftButton);
        QVERIFY(area->isRunning());
        // The run is a job of the session's runner (the Jobs list sees it).
        QCOMPARE(int(m_session->jobs()->jobs().size()), jobsBefore + 1);
        QVERIFY(m_session->jobs()->jobs().contains(area->currentJob()));
        QVERIFY(!runAll->isEnabled());
        QVERIFY(area->findChild<QPushButton *>(QStringLiteral("cancel"))->isEnabled());
        QVERIFY(waitForRun(*area));
        QCOMPARE(finished.size(), 1);
        QVERIFY2(area->currentJob()->state() == JobState::Succeeded, qPrintable(area->bannerText()));
        for (const DeployStep s : engine::deploy::allDeploySteps()) {
            QCOMPARE(area->stepState(s), StepState::Succeeded);
            QVERIFY(!stepItem(*area, s)->text(2).isEmpty());  // elapsed
        }
        // Build: one row per service with its image reference and digest.
        QTreeWidgetItem *build = stepItem(*area, DeployStep::Build);
        QVERIFY(build->childCount() >= 2);
        QCOMPARE(build->childCount(), area->deployRun()->services().size());
        for (int i = 0; i < build->childCount(); ++i) {
            QCOMPARE(build->child(i)->text(1), QStringLiteral("built"));
            QCOMPARE(build->child(i)->text(4), area->deployRun()->services().at(i).reference());
            QVERIFY(build->child(i)->text(4).contains(QStringLiteral("@sha256:")));
        }
        // Upload: one row per session; Deploy: the release's pod, running and ready.
        QCOMPARE(stepItem(*area, DeployStep::Upload)->childCount(), area->deployRun()->sessions().size());
        QTreeWidgetItem *deploy = stepItem(*area, DeployStep::Deploy);
        QCOMPARE(childTexts(deploy, 0), QStringList{QStringLiteral("shop-web-0")});
        QCOMPARE(deploy->child(0)->text(1), QStringLiteral("Running"));
        QCOMPARE(deploy->child(0)->text(2), QStringLiteral("1/1"));
        // The selected step's log: the build's sconectl calls.
        area->selectStep(DeployStep::Build);
        QVERIFY(area->logView()->toPlainText().contains(QStringLiteral("sconectl apply")));
        QCOMPARE(area->logView()->toPlainText(), area->stepLogText(DeployStep::Build));
        QVERIFY(!area->stepLogText(DeployStep::Deploy).contains(QStringLiteral("sconectl apply")));
        QCOMPARE(calls(QStringLiteral("helm"), QStringLiteral("upgrade")).size(), 1);

        // After the deploy the pods stay live: a pod that gets stuck shows its reason.
        QVERIFY(area->deployRun()->isWatchingPods());
        QVERIFY(
            m_kube.run(op("setPodStatus", {{QStringLiteral("namespace"), QStringLiteral("apps")},
                                           {QStringLiteral("name"), QStringLiteral("shop-web-0")},
                                           {QStringLiteral("ready"), false},
                                           {QStringLiteral("waitingReason"), QStringLiteral("ImagePullBackOff")},
                                           {QStringLiteral("waitingMessage"), QStringLiteral("Back-off pulling")}})));
        QTRY_COMPARE(deploy->child(0)->text(1), QStringLiteral("ImagePullBackOff"));
        QCOMPARE(deploy->child(0)->text(2), QStringLiteral("0/1"));
        QVERIFY(deploy->child(0)->text(4).contains(QStringLiteral("Back-off pulling")));
        QVERIFY(m_kube.run(op("setPodStatus", {{QStringLiteral("namespace"), QStringLiteral("apps")},
                                               {QStringLiteral("name"), QStringLiteral("shop-web-0")},
                                               {QStringLiteral("ready"), true},
                                               {QStringLiteral("waitingReason"), QString()},
                                               {QStringLiteral("waitingMessage"), QString()}})));
        QTRY_COMPARE(deploy->child(0)->text(2), QStringLiteral("1/1"));

        // The history has the run; selecting it shows its steps, timings and log.
        QVERIFY(!area->historyRuns().isEmpty());
        QCOMPARE(area->historyRuns().first().state, JobState::Succeeded);
        area->pages()->setCurrentIndex(1);
        area->selectHistoryRun(0);
        QCOMPARE(area->historyStepsView()->topLevelItemCount(), 4);
        QCOMPARE(area->historyStepsView()->topLevelItem(1)->text(0), QStringLiteral("build"));
        QCOMPARE(area->historyStepsView()->topLevelItem(1)->text(1), QStringLiteral("succeeded"));
        QVERIFY(!area->historyStepsView()->topLevelItem(1)->text(2).isEmpty());
        QVERIFY(area->historyLogView()->toPlainText().contains(QStringLiteral("helm upgrade --install shop")));
    }

    void retryFromHereSkipsTheStepsBefore()
    {
        auto area = makeArea();
        area->selectStep(DeployStep::Upload);
        auto *retry = area->findChild<QPushButton *>(QStringLiteral("retryFromHere"));
        QVERIFY(retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        QVERIFY(area->isRunning());
        QVERIFY(waitForRun(*area));
        QVERIFY2(area->currentJob()->state() == JobState::Succeeded, qPrintable(area->bannerText()));
        QCOMPARE(area->stepState(DeployStep::Doctor), StepState::Skipped);
        QCOMPARE(area->stepState(DeployStep::Build), StepState::Skipped);
        QCOMPARE(area->stepState(DeployStep::Upload), StepState::Succeeded);
        QCOMPARE(area->stepState(DeployStep::Deploy), StepState::Succeeded);
        QVERIFY(calls(QStringLiteral("sconectl"), QStringLiteral("--help")).isEmpty());  // no doctor
        // Only the mesh went to sconectl (no service build).
        const QList<test::StandinCall> applies = calls(QStringLiteral("sconectl"), QStringLiteral("apply"));
        QCOMPARE(applies.size(), 1);
        QVERIFY(applies.first().arguments().contains(QStringLiteral("--release")));
        // The history's newest run is this one, with skipped steps.
        QVERIFY(area->historyRuns().size() >= 2);
        area->selectHistoryRun(0);
        QCOMPARE(area->historyStepsView()->topLevelItem(0)->text(1), QStringLiteral("skipped"));
        QCOMPARE(area->historyStepsView()->topLevelItem(2)->text(1), QStringLiteral("succeeded"));
        // Selecting an older run shows that one.
        area->selectHistoryRun(1);
        QCOMPARE(area->historyStepsView()->topLevelItem(0)->text(1),
                 engine::jobs::stepStateName(area->historyRuns().at(1).steps.at(0).state));
    }

    void nativeBuildContainerfileCanBeSaved()
    {
        // The native route with docker (the stand-in answers every call with success): the
        // Build step generates each service's Containerfile; the area saves one where asked.
        auto area = makeArea();
        engine::deploy::RouteChoice route = area->routeChoice();
        const engine::deploy::RouteChoice before = route;
        route.build = models::build::BuildRoute::Native;
        route.builder = models::build::ImageBuilder::Docker;
        area->setRouteChoice(route);
        QVERIFY(area->runStep(DeployStep::Build));
        QVERIFY(waitForRun(*area));
        QVERIFY(area->deployRun());
        int withContainerfile = -1;
        for (int i = 0; i < area->deployRun()->services().size(); ++i)
            if (!area->deployRun()->services().at(i).containerfile.isEmpty())
                withContainerfile = i;
        QVERIFY2(withContainerfile >= 0, qPrintable(area->bannerText()));
        const QString path = m_dir.filePath(QStringLiteral("saved.Containerfile"));
        QVERIFY(area->saveContainerfile(withContainerfile, path).ok());
        const QByteArray saved = test::readFile(path);
        QCOMPARE(saved, area->deployRun()->services().at(withContainerfile).containerfile.toUtf8());
        QVERIFY(saved.startsWith("FROM ") || saved.contains("\nFROM "));
        QVERIFY(!area->saveContainerfile(area->deployRun()->services().size(), path).ok());
        area->setRouteChoice(before);
    }

    void cancelLeavesNoProcess()
    {
        qputenv("STANDIN_SCONECTL_APPLY_MODE", "ignore-term");
        qputenv("STANDIN_SPAWN_CHILD", "1");
        auto area = makeArea();
        const bool started = area->runAll();
        qunsetenv("STANDIN_SCONECTL_APPLY_MODE");
        qunsetenv("STANDIN_SPAWN_CHILD");
        QVERIFY(started);
        QList<test::StandinCall> applies;
        QVERIFY(QTest::qWaitFor(
            [&] {
                applies = calls(QStringLiteral("sconectl"), QStringLiteral("apply"));
                return !applies.isEmpty() && applies.first().childPid > 0;
            },
            60000));
        QVERIFY(test::processAlive(applies.first().pid));
        QVERIFY(test::processAlive(applies.first().childPid));
        QTRY_COMPARE(area->stepState(DeployStep::Build), StepState::Running);
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(area->findChild<QPushButton *>(QStringLiteral("cancel")), Qt::LeftButton);
        QVERIFY(waitForRun(*area, 10000));
        const qint64 ms = clock.elapsed();
        QCOMPARE(area->currentJob()->state(), JobState::Cancelled);
        // The tool that ignores SIGTERM and its child are gone when the run says it ended.
        QVERIFY(!test::processAlive(applies.first().pid));
        QVERIFY(!test::processAlive(applies.first().childPid));
        qInfo("Cancel in the area: the run ended, its processes gone, after %lld ms", ms);
        QCOMPARE(area->stepState(DeployStep::Doctor), StepState::Succeeded);
        QCOMPARE(area->stepState(DeployStep::Build), StepState::Cancelled);
        QCOMPARE(area->stepState(DeployStep::Upload), StepState::Pending);
        QVERIFY(area->bannerText().contains(QStringLiteral("cancelled")));
        QCOMPARE(area->historyRuns().first().state, JobState::Cancelled);
    }

    void failedRunSelectsTheFailedStep()
    {
        qputenv("STANDIN_HELM_UPGRADE_MODE", "fail");
        qputenv("STANDIN_HELM_MESSAGE", "Error: UPGRADE FAILED: the chart is broken");
        auto area = makeArea();
        area->selectStep(DeployStep::Doctor);
        const bool started = area->retryFrom(DeployStep::Upload);
        qunsetenv("STANDIN_HELM_UPGRADE_MODE");
        qunsetenv("STANDIN_HELM_MESSAGE");
        QVERIFY(started);
        QVERIFY(waitForRun(*area));
        QCOMPARE(area->currentJob()->state(), JobState::Failed);
        QCOMPARE(area->stepState(DeployStep::Deploy), StepState::Failed);
        QCOMPARE(area->selectedStep(), std::optional<DeployStep>(DeployStep::Deploy));
        QVERIFY(area->logView()->toPlainText().contains(QStringLiteral("the chart is broken")));
        QVERIFY2(area->bannerText().contains(QStringLiteral("deploy")), qPrintable(area->bannerText()));
        QVERIFY(!stepItem(*area, DeployStep::Deploy)->text(4).isEmpty());
    }

    void unsavedManifestsStopARun()
    {
        auto area = makeArea();
        const QString manifest = m_project + QStringLiteral("/mesh.yaml");
        QVERIFY(QFileInfo::exists(manifest));
        Result<engine::Document *> doc = m_session->documents()->open(manifest);
        QVERIFY(doc.ok());
        const QByteArray saved = doc.value()->text();
        doc.value()->setText(saved + "\n# an unsaved edit\n");
        QVERIFY(doc.value()->isModified());
        QVERIFY(!area->runAll());
        QVERIFY(!area->isRunning());
        QVERIFY2(area->bannerText().contains(QStringLiteral("Save your changes first")) &&
                     area->bannerText().contains(QStringLiteral("mesh.yaml")),
                 qPrintable(area->bannerText()));
        QVERIFY(calls(QStringLiteral("sconectl"), QStringLiteral("apply")).isEmpty());
        // Unsaved deployment settings do not stop it (the run takes them from the analysis).
        doc.value()->setText(saved);
        QVERIFY(!doc.value()->isModified());
        QVERIFY(m_session->settings()->setValue(QStringLiteral("TAG_NOTE"), QStringLiteral("x")).ok());
        QVERIFY(m_session->settings()->isModified());
        QVERIFY(area->runStep(DeployStep::Doctor));
        QVERIFY(waitForRun(*area));
        QVERIFY(m_session->settings()->undo().ok());
    }

    void anotherPageCanBeAdded()
    {
        auto area = makeArea();
        // The area fits beside the sidebar and the project explorer in the window's minimum size.
        QVERIFY2(area->minimumSizeHint().width() <= 700, qPrintable(QString::number(area->minimumSizeHint().width())));
        const int before = area->pages()->count();
        auto *panel = new QWidget;
        const int index = area->addPage(panel, QStringLiteral("Run locally"));
        QCOMPARE(index, before);
        QCOMPARE(area->pages()->widget(index), panel);
        // The window's Build & Deploy area has the Run locally panel as its third page.
        std::unique_ptr<ui::WorkbenchArea> made(ui::createBuildArea(m_session.get(), nullptr));
        auto *build = qobject_cast<BuildArea *>(made.get());
        QVERIFY(build);
        QCOMPARE(build->pages()->count(), 3);
        QCOMPARE(build->pages()->tabText(2), QStringLiteral("Run locally"));
        QVERIFY(build->pages()->widget(2)->findChild<ui::LocalRunPanel *>());
    }

    void credentialsDialogStoresInTheKeychain()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
            qEnvironmentVariable("WORKBENCH_REQUIRE_KEYCHAIN") != QLatin1String("1"))
            QSKIP("No session bus: run through packaging/dev.sh test for the real keychain test.");
        // A keychain service of its own: no other test's or the user's entries are touched.
        auto store = std::make_shared<const engine::deploy::CredentialStore>(engine::Keychain(
            QStringLiteral("scone-workbench-test-") + QUuid::createUuid().toString(QUuid::WithoutBraces)));
        ui::CredentialsDialog dialog(store);
        dialog.show();
        QSignalSpy done(&dialog, &ui::CredentialsDialog::operationFinished);

        dialog.registryHost()->setText(QStringLiteral("registry.example.com"));
        dialog.registryUser()->setText(QStringLiteral("me"));
        dialog.registryToken()->setText(QStringLiteral("s3cr3t-t0ken"));
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("storeRegistry")), Qt::LeftButton);
        QTRY_COMPARE(done.size(), 1);
        QVERIFY2(done.last().at(0).toBool(), qPrintable(dialog.statusText()));
        QVERIFY(dialog.registryToken()->text().isEmpty());  // the secret is not kept in the field
        QVERIFY(!dialog.statusText().contains(QStringLiteral("s3cr3t")));
        bool read = false;
        store->readRegistryLogin(
            QStringLiteral("registry.example.com"), this,
            [&](const Result<std::optional<std::shared_ptr<const models::build::RegistryCredential>>> &r) {
                QVERIFY(r.ok() && r->has_value());
                QCOMPARE(r->value()->username, QStringLiteral("me"));
                QCOMPARE(QByteArray(r->value()->password.data(), qsizetype(r->value()->password.size())),
                         QByteArray("s3cr3t-t0ken"));
                read = true;
            });
        QTRY_VERIFY(read);

        // A CAS identity from a key file and a certificate file (the kube test server's client
        // certificate: a P-256 key and its certificate).
        const QString key = m_dir.filePath(QStringLiteral("id.key"));
        const QString cert = m_dir.filePath(QStringLiteral("id.crt"));
        QVERIFY(test::writeFile(key, m_kube.clientKeyPem()));
        QVERIFY(test::writeFile(cert, m_kube.clientCertificatePem()));
        dialog.keyFile()->setText(key);
        dialog.certificateFile()->setText(cert);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("storeIdentity")), Qt::LeftButton);
        QTRY_COMPARE(done.size(), 2);
        QVERIFY2(done.last().at(0).toBool(), qPrintable(dialog.statusText()));
        bool identityRead = false;
        store->readCasIdentity(this, [&](const Result<std::optional<models::build::CasIdentity>> &r) {
            QVERIFY(r.ok() && r->has_value());
            QCOMPARE(r->value().certificatePem.trimmed(), m_kube.clientCertificatePem().trimmed());
            identityRead = true;
        });
        QTRY_VERIFY(identityRead);
        // Text that is no identity is refused with a reason, nothing stored.
        dialog.keyFile()->clear();
        dialog.certificateFile()->clear();
        dialog.identityPem()->setPlainText(QStringLiteral("not a pem"));
        dialog.storeCasIdentity();
        QCOMPARE(done.size(), 3);
        QVERIFY(!done.last().at(0).toBool());
        QVERIFY(dialog.statusText().startsWith(QStringLiteral("Not a CAS identity")));

        dialog.passphrase()->setText(QStringLiteral("pass phrase"));
        dialog.storeSigningPassphrase();
        QTRY_COMPARE(done.size(), 4);
        QVERIFY2(done.last().at(0).toBool(), qPrintable(dialog.statusText()));
        QVERIFY(dialog.passphrase()->text().isEmpty());

        for (auto remove : {0, 1, 2}) {
            bool removed = false;
            const auto cb = [&](const Status &) { removed = true; };
            if (remove == 0)
                store->removeRegistryLogin(QStringLiteral("registry.example.com"), this, cb);
            else if (remove == 1)
                store->removeCasIdentity(this, cb);
            else
                store->removeSigningPassphrase(this, cb);
            QTRY_VERIFY(removed);
        }
    }

    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SCONE_WORKBENCH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set SCONE_WORKBENCH_SCREENSHOT_DIR to write the README screenshots");
        QVERIFY(QDir().mkpath(dir));
        // As the window makes it (with the Run locally page).
        std::unique_ptr<BuildArea> area(qobject_cast<BuildArea *>(ui::createBuildArea(m_session.get(), nullptr)));
        QVERIFY(area);
        area->setProject(m_project, {});
        area->show();
        area->resize(1400, 760);
        // During a run: the builds take a while (progress lines), the first service is done.
        qputenv("STANDIN_SCONECTL_APPLY_MODE", "slow");
        qputenv("STANDIN_STEPS", "30");
        qputenv("STANDIN_DELAY_MS", "100");
        QVERIFY(area->runAll());
        qunsetenv("STANDIN_SCONECTL_APPLY_MODE");
        qunsetenv("STANDIN_STEPS");
        qunsetenv("STANDIN_DELAY_MS");
        QTRY_VERIFY_WITH_TIMEOUT(!area->deployRun()->services().isEmpty() &&
                                     area->deployRun()->services().first().state ==
                                         engine::deploy::ServiceBuild::State::Built,
                                 60000);
        area->selectStep(DeployStep::Build);
        QTest::qWait(400);
        QVERIFY(area->grab().save(QDir(dir).filePath(QStringLiteral("build-area-running.png")), "PNG"));
        QVERIFY(waitForRun(*area, 120000));
        QVERIFY2(area->currentJob()->state() == JobState::Succeeded, qPrintable(area->bannerText()));
        area->selectStep(DeployStep::Deploy);
        QTest::qWait(200);
        QVERIFY(area->grab().save(QDir(dir).filePath(QStringLiteral("build-area.png")), "PNG"));
    }

private:
    static QString RouteOf(engine::ProjectSession &session)
    {
        const auto &s = session.settings()->settings();
        return s.value(QStringLiteral("BUILDER")) + QLatin1Char('/') + s.value(QStringLiteral("UPLOAD"));
    }
};

QTEST_MAIN(TestBuildArea)
#include "tst_build_area.moc"
