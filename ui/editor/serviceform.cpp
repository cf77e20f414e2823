// SPDX-License-Identifier: Apache-2.0
#include "editor/serviceform.h"

#include "documents/manifestedits.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/recordtable.h"
#include "editor/yamlhighlighter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace workbench::ui {

namespace {
const QStringList kSecretKinds = {QStringLiteral("ascii"), QStringLiteral("binary"),  QStringLiteral("private-key"),
                                  QStringLiteral("x509"),  QStringLiteral("x509-ca"), QStringLiteral("aad-token")};
const QStringList kKeyTypes = {QStringLiteral("P-256"), QStringLiteral("P-384"), QStringLiteral("Ed25519"),
                               QStringLiteral("RSA-2048"), QStringLiteral("RSA-3072")};
const QStringList kBuildKinds = {QStringLiteral("python"),     QStringLiteral("java"),
                                 QStringLiteral("java8"),      QStringLiteral("java15"),
                                 QStringLiteral("java17"),     QStringLiteral("java17-glibc"),
                                 QStringLiteral("java21"),     QStringLiteral("java21-ubuntu"),
                                 QStringLiteral("java-glibc"), QStringLiteral("sconify_image")};
// The secret detail fields, in display order: key, label.
const QList<QPair<QString, QString>> kSecretFieldLabels = {
    {QStringLiteral("size"), QStringLiteral("Size")},
    {QStringLiteral("value"), QStringLiteral("Value")},
    {QStringLiteral("key_type"), QStringLiteral("Key type")},
    {QStringLiteral("private_key"), QStringLiteral("Private key")},
    {QStringLiteral("issuer"), QStringLiteral("Issuer")},
    {QStringLiteral("common_name"), QStringLiteral("Common name")},
    {QStringLiteral("dns"), QStringLiteral("DNS names")},
    {QStringLiteral("endpoint"), QStringLiteral("Endpoint")},
    {QStringLiteral("valid_for"), QStringLiteral("Valid for")},
    {QStringLiteral("export_public"), QStringLiteral("Export public")},
    {QStringLiteral("migrate"), QStringLiteral("Migrate")},
    {QStringLiteral("tenant_id"), QStringLiteral("Tenant ID")},
    {QStringLiteral("client_id"), QStringLiteral("Client ID")},
    {QStringLiteral("application_secret"), QStringLiteral("Application secret")},
};

QString opt(const std::optional<models::LocatedString> &v)
{
    return v ? v->value : QString();
}

QString secretValue(const models::ServiceSecret &s, const QString &key)
{
    if (key == QLatin1String("size"))
        return opt(s.size);
    if (key == QLatin1String("value"))
        return opt(s.value);
    if (key == QLatin1String("key_type"))
        return opt(s.keyType);
    if (key == QLatin1String("private_key"))
        return opt(s.privateKey);
    if (key == QLatin1String("issuer"))
        return opt(s.issuer);
    if (key == QLatin1String("common_name"))
        return opt(s.commonName);
    if (key == QLatin1String("dns"))
        return s.dns ? s.dns->values().join(QStringLiteral(", ")) : QString();
    if (key == QLatin1String("endpoint"))
        return opt(s.endpoint);
    if (key == QLatin1String("valid_for"))
        return opt(s.validFor);
    if (key == QLatin1String("export_public"))
        return opt(s.exportPublic);
    if (key == QLatin1String("migrate"))
        return opt(s.migrate);
    if (key == QLatin1String("tenant_id"))
        return opt(s.tenantId);
    if (key == QLatin1String("client_id"))
        return opt(s.clientId);
    if (key == QLatin1String("application_secret"))
        return opt(s.applicationSecret);
    return {};
}

bool secretHas(const models::ServiceSecret &s, const QString &key)
{
    if (key == QLatin1String("dns"))
        return s.dns.has_value();
    return !secretValue(s, key).isEmpty();
}

QString secretSummary(const models::ServiceSecret &s)
{
    QStringList parts;
    if (s.issuer)
        parts << QStringLiteral("issuer ") + s.issuer->value;
    if (s.privateKey)
        parts << QStringLiteral("key ") + s.privateKey->value;
    if (s.dns && !s.dns->isEmpty())
        parts << QStringLiteral("dns ") + s.dns->values().join(QLatin1Char(','));
    if (s.keyType)
        parts << s.keyType->value;
    if (s.size)
        parts << QStringLiteral("size ") + s.size->value;
    if (s.isExportedPublicly())
        parts << QStringLiteral("public");
    return parts.join(QStringLiteral(" · "));
}
}  // namespace

