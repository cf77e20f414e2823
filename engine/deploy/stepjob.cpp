// SPDX-License-Identifier: Apache-2.0
#include "deploy/stepjob.h"

#include "net/httpclient.h"
#include "process/processjob.h"

namespace workbench::engine::deploy {

StepJob::~StepJob()
{
    m_call.cancel();
    delete m_tool.data();  // stops a running process tree (bounded) while this job still exists
}

void StepJob::runTool(const QString &title, process::ProcessSpec spec, ToolDone done,
                      const QList<int> &acceptedExitCodes)
{
    auto *tool = new process::ProcessJob(title, std::move(spec), this);
    tool->setAcceptedExitCodes(acceptedExitCodes);
    tool->linkCancellation(token());
    m_tool = tool;
    connect(tool, &jobs::Job::outputAppended, this,
            [this, tool](qint64 first, qint64 count) { appendLogChunk(tool->log().copyLines(first, count)); });
    connect(tool, &jobs::Job::progressChanged, this,
            [this](const jobs::JobProgress &progress) { setProgress(progress); });
    connect(tool, &jobs::Job::finished, this, [this, tool, done = std::move(done)] {
        if (m_tool == tool)
            m_tool.clear();
        tool->deleteLater();
        done(tool->result());
    });
    tool->start();
}

void StepJob::sendHttp(net::HttpClient *client, net::HttpRequest request, HttpDone done)
{
    if (!client) {
        done(makeError(QStringLiteral("deploy.http"), QStringLiteral("No HTTP client is available.")));
        return;
    }
    m_call = client->send(std::move(request), this, [this, done = std::move(done)](const Result<net::HttpResponse> &r) {
        m_call = net::HttpCall();
        done(r);
    });
    if (isCancelRequested())
        m_call.cancel();
}

void StepJob::failWith(Error error)
{
    if (isFinished())
        return;
    if (isCancelRequested() || error.isCancelled())
        reportCancelled();
    else
        reportFailed(std::move(error));
}

bool StepJob::stopIfCancelled()
{
    if (!isCancelRequested())
        return false;
    if (!isFinished())
        reportCancelled();
    return true;
}

void StepJob::cancelTool()
{
    if (m_tool)
        m_tool->cancel();
}

void StepJob::onCancelRequested()
{
    m_call.cancel();
    if (m_tool)
        m_tool->cancel();
}

}  // namespace workbench::engine::deploy
