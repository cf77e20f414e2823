// SPDX-License-Identifier: Apache-2.0
#include "policies/deploymentsettingspanel.h"

#include "common/theme.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

using models::policy::DeploymentMode;
using models::policy::DeploymentSettings;

DeploymentSettingsPanel::DeploymentSettingsPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("deploymentSettings"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("settingsTitle"));
    m_title->setWordWrap(true);
    outer->addWidget(m_title);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("settingsNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    outer->addWidget(m_note);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);  // long names (CAS_SESSION_ENCRYPTION_KEY) above their field
    for (const QString &name : models::policy::knownSettingNames()) {
        if (name == QLatin1String("MODE")) {
            m_mode = new QComboBox(this);
            m_mode->addItems({QStringLiteral("production"), QStringLiteral("debug")});
            m_mode->setToolTip(models::policy::settingDescription(name));
            form->addRow(name, m_mode);
            connect(m_mode, &QComboBox::currentIndexChanged, this, &DeploymentSettingsPanel::edited);
            continue;
        }
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("setting_") + name);
        edit->setToolTip(models::policy::settingDescription(name));
        edit->setPlaceholderText(QStringLiteral("not set"));
        edit->setClearButtonEnabled(true);
        m_fields.insert(name, edit);
        form->addRow(name, edit);
        connect(edit, &QLineEdit::textEdited, this, &DeploymentSettingsPanel::edited);
    }
    outer->addLayout(form);

    outer->addWidget(new QLabel(QStringLiteral("Variables"), this));
    m_variables = new QTableWidget(0, 2, this);
    m_variables->setObjectName(QStringLiteral("settingsVariables"));
    m_variables->setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Value")});
    m_variables->horizontalHeader()->setStretchLastSection(true);
    m_variables->verticalHeader()->hide();
    m_variables->setMinimumHeight(90);
    outer->addWidget(m_variables, 1);
    connect(m_variables, &QTableWidget::itemChanged, this, [this] {
        if (!m_updating)
            edited();
    });
    auto *rowButtons = new QHBoxLayout;
    auto *add = new QToolButton(this);
    add->setText(QStringLiteral("Add"));
    auto *remove = new QToolButton(this);
    remove->setText(QStringLiteral("Remove"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    outer->addLayout(rowButtons);
    connect(add, &QToolButton::clicked, this, [this] {
        addVariableRow(QString(), QString());
        m_variables->editItem(m_variables->item(m_variables->rowCount() - 1, 0));
    });
    connect(remove, &QToolButton::clicked, this, [this] {
        if (m_variables->currentRow() >= 0) {
            m_variables->removeRow(m_variables->currentRow());
            edited();
        }
    });

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    outer->addWidget(m_status);
    auto *buttons = new QHBoxLayout;
    m_undo = new QToolButton(this);
    m_undo->setObjectName(QStringLiteral("undoSettings"));
    m_undo->setText(QStringLiteral("Undo"));
    m_undo->setEnabled(false);
    m_redo = new QToolButton(this);
    m_redo->setObjectName(QStringLiteral("redoSettings"));
    m_redo->setText(QStringLiteral("Redo"));
    m_redo->setEnabled(false);
    m_save = new QPushButton(QStringLiteral("Save to project"), this);
    m_save->setObjectName(QStringLiteral("saveSettings"));
    m_save->setEnabled(false);
    buttons->addWidget(m_undo);
    buttons->addWidget(m_redo);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    outer->addLayout(buttons);
    connect(m_save, &QPushButton::clicked, this, &DeploymentSettingsPanel::saveRequested);
    connect(m_undo, &QToolButton::clicked, this, &DeploymentSettingsPanel::undoRequested);
    connect(m_redo, &QToolButton::clicked, this, &DeploymentSettingsPanel::redoRequested);
    setState(false, false, QString(), QString());
}

void DeploymentSettingsPanel::addVariableRow(const QString &name, const QString &value)
{
    const bool was = m_updating;
    m_updating = true;
    const int row = m_variables->rowCount();
    m_variables->insertRow(row);
    m_variables->setItem(row, 0, new QTableWidgetItem(name));
    m_variables->setItem(row, 1, new QTableWidgetItem(value));
    m_updating = was;
}

void DeploymentSettingsPanel::setSettings(const DeploymentSettings &s)
{
    m_updating = true;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        if (it.value()->text().trimmed() != s.value(it.key()))
            it.value()->setText(s.value(it.key()));
    m_mode->setCurrentIndex(s.mode == DeploymentMode::Debug ? 1 : 0);
    if (settings().variables != s.variables) {
        m_variables->setRowCount(0);
        for (auto it = s.variables.cbegin(); it != s.variables.cend(); ++it)
            addVariableRow(it.key(), it.value());
    }
    m_updating = false;
}

DeploymentSettings DeploymentSettingsPanel::settings() const
{
    DeploymentSettings s;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        (void)s.set(it.key(), it.value()->text().trimmed());
    s.mode = m_mode->currentIndex() == 1 ? DeploymentMode::Debug : DeploymentMode::Production;
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        const QString name = m_variables->item(row, 0) ? m_variables->item(row, 0)->text().trimmed() : QString();
        const QString value = m_variables->item(row, 1) ? m_variables->item(row, 1)->text() : QString();
        if (models::policy::isValidVariableName(name) && !models::policy::looksLikeSecretName(name))
            s.variables.insert(name, value);
    }
    return s;
}

