// SPDX-License-Identifier: Apache-2.0
// The declarative part of validation: which keys exist where, with which types.
#include "manifest/manifestproject.h"
#include "manifest/templatetokens.h"
#include "manifest/yamlpath.h"
#include "validation/schematypes.h"
#include "validation/validationcontext_p.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace workbench::models::detail {

namespace {

/// Case-insensitive Levenshtein distance of @p a and @p b, or any value above @p cap as soon as
/// the distance is known to exceed it (rows whose minimum is above the cap end the search).
int editDistanceCapped(const QString &a, const QString &b, int cap)
{
    const int n = int(a.size());
    const int m = int(b.size());
    if (std::abs(n - m) > cap)
        return cap + 1;
    std::vector<int> prev(size_t(m) + 1), cur(size_t(m) + 1);
    for (int j = 0; j <= m; ++j)
        prev[size_t(j)] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int rowMin = i;
        const QChar ai = a.at(i - 1).toLower();
        for (int j = 1; j <= m; ++j) {
            const int cost = ai == b.at(j - 1).toLower() ? 0 : 1;
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, prev[size_t(j - 1)] + cost});
            rowMin = std::min(rowMin, cur[size_t(j)]);
        }
        if (rowMin > cap)
            return cap + 1;
        std::swap(prev, cur);
    }
    return prev[size_t(m)];
}

QString suggestion(const QString &word, const QString &best, int bestDist)
{
    const int limit = std::max(1, std::min<int>(3, int(word.size()) / 3));
    if (!best.isEmpty() && (bestDist <= limit || best.compare(word, Qt::CaseInsensitive) == 0 ||
                            (word.size() >= 4 && (best.contains(word) || word.contains(best)))))
        return QStringLiteral(" (did you mean %1?)").arg(q(best));
    return {};
}

constexpr int kNoDistance = 1 << 20;

}  // namespace

int editDistance(const QString &a, const QString &b)
{
    return editDistanceCapped(a, b, kNoDistance);
}

QString didYouMean(const QString &word, const QStringList &candidates)
{
    // The first candidate at the smallest distance; a candidate can only replace it when it is
    // strictly nearer, so the search for each one stops once it cannot be.
    QString best;
    int bestDist = kNoDistance;
    for (const QString &c : candidates) {
        const int d = editDistanceCapped(word, c, bestDist - 1);
        if (d < bestDist) {
            bestDist = d;
            best = c;
        }
    }
    return suggestion(word, best, bestDist);
}

QString didYouMeanSorted(const QString &word, std::initializer_list<const QStringList *> lists)
{
    QString best;
    int bestDist = kNoDistance;
    for (const QStringList *list : lists) {
        for (const QString &c : *list) {
            // As in a sorted list: a nearer candidate wins, an equally near one when it sorts first.
            const bool sortsFirst = bestDist < kNoDistance && c < best;
            const int d = editDistanceCapped(word, c, sortsFirst ? bestDist : bestDist - 1);
            if (d < bestDist || (d == bestDist && sortsFirst)) {
                bestDist = d;
                best = c;
            }
        }
    }
    return suggestion(word, best, bestDist);
}

bool isBoolText(const QString &v)
{
    static const QStringList b = {QStringLiteral("true"),  QStringLiteral("false"), QStringLiteral("True"),
                                  QStringLiteral("False"), QStringLiteral("TRUE"),  QStringLiteral("FALSE"),
                                  QStringLiteral("yes"),   QStringLiteral("no"),    QStringLiteral("Yes"),
                                  QStringLiteral("No"),    QStringLiteral("on"),    QStringLiteral("off")};
    return b.contains(v);
}

bool isTrueText(const QString &v)
{
    const QString l = v.toLower();
    return l == QLatin1String("true") || l == QLatin1String("yes") || l == QLatin1String("on");
}

bool isIntText(const QString &v)
{
    if (v.isEmpty())
        return false;
    for (const QChar c : v)
        if (!c.isDigit())
            return false;
    return true;
}

bool isHexText(const QString &v)
{
    if (v.isEmpty())
        return false;
    for (const QChar c : v)
        if (!(c.isDigit() || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
              (c >= QLatin1Char('A') && c <= QLatin1Char('F'))))
            return false;
    return true;
}

const QStringList kTolerances = {
    QStringLiteral("debug-mode"),    QStringLiteral("hyperthreading"),
    QStringLiteral("insecure-igpu"), QStringLiteral("software-hardening-needed"),
    QStringLiteral("aepic-leak"),    QStringLiteral("insecure-configuration"),
    QStringLiteral("outdated-tcb"),  QStringLiteral("maa-managed-tcb"),
};