QStringList ServiceForm::fieldsForKind(const QString &kind)
{
    if (kind.isEmpty() || kind == QLatin1String("ascii") || kind == QLatin1String("binary"))
        return {QStringLiteral("size"), QStringLiteral("value"), QStringLiteral("export_public")};
    if (kind == QLatin1String("private-key"))
        return {QStringLiteral("key_type"), QStringLiteral("migrate"), QStringLiteral("value"),
                QStringLiteral("export_public")};
    if (kind == QLatin1String("x509") || kind == QLatin1String("x509-ca"))
        return {QStringLiteral("private_key"),  QStringLiteral("issuer"),   QStringLiteral("common_name"),
                QStringLiteral("dns"),          QStringLiteral("endpoint"), QStringLiteral("valid_for"),
                QStringLiteral("export_public")};
    if (kind == QLatin1String("aad-token"))
        return {QStringLiteral("tenant_id"), QStringLiteral("client_id"), QStringLiteral("application_secret"),
                QStringLiteral("private_key")};
    return {};
}

ServiceForm::ServiceForm(EditorDocument *document, EditorManager *manager, QWidget *parent)
    : ManifestForm(document, manager, parent)
{
    setObjectName(QStringLiteral("serviceForm"));
    buildServiceSection();
    buildBuildSection();
    buildEnvironmentSection();
    buildSecretsSection();
    buildInjectionSection();
    m_column->addStretch(1);
    refresh();
}

void ServiceForm::buildServiceSection()
{
    QGroupBox *box = addSection(QStringLiteral("Service manifest"), QStringLiteral("sectionService"));
    QFormLayout *form = formLayout(box);
    m_apiVersion =
        addLine(form, QStringLiteral("API version"), QStringLiteral("apiVersion"), false, QStringLiteral("scone/5.8"));
    m_kindLabel = new QLabel(box);
    form->addRow(QStringLiteral("Kind:"), m_kindLabel);
}

void ServiceForm::buildBuildSection()
{
    QGroupBox *box = addSection(QStringLiteral("Build"), QStringLiteral("sectionBuild"));
    auto *v = new QVBoxLayout(box);
    auto *formHolder = new QWidget(box);
    auto *form = new QFormLayout(formHolder);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    v->addWidget(formHolder);
    addLine(form, QStringLiteral("Name"), QStringLiteral("build.name"), false, QStringLiteral("service/image name"));
    m_buildKind = addCombo(form, QStringLiteral("Kind"), QStringLiteral("build.kind"), kBuildKinds, true, false);
    addLine(form, QStringLiteral("Base image (from)"), QStringLiteral("build.from"), true,
            QStringLiteral("derived from the kind"));
    addLine(form, QStringLiteral("Target image (to)"), QStringLiteral("build.to"), false,
            QStringLiteral("$APP_IMAGE_REPO/name:tag"));
    addLine(form, QStringLiteral("Working directory (pwd)"), QStringLiteral("build.pwd"));
    addLine(form, QStringLiteral("Command"), QStringLiteral("build.command"), false);
    addLine(form, QStringLiteral("Requirements"), QStringLiteral("build.requirements"), true,
            QStringLiteral("requirements.txt"));
    addLine(form, QStringLiteral("Stable image"), QStringLiteral("build.stable"));
    addCheck(form, QStringLiteral("Sign"), QStringLiteral("build.signature.sign"));
    addLine(form, QStringLiteral("Signing key"), QStringLiteral("build.signature.key"), true,
            QStringLiteral("target/identity.pem"));
    auto *lists = new QHBoxLayout;
    auto *copyCol = new QVBoxLayout;
    copyCol->addWidget(new QLabel(QStringLiteral("Copy into the image:"), box));
    m_copy = addStringList(copyCol, QStringLiteral("build.copy"), QStringLiteral("file or folder"));
    auto *runCol = new QVBoxLayout;
    runCol->addWidget(new QLabel(QStringLiteral("Run steps:"), box));
    m_run = addStringList(runCol, QStringLiteral("build.run"), QStringLiteral("command"));
    lists->addLayout(copyCol);
    lists->addLayout(runCol);
    v->addLayout(lists);
}

