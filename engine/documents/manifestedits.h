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

/// How a value is written: as a string (quoted when YAML would read it as something else) or as
/// a YAML literal (`true`, `10`, written plain so it keeps its type) for check boxes and numbers.
/// The same for a key that is created and for a value that is replaced.
enum class ValueStyle { String, Literal };

/// Where the value comes from. A one-line editor (a line edit, a table cell) never shows the
/// trailing line breaks a scalar has (a `|` or `>` block scalar's final newline, see
/// lineEditorText()), so the value it gives back gets them again (valueFromLineEditor()): the
/// scalar keeps its value's tail and, with it, its style. A multi-line editor gives the exact value.
enum class ValueSource { Exact, LineEditor };

/// The text a one-line editor shows for the scalar value @p value: without its trailing line
/// breaks (they are part of how the value is written, not something the user types).
QString lineEditorText(const QString &value);

/// The value a one-line editor that showed lineEditorText(@p current) and now holds @p typed
/// stands for: @p typed followed by the trailing line breaks @p current had. A @p typed with a
/// line break of its own (pasted) is taken as it is.
QString valueFromLineEditor(const QString &current, const QString &typed);

/// Gives the scalar at dotted @p path (keys only below the last existing node) the value
/// @p value, quoted as YAML needs. With @p removeIfEmpty an empty value removes the key instead
/// (optional fields); otherwise it is written as `""`. An existing scalar keeps its style
/// (plain, quoted, folded, literal, chomping) whenever the new value fits it.
Result<QList<models::YamlEdit>> setValue(const models::YamlDocument &doc, const QString &path, const QString &value,
                                         bool removeIfEmpty = false, ValueStyle style = ValueStyle::String,
                                         ValueSource source = ValueSource::Exact);

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
