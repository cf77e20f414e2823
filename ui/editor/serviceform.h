// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "editor/manifestform.h"

#include <QHash>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace workbench::ui {

class CodeEditor;

/// The form of a `kind: genservice` manifest (spec §1): build section, local and global
/// environment, secrets (a table plus the fields of the selected secret, shown according to its
/// kind), imports and injection files (path plus a content editor). Renaming a secret in the
/// table renames every reference in the project (EditorManager::renameSecret).
class ServiceForm : public ManifestForm
{
    Q_OBJECT
public:
    ServiceForm(EditorDocument *document, EditorManager *manager, QWidget *parent = nullptr);

    RecordTable *secretsTable() const { return m_secrets; }
    QGroupBox *secretDetails() const { return m_secretBox; }
    /// The detail field of the selected secret for @p key ("issuer", "dns", ...).
    QWidget *secretField(const QString &key) const { return m_secretFields.value(key); }
    CodeEditor *injectionContentEditor() const { return m_content; }

    /// Fields shown for a secret kind (spec §3.4); empty for an unknown kind (all shown).
    static QStringList fieldsForKind(const QString &kind);

protected:
    void refreshContent() override;
    void refreshChoices() override;
    bool handleCellEdit(RecordTable *table, int row, const QString &key, const QString &value) override;

private:
    void buildServiceSection();
    void buildBuildSection();
    void buildEnvironmentSection();
    void buildSecretsSection();
    void buildInjectionSection();
    void showSecret(int row);
    void showInjectionFile(int row);
    void commitInjectionContent();
    bool eventFilter(QObject *watched, QEvent *event) override;
    void commitPendingContent() override { commitInjectionContent(); }

    QLineEdit *m_apiVersion = nullptr;
    QLabel *m_kindLabel = nullptr;
    QComboBox *m_buildKind = nullptr;
    RecordTable *m_copy = nullptr;
    RecordTable *m_run = nullptr;
    RecordTable *m_localEnv = nullptr;
    RecordTable *m_globalEnv = nullptr;
    RecordTable *m_secrets = nullptr;
    RecordTable *m_imports = nullptr;
    RecordTable *m_injection = nullptr;
    QGroupBox *m_secretBox = nullptr;
    QFormLayout *m_secretForm = nullptr;
    QHash<QString, QWidget *> m_secretFields;
    QLineEdit *m_dns = nullptr;
    int m_secretRow = -1;
    CodeEditor *m_content = nullptr;
    QPushButton *m_applyContent = nullptr;
    QLabel *m_contentLabel = nullptr;
    int m_injectionRow = -1;
};

}  // namespace workbench::ui
