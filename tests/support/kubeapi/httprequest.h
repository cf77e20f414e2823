// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrlQuery>

namespace kubetest {

struct HttpRequest {
    QByteArray method;
    QByteArray target;  ///< as sent: path and query
    QString path;       ///< percent-decoded path
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers;  ///< names in lower case
    QByteArray body;
    /// The authenticated user ("" when anonymous); set by the server.
    QString user;

    QByteArray header(const char *name) const { return headers.value(QByteArray(name)); }
    QString queryValue(const char *name) const { return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); }
    bool hasQuery(const char *name) const { return query.hasQueryItem(QLatin1String(name)); }
};

}  // namespace kubetest
