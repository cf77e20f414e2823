// SPDX-License-Identifier: Apache-2.0
#include "editor/meshform.h"

#include "documents/manifestedits.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/recordtable.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

namespace {
const QStringList kCasModes = {
    QStringLiteral("Upload"),   QStringLiteral("SignedManifest"), QStringLiteral("EncryptedManifest"),
    QStringLiteral("NoUpload"), QStringLiteral("EncryptedOnly"),  QStringLiteral("SignOnline")};
const QStringList kCasRoles = {QStringLiteral("cas"), QStringLiteral("image"), QStringLiteral("security"),
                               QStringLiteral("access"), QStringLiteral("attestation")};

QString opt(const std::optional<models::LocatedString> &v)
{
    return v ? v->value : QString();
}

QList<RecordRow> envRows(const QList<models::EnvVariable> &vars)
{
    QList<RecordRow> rows;
    for (const models::EnvVariable &var : vars) {
        RecordRow r;
        r.nodePath = var.nodePath;
        r.values.insert(QStringLiteral("name"), var.name.value);
        if (var.value)
            r.values.insert(QStringLiteral("value"), var.value->value);
        rows << r;
    }
    return rows;
}
}  // namespace

QStringList MeshForm::toleratedFlags()
{
    return {QStringLiteral("outdated-tcb"),  QStringLiteral("hyperthreading"),
            QStringLiteral("insecure-igpu"), QStringLiteral("software-hardening-needed"),
            QStringLiteral("aepic-leak"),    QStringLiteral("insecure-configuration"),
            QStringLiteral("debug-mode")};
}

