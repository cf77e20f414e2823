// SPDX-License-Identifier: Apache-2.0
#include "editor/textundocommand.h"

#include <QTextDocument>

namespace workbench::ui {

TextUndoCommand::TextUndoCommand(QTextDocument *document, const QString &text, quint64 groupId)
    : QUndoCommand(text)
    , m_document(document)
    , m_groupId(groupId)
{}

void TextUndoCommand::undo()
{
    m_document->undo();
}

void TextUndoCommand::redo()
{
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    m_document->redo();
}

}  // namespace workbench::ui
