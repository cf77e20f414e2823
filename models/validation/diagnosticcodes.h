// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "validation/diagnostic.h"

#include <QList>
#include <QString>

namespace workbench::models {

/// Every code the validator emits, with its severity and what it means. The codes are stable:
/// tests, the command line (`--json`), filters and documentation rely on them.
struct DiagnosticCodeInfo {
    const char *code;
    Diagnostic::Severity severity;
    const char *summary;
};

const QList<DiagnosticCodeInfo> &diagnosticCodes();
/// Severity of a code (Error for unknown codes).
Diagnostic::Severity severityOf(const QString &code);

namespace codes {
// YAML
inline constexpr char YamlSyntax[] = "yaml.syntax";
inline constexpr char YamlTemplateSyntax[] = "yaml.template-syntax";
inline constexpr char YamlEncoding[] = "yaml.encoding";
inline constexpr char YamlDuplicateKey[] = "yaml.duplicate-key";
inline constexpr char YamlMultipleDocuments[] = "yaml.multiple-documents";
inline constexpr char YamlOtherFile[] = "yaml.other-file";
inline constexpr char YamlEmptyManifest[] = "yaml.empty-manifest";
inline constexpr char UnquotedPlaceholder[] = "schema.unquoted-placeholder";
// schema
inline constexpr char MissingField[] = "schema.missing-field";
inline constexpr char WrongType[] = "schema.wrong-type";
inline constexpr char UnknownKey[] = "schema.unknown-key";
inline constexpr char InvalidEnum[] = "schema.invalid-enum";
inline constexpr char InvalidName[] = "schema.invalid-name";
inline constexpr char ApiVersion[] = "schema.api-version";
inline constexpr char LegacyKind[] = "schema.legacy-kind";
// service
inline constexpr char EnvDuplicateName[] = "env.duplicate-name";
inline constexpr char InjectionDuplicatePath[] = "injection.duplicate-path";
inline constexpr char InjectionRelativePath[] = "injection.relative-path";
inline constexpr char BuildFileMissing[] = "build.file-missing";
inline constexpr char BuildPathOutside[] = "build.path-outside-project";
// secrets
inline constexpr char SecretDuplicateName[] = "secret.duplicate-name";
inline constexpr char SecretUnknownReference[] = "secret.unknown-reference";
inline constexpr char SecretMalformedPlaceholder[] = "secret.malformed-placeholder";
inline constexpr char SecretUnknownFormat[] = "secret.unknown-format";
inline constexpr char SecretFormatMismatch[] = "secret.format-mismatch";
inline constexpr char SecretLegacyFormat[] = "secret.legacy-format";
inline constexpr char SecretIssuerNotCa[] = "secret.issuer-not-ca";
inline constexpr char SecretPrivateKeyKind[] = "secret.private-key-kind";
inline constexpr char SecretMissingPrivateKey[] = "secret.missing-private-key";
inline constexpr char SecretInvalidSize[] = "secret.invalid-size";
inline constexpr char SecretValueNotHex[] = "secret.value-not-hex";
inline constexpr char SecretFieldNotApplicable[] = "secret.field-not-applicable";
inline constexpr char SecretClientEndpointDns[] = "secret.client-endpoint-dns";
inline constexpr char SecretImportUnresolved[] = "secret.import-unresolved";
inline constexpr char SecretImportExternal[] = "secret.import-external";
inline constexpr char SecretImportOwn[] = "secret.import-own";
// variables
inline constexpr char VarUndefined[] = "var.undefined";
inline constexpr char VarGlobalUnset[] = "var.global-unset";
// mesh
inline constexpr char MeshLegacyEnv[] = "mesh.legacy-env";
inline constexpr char MeshLegacyEnvKey[] = "mesh.legacy-env-key";
inline constexpr char MeshMixedEnv[] = "mesh.mixed-env";
inline constexpr char MeshEnvUnknownService[] = "mesh.env-unknown-service";
inline constexpr char MeshDuplicateEnvBlock[] = "mesh.duplicate-env-block";
inline constexpr char MeshDuplicateService[] = "mesh.duplicate-service";
inline constexpr char MeshExternalImage[] = "mesh.external-image";
inline constexpr char MeshServiceNotInMesh[] = "mesh.service-not-in-mesh";
inline constexpr char MeshImageMismatch[] = "mesh.image-mismatch";
inline constexpr char MeshCasUrl[] = "mesh.cas-url";
inline constexpr char MeshUnknownTolerate[] = "mesh.unknown-tolerate";
// sessions
inline constexpr char SessionVersionUnquoted[] = "session.version-unquoted";
inline constexpr char SessionMissingVersion[] = "session.missing-version";
inline constexpr char SessionDeprecated[] = "session.deprecated";
inline constexpr char SessionInvalidHex[] = "session.invalid-hex";
inline constexpr char SessionAccessExclusive[] = "session.access-exclusive";
// project
inline constexpr char ProjectNoMesh[] = "project.no-mesh";
inline constexpr char ProjectMultipleMeshes[] = "project.multiple-meshes";
inline constexpr char ProjectEmpty[] = "project.empty";
inline constexpr char FileNotManifest[] = "file.not-a-manifest";
// traps
inline constexpr char TrapLegacyChain[] = "trap.legacy-chain";
inline constexpr char TrapEmptyChain[] = "trap.empty-chain";
inline constexpr char TrapIgnoreAdvisories[] = "trap.ignore-advisories-without-debug";
inline constexpr char TrapTopLevelRequirements[] = "trap.top-level-requirements";
inline constexpr char TrapCaNotExported[] = "trap.ca-not-exported";
inline constexpr char TrapCaNotPublic[] = "trap.ca-not-public";
}  // namespace codes

}  // namespace workbench::models
