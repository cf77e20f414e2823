// SPDX-License-Identifier: Apache-2.0
#include "localrun/hostprobe.h"

#include "process/process.h"
#include "process/processspec.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

namespace workbench::engine::localrun {

Result<QByteArray> runHostProbe(const QString &program, const QStringList &arguments, int timeoutMs)
{
    process::ProcessSpec spec;
    spec.command = process::CommandLine(program, arguments);
    spec.collectStdoutLimit = 4 * 1024 * 1024;
    spec.terminateGraceMs = 500;
    process::Process p;
    QEventLoop loop;
    QObject::connect(&p, &process::Process::finished, &loop, &QEventLoop::quit);
    bool timedOut = false;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &p, [&p, &timedOut] {
        timedOut = true;
        p.cancel();
    });
    p.start(spec);
    deadline.start(timeoutMs);
    loop.exec();
    const QString tool = QFileInfo(program).fileName();
    const auto &result = p.result();
    if (!result)
        return makeError(QStringLiteral("localrun.probe"), QStringLiteral("%1 did not run.").arg(tool));
    if (!result->ok())
        return result->error();
    const process::ProcessResult &r = result->value();
    if (timedOut)
        return makeError(QStringLiteral("localrun.probe"),
                         QStringLiteral("%1 did not finish within %2 ms.").arg(tool).arg(timeoutMs), r.commandLine);
    if (!r.succeeded()) {
        Error e = makeError(QStringLiteral("localrun.probe"),
                            r.signal ? QStringLiteral("%1 was ended by signal %2.").arg(tool).arg(r.signal)
                                     : QStringLiteral("%1 exited with code %2.").arg(tool).arg(r.exitCode),
                            r.stderrTail);
        e.context.outputTail = r.stderrTail;
        return e;
    }
    return r.stdoutBytes;
}

models::localrun::HostSystem localHostSystem()
{
    return models::localrun::HostSystem::local(
        [](const QString &program, const QStringList &arguments) { return runHostProbe(program, arguments); });
}

}  // namespace workbench::engine::localrun
