// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace workbench::models {

/// A `$$SCONE::name[.legacy | :fmt[:fmt...]][|encoding]$$` placeholder found in a string
/// (spec §3.4). Offsets are in UTF-16 code units of the scanned string.
struct SecretReference {
    QString raw;          ///< the whole placeholder as written
    QString name;         ///< secret name
    QString format;       ///< "crt", "chain", "privatekey:pem", ... (without the separator); empty if none
    bool legacy = false;  ///< `.crt`/`.key`/`.chain`/`.hex` form
    QString encoding;     ///< after `|`, e.g. "escape(json)"
    int offset = 0;
    int length = 0;
    bool malformed = false;  ///< no closing `$$`, or no name
};

/// A mesh-time `{{var}}` (Tera) or envsubst `$VAR`/`${VAR}` variable in a string.
struct TemplateVariable {
    enum class Kind { MeshTime, Shell };
    Kind kind = Kind::MeshTime;
    QString name;  ///< `REDIS_HOST`; for `{{ cas.cas.cas_url }}` the dotted name
    QString raw;
    int offset = 0;
    int length = 0;
};

/// All `$$SCONE::...$$` placeholders of @p text.
QList<SecretReference> findSecretReferences(QStringView text);
/// All `{{var}}` (mesh-time) and, outside those and `$$SCONE::...$$`, `$VAR`/`${VAR}` variables.
QList<TemplateVariable> findTemplateVariables(QStringView text);
/// True when @p text contains a template of any kind (`$VAR`, `${VAR}`, `{{var}}`, `$$SCONE::`):
/// such values are not checked against enumerations or syntax rules.
bool isTemplated(QStringView text);

}  // namespace workbench::models
