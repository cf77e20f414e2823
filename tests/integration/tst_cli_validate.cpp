// SPDX-License-Identifier: Apache-2.0
// `scone-workbench validate` and `scone-workbench edit` through the real executable: output
// formats, exit codes, atomic in-place writes.
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using workbench::test::runCli;

namespace {
QString example()
{
    return workbench::test::exampleDir();
}
QString broken(const QString &name)
{
    return workbench::test::dataPath(QStringLiteral("manifests/broken/") + name);
}
QStringList outLines(const workbench::test::CliResult &r)
{
    QStringList l = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    if (!l.isEmpty() && l.back().isEmpty())
        l.removeLast();
    return l;
}
}  // namespace

class TestCliValidate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exampleValidatesWithoutErrors()
    {
        const auto r = runCli({QStringLiteral("validate"), example()});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = outLines(r);
        QVERIFY(!lines.isEmpty());
        static const QRegularExpression format(
            QStringLiteral(R"(^(.+):(\d+):(\d+): (error|warning|info): (.+) \[([a-z0-9.-]+)\]$)"));
        QString lastFile;
        int lastLine = 0;
        for (const QString &l : lines) {
            const auto m = format.match(l);
            QVERIFY2(m.hasMatch(), qPrintable(l));
            QVERIFY(m.captured(4) != QLatin1String("error"));
            QVERIFY(m.captured(2).toInt() >= 1 && m.captured(3).toInt() >= 1);
            // sorted by file, then line
            if (m.captured(1) == lastFile)
                QVERIFY(m.captured(2).toInt() >= lastLine);
            else
                QVERIFY(m.captured(1) > lastFile);
            lastFile = m.captured(1);
            lastLine = m.captured(2).toInt();
        }
        QVERIFY(lines.contains(
            example() +
            QStringLiteral("/flask-api/service.yaml:37:14: warning: `$$SCONE::redis_ca_cert.chain$$` uses the legacy "
                           "`.chain`: it lists the root first and includes the certificate itself, while `:chain` "
                           "lists the intermediates only and excludes it (for a root CA such as `redis_ca_cert` use "
                           "`:crt` with the new syntax) [trap.legacy-chain]")));
    }

    void jsonOutput()
    {
        const auto r = runCli({QStringLiteral("validate"), QStringLiteral("--json"), example(),
                               broken(QStringLiteral("ZeroSecretSize.yaml"))});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray list = doc.object().value(QStringLiteral("diagnostics")).toArray();
        QVERIFY(!list.isEmpty());
        bool sawError = false;
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            for (const char *key : {"file", "line", "column", "severity", "code", "message"})
                QVERIFY2(o.contains(QLatin1String(key)), key);
            QVERIFY(o.value(QStringLiteral("line")).isDouble());
            if (o.value(QStringLiteral("severity")).toString() == QLatin1String("error")) {
                sawError = true;
                QCOMPARE(o.value(QStringLiteral("code")).toString(), QStringLiteral("secret.invalid-size"));
                QCOMPARE(o.value(QStringLiteral("line")).toInt(), 11);
                QCOMPARE(o.value(QStringLiteral("column")).toInt(), 13);
                QVERIFY(o.value(QStringLiteral("file")).toString().endsWith(QLatin1String("ZeroSecretSize.yaml")));
            }
        }
        QVERIFY(sawError);
    }

    void errorsExitWithOne()
    {
        const auto r = runCli({QStringLiteral("validate"), broken(QStringLiteral("ImportUnresolved"))});
        QCOMPARE(r.exitCode, 1);
        // The one error, reported once (the policy generator sees it too, on the same line: the
        // validator's stable code is the one listed).
        QCOMPARE(outLines(r).filter(QStringLiteral(": error: ")),
                 QStringList{broken(QStringLiteral("ImportUnresolved/api/service.yaml:6:12: error: `api` imports "
                                                   "`db_client_cert`, but no other service of the mesh defines it "
                                                   "[secret.import-unresolved]"))});
        QVERIFY(r.err.contains("1 error"));
    }

    void warningsAloneExitWithZero()
    {
        const auto r = runCli({QStringLiteral("validate"), broken(QStringLiteral("LegacyChainSuffix.yaml"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("[trap.legacy-chain]"));
    }

    void relativePathsAreKept()
    {
        QTemporaryDir dir;
        QVERIFY(workbench::test::copyTree(example(), dir.path() + QStringLiteral("/proj")));
        const QString cwd = QDir::currentPath();
        QDir::setCurrent(dir.path());
        const auto r = runCli({QStringLiteral("validate"), QStringLiteral("proj")});
        QDir::setCurrent(cwd);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!outLines(r).isEmpty());
        for (const QString &line : outLines(r))
            QVERIFY2(line.startsWith(QLatin1String("proj/")), qPrintable(line));
        QVERIFY(!outLines(r).filter(QStringLiteral("proj/flask-api/service.yaml:")).isEmpty());
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no path") << QStringList{QStringLiteral("validate")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("validate"), QStringLiteral("--jsn"), example()};
        QTest::newRow("missing path") << QStringList{QStringLiteral("validate"), QStringLiteral("/nonexistent/x.yaml")};
        QTest::newRow("edit without file")
            << QStringList{QStringLiteral("edit"), QStringLiteral("--set"), QStringLiteral("a=b")};
        QTest::newRow("edit set without =")
            << QStringList{QStringLiteral("edit"), example() + QStringLiteral("/mesh.yaml"), QStringLiteral("--set"),
                           QStringLiteral("a")};
        QTest::newRow("edit unknown option") << QStringList{
            QStringLiteral("edit"), example() + QStringLiteral("/mesh.yaml"), QStringLiteral("--frobnicate")};
    }
    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, args);
        const auto r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.isEmpty());
    }

    void editPrintsTheEditedDocument()
    {
        const QString file = example() + QStringLiteral("/flask-api/service.yaml");
        const QByteArray before = workbench::test::readFile(file);
        const auto r =
            runCli({QStringLiteral("edit"), file, QStringLiteral("--set"),
                    QStringLiteral("build.to=registry.example.com/api:2"), QStringLiteral("--add"),
                    QStringLiteral("environment.local={name: FEATURE, value: \"on\"}"), QStringLiteral("--add"),
                    QStringLiteral("secrets.global[name=flask].dns=api.example.com"), QStringLiteral("--remove"),
                    QStringLiteral("secrets.global[name=flask_key]"), QStringLiteral("--set"),
                    QStringLiteral("secrets.global[name=flask].private_key=api_ca_key")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(workbench::test::readFile(file), before);  // not in place
        QByteArray expected = before;
        expected.replace("  to: $APP_IMAGE_REPO/secure-doc-management-flask:1", "  to: registry.example.com/api:2");
        expected.replace("      value: \"{{REDIS_PORT}}\"\n",
                         "      value: \"{{REDIS_PORT}}\"\n    - name: FEATURE\n      value: \"on\"\n");
        expected.replace("dns: [api, \"{{api_host}}\"]", "dns: [api, \"{{api_host}}\", api.example.com]");
        expected.replace("    - name: flask_key\n      kind: private-key\n", "");
        expected.replace("      private_key: flask_key\n", "      private_key: api_ca_key\n");
        QCOMPARE(r.out, expected);
    }

    void editInPlaceAndValidate()
    {
        QTemporaryDir dir;
        QVERIFY(workbench::test::copyTree(example(), dir.path()));
        const QString mesh = dir.path() + QStringLiteral("/mesh.yaml");
        auto r = runCli({QStringLiteral("edit"), mesh, QStringLiteral("--remove"),
                         QStringLiteral("env[service=global].env[name=api_host]"), QStringLiteral("--in-place")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!workbench::test::readFile(mesh).contains("api_host"));
        QVERIFY(workbench::test::readFile(mesh).contains("# Mesh of the secure-doc-management example"));
        r = runCli({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("[var.global-unset]"));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral("mesh.yaml")).size() == 1);
    }

    void projectSettingsDefineTheShellVariables()
    {
        QTemporaryDir dir;
        QVERIFY(workbench::test::copyTree(example(), dir.path()));
        // The example's settings define every variable render needs; its image repository is a
        // placeholder that says so (a warning, never an error).
        auto r = runCli({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains("[var.undefined]"));
        QCOMPARE(outLines(r).filter(QStringLiteral("[settings.placeholder]")).size(), 1);

        // APP_IMAGE_REPO explicitly unset: what would stop `render` stops `validate`, at the
        // lines that use it (the validator's own `var.undefined` says the same, so it goes).
        const QString settings = dir.path() + QStringLiteral("/.scone-workbench/settings.yaml");
        QVERIFY(workbench::test::writeFile(settings, "release: secure-doc-management\napp_image_repo: \"\"\n"));
        r = runCli({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.out.contains("[var.undefined]"), r.out.constData());
        const QStringList unset = outLines(r).filter(QStringLiteral("$APP_IMAGE_REPO is not set"));
        QCOMPARE(unset.size(), 4);
        QVERIFY2(unset.at(0).startsWith(dir.path() + QStringLiteral("/flask-api/service.yaml:68:")),
                 qPrintable(unset.at(0)));
        QVERIFY(unset.at(0).contains(QStringLiteral(": error: ")));
        QVERIFY2(unset.at(3).startsWith(dir.path() + QStringLiteral("/redis/service.yaml:49:")),
                 qPrintable(unset.at(3)));
        QTemporaryDir out;
        const auto render = runCli({QStringLiteral("render"), dir.path(), QStringLiteral("--out"), out.path()});
        QCOMPARE(render.exitCode, 1);
        QVERIFY(render.err.contains("4 errors, nothing written"));

        // Defined: the errors go.
        QVERIFY(workbench::test::writeFile(settings,
                                           "release: secure-doc-management\napp_image_repo: registry.acme.io/me\n"));
        r = runCli({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains("$APP_IMAGE_REPO is not set"), r.out.constData());
        QVERIFY(!r.out.contains("[settings.placeholder]"));

        // A settings file that does not parse is an error of the project, not silently ignored.
        QVERIFY(workbench::test::writeFile(settings, "release: [unclosed\n"));
        r = runCli({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(!outLines(r)
                     .filter(QStringLiteral("/.scone-workbench/settings.yaml:"))
                     .filter(QStringLiteral(": error: "))
                     .filter(QStringLiteral("[settings.syntax]"))
                     .isEmpty());
    }

    void editFailsClearlyOnAMissingPath()
    {
        const QString file = example() + QStringLiteral("/mesh.yaml");
        const auto r =
            runCli({QStringLiteral("edit"), file, QStringLiteral("--set"), QStringLiteral("policy.namespce=x")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        // --set replaces; on a key that is not there it points at --add (the parent is a mapping).
        QCOMPARE(r.err,
                 QByteArray("scone-workbench: edit: ") + file.toUtf8() +
                     ": policy.namespce: no key \"namespce\" in policy; use --add policy.namespce=x to add it\n");
        // A missing FILE is a usage error, as for every other command.
        const auto r2 = runCli({QStringLiteral("edit"), QStringLiteral("/nonexistent.yaml"), QStringLiteral("--remove"),
                                QStringLiteral("a")});
        QCOMPARE(r2.exitCode, 2);
        QCOMPARE(r2.err,
                 QByteArray("scone-workbench: edit: /nonexistent.yaml: no such file (see scone-workbench --help)\n"));
        QVERIFY(r2.out.isEmpty());
        // No --add hint where adding cannot work either (the parent is missing too).
        const auto r4 = runCli({QStringLiteral("edit"), file, QStringLiteral("--set"), QStringLiteral("nosuch.key=x")});
        QCOMPARE(r4.exitCode, 1);
        QCOMPARE(r4.err, QByteArray("scone-workbench: edit: ") + file.toUtf8() +
                             ": nosuch: no key \"nosuch\" in the top level\n");
        const auto r3 = runCli({QStringLiteral("edit"), broken(QStringLiteral("SyntaxErrorBadIndent.yaml")),
                                QStringLiteral("--remove"), QStringLiteral("kind")});
        QCOMPARE(r3.exitCode, 1);
        QVERIFY(r3.err.contains("SyntaxErrorBadIndent.yaml:7:4"));
    }

    void helpListsTheCommands()
    {
        const auto r = runCli({QStringLiteral("--help")});
        // Each synopsis on its own line, its summary indented on the next one.
        QVERIFY(r.out.contains("\n  validate [--json] PATH...\n      Check manifests"));
        QVERIFY(r.out.contains("edit FILE [--set PATH=VALUE]..."));
        QVERIFY(r.out.contains(
            "inspect (FILE | HOST:PORT) [--ca FILE] [--servername NAME] [--password-file FILE] [--timeout SECONDS] "
            "[--json]"));
        // The README lists the same synopsis.
        const QByteArray readme = workbench::test::readFile(QStringLiteral(WORKBENCH_SOURCE_DIR "/README.md"));
        QVERIFY(readme.contains("`inspect (FILE \\| HOST:PORT) [--ca FILE] [--servername NAME] [--password-file FILE] "
                                "[--timeout SECONDS] [--json]`"));
    }

    void yamlThatIsNoManifestIsSaidSo()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("values.yaml"));
        QVERIFY(workbench::test::writeFile(file, "replicaCount: 2\nimage:\n  repository: nginx\n"));
        const auto r = runCli({QStringLiteral("validate"), file});
        QCOMPARE(r.exitCode, 0);  // a warning: a secrets template (a bare list) is such a file too
        QCOMPARE(r.out, file.toUtf8() +
                            ":1:1: warning: not a SCONE manifest: no `kind: genservice`, no `kind: mesh` and "
                            "no CAS session keys, so nothing was checked [file.not-a-manifest]\n");
        QCOMPARE(r.err, QByteArray("0 errors, 1 warning\n"));
        // A manifest next to it is still checked as before, and its folder is no "file".
        const auto ok = runCli({QStringLiteral("validate"), example() + QStringLiteral("/mesh.yaml")});
        QVERIFY(!ok.out.contains("file.not-a-manifest"));
    }
};

QTEST_GUILESS_MAIN(TestCliValidate)
#include "tst_cli_validate.moc"
