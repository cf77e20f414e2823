// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace workbench::models {

/// A range of a document's text. `line`/`column` (and `endLine`/`endColumn`, the position just
/// after the range) are 1-based; columns count Unicode code points from the start of the line.
/// `offset`/`length` are UTF-8 byte offsets into YamlDocument::text(). Invalid (line 0) when the
/// thing it describes is not in the document.
struct SourceLocation {
    int line = 0;
    int column = 0;
    int endLine = 0;
    int endColumn = 0;
    int offset = -1;
    int length = 0;

    bool isValid() const { return line > 0; }
    int endOffset() const { return offset + length; }
    bool contains(int byteOffset) const { return byteOffset >= offset && byteOffset <= offset + length; }
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

/// A scalar read from a document, with where its value is and the dotted path of its node
/// (`nodePath`, usable with YamlDocument's edit operations, e.g. "secrets.global[2].name").
/// `present` is false when the key is absent (then `value` is empty and `location` points at
/// the enclosing mapping, or is invalid). Non-scalar values are read as empty with present=true.
struct LocatedString {
    QString value;
    SourceLocation location;     ///< of the value; of the key when the value is empty/null
    SourceLocation keyLocation;  ///< of the key, when the scalar is a mapping value
    QString nodePath;            ///< dotted path of the value node
    bool present = false;

    bool isEmpty() const { return value.isEmpty(); }
    const QString &operator*() const { return value; }
};

/// A list of scalars (e.g. `dns: [api, "{{api_host}}"]`), with the location of the list itself.
struct LocatedStringList {
    QList<LocatedString> items;
    SourceLocation location;
    SourceLocation keyLocation;
    QString nodePath;
    bool present = false;

    QStringList values() const
    {
        QStringList out;
        out.reserve(items.size());
        for (const LocatedString &s : items)
            out.append(s.value);
        return out;
    }
    bool isEmpty() const { return items.isEmpty(); }
};

}  // namespace workbench::models
