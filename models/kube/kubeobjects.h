// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "kube/kubeuser.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::kube {

/// The metadata every Kubernetes object has (the part the workbench reads).
struct KubeObjectMeta {
    QString name;
    QString namespaceName;
    QString uid;
    QString resourceVersion;
    QMap<QString, QString> labels;
    QDateTime creationTimestamp;
    /// Set when the object is being deleted (graceful termination).
    std::optional<QDateTime> deletionTimestamp;

    static KubeObjectMeta fromJson(const QJsonObject &metadata);
};

/// One container's status, from status.containerStatuses / initContainerStatuses.
struct KubeContainerStatus {
    enum class State { Unknown, Waiting, Running, Terminated };

    QString name;
    bool init = false;
    bool ready = false;
    bool started = false;
    int restartCount = 0;
    State state = State::Unknown;
    /// Waiting: ContainerCreating, PodInitializing, ImagePullBackOff, ErrImagePull,
    /// CrashLoopBackOff, CreateContainerConfigError, ...; Terminated: Completed, Error, OOMKilled.
    QString reason;
    QString message;
    int exitCode = 0;          ///< Terminated
    QDateTime startedAt;       ///< Running and Terminated
    QDateTime finishedAt;      ///< Terminated
    QString containerId;       ///< the instance ("containerd://..."); changes with each restart
    bool hasPrevious = false;  ///< lastState.terminated is set: a previous instance's log may exist
    int lastExitCode = 0;
    QString lastReason;

    /// True when the container has (or had) a log: it runs or ran.
    bool hasLog() const { return state == State::Running || state == State::Terminated; }
};

/// A pod condition (PodScheduled, Initialized, ContainersReady, Ready).
struct KubePodCondition {
    QString type;
    bool status = false;
    QString reason;
    QString message;
};

/// A pod as the workbench reads it: identity, labels, containers and their states. Parsed from
/// the API's JSON; unknown fields are ignored.
struct KubePod {
    KubeObjectMeta meta;
    QString phase;  ///< Pending, Running, Succeeded, Failed, Unknown
    QString nodeName;
    QString podIp;
    QString reason;              ///< status.reason (Evicted, ...)
    QString message;             ///< status.message
    QStringList initContainers;  ///< spec.initContainers[].name, in order
    QStringList containers;      ///< spec.containers[].name, in order
    QList<KubeContainerStatus> initContainerStatuses;
    QList<KubeContainerStatus> containerStatuses;
    QList<KubePodCondition> conditions;

    /// Errors (code "kube.decode") when the object is no pod (no metadata.name).
    static Result<KubePod> fromJson(const QJsonObject &object);

    const QString &name() const { return meta.name; }
    const QString &namespaceName() const { return meta.namespaceName; }
    /// The status of a container or init container; nullptr when the API reports none yet.
    const KubeContainerStatus *containerStatus(const QString &name) const;
    const KubePodCondition *condition(const QString &type) const;
    bool isInitContainer(const QString &name) const { return initContainers.contains(name); }

    /// Condition Ready is True.
    bool isReady() const;
    /// Containers (not init containers) ready, and their number: "1/2" in kubectl's READY column.
    int readyContainers() const;
    int totalRestarts() const;
    bool isTerminating() const { return meta.deletionTimestamp.has_value(); }

    /// What keeps the pod from running, the way a person needs it, or nothing when it runs
    /// (or completed): the scheduler's message for an unschedulable pod, a container's waiting
    /// reason and message (ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError...),
    /// a failed init container, a terminated container's error.
    struct Problem {
        QString container;  ///< empty for pod-level problems
        QString reason;     ///< Unschedulable, ImagePullBackOff, CrashLoopBackOff, Error, ...
        QString message;
    };
    std::optional<Problem> problem() const;

    /// kubectl's STATUS column: Running, Pending, ContainerCreating, ImagePullBackOff,
    /// CrashLoopBackOff, Init:0/1, Init:CrashLoopBackOff, Completed, Error, Terminating, ...
    QString statusText() const;
};

/// A PodList: the pods and the list's resourceVersion (where a watch resumes).
struct KubePodList {
    QList<KubePod> items;
    QString resourceVersion;

    static Result<KubePodList> fromJson(const QJsonObject &object);
};

/// A Namespace (name, labels, phase).
struct KubeNamespace {
    KubeObjectMeta meta;
    QString phase;  ///< Active, Terminating

    static Result<KubeNamespace> fromJson(const QJsonObject &object);
};

/// A Secret: type, and its data decoded (values held as SecretBytes, never in a QByteArray
/// that outlives the parse).
struct KubeSecret {
    KubeObjectMeta meta;
    QString type;  ///< Opaque, kubernetes.io/dockerconfigjson, kubernetes.io/tls, ...
    QMap<QString, SharedSecret> data;
    bool immutable = false;

    static Result<KubeSecret> fromJson(const QJsonObject &object);
};

}  // namespace workbench::models::kube
