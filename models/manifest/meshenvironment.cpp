// SPDX-License-Identifier: Apache-2.0
#include "manifest/meshenvironment.h"

#include <algorithm>

namespace workbench::models {

namespace {
bool isSharedBlock(const QString &service)
{
    return service == QLatin1String("global") || service == QLatin1String("helm");
}
}  // namespace

MeshEnvironment::MeshEnvironment(const MeshManifest &mesh)
{
    auto fill = [](Table &into, const QList<EnvVariable> &vars) {
        for (const EnvVariable &v : vars)
            into.insert(v.name.value, &v);
    };
    fill(m_shared, mesh.flatEnv);
    for (const MeshEnvBlock &b : mesh.envBlocks)
        if (b.service.value == QLatin1String("global"))
            fill(m_shared, b.env);
    for (const MeshEnvBlock &b : mesh.envBlocks)
        if (b.service.value == QLatin1String("helm"))
            fill(m_shared, b.env);
    for (const MeshEnvBlock &b : mesh.envBlocks) {
        if (isSharedBlock(b.service.value))
            continue;
        fill(m_service[b.service.value], b.env);
        QStringList &order = m_serviceOrder[b.service.value];
        for (const EnvVariable &v : b.env)
            order.append(v.name.value);
    }
    m_sharedNames = m_shared.keys();
    std::sort(m_sharedNames.begin(), m_sharedNames.end());
    // QHash::insert replaces: walk backwards so that the first occurrence is the one kept.
    m_serviceIndex.reserve(mesh.services.size());
    for (int i = int(mesh.services.size()) - 1; i >= 0; --i)
        m_serviceIndex.insert(mesh.services.at(i).name.value, i);
}

const MeshEnvironment::Table *MeshEnvironment::serviceTable(const QString &service) const
{
    if (isSharedBlock(service))
        return nullptr;
    const auto it = m_service.constFind(service);
    return it == m_service.cend() ? nullptr : &it.value();
}

const EnvVariable *MeshEnvironment::find(const QString &service, const QString &name) const
{
    if (const Table *own = serviceTable(service))
        if (const EnvVariable *v = own->value(name))
            return v;
    return m_shared.value(name);
}

QStringList MeshEnvironment::serviceNames(const QString &service) const
{
    if (isSharedBlock(service))
        return {};
    return m_serviceOrder.value(service);
}

}  // namespace workbench::models
