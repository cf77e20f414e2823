// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "manifest/yamldocument.h"
#include "manifest/yamledit.h"

#include <QList>
#include <QPair>
#include <QString>

namespace workbench::engine::manifestedits {

/// Turns what a form does ("set build.signature.sign to true", "append a variable to
/// environment.local") into YamlDocument edits, creating the mappings and sequences on the way
/// when they are missing. The edits are source-preserving (YamlDocument plans minimal changes);
/// this layer only decides which edit fits the document as it is.

/// How a value is written when a key is created: as a string (quoted when YAML would read it
/// as something else) or as a YAML literal (`true`, `10`) for check boxes and numbers.
enum class ValueStyle { String, Literal };

/// Gives the scalar at dotted @p path (keys only below the last existing node) the value
/// @p value, quoted as YAML needs. With @p removeIfEmpty an empty value removes the key instead
/// (optional fields); otherwise it is written as `""`.
Result<QList<models::YamlEdit>> setValue(const models::YamlDocument &doc, const QString &path, const QString &value,
                                         bool removeIfEmpty = false, ValueStyle style = ValueStyle::String);

/// Appends @p itemYaml (a YAML fragment, e.g. from mappingFragment()) to the sequence at
/// @p seqPath, creating the sequence (and missing parent mappings) when needed.
Result<QList<models::YamlEdit>> appendItem(const models::YamlDocument &doc, const QString &seqPath,
                                           const QString &itemYaml);

/// Replaces the sequence of scalars at @p path by @p values (items are set, appended or removed
/// one by one, so unchanged items and their comments stay). Creates the key when missing.
Result<QList<models::YamlEdit>> setStringList(const models::YamlDocument &doc, const QString &path,
                                              const QStringList &values, bool flowWhenCreated = true);

/// `key: value` lines of a block mapping, values quoted as YAML needs; empty values are skipped
/// unless the key is the first one.
QString mappingFragment(const QList<QPair<QString, QString>> &keyValues);

/// A flow sequence `[a, "b c"]` with every item quoted as needed.
QString flowSequence(const QStringList &values);

}  // namespace workbench::engine::manifestedits
