// SPDX-License-Identifier: Apache-2.0
// What the manifest formats say a value is, for writers that must keep types: `edit --set` and
// form edits write a boolean or an integer plain (`export_public: false`), a string quoted where
// YAML would read it as something else (`name: "yes"`).
#pragma once

#include <QString>

namespace workbench::models {

class YamlDocument;

enum class SchemaValueKind {
    Unknown,  ///< not a scalar field of the format (or the document is no manifest)
    String,   ///< a string (also enumerations such as `kind: x509`)
    Boolean,
    Integer,
};

/// The kind of the scalar at dotted @p path (`secrets.global[name=ca].export_public`,
/// `build.signature.sign`) in @p doc, a service, mesh or session manifest.
SchemaValueKind schemaValueKind(const YamlDocument &doc, const QString &path);

}  // namespace workbench::models
