// SPDX-License-Identifier: Apache-2.0
#include "documents/secretindex.h"

#include "manifest/templatetokens.h"
#include "manifest/yamlnode.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <vector>

#include <atomic>

namespace workbench::engine {

namespace {
const QLatin1String kSconePrefix("$$SCONE::");

/// The byte range of @p name inside the scalar at @p loc (skipping a quote). Invalid when the
/// written form differs from the value (escapes), so that a rename never guesses.
std::optional<QPair<int, int>> nameRange(const QByteArray &text, const models::SourceLocation &loc, const QString &name)
{
    if (loc.offset < 0 || name.isEmpty())
        return std::nullopt;
    const QByteArray n = name.toUtf8();
    int off = loc.offset;
    if (off < text.size() && (text.at(off) == '"' || text.at(off) == '\''))
        ++off;
    if (text.mid(off, n.size()) == n)
        return QPair<int, int>(off, int(n.size()));
    const int found = int(text.indexOf(n, loc.offset));
    if (found >= 0 && found + n.size() <= loc.offset + qMax(loc.length, int(n.size()) + 2))
        return QPair<int, int>(found, int(n.size()));
    return std::nullopt;
}

/// Byte ranges of every scalar of the document, sorted: a placeholder outside all of them is in
/// a comment. One walk of the tree instead of a nodeAt() search per placeholder.
void collectScalars(const models::YamlNode *n, std::vector<std::pair<int, int>> &out, int depth = 0)
{
    if (!n || depth > 200)
        return;
    if (n->isScalar()) {
        out.emplace_back(n->startOffset(), n->endOffset());
        return;
    }
    if (n->isSequence()) {
        for (int i = 0; i < n->size(); ++i)
            collectScalars(n->at(i), out, depth + 1);
    } else if (n->isMapping()) {
        for (int i = 0; i < n->size(); ++i)
            collectScalars(n->valueAt(i), out, depth + 1);
    }
}

bool inScalar(const std::vector<std::pair<int, int>> &ranges, int offset)
{
    auto it = std::upper_bound(ranges.begin(), ranges.end(), offset,
                               [](int o, const std::pair<int, int> &r) { return o < r.first; });
    if (it == ranges.begin())
        return false;
    --it;
    return offset >= it->first && offset <= it->second;
}

/// UTF-16 → UTF-8 offsets of one document for positions asked in (mostly) increasing order: a
/// cursor that moves forward, so converting every placeholder of a file costs one pass over it
/// (YamlDocument::byteOffset() starts at the beginning each time for non-ASCII text).
class ByteOffsets
{
public:
    explicit ByteOffsets(const models::YamlDocument &doc)
        : m_text(doc.text())
    {}

    int at(int utf16)
    {
        if (utf16 < m_utf16) {  // backwards: start over (rare)
            m_utf16 = 0;
            m_byte = 0;
        }
        const int n = int(m_text.size());
        while (m_byte < n && m_utf16 < utf16) {
            const unsigned char c = static_cast<unsigned char>(m_text.at(m_byte));
            const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
            m_utf16 += len == 4 ? 2 : 1;
            m_byte += len;
        }
        return std::min(m_byte, n);
    }

private:
    const QByteArray &m_text;
    int m_utf16 = 0;
    int m_byte = 0;
};

QString lineTextAt(const QByteArray &text, int offset)
{
    const int start = int(text.lastIndexOf('\n', qMax(0, offset - 1))) + 1;
    int end = int(text.indexOf('\n', offset));
    if (end < 0)
        end = int(text.size());
    return QString::fromUtf8(text.mid(start, end - start)).trimmed();
}
}  // namespace

QString SecretSite::kindLabel() const
{
    switch (kind) {
    case Kind::Definition:
        return QStringLiteral("definition");
    case Kind::Placeholder:
        return QStringLiteral("placeholder");
    case Kind::Import:
        return QStringLiteral("import");
    case Kind::Issuer:
        return QStringLiteral("issuer");
    case Kind::PrivateKey:
        return QStringLiteral("private key");
    }
    return {};
}

bool SecretIndex::isValidSecretName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*$"));
    return re.match(name).hasMatch();
}

