// SPDX-License-Identifier: Apache-2.0
#include "validation/diagnosticcodes.h"

#include <QHash>

namespace workbench::models {

using S = Diagnostic::Severity;

const QList<DiagnosticCodeInfo> &diagnosticCodes()
{
    static const QList<DiagnosticCodeInfo> list = {
        {codes::YamlSyntax, S::Error, "the file is not valid YAML"},
        {codes::YamlTemplateSyntax, S::Warning,
         "a template that only becomes valid YAML once its {{…}} placeholders are rendered"},
        {codes::YamlEncoding, S::Error, "the file is not UTF-8 text"},
        {codes::YamlDuplicateKey, S::Error, "a mapping has the same key twice"},
        {codes::YamlMultipleDocuments, S::Warning, "more than one YAML document; only the first is used"},
        {codes::YamlOtherFile, S::Warning,
         "a YAML problem in a file that is no manifest (a helm template, CI config, ...): not checked further"},
        {codes::YamlEmptyManifest, S::Warning,
         "a file named like a manifest (service.yaml, mesh.yaml) is empty: it is no manifest, and a mesh service "
         "it was to build is treated as external"},
        {codes::UnquotedPlaceholder, S::Warning,
         "`{{VAR}}` written without quotes: YAML reads a mapping; it is taken as the placeholder"},
        {codes::MissingField, S::Error, "a required field is missing or empty"},
        {codes::WrongType, S::Error, "a value has the wrong type (mapping, list, scalar, number, boolean)"},
        {codes::UnknownKey, S::Warning, "a key the format does not define (with a did-you-mean suggestion)"},
        {codes::InvalidEnum, S::Error,
         "a value outside its enumeration (secret kind, key_type, endpoint, CAS mode, build.kind, ...)"},
        {codes::InvalidName, S::Error, "a name with characters the format does not allow"},
        {codes::ApiVersion, S::Error, "apiVersion is not scone/<VERSION> with VERSION >= 5.8"},
        {codes::LegacyKind, S::Warning, "kind: genAppImage is the 2022 name of genservice"},
        {codes::EnvDuplicateName, S::Warning, "an environment variable is defined twice"},
        {codes::InjectionDuplicatePath, S::Warning, "two injection files have the same path"},
        {codes::InjectionRelativePath, S::Warning, "an injection file path is not absolute"},
        {codes::BuildFileMissing, S::Warning,
         "a file named in build (copy, requirements) or image_secrets does not exist"},
        {codes::BuildPathOutside, S::Warning,
         "a build path leaves the project folder (only $PWD is mounted into sconectl)"},
        {codes::SecretDuplicateName, S::Error, "a secret name is defined twice in the mesh"},
        {codes::SecretUnknownReference, S::Error,
         "a $$SCONE::name$$ placeholder, issuer or private_key names no secret of the service"},
        {codes::SecretMalformedPlaceholder, S::Error, "a $$SCONE:: placeholder without closing $$ or without name"},
        {codes::SecretUnknownFormat, S::Error, "a placeholder format (:fmt or .legacy) that does not exist"},
        {codes::SecretFormatMismatch, S::Error, "a placeholder format that does not fit the secret's kind"},
        {codes::SecretLegacyFormat, S::Info, "a deprecated .crt/.key/.hex placeholder suffix"},
        {codes::SecretIssuerNotCa, S::Error, "an x509 issuer that is not an x509-ca secret"},
        {codes::SecretPrivateKeyKind, S::Error, "a private_key that is not a private-key secret"},
        {codes::SecretMissingPrivateKey, S::Error, "an x509/x509-ca secret without private_key"},
        {codes::SecretInvalidSize, S::Error, "size is not a positive integer"},
        {codes::SecretValueNotHex, S::Error, "an explicit binary value that is not hex"},
        {codes::SecretFieldNotApplicable, S::Warning, "a secret field that has no meaning for its kind"},
        {codes::SecretClientEndpointDns, S::Warning, "dns names on a client certificate"},
        {codes::SecretImportUnresolved, S::Error, "an imported secret that no other service of the mesh defines"},
        {codes::SecretImportExternal, S::Warning,
         "an imported secret that only an external (curated) service could define"},
        {codes::SecretImportOwn, S::Warning, "a service imports a secret it defines itself"},
        {codes::VarUndefined, S::Warning, "a {{variable}} (or $VARIABLE) that nothing defines"},
        {codes::VarGlobalUnset, S::Error, "an environment.global variable without default that the mesh does not set"},
        {codes::MeshLegacyEnv, S::Warning, "the legacy flat mesh env list (before per-service env blocks)"},
        {codes::MeshLegacyEnvKey, S::Warning, "the 2022 `key:` form of a mesh env entry"},
        {codes::MeshMixedEnv, S::Error, "mesh env mixes the flat and the per-service shape"},
        {codes::MeshEnvUnknownService, S::Error, "an env block for a service the mesh does not have"},
        {codes::MeshDuplicateEnvBlock, S::Warning, "two env blocks for the same service"},
        {codes::MeshDuplicateService, S::Error, "two mesh services with the same name"},
        {codes::MeshExternalImage, S::Info, "a mesh service image that no service manifest of the project builds"},
        {codes::MeshServiceNotInMesh, S::Info, "a service manifest whose image the mesh does not run"},
        {codes::MeshImageMismatch, S::Warning,
         "a mesh service paired with its service manifest by build.name or folder: the images differ"},
        {codes::MeshCasUrl, S::Warning, "cas_url with a scheme or path (expected host[:port])"},
        {codes::MeshUnknownTolerate, S::Warning, "an unknown attestation tolerance"},
        {codes::SessionVersionUnquoted, S::Warning, "a session version written as a number"},
        {codes::SessionMissingVersion, S::Warning, "a session without version (v0.1 is assumed)"},
        {codes::SessionDeprecated, S::Warning, "a deprecated session key (mrenclaves, digest, board_*, tags)"},
        {codes::SessionInvalidHex, S::Error, "a hash, MRENCLAVE, key or tag that is not hex of the right length"},
        {codes::SessionAccessExclusive, S::Error, "ANY or NONE combined with other access entries"},
        {codes::ProjectNoMesh, S::Info, "service manifests without a mesh manifest"},
        {codes::ProjectMultipleMeshes, S::Warning, "more than one mesh manifest in the project"},
        {codes::ProjectEmpty, S::Warning, "no SCONE manifest in the folder"},
        {codes::FileNotManifest, S::Warning,
         "a YAML file checked on its own that is no service manifest, mesh manifest or CAS session: not checked"},
        {codes::TrapLegacyChain, S::Warning,
         "legacy .chain: root first and includes the certificate; :chain excludes it"},
        {codes::TrapEmptyChain, S::Warning, ":chain of a self-signed CA is empty; use :crt"},
        {codes::TrapIgnoreAdvisories, S::Warning, "ignore_advisories without debug-mode in tolerate"},
        {codes::TrapTopLevelRequirements, S::Warning, "requirements at top level (it belongs under build)"},
        {codes::TrapCaNotExported, S::Warning, "a service imports a certificate but not the CA that issued it"},
        {codes::TrapCaNotPublic, S::Info,
         "a CA that issues a server certificate is neither imported nor export_public"},
    };
    return list;
}

Diagnostic::Severity severityOf(const QString &code)
{
    static const QHash<QString, Diagnostic::Severity> map = [] {
        QHash<QString, Diagnostic::Severity> m;
        for (const DiagnosticCodeInfo &i : diagnosticCodes())
            m.insert(QString::fromLatin1(i.code), i.severity);
        return m;
    }();
    return map.value(code, Diagnostic::Severity::Error);
}

}  // namespace workbench::models
