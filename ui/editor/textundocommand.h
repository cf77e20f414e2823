// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

class QTextDocument;

namespace workbench::ui {

/// One undo level of an editor's QTextDocument, as an entry of the document's QUndoStack.
///
/// Design: the QTextDocument keeps the actual text history (it merges typing the way users
/// expect and restores the caret); every time it adds a level (undoCommandAdded) one of these
/// is pushed, so the two stacks move in lockstep. Form edits are applied to the same
/// QTextDocument inside one edit block, so they are one level too, with a readable text
/// ("Set secret kind"). Undo/redo always go through the QUndoStack, never straight to the
/// QTextDocument. A command may belong to a group (a rename across files): undoing one member
/// undoes the whole group (see EditorManager::undo()).
class TextUndoCommand : public QUndoCommand
{
public:
    TextUndoCommand(QTextDocument *document, const QString &text, quint64 groupId = 0);

    void undo() override;
    void redo() override;
    quint64 groupId() const { return m_groupId; }

private:
    QTextDocument *m_document;
    quint64 m_groupId;
    bool m_firstRedo = true;  // push() calls redo(); the text is already changed then
};

}  // namespace workbench::ui
