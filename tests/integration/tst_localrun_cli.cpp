// SPDX-License-Identifier: Apache-2.0
// `scone-workbench run PROJECT_DIR [--service NAME]... [--set NAME=VALUE]... [--keep]` on the
// bundled example (a copy on free ports): the real binary plans the run, issues the secrets,
// starts redis-server (TLS, --tls-auth-clients yes) and the Flask API (Debian's python3-flask
// and python3-redis) in bubblewrap through the engine's LocalRunJob, and prints the merged logs
// as "SERVICE | TEXT". Then POST/GET /patient/1 and GET /score/1 over HTTPS, verified with the
// API CA the run issued (the test's copy injects it as one more file, so the test can read it
// from the run folder), succeed; SIGTERM ends the command with 0 and leaves no process and no
// run folder. A service that fails to start ends it with 1 and its last lines; a SIGKILLed
// command leaves no process of the run behind (the process runner's supervisor and bwrap's
// --die-with-parent end them); usage errors are 2.
#include "localrun/runfolder.h"
#include "localrunproject.h"
#include "localrunsupport.h"
#include "proctree.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

using namespace workbench;

namespace {

/// The command running in the background, its output collected as it comes.
class Cli
{
public:
    QProcess process;
    QByteArray out;
    QByteArray err;

    void start(const QStringList &args, const QProcessEnvironment &env)
    {
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { out += process.readAllStandardOutput(); });
        QObject::connect(&process, &QProcess::readyReadStandardError, &process,
                         [this] { err += process.readAllStandardError(); });
        process.setProcessEnvironment(env);
        process.setProgram(QStringLiteral(WORKBENCH_CLI_PATH));
        process.setArguments(QStringList{QStringLiteral("run")} + args);
        process.setStandardInputFile(QProcess::nullDevice());
        process.start();
    }
    QString output() const
    {
        return QStringLiteral("stdout:\n%1\nstderr:\n%2").arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
    bool finish(int timeoutMs = 30000)
    {
        const bool done = process.state() == QProcess::NotRunning || process.waitForFinished(timeoutMs);
        out += process.readAllStandardOutput();
        err += process.readAllStandardError();
        return done;
    }
    ~Cli()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

/// Every file and folder below @p dir with its size and modification time.
QStringList treeOf(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo fi(it.next());
        out << QStringLiteral("%1 %2 %3").arg(fi.filePath()).arg(fi.size()).arg(fi.lastModified().toMSecsSinceEpoch());
    }
    out.sort();
    return out;
}

}  // namespace

class TestLocalRunCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    quint16 m_redisPort = 0;
    quint16 m_apiPort = 0;

    /// A copy of the example on free ports whose API session also injects its CA certificate
    /// (/tls/api-ca.crt), so the test reads the CA this run issued from the run folder.
    QString prepareProject(const QString &name, const QByteArray &apiPrologue = {})
    {
        const QString project = test::localRunExampleCopy(m_tmp.filePath(name), m_redisPort, m_apiPort);
        if (project.isEmpty())
            return {};
        const auto edit = [&project](const QString &file, const QByteArray &from, const QByteArray &to) {
            return test::replaceInFile(project, file, from, to);
        };
        bool ok = edit(QStringLiteral("flask-api/service.yaml"), "    content: $$SCONE::redis_client_cert.key$$\n",
                       "    content: $$SCONE::redis_client_cert.key$$\n"
                       "  - path: /tls/api-ca.crt\n"
                       "    content: $$SCONE::api_ca_cert.crt$$\n");
        if (ok && !apiPrologue.isEmpty())
            ok = edit(QStringLiteral("flask-api/rest_api.py"), "import hashlib\n", apiPrologue + "import hashlib\n");
        return ok ? project : QString();
    }

    QProcessEnvironment environment(const QString &dataHome) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Debian's python3 (with python3-flask and python3-redis) before a pyenv python3.
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:") + env.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    static QStringList settings()
    {
        return {QStringLiteral("--set"), QStringLiteral("RELEASE=sdm"), QStringLiteral("--set"),
                QStringLiteral("APP_NAMESPACE=sdm-1-1")};
    }

    /// The run folders below @p dataHome (there is one `local-runs` folder in the data area).
    static QStringList runFolders(const QString &dataHome)
    {
        QStringList out;
        QDirIterator it(dataHome, {QStringLiteral("run-*")}, QDir::Dirs | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (QFileInfo(path).dir().dirName() == QLatin1String("local-runs"))
                out << path;
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QStringList missing = test::missingLocalRunTools();
        if (!missing.isEmpty()) {
            const QString message = test::missingLocalRunToolsMessage(missing);
            if (test::localRunToolsRequired())
                QFAIL(qPrintable(message));
            QSKIP(qPrintable(message));
        }
        QVERIFY(QSslSocket::supportsSsl());
        m_redisPort = test::freeTcpPort();
        m_apiPort = test::freeTcpPort();
        QVERIFY(m_redisPort && m_apiPort && m_redisPort != m_apiPort);
    }

    void usageErrors()
    {
        const QString data = m_tmp.filePath(QStringLiteral("data-usage"));
        test::CliResult r = test::runCli({QStringLiteral("run")}, 30000, environment(data));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("PROJECT_DIR is missing"), r.err.constData());
        r = test::runCli({QStringLiteral("run"), test::exampleDir(), QStringLiteral("--bogus")}, 30000,
                         environment(data));
        QCOMPARE(r.exitCode, 2);
        r = test::runCli({QStringLiteral("run"), test::exampleDir(), QStringLiteral("--set"), QStringLiteral("=x")},
                         30000, environment(data));
        QCOMPARE(r.exitCode, 2);
        r = test::runCli({QStringLiteral("run"), QStringLiteral("--help")}, 30000, environment(data));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage: scone-workbench run PROJECT_DIR [--service NAME]... [--set NAME=VALUE]... "
                               "[--keep]"));
        // An unknown service is a planning error: exit 1, nothing started, no run folder.
        r = test::runCli(QStringList{QStringLiteral("run"), test::exampleDir(), QStringLiteral("--service"),
                                     QStringLiteral("nosuch")} +
                             settings(),
                         60000, environment(data));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("The mesh has no service `nosuch`."), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(runFolders(data).isEmpty());
    }

    void exampleRunsUntilSigterm()
    {
        const QStringList rootBefore = test::rootEntries();
        const QString project = prepareProject(QStringLiteral("good"));
        QVERIFY(!project.isEmpty());
        const QString data = m_tmp.filePath(QStringLiteral("data-good"));
        const QStringList projectBefore = treeOf(project);
        Cli cli;
        cli.start(QStringList{project} + settings(), environment(data));
        QVERIFY(cli.process.waitForStarted(10000));
        QTRY_VERIFY2_WITH_TIMEOUT(cli.err.contains("scone-workbench: run: Up: "), qPrintable(cli.output()), 60000);

        const QRegularExpressionMatch address =
            QRegularExpression(QStringLiteral("Up: .*flask-api (127\\.0\\.0\\.\\d+)"))
                .match(QString::fromUtf8(cli.err));
        QVERIFY2(address.hasMatch(), qPrintable(cli.output()));
        const QString apiAddress = address.captured(1);
        const QStringList folders = runFolders(data);
        QCOMPARE(folders.size(), 1);
        const QString runRoot = folders.first();
        QCOMPARE(QFileInfo(runRoot).permissions() & 0x0077, QFileDevice::Permissions());
        const QList<pid_t> pids = test::descendantsOf(pid_t(cli.process.processId()));
        QVERIFY2(pids.size() >= 8, qPrintable(QString::number(pids.size())));  // 2 x (supervisor, bwrap, init, service)

        // The API CA this run issued, as the run folder holds it for the API's sandbox.
        const QSslCertificate ca(test::readFile(runRoot + QStringLiteral("/flask-api/files/tls/api-ca.crt")),
                                 QSsl::Pem);
        QVERIFY(!ca.isNull());
        const QString apiName = QStringLiteral("sdm-flask-api");
        const test::HttpsReply post =
            test::httpsRequest("POST", apiAddress, m_apiPort, QStringLiteral("/patient/1"), apiName, ca,
                               R"({"fname":"Ada","lname":"Lovelace","city":"London"})");
        QVERIFY2(post.status == 201, qPrintable(post.error + QLatin1Char('\n') + cli.output()));
        const test::HttpsReply get =
            test::httpsRequest("GET", apiAddress, m_apiPort, QStringLiteral("/patient/1"), apiName, ca);
        QCOMPARE(get.status, 200);
        QCOMPARE(QJsonDocument::fromJson(get.body).object().value(QLatin1String("fname")).toString(),
                 QStringLiteral("Ada"));
        const test::HttpsReply score =
            test::httpsRequest("GET", apiAddress, m_apiPort, QStringLiteral("/score/1"), apiName, ca);
        QCOMPARE(score.status, 200);

        // Merged logs: every stdout line is "SERVICE | TEXT"; both services speak; the API's
        // request log shows the requests.
        QTRY_VERIFY2_WITH_TIMEOUT(cli.out.contains("GET /score/1 HTTP/1.1\" 200"), qPrintable(cli.output()), 10000);
        const QList<QByteArray> lines = cli.out.split('\n');
        bool redisSpoke = false;
        bool apiLoggedPost = false;
        for (const QByteArray &l : lines) {
            if (l.isEmpty())
                continue;
            QVERIFY2(l.startsWith("redis | ") || l.startsWith("flask-api | "), l.constData());
            redisSpoke = redisSpoke || (l.startsWith("redis | ") && l.contains("Ready to accept connections"));
            apiLoggedPost =
                apiLoggedPost || (l.startsWith("flask-api | ") && l.contains("POST /patient/1 HTTP/1.1\" 201"));
        }
        QVERIFY2(redisSpoke && apiLoggedPost, qPrintable(cli.output()));

        ::kill(pid_t(cli.process.processId()), SIGTERM);
        QVERIFY(cli.finish(30000));
        QCOMPARE(cli.process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(cli.process.exitCode() == 0, qPrintable(cli.output()));
        QVERIFY(test::waitUntilGone(pids, 10000).isEmpty());
        QVERIFY(test::processesMentioning(runRoot.toUtf8()).isEmpty());
        QVERIFY(!QFileInfo::exists(runRoot));
        QVERIFY(runFolders(data).isEmpty());
        QCOMPARE(test::rootEntries(), rootBefore);
        // Nothing written into the project (the code ran from copies; APP_NAMESPACE not stored).
        QCOMPARE(treeOf(project), projectBefore);
    }

    void serviceThatFailsToStartExitsOneWithItsLastLines()
    {
        const QString project =
            prepareProject(QStringLiteral("failing"), "import sys\nsys.exit(\"flask-api cannot start: boom\")\n");
        QVERIFY(!project.isEmpty());
        const QString data = m_tmp.filePath(QStringLiteral("data-failing"));
        const test::CliResult r =
            test::runCli(QStringList{QStringLiteral("run"), project} + settings(), 60000, environment(data));
        const QString output =
            QStringLiteral("stdout:\n%1\nstderr:\n%2").arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
        QVERIFY2(r.exitCode == 1, qPrintable(output));
        QVERIFY2(r.err.contains("scone-workbench: run: flask-api failed to start: exited with code 1"),
                 qPrintable(output));
        QVERIFY2(r.err.contains("last lines of flask-api:\n"), qPrintable(output));
        QVERIFY2(r.err.contains("  flask-api | flask-api cannot start: boom\n"), qPrintable(output));
        QVERIFY2(r.out.contains("flask-api | flask-api cannot start: boom\n"), qPrintable(output));
        QVERIFY(test::processesMentioning(data.toUtf8()).isEmpty());
        QVERIFY(runFolders(data).isEmpty());
    }

    void killedCommandLeavesNoProcess()
    {
        const QString project = prepareProject(QStringLiteral("killed"));
        QVERIFY(!project.isEmpty());
        const QString data = m_tmp.filePath(QStringLiteral("data-killed"));
        Cli cli;
        cli.start(QStringList{project, QStringLiteral("--service"), QStringLiteral("redis")} + settings(),
                  environment(data));
        QVERIFY(cli.process.waitForStarted(10000));
        QTRY_VERIFY2_WITH_TIMEOUT(cli.err.contains("scone-workbench: run: Up: redis "), qPrintable(cli.output()),
                                  60000);
        QVERIFY2(!cli.err.contains("flask-api"), qPrintable(cli.output()));  // --service: only redis
        const QList<pid_t> pids = test::descendantsOf(pid_t(cli.process.processId()));
        QVERIFY2(pids.size() >= 4, qPrintable(QString::number(pids.size())));
        const QStringList folders = runFolders(data);
        QCOMPARE(folders.size(), 1);

        ::kill(pid_t(cli.process.processId()), SIGKILL);
        QVERIFY(cli.finish(10000));
        QVERIFY(test::waitUntilGone(pids, 10000).isEmpty());
        QVERIFY(test::processesMentioning(folders.first().toUtf8()).isEmpty());
        // A killed command cannot clean up: its run folder stays (owner-only) for the next run to see.
        QVERIFY(QFileInfo::exists(folders.first()));
        QVERIFY(models::localrun::RunFolder(folders.first()).remove().ok());
    }
};

QTEST_GUILESS_MAIN(TestLocalRunCli)
#include "tst_localrun_cli.moc"
