// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/sourcelocation.h"

#include <QList>
#include <QString>

#include <optional>

namespace workbench::models {

class YamlDocument;

/// `{NAME: value}` entry of a session service's `environment` map.
struct SessionEnvVariable {
    LocatedString name;
    LocatedString value;
};

/// One attestation variant (spec §3.2): keys inside one variant are ANDed, variants are ORed.
struct SessionAttestation {
    std::optional<LocatedStringList> mrenclave;  ///< a single hex string reads as a 1-item list
    std::optional<LocatedString> mrsigner;
    std::optional<LocatedString> isvprodid;
    std::optional<LocatedString> isvsvn;
    std::optional<LocatedString> isvsvnMin;
    std::optional<LocatedString> isvsvnMax;
    /// The whole variant is a `$$SCONE::fragment$$`.
    std::optional<LocatedString> fragment;
    SourceLocation location;
};

struct SessionService {
    LocatedString name;
    /// `command` as written (a string; a list is joined with spaces) and as a list when it is one.
    std::optional<LocatedString> command;
    std::optional<LocatedStringList> commandList;
    QList<SessionEnvVariable> environment;
    std::optional<LocatedString> pwd;
    std::optional<LocatedString> imageName;         ///< `image_name`
    std::optional<LocatedString> fspfPath;          ///< `fspf_path`
    std::optional<LocatedString> fspfKey;           ///< `fspf_key`
    std::optional<LocatedString> fspfTag;           ///< `fspf_tag`
    std::optional<LocatedString> fspfUpdatePolicy;  ///< `fspf_update_policy`
    QList<SessionAttestation> attestation;
    std::optional<LocatedStringList> mrenclaves;  ///< deprecated `mrenclaves: [hex...]`
    std::optional<LocatedStringList> platforms;
    std::optional<LocatedString> oneTimePasswordSharedSecret;
    SourceLocation location;
    QString nodePath;
};

/// One target of a secret/volume `export` (map form or URL short form).
struct SessionExport {
    std::optional<LocatedString> session;
    std::optional<LocatedString> sessionNamespace;  ///< `namespace:`
    std::optional<LocatedString> sessionHash;
    std::optional<LocatedString> casUrl;
    std::optional<LocatedString> casKey;
    std::optional<LocatedString> casSoftwareKey;
    std::optional<LocatedString> shortForm;     ///< `cas.example.com/cas_key=...,session=x`
    std::optional<LocatedString> toSession;     ///< volumes: `to: {session}`
    std::optional<LocatedString> updatePolicy;  ///< volumes
    std::optional<LocatedString> volumeAlias;   ///< volumes
    SourceLocation location;
};

struct SessionImport {
    std::optional<LocatedString> session;
    std::optional<LocatedString> secret;  ///< secrets; `volume` for volumes
    std::optional<LocatedString> sessionHash;
    std::optional<LocatedString> casUrl;
    std::optional<LocatedString> casKey;
    std::optional<LocatedString> casSoftwareKey;
    SourceLocation location;
};

struct SessionSecret {
    LocatedString name;
    std::optional<LocatedString> kind;
    std::optional<LocatedString> value;  ///< scalar value; structured values: location only
    std::optional<LocatedString> size;
    std::optional<LocatedString> keyType;
    std::optional<LocatedString> migrate;
    std::optional<LocatedString> exportPublic;
    std::optional<LocatedString> privateKey;
    std::optional<LocatedString> issuer;
    std::optional<LocatedString> commonName;
    std::optional<LocatedString> endpoint;
    std::optional<LocatedString> validFor;
    std::optional<LocatedStringList> dns;
    std::optional<LocatedStringList> san;
    QList<SessionExport> exports;
    std::optional<SessionImport> import;
    bool hasImportAkv = false;
    SourceLocation location;
    QString nodePath;

    QString kindText() const { return kind ? kind->value : QString(); }
};

struct SessionInjectionFile {
    LocatedString path;
    std::optional<LocatedString> content;  ///< absent for the path-only form
    std::optional<LocatedString> permission;
    SourceLocation location;
};

struct SessionImageVolume {
    LocatedString name;
    LocatedString path;
    std::optional<LocatedString> updatePolicy;
    SourceLocation location;
};

struct SessionImage {
    LocatedString name;
    QList<SessionInjectionFile> injectionFiles;
    QList<SessionImageVolume> volumes;
    std::optional<LocatedStringList> provideSecrets;
    std::optional<LocatedStringList> legacyMrenclaves;  ///< v0.1/0.2 `images[].mrenclaves`
    SourceLocation location;
    QString nodePath;
};

struct SessionVolume {
    LocatedString name;
    std::optional<LocatedString> fspfKey;
    std::optional<LocatedString> fspfTag;
    QList<SessionExport> exports;
    std::optional<SessionImport> import;
    SourceLocation location;
    QString nodePath;
};

struct SessionSecurity {
    bool present = false;
    SourceLocation location;
    std::optional<LocatedString> fragment;  ///< whole section is `$$SCONE::x$$`
    std::optional<LocatedString> singletonEnclaves;
    std::optional<LocatedString> serviceAccessToken;
    bool hasAttestation = false;
    std::optional<LocatedString> attestationFragment;
    std::optional<LocatedString> mode;  ///< hardware | none | maa
    std::optional<LocatedString> url;
    std::optional<LocatedStringList> tolerate;
    /// `"*"` reads as one item "*"; a list reads item by item.
    std::optional<LocatedStringList> ignoreAdvisories;
    std::optional<LocatedStringList> trustedSconeQePubkeys;
    std::optional<LocatedString> oneTimePasswordSharedSecret;
};

struct SessionAccessPolicy {
    bool present = false;
    SourceLocation location;
    std::optional<LocatedString> fragment;
    /// Entries as text (CREATOR, ANY, NONE, PEM, hash, $$SCONE::x$$); structured entries
    /// (`signer:`, `require-all:`) are kept with their location and an empty value.
    std::optional<LocatedStringList> read;
    std::optional<LocatedStringList> update;
    std::optional<LocatedStringList> createSessions;
    std::optional<LocatedStringList> listSessions;
};

/// Typed view of a CAS session (policy) file, session language v0.3.x (spec §3).
struct CasSessionFile {
    QString fileName;
    LocatedString name;
    std::optional<LocatedString> version;
    bool versionQuoted = false;  ///< `version: "0.3.10"` vs `version: 0.3`
    std::optional<LocatedString> predecessor;
    std::optional<LocatedString> namespaceHash;
    std::optional<LocatedString> salt;
    SessionAccessPolicy accessPolicy;
    QList<SessionService> services;
    QList<SessionImage> images;
    QList<SessionVolume> volumes;
    QList<SessionSecret> secrets;
    SessionSecurity security;
    bool hasSecretConfig = false;
    SourceLocation secretConfigLocation;
    bool hasCreator = false;
    /// v0.1/0.2 keys found at top level (`digest`, `board_members`, `board_policy`, `tags`).
    QList<LocatedString> legacyKeys;

    static CasSessionFile fromDocument(const YamlDocument &doc);

    const SessionSecret *secret(const QString &name) const;
    const SessionService *service(const QString &name) const;
};

}  // namespace workbench::models