void DeploymentSettingsPanel::setState(bool modified, bool canSave, const QString &readOnlyReason, const QString &note)
{
    m_title->setText(QStringLiteral("<b>Deployment settings%1</b><br><small>Public values only; stored in "
                                    ".scone-workbench/settings.yaml. Secrets belong in the keychain.</small>")
                         .arg(modified ? QStringLiteral(" *") : QString()));
    m_title->setToolTip(modified ? QStringLiteral("Unsaved changes") : QString());
    m_save->setEnabled(canSave);
    const bool editable = readOnlyReason.isEmpty();
    for (QLineEdit *e : std::as_const(m_fields))
        e->setReadOnly(!editable);
    m_mode->setEnabled(editable);
    m_variables->setEnabled(editable);
    QString text = editable ? note : readOnlyReason;
    m_note->setText(text.toHtmlEscaped());
    m_note->setVisible(!text.isEmpty());
}

void DeploymentSettingsPanel::setUndoState(bool canUndo, const QString &undoText, bool canRedo, const QString &redoText)
{
    m_undo->setEnabled(canUndo);
    m_undo->setToolTip(canUndo ? QStringLiteral("Undo %1").arg(undoText) : QString());
    m_redo->setEnabled(canRedo);
    m_redo->setToolTip(canRedo ? QStringLiteral("Redo %1").arg(redoText) : QString());
}

void DeploymentSettingsPanel::setMessage(const QString &message, bool error)
{
    m_status->setText(message);
    QPalette p = m_status->palette();
    p.setColor(QPalette::WindowText, error ? theme::errorColor() : palette().color(QPalette::WindowText));
    m_status->setPalette(p);
}

QString DeploymentSettingsPanel::title() const
{
    return m_title->text();
}

void DeploymentSettingsPanel::edited()
{
    if (m_updating)
        return;
    QStringList problems;
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        const QString name = m_variables->item(row, 0) ? m_variables->item(row, 0)->text().trimmed() : QString();
        if (name.isEmpty())
            continue;
        if (!models::policy::isValidVariableName(name))
            problems << QStringLiteral("%1 is not a valid name").arg(name);
        else if (models::policy::looksLikeSecretName(name))
            problems << QStringLiteral("%1 looks like a secret and is not kept here").arg(name);
    }
    setMessage(problems.join(QStringLiteral("; ")), !problems.isEmpty());
    Q_EMIT settingsEdited();
}

}  // namespace workbench::ui
