// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QTabWidget;
class QTreeView;
class QPlainTextEdit;
class QAbstractItemModel;
class QIdentityProxyModel;

namespace workbench::ui {

/// The bottom pane: "Problems" (diagnostics of the project, double-click jumps to them) and
/// "Output" (a time-stamped log of what the workbench did: one funnel for messages).
class OutputPane : public QWidget
{
    Q_OBJECT
public:
    explicit OutputPane(QWidget *parent = nullptr);

    /// Shows a diagnostics table (models::DiagnosticsModel columns and roles): file paths are
    /// shown relative to the project folder, severities with an icon. problemActivated() gives
    /// indexes of @p model itself.
    void setProblemsModel(QAbstractItemModel *model);
    void setProjectDir(const QString &dir);
    QTreeView *problemsView() const { return m_problems; }
    QPlainTextEdit *outputView() const { return m_output; }
    QTabWidget *tabs() const { return m_tabs; }

public Q_SLOTS:
    void appendMessage(const QString &message);
    void showProblems();
    void showOutput();

Q_SIGNALS:
    /// A problem was activated (double-click / Enter); the index is of the problems model.
    void problemActivated(const QModelIndex &index);

private:
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_problems = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QIdentityProxyModel *m_problemsProxy = nullptr;
};

}  // namespace workbench::ui
