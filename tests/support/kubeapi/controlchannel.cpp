// SPDX-License-Identifier: Apache-2.0
#include "controlchannel.h"

#include "apiserver.h"
#include "clusterstate.h"
#include "objectjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

namespace kubetest {

namespace {

QJsonObject failure(const QString &message)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
}

QJsonObject success(QJsonObject extra = {})
{
    extra.insert(QStringLiteral("ok"), true);
    return extra;
}

Labels labelsOf(const QJsonValue &v)
{
    Labels l;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        l.insert(it.key(), it.value().toString());
    return l;
}

qint64 timestampOf(const QJsonValue &v, qint64 fallback)
{
    if (v.isDouble())
        return qint64(v.toDouble());
    if (v.isString()) {
        const QString s = v.toString();
        bool ok = false;
        const qint64 n = s.toLongLong(&ok);
        if (ok)
            return n;
        const qint64 t = parseRfc3339(s.toLatin1());
        if (t >= 0)
            return t;
    }
    return fallback;
}

ContainerRecord containerFrom(const QJsonValue &v)
{
    ContainerRecord c;
    if (v.isString()) {
        c.name = v.toString();
    } else {
        const QJsonObject o = v.toObject();
        c.name = o.value(QStringLiteral("name")).toString();
        c.image = o.value(QStringLiteral("image")).toString();
        c.ready = o.value(QStringLiteral("ready")).toBool(true);
        c.waitingReason = o.value(QStringLiteral("waitingReason")).toString();
        c.waitingMessage = o.value(QStringLiteral("waitingMessage")).toString();
        c.terminated = o.value(QStringLiteral("terminated")).toBool(false);
        c.exitCode = o.value(QStringLiteral("exitCode")).toInt();
    }
    if (c.image.isEmpty())
        c.image = QStringLiteral("registry.example/%1:latest").arg(c.name);
    return c;
}

}  // namespace

ControlChannel::ControlChannel(ClusterState *state, ApiServer *server, QObject *parent)
    : QObject(parent)
    , m_state(state)
    , m_server(server)
{}

void ControlChannel::start()
{
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ControlChannel::onReadable);
}

void ControlChannel::onReadable()
{
    char buf[65536];
    const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        Q_EMIT finished();
        return;
    }
    m_buffer.append(buf, qsizetype(n));
    for (qsizetype nl = m_buffer.indexOf('\n'); nl >= 0; nl = m_buffer.indexOf('\n')) {
        const QByteArray line = m_buffer.left(nl).trimmed();
        m_buffer.remove(0, nl + 1);
        if (line.isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        QJsonObject reply;
        if (pe.error != QJsonParseError::NoError || !doc.isObject())
            reply = failure(QStringLiteral("not a JSON object: ") + pe.errorString());
        else
            reply = run(doc.object());
        if (doc.object().contains(QStringLiteral("id")))
            reply.insert(QStringLiteral("id"), doc.object().value(QStringLiteral("id")));
        const QByteArray out = QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n';
        std::fwrite(out.constData(), 1, std::size_t(out.size()), stdout);
        std::fflush(stdout);
    }
}

