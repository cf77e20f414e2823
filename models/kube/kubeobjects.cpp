// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeobjects.h"

#include <openssl/crypto.h>

#include <QCoreApplication>
#include <QJsonArray>

namespace workbench::models::kube {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QDateTime time(const QJsonObject &o, const char *key)
{
    const QString text = str(o, key);
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

Error decodeError(const QString &what)
{
    return makeError(QStringLiteral("kube.decode"),
                     QCoreApplication::translate("Kube", "The API server sent no valid %1.").arg(what));
}

KubeContainerStatus parseContainerStatus(const QJsonObject &s, bool init)
{
    KubeContainerStatus c;
    c.name = str(s, "name");
    c.init = init;
    c.ready = s.value(QLatin1String("ready")).toBool();
    c.started = s.value(QLatin1String("started")).toBool();
    c.restartCount = s.value(QLatin1String("restartCount")).toInt();
    c.containerId = str(s, "containerID");
    const QJsonObject state = obj(s, "state");
    if (state.contains(QLatin1String("waiting"))) {
        const QJsonObject w = obj(state, "waiting");
        c.state = KubeContainerStatus::State::Waiting;
        c.reason = str(w, "reason");
        c.message = str(w, "message");
    } else if (state.contains(QLatin1String("running"))) {
        c.state = KubeContainerStatus::State::Running;
        c.startedAt = time(obj(state, "running"), "startedAt");
    } else if (state.contains(QLatin1String("terminated"))) {
        const QJsonObject t = obj(state, "terminated");
        c.state = KubeContainerStatus::State::Terminated;
        c.reason = str(t, "reason");
        c.message = str(t, "message");
        c.exitCode = t.value(QLatin1String("exitCode")).toInt();
        c.startedAt = time(t, "startedAt");
        c.finishedAt = time(t, "finishedAt");
        if (c.containerId.isEmpty())
            c.containerId = str(t, "containerID");
    }
    const QJsonObject last = obj(obj(s, "lastState"), "terminated");
    if (!last.isEmpty()) {
        c.hasPrevious = true;
        c.lastExitCode = last.value(QLatin1String("exitCode")).toInt();
        c.lastReason = str(last, "reason");
    }
    return c;
}

QStringList containerNames(const QJsonArray &specs)
{
    QStringList names;
    for (const QJsonValue &v : specs)
        names << v.toObject().value(QLatin1String("name")).toString();
    return names;
}

QString exitText(const KubeContainerStatus &c)
{
    return c.reason.isEmpty() ? QStringLiteral("ExitCode:%1").arg(c.exitCode) : c.reason;
}

}  // namespace

KubeObjectMeta KubeObjectMeta::fromJson(const QJsonObject &m)
{
    KubeObjectMeta meta;
    meta.name = str(m, "name");
    meta.namespaceName = str(m, "namespace");
    meta.uid = str(m, "uid");
    meta.resourceVersion = str(m, "resourceVersion");
    const QJsonObject labels = obj(m, "labels");
    for (auto it = labels.begin(); it != labels.end(); ++it)
        meta.labels.insert(it.key(), it.value().toString());
    meta.creationTimestamp = time(m, "creationTimestamp");
    const QDateTime deletion = time(m, "deletionTimestamp");
    if (deletion.isValid())
        meta.deletionTimestamp = deletion;
    return meta;
}

Result<KubePod> KubePod::fromJson(const QJsonObject &object)
{
    KubePod p;
    p.meta = KubeObjectMeta::fromJson(obj(object, "metadata"));
    if (p.meta.name.isEmpty())
        return decodeError(QStringLiteral("pod"));
    const QJsonObject spec = obj(object, "spec");
    p.nodeName = str(spec, "nodeName");
    p.initContainers = containerNames(spec.value(QLatin1String("initContainers")).toArray());
    p.containers = containerNames(spec.value(QLatin1String("containers")).toArray());
    const QJsonObject status = obj(object, "status");
    p.phase = str(status, "phase");
    p.podIp = str(status, "podIP");
    p.reason = str(status, "reason");
    p.message = str(status, "message");
    for (const QJsonValue &v : status.value(QLatin1String("initContainerStatuses")).toArray())
        p.initContainerStatuses.append(parseContainerStatus(v.toObject(), true));
    for (const QJsonValue &v : status.value(QLatin1String("containerStatuses")).toArray())
        p.containerStatuses.append(parseContainerStatus(v.toObject(), false));
    for (const QJsonValue &v : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject c = v.toObject();
        p.conditions.append(KubePodCondition{str(c, "type"), str(c, "status") == QLatin1String("True"),
                                             str(c, "reason"), str(c, "message")});
    }
    return p;
}

const KubeContainerStatus *KubePod::containerStatus(const QString &name) const
{
    for (const KubeContainerStatus &c : containerStatuses)
        if (c.name == name)
            return &c;
    for (const KubeContainerStatus &c : initContainerStatuses)
        if (c.name == name)
            return &c;
    return nullptr;
}

const KubePodCondition *KubePod::condition(const QString &type) const
{
    for (const KubePodCondition &c : conditions)
        if (c.type == type)
            return &c;
    return nullptr;
}

bool KubePod::isReady() const
{
    const KubePodCondition *c = condition(QStringLiteral("Ready"));
    return c && c->status;
}

int KubePod::readyContainers() const
{
    int n = 0;
    for (const KubeContainerStatus &c : containerStatuses)
        n += c.ready ? 1 : 0;
    return n;
}

int KubePod::totalRestarts() const
{
    int n = 0;
    for (const KubeContainerStatus &c : containerStatuses)
        n += c.restartCount;
    for (const KubeContainerStatus &c : initContainerStatuses)
        n += c.restartCount;
    return n;
}

std::optional<KubePod::Problem> KubePod::problem() const
{
    if (const KubePodCondition *s = condition(QStringLiteral("PodScheduled")); s && !s->status)
        return Problem{{}, s->reason.isEmpty() ? QStringLiteral("Unschedulable") : s->reason, s->message};
    using State = KubeContainerStatus::State;
    auto benign = [](const QString &reason) {
        return reason.isEmpty() || reason == QLatin1String("ContainerCreating") ||
               reason == QLatin1String("PodInitializing");
    };
    for (const KubeContainerStatus &c : initContainerStatuses) {
        if (c.state == State::Terminated && c.exitCode != 0)
            return Problem{c.name, c.reason.isEmpty() ? QStringLiteral("Error") : c.reason,
                           c.message.isEmpty() ? QStringLiteral("exit code %1").arg(c.exitCode) : c.message};
        if (c.state == State::Waiting && !benign(c.reason))
            return Problem{c.name, c.reason, c.message};
    }
    for (const KubeContainerStatus &c : containerStatuses) {
        if (c.state == State::Waiting && !benign(c.reason)) {
            QString message = c.message;
            if (c.reason == QLatin1String("CrashLoopBackOff") && c.hasPrevious && message.isEmpty())
                message = QStringLiteral("last exit code %1").arg(c.lastExitCode);
            return Problem{c.name, c.reason, message};
        }
        if (c.state == State::Terminated && c.exitCode != 0)
            return Problem{c.name, c.reason.isEmpty() ? QStringLiteral("Error") : c.reason,
                           c.message.isEmpty() ? QStringLiteral("exit code %1").arg(c.exitCode) : c.message};
    }
    if (phase == QLatin1String("Failed"))
        return Problem{{}, reason.isEmpty() ? QStringLiteral("Failed") : reason, message};
    return std::nullopt;
}

QString KubePod::statusText() const
{
    // kubectl's printPod (pkg/printers/internalversion/printers.go), simplified.
    using State = KubeContainerStatus::State;
    QString text = reason.isEmpty() ? phase : reason;
    bool initializing = false;
    for (qsizetype i = 0; i < initContainerStatuses.size(); ++i) {
        const KubeContainerStatus &c = initContainerStatuses[i];
        if (c.state == State::Terminated && c.exitCode == 0)
            continue;
        if (c.state == State::Terminated)
            text = QStringLiteral("Init:") + exitText(c);
        else if (c.state == State::Waiting && !c.reason.isEmpty() && c.reason != QLatin1String("PodInitializing"))
            text = QStringLiteral("Init:") + c.reason;
        else
            text = QStringLiteral("Init:%1/%2").arg(i).arg(initContainers.size());
        initializing = true;
        break;
    }
    if (!initializing) {
        bool hasRunning = false;
        for (qsizetype i = containerStatuses.size() - 1; i >= 0; --i) {
            const KubeContainerStatus &c = containerStatuses[i];
            if (c.state == State::Waiting && !c.reason.isEmpty())
                text = c.reason;
            else if (c.state == State::Terminated)
                text = exitText(c);
            else if (c.ready && c.state == State::Running)
                hasRunning = true;
        }
        if (text == QLatin1String("Completed") && hasRunning)
            text = isReady() ? QStringLiteral("Running") : QStringLiteral("NotReady");
    }
    if (const KubePodCondition *s = condition(QStringLiteral("PodScheduled")); s && !s->status && text.isEmpty())
        text = QStringLiteral("Pending");
    if (isTerminating())
        text = reason == QLatin1String("NodeLost") ? QStringLiteral("Unknown") : QStringLiteral("Terminating");
    return text;
}

Result<KubePodList> KubePodList::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1String("items")).isArray() && !object.value(QLatin1String("items")).isNull() &&
        object.contains(QLatin1String("items")))
        return decodeError(QStringLiteral("pod list"));
    KubePodList list;
    list.resourceVersion = str(obj(object, "metadata"), "resourceVersion");
    for (const QJsonValue &v : object.value(QLatin1String("items")).toArray()) {
        auto pod = KubePod::fromJson(v.toObject());
        if (!pod)
            return pod.error();
        list.items.append(std::move(pod).value());
    }
    return list;
}

