// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "objects.h"

#include <QJsonArray>
#include <QJsonObject>

namespace kubetest {

/// The API objects as the real API server writes them (the parts clients read).
QJsonObject podJson(const PodRecord &pod, bool withTypeMeta = true);
QJsonObject namespaceJson(const NamespaceRecord &ns, bool withTypeMeta = true);
QJsonObject secretJson(const SecretRecord &secret, bool withTypeMeta = true);
QJsonObject labelsJson(const Labels &labels);

/// The meta.k8s.io/v1 Table kubectl's "get pods" asks for.
QJsonArray podTableColumns();
QJsonObject podTableRow(const PodRecord &pod, qint64 now);
QJsonObject podTable(const std::vector<const PodRecord *> &pods, quint64 resourceVersion, bool withColumns, qint64 now,
                     const QString &continueToken = {});

/// kubectl's age format (k8s.io/apimachinery duration.HumanDuration).
QString humanDuration(qint64 nanos);

/// A Status object: {"kind":"Status","apiVersion":"v1","status":"Failure","message":...}.
QJsonObject statusJson(int code, const QString &reason, const QString &message, const QJsonObject &details = {});

}  // namespace kubetest
