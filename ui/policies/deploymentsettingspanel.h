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

namespace workbench::ui {

/// Edits the deployment settings of a project (release, namespaces, image repositories, SCONE
/// version, CAS address and public keys, kube context, mode, free variables). Emits
/// settingsEdited() on every change (the area re-renders, debounced) and saveRequested() when
/// the user saves them to the project. Refuses secret-looking variable names inline.
class DeploymentSettingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentSettingsPanel(QWidget *parent = nullptr);

    void setSettings(const models::policy::DeploymentSettings &settings);
    models::policy::DeploymentSettings settings() const;
    /// Marks the panel as saved (or not) and shows @p message (errors in red).
    void setSaved(bool saved, const QString &message = {});
    QLineEdit *field(const QString &name) const { return m_fields.value(name); }
    QTableWidget *variables() const { return m_variables; }

Q_SIGNALS:
    void settingsEdited();
    void saveRequested();

private:
    void addVariableRow(const QString &name, const QString &value);
    void edited();

    QHash<QString, QLineEdit *> m_fields;
    QComboBox *m_mode = nullptr;
    QTableWidget *m_variables = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_status = nullptr;
    bool m_updating = false;
};

}  // namespace workbench::ui
