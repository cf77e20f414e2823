// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QVarLengthArray>

namespace workbench::models::policy {

/// The two substitution syntaxes the workbench resolves. `$$SCONE::…$$` is a third one,
/// resolved by the CAS at enclave start: it is always kept verbatim.
enum class VariableSyntax {
    Shell,  ///< `$VAR` / `${VAR}` (envsubst in the tutorials' run.sh), from the deployment settings
    Mesh,   ///< `{{var}}` / `{{ var | default(value="x") }}` (mesh time), from the mesh env
};

/// A variable occurrence in a text.
struct VariableReference {
    QString name;  ///< `VAR`, `var`, or a dotted name such as `cas.cas.cas_url`
    VariableSyntax syntax = VariableSyntax::Shell;
    int offset = 0;   ///< offset of the token in the input text
    int length = 0;   ///< length of the whole token (`${VAR}`, `{{ var }}`)
    QString problem;  ///< why it could not be resolved (empty: variable not defined)
};

/// Result of a substitution. Unresolved tokens are kept as written (never replaced by an empty
/// string) and listed in `unresolved`, so callers report them as diagnostics.
struct ResolvedText {
    QString text;
    QList<VariableReference> unresolved;
    bool ok() const { return unresolved.isEmpty(); }
};

/// Variables visible to a substitution. A QHash for speed; build it once per service.
using VariableMap = QHash<QString, QString>;
VariableMap toVariableMap(const QMap<QString, QString> &vars);

/// Variables in layers, the first layer that has a name wins: what a service sees (its own
/// block over the mesh-wide variables over the builtins) without copying the mesh-wide ones per
/// service. Holds pointers; the maps must outlive the scope.
class VariableScope
{
public:
    VariableScope() = default;
    explicit VariableScope(const VariableMap *only) { addLayer(only); }
    /// Adds @p layer below the ones added before (null is ignored).
    void addLayer(const VariableMap *layer)
    {
        if (layer)
            m_layers.append(layer);
    }
    /// The value of @p name in the first layer that has it; null when none has.
    const QString *find(const QString &name) const
    {
        for (const VariableMap *layer : m_layers)
            if (const auto it = layer->constFind(name); it != layer->cend())
                return &it.value();
        return nullptr;
    }

private:
    QVarLengthArray<const VariableMap *, 6> m_layers;
};

/// Replaces `$VAR` and `${VAR}` from @p vars. Leaves `$$SCONE::…$$` tokens, `{{…}}` and a `$`
/// not followed by a name untouched.
ResolvedText resolveShellVariables(const QString &text, const VariableMap &vars);

/// Replaces `{{ name }}` from @p vars, applying the Tera filters `default(value="x")`, `upper`,
/// `lower` and `trim`; `{% raw %}…{% endraw %}` is copied literally (without its tags). Leaves
/// `$$SCONE::…$$` untouched. An unknown filter makes the reference unresolved.
ResolvedText resolveMeshVariables(const QString &text, const VariableMap &vars);
/// The same with layered variables.
ResolvedText resolveMeshVariablesIn(const QString &text, const VariableScope &vars);

/// Both stages, shell first (as run.sh's envsubst runs before sconectl).
ResolvedText resolveAllVariables(const QString &text, const VariableMap &shellVars, const VariableMap &meshVars);

/// Every `$VAR`/`${VAR}`/`{{var}}` occurrence (for highlighting), in text order.
QList<VariableReference> findVariableReferences(const QString &text);

/// A `$$SCONE::name[:fmt…|.legacy][|encoding]$$` placeholder found in a text.
struct SconePlaceholder {
    QString secret;  ///< secret name (without format)
    QString format;  ///< `:crt`, `:chain`, `.key`, ... including its separator; empty if none
    int offset = 0;
    int length = 0;
};
/// All CAS placeholders in @p text, in text order.
QList<SconePlaceholder> findSconePlaceholders(const QString &text);

}  // namespace workbench::models::policy
