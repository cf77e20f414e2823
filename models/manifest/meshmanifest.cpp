// SPDX-License-Identifier: Apache-2.0
#include "manifest/meshmanifest.h"

#include "manifest/manifestreader_p.h"
#include "manifest/yamldocument.h"

#include <QHash>

namespace workbench::models {

using namespace detail;

QStringList MeshPolicy::tolerateList() const
{
    QStringList out;
    if (!tolerate)
        return out;
    const auto parts = tolerate->value.split(QLatin1Char(','));
    for (const QString &p : parts) {
        const QString t = p.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

MeshManifest MeshManifest::fromDocument(const YamlDocument &doc)
{
    MeshManifest m;
    m.fileName = doc.fileName();
    const YamlNode *root = resolve(doc.root());
    const QString base;
    m.apiVersion = readString(root, u"apiVersion", base);
    m.kind = readString(root, u"kind", base);
    if (!root || !root->isMapping())
        return m;

    if (root->keyNode(u"cas")) {
        m.hasCas = true;
        const YamlNode *cas = child(root, u"cas");
        if (cas && cas->isSequence()) {
            for (int i = 0; i < cas->size(); ++i) {
                MeshCas c;
                c.nodePath = itemPath(QStringLiteral("cas"), i);
                c.location = cas->at(i)->location();
                const YamlNode *cn = resolve(cas->at(i));
                c.name = readString(cn, u"name", c.nodePath);
                c.alias = readList(cn, u"alias", c.nodePath);
                c.casUrl = readString(cn, u"cas_url", c.nodePath);
                c.casKey = readOptional(cn, u"cas_key", c.nodePath);
                c.casEncryptionKey = readOptional(cn, u"cas_encryption_key", c.nodePath);
                c.tolerance = readOptional(cn, u"tolerance", c.nodePath);
                c.mode = readOptional(cn, u"mode", c.nodePath);
                m.cas.append(c);
            }
        }
    }

    if (const YamlNode *pk = root->keyNode(u"policy")) {
        MeshPolicy &p = m.policy;
        p.present = true;
        p.location = pk->location();
        const YamlNode *pn = child(root, u"policy");
        const QString pp = QStringLiteral("policy");
        p.policyNamespace = readOptional(pn, u"namespace", pp);
        p.tolerate = readOptional(pn, u"tolerate", pp);
        p.ignoreAdvisories = readOptional(pn, u"ignore_advisories", pp);
        p.maa = readOptional(pn, u"maa", pp);
        p.accessPolicyName = readOptional(pn, u"access_policy_name", pp);
        p.attestationPolicyName = readOptional(pn, u"attestation_policy_name", pp);
        p.securityPolicyName = readOptional(pn, u"security_policy_name", pp);
        p.imagePolicyNamespace = readOptional(pn, u"image_policy_namespace", pp);
    }

    if (const YamlNode *ek = root->keyNode(u"env")) {
        m.envLocation = ek->location();
        const YamlNode *env = child(root, u"env");
        if (!env || env->isNull() || (env->isSequence() && env->size() == 0)) {
            m.envShape = EnvShape::Empty;
        } else if (env->isSequence()) {
            bool flat = false;
            bool perService = false;
            QList<EnvVariable> flatItems;
            for (int i = 0; i < env->size(); ++i) {
                const YamlNode *item = resolve(env->at(i));
                const QString ip = itemPath(QStringLiteral("env"), i);
                if (item && item->isMapping() && item->indexOfKey(u"service") >= 0) {
                    perService = true;
                    MeshEnvBlock b;
                    b.nodePath = ip;
                    b.location = env->at(i)->location();
                    b.service = readString(item, u"service", ip);
                    b.env = readEnvItems(child(item, u"env"), childPath(ip, QStringLiteral("env")));
                    m.envBlocks.append(b);
                } else {
                    flat = true;
                    // one item of the legacy flat list
                    if (flatItems.isEmpty())
                        flatItems = readEnvItems(env, QStringLiteral("env"));
                    if (i < flatItems.size())
                        m.flatEnv.append(flatItems.at(i));
                }
            }
            m.envShape = flat && perService ? EnvShape::Mixed : perService ? EnvShape::PerService : EnvShape::Flat;
        } else {
            m.envShape = EnvShape::Mixed;  // wrong type; the validator reports it
        }
    }

    if (const YamlNode *sk = root->keyNode(u"services")) {
        m.hasServices = true;
        m.servicesLocation = sk->location();
        const YamlNode *svcs = child(root, u"services");
        if (svcs && svcs->isSequence()) {
            m.services.reserve(svcs->size());
            for (int i = 0; i < svcs->size(); ++i) {
                MeshService s;
                s.nodePath = itemPath(QStringLiteral("services"), i);
                s.location = svcs->at(i)->location();
                const YamlNode *sn = resolve(svcs->at(i));
                s.name = readString(sn, u"name", s.nodePath);
                s.image = readString(sn, u"image", s.nodePath);
                s.imageSecrets = readOptional(sn, u"image_secrets", s.nodePath);
                s.imagePolicy = readOptional(sn, u"image_policy", s.nodePath);
                s.helmChart = readOptional(sn, u"helm_chart", s.nodePath);
                s.env = readOptional(sn, u"env", s.nodePath);
                m.services.append(s);
            }
        }
    }

    if (const YamlNode *hk = root->keyNode(u"helm_extra_values")) {
        m.hasHelmExtraValues = true;
        m.helmExtraValuesLocation = hk->location();
    }

    if (const YamlNode *rk = root->keyNode(u"repo")) {
        MeshRepo &r = m.repo;
        r.present = true;
        r.location = rk->location();
        const YamlNode *rn = child(root, u"repo");
        const QString rp = QStringLiteral("repo");
        r.destination = readString(rn, u"destination", rp);
        r.squash = readOptional(rn, u"squash", rp);
        r.strip = readOptional(rn, u"strip", rp);
        r.push = readOptional(rn, u"push", rp);
        r.keyFile = readOptional(rn, u"key_file", rp);
        r.configId = readOptional(rn, u"config_id", rp);
    }

    const YamlNode *extra = child(root, u"extra_policies");
    if (extra && extra->isSequence()) {
        for (int i = 0; i < extra->size(); ++i) {
            const QString ip = itemPath(QStringLiteral("extra_policies"), i);
            const YamlNode *en = resolve(extra->at(i));
            MeshExtraPolicy e;
            e.location = extra->at(i)->location();
            e.name = readString(en, u"name", ip);
            e.mode = readOptional(en, u"mode", ip);
            m.extraPolicies.append(e);
        }
    }
    return m;
}

const MeshService *MeshManifest::service(const QString &name) const
{
    return detail::findByField(services, &MeshService::name, name);
}

QStringList MeshManifest::serviceNames() const
{
    return detail::fieldValues(services, &MeshService::name);
}

const MeshEnvBlock *MeshManifest::envBlock(const QString &service) const
{
    return detail::findByField(envBlocks, &MeshEnvBlock::service, service);
}

QList<EnvVariable> MeshManifest::effectiveEnv(const QString &serviceName) const
{
    // Each name keeps the place of its first entry and the value of its last: one hash probe per
    // entry, so the cost is linear in the size of the env blocks.
    QList<EnvVariable> out;
    QHash<QString, qsizetype> at;
    auto merge = [&out, &at](const QList<EnvVariable> &vars) {
        for (const EnvVariable &v : vars) {
            const auto it = at.constFind(v.name.value);
            if (it != at.cend()) {
                out[*it] = v;
            } else {
                at.insert(v.name.value, out.size());
                out.append(v);
            }
        }
    };
    merge(flatEnv);
    for (const MeshEnvBlock &b : envBlocks)
        if (b.service.value == QLatin1String("global"))
            merge(b.env);
    for (const MeshEnvBlock &b : envBlocks)
        if (b.service.value == QLatin1String("helm"))
            merge(b.env);
    if (serviceName != QLatin1String("global") && serviceName != QLatin1String("helm"))
        for (const MeshEnvBlock &b : envBlocks)
            if (b.service.value == serviceName)
                merge(b.env);
    return out;
}

}  // namespace workbench::models
