// SPDX-License-Identifier: Apache-2.0
// Every reader of the workbench goes through the bounded reader: a FIFO (or a device) where a
// file is expected is refused at once with the reason, never waited on. One row per reader; a
// reader that opened the FIFO the ordinary way would block this test until its timeout.
#include "build/registryauth.h"
#include "build/templaterender.h"
#include "build/uploadrecord.h"
#include "certs/certificatefile.h"
#include "kube/kubeconfigloader.h"
#include "manifest/yamldocument.h"
#include "policy/projectsettings.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace workbench;
using namespace workbench::models;

class TestFifoInputs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readersRefuseAFifo_data();
    void readersRefuseAFifo();
};

void TestFifoInputs::readersRefuseAFifo_data()
{
    QTest::addColumn<QString>("reader");
    for (const char *r :
         {"manifest", "settings", "certificate", "kubeconfig", "registry auth", "upload record", "template render"})
        QTest::newRow(r) << QString::fromLatin1(r);
}

void TestFifoInputs::readersRefuseAFifo()
{
    QFETCH(QString, reader);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString project = tmp.path();
    auto fifoAt = [](const QString &path) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        return ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
    };
    const QString expected = QStringLiteral("it is a FIFO, not a regular file.");
    QString message;
    if (reader == QLatin1String("manifest")) {
        QVERIFY(fifoAt(project + QStringLiteral("/service.yaml")));
        const auto r = YamlDocument::fromFile(project + QStringLiteral("/service.yaml"));
        QVERIFY(!r.ok());
        message = r.error().message;
    } else if (reader == QLatin1String("settings")) {
        QVERIFY(fifoAt(policy::settingsFilePath(project)));
        const auto r = policy::loadDeploymentSettings(project);
        QVERIFY(!r.ok());
        message = r.error().message;
    } else if (reader == QLatin1String("certificate")) {
        QVERIFY(fifoAt(project + QStringLiteral("/ca.pem")));
        const auto r = certs::readCertificateFile(project + QStringLiteral("/ca.pem"));
        QVERIFY(!r.ok());
        message = r.error().message;
    } else if (reader == QLatin1String("kubeconfig")) {
        QVERIFY(fifoAt(project + QStringLiteral("/kubeconfig")));
        const auto r = kube::KubeconfigLoader::readFile(project + QStringLiteral("/kubeconfig"));
        QVERIFY(!r.ok());
        message = r.error().message;
    } else if (reader == QLatin1String("registry auth")) {
        QVERIFY(fifoAt(project + QStringLiteral("/auth.json")));
        build::Environment env;
        env.insert(QStringLiteral("REGISTRY_AUTH_FILE"), project + QStringLiteral("/auth.json"));
        const auto r = build::findRegistryCredential(QStringLiteral("registry.example.com/x:1"), env, project);
        QVERIFY(!r.ok());
        message = r.error().detail;
    } else if (reader == QLatin1String("upload record")) {
        QVERIFY(fifoAt(build::uploadRecordPath(project)));
        const auto r = build::loadUploadRecord(project);
        QVERIFY(!r.ok());
        message = r.error().detail;
    } else {
        QVERIFY(fifoAt(project + QStringLiteral("/svc/service.yaml")));
        const auto r = build::renderManifests(project, {QStringLiteral("svc/service.yaml")}, {});
        QVERIFY(!r.ok());
        message = r.error().detail;
    }
    QVERIFY2(message.endsWith(expected), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestFifoInputs)
#include "tst_fifoinputs.moc"
