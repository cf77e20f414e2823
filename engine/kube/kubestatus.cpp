// SPDX-License-Identifier: Apache-2.0
#include "kube/kubestatus.h"

#include "core/errorcodes.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace workbench::engine::kube {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("KubeClient", text);
}
}  // namespace

KubeStatus KubeStatus::fromJson(const QJsonObject &status)
{
    KubeStatus s;
    s.code = status.value(QLatin1String("code")).toInt();
    s.reason = status.value(QLatin1String("reason")).toString();
    s.message = status.value(QLatin1String("message")).toString();
    return s;
}

QString statusErrorCode(int httpStatus, const QString &reason)
{
    switch (httpStatus) {
    case 400:
        return QString(errc::kubeBadRequest);
    case 401:
        return QString(errc::kubeUnauthorized);
    case 403:
        return QString(errc::kubeForbidden);
    case 404:
        return QString(errc::kubeNotFound);
    case 409:
        return reason == QLatin1String("AlreadyExists") ? QString(errc::kubeAlreadyExists)
                                                        : QString(errc::kubeConflict);
    case 410:
        return QString(errc::kubeGone);
    case 422:
        return QString(errc::kubeInvalid);
    case 429:
        return QString(errc::kubeTooManyRequests);
    default:
        break;
    }
    if (reason == QLatin1String("Expired") || reason == QLatin1String("Gone"))
        return QString(errc::kubeGone);
    return QString(errc::kubeServer);
}

Error KubeStatus::toError() const
{
    QString text = message;
    if (text.isEmpty())
        text = reason.isEmpty() ? tr("The API server refused the request (HTTP %1).").arg(code)
                                : tr("The API server refused the request: %1.").arg(reason);
    QString detail = QStringLiteral("HTTP %1").arg(code);
    if (!reason.isEmpty())
        detail += QLatin1Char(' ') + reason;
    return makeError(statusErrorCode(code, reason), text, detail);
}

Error statusError(int httpStatus, const QByteArray &body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject() &&
        doc.object().value(QLatin1String("kind")).toString() == QLatin1String("Status")) {
        KubeStatus s = KubeStatus::fromJson(doc.object());
        if (s.code == 0)
            s.code = httpStatus;
        return s.toError();
    }
    // Not a Status: a proxy, a load balancer or something else answered.
    QByteArray first = body.left(300);
    if (const qsizetype nl = first.indexOf('\n'); nl >= 0)
        first.truncate(nl);
    KubeStatus s;
    s.code = httpStatus;
    s.message = first.trimmed().isEmpty()
                    ? tr("The API server answered HTTP %1.").arg(httpStatus)
                    : tr("The API server answered HTTP %1: %2").arg(httpStatus).arg(QString::fromUtf8(first.trimmed()));
    return s.toError();
}

Result<QJsonObject> parseObject(const QByteArray &body, const QString &what)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QString(errc::kubeDecode), tr("The API server's answer is no %1.").arg(what),
                         pe.error != QJsonParseError::NoError ? pe.errorString() : QString());
    return doc.object();
}

}  // namespace workbench::engine::kube
