// SPDX-License-Identifier: Apache-2.0
// Control commands of the loopback Kubernetes API server (tests/support/kubeapi) that several
// tests send: see controlchannel.cpp for every command and its fields.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace workbench::test::kubeops {

/// The command @p name with @p fields, in namespace @p ns unless the fields name one.
inline QJsonObject op(const char *name, const QString &ns, QJsonObject fields = {})
{
    fields.insert(QStringLiteral("op"), QLatin1String(name));
    if (!fields.contains(QStringLiteral("namespace")))
        fields.insert(QStringLiteral("namespace"), ns);
    return fields;
}

/// Appends @p lines (with RFC 3339 @p timestamps when given) to a container's log.
inline QJsonObject appendLogs(const QString &ns, const QString &pod, const QString &container, const QStringList &lines,
                              const QJsonArray &timestamps = {})
{
    return op("appendLogs", ns,
              {{QStringLiteral("name"), pod},
               {QStringLiteral("container"), container},
               {QStringLiteral("lines"), QJsonArray::fromStringList(lines)},
               {QStringLiteral("timestamps"), timestamps}});
}

/// "<prefix><from>", "<prefix><from+1>", … (@p count lines).
inline QStringList numbered(const QString &prefix, int from, int count)
{
    QStringList l;
    for (int i = from; i < from + count; ++i)
        l << prefix + QString::number(i);
    return l;
}

}  // namespace workbench::test::kubeops