void ServiceForm::buildEnvironmentSection()
{
    QGroupBox *box = addSection(QStringLiteral("Environment"), QStringLiteral("sectionEnvironment"));
    auto *v = new QVBoxLayout(box);
    v->addWidget(new QLabel(QStringLiteral("Local (fixed in the manifest, confidential):"), box));
    const FieldSpec name = textField(QStringLiteral("name"), QStringLiteral("Name"), false);
    const FieldSpec value = textField(QStringLiteral("value"), QStringLiteral("Value"), false);
    m_localEnv = addTable(v, QStringLiteral("environment.local"), {name, value}, QStringLiteral("name"),
                          QStringLiteral("VARIABLE_"));
    v->addWidget(new QLabel(QStringLiteral("Global (set by the mesh; a value here is the default):"), box));
    const FieldSpec def = textField(QStringLiteral("value"), QStringLiteral("Default value"));
    m_globalEnv = addTable(v, QStringLiteral("environment.global"), {name, def}, QStringLiteral("name"),
                           QStringLiteral("VARIABLE_"));
}

void ServiceForm::buildSecretsSection()
{
    QGroupBox *box = addSection(QStringLiteral("Secrets"), QStringLiteral("sectionSecrets"));
    auto *v = new QVBoxLayout(box);
    const FieldSpec name = textField(QStringLiteral("name"), QStringLiteral("Name"), false);
    const FieldSpec kind = choiceField(QStringLiteral("kind"), QStringLiteral("Kind"), kSecretKinds);
    const FieldSpec summary = textField(QStringLiteral("summary"), QStringLiteral("Details"), true, true);
    m_secrets = addTable(v, QStringLiteral("secrets.global"), {name, kind, summary}, QStringLiteral("name"),
                         QStringLiteral("secret_"));
    m_secrets->setVisibleRows(3, 14);

    m_secretBox = new QGroupBox(QStringLiteral("Selected secret"), box);
    m_secretBox->setObjectName(QStringLiteral("secretDetails"));
    m_secretForm = new QFormLayout(m_secretBox);
    m_secretForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QString base = QStringLiteral("secrets.global[0].");
    for (const auto &f : kSecretFieldLabels) {
        QWidget *w = nullptr;
        if (f.first == QLatin1String("key_type"))
            w = addCombo(m_secretForm, f.second, base + f.first, kKeyTypes, true, true);
        else if (f.first == QLatin1String("endpoint"))
            w = addCombo(m_secretForm, f.second, base + f.first,
                         {QString(), QStringLiteral("server"), QStringLiteral("client")}, false, true);
        else if (f.first == QLatin1String("private_key") || f.first == QLatin1String("issuer"))
            w = addCombo(m_secretForm, f.second, base + f.first, {}, true, true);
        else if (f.first == QLatin1String("export_public") || f.first == QLatin1String("migrate"))
            w = addCheck(m_secretForm, f.second, base + f.first);
        else if (f.first == QLatin1String("dns")) {
            m_dns = new QLineEdit(m_secretBox);
            m_dns->setPlaceholderText(QStringLiteral("api, {{api_host}}"));
            m_secretForm->addRow(f.second + QLatin1Char(':'), m_dns);
            addBinding(m_dns, base + f.first, f.second);
            connect(m_dns, &QLineEdit::editingFinished, this, [this] {
                if (m_refreshing || !m_dns->isModified() || m_secretRow < 0)
                    return;
                m_dns->setModified(false);
                QStringList names;
                for (const QString &n : m_dns->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
                    names << n.trimmed();
                m_doc->reparseNow();
                commit(engine::manifestedits::setStringList(
                           m_doc->yaml(), QStringLiteral("secrets.global[%1].dns").arg(m_secretRow), names),
                       QStringLiteral("Set DNS names"));
            });
            w = m_dns;
        } else {
            w = addLine(m_secretForm, f.second, base + f.first);
        }
        m_secretFields.insert(f.first, w);
    }
    v->addWidget(m_secretBox);
    connect(m_secrets->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showSecret(current.isValid() ? current.row() : -1); });

    v->addWidget(new QLabel(QStringLiteral("Imported from other services of the mesh:"), box));
    m_imports = addStringList(v, QStringLiteral("secrets.import"), QStringLiteral("secret"));
    m_imports->model()->setFields({choiceField(QStringLiteral("."), QStringLiteral("Secret"), {}, true, false)});
}