SecretIndex SecretIndex::build(const models::ManifestProject &project)
{
    static std::atomic<quint64> builds{0};
    SecretIndex idx;
    idx.m_buildId = ++builds;
    for (const models::ManifestFile &f : project.files()) {
        const models::YamlDocument &doc = f.document;
        const QByteArray &bytes = doc.text();
        // A value merged in from an anchor (`<<: *defaults`) is read once per item that merges
        // it, at the anchor's place: one site per place, or a rename would edit it twice.
        QSet<int> seenOffsets;
        auto add = [&](SecretSite::Kind kind, const QString &name, int offset, int length, int tokenOffset,
                       int tokenLength, const QString &format = {}) {
            if (seenOffsets.contains(offset))
                return;
            seenOffsets.insert(offset);
            SecretSite s;
            s.kind = kind;
            s.name = name;
            s.path = f.path;
            s.offset = offset;
            s.length = length;
            s.tokenOffset = tokenOffset;
            s.tokenLength = tokenLength;
            s.format = format;
            const models::SourceLocation loc = doc.locationOf(offset, length);
            s.line = loc.line;
            s.column = loc.column;
            s.lineText = lineTextAt(bytes, offset);
            idx.m_sites.append(s);
        };
        auto addScalar = [&](SecretSite::Kind kind, const models::LocatedString &ls) {
            if (!ls.present || ls.value.isEmpty())
                return;
            if (const auto r = nameRange(bytes, ls.location, ls.value))
                add(kind, ls.value, r->first, r->second, r->first, r->second);
        };
        auto addInfo = [&](const QString &name, const QString &kind, int line, QStringList details) {
            if (name.isEmpty() || idx.m_infos.contains(name))
                return;
            idx.m_infos.insert(name, SecretInfo{name, kind, f.path, line, std::move(details)});
        };
        auto detail = [](QStringList &out, const char *key, const std::optional<models::LocatedString> &v) {
            if (v && !v->value.isEmpty())
                out << QLatin1String(key) + QStringLiteral(": ") + v->value;
        };

        // What service secrets and session secrets have in common: the sites that name a
        // secret, and the first details of the hover text.
        auto indexSecret = [&](const auto &s) {
            addScalar(SecretSite::Kind::Definition, s.name);
            if (s.issuer)
                addScalar(SecretSite::Kind::Issuer, *s.issuer);
            if (s.privateKey)
                addScalar(SecretSite::Kind::PrivateKey, *s.privateKey);
            QStringList details;
            detail(details, "key_type", s.keyType);
            detail(details, "size", s.size);
            detail(details, "private_key", s.privateKey);
            detail(details, "issuer", s.issuer);
            detail(details, "common_name", s.commonName);
            return details;
        };

        if (f.service) {
            for (const models::ServiceSecret &s : f.service->secrets) {
                QStringList details = indexSecret(s);
                if (s.dns && !s.dns->isEmpty())
                    details << QStringLiteral("dns: ") + s.dns->values().join(QStringLiteral(", "));
                detail(details, "endpoint", s.endpoint);
                detail(details, "valid_for", s.validFor);
                detail(details, "export_public", s.exportPublic);
                detail(details, "migrate", s.migrate);
                if (s.value)
                    details << QStringLiteral("value: (explicit)");
                addInfo(s.name.value, s.kindText(), s.name.location.line, details);
            }
            for (const models::LocatedString &imp : f.service->imports.items)
                addScalar(SecretSite::Kind::Import, imp);
        }
        if (f.session) {
            for (const models::SessionSecret &s : f.session->secrets) {
                QStringList details = indexSecret(s);
                detail(details, "endpoint", s.endpoint);
                detail(details, "valid_for", s.validFor);
                addInfo(s.name.value, s.kindText(), s.name.location.line, details);
            }
        }

        // Placeholders anywhere in a value (plain, quoted or block scalar). Comments are skipped
        // when the document parses: a placeholder there is not inside any scalar.
        const QString text = QString::fromUtf8(bytes);
        const auto placeholders = models::findSecretReferences(text);
        std::vector<std::pair<int, int>> scalars;
        if (doc.isValid() && !placeholders.isEmpty()) {
            collectScalars(doc.root(), scalars);
            std::sort(scalars.begin(), scalars.end());
        }
        ByteOffsets toByte(doc);
        for (const models::SecretReference &p : placeholders) {
            if (p.malformed || p.name.isEmpty())
                continue;
            const int nameUtf16 = int(text.indexOf(p.name, p.offset + kSconePrefix.size()));
            if (nameUtf16 < 0 || nameUtf16 >= p.offset + p.length)
                continue;
            // in text order (token start, name, token end): the cursor only moves forward
            const int tokenByte = toByte.at(p.offset);
            const int nameByte = toByte.at(nameUtf16);
            if (doc.isValid() && !inScalar(scalars, nameByte))
                continue;
            const int tokenEnd = toByte.at(p.offset + p.length);
            const QString format =
                p.format.isEmpty() ? QString() : (p.legacy ? QStringLiteral(".") : QStringLiteral(":")) + p.format;
            add(SecretSite::Kind::Placeholder, p.name, nameByte, int(p.name.toUtf8().size()), tokenByte,
                tokenEnd - tokenByte, format);
        }
    }
    std::stable_sort(idx.m_sites.begin(), idx.m_sites.end(), [](const SecretSite &a, const SecretSite &b) {
        return a.path != b.path ? a.path < b.path : a.offset < b.offset;
    });
    for (int i = 0; i < idx.m_sites.size(); ++i) {
        idx.m_byName[idx.m_sites.at(i).name].append(i);
        idx.m_byPath[idx.m_sites.at(i).path].append(i);
    }
    return idx;
}

QList<SecretSite> SecretIndex::definitions(const QString &name) const
{
    QList<SecretSite> out;
    for (int i : m_byName.value(name))
        if (m_sites.at(i).kind == SecretSite::Kind::Definition)
            out.append(m_sites.at(i));
    return out;
}

QList<SecretSite> SecretIndex::references(const QString &name) const
{
    QList<SecretSite> out;
    for (int i : m_byName.value(name))
        if (m_sites.at(i).kind != SecretSite::Kind::Definition)
            out.append(m_sites.at(i));
    return out;
}

QList<SecretSite> SecretIndex::allSites(const QString &name) const
{
    return definitions(name) + references(name);
}

std::optional<SecretSite> SecretIndex::siteAt(const QString &path, int byteOffset) const
{
    for (int i : m_byPath.value(path)) {
        const SecretSite &s = m_sites.at(i);
        if (byteOffset >= s.tokenOffset && byteOffset <= s.tokenOffset + s.tokenLength)
            return s;
    }
    return std::nullopt;
}

std::optional<SecretIndex::SecretInfo> SecretIndex::info(const QString &name) const
{
    const auto it = m_infos.constFind(name);
    if (it == m_infos.constEnd())
        return std::nullopt;
    return it.value();
}

}  // namespace workbench::engine