QJsonObject ControlChannel::run(const QJsonObject &cmd)
{
    const QString op = cmd.value(QStringLiteral("op")).toString();
    const QString ns = cmd.value(QStringLiteral("namespace")).toString(QStringLiteral("default"));
    const QString name = cmd.value(QStringLiteral("name")).toString();
    const QString container = cmd.value(QStringLiteral("container")).toString();

    if (op == QLatin1String("ping"))
        return success();
    if (op == QLatin1String("resourceVersion"))
        return success({{QStringLiteral("resourceVersion"), QString::number(m_state->resourceVersion())}});
    if (op == QLatin1String("addNamespace")) {
        if (m_state->namespaceRecord(name))
            return failure(QStringLiteral("namespace exists"));
        m_state->addNamespace(name, labelsOf(cmd.value(QStringLiteral("labels"))));
        return success();
    }
    if (op == QLatin1String("addPod")) {
        PodRecord p;
        p.namespaceName = ns;
        p.name = name;
        p.labels = labelsOf(cmd.value(QStringLiteral("labels")));
        p.phase = cmd.value(QStringLiteral("phase")).toString(QStringLiteral("Running"));
        p.node = cmd.value(QStringLiteral("node")).toString(QStringLiteral("node-1"));
        p.podIp = cmd.value(QStringLiteral("podIP"))
                      .toString(QStringLiteral("10.244.0.%1").arg(m_state->pods({}).size() + 10));
        p.unschedulableMessage = cmd.value(QStringLiteral("unschedulableMessage")).toString();
        if (cmd.contains(QStringLiteral("created")))
            p.created = timestampOf(cmd.value(QStringLiteral("created")), 0);
        for (const QJsonValue &v : cmd.value(QStringLiteral("containers")).toArray())
            p.containers.push_back(containerFrom(v));
        for (const QJsonValue &v : cmd.value(QStringLiteral("initContainers")).toArray()) {
            ContainerRecord c = containerFrom(v);
            if (!v.toObject().contains(QStringLiteral("terminated")))
                c.terminated = true;  // init containers are done unless said otherwise
            p.initContainers.push_back(c);
        }
        if (p.containers.empty())
            p.containers.push_back(containerFrom(QStringLiteral("main")));
        if (name.isEmpty())
            return failure(QStringLiteral("addPod needs a name"));
        const PodRecord &stored = m_state->addPod(std::move(p));
        return success({{QStringLiteral("uid"), stored.uid},
                        {QStringLiteral("resourceVersion"), QString::number(stored.resourceVersion)}});
    }
    if (op == QLatin1String("deletePod")) {
        if (!m_state->deletePod(ns, name))
            return failure(QStringLiteral("no such pod"));
        return success();
    }
    if (op == QLatin1String("setPodStatus")) {
        PodRecord *p = m_state->pod(ns, name);
        if (!p)
            return failure(QStringLiteral("no such pod"));
        if (cmd.contains(QStringLiteral("phase")))
            p->phase = cmd.value(QStringLiteral("phase")).toString();
        if (cmd.contains(QStringLiteral("unschedulableMessage")))
            p->unschedulableMessage = cmd.value(QStringLiteral("unschedulableMessage")).toString();
        QList<ContainerRecord *> targets;
        if (container.isEmpty()) {
            for (ContainerRecord &c : p->containers)
                targets << &c;
        } else if (ContainerRecord *c = p->container(container)) {
            targets << c;
        } else {
            return failure(QStringLiteral("no such container"));
        }
        for (ContainerRecord *c : targets) {
            if (cmd.contains(QStringLiteral("ready")))
                c->ready = cmd.value(QStringLiteral("ready")).toBool();
            if (cmd.contains(QStringLiteral("waitingReason")))
                c->waitingReason = cmd.value(QStringLiteral("waitingReason")).toString();
            if (cmd.contains(QStringLiteral("waitingMessage")))
                c->waitingMessage = cmd.value(QStringLiteral("waitingMessage")).toString();
            if (cmd.contains(QStringLiteral("terminated")))
                c->terminated = cmd.value(QStringLiteral("terminated")).toBool();
            if (cmd.contains(QStringLiteral("exitCode")))
                c->exitCode = cmd.value(QStringLiteral("exitCode")).toInt();
        }
        if (cmd.value(QStringLiteral("terminated")).toBool())
            for (ContainerRecord *c : targets)
                Q_EMIT m_state->containerEnded(ns, name, c->name);
        m_state->podChanged(*p);
        return success();
    }
    if (op == QLatin1String("restartContainer")) {
        if (!m_state->restartContainer(ns, name, container, cmd.value(QStringLiteral("exitCode")).toInt(1)))
            return failure(QStringLiteral("no such pod or container"));
        return success();
    }
    if (op == QLatin1String("appendLogs")) {
        const QJsonArray lines = cmd.value(QStringLiteral("lines")).toArray();
        const QJsonArray times = cmd.value(QStringLiteral("timestamps")).toArray();
        qint64 t = nowNanos();
        for (qsizetype i = 0; i < lines.size(); ++i) {
            t = timestampOf(times.at(i), std::max(t, nowNanos()));
            if (!m_state->appendLog(ns, name, container, t, lines.at(i).toString().toUtf8()))
                return failure(QStringLiteral("no such pod or container"));
        }
        return success({{QStringLiteral("appended"), lines.size()}});
    }
    if (op == QLatin1String("generateLogs")) {
        PodRecord *p = m_state->pod(ns, name);
        ContainerRecord *c = p ? p->container(container) : nullptr;
        if (!c)
            return failure(QStringLiteral("no such pod or container"));
        const qint64 count = cmd.value(QStringLiteral("count")).toInteger(1000);
        const int bytes = cmd.value(QStringLiteral("lineBytes")).toInt(100);
        const qint64 step = cmd.value(QStringLiteral("stepNanos")).toInteger(1000);
        qint64 t =
            timestampOf(cmd.value(QStringLiteral("start")), std::max(c->log->lastTimestamp() + step, nowNanos()));
        const QByteArray prefix =
            cmd.value(QStringLiteral("prefix")).toString(name + QLatin1Char('/') + container).toUtf8();
        for (qint64 i = 0; i < count; ++i, t += step) {
            QByteArray line = prefix + " line " + QByteArray::number(i) + ' ';
            while (line.size() < bytes)
                line += char('a' + (line.size() + i) % 26);
            c->log->append(t, line.left(std::max(bytes, 1)));
        }
        Q_EMIT m_state->logAppended(ns, name, container);
        return success({{QStringLiteral("generated"), count}});
    }
    if (op == QLatin1String("cutLogStreams")) {
        const int cut = m_server->cutLogStreams(ns, name, container, cmd.value(QStringLiteral("midLine")).toBool());
        return success({{QStringLiteral("cut"), cut}});
    }
    if (op == QLatin1String("restartServer")) {
        m_server->restart(cmd.value(QStringLiteral("downMs")).toInt(200));
        return success();
    }
    if (op == QLatin1String("compact")) {
        m_state->compact();
        return success({{QStringLiteral("resourceVersion"), QString::number(m_state->resourceVersion())}});
    }
    if (op == QLatin1String("addToken")) {
        m_server->addToken(cmd.value(QStringLiteral("token")).toString(), cmd.value(QStringLiteral("user")).toString());
        return success();
    }
    if (op == QLatin1String("removeToken")) {
        m_server->removeToken(cmd.value(QStringLiteral("token")).toString());
        return success();
    }
    if (op == QLatin1String("failRequests")) {
        const QRegularExpression re(cmd.value(QStringLiteral("path")).toString());
        if (!re.isValid())
            return failure(re.errorString());
        m_server->failRequests(re, cmd.value(QStringLiteral("method")).toString(),
                               cmd.value(QStringLiteral("code")).toInt(500),
                               cmd.value(QStringLiteral("reason")).toString(QStringLiteral("InternalError")),
                               cmd.value(QStringLiteral("message")).toString(QStringLiteral("injected failure")),
                               cmd.value(QStringLiteral("count")).toInt(1));
        return success();
    }
    if (op == QLatin1String("forbid")) {
        m_server->forbid(cmd.value(QStringLiteral("user")).toString(), cmd.value(QStringLiteral("verb")).toString(),
                         cmd.value(QStringLiteral("resource")).toString(),
                         cmd.value(QStringLiteral("namespace")).toString());
        return success();
    }
    if (op == QLatin1String("requests"))
        return success({{QStringLiteral("requests"), m_server->requestLog()}});
    if (op == QLatin1String("clearRequests")) {
        m_server->clearRequestLog();
        return success();
    }
    if (op == QLatin1String("secrets")) {
        QJsonArray items;
        for (const SecretRecord *s : m_state->secrets(cmd.value(QStringLiteral("namespace")).toString()))
            items.append(secretJson(*s));
        return success({{QStringLiteral("items"), items}});
    }
    return failure(QStringLiteral("unknown op \"%1\"").arg(op));
}

}  // namespace kubetest