MeshForm::MeshForm(EditorDocument *document, EditorManager *manager, QWidget *parent)
    : ManifestForm(document, manager, parent)
{
    setObjectName(QStringLiteral("meshForm"));

    QGroupBox *meshBox = addSection(QStringLiteral("Mesh manifest"), QStringLiteral("sectionMesh"));
    QFormLayout *meshForm = formLayout(meshBox);
    addLine(meshForm, QStringLiteral("API version"), QStringLiteral("apiVersion"), false, QStringLiteral("scone/5.8"));

    QGroupBox *casBox = addSection(QStringLiteral("CAS instances"), QStringLiteral("sectionCas"));
    auto *casLayout = new QVBoxLayout(casBox);
    m_cas = addTable(casLayout, QStringLiteral("cas"),
                     {choiceField(QStringLiteral("name"), QStringLiteral("Name"), kCasRoles, true, false),
                      textField(QStringLiteral("cas_url"), QStringLiteral("CAS address"), false),
                      choiceField(QStringLiteral("mode"), QStringLiteral("Mode"), kCasModes),
                      textField(QStringLiteral("cas_key"), QStringLiteral("CAS key")),
                      textField(QStringLiteral("cas_encryption_key"), QStringLiteral("Encryption key")),
                      textField(QStringLiteral("tolerance"), QStringLiteral("Tolerance")),
                      textField(QStringLiteral("alias"), QStringLiteral("Also plays (alias)"))},
                     QStringLiteral("name"), QStringLiteral("cas"));

    QGroupBox *policyBox = addSection(QStringLiteral("Policy"), QStringLiteral("sectionPolicy"));
    QFormLayout *policy = formLayout(policyBox);
    addLine(policy, QStringLiteral("Namespace"), QStringLiteral("policy.namespace"), true,
            QStringLiteral("$APP_NAMESPACE"));
    {
        auto *holder = new QWidget(policyBox);
        auto *h = new QHBoxLayout(holder);
        h->setContentsMargins(0, 0, 0, 0);
        m_tolerate = new QLineEdit(holder);
        m_tolerate->setPlaceholderText(QStringLiteral("outdated-tcb, hyperthreading"));
        m_tolerateButton = new QToolButton(holder);
        m_tolerateButton->setText(QStringLiteral("Choose…"));
        m_tolerateButton->setPopupMode(QToolButton::InstantPopup);
        auto *menu = new QMenu(m_tolerateButton);
        for (const QString &flag : toleratedFlags()) {
            QAction *a = menu->addAction(flag);
            a->setCheckable(true);
            connect(a, &QAction::toggled, this, [this] {
                if (m_refreshing)
                    return;
                QStringList flags;
                for (QAction *act : m_tolerateButton->menu()->actions())
                    if (act->isChecked())
                        flags << act->text();
                // Keep values the menu does not know (templates, future flags).
                for (const QString &f : m_tolerate->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
                    if (!toleratedFlags().contains(f.trimmed()))
                        flags << f.trimmed();
                commitValue(QStringLiteral("policy.tolerate"), flags.join(QStringLiteral(", ")), true,
                            QStringLiteral("tolerate"));
            });
        }
        m_tolerateButton->setMenu(menu);
        h->addWidget(m_tolerate, 1);
        h->addWidget(m_tolerateButton);
        policy->addRow(QStringLiteral("Tolerate:"), holder);
        addBinding(m_tolerate, QStringLiteral("policy.tolerate"), QStringLiteral("tolerate"));
        connect(m_tolerate, &QLineEdit::editingFinished, this, [this] {
            if (m_refreshing || !m_tolerate->isModified())
                return;
            m_tolerate->setModified(false);
            commitValue(QStringLiteral("policy.tolerate"), m_tolerate->text(), true, QStringLiteral("tolerate"));
        });
    }
    addLine(policy, QStringLiteral("Ignore advisories"), QStringLiteral("policy.ignore_advisories"), true,
            QStringLiteral("\"*\" or INTEL-SA-00586, …"));
    addLine(policy, QStringLiteral("MAA URL"), QStringLiteral("policy.maa"));
    addLine(policy, QStringLiteral("Access policy"), QStringLiteral("policy.access_policy_name"));
    addLine(policy, QStringLiteral("Attestation policy"), QStringLiteral("policy.attestation_policy_name"));
    addLine(policy, QStringLiteral("Security policy"), QStringLiteral("policy.security_policy_name"));
    addLine(policy, QStringLiteral("Image policy namespace"), QStringLiteral("policy.image_policy_namespace"));

    QGroupBox *envBox = addSection(QStringLiteral("Environment"), QStringLiteral("sectionEnv"));
    auto *envLayout = new QVBoxLayout(envBox);
    m_envHint = new QLabel(envBox);
    m_envHint->setWordWrap(true);
    envLayout->addWidget(m_envHint);
    auto *split = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    m_blocks = addTable(left, QStringLiteral("env"),
                        {choiceField(QStringLiteral("service"), QStringLiteral("Block (service)"), {}, true, false)},
                        QStringLiteral("service"), QStringLiteral("service"));
    m_blocks->setMaximumWidth(260);
    m_vars = addTable(right, QStringLiteral("env[0].env"),
                      {textField(QStringLiteral("name"), QStringLiteral("Name"), false),
                       textField(QStringLiteral("value"), QStringLiteral("Value"), false)},
                      QStringLiteral("name"), QStringLiteral("VARIABLE_"));
    split->addLayout(left);
    split->addLayout(right, 1);
    envLayout->addLayout(split);
    connect(m_blocks->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showBlock(current.isValid() ? current.row() : -1); });

    QGroupBox *servicesBox = addSection(QStringLiteral("Services"), QStringLiteral("sectionServices"));
    auto *servicesLayout = new QVBoxLayout(servicesBox);
    m_services = addTable(servicesLayout, QStringLiteral("services"),
                          {textField(QStringLiteral("name"), QStringLiteral("Name"), false),
                           choiceField(QStringLiteral("image"), QStringLiteral("Image"), {}, true, false),
                           textField(QStringLiteral("image_secrets"), QStringLiteral("Secrets template")),
                           textField(QStringLiteral("image_policy"), QStringLiteral("Policy template")),
                           textField(QStringLiteral("helm_chart"), QStringLiteral("Helm chart")),
                           textField(QStringLiteral("env"), QStringLiteral("Env template"))},
                          QStringLiteral("name"), QStringLiteral("service"));
    m_column->addStretch(1);
    refresh();
}

