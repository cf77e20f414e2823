// SPDX-License-Identifier: Apache-2.0
// Semantic rules of one file (service, mesh, session), given what is known about the others.
#include "manifest/manifestproject.h"
#include "validation/rules_p.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <vector>

namespace workbench::models::detail {

namespace {

const QStringList kBuiltinVariables = {
    QStringLiteral("namespace"),    QStringLiteral("session"),    QStringLiteral("cas_service_name"),
    QStringLiteral("service_name"), QStringLiteral("image_name"), QStringLiteral("command"),
    QStringLiteral("chartname"),
};

bool isEnvName(const QString &n)
{
    if (n.isEmpty() || !(n.front().isLetter() && n.front().unicode() < 128))
        return false;
    for (const QChar c : n)
        if (!((c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_')))
            return false;
    return true;
}

bool isSecretName(const QString &n)
{
    if (n.isEmpty())
        return false;
    for (const QChar c : n)
        if (!((c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_') || c == QLatin1Char('-')))
            return false;
    return true;
}

bool isMeshServiceName(const QString &n)
{
    if (n.isEmpty())
        return false;
    for (const QChar c : n)
        if (!((c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_') || c == QLatin1Char('-') ||
              c == QLatin1Char('.')))
            return false;
    return true;
}

/// Location of the @p occurrence-th @p raw inside the source range of @p node, else the node.
SourceLocation locateIn(const YamlDocument &doc, const YamlNode *node, const QString &raw, int occurrence)
{
    const QByteArray needle = raw.toUtf8();
    const QByteArray &t = doc.text();
    int from = node->startOffset();
    for (int k = 0; k <= occurrence; ++k) {
        const int at = int(t.indexOf(needle, from));
        if (at < 0 || at + needle.size() > node->endOffset())
            return node->location();
        if (k == occurrence)
            return doc.locationOf(at, int(needle.size()));
        from = at + int(needle.size());
    }
    return node->location();
}

template<typename Fn> void forEachValueScalar(const YamlDocument &doc, Fn fn)
{
    const YamlNode *root = doc.root();
    if (!root)
        return;
    std::vector<const YamlNode *> stack{root};
    while (!stack.empty()) {
        const YamlNode *n = stack.back();
        stack.pop_back();
        if (n->isScalar()) {
            if (!n->isKey())
                fn(n);
        } else if (n->isSequence()) {
            for (int i = n->size() - 1; i >= 0; --i)
                stack.push_back(n->at(i));
        } else if (n->isMapping()) {
            for (int i = n->size() - 1; i >= 0; --i)
                stack.push_back(n->valueAt(i));
        }
    }
}

const QStringList kAllFormats = {
    QStringLiteral("bin"),
    QStringLiteral("hex"),
    QStringLiteral("base64"),
    QStringLiteral("base64url"),
    QStringLiteral("base32"),
    QStringLiteral("base32nopad"),
    QStringLiteral("pem"),
    QStringLiteral("pkcs8:pem"),
    QStringLiteral("der"),
    QStringLiteral("pkcs8:der"),
    QStringLiteral("spki:pem"),
    QStringLiteral("spki:der"),
    QStringLiteral("crt"),
    QStringLiteral("crt:pem"),
    QStringLiteral("crt:der"),
    QStringLiteral("privatekey"),
    QStringLiteral("privatekey:pem"),
    QStringLiteral("privatekey:pkcs8:pem"),
    QStringLiteral("privatekey:der"),
    QStringLiteral("privatekey:pkcs8:der"),
    QStringLiteral("chain"),
    QStringLiteral("pkcs12-with-private-key"),
    QStringLiteral("privatekey:asciiarmored"),
    QStringLiteral("privatekey:binary"),
    QStringLiteral("privatekey:base64"),
    QStringLiteral("publickey:asciiarmored"),
    QStringLiteral("publickey:binary"),
    QStringLiteral("publickey:base64"),
};
const QStringList kLegacyFormats = {QStringLiteral("hex"), QStringLiteral("crt"), QStringLiteral("key"),
                                    QStringLiteral("chain")};

QStringList formatsOf(const QString &kind, bool legacy)
{
    if (legacy) {
        if (kind == QLatin1String("binary"))
            return {QStringLiteral("hex")};
        if (kind == QLatin1String("x509") || kind == QLatin1String("x509-ca"))
            return {QStringLiteral("crt"), QStringLiteral("key"), QStringLiteral("chain")};
        return {};
    }
    if (kind == QLatin1String("binary"))
        return {QStringLiteral("bin"),       QStringLiteral("hex"),    QStringLiteral("base64"),
                QStringLiteral("base64url"), QStringLiteral("base32"), QStringLiteral("base32nopad")};
    if (kind == QLatin1String("private-key"))
        return {QStringLiteral("pem"), QStringLiteral("pkcs8:pem"), QStringLiteral("der"), QStringLiteral("pkcs8:der")};
    if (kind == QLatin1String("public-key"))
        return {QStringLiteral("spki:pem"), QStringLiteral("spki:der")};
    if (kind == QLatin1String("x509") || kind == QLatin1String("x509-ca"))
        return {QStringLiteral("crt"),
                QStringLiteral("crt:pem"),
                QStringLiteral("crt:der"),
                QStringLiteral("privatekey"),
                QStringLiteral("privatekey:pem"),
                QStringLiteral("privatekey:pkcs8:pem"),
                QStringLiteral("privatekey:der"),
                QStringLiteral("privatekey:pkcs8:der"),
                QStringLiteral("chain"),
                QStringLiteral("pkcs12-with-private-key")};
    if (kind == QLatin1String("pgp-key"))
        return {QStringLiteral("privatekey:asciiarmored"), QStringLiteral("privatekey:binary"),
                QStringLiteral("privatekey:base64"),       QStringLiteral("publickey:asciiarmored"),
                QStringLiteral("publickey:binary"),        QStringLiteral("publickey:base64")};
    return {};
}

QString withArticle(const QString &kind)
{
    const bool vowel = !kind.isEmpty() && (QStringLiteral("aeiox").contains(kind.front().toLower()));
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + kind;
}

QString needsText(const QString &format, bool legacy)
{
    QStringList kinds;
    for (const char *k : {"binary", "private-key", "public-key", "x509", "x509-ca", "pgp-key"})
        if (formatsOf(QLatin1String(k), legacy).contains(format))
            kinds.append(QLatin1String(k));
    if (kinds == QStringList{QStringLiteral("x509"), QStringLiteral("x509-ca")})
        return QStringLiteral("an x509 or x509-ca secret");
    if (kinds.isEmpty())
        return QStringLiteral("no known kind");
    return withArticle(kinds.join(QStringLiteral(" or "))) + QStringLiteral(" secret");
}

}  // namespace

bool isKnownFormat(const QString &format, bool legacy)
{
    return format.isEmpty() || (legacy ? kLegacyFormats.contains(format) : kAllFormats.contains(format));
}

QString formatProblem(const QString &kind, const QString &format, bool legacy)
{
    if (format.isEmpty() || kind.isEmpty())
        return {};
    if (formatsOf(kind, legacy).contains(format))
        return {};
    return QStringLiteral("format %1 needs %2")
        .arg(q((legacy ? QStringLiteral(".") : QStringLiteral(":")) + format), needsText(format, legacy));
}

QList<PlaceholderUse> collectPlaceholders(const YamlDocument &doc)
{
    QList<PlaceholderUse> out;
    forEachValueScalar(doc, [&](const YamlNode *n) {
        const QString &v = n->scalar();
        // a character search first: most values hold no `$` at all
        if (!v.contains(QLatin1Char('$')) || !v.contains(QLatin1String("$$SCONE")))
            return;
        const QList<SecretReference> refs = findSecretReferences(v);
        QHash<QString, int> seen;
        for (const SecretReference &ref : refs) {
            const int occ = seen.value(ref.raw, 0);
            seen.insert(ref.raw, occ + 1);
            out.append({ref, locateIn(doc, n, ref.raw, occ)});
        }
    });
    return out;
}

QList<VariableUse> collectVariables(const YamlDocument &doc)
{
    QList<VariableUse> out;
    forEachValueScalar(doc, [&](const YamlNode *n) {
        const QString &v = n->scalar();
        if (!v.contains(QLatin1Char('$')) && (!v.contains(QLatin1Char('{')) || !v.contains(QLatin1String("{{"))))
            return;
        const QList<TemplateVariable> vars = findTemplateVariables(v);
        QHash<QString, int> seen;
        for (const TemplateVariable &var : vars) {
            const int occ = seen.value(var.raw, 0);
            seen.insert(var.raw, occ + 1);
            out.append({var, locateIn(doc, n, var.raw, occ)});
        }
    });
    return out;
}

SecretTable localSecretTable(const ServiceManifest &svc)
{
    SecretTable t;
    for (const LocatedString &imp : svc.imports.items) {
        SecretInfo info;
        info.imported = true;
        t.insert(imp.value, info);
    }
    for (const ServiceSecret &s : svc.secrets) {
        SecretInfo info;
        info.kind = s.kindText();
        info.selfSigned = !s.issuer || s.issuer->value.isEmpty();
        info.exportedPublicly = s.isExportedPublicly();
        t.insert(s.name.value, info);
    }
    return t;
}

void checkPlaceholders(Reporter &r, const QString &file, const QList<PlaceholderUse> &uses, const SecretTable &secrets,
                       const QString &owner)
{
    for (const PlaceholderUse &u : uses) {
        const SecretReference &ref = u.ref;
        if (ref.malformed) {
            r.add(file, u.location, codes::SecretMalformedPlaceholder,
                  ref.name.isEmpty() ? QStringLiteral("%1 has no secret name").arg(q(ref.raw))
                                     : QStringLiteral("%1 is not closed with `$$`").arg(q(ref.raw)));
            continue;
        }
        if (isTemplated(ref.name))
            continue;
        const auto it = secrets.constFind(ref.name);
        if (it == secrets.constEnd()) {
            QStringList names = secrets.keys();
            names.sort();
            r.add(file, u.location, codes::SecretUnknownReference,
                  QStringLiteral("%1 refers to secret %2, which %3 neither defines nor imports%4")
                      .arg(q(ref.raw), q(ref.name), owner, didYouMean(ref.name, names)));
            continue;
        }
        if (!isKnownFormat(ref.format, ref.legacy)) {
            const QStringList &known = ref.legacy ? kLegacyFormats : kAllFormats;
            r.add(file, u.location, codes::SecretUnknownFormat,
                  QStringLiteral("%1 uses the unknown format %2%3")
                      .arg(q(ref.raw), q((ref.legacy ? QStringLiteral(".") : QStringLiteral(":")) + ref.format),
                           didYouMean(ref.format, known)));
            continue;
        }
        const SecretInfo &info = it.value();
        const QString problem = formatProblem(info.kind, ref.format, ref.legacy);
        if (!problem.isEmpty()) {
            r.add(file, u.location, codes::SecretFormatMismatch,
                  QStringLiteral("%1: %2, but %3 is %4 secret")
                      .arg(q(ref.raw), problem, q(ref.name), withArticle(info.kind)));
            continue;
        }
        if (ref.legacy && ref.format == QLatin1String("chain")) {
            r.add(file, u.location, codes::TrapLegacyChain,
                  QStringLiteral("%1 uses the legacy `.chain`: it lists the root first and includes the certificate "
                                 "itself, while `:chain` lists the intermediates only and excludes it (for a root CA "
                                 "such as %2 use `:crt` with the new syntax)")
                      .arg(q(ref.raw), q(ref.name)));
        } else if (ref.legacy) {
            const QString modern =
                ref.format == QLatin1String("key") ? QStringLiteral(":privatekey") : QLatin1Char(':') + ref.format;
            r.add(file, u.location, codes::SecretLegacyFormat,
                  QStringLiteral("%1 uses the deprecated suffix %2; the current form is %3")
                      .arg(q(ref.raw), q(QLatin1Char('.') + ref.format),
                           q(QStringLiteral("$$SCONE::") + ref.name + modern + QStringLiteral("$$"))));
        } else if (ref.format == QLatin1String("chain") && info.kind == QLatin1String("x509-ca") && info.selfSigned) {
            r.add(file, u.location, codes::TrapEmptyChain,
                  QStringLiteral(
                      "%1 is empty: %2 is a self-signed CA and `:chain` excludes the certificate itself; use %3")
                      .arg(q(ref.raw), q(ref.name),
                           q(QStringLiteral("$$SCONE::") + ref.name + QStringLiteral(":crt$$"))));
        }
    }
}

namespace {

void checkApiVersion(Reporter &r, const QString &file, const LocatedString &apiVersion)
{
    if (!apiVersion.present || apiVersion.value.isEmpty() || isTemplated(apiVersion.value))
        return;
    static const QRegularExpression re(QStringLiteral(R"(^scone/(\d+)\.(\d+)(?:\.(\d+))?$)"));
    const auto m = re.match(apiVersion.value);
    if (!m.hasMatch()) {
        r.add(file, apiVersion.location, codes::ApiVersion,
              QStringLiteral("apiVersion %1 is not of the form `scone/<VERSION>` (e.g. `scone/5.8`)")
                  .arg(q(apiVersion.value)));
        return;
    }
    const int major = m.captured(1).toInt();
    const int minor = m.captured(2).toInt();
    if (major < 5 || (major == 5 && minor < 8))
        r.add(file, apiVersion.location, codes::ApiVersion,
              QStringLiteral("apiVersion %1 is older than `scone/5.8`, the oldest version sconectl accepts")
                  .arg(q(apiVersion.value)));
}

void checkFileExists(Reporter &r, const QString &file, const LocatedString &ref, const QString &baseDir,
                     const QString &what)
{
    if (ref.value.isEmpty() || isTemplated(ref.value) || baseDir.isEmpty())
        return;
    const QFileInfo fi(QDir(baseDir), ref.value);
    if (!fi.exists())
        r.add(file, ref.location, codes::BuildFileMissing,
              QStringLiteral("%1 %2 does not exist (looked in %3)")
                  .arg(what, q(ref.value), QDir::toNativeSeparators(baseDir)));
}

bool escapesFolder(const QString &path)
{
    if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('~')))
        return true;
    const QString clean = QDir::cleanPath(path);
    return clean == QLatin1String("..") || clean.startsWith(QLatin1String("../"));
}

}  // namespace

void checkServiceRules(Reporter &r, const ManifestFile &file, const ServiceManifest &svc, const ServiceContext &ctx)
{
    const QString &f = file.path;
    if (svc.kind.value == QLatin1String("genAppImage"))
        r.add(f, svc.kind.location, codes::LegacyKind,
              QStringLiteral("`kind: genAppImage` is the 2022 name; sconectl expects `kind: genservice`"));
    checkApiVersion(r, f, svc.apiVersion);
    if (svc.topLevelRequirements)
        r.add(f, svc.topLevelRequirements->keyLocation, codes::TrapTopLevelRequirements,
              QStringLiteral("`requirements` belongs under `build:` (a 2022 variant put it at top level, where "
                             "sconectl ignores it)"));

    // environment names
    QHash<QString, const EnvVariable *> envSeen;
    auto checkEnv = [&](const QList<EnvVariable> &vars, const char *list) {
        for (const EnvVariable &v : vars) {
            const QString &n = v.name.value;
            if (n.isEmpty())
                continue;
            if (!isEnvName(n) && !isTemplated(n))
                r.add(f, v.name.location, codes::InvalidName,
                      QStringLiteral("environment variable name %1 must start with a letter and contain only letters, "
                                     "digits and `_`")
                          .arg(q(n)));
            if (const EnvVariable *prev = envSeen.value(n)) {
                r.add(f, v.name.location, codes::EnvDuplicateName,
                      QStringLiteral("environment variable %1 is already defined on line %2")
                          .arg(q(n))
                          .arg(prev->name.location.line));
            } else {
                envSeen.insert(n, &v);
            }
        }
        Q_UNUSED(list);
    };
    checkEnv(svc.localEnv, "local");
    checkEnv(svc.globalEnv, "global");

    // injection files
    QHash<QString, int> paths;
    for (const InjectionFile &inj : svc.injectionFiles) {
        const QString &p = inj.path.value;
        if (p.isEmpty() || isTemplated(p))
            continue;
        if (!p.startsWith(QLatin1Char('/')))
            r.add(f, inj.path.location, codes::InjectionRelativePath,
                  QStringLiteral("injection file path %1 is not absolute; the CAS injects files at absolute paths")
                      .arg(q(p)));
        if (paths.contains(p))
            r.add(f, inj.path.location, codes::InjectionDuplicatePath,
                  QStringLiteral("%1 is already injected on line %2").arg(q(p)).arg(paths.value(p)));
        else
            paths.insert(p, inj.path.location.line);
    }

    // secrets
    const QString owner = svc.build.name.value.isEmpty() ? QStringLiteral("this service") : q(svc.build.name.value);
    QHash<QString, const ServiceSecret *> defined;
    for (const ServiceSecret &s : svc.secrets) {
        const QString &n = s.name.value;
        if (!n.isEmpty() && !isSecretName(n) && !isTemplated(n))
            r.add(f, s.name.location, codes::InvalidName,
                  QStringLiteral("secret name %1 may contain only letters, digits, `_` and `-`").arg(q(n)));
        if (!n.isEmpty()) {
            if (const ServiceSecret *prev = defined.value(n))
                r.add(
                    f, s.name.location, codes::SecretDuplicateName,
                    QStringLiteral("secret %1 is already defined on line %2").arg(q(n)).arg(prev->name.location.line));
            else
                defined.insert(n, &s);
        }
    }
    for (const ServiceSecret &s : svc.secrets) {
        const QString kind = s.kindText();
        const bool explicitValue = s.value && !s.value->value.isEmpty();
        if (!s.kind && !explicitValue && !s.name.value.isEmpty())
            r.add(f, s.name.location, codes::MissingField,
                  QStringLiteral("secret %1 has no `kind` (ascii, binary, private-key, x509, x509-ca)")
                      .arg(q(s.name.value)));
        const bool isCert = kind == QLatin1String("x509") || kind == QLatin1String("x509-ca");
        if (isCert && !s.privateKey && !explicitValue)
            r.add(f, s.name.location, codes::SecretMissingPrivateKey,
                  QStringLiteral("%1 secret %2 needs `private_key` naming a private-key secret")
                      .arg(kind, q(s.name.value)));
        if (s.size && !s.size->value.isEmpty() && !isTemplated(s.size->value)) {
            bool ok = false;
            const int size = s.size->value.toInt(&ok);
            if (!ok || size <= 0)
                r.add(f, s.size->location, codes::SecretInvalidSize,
                      QStringLiteral("`size` of %1 must be a positive whole number, not %2")
                          .arg(q(s.name.value), q(s.size->value)));
        }
        if (kind == QLatin1String("binary") && explicitValue && !isTemplated(s.value->value)) {
            QString hex = s.value->value;
            hex.remove(QRegularExpression(QStringLiteral("\\s")));
            if (!isHexText(hex) || hex.size() % 2 != 0)
                r.add(f, s.value->location, codes::SecretValueNotHex,
                      QStringLiteral("the value of binary secret %1 must be hex digits (an even number of them)")
                          .arg(q(s.name.value)));
        }
        // fields without meaning for the kind
        if (!kind.isEmpty() && !isTemplated(kind)) {
            struct Rule {
                std::optional<LocatedString> ServiceSecret::*field;
                const char *name;
                QStringList kinds;
            };
            static const QStringList certs{QStringLiteral("x509"), QStringLiteral("x509-ca")};
            static const std::vector<Rule> rules = {
                {&ServiceSecret::size, "size", {QStringLiteral("ascii"), QStringLiteral("binary")}},
                {&ServiceSecret::keyType, "key_type", {QStringLiteral("private-key")}},
                {&ServiceSecret::migrate,
                 "migrate",
                 {QStringLiteral("private-key"), QStringLiteral("ascii"), QStringLiteral("binary")}},
                {&ServiceSecret::privateKey, "private_key", certs + QStringList{QStringLiteral("aad-token")}},
                {&ServiceSecret::issuer, "issuer", certs},
                {&ServiceSecret::commonName, "common_name", certs},
                {&ServiceSecret::endpoint, "endpoint", certs},
                {&ServiceSecret::validFor, "valid_for", certs},
                {&ServiceSecret::tenantId, "tenant_id", {QStringLiteral("aad-token")}},
                {&ServiceSecret::clientId, "client_id", {QStringLiteral("aad-token")}},
                {&ServiceSecret::applicationSecret, "application_secret", {QStringLiteral("aad-token")}},
            };
            for (const Rule &rule : rules) {
                const std::optional<LocatedString> &field = s.*rule.field;
                if (field.has_value() && !rule.kinds.contains(kind))
                    r.add(f, field->keyLocation, codes::SecretFieldNotApplicable,
                          QStringLiteral("`%1` has no meaning for %2 secret (it applies to %3)")
                              .arg(QLatin1String(rule.name), withArticle(kind), rule.kinds.join(QStringLiteral(", "))));
            }
            if (s.dns && !certs.contains(kind))
                r.add(f, s.dns->keyLocation, codes::SecretFieldNotApplicable,
                      QStringLiteral("`dns` has no meaning for %1 secret (it applies to x509, x509-ca)")
                          .arg(withArticle(kind)));
        }
        if (s.endpoint && s.endpoint->value == QLatin1String("client") && s.dns && !s.dns->items.isEmpty())
            r.add(f, s.dns->keyLocation, codes::SecretClientEndpointDns,
                  QStringLiteral(
                      "%1 is a client certificate (`endpoint: client`); `dns` names are for server certificates")
                      .arg(q(s.name.value)));
        // private_key / issuer references
        auto refCheck = [&](const std::optional<LocatedString> &ref, const char *field, const QString &wantKind,
                            const char *code) {
            if (!ref || ref->value.isEmpty() || isTemplated(ref->value))
                return;
            const auto it = ctx.secrets.constFind(ref->value);
            if (it == ctx.secrets.constEnd()) {
                QStringList names = ctx.secrets.keys();
                names.sort();
                r.add(f, ref->location, codes::SecretUnknownReference,
                      QStringLiteral("`%1` of %2 names %3, which %4 neither defines nor imports%5")
                          .arg(QLatin1String(field), q(s.name.value), q(ref->value), owner,
                               didYouMean(ref->value, names)));
                return;
            }
            if (!it->kind.isEmpty() && it->kind != wantKind)
                r.add(f, ref->location, code,
                      QStringLiteral("`%1` of %2 must name %3 secret, but %4 is %5")
                          .arg(QLatin1String(field), q(s.name.value), withArticle(wantKind), q(ref->value),
                               withArticle(it->kind)));
        };
        if (isCert || kind.isEmpty()) {
            refCheck(s.privateKey, "private_key", QStringLiteral("private-key"), codes::SecretPrivateKeyKind);
            refCheck(s.issuer, "issuer", QStringLiteral("x509-ca"), codes::SecretIssuerNotCa);
        }
    }
    for (const LocatedString &imp : svc.imports.items) {
        if (imp.value.isEmpty() || isTemplated(imp.value))
            continue;
        if (!isSecretName(imp.value))
            r.add(f, imp.location, codes::InvalidName,
                  QStringLiteral("imported secret name %1 may contain only letters, digits, `_` and `-`")
                      .arg(q(imp.value)));
        if (defined.contains(imp.value))
            r.add(f, imp.location, codes::SecretImportOwn,
                  QStringLiteral("%1 imports %2, which it defines itself").arg(owner, q(imp.value)));
    }

    checkPlaceholders(r, f, collectPlaceholders(file.document), ctx.secrets, owner);

    // variables
    QSet<QString> own;
    for (const EnvVariable &v : svc.localEnv)
        own.insert(v.name.value);
    for (const EnvVariable &v : svc.globalEnv)
        own.insert(v.name.value);
    auto declared = [&](const QString &name) { return own.contains(name) || ctx.meshSets(name); };
    for (const VariableUse &u : collectVariables(file.document)) {
        if (u.var.kind == TemplateVariable::Kind::MeshTime) {
            const QString top = u.var.name.section(QLatin1Char('.'), 0, 0);
            if (declared(u.var.name) || declared(top) || kBuiltinVariables.contains(top) || top == QLatin1String("cas"))
                continue;
            const QStringList ownNames(own.begin(), own.end());
            const QStringList meshShared = ctx.meshEnv ? ctx.meshEnv->sharedNames() : QStringList();
            const QStringList meshOwn = ctx.meshEnv ? ctx.meshEnv->serviceNames(ctx.meshService) : QStringList();
            r.add(f, u.location, codes::VarUndefined,
                  QStringLiteral("variable %1 is used but never defined: declare it in `environment.global` (the mesh "
                                 "then sets it) or `environment.local`%2")
                      .arg(q(u.var.name), didYouMeanSorted(u.var.name, {&ownNames, &meshShared, &meshOwn})));
        } else if (r.options().shellVariables && !r.options().shellVariables->contains(u.var.name)) {
            r.add(f, u.location, codes::VarUndefined,
                  QStringLiteral("variable %1 is used but not defined in the deployment settings").arg(q(u.var.raw)));
        }
    }

    // build paths
    const QString baseDir = r.options().checkFiles ? QFileInfo(f).absolutePath() : QString();
    const bool baseExists =
        !baseDir.isEmpty() && QFileInfo(baseDir).isDir() && (!ctx.rootDir.isEmpty() || QFileInfo::exists(f));
    if (svc.build.copy) {
        for (const LocatedString &c : svc.build.copy->items) {
            if (c.value.isEmpty() || isTemplated(c.value))
                continue;
            if (escapesFolder(c.value))
                r.add(f, c.location, codes::BuildPathOutside,
                      QStringLiteral(
                          "%1 is outside the service folder; sconectl only sees files under the folder it runs in")
                          .arg(q(c.value)));
            else if (baseExists)
                checkFileExists(r, f, c, baseDir, QStringLiteral("file to copy"));
        }
    }
    if (svc.build.requirements && baseExists)
        checkFileExists(r, f, *svc.build.requirements, baseDir, QStringLiteral("requirements file"));
}

void checkMesh(Reporter &r, const ManifestFile &file, const MeshManifest &mesh, const QString &rootDir)
{
    const QString &f = file.path;
    checkApiVersion(r, f, mesh.apiVersion);
    for (const MeshCas &c : mesh.cas) {
        const QString &url = c.casUrl.value;
        if (!url.isEmpty() && !isTemplated(url) &&
            (url.contains(QLatin1String("://")) || url.contains(QLatin1Char('/'))))
            r.add(f, c.casUrl.location, codes::MeshCasUrl,
                  QStringLiteral("`cas_url` is host[:port] without scheme or path, e.g. `cas.scone-system`; got %1")
                      .arg(q(url)));
    }
    // policy
    bool debugMode = false;
    if (mesh.policy.tolerate && !isTemplated(mesh.policy.tolerate->value)) {
        for (const QString &t : mesh.policy.tolerateList()) {
            if (t == QLatin1String("debug-mode"))
                debugMode = true;
            if (!kTolerances.contains(t))
                r.add(f, mesh.policy.tolerate->location, codes::MeshUnknownTolerate,
                      QStringLiteral("unknown tolerance %1 in `policy.tolerate`%2")
                          .arg(q(t), didYouMean(t, kTolerances)));
        }
    }
    if (mesh.policy.ignoreAdvisories && !mesh.policy.ignoreAdvisories->value.trimmed().isEmpty() && !debugMode)
        r.add(f, mesh.policy.ignoreAdvisories->location, codes::TrapIgnoreAdvisories,
              QStringLiteral(
                  "`ignore_advisories` without `debug-mode` in `tolerate`: the session language documents ignoring "
                  "advisories as allowed only in debug mode, so production attestation may fail"));
    // env
    switch (mesh.envShape) {
    case MeshManifest::EnvShape::Flat:
        r.add(f, mesh.envLocation, codes::MeshLegacyEnv,
              QStringLiteral("`env` is the legacy flat list; current sconectl expects per-service blocks: "
                             "`- service: global` with the list under its `env:`"));
        break;
    case MeshManifest::EnvShape::Mixed:
        r.add(f, mesh.envLocation, codes::MeshMixedEnv,
              QStringLiteral("`env` mixes `{name, value}` entries and `{service, env}` blocks; use only blocks"));
        break;
    default:
        break;
    }
    const QStringList serviceNames = mesh.serviceNames();
    const QSet<QString> serviceNameSet(serviceNames.begin(), serviceNames.end());
    QHash<QString, int> blocks;
    auto checkEnvList = [&](const QList<EnvVariable> &vars) {
        QHash<QString, int> seen;
        for (const EnvVariable &v : vars) {
            if (!v.name.present && !v.legacyKey)
                r.add(f,
                      v.location.isValid() ? SourceLocation{v.location.line, v.location.column, v.location.line,
                                                            v.location.column, v.location.offset, 0}
                                           : v.location,
                      codes::MissingField,
                      QStringLiteral("missing required field %1 in mesh env entry")
                          .arg(q(v.nodePath + QStringLiteral(".name"))));
            if (v.legacyKey)
                r.add(f, v.name.keyLocation, codes::MeshLegacyEnvKey,
                      QStringLiteral("`key:` is the 2022 form; use `name:`"));
            const QString &n = v.name.value;
            if (n.isEmpty())
                continue;
            if (!isEnvName(n) && !isTemplated(n))
                r.add(
                    f, v.name.location, codes::InvalidName,
                    QStringLiteral("variable name %1 must start with a letter and contain only letters, digits and `_`")
                        .arg(q(n)));
            if (seen.contains(n))
                r.add(
                    f, v.name.location, codes::EnvDuplicateName,
                    QStringLiteral("variable %1 is already set on line %2 of this block").arg(q(n)).arg(seen.value(n)));
            else
                seen.insert(n, v.name.location.line);
        }
    };
    checkEnvList(mesh.flatEnv);
    for (const MeshEnvBlock &b : mesh.envBlocks) {
        const QString &s = b.service.value;
        checkEnvList(b.env);
        if (s.isEmpty() || isTemplated(s))
            continue;
        if (s != QLatin1String("global") && s != QLatin1String("helm") && !serviceNameSet.contains(s))
            r.add(
                f, b.service.location, codes::MeshEnvUnknownService,
                QStringLiteral(
                    "env block for %1, but the mesh has no such service (services: %2; or `global`, `helm`)%3")
                    .arg(q(s), serviceNames.join(QStringLiteral(", ")),
                         didYouMean(s, serviceNames + QStringList{QStringLiteral("global"), QStringLiteral("helm")})));
        if (blocks.contains(s))
            r.add(f, b.service.location, codes::MeshDuplicateEnvBlock,
                  QStringLiteral("a second env block for %1 (the first is on line %2)").arg(q(s)).arg(blocks.value(s)));
        else
            blocks.insert(s, b.service.location.line);
    }
    // services
    QHash<QString, int> names;
    for (const MeshService &s : mesh.services) {
        const QString &n = s.name.value;
        if (n.isEmpty())
            continue;
        if (!isMeshServiceName(n) && !isTemplated(n))
            r.add(f, s.name.location, codes::InvalidName,
                  QStringLiteral("service name %1 may contain only letters, digits, `-`, `_` and `.` (it names a "
                                 "policy and Kubernetes objects)")
                      .arg(q(n)));
        if (names.contains(n))
            r.add(f, s.name.location, codes::MeshDuplicateService,
                  QStringLiteral("service %1 is already defined on line %2").arg(q(n)).arg(names.value(n)));
        else
            names.insert(n, s.name.location.line);
        if (s.imageSecrets && r.options().checkFiles && !rootDir.isEmpty())
            checkFileExists(r, f, *s.imageSecrets, QFileInfo(f).absolutePath(), QStringLiteral("secrets template"));
    }
}

void checkSession(Reporter &r, const ManifestFile &file, const CasSessionFile &s)
{
    const QString &f = file.path;
    if (!s.version)
        r.add(f, s.name.keyLocation.isValid() ? s.name.keyLocation : s.name.location, codes::SessionMissingVersion,
              QStringLiteral(
                  "the session has no `version`; CAS then assumes the 0.1 language. Add `version: \"0.3.10\"`"));
    else if (!s.versionQuoted && !isTemplated(s.version->value))
        r.add(f, s.version->location, codes::SessionVersionUnquoted,
              QStringLiteral("write the version as a string, `version: \"%1\"`: unquoted it is read as a number")
                  .arg(s.version->value));
    for (const LocatedString &k : s.legacyKeys)
        r.add(f, k.keyLocation, codes::SessionDeprecated,
              QStringLiteral("%1 is a key of the 0.1/0.2 session language").arg(q(k.nodePath)));

    auto checkHex = [&](const std::optional<LocatedString> &v, int digits, const QString &what) {
        if (!v || v->value.isEmpty() || isTemplated(v->value))
            return;
        if (!isHexText(v->value) || v->value.size() != digits)
            r.add(f, v->location, codes::SessionInvalidHex,
                  QStringLiteral("%1 must be %2 hex digits, got %3").arg(what).arg(digits).arg(q(v->value.left(80))));
    };
    checkHex(s.predecessor, 64, QStringLiteral("`predecessor`"));
    checkHex(s.namespaceHash, 64, QStringLiteral("`namespace_hash`"));
    checkHex(s.salt, 32, QStringLiteral("`salt`"));

    for (const SessionService &svc : s.services) {
        if (svc.mrenclaves)
            r.add(f, svc.mrenclaves->keyLocation, codes::SessionDeprecated,
                  QStringLiteral("`mrenclaves` is deprecated; use `attestation: {mrenclave: [...]}`"));
        checkHex(svc.fspfKey, 64, QStringLiteral("`fspf_key`"));
        checkHex(svc.fspfTag, 32, QStringLiteral("`fspf_tag`"));
        auto hexList = [&](const std::optional<LocatedStringList> &l, const QString &what) {
            if (!l)
                return;
            for (const LocatedString &e : l->items)
                checkHex(std::optional<LocatedString>(e), 64, what);
        };
        hexList(svc.mrenclaves, QStringLiteral("an MRENCLAVE"));
        for (const SessionAttestation &a : svc.attestation)
            hexList(a.mrenclave, QStringLiteral("an MRENCLAVE"));
    }
    for (const SessionImage &im : s.images)
        if (im.legacyMrenclaves)
            r.add(f, im.legacyMrenclaves->keyLocation, codes::SessionDeprecated,
                  QStringLiteral("`images[].mrenclaves` belongs to the 0.1/0.2 session language"));

    // access policy
    for (const std::optional<LocatedStringList> *l :
         {&s.accessPolicy.read, &s.accessPolicy.update, &s.accessPolicy.createSessions, &s.accessPolicy.listSessions}) {
        if (!l->has_value() || (*l)->items.size() < 2)
            continue;
        for (const LocatedString &e : (*l)->items)
            if (e.value == QLatin1String("ANY") || e.value == QLatin1String("NONE"))
                r.add(f, e.location, codes::SessionAccessExclusive,
                      QStringLiteral("%1 must be the only entry of %2").arg(q(e.value), q((*l)->nodePath)));
    }

    // security
    bool debugMode = false;
    if (s.security.tolerate) {
        for (const LocatedString &t : s.security.tolerate->items) {
            if (t.value == QLatin1String("debug-mode"))
                debugMode = true;
            if (!t.value.isEmpty() && !isTemplated(t.value) && !kTolerances.contains(t.value))
                r.add(f, t.location, codes::MeshUnknownTolerate,
                      QStringLiteral("unknown tolerance %1%2").arg(q(t.value), didYouMean(t.value, kTolerances)));
        }
    }
    if (s.security.ignoreAdvisories && !s.security.ignoreAdvisories->items.isEmpty() && !debugMode)
        r.add(f, s.security.ignoreAdvisories->location, codes::TrapIgnoreAdvisories,
              QStringLiteral(
                  "`ignore_advisories` without `debug-mode` in `tolerate`: documented as allowed only in debug mode"));

    // secrets
    SecretTable table;
    QHash<QString, int> seen;
    for (const SessionSecret &sec : s.secrets) {
        const QString &n = sec.name.value;
        if (n.isEmpty())
            continue;
        if (!isSecretName(n) && !isTemplated(n))
            r.add(f, sec.name.location, codes::InvalidName,
                  QStringLiteral("secret name %1 may contain only letters, digits, `_` and `-`").arg(q(n)));
        if (seen.contains(n)) {
            r.add(f, sec.name.location, codes::SecretDuplicateName,
                  QStringLiteral("secret %1 is already defined on line %2").arg(q(n)).arg(seen.value(n)));
            continue;
        }
        seen.insert(n, sec.name.location.line);
        SecretInfo info;
        info.kind = sec.kindText();
        info.imported = sec.import.has_value();
        info.selfSigned = !sec.issuer || sec.issuer->value.isEmpty();
        table.insert(n, info);
    }
    for (const SessionSecret &sec : s.secrets) {
        const QString kind = sec.kindText();
        const bool isCert = kind == QLatin1String("x509") || kind == QLatin1String("x509-ca");
        const bool explicitValue = sec.value.has_value();
        if (isCert && !sec.privateKey && !explicitValue && !sec.import && !sec.hasImportAkv)
            r.add(f, sec.name.location, codes::SecretMissingPrivateKey,
                  QStringLiteral("%1 secret %2 needs `private_key` (unless it is imported or given explicitly)")
                      .arg(kind, q(sec.name.value)));
        if (sec.size && !sec.size->value.isEmpty() && !isTemplated(sec.size->value)) {
            bool ok = false;
            if (sec.size->value.toInt(&ok) <= 0 || !ok)
                r.add(f, sec.size->location, codes::SecretInvalidSize,
                      QStringLiteral("`size` of %1 must be a positive whole number").arg(q(sec.name.value)));
        }
        if (kind == QLatin1String("binary") && sec.value && !sec.value->value.isEmpty() &&
            !isTemplated(sec.value->value)) {
            QString hex = sec.value->value;
            hex.remove(QRegularExpression(QStringLiteral("\\s")));
            if (!isHexText(hex) || hex.size() % 2 != 0)
                r.add(f, sec.value->location, codes::SecretValueNotHex,
                      QStringLiteral("the value of binary secret %1 must be hex digits").arg(q(sec.name.value)));
        }
        auto refCheck = [&](const std::optional<LocatedString> &ref, const char *field, const QString &wantKind,
                            const char *code) {
            if (!ref || ref->value.isEmpty() || isTemplated(ref->value))
                return;
            const auto it = table.constFind(ref->value);
            if (it == table.constEnd()) {
                r.add(f, ref->location, codes::SecretUnknownReference,
                      QStringLiteral("`%1` of %2 names %3, which this session does not define%4")
                          .arg(QLatin1String(field), q(sec.name.value), q(ref->value),
                               didYouMean(ref->value, table.keys())));
                return;
            }
            if (!it->kind.isEmpty() && it->kind != wantKind)
                r.add(f, ref->location, code,
                      QStringLiteral("`%1` of %2 must name %3 secret, but %4 is %5")
                          .arg(QLatin1String(field), q(sec.name.value), withArticle(wantKind), q(ref->value),
                               withArticle(it->kind)));
        };
        if (isCert) {
            refCheck(sec.privateKey, "private_key", QStringLiteral("private-key"), codes::SecretPrivateKeyKind);
            refCheck(sec.issuer, "issuer", QStringLiteral("x509-ca"), codes::SecretIssuerNotCa);
        }
        if (sec.endpoint && sec.endpoint->value == QLatin1String("client") && sec.dns && !sec.dns->items.isEmpty())
            r.add(f, sec.dns->keyLocation, codes::SecretClientEndpointDns,
                  QStringLiteral("%1 is a client certificate; `dns` names are for server certificates")
                      .arg(q(sec.name.value)));
    }
    checkPlaceholders(r, f, collectPlaceholders(file.document), table, QStringLiteral("this session"));
}

}  // namespace workbench::models::detail
