// SPDX-License-Identifier: Apache-2.0
#include "process/process.h"

#include "core/logging.h"
#include "core/mailbox.h"
#include "process/detail/processio.h"
#include "process/linesplitter.h"
#include "process/toollocator.h"

#include <QFileInfo>

namespace workbench::engine::process {

Process::Process(QObject *parent)
    : QObject(parent)
{}

Process::~Process()
{
    // Joins the I/O thread: it stops the tree first (bounded, see ProcessIo::stop()).
    m_io.reset();
}

void Process::start(ProcessSpec spec)
{
    if (m_started) {
        qCWarning(lcProcess) << "Process::start called twice; ignored";
        return;
    }
    m_started = true;
    m_running = true;
    m_commandLine = spec.command.toDisplayString();

    Result<QString> program = ToolLocator::locate(spec.command.program(), spec.toolPath, spec.environment.searchPath());
    if (!program.ok()) {
        Error e = program.error();
        e.detail = m_commandLine;
        QMetaObject::invokeMethod(
            this, [this, e] { onFinished(e); }, Qt::QueuedConnection);
        return;
    }
    qCDebug(lcProcess).noquote() << "run" << m_commandLine
                                 << (spec.environment.changesForDisplay().isEmpty()
                                         ? QString()
                                         : QStringLiteral("[env ") +
                                               spec.environment.changesForDisplay().join(QLatin1Char(' ')) +
                                               QLatin1Char(']'));

    detail::IoConfig config;
    config.spawn.program = QFile::encodeName(*program);
    for (const QString &a : spec.command.arguments())
        config.spawn.arguments.append(a.toUtf8());
    for (const QString &e : spec.environment.toStrings())
        config.spawn.environment.append(e.toUtf8());
    config.spawn.workingDirectory = QFile::encodeName(spec.workingDirectory);
    config.spawn.stdinPipe = spec.stdinData.has_value() || spec.secretStdin;
    config.spawn.terminateGraceMs = std::max(0, spec.terminateGraceMs);
    config.spawn.stopDescendantsOnExit = spec.stopDescendantsOnExit;
    config.stdinData = spec.stdinData;
    config.secretStdin = spec.secretStdin;
    config.batchIntervalMs = std::max(0, spec.batchIntervalMs);
    config.collectStdoutLimit = spec.collectStdoutLimit;
    config.stderrTailLines = std::max(0, spec.stderrTailLines);
    config.maxLineBytes = spec.maxLineBytes;
    for (const QString &s : spec.command.secrets() + spec.environment.secrets())
        config.secrets.append(s.toUtf8());
    config.commandLine = m_commandLine;

    detail::IoSink sink;
    sink.started = [this](qint64 pid) {
        m_pid = pid;
        Q_EMIT started(pid);
    };
    sink.output = [this](detail::OutputBatch batch) { onOutput(std::move(batch)); };
    sink.finished = [this](Result<ProcessResult> r) { onFinished(std::move(r)); };
    m_io = std::make_unique<detail::ProcessIo>(std::move(config), Mailbox::create(this), std::move(sink));
    m_io->start();
}

void Process::cancel()
{
    if (m_io)
        m_io->terminate();
}

void Process::kill()
{
    if (m_io)
        m_io->kill();
}

void Process::onOutput(detail::OutputBatch batch)
{
    const qint64 bytes = batch.bytes;
    if (!batch.lines.isEmpty() && m_outputHandler)
        m_outputHandler(std::move(batch.lines));
    if (batch.progress) {
        const auto fraction = LineSplitter::percentIn(*batch.progress);
        Q_EMIT progress(QString::fromUtf8(*batch.progress), fraction.value_or(-1.0));
    }
    if (m_io)
        m_io->consumed(bytes);
}

void Process::onFinished(Result<ProcessResult> result)
{
    if (m_io)
        m_io->join();  // the thread has posted its last message; it ends right after
    m_running = false;
    m_result = result;
    Q_EMIT finished(result);
}

}  // namespace workbench::engine::process
