// SPDX-License-Identifier: Apache-2.0
#include "localrun/localrunplan.h"

#include <QFileInfo>

namespace workbench::models::localrun {

const LocalService *LocalRunPlan::service(const QString &name) const
{
    for (const LocalService &s : services)
        if (s.name == name)
            return &s;
    return nullptr;
}

QList<QPair<QString, QString>> processEnvironment(const LocalService &service)
{
    QString path = QStringLiteral("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    const QString programDir =
        service.program.program.isEmpty() ? QString() : QFileInfo(service.program.program).absolutePath();
    if (!programDir.isEmpty() && !path.split(QLatin1Char(':')).contains(programDir))
        path = programDir + QLatin1Char(':') + path;
    QList<QPair<QString, QString>> env{{QStringLiteral("PATH"), path},
                                       {QStringLiteral("HOME"), QStringLiteral("/tmp")},
                                       {QStringLiteral("LANG"), QStringLiteral("C.UTF-8")}};
    if (service.runtime == RuntimeKind::Python)
        env << qMakePair(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    for (const auto &[name, value] : service.environment) {
        bool replaced = false;
        for (auto &entry : env)
            if (entry.first == name) {
                entry.second = value;
                replaced = true;
            }
        if (!replaced)
            env << qMakePair(name, value);
    }
    return env;
}

QString runtimeKindName(RuntimeKind kind)
{
    switch (kind) {
    case RuntimeKind::Python:
        return QStringLiteral("python");
    case RuntimeKind::Java:
        return QStringLiteral("java");
    case RuntimeKind::Native:
        break;
    }
    return QStringLiteral("native");
}

}  // namespace workbench::models::localrun
