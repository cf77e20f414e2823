// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/renderedtext.h"

#include <QString>
#include <QStringList>

namespace workbench::models::policy::detail {

/// How a scalar must be written so that every YAML 1.1/1.2 parser reads back the same string.
/// Conservative: anything a resolver could take for a number, bool, null, date, alias, tag or
/// flow indicator is double-quoted; multi-line text becomes a literal block scalar.
QString yamlScalar(const QString &value);
/// Same as yamlScalar() but always quoted (for values that must stay strings, e.g. version).
QString yamlQuoted(const QString &value);
/// True if @p value can be written as a plain scalar.
bool isPlainSafe(const QString &value);

/// Writes block-style YAML line by line and records a SourceRef per line (deterministic:
/// output depends only on the calls).
class YamlWriter
{
public:
    /// A raw line at @p indent spaces (text must not contain newlines).
    void line(int indent, const QString &text, const SourceRef &src = {});
    /// `key: value` (value via yamlScalar(); multi-line values as `key: |` block).
    void keyValue(int indent, const QString &key, const QString &value, const SourceRef &src = {});
    /// `key: "value"` always quoted.
    void keyQuoted(int indent, const QString &key, const QString &value, const SourceRef &src = {});
    /// `key: <raw>` with @p raw written verbatim (numbers, bools, `[]`, `{}`).
    void keyRaw(int indent, const QString &key, const QString &raw, const SourceRef &src = {});
    /// `key:` opening a nested block.
    void key(int indent, const QString &key, const SourceRef &src = {});
    /// `- value` list item of a scalar.
    void item(int indent, const QString &value, const SourceRef &src = {});
    /// `- key: value` first key of a mapping inside a list (following keys at indent + 2).
    void itemKeyValue(int indent, const QString &key, const QString &value, const SourceRef &src = {});
    /// `- key:` first key of a mapping inside a list opening a nested block.
    void itemKey(int indent, const QString &key, const SourceRef &src = {});
    /// `key:` followed by the list items, or `key: []` when empty.
    void list(int indent, const QString &key, const QStringList &values, const SourceRef &src = {});
    /// A `# comment` line.
    void comment(int indent, const QString &text);

    RenderedText take();

private:
    void begin(int indent);             ///< indentation of a new line
    void scalar(const QString &value);  ///< plain or double-quoted
    void end(const SourceRef &src);     ///< newline + the line's source
    /// `|…` header (the key is already written) and the indented content lines.
    void block(int contentIndent, const QString &value, const SourceRef &src);
    RenderedText m_out;
};

}  // namespace workbench::models::policy::detail
