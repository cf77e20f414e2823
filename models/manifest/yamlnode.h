// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "manifest/sourcelocation.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <vector>

namespace workbench::models {

namespace detail {
struct YamlData;
class TreeBuilder;
class FastParser;
struct NodeAccess;
}  // namespace detail

/// A node of a parsed YAML document: a read-only view owned by its YamlDocument (valid as long as
/// the document, or a copy of it, lives and is not edited). Mapping keys are nodes too, so every
/// key and every value has a source range.
class YamlNode
{
public:
    enum class Type : quint8 { Null, Scalar, Sequence, Mapping, Alias };
    enum class Style : quint8 {
        Plain,  ///< plain scalar, or an empty/`~`/`null` value
        SingleQuoted,
        DoubleQuoted,
        Literal,  ///< `|` block scalar
        Folded,   ///< `>` block scalar
        Block,    ///< block collection (indentation)
        Flow,     ///< flow collection (`[..]`, `{..}`)
    };

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isScalar() const { return m_type == Type::Scalar; }
    bool isSequence() const { return m_type == Type::Sequence; }
    bool isMapping() const { return m_type == Type::Mapping; }
    bool isAlias() const { return m_type == Type::Alias; }
    /// Null with no text at all (`key:` followed by nothing), as opposed to `~` or `null`.
    bool isEmptyValue() const { return m_type == Type::Null && m_end == m_start; }
    Style style() const { return m_style; }

    /// For aliases the anchored node, else this node.
    const YamlNode *resolved() const;

    /// The scalar value (after unquoting/folding); empty for other types.
    const QString &scalar() const { return m_value; }
    /// The YAML tag as yaml-cpp reports it: "?" plain, "!" quoted/block, or an explicit tag.
    const QString &tag() const;
    QString anchor() const;

    /// Range of the value text (after any `&anchor`/`!tag`). For quoted scalars it includes the
    /// quotes, for block scalars the `|`/`>` header and every content line, for flow collections
    /// the brackets, for block collections from the first key or `-` to the end of the last value.
    SourceLocation location() const;
    int startOffset() const { return m_start; }
    int endOffset() const { return m_end; }
    /// Start of `&anchor`/`!tag` properties, or startOffset().
    int propertiesOffset() const { return m_propStart; }

    /// Number of items (sequence) or entries (mapping); 0 otherwise.
    int size() const;
    const YamlNode *at(int index) const;       ///< sequence item
    const YamlNode *keyAt(int index) const;    ///< mapping key node
    const YamlNode *valueAt(int index) const;  ///< mapping value node
    /// First value whose key is @p key (scalar keys only); nullptr when absent.
    const YamlNode *value(QStringView key) const;
    const YamlNode *keyNode(QStringView key) const;
    /// False when the document has no `<<` at all (no YAML merge keys to follow).
    bool mayHaveMergeKeys() const;
    int indexOfKey(QStringView key) const;
    QStringList keys() const;

    const YamlNode *parent() const;
    /// For a mapping value: its key node. For a key: nullptr.
    const YamlNode *keyOfValue() const;
    bool isKey() const { return m_isKey; }
    /// Index among the parent's items/entries; -1 for the root.
    int indexInParent() const { return m_indexInParent; }
    /// Dotted path usable with YamlDocument::node(): "secrets.global[2].name".
    QString path() const;

    /// Value as text when scalar, empty otherwise. Convenience for loaders.
    QString text() const { return isScalar() ? m_value : QString(); }

private:
    friend class YamlDocument;
    friend struct detail::YamlData;
    friend class detail::TreeBuilder;
    friend class detail::FastParser;
    friend struct detail::NodeAccess;

    /// The tag when it is one of the two implicit ones (nearly every node), else kept aside.
    enum class TagKind : quint8 { None, Plain, NonPlain, Other };

    // A project holds hundreds of thousands of nodes: they are kept small. Children are a range
    // of YamlData::children; an explicit tag or an anchor is an entry of YamlData::props.
    const detail::YamlData *m_data = nullptr;
    QString m_value;
    int m_start = 0;
    int m_end = 0;
    int m_propStart = 0;
    int m_parent = -1;
    int m_self = -1;
    int m_indexInParent = -1;
    int m_aliasTarget = -1;
    /// Sequence: items; mapping: key, value, key, value, ... (YamlData::children from m_firstChild).
    int m_firstChild = 0;
    int m_childCount = 0;
    int m_props = -1;  ///< index in YamlData::props, -1 when the node has neither anchor nor other tag
    Type m_type = Type::Null;
    Style m_style = Style::Plain;
    TagKind m_tagKind = TagKind::None;
    bool m_isKey = false;
};

/// `value: {{REDIS_HOST}}` written without quotes: YAML reads the flow mapping
/// `{ {REDIS_HOST: null}: null }`. Real manifests contain it (sconectl renders the text before
/// parsing), so readers take it as the string `{{REDIS_HOST}}`; nullopt for anything else.
std::optional<QString> unquotedPlaceholder(const YamlNode *node);

}  // namespace workbench::models