namespace {

enum class K {
    Str,  ///< scalar
    Int,  ///< non-negative integer scalar
    Bool,
    Enum,      ///< scalar from `values`
    Map,       ///< mapping checked with `schema`
    SeqMap,    ///< list of mappings checked with `schema`
    SeqStr,    ///< list of scalars
    StrOrSeq,  ///< scalar or list of scalars
    MapOrSeqMap,
    Any,
};

struct Schema;

struct Field {
    const char *key;
    K kind;
    bool required = false;
    const Schema *schema = nullptr;
    const QStringList *values = nullptr;
    bool nullable = true;  ///< for optional fields: `key:` with no value is fine
};

struct Schema {
    const char *what;  ///< for messages: "service manifest", "secret", ...
    std::vector<Field> fields;
    /// Keys that are not reported as unknown (handled elsewhere, e.g. legacy keys).
    QStringList tolerated;
    QStringList keyNames() const
    {
        QStringList out;
        for (const Field &f : fields)
            out.append(QLatin1String(f.key));
        return out;
    }
};

QString kindName(const YamlNode *n)
{
    if (!n || n->isNull())
        return QStringLiteral("nothing");
    if (n->isMapping())
        return QStringLiteral("a mapping");
    if (n->isSequence())
        return QStringLiteral("a list");
    return QStringLiteral("the scalar %1").arg(q(n->scalar().left(40)));
}

QString expected(K k)
{
    switch (k) {
    case K::Str:
    case K::Enum:
        return QStringLiteral("a string");
    case K::Int:
        return QStringLiteral("a number");
    case K::Bool:
        return QStringLiteral("true or false");
    case K::Map:
        return QStringLiteral("a mapping");
    case K::SeqMap:
        return QStringLiteral("a list of mappings");
    case K::SeqStr:
        return QStringLiteral("a list of strings");
    case K::StrOrSeq:
        return QStringLiteral("a string or a list of strings");
    case K::MapOrSeqMap:
        return QStringLiteral("a mapping or a list of mappings");
    case K::Any:
        return QStringLiteral("a value");
    }
    return {};
}

class Checker
{
public:
    Checker(Reporter &r, const QString &file)
        : m_r(r)
        , m_file(file)
    {}

