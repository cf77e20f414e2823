// SPDX-License-Identifier: Apache-2.0
#include "jobs/runrecord.h"

#include "core/errorcodes.h"
#include "jobs/pipelinejob.h"

#include <QJsonArray>
#include <QUuid>

namespace workbench::engine::jobs {

namespace {
constexpr int FormatVersion = 1;

QJsonValue timeToJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime timeFromJson(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QJsonObject errorToJson(const Error &e)
{
    QJsonObject o{{QStringLiteral("code"), e.code}, {QStringLiteral("message"), e.message}};
    if (!e.detail.isEmpty())
        o.insert(QStringLiteral("detail"), e.detail);
    if (!e.context.step.isEmpty())
        o.insert(QStringLiteral("step"), e.context.step);
    if (e.context.exitCode)
        o.insert(QStringLiteral("exitCode"), *e.context.exitCode);
    if (!e.context.outputTail.isEmpty())
        o.insert(QStringLiteral("stderrTail"), e.context.outputTail);
    return o;
}

std::optional<Error> errorFromJson(const QJsonValue &v)
{
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    Error e = makeError(o.value(QStringLiteral("code")).toString(), o.value(QStringLiteral("message")).toString(),
                        o.value(QStringLiteral("detail")).toString());
    e.context.step = o.value(QStringLiteral("step")).toString();
    if (o.contains(QStringLiteral("exitCode")))
        e.context.exitCode = o.value(QStringLiteral("exitCode")).toInt();
    e.context.outputTail = o.value(QStringLiteral("stderrTail")).toString();
    return e;
}
}  // namespace

RunRecord RunRecord::fromJob(const Job &job, qint64 maxLogBytes)
{
    RunRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.title = job.title();
    r.state = job.state();
    r.startedAt = job.startedAt();
    r.finishedAt = job.finishedAt();
    r.durationMs = job.elapsedMs();
    r.error = job.error();
    if (const auto *pipeline = qobject_cast<const PipelineJob *>(&job))
        r.steps = pipeline->steps();
    r.log = job.log().toText(maxLogBytes);
    return r;
}

QJsonObject RunRecord::toJson() const
{
    QJsonArray steps;
    for (const StepRecord &s : this->steps) {
        QJsonObject o{{QStringLiteral("name"), s.name},
                      {QStringLiteral("state"), stepStateName(s.state)},
                      {QStringLiteral("attempts"), s.attempts},
                      {QStringLiteral("startedAt"), timeToJson(s.startedAt)},
                      {QStringLiteral("finishedAt"), timeToJson(s.finishedAt)}};
        if (s.error)
            o.insert(QStringLiteral("error"), errorToJson(*s.error));
        if (!s.retryDelaysMs.isEmpty()) {
            QJsonArray delays;
            for (qint64 d : s.retryDelaysMs)
                delays.append(d);
            o.insert(QStringLiteral("retryDelaysMs"), delays);
        }
        steps.append(o);
    }
    QJsonObject o{{QStringLiteral("version"), FormatVersion},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("state"), jobStateName(state)},
                  {QStringLiteral("startedAt"), timeToJson(startedAt)},
                  {QStringLiteral("finishedAt"), timeToJson(finishedAt)},
                  {QStringLiteral("durationMs"), durationMs},
                  {QStringLiteral("steps"), steps},
                  {QStringLiteral("log"), log}};
    if (error)
        o.insert(QStringLiteral("error"), errorToJson(*error));
    return o;
}

Result<RunRecord> RunRecord::fromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("version")).toInt() != FormatVersion || !json.value(QStringLiteral("id")).isString())
        return makeError(QString(errc::historyIo), QStringLiteral("Not a run record this version can read."));
    RunRecord r;
    r.id = json.value(QStringLiteral("id")).toString();
    r.title = json.value(QStringLiteral("title")).toString();
    r.state = jobStateFromString(json.value(QStringLiteral("state")).toString());
    r.startedAt = timeFromJson(json.value(QStringLiteral("startedAt")));
    r.finishedAt = timeFromJson(json.value(QStringLiteral("finishedAt")));
    r.durationMs = qint64(json.value(QStringLiteral("durationMs")).toDouble());
    r.error = errorFromJson(json.value(QStringLiteral("error")));
    r.log = json.value(QStringLiteral("log")).toString();
    const QJsonArray steps = json.value(QStringLiteral("steps")).toArray();
    for (const QJsonValue &v : steps) {
        const QJsonObject o = v.toObject();
        StepRecord s;
        s.name = o.value(QStringLiteral("name")).toString();
        s.state = stepStateFromString(o.value(QStringLiteral("state")).toString());
        s.attempts = o.value(QStringLiteral("attempts")).toInt();
        s.startedAt = timeFromJson(o.value(QStringLiteral("startedAt")));
        s.finishedAt = timeFromJson(o.value(QStringLiteral("finishedAt")));
        s.error = errorFromJson(o.value(QStringLiteral("error")));
        const QJsonArray delays = o.value(QStringLiteral("retryDelaysMs")).toArray();
        for (const QJsonValue &d : delays)
            s.retryDelaysMs.append(qint64(d.toDouble()));
        r.steps.append(s);
    }
    return r;
}

}  // namespace workbench::engine::jobs
