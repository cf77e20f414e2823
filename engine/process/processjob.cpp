// SPDX-License-Identifier: Apache-2.0
#include "process/processjob.h"

#include "core/errorcodes.h"

#include <QFileInfo>

#include <csignal>
#include <cstring>

namespace workbench::engine::process {

ProcessJob::ProcessJob(QString title, ProcessSpec spec, QObject *parent)
    : ResultJob<ProcessResult>(std::move(title), parent)
    , m_spec(std::move(spec))
{}

ProcessJob::~ProcessJob()
{
    m_onTokenCancelled.reset();
    delete m_process;  // stops the tree, bounded; before the base class is gone
    m_process = nullptr;
}

void ProcessJob::run()
{
    m_process = new Process(this);
    appendLog(jobs::LogChannel::Info, QStringLiteral("$ ") + m_spec.command.toDisplayString());
    const QStringList env = m_spec.environment.changesForDisplay();
    if (!env.isEmpty())
        appendLog(jobs::LogChannel::Info, QStringLiteral("environment: ") + env.join(QLatin1Char(' ')));
    m_process->setOutputHandler([this](jobs::LogChunk lines) { appendLogChunk(std::move(lines)); });
    connect(m_process, &Process::progress, this,
            [this](const QString &text, double fraction) { setProgress(fraction, text); });
    connect(m_process, &Process::finished, this, &ProcessJob::onFinished);
    // A cancelled parent token (a pipeline's) reaches the process even without cancel().
    Process *p = m_process;
    m_onTokenCancelled = token().onCancel([p] { p->cancel(); });
    m_process->start(m_spec);
}

void ProcessJob::onCancelRequested()
{
    if (m_process)
        m_process->cancel();
}

void ProcessJob::onFinished(const Result<ProcessResult> &result)
{
    if (!result.ok()) {
        reportFailed(result.error());
        return;
    }
    const ProcessResult &r = result.value();
    const QString tool = QFileInfo(m_spec.command.program()).fileName();
    if (r.cancelled || isCancelRequested()) {
        reportCancelled();
        return;
    }
    if (r.signal != 0) {
        Error e = makeError(QString(errc::crashed),
                            QStringLiteral("%1 was ended by signal %2 (%3).")
                                .arg(tool)
                                .arg(r.signal)
                                .arg(QString::fromLocal8Bit(strsignal(r.signal))),
                            r.commandLine);
        e.context.outputTail = r.stderrTail;
        reportFailed(e);
        return;
    }
    if (!m_acceptedExitCodes.contains(r.exitCode)) {
        const QString lastLine = r.stderrTail.section(QLatin1Char('\n'), -1).trimmed();
        Error e = makeError(QString(errc::exitCode),
                            lastLine.isEmpty()
                                ? QStringLiteral("%1 exited with code %2.").arg(tool).arg(r.exitCode)
                                : QStringLiteral("%1 exited with code %2: %3").arg(tool).arg(r.exitCode).arg(lastLine),
                            r.commandLine);
        e.context.exitCode = r.exitCode;
        e.context.outputTail = r.stderrTail;
        reportFailed(e);
        return;
    }
    reportValue(r);
}

}  // namespace workbench::engine::process
