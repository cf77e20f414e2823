// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationtoken.h"
#include "jobs/resultjob.h"
#include "process/process.h"

#include <QList>

namespace workbench::engine::process {

/// Runs one external program as a job: its output goes to the job's log, its '\r' progress to
/// the job's progress, cancel() stops the whole process tree. Succeeds when the program exits
/// with an accepted code (0 by default); otherwise fails with "process.exit" (ErrorContext:
/// exit code and the stderr tail; message "<tool> exited with code N: <last stderr line>"),
/// "process.crashed" (ended by a signal it was not sent by cancel), or the start error.
class ProcessJob : public jobs::ResultJob<ProcessResult>
{
    Q_OBJECT
public:
    ProcessJob(QString title, ProcessSpec spec, QObject *parent = nullptr);
    ~ProcessJob() override;

    void setAcceptedExitCodes(const QList<int> &codes) { m_acceptedExitCodes = codes; }
    const ProcessSpec &spec() const { return m_spec; }
    Process *process() const { return m_process; }

protected:
    void run() override;
    void onCancelRequested() override;

private:
    void onFinished(const Result<ProcessResult> &result);

    ProcessSpec m_spec;
    QList<int> m_acceptedExitCodes{0};
    Process *m_process = nullptr;             ///< child QObject; deleted (stopping the tree) with the job
    CancellationCallback m_onTokenCancelled;  ///< declared after m_process: unregistered first
};

}  // namespace workbench::engine::process
