// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "logs/linetypes.h"

#include <QByteArray>
#include <QString>

namespace workbench::models::logs {

enum class LogSourceKind : quint8 {
    Container,  ///< one container of a pod (the usual stream)
    Pod,        ///< a pod as a whole (lines about the pod, not from a container)
    Local,      ///< a service run on this machine (Run locally)
};

/// Where lines come from. Registered once in LogSourceRegistry; lines carry only the SourceId.
struct LogSource {
    SourceId id;
    LogSourceKind kind = LogSourceKind::Container;
    QString namespaceName;
    QString pod;        ///< Container and Pod
    QString container;  ///< Container only
    /// The mesh service the source belongs to (pod label app.kubernetes.io/name, or the local
    /// service's name); SCONE status is summarised per service.
    QString service;
    /// Index into the view's palette: the same for every container of a pod.
    int colourIndex = 0;
    /// The pod or container is gone (deleted, replaced by a restart); kept for its lines.
    bool retired = false;

    /// "POD CONTAINER", "POD" or "SERVICE".
    QString displayName() const;
    /// displayName() + " | ", the prefix of every line of this source (as stern prints it).
    QString prefix() const { return displayName() + QStringLiteral(" | "); }
};

}  // namespace workbench::models::logs
