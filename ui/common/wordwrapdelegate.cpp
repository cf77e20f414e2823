// SPDX-License-Identifier: Apache-2.0
#include "common/wordwrapdelegate.h"

#include <QApplication>
#include <QHeaderView>
#include <QTreeView>

namespace workbench::ui {

WordWrapDelegate::WordWrapDelegate(QTreeView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{}

QSize WordWrapDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize hint = QStyledItemDelegate::sizeHint(option, index);
    if (!m_view->wordWrap())
        return hint;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (opt.text.isEmpty())
        return hint;
    const int column = m_view->header()->sectionSize(index.column());
    if (column <= 0)
        return hint;
    // The text rectangle the style leaves in a cell of that width (icon and margins off).
    opt.rect = QRect(0, 0, column, hint.height());
    const QWidget *widget = opt.widget ? opt.widget : m_view;
    const QStyle *style = widget->style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const int width = qMax(1, textRect.width() - 2 * margin);
    const QRect needed = opt.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20),
                                                      int(Qt::TextWordWrap | Qt::TextWrapAnywhere), opt.text);
    hint.setHeight(qMax(hint.height(), needed.height() + (hint.height() - opt.fontMetrics.height())));
    return hint;
}

WordWrapDelegate *WordWrapDelegate::install(QTreeView *view)
{
    auto *delegate = new WordWrapDelegate(view);
    view->setItemDelegate(delegate);
    QObject::connect(view->header(), &QHeaderView::sectionResized, view, [view] {
        if (view->wordWrap())
            view->doItemsLayout();
    });
    return delegate;
}

}  // namespace workbench::ui