    void checkMap(const YamlNode *map, const Schema &schema, const QString &path, const YamlNode *ownerKey)
    {
        const YamlNode *m = map ? map->resolved() : nullptr;
        if (!m || !m->isMapping())
            return;
        // One pass over the keys: unknown keys, and which field each known key is.
        const size_t fieldCount = schema.fields.size();
        std::vector<int> entryOfField(fieldCount, -1);
        for (int i = 0; i < m->size(); ++i) {
            const YamlNode *k = m->keyAt(i);
            if (!k || !k->isScalar())
                continue;
            const QString &key = k->scalar();
            bool known = false;
            for (size_t f = 0; f < fieldCount; ++f) {
                if (key == QLatin1String(schema.fields[f].key)) {
                    if (entryOfField[f] < 0)
                        entryOfField[f] = i;
                    known = true;
                    break;
                }
            }
            if (known || key == QLatin1String("<<") || schema.tolerated.contains(key))
                continue;
            m_r.add(m_file, k->location(), codes::UnknownKey,
                    QStringLiteral("unknown key %1 in %2%3")
                        .arg(q(key), QLatin1String(schema.what), didYouMean(key, schema.keyNames())));
        }
        for (size_t fi = 0; fi < fieldCount; ++fi) {
            const Field &f = schema.fields[fi];
            const int i = entryOfField[fi];
            if (i < 0) {
                // A key merged in with `<<: *anchor` counts (checked where the anchor defines it).
                if (f.required && m->indexOfKey(u"<<") >= 0 && m->value(QString::fromLatin1(f.key)))
                    continue;
                if (f.required) {
                    const QString fieldPath = path.isEmpty() ? QString(QLatin1String(f.key))
                                                             : QString(path + QLatin1Char('.') + QLatin1String(f.key));
                    SourceLocation at = ownerKey ? ownerKey->location() : m->location();
                    if (!ownerKey) {  // point at the start of the mapping, not its whole range
                        at.length = 0;
                        at.endLine = at.line;
                        at.endColumn = at.column;
                    }
                    m_r.add(m_file, at, codes::MissingField,
                            QStringLiteral("missing required field %1 in %2")
                                .arg(q(fieldPath), QLatin1String(schema.what)));
                }
                continue;
            }
            checkValue(m->keyAt(i), m->valueAt(i), f, path);
        }
    }

private:
    void checkValue(const YamlNode *keyNode, const YamlNode *valueNode, const Field &f, const QString &base)
    {
        // the dotted path is only needed for messages and nested checks: build it on demand
        QString pathStorage;
        auto pathOf = [&]() -> const QString & {
            if (pathStorage.isEmpty())
                pathStorage =
                    base.isEmpty() ? QString(QLatin1String(f.key)) : base + QLatin1Char('.') + QLatin1String(f.key);
            return pathStorage;
        };
        const YamlNode *v = valueNode ? valueNode->resolved() : nullptr;
        if (!v || v->isNull()) {
            if (f.required)
                m_r.add(m_file, keyNode->location(), codes::MissingField,
                        QStringLiteral("%1 has no value").arg(q(pathOf())));
            else if (!f.nullable)
                m_r.add(m_file, keyNode->location(), codes::WrongType,
                        QStringLiteral("%1 must be %2, not empty").arg(q(pathOf()), expected(f.kind)));
            return;
        }
        const SourceLocation loc = valueNode->location();
        auto wrong = [&] {
            m_r.add(m_file, loc, codes::WrongType,
                    QStringLiteral("%1 must be %2, not %3").arg(q(pathOf()), expected(f.kind), kindName(v)));
        };
        switch (f.kind) {
        case K::Any:
            return;
        case K::Str:
            if (const std::optional<QString> placeholder = unquotedPlaceholder(v))
                m_r.add(m_file, loc, codes::UnquotedPlaceholder,
                        QStringLiteral("%1: YAML reads %2 without quotes as a mapping; it is taken as the placeholder, "
                                       "but write it quoted (\"%2\") so that every YAML tool reads the same")
                            .arg(q(pathOf()), *placeholder));
            else if (!v->isScalar())
                wrong();
            else if (f.required && v->scalar().trimmed().isEmpty())
                m_r.add(m_file, loc, codes::MissingField, QStringLiteral("%1 is empty").arg(q(pathOf())));
            return;
        case K::Int:
            if (!v->isScalar())
                wrong();
            else if (!isIntText(v->scalar()) && !isTemplated(v->scalar()))
                m_r.add(m_file, loc, codes::WrongType,
                        QStringLiteral("%1 must be a whole number, not %2").arg(q(pathOf()), q(v->scalar())));
            return;
        case K::Bool:
            if (!v->isScalar())
                wrong();
            else if (!isBoolText(v->scalar()) && !isTemplated(v->scalar()))
                m_r.add(m_file, loc, codes::WrongType,
                        QStringLiteral("%1 must be true or false, not %2").arg(q(pathOf()), q(v->scalar())));
            return;
        case K::Enum:
            if (!v->isScalar()) {
                wrong();
            } else if (f.values && !f.values->contains(v->scalar()) && !isTemplated(v->scalar())) {
                m_r.add(m_file, loc, codes::InvalidEnum,
                        QStringLiteral("%1 is not a valid %2; expected one of %3%4")
                            .arg(q(v->scalar()), q(pathOf()), f.values->join(QStringLiteral(", ")),
                                 didYouMean(v->scalar(), *f.values)));
            }
            return;
        case K::Map:
            if (!v->isMapping())
                wrong();
            else if (f.schema)
                checkMap(v, *f.schema, pathOf(), keyNode);
            return;
        case K::SeqMap:
        case K::MapOrSeqMap:
            if (v->isMapping() && f.kind == K::MapOrSeqMap) {
                if (f.schema)
                    checkMap(v, *f.schema, pathOf(), keyNode);
                return;
            }
            if (!v->isSequence()) {
                wrong();
                return;
            }
            for (int i = 0; i < v->size(); ++i) {
                const YamlNode *item = v->at(i)->resolved();
                const QString ip = pathOf() + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
                if (!item || !item->isMapping()) {
                    if (f.kind == K::MapOrSeqMap && item && item->isScalar() && isTemplated(item->scalar()))
                        continue;  // `$$SCONE::fragment$$`
                    m_r.add(m_file, v->at(i)->location(), codes::WrongType,
                            QStringLiteral("%1 must be a mapping, not %2").arg(q(ip), kindName(item)));
                    continue;
                }
                if (f.schema)
                    checkMap(item, *f.schema, ip, nullptr);
            }
            return;
        case K::SeqStr:
        case K::StrOrSeq:
            if (v->isScalar() && f.kind == K::StrOrSeq)
                return;
            if (!v->isSequence()) {
                wrong();
                return;
            }
            for (int i = 0; i < v->size(); ++i) {
                const YamlNode *item = v->at(i)->resolved();
                if (!item || !item->isScalar())
                    m_r.add(m_file, v->at(i)->location(), codes::WrongType,
                            QStringLiteral("%1 must be a string, not %2")
                                .arg(q(pathOf() + QLatin1Char('[') + QString::number(i) + QLatin1Char(']')),
                                     kindName(item)));
            }
            return;
        }
    }

