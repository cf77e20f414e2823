// SPDX-License-Identifier: Apache-2.0
// engine/process against a real child (tests/tools/processtestapp): output exact to the byte,
// split UTF-8, '\r' progress, exit codes, start errors naming the tool, explicit environment,
// stdin, secrets redacted, and no process left after cancel or when the parent is SIGKILLed.
#include "core/errorcodes.h"
#include "jobs/pipelinejob.h"
#include "process/process.h"
#include "process/processjob.h"
#include "process/toolinvocationspec.h"
#include "proctree.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace workbench;
using namespace workbench::engine;
using namespace workbench::engine::process;
using workbench::engine::jobs::JobState;
using workbench::engine::jobs::LogChannel;
using workbench::engine::jobs::LogChunk;

namespace {

const QString App = QStringLiteral(WORKBENCH_PROCESS_TEST_APP);

ProcessSpec spec(const QStringList &args)
{
    ProcessSpec s;
    s.command = CommandLine(App, args);
    s.terminateGraceMs = 1000;
    return s;
}

struct Run {
    std::optional<Result<ProcessResult>> result;
    QList<QByteArray> out;
    QList<QByteArray> err;
    QStringList progress;
    QList<double> fractions;
    int batches = 0;
    QByteArray joinedOut() const
    {
        QByteArray all;
        for (const QByteArray &l : out) {
            all += l;
            all += '\n';
        }
        return all;
    }
};

void collect(Process &p, Run &run)
{
    p.setOutputHandler([&run](LogChunk chunk) {
        ++run.batches;
        for (const auto &e : chunk.entries)
            (e.channel == LogChannel::Stderr ? run.err : run.out) << chunk.bytes(e).toByteArray();
    });
    QObject::connect(&p, &Process::progress, &p, [&run](const QString &t, double f) {
        run.progress << t;
        run.fractions << f;
    });
    QObject::connect(&p, &Process::finished, &p, [&run](const Result<ProcessResult> &r) { run.result = r; });
}

Run runToEnd(const ProcessSpec &s, int timeoutMs = 60000)
{
    Run run;
    Process p;
    collect(p, run);
    p.start(s);
    QElapsedTimer t;
    t.start();
    while (!run.result && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return run;
}

}  // namespace

class TestProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manyLinesExactToTheByte()
    {
        const int n = 200000, width = 100;
        Run run = runToEnd(spec({QStringLiteral("lines"), QString::number(n), QString::number(width)}));
        QVERIFY(run.result && run.result->ok());
        QCOMPARE(run.result->value().exitCode, 0);
        QCOMPARE(run.out.size(), n);
        QCOMPARE(run.result->value().stdoutLines, n);
        // Same generator as the helper: "%010d " then letters, WIDTH bytes with the '\n'.
        for (int i : {0, 1, 4097, n / 2, n - 1}) {
            QByteArray expect = QByteArray::number(i).rightJustified(10, '0') + ' ';
            for (int k = 11; k < width - 1; ++k)
                expect += char('a' + (i + k) % 26);
            QCOMPARE(run.out.at(i), expect);
        }
        QVERIFY2(run.batches < n / 100, "lines are delivered in batches");
    }

