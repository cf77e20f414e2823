// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace workbench::engine::kube {

/// A Kubernetes `Status` object (the body of every API error, and of a watch's ERROR event).
struct KubeStatus {
    int code = 0;     ///< HTTP status code the Status carries
    QString reason;   ///< NotFound, AlreadyExists, Conflict, Expired, Forbidden, Unauthorized, ...
    QString message;  ///< the API server's sentence, shown as it is

    static KubeStatus fromJson(const QJsonObject &status);
    /// The Error for this Status: code from errc (kube.not_found, kube.gone, ...), message the
    /// API server's, detail "HTTP 404 NotFound".
    Error toError() const;
};

/// The Error for a response with a non-2xx @p httpStatus: the Status in @p body when there is
/// one, else the body's first line (a proxy's or load balancer's answer) with the HTTP status.
Error statusError(int httpStatus, const QByteArray &body);

/// The error code (errc::kube*) for an HTTP status and Status reason.
QString statusErrorCode(int httpStatus, const QString &reason);

/// Parses a JSON object answer ("kube.decode" naming @p what when it is none).
Result<QJsonObject> parseObject(const QByteArray &body, const QString &what);

}  // namespace workbench::engine::kube