    Reporter &m_r;
    const QString &m_file;
};

// ---- enumerations --------------------------------------------------------------------------
const QStringList kServiceSecretKinds = {QStringLiteral("ascii"),       QStringLiteral("binary"),
                                         QStringLiteral("private-key"), QStringLiteral("x509"),
                                         QStringLiteral("x509-ca"),     QStringLiteral("aad-token")};
const QStringList kSessionSecretKinds = {QStringLiteral("ascii"),       QStringLiteral("binary"),
                                         QStringLiteral("private-key"), QStringLiteral("public-key"),
                                         QStringLiteral("x509"),        QStringLiteral("x509-ca"),
                                         QStringLiteral("aad-token"),   QStringLiteral("config-fragment"),
                                         QStringLiteral("pgp-key"),     QStringLiteral("jwt")};
const QStringList kKeyTypes = {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("Ed25519"),
                               QStringLiteral("RSA-2048"), QStringLiteral("RSA-3072")};
const QStringList kEndpoints = {QStringLiteral("server"), QStringLiteral("client")};
const QStringList kCasModes = {
    QStringLiteral("Upload"),   QStringLiteral("SignedManifest"), QStringLiteral("EncryptedManifest"),
    QStringLiteral("NoUpload"), QStringLiteral("EncryptedOnly"),  QStringLiteral("SignOnline")};
const QStringList kBuildKinds = {
    QStringLiteral("python"),       QStringLiteral("java"),         QStringLiteral("java8"),
    QStringLiteral("java 8"),       QStringLiteral("java15"),       QStringLiteral("java17"),
    QStringLiteral("java17-glibc"), QStringLiteral("java21"),       QStringLiteral("java21-ubuntu"),
    QStringLiteral("java-glibc"),   QStringLiteral("sconify_image")};
const QStringList kFspfUpdatePolicies = {QStringLiteral("rollback_protected_reinitializable"),
                                         QStringLiteral("no_rollback_protection")};
const QStringList kVolumeUpdatePolicies = {QStringLiteral("rollback_protected"), QStringLiteral("ephemeral"),
                                           QStringLiteral("no_rollback_protection")};
const QStringList kAttestationModes = {QStringLiteral("hardware"), QStringLiteral("none"), QStringLiteral("maa")};

// ---- service manifest (spec §1) ------------------------------------------------------------
const Schema kKeyValue{"environment entry", {{"name", K::Str, true}, {"value", K::Str, false}}, {}};
const Schema kEnvironment{
    "environment", {{"local", K::SeqMap, false, &kKeyValue}, {"global", K::SeqMap, false, &kKeyValue}}, {}};
const Schema kServiceSecret{"secret",
                            {{"name", K::Str, true},
                             {"kind", K::Enum, false, nullptr, &kServiceSecretKinds},
                             {"size", K::Int},
                             {"value", K::Str},
                             {"private_key", K::Str},
                             {"issuer", K::Str},
                             {"common_name", K::Str},
                             {"dns", K::SeqStr},
                             {"endpoint", K::Enum, false, nullptr, &kEndpoints},
                             {"valid_for", K::Str},
                             {"key_type", K::Enum, false, nullptr, &kKeyTypes},
                             {"migrate", K::Bool},
                             {"export_public", K::Bool},
                             {"tenant_id", K::Str},
                             {"client_id", K::Str},
                             {"application_secret", K::Str}},
                            {}};
const Schema kSecrets{"secrets", {{"import", K::SeqStr}, {"global", K::SeqMap, false, &kServiceSecret}}, {}};
const Schema kInjection{"injection file", {{"path", K::Str, true}, {"content", K::Str, true}}, {}};
const Schema kSignature{"build.signature", {{"sign", K::Bool}, {"key", K::Str}}, {}};
const Schema kGenPolicy{"build.gen_policy", {{"policy", K::Str}}, {}};
const Schema kVolumeExport{
    "volume export",
    {{"session", K::Str}, {"session_hash", K::Str}, {"update_policy", K::Str}, {"volume_alias", K::Str}},
    {}};
const Schema kVolumeImport{"volume import", {{"session", K::Str}, {"volume", K::Str}}, {}};
const Schema kBuildVolume{"build volume",
                          {{"name", K::Str, true},
                           {"path", K::Str, true},
                           {"export", K::SeqMap, false, &kVolumeExport},
                           {"import", K::Map, false, &kVolumeImport}},
                          {}};
const Schema kBuild{"build",
                    {{"name", K::Str, true},
                     {"kind", K::Enum, true, nullptr, &kBuildKinds},
                     {"to", K::Str, true},
                     {"from", K::Str},
                     {"pwd", K::Str},
                     {"command", K::Str, true},
                     {"requirements", K::Str},
                     {"copy", K::SeqStr},
                     {"run", K::SeqStr},
                     {"signature", K::Map, false, &kSignature},
                     {"stable", K::Str},
                     {"binaries", K::SeqStr},
                     {"dirs", K::SeqStr},
                     {"fs_dirs", K::SeqStr},
                     {"fs_files", K::SeqStr},
                     {"plain_files", K::SeqStr},
                     {"plains", K::SeqStr},
                     {"host_paths", K::SeqStr},
                     {"gen_policy", K::Map, false, &kGenPolicy},
                     {"volumes", K::SeqMap, false, &kBuildVolume}},
                    {}};
const Schema kService{"service manifest",
                      {{"apiVersion", K::Str, true},
                       {"kind", K::Str, true},
                       {"environment", K::Map, true, &kEnvironment},
                       {"secrets", K::Map, false, &kSecrets},
                       {"injection_files", K::SeqMap, false, &kInjection},
                       {"build", K::Map, true, &kBuild}},
                      {QStringLiteral("requirements")}};

// ---- mesh manifest (spec §2) ---------------------------------------------------------------
const Schema kCas{"cas entry",
                  {{"name", K::Str},
                   {"alias", K::SeqStr},
                   {"cas_url", K::Str, true},
                   {"cas_key", K::Str},
                   {"cas_encryption_key", K::Str},
                   {"tolerance", K::Str},
                   {"mode", K::Enum, false, nullptr, &kCasModes}},
                  {}};
const Schema kPolicy{"policy",
                     {{"namespace", K::Str},
                      {"tolerate", K::Str},
                      {"ignore_advisories", K::Str},
                      {"maa", K::Str},
                      {"access_policy_name", K::Str},
                      {"attestation_policy_name", K::Str},
                      {"security_policy_name", K::Str},
                      {"image_policy_namespace", K::Str}},
                     {}};
const Schema kMeshKeyValue{"mesh env entry", {{"name", K::Str}, {"value", K::Str, true}}, {QStringLiteral("key")}};
const Schema kEnvBlock{"env block", {{"service", K::Str, true}, {"env", K::SeqMap, false, &kMeshKeyValue}}, {}};
const Schema kMeshService{"mesh service",
                          {{"name", K::Str, true},
                           {"image", K::Str, true},
                           {"image_secrets", K::Str},
                           {"image_policy", K::Str},
                           {"helm_chart", K::Str},
                           {"env", K::Str}},
                          {}};
const Schema kRepo{"repo",
                   {{"destination", K::Str, true},
                    {"squash", K::Bool},
                    {"strip", K::Bool},
                    {"push", K::Bool},
                    {"key_file", K::Str},
                    {"config_id", K::Str}},
                   {}};
const Schema kExtraPolicy{"extra policy", {{"name", K::Str, true}, {"mode", K::Str}}, {}};
const Schema kMesh{"mesh manifest",
                   {{"apiVersion", K::Str, true},
                    {"kind", K::Str, true},
                    {"cas", K::SeqMap, true, &kCas, nullptr, false},
                    {"policy", K::Map, true, &kPolicy, nullptr, false},
                    {"env", K::Any},
                    {"services", K::SeqMap, true, &kMeshService, nullptr, false},
                    {"helm_extra_values", K::Any},
                    {"repo", K::Map, false, &kRepo},
                    {"extra_policies", K::SeqMap, false, &kExtraPolicy}},
                   {}};

// ---- CAS session (spec §3) -----------------------------------------------------------------
const Schema kSigner{
    "attestation signer",
    {{"mrsigner", K::Str}, {"isvprodid", K::Str}, {"isvsvn", K::Str}, {"isvsvn_min", K::Str}, {"isvsvn_max", K::Str}},
    {}};
const Schema kAttestationVariant{"attestation", {{"mrenclave", K::StrOrSeq}, {"signer", K::Map, false, &kSigner}}, {}};
const Schema kSessionService{"session service",
                             {{"name", K::Str, true},
                              {"command", K::StrOrSeq},
                              {"environment", K::Any},
                              {"pwd", K::Str},
                              {"image_name", K::Str},
                              {"fspf_path", K::Str},
                              {"fspf_key", K::Str},
                              {"fspf_tag", K::Str},
                              {"fspf_update_policy", K::Enum, false, nullptr, &kFspfUpdatePolicies},
                              {"attestation", K::MapOrSeqMap, false, &kAttestationVariant},
                              {"mrenclaves", K::SeqStr},
                              {"platforms", K::SeqStr},
                              {"one_time_password_shared_secret", K::Str}},
                             {}};
const Schema kExportTarget{"export",
                           {{"session", K::Str},
                            {"namespace", K::Str},
                            {"session_hash", K::Str},
                            {"cas_url", K::Str},
                            {"cas_key", K::Str},
                            {"cas_software_key", K::Str}},
                           {}};
const Schema kSecretImport{"import",
                           {{"session", K::Str, true},
                            {"secret", K::Str},
                            {"session_hash", K::Str},
                            {"cas_url", K::Str},
                            {"cas_key", K::Str},
                            {"cas_software_key", K::Str}},
                           {}};
const Schema kSessionSecret{"secret",
                            {{"name", K::Str, true},
                             {"kind", K::Enum, false, nullptr, &kSessionSecretKinds},
                             {"value", K::Any},
                             {"size", K::Int},
                             {"key_type", K::Enum, false, nullptr, &kKeyTypes},
                             {"migrate", K::Bool},
                             {"export_public", K::Bool},
                             {"export", K::Any},
                             {"import", K::Map, false, &kSecretImport},
                             {"import_akv", K::Any},
                             {"private_key", K::Str},
                             {"issuer", K::Str},
                             {"common_name", K::Str},
                             {"endpoint", K::Enum, false, nullptr, &kEndpoints},
                             {"dns", K::SeqStr},
                             {"san", K::SeqStr},
                             {"valid_for", K::Str},
                             {"tenant_id", K::Str},
                             {"client_id", K::Str},
                             {"application_secret", K::Str},
                             {"certificate_thumbprint", K::Str},
                             {"signer", K::Any},
                             {"alg", K::Str},
                             {"validity", K::Any},
                             {"payload", K::Any}},
                            {}};
const Schema kInjectionFile{
    "injection file", {{"path", K::Str, true}, {"content", K::Str}, {"permission", K::Str}}, {}};
const Schema kImageVolume{"image volume",
                          {{"name", K::Str, true},
                           {"path", K::Str, true},
                           {"update_policy", K::Enum, false, nullptr, &kVolumeUpdatePolicies}},
                          {}};
const Schema kImage{"image",
                    {{"name", K::Str, true},
                     {"injection_files", K::Any},
                     {"volumes", K::SeqMap, false, &kImageVolume},
                     {"provide_secrets", K::SeqStr},
                     {"mrenclaves", K::SeqStr},
                     {"tags", K::Any}},
                    {}};
const Schema kVolumeImportS{"volume import", {{"session", K::Str, true}, {"volume", K::Str}}, {}};
const Schema kSessionVolume{"volume",
                            {{"name", K::Str, true},
                             {"fspf_key", K::Str},
                             {"fspf_tag", K::Str},
                             {"export", K::Any},
                             {"import", K::Map, false, &kVolumeImportS}},
                            {}};
const Schema kAttestationSec{"security.attestation",
                             {{"mode", K::Enum, false, nullptr, &kAttestationModes},
                              {"url", K::Str},
                              {"certificates", K::Any},
                              {"tolerate", K::SeqStr},
                              {"ignore_advisories", K::StrOrSeq},
                              {"trusted_scone_qe_pubkeys", K::SeqStr},
                              {"one_time_password_shared_secret", K::Str}},
                             {}};
const Schema kSecurity{
    "security", {{"singleton_enclaves", K::Bool}, {"service_access_token", K::Str}, {"attestation", K::Any}}, {}};
const Schema kAccessPolicy{
    "access_policy",
    {{"read", K::Any}, {"update", K::Any}, {"create_sessions", K::Any}, {"list_sessions", K::Any}},
    {}};
const Schema kSession{"session",
                      {{"name", K::Str, true},
                       {"version", K::Str},
                       {"predecessor", K::Str},
                       {"namespace_hash", K::Str},
                       {"salt", K::Str},
                       {"access_policy", K::Any},
                       {"services", K::SeqMap, false, &kSessionService},
                       {"images", K::SeqMap, false, &kImage},
                       {"volumes", K::SeqMap, false, &kSessionVolume},
                       {"secrets", K::SeqMap, false, &kSessionSecret},
                       {"security", K::Any},
                       {"secret_config", K::Any},
                       {"creator", K::Any}},
                      {QStringLiteral("digest"), QStringLiteral("board_members"), QStringLiteral("board_policy"),
                       QStringLiteral("tags")}};

bool isFragmentNode(const YamlNode *n)
{
    return n && n->isScalar() && n->scalar().trimmed().startsWith(QLatin1String("$$SCONE::"));
}

}  // namespace

