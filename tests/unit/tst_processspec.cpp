// SPDX-License-Identifier: Apache-2.0
// engine/process: command lines and environments built explicitly, secrets redacted in every
// displayed form; the tool table and ToolLocator's errors that say how to install a tool.
#include "core/errorcodes.h"
#include "process/commandline.h"
#include "process/processenvironment.h"
#include "process/toolinfo.h"
#include "process/toollocator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::process;

class TestProcessSpec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secretArgumentsAreRedactedWhenShown()
    {
        CommandLine c(QStringLiteral("docker"), {QStringLiteral("login")});
        c.secretArg(QStringLiteral("--password="), QStringLiteral("hunter2"))
            .arg(QStringLiteral("registry.example:5000"))
            .secretArg(QStringLiteral("tok en"))
            .arg(QStringLiteral("it's"));
        QCOMPARE(c.arguments(), (QStringList{QStringLiteral("login"), QStringLiteral("--password=hunter2"),
                                             QStringLiteral("registry.example:5000"), QStringLiteral("tok en"),
                                             QStringLiteral("it's")}));
        const QString shown = c.toDisplayString();
        QCOMPARE(shown, QStringLiteral("docker login --password=*** registry.example:5000 *** 'it'\\''s'"));
        QVERIFY(!shown.contains(QStringLiteral("hunter2")));
        QCOMPARE(c.secrets(), (QStringList{QStringLiteral("hunter2"), QStringLiteral("tok en")}));
    }

    void environmentIsBuiltExplicitly()
    {
        qputenv("WORKBENCH_TEST_INHERITED", "yes");
        ProcessEnvironment inherited = ProcessEnvironment::inherit();
        QCOMPARE(inherited.value(QStringLiteral("WORKBENCH_TEST_INHERITED")), QStringLiteral("yes"));
        inherited.unset(QStringLiteral("WORKBENCH_TEST_INHERITED"))
            .set(QStringLiteral("KUBECONFIG"), QStringLiteral("/tmp/kc"))
            .setSecret(QStringLiteral("REGISTRY_TOKEN"), QStringLiteral("s3cret"))
            .prependPath(QStringLiteral("/opt/tools/bin"));
        QVERIFY(!inherited.contains(QStringLiteral("WORKBENCH_TEST_INHERITED")));
        QCOMPARE(inherited.searchPath().first(), QStringLiteral("/opt/tools/bin"));
        QVERIFY(inherited.toStrings().contains(QStringLiteral("REGISTRY_TOKEN=s3cret")));
        const QStringList shown = inherited.changesForDisplay();
        QVERIFY(shown.contains(QStringLiteral("-WORKBENCH_TEST_INHERITED")));
        QVERIFY(shown.contains(QStringLiteral("KUBECONFIG=/tmp/kc")));
        QVERIFY(shown.contains(QStringLiteral("REGISTRY_TOKEN=***")));
        QVERIFY(!shown.join(QLatin1Char(' ')).contains(QStringLiteral("s3cret")));
        QCOMPARE(inherited.secrets(), QStringList{QStringLiteral("s3cret")});

        ProcessEnvironment empty = ProcessEnvironment::empty();
        QVERIFY(empty.toStrings().isEmpty());
        empty.set(QStringLiteral("A"), QStringLiteral("1"));
        QCOMPARE(empty.toStrings(), QStringList{QStringLiteral("A=1")});
    }

    void everyToolNamesWhereToGetIt_data()
    {
        QTest::addColumn<QString>("tool");
        for (const char *t : {"sconectl", "buildah", "podman", "docker", "helm", "kubectl", "redis-server", "python3",
                              "bwrap", "skopeo"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void everyToolNamesWhereToGetIt()
    {
        QFETCH(QString, tool);
        const auto info = ToolInfo::find(tool);
        QVERIFY(info);
        QVERIFY(!info->debianPackage.isEmpty() || info->installUrl.startsWith(QStringLiteral("https://")));

        QTemporaryDir emptyPath;
        const Result<QString> r = ToolLocator::locate(tool, QString(), {emptyPath.path()});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(errc::toolNotFound));
        QVERIFY(r.error().message.startsWith(tool + QStringLiteral(" was not found on PATH.")));
        if (!info->debianPackage.isEmpty())
            QVERIFY2(r.error().message.contains(QStringLiteral("sudo apt install ") + info->debianPackage),
                     qPrintable(r.error().message));
        else
            QVERIFY(r.error().message.contains(info->installUrl));
        QVERIFY(r.error().message.contains(QStringLiteral("settings")));
    }

    void locatesOnThePathOrAtTheConfiguredPath()
    {
        QTemporaryDir dir;
        const QString tool = QDir(dir.path()).filePath(QStringLiteral("helm"));
        QFile f(tool);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

        QCOMPARE(ToolLocator::locate(QStringLiteral("helm"), QString(), {dir.path()}).value(), tool);
        QCOMPARE(ToolLocator::locate(QStringLiteral("helm"), tool, {}).value(), tool);
        QCOMPARE(ToolLocator::locate(tool, QString(), {}).value(), tool);

        const Result<QString> wrong =
            ToolLocator::locate(QStringLiteral("helm"), dir.path() + QStringLiteral("/nope"), {dir.path()});
        QVERIFY(!wrong.ok());
        QVERIFY(wrong.error().message.contains(dir.path() + QStringLiteral("/nope")));

        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner));  // no longer executable
        QVERIFY(!ToolLocator::locate(QStringLiteral("helm"), QString(), {dir.path()}).ok());
    }
};

QTEST_GUILESS_MAIN(TestProcessSpec)
#include "tst_processspec.moc"
