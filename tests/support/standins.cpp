// SPDX-License-Identifier: Apache-2.0
#include "standins.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace workbench::test {

QString standinBinDir()
{
    return QStringLiteral(WORKBENCH_STANDIN_BIN_DIR);
}

QList<StandinCall> readStandinCalls(const QString &recordFile)
{
    QList<StandinCall> calls;
    QFile f(recordFile);
    if (!f.open(QIODevice::ReadOnly))
        return calls;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        StandinCall c;
        c.tool = o.value(QStringLiteral("tool")).toString();
        for (const QJsonValue &v : o.value(QStringLiteral("argv")).toArray())
            c.argv << v.toString();
        c.cwd = o.value(QStringLiteral("cwd")).toString();
        c.pid = o.value(QStringLiteral("pid")).toInteger();
        c.pgid = o.value(QStringLiteral("pgid")).toInteger();
        c.childPid = o.value(QStringLiteral("child_pid")).toInteger();
        const QJsonObject env = o.value(QStringLiteral("env")).toObject();
        for (auto it = env.begin(); it != env.end(); ++it)
            c.env.insert(it.key(), it.value().toString());
        calls << c;
    }
    return calls;
}

QProcessEnvironment standinEnvironment(const QString &recordFile, QProcessEnvironment base)
{
    const QString path = base.value(QStringLiteral("PATH"));
    base.insert(QStringLiteral("PATH"), path.isEmpty() ? standinBinDir() : standinBinDir() + QLatin1Char(':') + path);
    base.insert(QStringLiteral("STANDIN_RECORD"), recordFile);
    return base;
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = f.readAll();
    // "<pid> (<comm>) <state> …": the state follows the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    return close > 0 && close + 2 < stat.size() && stat.at(close + 2) != 'Z' && stat.at(close + 2) != 'X';
}

}  // namespace workbench::test
