// SPDX-License-Identifier: Apache-2.0
#include "core/versions.h"

#include <openssl/crypto.h>

#include <QtGlobal>

namespace workbench::models {

QList<QPair<QString, QString>> libraryVersions()
{
    return {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("OpenSSL"), QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))},
        {QStringLiteral("yaml-cpp"), QStringLiteral(WORKBENCH_YAMLCPP_VERSION)},
    };
}

}  // namespace workbench::models
