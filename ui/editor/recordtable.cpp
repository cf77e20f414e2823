// SPDX-License-Identifier: Apache-2.0
#include "editor/recordtable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

namespace detail {
/// Combo boxes for Choice columns (editable when the field allows other values, e.g. `$VAR`).
class ChoiceDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QStringList choices = index.data(RecordTableModel::ChoicesRole).toStringList();
        if (choices.isEmpty())
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("choiceEditor"));
        combo->setEditable(index.data(RecordTableModel::EditableChoiceRole).toBool());
        combo->addItems(choices);
        // A choice is committed as soon as it is picked.
        connect(combo, &QComboBox::activated, combo, [this, combo] {
            auto *self = const_cast<ChoiceDelegate *>(this);
            Q_EMIT self->commitData(combo);
            Q_EMIT self->closeEditor(combo);
        });
        return combo;
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            const QString v = index.data(Qt::EditRole).toString();
            const int i = combo->findText(v);
            if (i >= 0)
                combo->setCurrentIndex(i);
            else if (combo->isEditable())
                combo->setEditText(v);
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            model->setData(index, combo->currentText(), Qt::EditRole);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }
};
}  // namespace detail

RecordTable::RecordTable(const QList<FieldSpec> &fields, QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_model = new RecordTableModel(this);
    m_model->setFields(fields);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new detail::ChoiceDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->installEventFilter(this);
    for (int c = 0; c < fields.size(); ++c)
        if (fields.at(c).type == FieldSpec::Type::Bool)
            m_view->setColumnWidth(c, 90);
        else
            m_view->setColumnWidth(c, 160);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(2);
    auto makeButton = [this, buttons](const QString &text, const QString &tip, const QString &name) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(name);
        b->setAutoRaise(true);
        buttons->addWidget(b);
        return b;
    };
    m_add = makeButton(QStringLiteral("+"), QStringLiteral("Add a row (Insert)"), QStringLiteral("addRow"));
    m_remove = makeButton(QStringLiteral("−"), QStringLiteral("Remove the selected row (Delete)"),
                          QStringLiteral("removeRow"));
    m_up = makeButton(QStringLiteral("↑"), QStringLiteral("Move up (Alt+Up)"), QStringLiteral("moveUp"));
    m_down = makeButton(QStringLiteral("↓"), QStringLiteral("Move down (Alt+Down)"), QStringLiteral("moveDown"));
    buttons->addStretch(1);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, &RecordTable::addRequested);
    connect(m_remove, &QToolButton::clicked, this, [this] {
        if (currentRow() >= 0)
            Q_EMIT removeRequested(currentRow());
    });
    connect(m_up, &QToolButton::clicked, this, [this] { requestMove(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { requestMove(1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                updateButtons();
                if (!m_silent && current.isValid())
                    Q_EMIT rowSelected(current.row());
            });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RecordTable::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RecordTable::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RecordTable::fitHeight);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RecordTable::fitHeight);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RecordTable::fitHeight);
    updateButtons();
    fitHeight();
}

void RecordTable::setVisibleRows(int minRows, int maxRows)
{
    m_minRows = minRows;
    m_maxRows = maxRows;
    fitHeight();
}

void RecordTable::commitOpenEditor()
{
    // Cell editors are the viewport's only child widgets. commitData() is a protected slot of
    // the view: reachable through the meta-object.
    const auto editors = m_view->viewport()->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
    for (QWidget *editor : editors)
        if (editor->isVisible())
            QMetaObject::invokeMethod(m_view, "commitData", Qt::DirectConnection, Q_ARG(QWidget *, editor));
}

void RecordTable::fitHeight()
{
    const int rows = qBound(m_minRows, m_model->rowCount(), m_maxRows);
    const int h = m_view->horizontalHeader()->sizeHint().height() +
                  rows * m_view->verticalHeader()->defaultSectionSize() + 2 * m_view->frameWidth() +
                  m_view->horizontalScrollBar()->sizeHint().height();
    m_view->setFixedHeight(h);
}

void RecordTable::setReadOnly(bool readOnly)
{
    m_model->setReadOnly(readOnly);
    updateButtons();
}

int RecordTable::currentRow() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.row() : -1;
}

void RecordTable::selectRowSilently(int row)
{
    if (row < 0 || row >= m_model->rowCount() || row == currentRow())
        return;
    m_silent = true;
    const int col = qMax(0, m_view->currentIndex().column());
    m_view->setCurrentIndex(m_model->index(row, col));
    m_view->scrollTo(m_model->index(row, col));
    m_silent = false;
}

void RecordTable::updateButtons()
{
    const bool ro = m_model->isReadOnly();
    const int row = currentRow();
    const int n = m_model->rowCount();
    m_add->setEnabled(!ro);
    m_remove->setEnabled(!ro && row >= 0);
    m_up->setEnabled(!ro && row > 0);
    m_down->setEnabled(!ro && row >= 0 && row < n - 1);
}

void RecordTable::requestMove(int delta)
{
    const int row = currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_model->rowCount() || m_model->isReadOnly())
        return;
    Q_EMIT moveRequested(row, to);
    const QModelIndex idx = m_model->index(to, qMax(0, m_view->currentIndex().column()));
    m_view->setCurrentIndex(idx);
}

bool RecordTable::eventFilter(QObject *watched, QEvent *event)
{
    // Keys reach the view only when no cell editor is open (an editor gets them itself).
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *ke = static_cast<QKeyEvent *>(event);
        if (ke->key() == Qt::Key_Insert && !m_model->isReadOnly()) {
            Q_EMIT addRequested();
            return true;
        }
        if (ke->key() == Qt::Key_Delete && !m_model->isReadOnly() && currentRow() >= 0) {
            Q_EMIT removeRequested(currentRow());
            return true;
        }
        if ((ke->modifiers() & Qt::AltModifier) && (ke->key() == Qt::Key_Up || ke->key() == Qt::Key_Down)) {
            requestMove(ke->key() == Qt::Key_Up ? -1 : 1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace workbench::ui
