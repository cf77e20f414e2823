// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "manifest/sourcelocation.h"
#include "manifest/textchange.h"
#include "manifest/yamledit.h"
#include "manifest/yamlnode.h"
#include "manifest/yamlpath.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace YAML {
class Node;
}

namespace workbench::models {

/// A problem found while reading the YAML itself (not the manifest schema).
struct YamlIssue {
    enum class Kind { SyntaxError, DuplicateKey, NotUtf8, ExtraDocument };
    Kind kind = Kind::SyntaxError;
    QString message;
    SourceLocation location;
    SourceLocation relatedLocation;  ///< DuplicateKey: the first occurrence
};

/// A YAML file as the user wrote it: the original bytes plus a tree of nodes with the source range
/// of every key and value, lookup by dotted path, and source-preserving edits.
///
/// Loading never throws and never fails: a document with a syntax error has `root() == nullptr`
/// (or a partial tree is dropped) and `syntaxError()` says where. Edits change only the bytes
/// they must (comments, blank lines, key order, quoting and indentation elsewhere stay
/// byte-identical), re-parse the result and return the minimal TextChange, which an editor can
/// apply as one replacement and an undo stack can revert (`applyChange(change.inverted())`).
///
/// Copies are cheap (the parsed tree is shared and immutable); an edit replaces this document's
/// tree, so YamlNode pointers obtained before an edit must not be used after it.
class YamlDocument
{
public:
    YamlDocument();
    ~YamlDocument();
    YamlDocument(const YamlDocument &);
    YamlDocument &operator=(const YamlDocument &);
    YamlDocument(YamlDocument &&) noexcept;
    YamlDocument &operator=(YamlDocument &&) noexcept;

    /// Parses @p text. @p fileName is only remembered (for diagnostics).
    static YamlDocument fromText(QByteArray text, QString fileName = {});
    /// How many non-empty texts this process has parsed so far (any thread; for tests and
    /// benchmarks that check that work is not repeated, e.g. one parse per keystroke).
    static quint64 parseCount();
    /// Reads and parses a file; fails only when the file cannot be read.
    static Result<YamlDocument> fromFile(const QString &path);

    const QString &fileName() const;
    void setFileName(const QString &fileName);
    /// The bytes exactly as loaded or edited. Saving writes these.
    const QByteArray &text() const;

    /// True when the text parsed (there may still be duplicate keys).
    bool isValid() const;
    /// The syntax error (or encoding error) if the text did not parse.
    std::optional<YamlIssue> syntaxError() const;
    /// Syntax error, duplicate keys, extra documents ... in text order.
    const QList<YamlIssue> &issues() const;

    /// Root node of the first document; nullptr when the text is empty or did not parse.
    const YamlNode *root() const;
    /// Node at a dotted path ("build.to", "environment.local[2].value",
    /// "secrets.global[name=flask].dns"); aliases are followed. nullptr when absent.
    const YamlNode *node(const QString &path) const;
    const YamlNode *node(const YamlPath &path) const;
    /// Like node(), but says which segment failed: "secrets.global[name=flsk]: no item with
    /// name=flsk".
    Result<const YamlNode *> find(const QString &path) const;
    /// The innermost node whose range contains @p byteOffset (for "what is under the cursor").
    const YamlNode *nodeAt(int byteOffset) const;

    /// Value of the top-level `kind:` key (empty if none).
    QString kind() const;

    /// Position helpers (1-based line/column; columns in code points).
    SourceLocation locationOf(int byteOffset, int length = 0) const;
    int lineCount() const;
    /// Byte offset where 1-based @p line starts (text().size() past the end).
    int lineStartOffset(int line) const;
    /// UTF-16 index (QString position) of a byte offset.
    int utf16Offset(int byteOffset) const;
    /// Byte offset of a UTF-16 index.
    int byteOffset(int utf16Offset) const;

    /// The tree as yaml-cpp nodes, loaded on demand (a null node when the text does not parse).
    /// For code that prefers yaml-cpp's API; has no source positions beyond start marks.
    YAML::Node toYamlCpp() const;

    // --- edits ---------------------------------------------------------------------------
    /// Computes the change an edit would make, without applying it.
    Result<TextChange> plan(const YamlEdit &edit) const;
    /// Plans and applies an edit; on success the document holds the new text and tree.
    Result<TextChange> apply(const YamlEdit &edit);

    Result<TextChange> setScalar(const QString &path, const QString &value)
    {
        return apply(YamlEdit::setScalar(path, value));
    }
    Result<TextChange> addKey(const QString &mapPath, const QString &key, const QString &yaml)
    {
        return apply(YamlEdit::addKey(mapPath, key, yaml));
    }
    Result<TextChange> removeKey(const QString &path) { return apply(YamlEdit::removeKey(path)); }
    Result<TextChange> appendItem(const QString &seqPath, const QString &yaml)
    {
        return apply(YamlEdit::appendItem(seqPath, yaml));
    }
    Result<TextChange> insertItem(const QString &seqPath, int index, const QString &yaml)
    {
        return apply(YamlEdit::insertItem(seqPath, index, yaml));
    }
    Result<TextChange> removeItem(const QString &itemPath) { return apply(YamlEdit::removeItem(itemPath)); }
    Result<TextChange> moveItem(const QString &seqPath, int from, int to)
    {
        return apply(YamlEdit::moveItem(seqPath, from, to));
    }

    /// Applies a change produced by plan()/apply() on this text (or its inverted() for undo) and
    /// re-parses. Fails, leaving the document unchanged, when the change does not fit the text.
    Status applyChange(const TextChange &change);
    /// Replaces the whole text (e.g. the user typed) and re-parses.
    void setText(QByteArray text);

    /// Formats @p value as a YAML scalar that reads back as the same string, plain when YAML
    /// allows it, else double-quoted (`$$SCONE::x$$`, `yes`, `0o700`, `*x`, `a: b`, `a #b`, ...).
    static QString quoteScalar(const QString &value);
    /// True when @p value must be quoted to read back as the same string.
    static bool needsQuoting(const QString &value);
    /// True when YAML reads @p value, written plain, as a boolean, a number or null rather than a
    /// string (`true`, `1.0`, `0x1f`, `~`; canonical integers such as `6379` excepted, which the
    /// manifests write plain for strings too).
    static bool readsAsNonString(const QString &value);

private:
    std::shared_ptr<const detail::YamlData> m_data;
    QString m_fileName;
};

}  // namespace workbench::models
