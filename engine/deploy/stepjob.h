// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/cancellationtoken.h"
#include "jobs/job.h"
#include "net/httpcall.h"
#include "net/httprequest.h"
#include "net/httpresponse.h"
#include "process/processresult.h"
#include "process/processspec.h"

#include <QPointer>

#include <functional>

namespace workbench::engine::net {
class HttpClient;
}

namespace workbench::engine::deploy {

/// Base of the Build & Deploy step jobs: a job made of stages that run one after the other on
/// the owner's thread, each an external tool (a child ProcessJob whose output is copied into
/// this job's log as it arrives), an HTTP request, or plain code. cancel() stops the running
/// tool's process tree (through the linked token) or the running request; the stage's callback
/// then gets a cancellation and the job ends Cancelled.
class StepJob : public jobs::Job
{
    Q_OBJECT
public:
    using Job::Job;
    ~StepJob() override;

protected:
    using ToolDone = std::function<void(const Result<process::ProcessResult> &)>;
    using HttpDone = std::function<void(const Result<net::HttpResponse> &)>;

    /// Runs @p spec as a child ProcessJob (its command line and environment changes are logged
    /// redacted, its lines copied here); @p done gets the ProcessResult, or the ProcessJob's
    /// error (`process.exit` with the stderr tail, `process.not_found`, a cancellation).
    void runTool(const QString &title, process::ProcessSpec spec, ToolDone done,
                 const QList<int> &acceptedExitCodes = {0});
    /// Sends @p request with @p client; @p done runs on this job's thread (never after the job
    /// is gone). Only one request at a time per job.
    void sendHttp(net::HttpClient *client, net::HttpRequest request, HttpDone done);

    void info(const QString &line) { appendLog(jobs::LogChannel::Info, line); }
    void warning(const QString &line) { appendLog(jobs::LogChannel::Stderr, QStringLiteral("warning: ") + line); }
    /// Ends the job: Cancelled when a cancel was requested or @p error is a cancellation,
    /// Failed otherwise.
    void failWith(Error error);
    /// True (and the job ended Cancelled) when a cancel was requested: call between stages.
    bool stopIfCancelled();
    /// Cancels the running tool only (a timeout of one stage): its callback gets a cancellation
    /// error while this job goes on.
    void cancelTool();

    void onCancelRequested() override;

private:
    QPointer<jobs::Job> m_tool;
    net::HttpCall m_call;
};

}  // namespace workbench::engine::deploy
