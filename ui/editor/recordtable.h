// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "editor/recordtablemodel.h"

#include <QWidget>

class QTableView;
class QToolButton;

namespace workbench::ui {

/// A form table: a QTableView over a RecordTableModel with Add / Remove / Move up / Move down
/// buttons and the same on the keyboard (Insert, Delete, Alt+Up, Alt+Down). Cells of Choice
/// columns are edited with a combo box offering the valid values. The table only asks (signals);
/// the form turns requests into edits of the manifest text.
class RecordTable : public QWidget
{
    Q_OBJECT
public:
    explicit RecordTable(const QList<FieldSpec> &fields, QWidget *parent = nullptr);

    RecordTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    /// The dotted path of the list the rows are items of (e.g. "environment.local").
    void setListPath(const QString &path) { m_listPath = path; }
    QString listPath() const { return m_listPath; }
    void setReadOnly(bool readOnly);
    int currentRow() const;
    /// Selects @p row without emitting rowSelected().
    void selectRowSilently(int row);
    /// The view grows with its rows between these bounds, then scrolls.
    void setVisibleRows(int minRows, int maxRows);
    /// Writes the value of a cell editor that is still open into the model (the editor stays).
    void commitOpenEditor();

    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

Q_SIGNALS:
    void addRequested();
    void removeRequested(int row);
    void moveRequested(int from, int to);
    /// The user selected a row (click, keyboard).
    void rowSelected(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateButtons();
    void fitHeight();
    void requestMove(int delta);

    RecordTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QToolButton *m_add = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QString m_listPath;
    bool m_silent = false;
    int m_minRows = 2;
    int m_maxRows = 12;
};

}  // namespace workbench::ui
