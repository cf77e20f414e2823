// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "logs/logsource.h"

#include <QHash>

#include <optional>
#include <vector>

namespace workbench::models::logs {

/// The sources of one log store. Ids are dense (0, 1, 2, ...) and never reused. Colour indexes
/// are handed out per pod (per local service for local sources) in order of first appearance,
/// so all containers of a pod share a colour and neighbours differ.
class LogSourceRegistry
{
public:
    /// Registers a container of a pod; returns the existing id when it is known already.
    Result<SourceId> addContainer(const QString &namespaceName, const QString &pod, const QString &container,
                                  const QString &service = {});
    Result<SourceId> addPod(const QString &namespaceName, const QString &pod, const QString &service = {});
    Result<SourceId> addLocal(const QString &service);

    std::optional<SourceId> findContainer(const QString &namespaceName, const QString &pod,
                                          const QString &container) const;

    int count() const { return int(m_sources.size()); }
    bool contains(SourceId id) const { return id.get() < m_sources.size(); }
    /// Requires contains(id).
    const LogSource &source(SourceId id) const { return m_sources[id.get()]; }
    const std::vector<LogSource> &all() const { return m_sources; }
    /// The UTF-8 prefix ("POD CONTAINER | ") of @p id, for writing lines out fast.
    const QByteArray &prefixUtf8(SourceId id) const { return m_prefixes[id.get()]; }

    void setRetired(SourceId id, bool retired);

private:
    Result<SourceId> add(LogSource source, const QString &key, const QString &colourKey);

    std::vector<LogSource> m_sources;
    std::vector<QByteArray> m_prefixes;
    QHash<QString, SourceId> m_byKey;
    QHash<QString, int> m_colourByGroup;
};

}  // namespace workbench::models::logs
