// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStyledItemDelegate>

class QTreeView;

namespace workbench::ui {

/// Lets a QTreeView wrap long texts to their column: QTreeView asks its delegate for a row
/// height without telling it the column width, so a plain delegate measures one long line.
/// This one measures the text wrapped to the column's current width (the view must re-lay out
/// its rows when a column is resized; see wrapRowsOnResize()).
class WordWrapDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit WordWrapDelegate(QTreeView *view);
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Installs the delegate on @p view and re-lays out the rows whenever a column is resized.
    static WordWrapDelegate *install(QTreeView *view);

private:
    QTreeView *m_view;
};

}  // namespace workbench::ui
