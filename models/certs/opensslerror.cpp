// SPDX-License-Identifier: Apache-2.0
#include "certs/opensslerror.h"

#include <openssl/err.h>

#include <QStringList>

namespace workbench::models::certs {

QString drainOpenSslErrors()
{
    QStringList parts;
    const char *file = nullptr;
    const char *func = nullptr;
    const char *data = nullptr;
    int line = 0;
    int flags = 0;
    unsigned long code = 0;
    while ((code = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        QString entry = QString::fromUtf8(buf);
        if (data && (flags & ERR_TXT_STRING) && *data)
            entry += QStringLiteral(" [") + QString::fromUtf8(data) + QLatin1Char(']');
        if (!parts.contains(entry))
            parts << entry;
    }
    return parts.join(QStringLiteral("; "));
}

void clearOpenSslErrors()
{
    ERR_clear_error();
}

Error openSslError(const QString &code, const QString &message)
{
    return makeError(code, message, drainOpenSslErrors());
}

}  // namespace workbench::models::certs