void checkServiceSchema(Reporter &r, const QString &file, const YamlNode *root)
{
    Checker(r, file).checkMap(root, kService, QString(), nullptr);
}

void checkMeshSchema(Reporter &r, const QString &file, const YamlNode *root)
{
    Checker c(r, file);
    c.checkMap(root, kMesh, QString(), nullptr);
    // env: both shapes
    const YamlNode *env = root ? root->value(u"env") : nullptr;
    const YamlNode *ev = env ? env->resolved() : nullptr;
    if (!ev || ev->isNull())
        return;
    if (!ev->isSequence()) {
        r.add(file, env->location(), codes::WrongType,
              QStringLiteral("`env` must be a list, not %1").arg(kindName(ev)));
        return;
    }
    for (int i = 0; i < ev->size(); ++i) {
        const YamlNode *item = ev->at(i)->resolved();
        const QString ip = QStringLiteral("env[%1]").arg(i);
        if (!item || !item->isMapping()) {
            r.add(file, ev->at(i)->location(), codes::WrongType,
                  QStringLiteral("%1 must be a mapping, not %2").arg(q(ip), kindName(item)));
            continue;
        }
        if (item->indexOfKey(u"service") >= 0)
            c.checkMap(item, kEnvBlock, ip, nullptr);
        else
            c.checkMap(item, kMeshKeyValue, ip, nullptr);
    }
}