    void arbitraryUtf8ExactToTheByteWhateverTheWriteSizes()
    {
        QTemporaryDir dir;
        QByteArray content;
        auto *rng = QRandomGenerator::global();
        const QList<QByteArray> pieces{"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " ", "x", "\t"};
        for (int line = 0; line < 3000; ++line) {
            const int len = int(rng->bounded(40));
            for (int k = 0; k < len; ++k)
                content += pieces.at(int(rng->bounded(pieces.size())));
            content += '\n';
        }
        const QString file = dir.filePath(QStringLiteral("data.txt"));
        QVERIFY(test::writeFile(file, content));
        for (const char *piece : {"1", "5", "7", "4096"}) {
            Run run = runToEnd(spec({QStringLiteral("bytes"), file, QString::fromLatin1(piece)}));
            QVERIFY(run.result && run.result->ok());
            QCOMPARE(run.joinedOut(), content);
        }
    }

    void utf8CharactersCutBetweenReadsAreWhole()
    {
        Run run = runToEnd(spec({QStringLiteral("utf8split")}));
        QVERIFY(run.result && run.result->ok());
        QCOMPARE(run.out.size(), 3);
        QCOMPARE(QString::fromUtf8(run.out.at(0)), QStringLiteral("héllo wörld"));
        QCOMPARE(QString::fromUtf8(run.out.at(1)), QStringLiteral("✓ check"));
        QCOMPARE(QString::fromUtf8(run.out.at(2)), QString::fromUtf8("\xf0\x9f\x98\x80 emoji"));
    }

    void carriageReturnProgressIsProgressNotLines()
    {
        Run run = runToEnd(spec({QStringLiteral("progress"), QStringLiteral("5000")}));
        QVERIFY(run.result && run.result->ok());
        QCOMPARE(run.out, (QList<QByteArray>{"crlf line", "done"}));
        QVERIFY(!run.progress.isEmpty());
        QVERIFY2(run.progress.size() < 5000, "progress updates are coalesced per batch");
        QCOMPARE(run.progress.last(), QStringLiteral("progress 100%"));
        QCOMPARE(run.fractions.last(), 1.0);
    }

    void lastLineWithoutNewline()
    {
        Run run = runToEnd(spec({QStringLiteral("noeol")}));
        QCOMPARE(run.out, QList<QByteArray>{"no newline at end"});
    }

    void exitCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("0") << 0;
        QTest::newRow("1") << 1;
        QTest::newRow("42") << 42;
        QTest::newRow("255") << 255;
    }
    void exitCodes()
    {
        QFETCH(int, code);
        Run run = runToEnd(spec({QStringLiteral("exit"), QString::number(code)}));
        QVERIFY(run.result && run.result->ok());
        const ProcessResult &r = run.result->value();
        QCOMPARE(r.exitCode, code);
        QCOMPARE(r.signal, 0);
        QVERIFY(r.pid > 0);
        QCOMPARE(run.out, QList<QByteArray>{"out"});
        QCOMPARE(run.err, QList<QByteArray>{"err line"});
        QCOMPARE(r.stderrTail, QStringLiteral("err line"));

        ProcessJob job(QStringLiteral("exit"), spec({QStringLiteral("exit"), QString::number(code)}));
        QSignalSpy finished(&job, &jobs::Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        if (code == 0) {
            QCOMPARE(job.state(), JobState::Succeeded);
            QCOMPARE(job.value()->exitCode, 0);
        } else {
            QCOMPARE(job.state(), JobState::Failed);
            QCOMPARE(job.error()->code, QString(errc::exitCode));
            QCOMPARE(job.error()->context.exitCode.value(), code);
            QCOMPARE(job.error()->context.outputTail, QStringLiteral("err line"));
            QCOMPARE(job.error()->message, QStringLiteral("processtestapp exited with code %1: err line").arg(code));
        }
        // The job's log: the command line, then the output with its channels.
        QVERIFY(job.log().line(0)->text.startsWith(QStringLiteral("$ ")));
        QCOMPARE(job.log().tail(1, LogChannel::Stderr).first().text, QStringLiteral("err line"));
    }

    void acceptedExitCodesAndSignals()
    {
        ProcessJob grep(QStringLiteral("grep-like"), spec({QStringLiteral("exit"), QStringLiteral("1")}));
        grep.setAcceptedExitCodes({0, 1});
        QSignalSpy f1(&grep, &jobs::Job::finished);
        grep.start();
        QVERIFY(f1.wait(30000));
        QCOMPARE(grep.state(), JobState::Succeeded);

        ProcessJob crash(QStringLiteral("crash"), spec({QStringLiteral("signal"), QString::number(SIGSEGV)}));
        QSignalSpy f2(&crash, &jobs::Job::finished);
        crash.start();
        QVERIFY(f2.wait(30000));
        QCOMPARE(crash.state(), JobState::Failed);
        QCOMPARE(crash.error()->code, QString(errc::crashed));
        QVERIFY(crash.error()->message.contains(QStringLiteral("signal %1").arg(SIGSEGV)));
    }

    void missingToolIsAnErrorNamingItsPackage()
    {
        QTemporaryDir emptyDir;
        ProcessSpec s;
        s.command = CommandLine(QStringLiteral("buildah"), {QStringLiteral("bud")});
        s.environment = ProcessEnvironment::inherit().set(QStringLiteral("PATH"), emptyDir.path());
        Run run = runToEnd(s);
        QVERIFY(run.result && !run.result->ok());
        QCOMPARE(run.result->error().code, QString(errc::toolNotFound));
        QVERIFY(run.result->error().message.contains(QStringLiteral("sudo apt install buildah")));

        ProcessJob job(QStringLiteral("helm"), [&] {
            ProcessSpec h;
            h.command = CommandLine(QStringLiteral("helm"), {QStringLiteral("version")});
            h.environment = ProcessEnvironment::inherit().set(QStringLiteral("PATH"), emptyDir.path());
            return h;
        }());
        QSignalSpy finished(&job, &jobs::Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.state(), JobState::Failed);
        QVERIFY(job.error()->message.contains(QStringLiteral("https://helm.sh/")));
    }

    void startErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("not an executable format") << QStringLiteral("garbage");
        QTest::newRow("missing working directory") << QStringLiteral("cwd");
    }
    void startErrors()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        ProcessSpec s = spec({QStringLiteral("exit"), QStringLiteral("0")});
        if (kind == QLatin1String("garbage")) {
            const QString bad = dir.filePath(QStringLiteral("bad-tool"));
            QVERIFY(test::writeFile(bad, QByteArray("\x7f"
                                                    "ELF nonsense")));
            QFile::setPermissions(bad, QFile::ReadOwner | QFile::ExeOwner);
            s.command = CommandLine(bad);
        } else {
            s.workingDirectory = dir.filePath(QStringLiteral("missing"));
        }
        Run run = runToEnd(s);
        QVERIFY(run.result && !run.result->ok());
        QCOMPARE(run.result->error().code, QString(errc::startFailed));
        if (kind == QLatin1String("cwd"))
            QVERIFY(run.result->error().message.contains(QStringLiteral("working directory")));
    }

    void environmentAndWorkingDirectory()
    {
        qputenv("WORKBENCH_TEST_VAR", "from-parent");
        ProcessSpec s = spec({QStringLiteral("env"), QStringLiteral("WORKBENCH_TEST_VAR")});
        QCOMPARE(runToEnd(s).out, QList<QByteArray>{"from-parent"});
        s.environment.unset(QStringLiteral("WORKBENCH_TEST_VAR"));
        QCOMPARE(runToEnd(s).out, QList<QByteArray>{"<unset>"});
        s.environment =
            ProcessEnvironment::empty().set(QStringLiteral("WORKBENCH_TEST_VAR"), QStringLiteral("explicit"));
        QCOMPARE(runToEnd(s).out, QList<QByteArray>{"explicit"});
        ProcessSpec h = spec({QStringLiteral("env"), QStringLiteral("HOME")});
        h.environment = ProcessEnvironment::empty();
        QCOMPARE(runToEnd(h).out, QList<QByteArray>{"<unset>"});

        QTemporaryDir dir;
        ProcessSpec pwd = spec({QStringLiteral("pwd")});
        pwd.workingDirectory = dir.path();
        QCOMPARE(runToEnd(pwd).out, QList<QByteArray>{QFileInfo(dir.path()).canonicalFilePath().toUtf8()});
    }

    void aPipelineStepsOutputReachesThePipelineLogWhole()
    {
        const int n = 300000;  // 30 MB: several full output batches
        jobs::PipelineJob p(QStringLiteral("p"),
                            jobs::sequence({jobs::step(QStringLiteral("print"), [](jobs::PipelineContext &) {
                                return std::make_unique<ProcessJob>(
                                    QStringLiteral("print"),
                                    spec({QStringLiteral("lines"), QString::number(n), QStringLiteral("100")}));
                            })}));
        QSignalSpy finished(&p, &jobs::Job::finished);
        p.start();
        QVERIFY(finished.wait(120000));
        QCOMPARE(p.state(), JobState::Succeeded);
        qint64 stdoutLines = 0;
        // The pipeline log keeps numbering every line even when its cap drops old ones; count
        // the step's stdout lines among those still there plus those dropped (all stdout).
        for (qint64 k = p.log().firstLine(); k < p.log().endLine(); ++k)
            stdoutLines += p.log().line(k)->channel == LogChannel::Stdout;
        const qint64 dropped = p.log().droppedLines();
        QVERIFY(dropped > 0);  // the cap did its work
        // minus the two info lines before the output: "Step ... started." and the command line
        QCOMPARE(stdoutLines + dropped - 2, qint64(n));
        QCOMPARE(p.log().line(p.log().endLine() - 2)->text.left(11),
                 QStringLiteral("%1 ").arg(n - 1, 10, 10, QLatin1Char('0')));
    }

    void toolInvocationsFromModelsRunAsSpecified()
    {
        models::build::ToolInvocation inv;
        inv.program = App;
        inv.arguments = {QStringLiteral("env"), QStringLiteral("VERSION")};
        inv.environment = {{QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin")}};
        inv.setVariable(QStringLiteral("VERSION"), QStringLiteral("5.8.0"));
        ProcessJob job(QStringLiteral("sconectl"), processSpecFor(inv));
        QSignalSpy finished(&job, &jobs::Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.state(), JobState::Succeeded);
        QCOMPARE(job.log().tail(1, LogChannel::Stdout).first().text, QStringLiteral("5.8.0"));
        QCOMPARE(job.log().line(1)->text, QStringLiteral("environment: VERSION=5.8.0"));  // only what was set
    }

    void stdinIsWrittenThenClosed()
    {
        ProcessSpec s = spec({QStringLiteral("stdin")});
        s.stdinData = QByteArray("hello\nworld\n");
        QCOMPARE(runToEnd(s).out, (QList<QByteArray>{"hello", "world"}));
        s.stdinData.reset();
        s.secretStdin = std::make_shared<models::certs::SecretBytes>("pass\n", 5);
        Run secret = runToEnd(s);
        QCOMPARE(secret.out, QList<QByteArray>{"***"});  // echoed secrets are redacted too
        s.secretStdin.reset();
        QVERIFY(runToEnd(s).out.isEmpty());  // no stdin: /dev/null, EOF at once
    }

    void secretsAreRedactedEverywhereTheyAreShown()
    {
        ProcessSpec s;
        s.command = CommandLine(App, {QStringLiteral("argv"), QStringLiteral("--user=alice")})
                        .secretArg(QStringLiteral("--password="), QStringLiteral("hunter2-long"));
        ProcessJob job(QStringLiteral("login"), s);
        QSignalSpy finished(&job, &jobs::Job::finished);
        job.start();
        QVERIFY(finished.wait(30000));
        QCOMPARE(job.state(), JobState::Succeeded);
        QString all;
        for (qint64 n = job.log().firstLine(); n < job.log().endLine(); ++n)
            all += job.log().line(n)->text + QLatin1Char('\n');
        QVERIFY2(!all.contains(QStringLiteral("hunter2-long")), qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("--password=***")));
        QVERIFY(all.contains(QStringLiteral("--user=alice")));
        QVERIFY(!job.value()->commandLine.contains(QStringLiteral("hunter2-long")));

        ProcessSpec e = spec({QStringLiteral("env"), QStringLiteral("REGISTRY_TOKEN")});
        e.environment.setSecret(QStringLiteral("REGISTRY_TOKEN"), QStringLiteral("tok-123456"));
        QCOMPARE(runToEnd(e).out, QList<QByteArray>{"***"});
    }

    void stderrTailAndCollectedStdout()
    {
        ProcessSpec s = spec({QStringLiteral("stderr-lines"), QStringLiteral("100")});
        Run run = runToEnd(s);
        const QStringList tail = run.result->value().stderrTail.split(QLatin1Char('\n'));
        QCOMPARE(tail.size(), 20);
        QCOMPARE(tail.last(), QStringLiteral("stderr 99"));
        QCOMPARE(run.err.size(), 100);

        ProcessSpec c = spec({QStringLiteral("lines"), QStringLiteral("100"), QStringLiteral("20")});
        c.collectStdoutLimit = 1000;
        Run collected = runToEnd(c);
        QCOMPARE(collected.result->value().stdoutBytes.size(), 1000);
        QVERIFY(collected.result->value().stdoutTruncated);
        QCOMPARE(collected.result->value().stdoutBytes, collected.joinedOut().left(1000));
    }

    void cancelStopsTheWholeTreeWithinTwoSeconds()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pids"));
        Run run;
        Process p;
        collect(p, run);
        p.start(spec({QStringLiteral("tree"), QStringLiteral("3"), pidFile}));
        const QList<pid_t> pids = test::readPidFile(pidFile, 20000);
        QCOMPARE(pids.size(), 5);  // the program, 3 children, 1 daemon that left the group
        for (pid_t pid : pids)
            QVERIFY(test::processAlive(pid));
        const pid_t supervisor = test::parentOf(pids.first());
        QElapsedTimer t;
        t.start();
        p.cancel();
        const QList<pid_t> left = test::waitUntilGone(QList<pid_t>(pids) << supervisor, 2000);
        QVERIFY2(left.isEmpty(),
                 qPrintable(QStringLiteral("%1 processes left after %2 ms").arg(left.size()).arg(t.elapsed())));
        QTRY_VERIFY(run.result.has_value());
        QVERIFY(run.result->value().cancelled);
        QCOMPARE(run.result->value().signal, SIGKILL);  // it ignored SIGTERM
    }

    void cancelledJobEndsCancelled()
    {
        ProcessJob job(QStringLiteral("sleepy"), spec({QStringLiteral("ignoreterm")}));
        QSignalSpy finished(&job, &jobs::Job::finished);
        job.start();
        QTRY_VERIFY(job.log().lineCount() >= 2);  // "$ ..." and "ready"
        job.cancel();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job.state(), JobState::Cancelled);
    }

    void programExitStopsWhatItLeftBehind_data()
    {
        QTest::addColumn<bool>("stop");
        QTest::newRow("stopped (default)") << true;
        QTest::newRow("left running on purpose") << false;
    }
    void programExitStopsWhatItLeftBehind()
    {
        QFETCH(bool, stop);
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pids"));
        ProcessSpec s = spec({QStringLiteral("spawn-and-exit"), pidFile});
        s.stopDescendantsOnExit = stop;
        Run run = runToEnd(s);
        QVERIFY(run.result && run.result->ok());
        QCOMPARE(run.result->value().exitCode, 0);
        const QList<pid_t> child = test::readPidFile(pidFile, 5000);
        QCOMPARE(child.size(), 1);
        if (stop) {
            QVERIFY(!test::processAlive(child.first()));
        } else {
            QVERIFY(test::processAlive(child.first()));
            ::kill(child.first(), SIGKILL);
        }
    }

    void destroyingTheProcessStopsTheTree()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pids"));
        QList<pid_t> pids;
        {
            Process p;
            p.start(spec({QStringLiteral("tree"), QStringLiteral("2"), pidFile}));
            pids = test::readPidFile(pidFile, 20000);
            QCOMPARE(pids.size(), 4);
        }  // ~Process waits (bounded) for the tree
        for (pid_t pid : pids)
            QVERIFY(!test::processAlive(pid));
    }

    void nothingIsLeftWhenTheParentIsKilled()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("pids"));
        QProcess parent;
        parent.start(QStringLiteral(WORKBENCH_PROCESS_PARENT),
                     {QStringLiteral("1000"), App, QStringLiteral("tree"), QStringLiteral("3"), pidFile});
        QVERIFY(parent.waitForStarted(10000));
        const QList<pid_t> pids = test::readPidFile(pidFile, 20000);
        QCOMPARE(pids.size(), 5);
        const pid_t supervisor = test::parentOf(pids.first());
        QCOMPARE(test::parentOf(supervisor), pid_t(parent.processId()));
        ::kill(pid_t(parent.processId()), SIGKILL);
        QVERIFY(parent.waitForFinished(5000));
        const QList<pid_t> left = test::waitUntilGone(QList<pid_t>(pids) << supervisor, 2000);
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("%1 processes left").arg(left.size())));
    }
};

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
