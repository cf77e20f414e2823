// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "policy/deploymentsettings.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace workbench::ui {

/// Edits the deployment settings of a project (release, namespaces, image repositories, SCONE
/// version, CAS address and public keys, kube context, mode, free variables). A view of the
/// session's settings store: emits settingsEdited() on every change (the area hands settings()
/// to the store), saveRequested(), undoRequested() and redoRequested(); shows what the store says
/// (unsaved changes, a proposed APP_NAMESPACE, read-only and why). Refuses secret-looking
/// variable names inline.
class DeploymentSettingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentSettingsPanel(QWidget *parent = nullptr);

    /// Shows @p settings; fields whose text already says the value are left alone (the caret of
    /// a field being typed in does not jump).
    void setSettings(const models::policy::DeploymentSettings &settings);
    models::policy::DeploymentSettings settings() const;
    /// The store's state: unsaved edits (the title gets a `*`), whether Save would write, why the
    /// settings cannot be changed (fields disabled), and a note (a proposed APP_NAMESPACE).
    void setState(bool modified, bool canSave, const QString &readOnlyReason, const QString &note);
    void setUndoState(bool canUndo, const QString &undoText, bool canRedo, const QString &redoText);
    /// A message under the fields (errors in red); replaced by the next one.
    void setMessage(const QString &message, bool error);
    QString title() const;
    QLineEdit *field(const QString &name) const { return m_fields.value(name); }
    QTableWidget *variables() const { return m_variables; }
    QPushButton *saveButton() const { return m_save; }

Q_SIGNALS:
    void settingsEdited();
    void saveRequested();
    void undoRequested();
    void redoRequested();

private:
    void addVariableRow(const QString &name, const QString &value);
    void edited();

    QHash<QString, QLineEdit *> m_fields;
    QComboBox *m_mode = nullptr;
    QTableWidget *m_variables = nullptr;
    QPushButton *m_save = nullptr;
    QToolButton *m_undo = nullptr;
    QToolButton *m_redo = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_status = nullptr;
    bool m_updating = false;
};

}  // namespace workbench::ui