void checkSessionSchema(Reporter &r, const QString &file, const YamlNode *root)
{
    Checker c(r, file);
    c.checkMap(root, kSession, QString(), nullptr);
    const YamlNode *sec = root ? root->value(u"security") : nullptr;
    const YamlNode *sv = sec ? sec->resolved() : nullptr;
    if (sv && !isFragmentNode(sv)) {
        if (!sv->isMapping()) {
            r.add(file, sec->location(), codes::WrongType,
                  QStringLiteral("`security` must be a mapping, not %1").arg(kindName(sv)));
        } else {
            c.checkMap(sv, kSecurity, QStringLiteral("security"), nullptr);
            const YamlNode *att = sv->value(u"attestation");
            const YamlNode *av = att ? att->resolved() : nullptr;
            if (av && !isFragmentNode(av)) {
                if (av->isMapping())
                    c.checkMap(av, kAttestationSec, QStringLiteral("security.attestation"), nullptr);
                else if (!av->isNull())
                    r.add(file, att->location(), codes::WrongType,
                          QStringLiteral("`security.attestation` must be a mapping, not %1").arg(kindName(av)));
            }
        }
    }
    const YamlNode *ap = root ? root->value(u"access_policy") : nullptr;
    const YamlNode *apv = ap ? ap->resolved() : nullptr;
    if (apv && !isFragmentNode(apv)) {
        if (!apv->isMapping())
            r.add(file, ap->location(), codes::WrongType,
                  QStringLiteral("`access_policy` must be a mapping, not %1").arg(kindName(apv)));
        else
            c.checkMap(apv, kAccessPolicy, QStringLiteral("access_policy"), nullptr);
    }
    // secrets[].export targets
    const YamlNode *secrets = root ? root->value(u"secrets") : nullptr;
    const YamlNode *ss = secrets ? secrets->resolved() : nullptr;
    if (ss && ss->isSequence()) {
        for (int i = 0; i < ss->size(); ++i) {
            const YamlNode *s = ss->at(i)->resolved();
            const YamlNode *ex = s && s->isMapping() ? s->value(u"export") : nullptr;
            const YamlNode *exv = ex ? ex->resolved() : nullptr;
            if (!exv)
                continue;
            const QString ep = QStringLiteral("secrets[%1].export").arg(i);
            if (exv->isMapping()) {
                c.checkMap(exv, kExportTarget, ep, nullptr);
            } else if (exv->isSequence()) {
                for (int k = 0; k < exv->size(); ++k) {
                    const YamlNode *t = exv->at(k)->resolved();
                    if (t && t->isMapping())
                        c.checkMap(t, kExportTarget, ep + QStringLiteral("[%1]").arg(k), nullptr);
                    else if (!t || !t->isScalar())
                        r.add(file, exv->at(k)->location(), codes::WrongType,
                              QStringLiteral("%1 must be a mapping or a URL string")
                                  .arg(q(ep + QStringLiteral("[%1]").arg(k))));
                }
            } else if (!exv->isScalar()) {
                r.add(file, ex->location(), codes::WrongType,
                      QStringLiteral("%1 must be a mapping or a list").arg(q(ep)));
            }
        }
    }
    // images[].injection_files: a path string or {path, content, permission}
    const YamlNode *images = root ? root->value(u"images") : nullptr;
    const YamlNode *iv = images ? images->resolved() : nullptr;
    if (iv && iv->isSequence()) {
        for (int i = 0; i < iv->size(); ++i) {
            const YamlNode *img = iv->at(i)->resolved();
            const YamlNode *files = img && img->isMapping() ? img->value(u"injection_files") : nullptr;
            const YamlNode *fv = files ? files->resolved() : nullptr;
            if (!fv || fv->isNull())
                continue;
            const QString fp = QStringLiteral("images[%1].injection_files").arg(i);
            if (!fv->isSequence()) {
                r.add(file, files->location(), codes::WrongType, QStringLiteral("%1 must be a list").arg(q(fp)));
                continue;
            }
            for (int k = 0; k < fv->size(); ++k) {
                const YamlNode *f = fv->at(k)->resolved();
                if (f && f->isMapping())
                    c.checkMap(f, kInjectionFile, fp + QStringLiteral("[%1]").arg(k), nullptr);
                else if (!f || !f->isScalar())
                    r.add(file, fv->at(k)->location(), codes::WrongType,
                          QStringLiteral("%1 must be a path or a mapping").arg(q(fp + QStringLiteral("[%1]").arg(k))));
            }
        }
    }
}

}  // namespace workbench::models::detail

