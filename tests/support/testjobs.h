// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"

#include <QPointer>
#include <QTimer>

#include <functional>

namespace workbench::test {

/// A job the test drives by hand: it stays Running until succeed()/fail() is called.
/// cancel() is cooperative: the job ends Cancelled on the next event-loop turn, unless
/// ignoreCancel is set (a job that does not respond).
class ManualJob : public engine::jobs::Job
{
    Q_OBJECT
public:
    explicit ManualJob(QString title, QObject *parent = nullptr)
        : Job(std::move(title), parent)
    {}
    int runs = 0;
    int cancelRequests = 0;
    bool ignoreCancel = false;
    void succeed() { reportSucceeded(); }
    void fail(const Error &e) { reportFailed(e); }
    void emitProgress(double f, const QString &step) { setProgress(f, step); }
    void log(const QString &line) { appendLog(engine::jobs::LogChannel::Stdout, line); }

Q_SIGNALS:
    void ran();

protected:
    void run() override
    {
        ++runs;
        Q_EMIT ran();
    }
    void onCancelRequested() override
    {
        ++cancelRequests;
        if (!ignoreCancel)
            QTimer::singleShot(0, this, [this] {
                if (!isFinished())
                    reportCancelled();
            });
    }
};

/// A job that ends by itself after @p delayMs with the outcome @p outcome (Ok or an Error);
/// it prints one stdout line when it starts. Cancel stops it at once.
class TimedJob : public engine::jobs::Job
{
    Q_OBJECT
public:
    TimedJob(QString title, int delayMs, Status outcome = Ok{}, QObject *parent = nullptr)
        : Job(std::move(title), parent)
        , m_delayMs(delayMs)
        , m_outcome(std::move(outcome))
    {}

protected:
    void run() override
    {
        appendLog(engine::jobs::LogChannel::Stdout, QStringLiteral("%1 running").arg(title()));
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { finish(m_outcome); });
        m_timer->start(m_delayMs);
    }
    void onCancelRequested() override
    {
        if (m_timer)
            m_timer->stop();
        reportCancelled();
    }

private:
    int m_delayMs;
    Status m_outcome;
    QTimer *m_timer = nullptr;
};

}  // namespace workbench::test
