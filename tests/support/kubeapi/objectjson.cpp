// SPDX-License-Identifier: Apache-2.0
#include "objectjson.h"

#include "containerlog.h"

namespace kubetest {

namespace {

QString ts(qint64 nanos)
{
    return QString::fromLatin1(formatRfc3339(nanos));
}

QJsonObject metadata(const QString &name, const QString &ns, const QString &uid, quint64 rv, qint64 created,
                     const Labels &labels)
{
    QJsonObject m;
    m.insert(QStringLiteral("name"), name);
    if (!ns.isEmpty())
        m.insert(QStringLiteral("namespace"), ns);
    m.insert(QStringLiteral("uid"), uid);
    m.insert(QStringLiteral("resourceVersion"), QString::number(rv));
    m.insert(QStringLiteral("creationTimestamp"), ts(created));
    if (!labels.isEmpty())
        m.insert(QStringLiteral("labels"), labelsJson(labels));
    return m;
}

QJsonObject condition(const QString &type, bool status, qint64 when, const QString &reason = {},
                      const QString &message = {})
{
    QJsonObject c;
    c.insert(QStringLiteral("type"), type);
    c.insert(QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False"));
    c.insert(QStringLiteral("lastProbeTime"), QJsonValue());
    c.insert(QStringLiteral("lastTransitionTime"), ts(when));
    if (!reason.isEmpty())
        c.insert(QStringLiteral("reason"), reason);
    if (!message.isEmpty())
        c.insert(QStringLiteral("message"), message);
    return c;
}

QJsonObject containerStatus(const ContainerRecord &c, const PodRecord &pod, bool init)
{
    QJsonObject s;
    s.insert(QStringLiteral("name"), c.name);
    s.insert(QStringLiteral("image"), c.image);
    s.insert(QStringLiteral("imageID"), QString());
    s.insert(QStringLiteral("restartCount"), c.restartCount);
    QJsonObject state;
    const bool waiting = !c.waitingReason.isEmpty();
    if (waiting) {
        QJsonObject w;
        w.insert(QStringLiteral("reason"), c.waitingReason);
        if (!c.waitingMessage.isEmpty())
            w.insert(QStringLiteral("message"), c.waitingMessage);
        state.insert(QStringLiteral("waiting"), w);
    } else if (c.terminated) {
        QJsonObject t;
        t.insert(QStringLiteral("exitCode"), c.exitCode);
        t.insert(QStringLiteral("reason"), c.exitCode == 0 ? QStringLiteral("Completed") : QStringLiteral("Error"));
        t.insert(QStringLiteral("startedAt"), ts(c.startedAt));
        t.insert(QStringLiteral("finishedAt"), ts(c.startedAt));
        t.insert(QStringLiteral("containerID"), QStringLiteral("containerd://%1-%2").arg(pod.uid, c.name));
        state.insert(QStringLiteral("terminated"), t);
    } else {
        QJsonObject r;
        r.insert(QStringLiteral("startedAt"), ts(c.startedAt));
        state.insert(QStringLiteral("running"), r);
    }
    s.insert(QStringLiteral("state"), state);
    QJsonObject last;
    if (c.lastTerminatedAt > 0) {
        QJsonObject t;
        t.insert(QStringLiteral("exitCode"), c.lastExitCode);
        t.insert(QStringLiteral("reason"), c.lastExitCode == 0 ? QStringLiteral("Completed") : QStringLiteral("Error"));
        t.insert(QStringLiteral("finishedAt"), ts(c.lastTerminatedAt));
        last.insert(QStringLiteral("terminated"), t);
    }
    s.insert(QStringLiteral("lastState"), last);
    s.insert(QStringLiteral("ready"), !waiting && c.ready && !init);
    if (!waiting)
        s.insert(QStringLiteral("containerID"),
                 QStringLiteral("containerd://%1-%2-%3").arg(pod.uid, c.name).arg(c.restartCount));
    if (!init)
        s.insert(QStringLiteral("started"), !waiting && !c.terminated);
    return s;
}

QJsonArray containerSpecs(const std::vector<ContainerRecord> &containers)
{
    QJsonArray a;
    for (const ContainerRecord &c : containers) {
        QJsonObject o;
        o.insert(QStringLiteral("name"), c.name);
        o.insert(QStringLiteral("image"), c.image);
        o.insert(QStringLiteral("resources"), QJsonObject());
        o.insert(QStringLiteral("terminationMessagePath"), QStringLiteral("/dev/termination-log"));
        o.insert(QStringLiteral("terminationMessagePolicy"), QStringLiteral("File"));
        o.insert(QStringLiteral("imagePullPolicy"), QStringLiteral("IfNotPresent"));
        a.append(o);
    }
    return a;
}

}  // namespace

QJsonObject labelsJson(const Labels &labels)
{
    QJsonObject o;
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject podJson(const PodRecord &pod, bool withTypeMeta)
{
    QJsonObject o;
    if (withTypeMeta) {
        o.insert(QStringLiteral("kind"), QStringLiteral("Pod"));
        o.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    }
    o.insert(QStringLiteral("metadata"),
             metadata(pod.name, pod.namespaceName, pod.uid, pod.resourceVersion, pod.created, pod.labels));
    QJsonObject spec;
    spec.insert(QStringLiteral("containers"), containerSpecs(pod.containers));
    if (!pod.initContainers.empty())
        spec.insert(QStringLiteral("initContainers"), containerSpecs(pod.initContainers));
    spec.insert(QStringLiteral("restartPolicy"), QStringLiteral("Always"));
    spec.insert(QStringLiteral("dnsPolicy"), QStringLiteral("ClusterFirst"));
    spec.insert(QStringLiteral("serviceAccountName"), QStringLiteral("default"));
    spec.insert(QStringLiteral("schedulerName"), QStringLiteral("default-scheduler"));
    spec.insert(QStringLiteral("terminationGracePeriodSeconds"), 30);
    const bool scheduled = pod.unschedulableMessage.isEmpty();
    if (scheduled)
        spec.insert(QStringLiteral("nodeName"), pod.node);
    o.insert(QStringLiteral("spec"), spec);

    QJsonObject status;
    status.insert(QStringLiteral("phase"), pod.phase);
    QJsonArray conditions;
    if (!scheduled) {
        conditions.append(condition(QStringLiteral("PodScheduled"), false, pod.created, QStringLiteral("Unschedulable"),
                                    pod.unschedulableMessage));
    } else {
        bool allReady = !pod.containers.empty();
        for (const ContainerRecord &c : pod.containers)
            allReady = allReady && c.ready && c.waitingReason.isEmpty();
        bool initDone = true;
        for (const ContainerRecord &c : pod.initContainers)
            initDone = initDone && c.terminated && c.exitCode == 0;
        conditions.append(condition(QStringLiteral("Initialized"), initDone, pod.created));
        conditions.append(condition(QStringLiteral("Ready"), allReady, pod.created,
                                    allReady ? QString() : QStringLiteral("ContainersNotReady")));
        conditions.append(condition(QStringLiteral("ContainersReady"), allReady, pod.created,
                                    allReady ? QString() : QStringLiteral("ContainersNotReady")));
        conditions.append(condition(QStringLiteral("PodScheduled"), true, pod.created));
        status.insert(QStringLiteral("hostIP"), QStringLiteral("10.0.0.10"));
        if (!pod.podIp.isEmpty()) {
            status.insert(QStringLiteral("podIP"), pod.podIp);
            QJsonObject ip;
            ip.insert(QStringLiteral("ip"), pod.podIp);
            status.insert(QStringLiteral("podIPs"), QJsonArray{ip});
        }
        status.insert(QStringLiteral("startTime"), ts(pod.created));
        QJsonArray init;
        for (const ContainerRecord &c : pod.initContainers)
            init.append(containerStatus(c, pod, true));
        if (!init.isEmpty())
            status.insert(QStringLiteral("initContainerStatuses"), init);
        QJsonArray containers;
        for (const ContainerRecord &c : pod.containers)
            containers.append(containerStatus(c, pod, false));
        status.insert(QStringLiteral("containerStatuses"), containers);
    }
    status.insert(QStringLiteral("conditions"), conditions);
    status.insert(QStringLiteral("qosClass"), QStringLiteral("BestEffort"));
    o.insert(QStringLiteral("status"), status);
    return o;
}

QJsonObject namespaceJson(const NamespaceRecord &ns, bool withTypeMeta)
{
    QJsonObject o;
    if (withTypeMeta) {
        o.insert(QStringLiteral("kind"), QStringLiteral("Namespace"));
        o.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    }
    Labels labels = ns.labels;
    labels.insert(QStringLiteral("kubernetes.io/metadata.name"), ns.name);
    o.insert(QStringLiteral("metadata"), metadata(ns.name, {}, ns.uid, ns.resourceVersion, ns.created, labels));
    o.insert(QStringLiteral("spec"),
             QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}});
    o.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
    return o;
}

QJsonObject secretJson(const SecretRecord &s, bool withTypeMeta)
{
    QJsonObject o;
    if (withTypeMeta) {
        o.insert(QStringLiteral("kind"), QStringLiteral("Secret"));
        o.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    }
    QJsonObject m = metadata(s.name, s.namespaceName, s.uid, s.resourceVersion, s.created, s.labels);
    if (!s.annotations.isEmpty())
        m.insert(QStringLiteral("annotations"), s.annotations);
    o.insert(QStringLiteral("metadata"), m);
    if (!s.data.isEmpty())
        o.insert(QStringLiteral("data"), s.data);
    o.insert(QStringLiteral("type"), s.type);
    if (s.immutable)
        o.insert(QStringLiteral("immutable"), true);
    return o;
}

QString humanDuration(qint64 nanos)
{
    const qint64 seconds = nanos / 1'000'000'000;
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        return s == 0 ? QStringLiteral("%1m").arg(minutes) : QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        return m == 0 ? QStringLiteral("%1h").arg(hours) : QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        return h == 0 ? QStringLiteral("%1d").arg(hours / 24) : QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QJsonArray podTableColumns()
{
    auto col = [](const char *name, const char *type, const char *format, const char *description, int priority) {
        QJsonObject c;
        c.insert(QStringLiteral("name"), QLatin1String(name));
        c.insert(QStringLiteral("type"), QLatin1String(type));
        c.insert(QStringLiteral("format"), QLatin1String(format));
        c.insert(QStringLiteral("description"), QLatin1String(description));
        c.insert(QStringLiteral("priority"), priority);
        return c;
    };
    return QJsonArray{
        col("Name", "string", "name", "Name must be unique within a namespace.", 0),
        col("Ready", "string", "", "The aggregate readiness state of this pod for accepting traffic.", 0),
        col("Status", "string", "", "The aggregate status of the containers in this pod.", 0),
        col("Restarts", "string", "",
            "The number of times the containers in this pod have been restarted and when the last container in this "
            "pod has restarted.",
            0),
        col("Age", "string", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0),
        col("IP", "string", "",
            "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        col("Node", "string", "", "NodeName indicates in which node this pod is scheduled.", 1),
        col("Nominated Node", "string", "", "nominatedNodeName is set when this pod preempts other pods on the node.",
            1),
        col("Readiness Gates", "string", "", "If specified, all readiness gates will be evaluated for pod readiness.",
            1),
    };
}

QJsonObject podTableRow(const PodRecord &pod, qint64 now)
{
    int ready = 0;
    int restarts = 0;
    qint64 lastRestart = 0;
    QString reason = pod.phase;
    if (!pod.unschedulableMessage.isEmpty())
        reason = QStringLiteral("Pending");
    bool initializing = false;
    for (std::size_t i = 0; i < pod.initContainers.size(); ++i) {
        const ContainerRecord &c = pod.initContainers[i];
        restarts += c.restartCount;
        if (c.terminated && c.exitCode == 0)
            continue;
        initializing = true;
        if (c.terminated)
            reason = QStringLiteral("Init:ExitCode:%1").arg(c.exitCode);
        else if (!c.waitingReason.isEmpty() && c.waitingReason != QLatin1String("PodInitializing"))
            reason = QStringLiteral("Init:") + c.waitingReason;
        else
            reason = QStringLiteral("Init:%1/%2").arg(i).arg(pod.initContainers.size());
        break;
    }
    for (auto it = pod.containers.rbegin(); it != pod.containers.rend(); ++it) {
        restarts += it->restartCount;
        lastRestart = std::max(lastRestart, it->lastTerminatedAt);
        if (!initializing && !it->waitingReason.isEmpty())
            reason = it->waitingReason;
        else if (it->waitingReason.isEmpty() && it->ready && !it->terminated)
            ++ready;
    }
    QString restartText = QString::number(restarts);
    if (lastRestart > 0)
        restartText += QStringLiteral(" (%1 ago)").arg(humanDuration(now - lastRestart));
    const bool scheduled = pod.unschedulableMessage.isEmpty();
    QJsonArray cells{pod.name,
                     QStringLiteral("%1/%2").arg(ready).arg(pod.containers.size()),
                     reason,
                     restartText,
                     humanDuration(now - pod.created),
                     pod.podIp.isEmpty() || !scheduled ? QStringLiteral("<none>") : pod.podIp,
                     scheduled ? pod.node : QStringLiteral("<none>"),
                     QStringLiteral("<none>"),
                     QStringLiteral("<none>")};
    QJsonObject partial;
    partial.insert(QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata"));
    partial.insert(QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1"));
    partial.insert(QStringLiteral("metadata"), podJson(pod, false).value(QStringLiteral("metadata")));
    QJsonObject row;
    row.insert(QStringLiteral("cells"), cells);
    row.insert(QStringLiteral("object"), partial);
    return row;
}

QJsonObject podTable(const std::vector<const PodRecord *> &pods, quint64 resourceVersion, bool withColumns, qint64 now,
                     const QString &continueToken)
{
    QJsonObject t;
    t.insert(QStringLiteral("kind"), QStringLiteral("Table"));
    t.insert(QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1"));
    QJsonObject meta;
    meta.insert(QStringLiteral("resourceVersion"), QString::number(resourceVersion));
    if (!continueToken.isEmpty())
        meta.insert(QStringLiteral("continue"), continueToken);
    t.insert(QStringLiteral("metadata"), meta);
    if (withColumns)
        t.insert(QStringLiteral("columnDefinitions"), podTableColumns());
    QJsonArray rows;
    for (const PodRecord *p : pods)
        rows.append(podTableRow(*p, now));
    t.insert(QStringLiteral("rows"), rows);
    return t;
}

QJsonObject statusJson(int code, const QString &reason, const QString &message, const QJsonObject &details)
{
    QJsonObject o;
    o.insert(QStringLiteral("kind"), QStringLiteral("Status"));
    o.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    o.insert(QStringLiteral("metadata"), QJsonObject());
    o.insert(QStringLiteral("status"), QStringLiteral("Failure"));
    o.insert(QStringLiteral("message"), message);
    o.insert(QStringLiteral("reason"), reason);
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    o.insert(QStringLiteral("code"), code);
    return o;
}

}  // namespace kubetest
