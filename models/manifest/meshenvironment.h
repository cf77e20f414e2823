// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/meshmanifest.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace workbench::models {

/// The environment a mesh gives each of its services, indexed once: lookups by name cost one or
/// two hash probes whatever the size of the mesh, and nothing is copied per service (a mesh with
/// one `<service>_host` variable per service in its `global` block is as cheap to query as a
/// small one).
///
/// Precedence is MeshManifest::effectiveEnv()'s: the service's own block(s) > `helm` > `global`
/// (the legacy flat list counts as global); inside one kind of block a later entry wins. The
/// names are effectiveEnv()'s too (an entry without a name is kept under the empty name).
///
/// Holds pointers into the mesh it was built from: the mesh must outlive it and stay unchanged.
class MeshEnvironment
{
public:
    MeshEnvironment() = default;
    explicit MeshEnvironment(const MeshManifest &mesh);

    /// The variable @p name as the mesh sets it for @p service (a mesh service name; `global`
    /// and `helm` see the shared blocks only); nullptr when the mesh does not set it.
    const EnvVariable *find(const QString &service, const QString &name) const;
    bool contains(const QString &service, const QString &name) const { return find(service, name) != nullptr; }

    /// The names the `global`/`helm`/flat entries set (every service sees them), sorted.
    const QStringList &sharedNames() const { return m_sharedNames; }
    /// The names only @p service's own block(s) set (in block order; may repeat shared names).
    QStringList serviceNames(const QString &service) const;

    /// Index in MeshManifest::services of the first service named @p name, -1 if none.
    int serviceIndex(const QString &name) const { return m_serviceIndex.value(name, -1); }
    bool hasService(const QString &name) const { return m_serviceIndex.contains(name); }

private:
    using Table = QHash<QString, const EnvVariable *>;
    const Table *serviceTable(const QString &service) const;

    Table m_shared;                   ///< flat + global, then helm over them
    QHash<QString, Table> m_service;  ///< per service name: its own blocks
    QHash<QString, QStringList> m_serviceOrder;
    QStringList m_sharedNames;
    QHash<QString, int> m_serviceIndex;
};

}  // namespace workbench::models
