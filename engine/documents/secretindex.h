// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/manifestproject.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace workbench::engine {

/// One place in a project where a secret name is written: its definition (`secrets.global[].name`
/// of a service manifest or `secrets[].name` of a session file) or a use of it (a
/// `$$SCONE::name…$$` placeholder inside a value, a `secrets.import` entry, an x509 secret's
/// `issuer` or `private_key`). The range covers the name only, so renaming replaces exactly it.
struct SecretSite {
    enum class Kind { Definition, Placeholder, Import, Issuer, PrivateKey };
    Kind kind = Kind::Definition;
    QString name;
    QString path;          ///< file, as the project knows it
    int offset = -1;       ///< UTF-8 byte offset of the name in the file's text
    int length = 0;        ///< bytes
    int line = 0;          ///< 1-based
    int column = 0;        ///< 1-based, code points
    int tokenOffset = -1;  ///< placeholders: the whole `$$SCONE::…$$`; else the name range
    int tokenLength = 0;
    QString format;    ///< placeholders: `:crt`, `.key`, ... (with separator), else empty
    QString lineText;  ///< the whole line, trimmed (for a references list)

    QString kindLabel() const;
};

/// Where every secret of a project is defined and used. Built from a parsed ManifestProject
/// (cheap: a scan of each file's text for placeholders plus the typed views), so go to
/// definition, find references, hovers and rename all work across files and on unsaved buffers.
/// Secret names are unique across a mesh (spec §1.3), so a name resolves project-wide.
class SecretIndex
{
public:
    static SecretIndex build(const models::ManifestProject &project);

    const QList<SecretSite> &sites() const { return m_sites; }
    /// Definitions of @p name (more than one is a validation error, but all are listed).
    QList<SecretSite> definitions(const QString &name) const;
    /// Every site of @p name except definitions, in file and text order.
    QList<SecretSite> references(const QString &name) const;
    /// Every site (definitions first).
    QList<SecretSite> allSites(const QString &name) const;
    /// The site whose name range contains @p byteOffset in @p path (the end is inclusive, so a
    /// caret just after a name still finds it). For placeholders the whole `$$SCONE::…$$` token
    /// counts.
    std::optional<SecretSite> siteAt(const QString &path, int byteOffset) const;

    /// What a hover shows about a secret: its kind and main parameters, and where it is defined.
    struct SecretInfo {
        QString name;
        QString kind;
        QString file;
        int line = 0;
        QStringList details;  ///< "issuer: api_ca_cert", "dns: api, {{api_host}}", ...
    };
    /// The (first) definition of @p name; nullopt when the project does not define it.
    std::optional<SecretInfo> info(const QString &name) const;

    /// Secret names may contain letters, digits, `_` and `-` (a `.` would read as a legacy
    /// placeholder suffix such as `.crt`).
    static bool isValidSecretName(const QString &name);

    /// Which build() this index comes from (copies share it; 0 for an empty index): an index
    /// with the same id has the same content, so what is derived from it can be kept.
    quint64 buildId() const { return m_buildId; }

private:
    quint64 m_buildId = 0;
    QList<SecretSite> m_sites;
    QHash<QString, QList<int>> m_byName;
    QHash<QString, QList<int>> m_byPath;
    QHash<QString, SecretInfo> m_infos;
};

}  // namespace workbench::engine
