// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <utility>

namespace workbench::models {

/// How SetScalar writes its value.
enum class YamlScalarType {
    /// The value is a string: it reads back as this string, quoted only where a YAML reader would
    /// otherwise take it for something else (`"yes"`, `"1.0"`, `"null"`; canonical integers such
    /// as `6379` stay plain, as manifests write them).
    String,
    /// The value is what YAML makes of it: a boolean, number or null (`true`, `10`, `~`) is
    /// written plain so it keeps that type; anything else is written as a String.
    Typed,
};

/// One source-preserving edit operation on a YamlDocument, as a value (so a form, the command
/// line and the fuzzer all describe edits the same way). `value` is a plain string for SetScalar
/// (quoted as YAML needs it) and a YAML fragment for the Add*/Insert*/Append* operations (a
/// scalar, a flow or block mapping/sequence: `{name: X, value: "1"}`, `"name: X\nvalue: 1"`).
struct YamlEdit {
    enum class Op {
        SetScalar,   ///< path must exist; replaces the scalar (or null) value
        AddKey,      ///< path names a mapping (or an empty value); adds `key: value` at its end
        RemoveKey,   ///< path names a mapping entry; removes key and value
        AppendItem,  ///< path names a sequence (or an empty value); appends `value`
        InsertItem,  ///< path names a sequence; inserts `value` before item `index`
        RemoveItem,  ///< path names a sequence item; removes it
        MoveItem,    ///< path names a sequence; moves item `index` to position `to`
        Add,         ///< command-line `--add PATH=YAML`: append to a sequence, insert at `[N]`,
                     ///< add a missing key to its mapping, or merge a mapping into a mapping
        Remove,      ///< command-line `--remove PATH`: RemoveKey or RemoveItem, whichever fits
    };

    Op op = Op::SetScalar;
    QString path;
    QString key;
    QString value;
    int index = -1;
    int to = -1;
    YamlScalarType scalarType = YamlScalarType::String;  ///< SetScalar only

    /// Sets the scalar at @p path to exactly @p value. The scalar keeps its style (plain, single
    /// or double quoted, literal `|` or folded `>` with its chomping and indentation indicators)
    /// whenever the new value can be written in it; otherwise the closest style that keeps the
    /// value exact is used (a block scalar's chomping, then literal, then double quotes).
    static YamlEdit setScalar(QString path, QString value, YamlScalarType type = YamlScalarType::String)
    {
        YamlEdit e{Op::SetScalar, std::move(path), {}, std::move(value)};
        e.scalarType = type;
        return e;
    }
    static YamlEdit addKey(QString mapPath, QString key, QString yaml)
    {
        return {Op::AddKey, std::move(mapPath), std::move(key), std::move(yaml)};
    }
    static YamlEdit removeKey(QString path) { return {Op::RemoveKey, std::move(path), {}, {}}; }
    static YamlEdit appendItem(QString seqPath, QString yaml)
    {
        return {Op::AppendItem, std::move(seqPath), {}, std::move(yaml)};
    }
    static YamlEdit insertItem(QString seqPath, int index, QString yaml)
    {
        return {Op::InsertItem, std::move(seqPath), {}, std::move(yaml), index};
    }
    static YamlEdit removeItem(QString itemPath) { return {Op::RemoveItem, std::move(itemPath), {}, {}}; }
    static YamlEdit moveItem(QString seqPath, int from, int to)
    {
        return {Op::MoveItem, std::move(seqPath), {}, {}, from, to};
    }
    static YamlEdit add(QString path, QString yaml) { return {Op::Add, std::move(path), {}, std::move(yaml)}; }
    static YamlEdit remove(QString path) { return {Op::Remove, std::move(path), {}, {}}; }

    /// Short text for an undo stack: "Set build.to", "Remove services[1]".
    QString description() const;
};

}  // namespace workbench::models
