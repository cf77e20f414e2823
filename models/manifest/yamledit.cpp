// SPDX-License-Identifier: Apache-2.0
#include "manifest/yamledit.h"

namespace workbench::models {

QString YamlEdit::description() const
{
    switch (op) {
    case Op::SetScalar:
        return QStringLiteral("Set %1").arg(path);
    case Op::AddKey:
        return QStringLiteral("Add %1").arg(path.isEmpty() ? key : path + QLatin1Char('.') + key);
    case Op::RemoveKey:
    case Op::RemoveItem:
    case Op::Remove:
        return QStringLiteral("Remove %1").arg(path);
    case Op::AppendItem:
    case Op::InsertItem:
    case Op::Add:
        return QStringLiteral("Add to %1").arg(path);
    case Op::MoveItem:
        return QStringLiteral("Move %1[%2] to position %3").arg(path).arg(index).arg(to);
    }
    return {};
}

}  // namespace workbench::models
