// SPDX-License-Identifier: Apache-2.0
#include "manifest/casessionfile.h"

#include "manifest/manifestreader_p.h"
#include "manifest/yamldocument.h"

namespace workbench::models {

using namespace detail;

namespace {

bool isFragment(const YamlNode *n)
{
    return n && n->isScalar() && n->scalar().trimmed().startsWith(QLatin1String("$$SCONE::"));
}

SessionExport readExport(const YamlNode *itemNode, const QString &path)
{
    SessionExport e;
    e.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    if (n && n->isScalar()) {
        e.shortForm = scalarAt(itemNode, nullptr, path);
        return e;
    }
    e.session = readOptional(n, u"session", path);
    e.sessionNamespace = readOptional(n, u"namespace", path);
    e.sessionHash = readOptional(n, u"session_hash", path);
    e.casUrl = readOptional(n, u"cas_url", path);
    e.casKey = readOptional(n, u"cas_key", path);
    e.casSoftwareKey = readOptional(n, u"cas_software_key", path);
    if (const YamlNode *to = child(n, u"to")) {
        const QString tp = childPath(path, QStringLiteral("to"));
        e.toSession = readOptional(to, u"session", tp);
        if (!e.sessionHash)
            e.sessionHash = readOptional(to, u"session_hash", tp);
    }
    e.updatePolicy = readOptional(n, u"update_policy", path);
    e.volumeAlias = readOptional(n, u"volume_alias", path);
    return e;
}

QList<SessionExport> readExports(const YamlNode *owner, const QString &ownerPath)
{
    QList<SessionExport> out;
    const YamlNode *keyNode = owner && owner->isMapping() ? owner->value(u"export") : nullptr;
    if (!keyNode)
        return out;
    const QString path = childPath(ownerPath, QStringLiteral("export"));
    const YamlNode *ex = resolve(keyNode);
    if (ex && ex->isSequence()) {
        for (int i = 0; i < ex->size(); ++i)
            out.append(readExport(ex->at(i), itemPath(path, i)));
    } else if (ex && (ex->isMapping() || ex->isScalar())) {
        out.append(readExport(keyNode, path));
    }
    return out;
}

std::optional<SessionImport> readImport(const YamlNode *owner, const QString &ownerPath, QStringView itemKey)
{
    const YamlNode *keyValue = owner && owner->isMapping() ? owner->value(u"import") : nullptr;
    if (!keyValue)
        return std::nullopt;
    SessionImport im;
    im.location = keyValue->location();
    const QString path = childPath(ownerPath, QStringLiteral("import"));
    const YamlNode *n = resolve(keyValue);
    im.session = readOptional(n, u"session", path);
    im.secret = readOptional(n, itemKey, path);
    im.sessionHash = readOptional(n, u"session_hash", path);
    im.casUrl = readOptional(n, u"cas_url", path);
    im.casKey = readOptional(n, u"cas_key", path);
    im.casSoftwareKey = readOptional(n, u"cas_software_key", path);
    return im;
}

SessionAttestation readAttestationVariant(const YamlNode *itemNode, const QString &path)
{
    SessionAttestation a;
    a.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    if (isFragment(n)) {
        a.fragment = scalarAt(itemNode, nullptr, path);
        return a;
    }
    a.mrenclave = readOptionalList(n, u"mrenclave", path);
    if (const YamlNode *signer = child(n, u"signer")) {
        const QString sp = childPath(path, QStringLiteral("signer"));
        a.mrsigner = readOptional(signer, u"mrsigner", sp);
        a.isvprodid = readOptional(signer, u"isvprodid", sp);
        a.isvsvn = readOptional(signer, u"isvsvn", sp);
        a.isvsvnMin = readOptional(signer, u"isvsvn_min", sp);
        a.isvsvnMax = readOptional(signer, u"isvsvn_max", sp);
    }
    return a;
}

SessionService readService(const YamlNode *itemNode, const QString &path)
{
    SessionService s;
    s.nodePath = path;
    s.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    s.name = readString(n, u"name", path);
    const YamlNode *cmd = child(n, u"command");
    if (cmd && cmd->isSequence()) {
        s.commandList = readOptionalList(n, u"command", path);
        LocatedString joined;
        joined.present = true;
        joined.location = cmd->location();
        joined.nodePath = childPath(path, QStringLiteral("command"));
        joined.value = s.commandList->values().join(QLatin1Char(' '));
        s.command = joined;
    } else {
        s.command = readOptional(n, u"command", path);
    }
    if (const YamlNode *env = child(n, u"environment"); env && env->isMapping()) {
        const QString ep = childPath(path, QStringLiteral("environment"));
        for (int i = 0; i < env->size(); ++i) {
            SessionEnvVariable v;
            const YamlNode *k = env->keyAt(i);
            v.name = scalarAt(k, nullptr, ep);
            v.value = scalarAt(env->valueAt(i), k, childPath(ep, k ? k->scalar() : QString()));
            s.environment.append(v);
        }
    }
    s.pwd = readOptional(n, u"pwd", path);
    s.imageName = readOptional(n, u"image_name", path);
    s.fspfPath = readOptional(n, u"fspf_path", path);
    s.fspfKey = readOptional(n, u"fspf_key", path);
    s.fspfTag = readOptional(n, u"fspf_tag", path);
    s.fspfUpdatePolicy = readOptional(n, u"fspf_update_policy", path);
    if (const YamlNode *att = child(n, u"attestation")) {
        const QString ap = childPath(path, QStringLiteral("attestation"));
        if (att->isSequence()) {
            for (int i = 0; i < att->size(); ++i)
                s.attestation.append(readAttestationVariant(att->at(i), itemPath(ap, i)));
        } else {
            s.attestation.append(readAttestationVariant(n->value(u"attestation"), ap));
        }
    }
    s.mrenclaves = readOptionalList(n, u"mrenclaves", path);
    s.platforms = readOptionalList(n, u"platforms", path);
    s.oneTimePasswordSharedSecret = readOptional(n, u"one_time_password_shared_secret", path);
    return s;
}

SessionSecret readSecret(const YamlNode *itemNode, const QString &path)
{
    SessionSecret s;
    s.nodePath = path;
    s.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    s.name = readString(n, u"name", path);
    s.kind = readOptional(n, u"kind", path);
    s.value = readOptional(n, u"value", path);
    s.size = readOptional(n, u"size", path);
    s.keyType = readOptional(n, u"key_type", path);
    s.migrate = readOptional(n, u"migrate", path);
    s.exportPublic = readOptional(n, u"export_public", path);
    s.privateKey = readOptional(n, u"private_key", path);
    s.issuer = readOptional(n, u"issuer", path);
    s.commonName = readOptional(n, u"common_name", path);
    s.endpoint = readOptional(n, u"endpoint", path);
    s.validFor = readOptional(n, u"valid_for", path);
    s.dns = readOptionalList(n, u"dns", path);
    s.san = readOptionalList(n, u"san", path);
    s.exports = readExports(n, path);
    s.import = readImport(n, path, u"secret");
    s.hasImportAkv = n && n->isMapping() && n->indexOfKey(u"import_akv") >= 0;
    return s;
}

SessionImage readImage(const YamlNode *itemNode, const QString &path)
{
    SessionImage im;
    im.nodePath = path;
    im.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    im.name = readString(n, u"name", path);
    if (const YamlNode *files = child(n, u"injection_files"); files && files->isSequence()) {
        const QString fp = childPath(path, QStringLiteral("injection_files"));
        for (int i = 0; i < files->size(); ++i) {
            SessionInjectionFile f;
            const QString ip = itemPath(fp, i);
            f.location = files->at(i)->location();
            const YamlNode *fn = resolve(files->at(i));
            if (fn && fn->isScalar()) {
                f.path = scalarAt(files->at(i), nullptr, ip);
            } else {
                f.path = readString(fn, u"path", ip);
                f.content = readOptional(fn, u"content", ip);
                f.permission = readOptional(fn, u"permission", ip);
            }
            im.injectionFiles.append(f);
        }
    }
    if (const YamlNode *vols = child(n, u"volumes"); vols && vols->isSequence()) {
        const QString vp = childPath(path, QStringLiteral("volumes"));
        for (int i = 0; i < vols->size(); ++i) {
            const QString ip = itemPath(vp, i);
            const YamlNode *vn = resolve(vols->at(i));
            SessionImageVolume v;
            v.location = vols->at(i)->location();
            v.name = readString(vn, u"name", ip);
            v.path = readString(vn, u"path", ip);
            v.updatePolicy = readOptional(vn, u"update_policy", ip);
            im.volumes.append(v);
        }
    }
    im.provideSecrets = readOptionalList(n, u"provide_secrets", path);
    im.legacyMrenclaves = readOptionalList(n, u"mrenclaves", path);
    return im;
}

SessionVolume readVolume(const YamlNode *itemNode, const QString &path)
{
    SessionVolume v;
    v.nodePath = path;
    v.location = itemNode->location();
    const YamlNode *n = resolve(itemNode);
    v.name = readString(n, u"name", path);
    v.fspfKey = readOptional(n, u"fspf_key", path);
    v.fspfTag = readOptional(n, u"fspf_tag", path);
    v.exports = readExports(n, path);
    v.import = readImport(n, path, u"volume");
    return v;
}

std::optional<LocatedStringList> readEntryList(const YamlNode *map, QStringView key, const QString &base)
{
    return readOptionalList(map, key, base);
}

}  // namespace

CasSessionFile CasSessionFile::fromDocument(const YamlDocument &doc)
{
    CasSessionFile s;
    s.fileName = doc.fileName();
    const YamlNode *root = resolve(doc.root());
    const QString base;
    s.name = readString(root, u"name", base);
    if (!root || !root->isMapping())
        return s;
    s.version = readOptional(root, u"version", base);
    if (const YamlNode *v = child(root, u"version"))
        s.versionQuoted = v->style() == YamlNode::Style::DoubleQuoted || v->style() == YamlNode::Style::SingleQuoted;
    s.predecessor = readOptional(root, u"predecessor", base);
    s.namespaceHash = readOptional(root, u"namespace_hash", base);
    s.salt = readOptional(root, u"salt", base);

    if (const YamlNode *ak = root->keyNode(u"access_policy")) {
        SessionAccessPolicy &a = s.accessPolicy;
        a.present = true;
        a.location = ak->location();
        const YamlNode *an = child(root, u"access_policy");
        const QString ap = QStringLiteral("access_policy");
        if (isFragment(an)) {
            a.fragment = readOptional(root, u"access_policy", base);
        } else {
            a.read = readEntryList(an, u"read", ap);
            a.update = readEntryList(an, u"update", ap);
            a.createSessions = readEntryList(an, u"create_sessions", ap);
            a.listSessions = readEntryList(an, u"list_sessions", ap);
        }
    }

    if (const YamlNode *svcs = child(root, u"services"); svcs && svcs->isSequence())
        for (int i = 0; i < svcs->size(); ++i)
            s.services.append(readService(svcs->at(i), itemPath(QStringLiteral("services"), i)));
    if (const YamlNode *imgs = child(root, u"images"); imgs && imgs->isSequence())
        for (int i = 0; i < imgs->size(); ++i)
            s.images.append(readImage(imgs->at(i), itemPath(QStringLiteral("images"), i)));
    if (const YamlNode *vols = child(root, u"volumes"); vols && vols->isSequence())
        for (int i = 0; i < vols->size(); ++i)
            s.volumes.append(readVolume(vols->at(i), itemPath(QStringLiteral("volumes"), i)));
    if (const YamlNode *secs = child(root, u"secrets"); secs && secs->isSequence())
        for (int i = 0; i < secs->size(); ++i)
            s.secrets.append(readSecret(secs->at(i), itemPath(QStringLiteral("secrets"), i)));

    if (const YamlNode *sk = root->keyNode(u"security")) {
        SessionSecurity &sec = s.security;
        sec.present = true;
        sec.location = sk->location();
        const YamlNode *sn = child(root, u"security");
        const QString sp = QStringLiteral("security");
        if (isFragment(sn)) {
            sec.fragment = readOptional(root, u"security", base);
        } else {
            sec.singletonEnclaves = readOptional(sn, u"singleton_enclaves", sp);
            sec.serviceAccessToken = readOptional(sn, u"service_access_token", sp);
            if (sn && sn->isMapping() && sn->indexOfKey(u"attestation") >= 0) {
                sec.hasAttestation = true;
                const YamlNode *att = child(sn, u"attestation");
                const QString atp = QStringLiteral("security.attestation");
                if (isFragment(att)) {
                    sec.attestationFragment = readOptional(sn, u"attestation", sp);
                } else {
                    sec.mode = readOptional(att, u"mode", atp);
                    sec.url = readOptional(att, u"url", atp);
                    sec.tolerate = readOptionalList(att, u"tolerate", atp);
                    sec.ignoreAdvisories = readOptionalList(att, u"ignore_advisories", atp);
                    sec.trustedSconeQePubkeys = readOptionalList(att, u"trusted_scone_qe_pubkeys", atp);
                    sec.oneTimePasswordSharedSecret = readOptional(att, u"one_time_password_shared_secret", atp);
                }
            }
        }
    }
    if (const YamlNode *sc = root->keyNode(u"secret_config")) {
        s.hasSecretConfig = true;
        s.secretConfigLocation = sc->location();
    }
    s.hasCreator = root->indexOfKey(u"creator") >= 0;
    for (const char *legacy : {"digest", "board_members", "board_policy", "tags"}) {
        const QString k = QString::fromLatin1(legacy);
        if (auto v = readOptional(root, k, base))
            s.legacyKeys.append(*v);
    }
    return s;
}

const SessionSecret *CasSessionFile::secret(const QString &name) const
{
    return detail::findByField(secrets, &SessionSecret::name, name);
}

const SessionService *CasSessionFile::service(const QString &name) const
{
    return detail::findByField(services, &SessionService::name, name);
}

}  // namespace workbench::models
