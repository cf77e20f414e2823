// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QStringList>

namespace workbench::engine::net {

/// Status line and headers of a response (the final one, after any 1xx).
struct HttpResponseHead {
    int status = 0;
    QByteArray httpVersion;                        ///< "1.1", "2"
    QList<QPair<QByteArray, QByteArray>> headers;  ///< in order, names as sent
    /// Things the user must see, e.g. that TLS verification was off for this request.
    QStringList warnings;

    /// The first header named @p name (case-insensitive), or empty.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    bool isSuccess() const { return status >= 200 && status < 300; }
};

/// A buffered response. HTTP error statuses (4xx, 5xx) are responses, not Errors: the caller
/// decides (a Kubernetes Status body says what went wrong).
struct HttpResponse {
    HttpResponseHead head;
    QByteArray body;
};

}  // namespace workbench::engine::net