Result<KubeNamespace> KubeNamespace::fromJson(const QJsonObject &object)
{
    KubeNamespace ns;
    ns.meta = KubeObjectMeta::fromJson(obj(object, "metadata"));
    if (ns.meta.name.isEmpty())
        return decodeError(QStringLiteral("namespace"));
    ns.phase = str(obj(object, "status"), "phase");
    return ns;
}

Result<KubeSecret> KubeSecret::fromJson(const QJsonObject &object)
{
    KubeSecret s;
    s.meta = KubeObjectMeta::fromJson(obj(object, "metadata"));
    if (s.meta.name.isEmpty())
        return decodeError(QStringLiteral("secret"));
    s.type = str(object, "type");
    s.immutable = object.value(QLatin1String("immutable")).toBool();
    const QJsonObject data = obj(object, "data");
    for (auto it = data.begin(); it != data.end(); ++it) {
        QByteArray encoded = it.value().toString().toLatin1();
        auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!encoded.isEmpty())
            OPENSSL_cleanse(encoded.data(), std::size_t(encoded.size()));
        if (!decoded)
            return decodeError(QStringLiteral("secret (data \"%1\" is not base64)").arg(it.key()));
        QByteArray &bytes = decoded.decoded;
        s.data.insert(it.key(),
                      std::make_shared<const certs::SecretBytes>(bytes.constData(), std::size_t(bytes.size())));
        if (!bytes.isEmpty())
            OPENSSL_cleanse(bytes.data(), std::size_t(bytes.size()));
    }
    return s;
}

}  // namespace workbench::models::kube
