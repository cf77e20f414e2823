// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/sourcelocation.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models {

class YamlDocument;

/// `{name, value}` of an environment list (service `environment.local/global`, mesh `env`).
struct EnvVariable {
    LocatedString name;
    std::optional<LocatedString> value;  ///< absent for a global without default
    SourceLocation location;             ///< the whole list item
    QString nodePath;                    ///< e.g. "environment.local[2]"
    bool legacyKey = false;              ///< mesh 2022-05 form `key:` instead of `name:`
};

/// An entry of `secrets.global` (spec §1.3; semantics of the CAS session language §3.4).
/// Scalars are kept as text: `size: 10` and `size: "10"`, `migrate: true` and `"true"` read alike.
struct ServiceSecret {
    LocatedString name;
    std::optional<LocatedString> kind;  ///< ascii | binary | private-key | x509 | x509-ca (| aad-token)
    std::optional<LocatedString> size;
    std::optional<LocatedString> value;
    std::optional<LocatedString> privateKey;  ///< `private_key`
    std::optional<LocatedString> issuer;
    std::optional<LocatedString> commonName;  ///< `common_name`
    std::optional<LocatedStringList> dns;
    std::optional<LocatedString> endpoint;  ///< server | client
    std::optional<LocatedString> validFor;  ///< `valid_for`
    std::optional<LocatedString> keyType;   ///< `key_type`
    std::optional<LocatedString> migrate;
    std::optional<LocatedString> exportPublic;       ///< `export_public`
    std::optional<LocatedString> tenantId;           ///< `tenant_id`
    std::optional<LocatedString> clientId;           ///< `client_id`
    std::optional<LocatedString> applicationSecret;  ///< `application_secret`
    SourceLocation location;
    QString nodePath;  ///< "secrets.global[3]"

    QString kindText() const { return kind ? kind->value : QString(); }
    bool isExportedPublicly() const;
};

struct InjectionFile {
    LocatedString path;
    LocatedString content;
    SourceLocation location;
    QString nodePath;
};

struct BuildVolumeExport {
    std::optional<LocatedString> session;
    std::optional<LocatedString> sessionHash;
    std::optional<LocatedString> updatePolicy;
    std::optional<LocatedString> volumeAlias;
    SourceLocation location;
};

struct BuildVolume {
    LocatedString name;
    LocatedString path;
    QList<BuildVolumeExport> exports;
    std::optional<LocatedString> importSession;  ///< `import.session`
    std::optional<LocatedString> importVolume;   ///< `import.volume`
    SourceLocation location;
    QString nodePath;
};

/// `build:` (spec §1.5).
struct BuildSection {
    bool present = false;
    SourceLocation location;
    LocatedString name;
    LocatedString kind;  ///< python, java, java15, java8, java21, ..., sconify_image (or $VAR)
    LocatedString to;
    LocatedString command;
    std::optional<LocatedString> from;
    std::optional<LocatedString> pwd;
    std::optional<LocatedString> requirements;
    std::optional<LocatedString> stable;
    std::optional<LocatedStringList> copy;
    std::optional<LocatedStringList> run;
    std::optional<LocatedStringList> binaries;
    std::optional<LocatedStringList> dirs;
    std::optional<LocatedStringList> fsDirs;      ///< `fs_dirs`
    std::optional<LocatedStringList> fsFiles;     ///< `fs_files`
    std::optional<LocatedStringList> plainFiles;  ///< `plain_files`
    std::optional<LocatedStringList> plains;
    std::optional<LocatedStringList> hostPaths;  ///< `host_paths`
    bool hasSignature = false;
    std::optional<LocatedString> signatureSign;  ///< `signature.sign`
    std::optional<LocatedString> signatureKey;   ///< `signature.key`
    std::optional<LocatedString> genPolicy;      ///< `gen_policy.policy`
    QList<BuildVolume> volumes;
};

/// Typed view of a `kind: genservice` service manifest (spec §1). Built from a YamlDocument;
/// tolerant: missing or mistyped fields are left empty (the validator reports them).
struct ServiceManifest {
    QString fileName;
    LocatedString apiVersion;
    LocatedString kind;  ///< genservice (legacy genAppImage)

    bool hasEnvironment = false;
    SourceLocation environmentLocation;
    QList<EnvVariable> localEnv;   ///< `environment.local`
    QList<EnvVariable> globalEnv;  ///< `environment.global`

    bool hasSecrets = false;
    SourceLocation secretsLocation;
    QList<ServiceSecret> secrets;  ///< `secrets.global`
    LocatedStringList imports;     ///< `secrets.import`

    bool hasInjectionFiles = false;
    QList<InjectionFile> injectionFiles;

    BuildSection build;

    /// 2022 variant: `requirements:` at top level instead of under build (a trap).
    std::optional<LocatedString> topLevelRequirements;

    static ServiceManifest fromDocument(const YamlDocument &doc);

    const ServiceSecret *secret(const QString &name) const;
    QStringList secretNames() const;
    const EnvVariable *localVariable(const QString &name) const;
    const EnvVariable *globalVariable(const QString &name) const;
    /// The service name the mesh knows it by: build.name.
    QString serviceName() const { return build.name.value; }
};

}  // namespace workbench::models
