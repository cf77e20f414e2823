// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "containerlog.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <memory>
#include <vector>

namespace kubetest {

using Labels = QMap<QString, QString>;

/// One container of a pod, with its current log and the previous instance's.
struct ContainerRecord {
    QString name;
    QString image;
    bool ready = true;
    int restartCount = 0;
    QString waitingReason;  ///< non-empty: the container waits (ContainerCreating, ImagePullBackOff, ...)
    QString waitingMessage;
    bool terminated = false;  ///< init containers: completed
    int exitCode = 0;
    qint64 startedAt = 0;
    qint64 lastTerminatedAt = 0;  ///< > 0 after a restart
    int lastExitCode = 0;
    std::shared_ptr<ContainerLog> log = std::make_shared<ContainerLog>();
    std::shared_ptr<ContainerLog> previousLog;
};

struct PodRecord {
    QString namespaceName;
    QString name;
    QString uid;
    Labels labels;
    QString node = QStringLiteral("node-1");
    QString phase = QStringLiteral("Running");
    QString podIp;
    /// Non-empty: not scheduled (PodScheduled=False, reason Unschedulable) with this message.
    QString unschedulableMessage;
    qint64 created = 0;
    quint64 resourceVersion = 0;
    std::vector<ContainerRecord> initContainers;
    std::vector<ContainerRecord> containers;

    ContainerRecord *container(const QString &name);
    QStringList containerNames() const;
    QMap<QString, QString> fields() const;  ///< for field selectors
};

struct SecretRecord {
    QString namespaceName;
    QString name;
    QString uid;
    QString type = QStringLiteral("Opaque");
    QJsonObject data;  ///< key -> base64
    Labels labels;
    QJsonObject annotations;
    qint64 created = 0;
    quint64 resourceVersion = 0;
    bool immutable = false;
};

struct NamespaceRecord {
    QString name;
    QString uid;
    Labels labels;
    qint64 created = 0;
    quint64 resourceVersion = 0;
};

/// A watch event as the API server records it.
struct WatchEvent {
    quint64 resourceVersion = 0;
    QString type;      ///< ADDED, MODIFIED, DELETED
    QString resource;  ///< pods, namespaces, secrets
    QString namespaceName;
    QString name;
    Labels labels;
    QMap<QString, QString> fields;
    QJsonObject object;
    /// For pods, the record at that time (the Table row is made from it).
    std::shared_ptr<const PodRecord> pod;
};

}  // namespace kubetest
