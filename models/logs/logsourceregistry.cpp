// SPDX-License-Identifier: Apache-2.0
#include "logs/logsourceregistry.h"

#include <QCoreApplication>

namespace workbench::models::logs {

namespace {

QString containerKey(const QString &ns, const QString &pod, const QString &container)
{
    return QStringLiteral("c\x1f") + ns + QLatin1Char('\x1f') + pod + QLatin1Char('\x1f') + container;
}

QString podKey(const QString &ns, const QString &pod)
{
    return QStringLiteral("p\x1f") + ns + QLatin1Char('\x1f') + pod;
}

}  // namespace

Result<SourceId> LogSourceRegistry::addContainer(const QString &namespaceName, const QString &pod,
                                                 const QString &container, const QString &service)
{
    LogSource s;
    s.kind = LogSourceKind::Container;
    s.namespaceName = namespaceName;
    s.pod = pod;
    s.container = container;
    s.service = service;
    return add(std::move(s), containerKey(namespaceName, pod, container), podKey(namespaceName, pod));
}

Result<SourceId> LogSourceRegistry::addPod(const QString &namespaceName, const QString &pod, const QString &service)
{
    LogSource s;
    s.kind = LogSourceKind::Pod;
    s.namespaceName = namespaceName;
    s.pod = pod;
    s.service = service;
    const QString key = podKey(namespaceName, pod);
    return add(std::move(s), key, key);
}

Result<SourceId> LogSourceRegistry::addLocal(const QString &service)
{
    LogSource s;
    s.kind = LogSourceKind::Local;
    s.service = service;
    const QString key = QStringLiteral("l\x1f") + service;
    return add(std::move(s), key, key);
}

std::optional<SourceId> LogSourceRegistry::findContainer(const QString &namespaceName, const QString &pod,
                                                         const QString &container) const
{
    const auto it = m_byKey.constFind(containerKey(namespaceName, pod, container));
    if (it == m_byKey.constEnd())
        return std::nullopt;
    return *it;
}

void LogSourceRegistry::setRetired(SourceId id, bool retired)
{
    if (contains(id))
        m_sources[id.get()].retired = retired;
}

Result<SourceId> LogSourceRegistry::add(LogSource source, const QString &key, const QString &colourKey)
{
    if (const auto it = m_byKey.constFind(key); it != m_byKey.constEnd())
        return *it;
    if (m_sources.size() >= SourceId::maximumCount) {
        return makeError(
            QStringLiteral("logs.tooManySources"),
            QCoreApplication::translate("LogStore", "Too many log sources (at most %1).").arg(SourceId::maximumCount));
    }
    auto colour = m_colourByGroup.constFind(colourKey);
    if (colour == m_colourByGroup.constEnd())
        colour = m_colourByGroup.insert(colourKey, int(m_colourByGroup.size()));
    source.id = SourceId(quint16(m_sources.size()));
    source.colourIndex = *colour;
    m_prefixes.push_back(source.prefix().toUtf8());
    m_sources.push_back(std::move(source));
    m_byKey.insert(key, m_sources.back().id);
    return m_sources.back().id;
}

}  // namespace workbench::models::logs