void ServiceForm::buildInjectionSection()
{
    QGroupBox *box = addSection(QStringLiteral("Injection files"), QStringLiteral("sectionInjection"));
    auto *v = new QVBoxLayout(box);
    const FieldSpec path = textField(QStringLiteral("path"), QStringLiteral("Path in the enclave"), false);
    // Read-only first line of the content (edited below); keyed "content" so that problems of
    // the content are marked in this column.
    const FieldSpec preview = textField(QStringLiteral("content"), QStringLiteral("Content"), true, true);
    m_injection = addTable(v, QStringLiteral("injection_files"), {path, preview}, QStringLiteral("path"),
                           QStringLiteral("/file"));
    m_contentLabel =
        new QLabel(QStringLiteral("Content of the selected file (applied when the editor loses focus):"), box);
    v->addWidget(m_contentLabel);
    m_content = new CodeEditor(box);
    m_content->setObjectName(QStringLiteral("injectionContent"));
    m_content->setMinimumHeight(110);
    new YamlHighlighter(m_content->document());
    connect(m_content, &CodeEditor::undoRequested, m_content->document(), [this] { m_content->document()->undo(); });
    connect(m_content, &CodeEditor::redoRequested, m_content->document(), [this] { m_content->document()->redo(); });
    m_content->installEventFilter(this);
    v->addWidget(m_content);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    m_applyContent = new QPushButton(QStringLiteral("Apply content"), box);
    m_applyContent->setObjectName(QStringLiteral("applyContent"));
    row->addWidget(m_applyContent);
    v->addLayout(row);
    connect(m_applyContent, &QPushButton::clicked, this, &ServiceForm::commitInjectionContent);
    connect(m_injection->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showInjectionFile(current.isValid() ? current.row() : -1); });
}

bool ServiceForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_content && event->type() == QEvent::FocusOut)
        commitInjectionContent();
    return ManifestForm::eventFilter(watched, event);
}

void ServiceForm::commitInjectionContent()
{
    if (m_refreshing || m_injectionRow < 0 || !isEditable())
        return;
    const auto svc = m_doc->service();
    if (!svc || m_injectionRow >= svc->injectionFiles.size())
        return;
    const QString text = m_content->toPlainText();
    m_content->document()->setModified(false);
    if (text == svc->injectionFiles.at(m_injectionRow).content.value)
        return;
    commitValue(QStringLiteral("injection_files[%1].content").arg(m_injectionRow), text, false,
                QStringLiteral("injection file content"), false, /*fromLineEditor=*/false);
}

void ServiceForm::refreshContent()
{
    const auto svc = m_doc->service();
    static const models::ServiceManifest empty;
    const models::ServiceManifest &s = svc ? *svc : empty;
    setFieldValue(m_apiVersion, s.apiVersion.value);
    m_kindLabel->setText(s.kind.value.isEmpty() ? QStringLiteral("genservice") : s.kind.value);

    const models::BuildSection &b = s.build;
    setFieldValue(fieldWidget(QStringLiteral("build.name")), b.name.value);
    setFieldValue(m_buildKind, b.kind.value);
    setFieldValue(fieldWidget(QStringLiteral("build.from")), opt(b.from));
    setFieldValue(fieldWidget(QStringLiteral("build.to")), b.to.value);
    setFieldValue(fieldWidget(QStringLiteral("build.pwd")), opt(b.pwd));
    setFieldValue(fieldWidget(QStringLiteral("build.command")), b.command.value);
    setFieldValue(fieldWidget(QStringLiteral("build.requirements")), opt(b.requirements));
    setFieldValue(fieldWidget(QStringLiteral("build.stable")), opt(b.stable));
    setFieldValue(fieldWidget(QStringLiteral("build.signature.sign")), opt(b.signatureSign));
    setFieldValue(fieldWidget(QStringLiteral("build.signature.key")), opt(b.signatureKey));
    setStringListRows(m_copy, b.copy ? &*b.copy : nullptr);
    setStringListRows(m_run, b.run ? &*b.run : nullptr);

    auto envRows = [](const QList<models::EnvVariable> &vars) {
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
    };
    m_localEnv->model()->setRows(envRows(s.localEnv));
    m_globalEnv->model()->setRows(envRows(s.globalEnv));

    QList<RecordRow> secretRows;
    for (const models::ServiceSecret &sec : s.secrets) {
        RecordRow r;
        r.nodePath = sec.nodePath;
        r.values.insert(QStringLiteral("name"), sec.name.value);
        r.values.insert(QStringLiteral("kind"), sec.kindText());
        r.values.insert(QStringLiteral("summary"), secretSummary(sec));
        secretRows << r;
    }
    m_secrets->model()->setRows(secretRows);
    setStringListRows(m_imports, &s.imports);

    QList<RecordRow> injectionRows;
    for (const models::InjectionFile &f : s.injectionFiles) {
        RecordRow r;
        r.nodePath = f.nodePath;
        r.values.insert(QStringLiteral("path"), f.path.value);
        r.values.insert(QStringLiteral("content"), f.content.value.section(QLatin1Char('\n'), 0, 0));
        injectionRows << r;
    }
    m_injection->model()->setRows(injectionRows);

    const int secretRow = m_secrets->currentRow();
    showSecret(secretRow >= 0 ? secretRow : (s.secrets.isEmpty() ? -1 : 0));
    if (secretRow < 0 && !s.secrets.isEmpty())
        m_secrets->selectRowSilently(0);
    const int injRow = m_injection->currentRow();
    showInjectionFile(injRow >= 0 ? injRow : (s.injectionFiles.isEmpty() ? -1 : 0));
    if (injRow < 0 && !s.injectionFiles.isEmpty())
        m_injection->selectRowSilently(0);
}

