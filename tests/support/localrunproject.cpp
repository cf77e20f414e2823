// SPDX-License-Identifier: Apache-2.0
#include "localrunproject.h"

#include "localrun/hostprobe.h"
#include "testsupport.h"

#include <QStandardPaths>
#include <QStringList>
#include <QTcpServer>

namespace workbench::test {

std::optional<QString> missingLocalRunTools()
{
    if (!qgetenv("PATH").startsWith("/usr/bin:"))
        qputenv("PATH", "/usr/bin:" + qgetenv("PATH"));
    QStringList missing;
    for (const char *tool : {"bwrap", "redis-server"})
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            missing << QString::fromLatin1(tool);
    if (!engine::localrun::runHostProbe(QStringLiteral("/usr/bin/python3"),
                                        {QStringLiteral("-c"), QStringLiteral("import flask, redis")}))
        missing << QStringLiteral("python3-flask/python3-redis");
    if (missing.isEmpty())
        return std::nullopt;
    return QStringLiteral("needs %1 (packaging/debian-packages.txt)").arg(missing.join(QStringLiteral(", ")));
}

bool localRunToolsRequired()
{
    return qEnvironmentVariableIntValue("WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS") == 1;
}

quint16 freeTcpPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::Any, 0))
        return 0;
    return probe.serverPort();
}

QString localRunExampleCopy(const QString &dir, quint16 redisPort, quint16 apiPort)
{
    if (!copyTree(exampleDir(), dir))
        return {};
    auto edit = [&](const QString &file, const QByteArray &from, const QByteArray &to) {
        const QString path = dir + QLatin1Char('/') + file;
        QByteArray text = readFile(path);
        if (!text.contains(from))
            return false;
        text.replace(from, to);
        return writeFile(path, text);
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
