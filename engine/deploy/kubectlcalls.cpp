// SPDX-License-Identifier: Apache-2.0
#include "deploy/kubectlcalls.h"

#include "kube/kubeobjects.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

namespace workbench::engine::deploy {

using models::build::Environment;
using models::build::ToolInvocation;

QString DeployedPod::describe() const
{
    QString s =
        QStringLiteral("%1 %2 %3/%4").arg(name, status.isEmpty() ? phase : status).arg(readyContainers).arg(containers);
    if (removed)
        s += QStringLiteral(" (removed)");
    if (!isUp() && !message.isEmpty())
        s += QStringLiteral(": ") + message;
    return s;
}

ToolInvocation kubectlInvocation(const KubectlTarget &target, const QStringList &arguments,
                                 const Environment &inherited)
{
    ToolInvocation inv;
    inv.program = QStringLiteral("kubectl");
    inv.environment = inherited;
    if (!target.kubeconfig.isEmpty())
        inv.arguments << QStringLiteral("--kubeconfig") << target.kubeconfig;
    if (!target.context.isEmpty())
        inv.arguments << QStringLiteral("--context") << target.context;
    inv.arguments << arguments;
    return inv;
}

QStringList kubectlGetNamespaceArgs(const QString &kubeNamespace)
{
    return {QStringLiteral("get"), QStringLiteral("namespace"), kubeNamespace, QStringLiteral("-o"),
            QStringLiteral("name")};
}

QStringList kubectlCreateNamespaceArgs(const QString &kubeNamespace)
{
    return {QStringLiteral("create"), QStringLiteral("namespace"), kubeNamespace};
}

QStringList kubectlGetSecretArgs(const QString &kubeNamespace, const QString &name)
{
    return {QStringLiteral("get"), QStringLiteral("secret"), name, QStringLiteral("-n"), kubeNamespace,
            QStringLiteral("-o"),  QStringLiteral("name")};
}

QStringList kubectlApplyStdinArgs(const QString &verb, const QString &kubeNamespace)
{
    // The object is generated here: no client-side validation (it would need the OpenAPI document).
    return {verb,
            QStringLiteral("--validate=false"),
            QStringLiteral("-n"),
            kubeNamespace,
            QStringLiteral("-f"),
            QStringLiteral("-")};
}

QStringList kubectlGetReleasePodsArgs(const QString &kubeNamespace, const QString &release)
{
    return {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-n"),
            kubeNamespace,         QStringLiteral("-l"),   QStringLiteral("app.kubernetes.io/instance=") + release,
            QStringLiteral("-o"),  QStringLiteral("json")};
}

bool isKubectlNotFound(const QString &stderrText)
{
    return stderrText.contains(QLatin1String("(NotFound)")) || stderrText.contains(QLatin1String(" not found"));
}

namespace {

DeployedPod podFromJson(const QJsonObject &pod)
{
    DeployedPod p;
    const QJsonObject meta = pod.value(QStringLiteral("metadata")).toObject();
    const QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    const QJsonObject status = pod.value(QStringLiteral("status")).toObject();
    p.name = meta.value(QStringLiteral("name")).toString();
    p.phase = status.value(QStringLiteral("phase")).toString(QStringLiteral("Unknown"));
    p.status = p.phase;
    p.containers = int(spec.value(QStringLiteral("containers")).toArray().size());
    const QJsonArray statuses = status.value(QStringLiteral("containerStatuses")).toArray();
    if (p.containers == 0)
        p.containers = int(statuses.size());
    for (const QJsonValue &v : statuses) {
        const QJsonObject cs = v.toObject();
        if (cs.value(QStringLiteral("ready")).toBool())
            ++p.readyContainers;
        const QJsonObject state = cs.value(QStringLiteral("state")).toObject();
        const QJsonObject waiting = state.value(QStringLiteral("waiting")).toObject();
        const QJsonObject terminated = state.value(QStringLiteral("terminated")).toObject();
        if (p.reason.isEmpty() && !waiting.isEmpty()) {
            p.reason = waiting.value(QStringLiteral("reason")).toString();
            p.message = waiting.value(QStringLiteral("message")).toString();
        } else if (p.reason.isEmpty() && !terminated.isEmpty()) {
            p.reason = terminated.value(QStringLiteral("reason")).toString(QStringLiteral("Terminated"));
            p.message = terminated.value(QStringLiteral("message")).toString();
        }
    }
    for (const QJsonValue &v : status.value(QStringLiteral("conditions")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString type = c.value(QStringLiteral("type")).toString();
        const bool isTrue = c.value(QStringLiteral("status")).toString() == QLatin1String("True");
        if (type == QLatin1String("Ready"))
            p.ready = isTrue;
        else if (type == QLatin1String("PodScheduled") && !isTrue && p.reason.isEmpty()) {
            p.reason = c.value(QStringLiteral("reason")).toString();
            p.message = c.value(QStringLiteral("message")).toString();
        }
    }
    if (!p.reason.isEmpty())
        p.status = p.reason;
    if (!meta.value(QStringLiteral("deletionTimestamp")).toString().isEmpty())
        p.status = QStringLiteral("Terminating");
    return p;
}

}  // namespace

Result<QList<DeployedPod>> parsePodList(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return makeError(QStringLiteral("deploy.pods"),
                         QStringLiteral("kubectl's pod list is not JSON: %1").arg(error.errorString()));
    const QJsonObject o = doc.object();
    const QString kind = o.value(QStringLiteral("kind")).toString();
    QList<DeployedPod> pods;
    if (kind == QLatin1String("Pod")) {
        pods << podFromJson(o);
    } else if (kind == QLatin1String("PodList") || kind == QLatin1String("List")) {
        for (const QJsonValue &v : o.value(QStringLiteral("items")).toArray())
            pods << podFromJson(v.toObject());
    } else {
        return makeError(QStringLiteral("deploy.pods"),
                         QStringLiteral("kubectl answered a \"%1\", not a pod list.").arg(kind));
    }
    std::sort(pods.begin(), pods.end(), [](const DeployedPod &a, const DeployedPod &b) { return a.name < b.name; });
    return pods;
}

DeployedPod deployedPodFrom(const models::kube::KubePod &pod)
{
    DeployedPod p;
    p.name = pod.name();
    p.phase = pod.phase.isEmpty() ? QStringLiteral("Unknown") : pod.phase;
    p.containers = int(pod.containers.size());
    if (p.containers == 0)
        p.containers = int(pod.containerStatuses.size());
    p.readyContainers = pod.readyContainers();
    p.ready = pod.isReady();
    if (const auto problem = pod.problem()) {
        p.reason = problem->reason;
        p.message = problem->message;
    }
    p.status = pod.statusText();
    if (p.status.isEmpty())
        p.status = p.phase;
    if (pod.isTerminating())
        p.status = QStringLiteral("Terminating");
    return p;
}

}  // namespace workbench::engine::deploy