void MeshForm::refreshContent()
{
    const auto mesh = m_doc->mesh();
    static const models::MeshManifest empty;
    const models::MeshManifest &m = mesh ? *mesh : empty;
    setFieldValue(fieldWidget(QStringLiteral("apiVersion")), m.apiVersion.value);

    QList<RecordRow> casRows;
    for (const models::MeshCas &c : m.cas) {
        RecordRow r;
        r.nodePath = c.nodePath;
        r.values.insert(QStringLiteral("name"), c.name.value);
        r.values.insert(QStringLiteral("cas_url"), c.casUrl.value);
        r.values.insert(QStringLiteral("mode"), opt(c.mode));
        r.values.insert(QStringLiteral("cas_key"), opt(c.casKey));
        r.values.insert(QStringLiteral("cas_encryption_key"), opt(c.casEncryptionKey));
        r.values.insert(QStringLiteral("tolerance"), opt(c.tolerance));
        r.values.insert(QStringLiteral("alias"), c.alias.values().join(QStringLiteral(", ")));
        casRows << r;
    }
    m_cas->model()->setRows(casRows);

    const models::MeshPolicy &p = m.policy;
    setFieldValue(fieldWidget(QStringLiteral("policy.namespace")), opt(p.policyNamespace));
    setFieldValue(m_tolerate, opt(p.tolerate));
    setFieldValue(fieldWidget(QStringLiteral("policy.ignore_advisories")), opt(p.ignoreAdvisories));
    setFieldValue(fieldWidget(QStringLiteral("policy.maa")), opt(p.maa));
    setFieldValue(fieldWidget(QStringLiteral("policy.access_policy_name")), opt(p.accessPolicyName));
    setFieldValue(fieldWidget(QStringLiteral("policy.attestation_policy_name")), opt(p.attestationPolicyName));
    setFieldValue(fieldWidget(QStringLiteral("policy.security_policy_name")), opt(p.securityPolicyName));
    setFieldValue(fieldWidget(QStringLiteral("policy.image_policy_namespace")), opt(p.imagePolicyNamespace));
    updateTolerateMenu();

    const bool flat = m.envShape == models::MeshManifest::EnvShape::Flat;
    m_blocks->setVisible(!flat);
    switch (m.envShape) {
    case models::MeshManifest::EnvShape::Flat:
        m_envHint->setText(
            QStringLiteral("Legacy flat list (2022): every variable applies to all services. The current "
                           "form has one block per service (global, helm or a service name)."));
        break;
    case models::MeshManifest::EnvShape::Mixed:
        m_envHint->setText(QStringLiteral("The env list mixes blocks and plain variables; only the blocks are shown."));
        break;
    default:
        m_envHint->setText(QStringLiteral("Variables per block: a service's own block beats helm, helm beats global."));
        break;
    }
    QList<RecordRow> blockRows;
    for (const models::MeshEnvBlock &b : m.envBlocks) {
        RecordRow r;
        r.nodePath = b.nodePath;
        r.values.insert(QStringLiteral("service"), b.service.value);
        blockRows << r;
    }
    m_blocks->model()->setRows(flat ? QList<RecordRow>{} : blockRows);
    if (flat) {
        m_blockRow = -1;
        m_vars->setListPath(QStringLiteral("env"));
        m_vars->model()->setRows(envRows(m.flatEnv));
    } else {
        int row = m_blocks->currentRow();
        if (row < 0 && !m.envBlocks.isEmpty()) {
            row = 0;
            m_blocks->selectRowSilently(0);
        }
        showBlock(row);
    }

    QList<RecordRow> serviceRows;
    for (const models::MeshService &s : m.services) {
        RecordRow r;
        r.nodePath = s.nodePath;
        r.values.insert(QStringLiteral("name"), s.name.value);
        r.values.insert(QStringLiteral("image"), s.image.value);
        r.values.insert(QStringLiteral("image_secrets"), opt(s.imageSecrets));
        r.values.insert(QStringLiteral("image_policy"), opt(s.imagePolicy));
        r.values.insert(QStringLiteral("helm_chart"), opt(s.helmChart));
        r.values.insert(QStringLiteral("env"), opt(s.env));
        serviceRows << r;
    }
    m_services->model()->setRows(serviceRows);
}

void MeshForm::showBlock(int row)
{
    const auto mesh = m_doc->mesh();
    if (!mesh || mesh->envShape == models::MeshManifest::EnvShape::Flat)
        return;
    const bool valid = row >= 0 && row < mesh->envBlocks.size();
    m_blockRow = valid ? row : -1;
    // The block's own path: in a list that mixes blocks and plain variables, the row is not
    // the item's index.
    m_vars->setListPath((valid ? mesh->envBlocks.at(row).nodePath : QStringLiteral("env[0]")) + QStringLiteral(".env"));
    m_vars->setEnabled(valid);
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    m_vars->model()->setRows(valid ? envRows(mesh->envBlocks.at(row).env) : QList<RecordRow>{});
    m_refreshing = wasRefreshing;
    if (!m_refreshing)
        applyDiagnostics();
}

void MeshForm::updateTolerateMenu()
{
    const bool was = m_refreshing;
    m_refreshing = true;
    QStringList current;
    for (const QString &f : m_tolerate->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        current << f.trimmed();
    for (QAction *a : m_tolerateButton->menu()->actions())
        a->setChecked(current.contains(a->text()));
    m_refreshing = was;
}

void MeshForm::refreshChoices()
{
    const auto mesh = m_doc->mesh();
    QStringList blocks{QStringLiteral("global"), QStringLiteral("helm")};
    if (mesh)
        blocks += mesh->serviceNames();
    m_blocks->model()->setChoices(QStringLiteral("service"), blocks);
    if (m_manager)
        m_services->model()->setChoices(QStringLiteral("image"), m_manager->serviceImages());
}

bool MeshForm::handleCellEdit(RecordTable *table, int row, const QString &key, const QString &value)
{
    if (table == m_cas && key == QLatin1String("alias")) {
        QStringList roles;
        for (const QString &r : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            roles << r.trimmed();
        m_doc->reparseNow();
        commit(engine::manifestedits::setStringList(m_doc->yaml(), QStringLiteral("cas[%1].alias").arg(row), roles),
               QStringLiteral("Set CAS alias"));
        return true;
    }
    return false;
}

}  // namespace workbench::ui