void ServiceForm::refreshChoices()
{
    if (!m_manager)
        return;
    const QStringList cas = m_manager->secretNames(QStringLiteral("x509-ca"));
    const QStringList keys = m_manager->secretNames(QStringLiteral("private-key"));
    auto fill = [](QComboBox *combo, const QStringList &items) {
        const QString current = combo->currentText();
        QStringList all{QString()};
        all += items;
        bool same = combo->count() == all.size();
        for (int i = 0; same && i < all.size(); ++i)
            same = combo->itemText(i) == all.at(i);
        if (same)
            return;
        // Keep what the user is typing, and that it is still to be committed.
        const bool typing = combo->lineEdit() && combo->lineEdit()->isModified();
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItems(all);
        combo->setEditText(current);
        if (combo->lineEdit())
            combo->lineEdit()->setModified(typing);
    };
    fill(qobject_cast<QComboBox *>(m_secretFields.value(QStringLiteral("issuer"))), cas);
    fill(qobject_cast<QComboBox *>(m_secretFields.value(QStringLiteral("private_key"))), keys);
    // Imports: secrets that other files define.
    const auto svc = m_doc->service();
    QStringList importable = m_manager->secretNames();
    if (svc)
        for (const QString &own : svc->secretNames())
            importable.removeAll(own);
    m_imports->model()->setChoices(QStringLiteral("."), importable);
}

void ServiceForm::showSecret(int row)
{
    const auto svc = m_doc->service();
    const bool valid = svc && row >= 0 && row < svc->secrets.size();
    m_secretRow = valid ? row : -1;
    m_secretBox->setEnabled(valid);
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    const models::ServiceSecret *sec = valid ? &svc->secrets.at(row) : nullptr;
    m_secretBox->setTitle(sec ? QStringLiteral("Secret %1").arg(sec->name.value) : QStringLiteral("Selected secret"));
    const QStringList shown = fieldsForKind(sec ? sec->kindText() : QString());
    for (const auto &f : kSecretFieldLabels) {
        QWidget *w = m_secretFields.value(f.first);
        rebind(w, QStringLiteral("secrets.global[%1].%2").arg(qMax(row, 0)).arg(f.first));
        setFieldValue(w, sec ? secretValue(*sec, f.first) : QString());
        // Fields are shown for the kind, and always when the manifest sets them.
        const bool visible = shown.isEmpty() || shown.contains(f.first) || (sec && secretHas(*sec, f.first));
        m_secretForm->setRowVisible(w, visible);
    }
    m_refreshing = wasRefreshing;
    if (!m_refreshing)
        applyDiagnostics();  // refresh() applies them once at its end
}

void ServiceForm::showInjectionFile(int row)
{
    const auto svc = m_doc->service();
    const bool valid = svc && row >= 0 && row < svc->injectionFiles.size();
    const int shownRow = m_injectionRow;
    m_injectionRow = valid ? row : -1;
    m_content->setEnabled(valid);
    m_applyContent->setEnabled(valid && isEditable());
    const QString text = valid ? svc->injectionFiles.at(row).content.value : QString();
    // Content the user typed and has not applied yet stays (it is committed on focus out, save
    // and close), even when the document is refreshed or reloaded underneath.
    const bool typing = valid && row == shownRow && m_content->document()->isModified();
    if (!typing && m_content->toPlainText() != text) {
        const bool wasRefreshing = m_refreshing;
        m_refreshing = true;
        m_content->setPlainText(text);
        m_content->document()->setModified(false);
        m_refreshing = wasRefreshing;
    }
    m_content->setReadOnly(!isEditable());
}

bool ServiceForm::handleCellEdit(RecordTable *table, int row, const QString &key, const QString &value)
{
    if (table != m_secrets || key != QLatin1String("name"))
        return false;
    const QString oldName = table->model()->rows().value(row).values.value(QStringLiteral("name"));
    if (oldName.isEmpty() || oldName == value || !m_manager)
        return false;
    // A secret's name is its identity across the project: rename every reference with it.
    const Status s = m_manager->renameSecret(oldName, value);
    if (!s) {
        Q_EMIT message(s.error().message);
        refresh();
    }
    return true;
}

}  // namespace workbench::ui
