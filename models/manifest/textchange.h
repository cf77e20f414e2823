// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace workbench::models {

/// One minimal, revertible change of a document's text: at `offset`, the bytes `removed` were
/// replaced by `inserted`. Produced by YamlDocument's edit operations; an editor applies it as a
/// single replacement (use the UTF-16 fields with QTextCursor / QPlainTextEdit) and an undo stack
/// keeps it (wrap it in a QUndoCommand: redo = apply, undo = apply(inverted())).
///
/// Invariant: the change never splits a UTF-8 sequence, so the UTF-16 fields are exact.
struct TextChange {
    int offset = 0;       ///< UTF-8 byte offset in the text before the change
    QByteArray removed;   ///< bytes that were there
    QByteArray inserted;  ///< bytes that replace them
    int utf16Offset = 0;  ///< the same position in UTF-16 code units (QString index)
    int utf16RemovedLength = 0;
    QString description;  ///< for an undo stack, e.g. "Set build.to"

    int removedLength() const { return int(removed.size()); }
    QString insertedText() const { return QString::fromUtf8(inserted); }
    bool isNoOp() const { return removed == inserted; }

    /// The change that undoes this one when applied to the text after it.
    TextChange inverted() const
    {
        TextChange t;
        t.offset = offset;
        t.removed = inserted;
        t.inserted = removed;
        t.utf16Offset = utf16Offset;
        t.utf16RemovedLength = int(QString::fromUtf8(inserted).size());
        t.description = description;
        return t;
    }

    /// Applies the change to @p text. Returns false (and leaves @p text alone) when @p text
    /// does not contain `removed` at `offset`, i.e. the change does not belong to this text.
    bool applyTo(QByteArray &text) const
    {
        if (offset < 0 || offset + removed.size() > text.size())
            return false;
        if (QByteArrayView(text).sliced(offset, removed.size()) != QByteArrayView(removed))
            return false;
        text.replace(offset, removed.size(), inserted);
        return true;
    }
};

}  // namespace workbench::models
