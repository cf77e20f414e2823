// SPDX-License-Identifier: Apache-2.0
#include "manifest/servicemanifest.h"

#include "manifest/manifestreader_p.h"
#include "manifest/yamldocument.h"

namespace workbench::models {

namespace detail {
QList<EnvVariable> readEnvItems(const YamlNode *list, const QString &listPath)
{
    QList<EnvVariable> out;
    if (!list || !list->isSequence())
        return out;
    out.reserve(list->size());
    for (int i = 0; i < list->size(); ++i) {
        const YamlNode *item = resolve(list->at(i));
        EnvVariable v;
        v.nodePath = itemPath(listPath, i);
        v.location = list->at(i)->location();
        if (item && item->isMapping()) {
            if (item->indexOfKey(u"name") < 0 && item->indexOfKey(u"key") >= 0) {
                v.legacyKey = true;
                v.name = readString(item, u"key", v.nodePath);
            } else {
                v.name = readString(item, u"name", v.nodePath);
            }
            v.value = readOptional(item, u"value", v.nodePath);
        }
        out.append(v);
    }
    return out;
}
}  // namespace detail

using namespace detail;

namespace {

ServiceSecret readSecret(const YamlNode *itemNode, const QString &path)
{
    ServiceSecret s;
    s.nodePath = path;
    s.location = itemNode->location();
    const YamlNode *m = resolve(itemNode);
    s.name = readString(m, u"name", path);
    s.kind = readOptional(m, u"kind", path);
    s.size = readOptional(m, u"size", path);
    s.value = readOptional(m, u"value", path);
    s.privateKey = readOptional(m, u"private_key", path);
    s.issuer = readOptional(m, u"issuer", path);
    s.commonName = readOptional(m, u"common_name", path);
    s.dns = readOptionalList(m, u"dns", path);
    s.endpoint = readOptional(m, u"endpoint", path);
    s.validFor = readOptional(m, u"valid_for", path);
    s.keyType = readOptional(m, u"key_type", path);
    s.migrate = readOptional(m, u"migrate", path);
    s.exportPublic = readOptional(m, u"export_public", path);
    s.tenantId = readOptional(m, u"tenant_id", path);
    s.clientId = readOptional(m, u"client_id", path);
    s.applicationSecret = readOptional(m, u"application_secret", path);
    return s;
}

}  // namespace

bool ServiceSecret::isExportedPublicly() const
{
    if (!exportPublic)
        return false;
    const QString v = exportPublic->value.toLower();
    return v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on");
}

ServiceManifest ServiceManifest::fromDocument(const YamlDocument &doc)
{
    ServiceManifest m;
    m.fileName = doc.fileName();
    const YamlNode *root = resolve(doc.root());
    const QString base;
    m.apiVersion = readString(root, u"apiVersion", base);
    m.kind = readString(root, u"kind", base);
    if (!root || !root->isMapping())
        return m;

    if (const YamlNode *envKey = root->keyNode(u"environment")) {
        m.hasEnvironment = true;
        m.environmentLocation = envKey->location();
        const YamlNode *env = child(root, u"environment");
        m.localEnv = readEnvItems(child(env, u"local"), QStringLiteral("environment.local"));
        m.globalEnv = readEnvItems(child(env, u"global"), QStringLiteral("environment.global"));
    }

    if (const YamlNode *secretsKey = root->keyNode(u"secrets")) {
        m.hasSecrets = true;
        m.secretsLocation = secretsKey->location();
        const YamlNode *secrets = child(root, u"secrets");
        const QString sp = QStringLiteral("secrets");
        m.imports = readList(secrets, u"import", sp);
        const YamlNode *global = child(secrets, u"global");
        if (global && global->isSequence()) {
            const QString gp = QStringLiteral("secrets.global");
            m.secrets.reserve(global->size());
            for (int i = 0; i < global->size(); ++i)
                m.secrets.append(readSecret(global->at(i), itemPath(gp, i)));
        }
    } else {
        m.imports.nodePath = QStringLiteral("secrets.import");
    }

    if (root->keyNode(u"injection_files")) {
        m.hasInjectionFiles = true;
        const YamlNode *files = child(root, u"injection_files");
        if (files && files->isSequence()) {
            const QString fp = QStringLiteral("injection_files");
            for (int i = 0; i < files->size(); ++i) {
                InjectionFile f;
                f.nodePath = itemPath(fp, i);
                f.location = files->at(i)->location();
                const YamlNode *item = resolve(files->at(i));
                f.path = readString(item, u"path", f.nodePath);
                f.content = readString(item, u"content", f.nodePath);
                m.injectionFiles.append(f);
            }
        }
    }

    if (const YamlNode *buildKey = root->keyNode(u"build")) {
        BuildSection &b = m.build;
        b.present = true;
        b.location = buildKey->location();
        const YamlNode *bn = child(root, u"build");
        const QString bp = QStringLiteral("build");
        b.name = readString(bn, u"name", bp);
        b.kind = readString(bn, u"kind", bp);
        b.to = readString(bn, u"to", bp);
        b.command = readString(bn, u"command", bp);
        b.from = readOptional(bn, u"from", bp);
        b.pwd = readOptional(bn, u"pwd", bp);
        b.requirements = readOptional(bn, u"requirements", bp);
        b.stable = readOptional(bn, u"stable", bp);
        b.copy = readOptionalList(bn, u"copy", bp);
        b.run = readOptionalList(bn, u"run", bp);
        b.binaries = readOptionalList(bn, u"binaries", bp);
        b.dirs = readOptionalList(bn, u"dirs", bp);
        b.fsDirs = readOptionalList(bn, u"fs_dirs", bp);
        b.fsFiles = readOptionalList(bn, u"fs_files", bp);
        b.plainFiles = readOptionalList(bn, u"plain_files", bp);
        b.plains = readOptionalList(bn, u"plains", bp);
        b.hostPaths = readOptionalList(bn, u"host_paths", bp);
        if (bn && bn->isMapping() && bn->keyNode(u"signature")) {
            b.hasSignature = true;
            const YamlNode *sig = child(bn, u"signature");
            b.signatureSign = readOptional(sig, u"sign", QStringLiteral("build.signature"));
            b.signatureKey = readOptional(sig, u"key", QStringLiteral("build.signature"));
        }
        if (const YamlNode *gp = child(bn, u"gen_policy"))
            b.genPolicy = readOptional(gp, u"policy", QStringLiteral("build.gen_policy"));
        const YamlNode *vols = child(bn, u"volumes");
        if (vols && vols->isSequence()) {
            const QString vp = QStringLiteral("build.volumes");
            for (int i = 0; i < vols->size(); ++i) {
                BuildVolume v;
                v.nodePath = itemPath(vp, i);
                v.location = vols->at(i)->location();
                const YamlNode *vn = resolve(vols->at(i));
                v.name = readString(vn, u"name", v.nodePath);
                v.path = readString(vn, u"path", v.nodePath);
                const YamlNode *ex = child(vn, u"export");
                if (ex && ex->isSequence()) {
                    for (int k = 0; k < ex->size(); ++k) {
                        const QString ep = itemPath(childPath(v.nodePath, QStringLiteral("export")), k);
                        const YamlNode *en = resolve(ex->at(k));
                        BuildVolumeExport e;
                        e.location = ex->at(k)->location();
                        e.session = readOptional(en, u"session", ep);
                        e.sessionHash = readOptional(en, u"session_hash", ep);
                        e.updatePolicy = readOptional(en, u"update_policy", ep);
                        e.volumeAlias = readOptional(en, u"volume_alias", ep);
                        v.exports.append(e);
                    }
                }
                if (const YamlNode *im = child(vn, u"import")) {
                    const QString ip = childPath(v.nodePath, QStringLiteral("import"));
                    v.importSession = readOptional(im, u"session", ip);
                    v.importVolume = readOptional(im, u"volume", ip);
                }
                b.volumes.append(v);
            }
        }
    } else {
        m.build.name.nodePath = QStringLiteral("build.name");
        m.build.kind.nodePath = QStringLiteral("build.kind");
        m.build.to.nodePath = QStringLiteral("build.to");
        m.build.command.nodePath = QStringLiteral("build.command");
    }

    m.topLevelRequirements = readOptional(root, u"requirements", base);
    return m;
}

const ServiceSecret *ServiceManifest::secret(const QString &name) const
{
    return detail::findByField(secrets, &ServiceSecret::name, name);
}

QStringList ServiceManifest::secretNames() const
{
    return detail::fieldValues(secrets, &ServiceSecret::name);
}

const EnvVariable *ServiceManifest::localVariable(const QString &name) const
{
    return detail::findByField(localEnv, &EnvVariable::name, name);
}

const EnvVariable *ServiceManifest::globalVariable(const QString &name) const
{
    return detail::findByField(globalEnv, &EnvVariable::name, name);
}

}  // namespace workbench::models
