// SPDX-License-Identifier: Apache-2.0
#include "localrunproject.h"

#include "localrunsupport.h"
#include "testsupport.h"

#include <QStringList>

namespace workbench::test {

QString prepareLocalRunTools()
{
    if (!qgetenv("PATH").startsWith("/usr/bin:"))
        qputenv("PATH", "/usr/bin:" + qgetenv("PATH"));
    const QStringList missing = missingLocalRunTools();
    return missing.isEmpty() ? QString() : missingLocalRunToolsMessage(missing);
}

bool replaceInFile(const QString &dir, const QString &file, const QByteArray &from, const QByteArray &to)
{
    const QString path = dir + QLatin1Char('/') + file;
    QByteArray text = readFile(path);
    if (!text.contains(from))
        return false;
    text.replace(from, to);
    return writeFile(path, text);
}

QString localRunExampleCopy(const QString &dir, quint16 redisPort, quint16 apiPort)
{
    if (!copyTree(exampleDir(), dir))
        return {};
    const auto edit = [&dir](const QString &file, const QByteArray &from, const QByteArray &to) {
        return replaceInFile(dir, file, from, to);
    };
    const QByteArray redis = QByteArray::number(redisPort);
    const QByteArray api = QByteArray::number(apiPort);
    // rest_api.py listens on APP_SERVICE_PORT (default 4996): the copy declares that variable so
    // its session passes the mesh's (here free) port.
    const bool ok = edit(QStringLiteral("flask-api/service.yaml"), "    - name: K8sNAMESPACE\n",
                         "    - name: K8sNAMESPACE\n    - name: APP_SERVICE_PORT\n") &&
                    edit(QStringLiteral("redis/service.yaml"), "--tls-port 6379", "--tls-port " + redis) &&
                    edit(QStringLiteral("mesh.yaml"), "name: REDIS_PORT\n        value: 6379",
                         "name: REDIS_PORT\n        value: " + redis) &&
                    edit(QStringLiteral("mesh.yaml"), "name: APP_SERVICE_PORT\n        value: 4996",
                         "name: APP_SERVICE_PORT\n        value: " + api) &&
                    edit(QStringLiteral("mesh.yaml"), "name: APP_SERVICE_PORT\n        value: 6379",
                         "name: APP_SERVICE_PORT\n        value: " + redis);
    return ok ? dir : QString();
}

}  // namespace workbench::test