// ---- value kinds for writers ---------------------------------------------------------------

namespace workbench::models {

SchemaValueKind schemaValueKind(const YamlDocument &doc, const QString &path)
{
    using detail::Field;
    using detail::K;
    using detail::Schema;
    const Result<YamlPath> parsed = YamlPath::parse(path);
    if (!parsed.ok() || parsed->isEmpty())
        return SchemaValueKind::Unknown;
    const Schema *schema = nullptr;
    switch (ManifestProject::classify(doc)) {
    case ManifestFile::Kind::Service:
        schema = &detail::kService;
        break;
    case ManifestFile::Kind::Mesh:
        schema = &detail::kMesh;
        break;
    case ManifestFile::Kind::Session:
        schema = &detail::kSession;
        break;
    case ManifestFile::Kind::Other:
        return SchemaValueKind::Unknown;
    }
    const QList<YamlPathSegment> &segments = parsed->segments;
    for (int i = 0; i < segments.size(); ++i) {
        if (!schema || segments.at(i).kind != YamlPathSegment::Kind::Key)
            return SchemaValueKind::Unknown;
        const Field *field = nullptr;
        for (const Field &f : schema->fields)
            if (segments.at(i).key == QLatin1String(f.key))
                field = &f;
        if (!field)
            return SchemaValueKind::Unknown;
        const bool last = i + 1 == segments.size();
        const bool itemNext = !last && segments.at(i + 1).kind != YamlPathSegment::Kind::Key;
        switch (field->kind) {
        case K::Str:
        case K::Enum:
            return last ? SchemaValueKind::String : SchemaValueKind::Unknown;
        case K::Int:
            return last ? SchemaValueKind::Integer : SchemaValueKind::Unknown;
        case K::Bool:
            return last ? SchemaValueKind::Boolean : SchemaValueKind::Unknown;
        case K::SeqStr:
        case K::StrOrSeq:
            if (last)
                return field->kind == K::StrOrSeq ? SchemaValueKind::String : SchemaValueKind::Unknown;
            return itemNext && i + 2 == segments.size() ? SchemaValueKind::String : SchemaValueKind::Unknown;
        case K::Map:
            schema = field->schema;
            break;
        case K::SeqMap:
        case K::MapOrSeqMap:
            schema = field->schema;
            if (itemNext)
                ++i;  // the item: its keys follow
            else if (field->kind == K::SeqMap)
                return SchemaValueKind::Unknown;
            break;
        case K::Any:
            return SchemaValueKind::Unknown;
        }
    }
    return SchemaValueKind::Unknown;
}

}  // namespace workbench::models
