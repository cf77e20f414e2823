// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "editor/manifestform.h"

class QLabel;
class QLineEdit;
class QToolButton;

namespace workbench::ui {

/// The form of a `kind: mesh` manifest (spec §2): CAS instances, policy (namespace, tolerate,
/// ignore_advisories and the policy references), environment blocks (global, helm and per
/// service; the legacy flat list is shown as one table) and services, with combo boxes offering
/// the valid CAS modes, the services of the mesh and the images the service manifests build.
class MeshForm : public ManifestForm
{
    Q_OBJECT
public:
    MeshForm(EditorDocument *document, EditorManager *manager, QWidget *parent = nullptr);

    RecordTable *casTable() const { return m_cas; }
    RecordTable *envBlocksTable() const { return m_blocks; }
    RecordTable *envVariablesTable() const { return m_vars; }
    RecordTable *servicesTable() const { return m_services; }

    /// Known `tolerate` values (spec §3.7).
    static QStringList toleratedFlags();

protected:
    void refreshContent() override;
    void refreshChoices() override;
    bool handleCellEdit(RecordTable *table, int row, const QString &key, const QString &value) override;

private:
    void showBlock(int row);
    void updateTolerateMenu();

    RecordTable *m_cas = nullptr;
    RecordTable *m_blocks = nullptr;
    RecordTable *m_vars = nullptr;
    RecordTable *m_services = nullptr;
    QLabel *m_envHint = nullptr;
    QLineEdit *m_tolerate = nullptr;
    QToolButton *m_tolerateButton = nullptr;
    int m_blockRow = -1;
};

}  // namespace workbench::ui
