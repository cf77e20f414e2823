// SPDX-License-Identifier: Apache-2.0
// Internal: per-file rules that the project pass feeds with cross-file knowledge.
#pragma once

#include "manifest/meshenvironment.h"
#include "manifest/templatetokens.h"
#include "validation/validationcontext_p.h"

#include <QHash>
#include <QSet>

namespace workbench::models {
class YamlDocument;
}

namespace workbench::models::detail {

/// What the validator knows about a secret name visible to a service.
struct SecretInfo {
    QString kind;             ///< empty when unknown (imported from an unseen service)
    bool selfSigned = false;  ///< x509/x509-ca without issuer
    bool imported = false;
    bool exportedPublicly = false;
};
using SecretTable = QHash<QString, SecretInfo>;

struct ServiceContext {
    SecretTable secrets;                       ///< defined + imported
    const MeshEnvironment *meshEnv = nullptr;  ///< what the mesh sets (null: no mesh)
    QString meshService;                       ///< the mesh service that runs it
    bool inMesh = false;
    QString rootDir;

    /// True when the mesh sets @p name for this service.
    bool meshSets(const QString &name) const { return meshEnv && meshEnv->contains(meshService, name); }
};

struct PlaceholderUse {
    SecretReference ref;
    SourceLocation location;
};
struct VariableUse {
    TemplateVariable var;
    SourceLocation location;
};

/// Placeholders and variables of every scalar value of @p doc (keys excluded).
QList<PlaceholderUse> collectPlaceholders(const YamlDocument &doc);
QList<VariableUse> collectVariables(const YamlDocument &doc);

/// The secret table of a service from its own definitions and imports (kinds of imports unknown).
SecretTable localSecretTable(const ServiceManifest &svc);

void checkServiceRules(Reporter &r, const ManifestFile &file, const ServiceManifest &svc, const ServiceContext &ctx);
void checkPlaceholders(Reporter &r, const QString &file, const QList<PlaceholderUse> &uses, const SecretTable &secrets,
                       const QString &owner);

}  // namespace workbench::models::detail
