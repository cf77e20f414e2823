// SPDX-License-Identifier: Apache-2.0
#include "core/buildinfo.h"

#include "core/versions.h"

#include <curl/curl.h>

#include <QStringList>

namespace workbench::engine {

QList<QPair<QString, QString>> libraryVersions()
{
    auto list = models::libraryVersions();
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    QString curl = QString::fromLatin1(info->version);
    if (info->ssl_version)
        curl += QStringLiteral(" (") + QString::fromLatin1(info->ssl_version) + QLatin1Char(')');
    list.append({QStringLiteral("libcurl"), curl});
    list.append({QStringLiteral("QtKeychain"), QStringLiteral("Qt 6 build")});
    return list;
}

QString versionLine()
{
    QStringList parts;
    for (const auto &[name, version] : libraryVersions())
        parts << name + QLatin1Char(' ') + version;
    return QStringLiteral("scone-workbench ") + QStringLiteral(WORKBENCH_VERSION) + QStringLiteral(" (") +
           parts.join(QStringLiteral(", ")) + QLatin1Char(')');
}

}  // namespace workbench::engine
