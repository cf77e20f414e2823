// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/sourceref.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models::policy {

// The CAS sessions the workbench generates from a mesh (session language 0.3.10, spec §3), as
// plain values. Produced by generatePolicies() (policygenerator.h), written as YAML by
// writeSession() (sessionwriter.h), read back from YAML by sessionFromYaml() (sessionreader.h).
//
// Conventions for consumers (certificate preview, graph, upload):
// - Session names are absolute (`<APP_NAMESPACE>/<mesh service>`); export/import targets are
//   stored both as written in the YAML (`../flask-api`, relative as session language 0.3.10
//   allows) and resolved to the absolute name (`sessionAbsolute`), so nobody re-implements
//   the relative-path rules.
// - Every value that came from a manifest carries a SourceRef to the manifest line.
// - Optional secret parameters are std::optional / empty: absent in the manifest means absent
//   in the session (the CAS applies its defaults, spec §3.4); nothing is invented.

/// One target of a secret's `export:` list.
struct SecretExport {
    QString session;           ///< as written: `../flask-api`, `ns/x`; empty for a namespace export
    QString sessionAbsolute;   ///< resolved absolute session name (or the namespace for a namespace export)
    bool isNamespace = false;  ///< `namespace: <name>` export (grants the namespace and its sessions)
    QString casUrl;            ///< remote CAS of the target, empty when the same CAS
    SourceRef source;          ///< manifest line that caused the export (the importer's `secrets.import` item)
};

/// `import: {session, secret}` of a secret imported from another session.
struct SecretImport {
    QString session;          ///< as written: `../redis`
    QString sessionAbsolute;  ///< `<ns>/redis`; empty when no exporter is known (dangling import)
    QString secret;           ///< name of the secret in the exporting session
    QString casUrl;           ///< remote CAS, empty when the same CAS
};

/// An entry of a session's `secrets:`. Either defined here (kind + parameters) or imported
/// (`import` set, kind usually empty).
struct CasSecret {
    QString name;
    QString kind;  ///< ascii | binary | private-key | public-key | x509 | x509-ca | aad-token | ...; empty for imports
    std::optional<int> size;       ///< ascii/binary
    std::optional<QString> value;  ///< explicit value (hex for binary, PEM for keys)
    QString keyType;               ///< private-key: P-256 (CAS default when empty), P-384, Ed25519, RSA-2048, RSA-3072
    std::optional<bool> migrate;   ///< private-key migration on session update
    QString privateKey;            ///< x509/x509-ca: name of the private-key secret
    QString issuer;                ///< x509/x509-ca: name of the issuing x509-ca secret; empty = self-signed
    QString commonName;            ///< `common_name`
    QStringList dns;               ///< SAN DNS names, mesh variables resolved
    QString endpoint;              ///< server | client (EKU)
    QString validFor;              ///< `valid_for`, e.g. "90 days"
    QString tenantId, clientId, applicationSecret;  ///< aad-token
    bool exportPublic = false;                      ///< `export_public: true`: readable by anyone via /v1/values
    QList<SecretExport> exports;                    ///< sessions (or namespaces) this secret is exported to
    std::optional<SecretImport> import;
    SourceRef source;  ///< the `secrets.global` item (or the `secrets.import` item for imports)

    bool isImported() const { return import.has_value(); }
};

/// One variable of `services[].environment` and where its value came from.
struct EnvironmentValue {
    enum class Origin {
        Local,           ///< service manifest `environment.local`
        ServiceDefault,  ///< service manifest `environment.global` default value
        MeshGlobal,      ///< mesh `env` block `global` (or the legacy flat list)
        MeshHelm,        ///< mesh `env` block `helm`
        MeshService,     ///< mesh `env` block of this service
        Session,         ///< read from a session file
    };
    QString name;
    QString value;  ///< variables resolved; `$$SCONE::…$$` kept
    Origin origin = Origin::Local;
    SourceRef source;  ///< line of the value that won
};

struct CasService {
    QString name;       ///< service name inside the session (python3, java, or the mesh service name)
    QString imageName;  ///< `image_name`, refers to CasImage::name
    QString command;
    QString pwd;
    QList<EnvironmentValue> environment;  ///< in manifest order: local, then global
    /// `attestation.mrenclave`. When the MRENCLAVE is only known after the build these are
    /// placeholders (mrenclavePlaceholder = true), not hex values.
    QStringList mrenclaves;
    bool mrenclavePlaceholder = false;
    bool attestationDisabled = false;  ///< read from a file with `attestation` mode none / no variants
    SourceRef source;                  ///< mesh `services[]` item
    SourceRef commandSource;           ///< `build.command`
    SourceRef pwdSource;               ///< `build.pwd`
};

struct CasInjectionFile {
    QString path;
    QString content;   ///< as the service will see it before the CAS fills the placeholders
    SourceRef source;  ///< `injection_files[]` item
    SourceRef contentSource;
};

struct CasImage {
    QString name;
    QList<CasInjectionFile> injectionFiles;
    SourceRef source;
};

struct CasSecurity {
    QStringList tolerate;          ///< `attestation.tolerate`
    QStringList ignoreAdvisories;  ///< `attestation.ignore_advisories`; {"*"} for all
    QString attestationMode;       ///< empty = hardware (CAS default); none | maa
    QString maaUrl;                ///< with mode maa
    SourceRef tolerateSource;
    SourceRef ignoreAdvisoriesSource;
    SourceRef modeSource;

    bool isEmpty() const { return tolerate.isEmpty() && ignoreAdvisories.isEmpty() && attestationMode.isEmpty(); }
};

struct CasAccessPolicy {
    QStringList read;            ///< default [CREATOR]
    QStringList update;          ///< default [CREATOR]
    QStringList createSessions;  ///< namespace sessions; empty = not written (CAS default: update)
};

/// A complete CAS session.
struct CasSession {
    enum class Kind {
        Namespace,  ///< the namespace session that must exist before the others (`create_sessions`)
        Service,    ///< one per mesh service
        Other,      ///< read from a file, not generated
    };
    Kind kind = Kind::Service;
    QString name;  ///< absolute: `<APP_NAMESPACE>/<service>`, or the namespace itself
    QString version = QStringLiteral("0.3.10");
    QString meshService;        ///< mesh `services[].name`; empty for the namespace session
    bool curatedImage = false;  ///< image not built from a project service manifest: its embedded policy is not known
    CasAccessPolicy accessPolicy;
    QList<CasService> services;
    QList<CasImage> images;
    QList<CasSecret> secrets;
    CasSecurity security;
    SourceRef source;             ///< mesh `services[]` item (namespace session: `policy.namespace`)
    QString serviceManifestFile;  ///< the service manifest the session was generated from

    const CasSecret *secret(const QString &secretName) const;
    CasSecret *secret(const QString &secretName);
    /// Session names this session imports from (absolute, unique, sorted).
    QStringList importsFrom() const;
    /// `<session name>/<first service name>`: the SCONE_CONFIG_ID of the service.
    QString configId() const;
};

/// Resolves a session reference as written in an export/import (`../x`, `./x`, `ns/x`, `x`)
/// relative to the session @p from (absolute name). Plain names without `/` are absolute.
QString resolveSessionReference(const QString &from, const QString &reference);
/// The shortest reference from session @p from to @p to: `../sibling` for siblings, else @p to.
QString relativeSessionReference(const QString &from, const QString &to);

}  // namespace workbench::models::policy
