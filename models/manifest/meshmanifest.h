// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/servicemanifest.h"
#include "manifest/sourcelocation.h"

#include <QList>
#include <QString>

#include <optional>

namespace workbench::models {

class YamlDocument;

/// An entry of `cas:` (spec §2.1).
struct MeshCas {
    LocatedString name;
    LocatedStringList alias;
    LocatedString casUrl;                           ///< `cas_url` (required)
    std::optional<LocatedString> casKey;            ///< `cas_key`
    std::optional<LocatedString> casEncryptionKey;  ///< `cas_encryption_key`
    std::optional<LocatedString> tolerance;
    std::optional<LocatedString>
        mode;  ///< Upload, SignedManifest, EncryptedManifest, NoUpload, EncryptedOnly (SignOnline)
    SourceLocation location;
    QString nodePath;
};

/// `policy:` (spec §2.2).
struct MeshPolicy {
    bool present = false;
    SourceLocation location;
    std::optional<LocatedString> policyNamespace;   ///< `namespace`
    std::optional<LocatedString> tolerate;          ///< comma-separated string
    std::optional<LocatedString> ignoreAdvisories;  ///< `ignore_advisories`: "*" or comma-separated
    std::optional<LocatedString> maa;
    std::optional<LocatedString> accessPolicyName;
    std::optional<LocatedString> attestationPolicyName;
    std::optional<LocatedString> securityPolicyName;
    std::optional<LocatedString> imagePolicyNamespace;

    /// `tolerate` split on commas and trimmed.
    QStringList tolerateList() const;
};

/// One `- service: X  env: [...]` block of the current (per-service) env shape.
struct MeshEnvBlock {
    LocatedString service;  ///< `global`, `helm` or a mesh service name
    QList<EnvVariable> env;
    SourceLocation location;
    QString nodePath;
};

/// An entry of `services:` (spec §2.4).
struct MeshService {
    LocatedString name;
    LocatedString image;
    std::optional<LocatedString> imageSecrets;  ///< `image_secrets`
    std::optional<LocatedString> imagePolicy;   ///< `image_policy`
    std::optional<LocatedString> helmChart;     ///< `helm_chart`
    std::optional<LocatedString> env;           ///< path of an env template (a string, not §2.3)
    SourceLocation location;
    QString nodePath;
};

struct MeshRepo {
    bool present = false;
    SourceLocation location;
    LocatedString destination;
    std::optional<LocatedString> squash;
    std::optional<LocatedString> strip;
    std::optional<LocatedString> push;
    std::optional<LocatedString> keyFile;
    std::optional<LocatedString> configId;
};

struct MeshExtraPolicy {
    LocatedString name;
    std::optional<LocatedString> mode;
    SourceLocation location;
};

/// Typed view of a `kind: mesh` manifest (spec §2). Both `env` shapes are read: the legacy flat
/// list (`flatEnv`, including the 2022-05 `key:` form) and the per-service blocks (`envBlocks`).
struct MeshManifest {
    enum class EnvShape {
        Absent,      ///< no `env:` key
        Empty,       ///< `env:` null or `[]` (allowed when generating defaults)
        Flat,        ///< legacy `env: [{name, value}]`
        PerService,  ///< current `env: [{service, env: [...]}]`
        Mixed,       ///< both kinds of items (invalid)
    };

    QString fileName;
    LocatedString apiVersion;
    LocatedString kind;
    QList<MeshCas> cas;
    bool hasCas = false;
    MeshPolicy policy;
    EnvShape envShape = EnvShape::Absent;
    SourceLocation envLocation;
    QList<EnvVariable> flatEnv;
    QList<MeshEnvBlock> envBlocks;
    bool hasServices = false;
    SourceLocation servicesLocation;
    QList<MeshService> services;
    /// `helm_extra_values`: a mapping keyed by sub-chart (real use) or a string (schema).
    bool hasHelmExtraValues = false;
    SourceLocation helmExtraValuesLocation;
    MeshRepo repo;
    QList<MeshExtraPolicy> extraPolicies;

    static MeshManifest fromDocument(const YamlDocument &doc);

    /// The first service named @p name (a scan; MeshEnvironment::serviceIndex() is a hash lookup).
    const MeshService *service(const QString &name) const;
    QStringList serviceNames() const;
    /// The env block for @p service (`global`, `helm` or a service name), nullptr if none.
    const MeshEnvBlock *envBlock(const QString &service) const;
    /// Variables visible to @p serviceName after precedence service > helm > global (the flat
    /// legacy list counts as global). Later duplicates inside one block win. Linear in the size
    /// of the env blocks; for lookups over many services use MeshEnvironment (built once).
    QList<EnvVariable> effectiveEnv(const QString &serviceName) const;
};

}  // namespace workbench::models
