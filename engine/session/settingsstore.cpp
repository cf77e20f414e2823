// SPDX-License-Identifier: Apache-2.0
#include "session/settingsstore.h"

#include "documents/document.h"
#include "documents/documentmanager.h"
#include "documents/manifestedits.h"
#include "manifest/yamldocument.h"

#include <QDir>
#include <QFileInfo>

namespace workbench::engine {

using models::policy::DeploymentSettings;

namespace {

Error settingsError(const QString &code, const QString &message, const QString &detail = {})
{
    return makeError(code, message, detail);
}

/// The keys whose values differ between @p a and @p b (variable names, in settings-panel order).
QStringList changedNames(const DeploymentSettings &a, const DeploymentSettings &b)
{
    QStringList names;
    for (const QString &n : models::policy::knownSettingNames())
        if (a.value(n) != b.value(n))
            names << n;
    QStringList vars = a.variables.keys() + b.variables.keys();
    vars.removeDuplicates();
    vars.sort();
    for (const QString &n : std::as_const(vars))
        if (!a.variables.contains(n) || !b.variables.contains(n) || a.variables.value(n) != b.variables.value(n))
            names << n;
    return names;
}

}  // namespace

SettingsStore::SettingsStore(DocumentManager *documents, QObject *parent)
    : QObject(parent)
    , m_documents(documents)
{
    m_resolved = models::policy::resolveSettings({}, {}, false, {});
}

SettingsStore::~SettingsStore() = default;

Status SettingsStore::open(const QString &projectDir)
{
    close();
    if (projectDir.isEmpty())
        return Ok{};
    m_projectDir = projectDir;
    m_path = models::policy::settingsFilePath(projectDir);
    const QFileInfo file(m_path);
    const QFileInfo folder(models::policy::workbenchDir(projectDir));
    if (file.isSymLink() || folder.isSymLink())
        m_linkReason = QStringLiteral("%1 is a symbolic link: the workbench reads it but does not write through it "
                                      "(edit the file it points to, or replace the link by a file).")
                           .arg(QDir(projectDir).relativeFilePath(file.isSymLink() ? m_path : folder.filePath()));
    Result<Document *> doc = m_documents->openOrCreate(m_path);
    if (!doc.ok()) {
        resolve();  // the defaults, with the read error as a diagnostic
        Q_EMIT changed();
        return doc.error();
    }
    m_doc = doc.value();
    m_doc->setWriteBlockedReason(m_linkReason);
    m_knownText = m_doc->text();
    connect(m_doc, &Document::textChanged, this, &SettingsStore::onTextChanged);
    connect(m_doc, &Document::modifiedChanged, this, &SettingsStore::modifiedChanged);
    connect(m_doc, &Document::saved, this, [this] {
        m_mergeOpen = false;
        resolve();  // the file exists now
        Q_EMIT changed();
    });
    resolve();
    Q_EMIT changed();
    Q_EMIT undoStateChanged();
    return Ok{};
}

void SettingsStore::close()
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = nullptr;
    m_projectDir.clear();
    m_path.clear();
    m_linkReason.clear();
    m_knownText.clear();
    m_steps.clear();
    m_index = 0;
    m_mergeOpen = false;
    m_resolved = models::policy::resolveSettings({}, {}, false, {});
}

void SettingsStore::resolve()
{
    if (m_projectDir.isEmpty()) {
        m_resolved = models::policy::resolveSettings({}, {}, false, {});
        return;
    }
    if (!m_doc) {
        m_resolved = models::policy::readProjectSettings(m_projectDir);
        return;
    }
    const bool exists = m_doc->diskSnapshot().exists || QFileInfo::exists(m_path);
    m_resolved = models::policy::resolveSettings(m_projectDir, m_doc->text(), exists, m_path);
}

void SettingsStore::onTextChanged()
{
    const QByteArray now = m_doc->text();
    if (!m_applying && now != m_knownText) {
        // Changed elsewhere (the text editor, a reload, a restored autosave): one step of its own,
        // so undo here still walks back in order.
        m_steps.resize(m_index);
        m_steps.append({QStringLiteral("Edit %1").arg(QFileInfo(m_path).fileName()), QString(), m_knownText, now});
        m_index = m_steps.size();
        m_mergeOpen = false;
        Q_EMIT undoStateChanged();
    }
    m_knownText = now;
    resolve();
    Q_EMIT changed();
}

bool SettingsStore::isModified() const
{
    return m_doc && m_doc->isModified();
}

bool SettingsStore::canSave() const
{
    return m_doc && !isReadOnly() && (m_doc->isModified() || m_resolved.namespaceProposed);
}

QString SettingsStore::readOnlyReason() const
{
    if (m_projectDir.isEmpty())
        return QStringLiteral("No project is open.");
    if (!m_doc)
        return QStringLiteral("The settings file cannot be read.");
    return m_doc->isReadOnly() ? m_doc->readOnlyReason() : QString();
}

Result<QByteArray> SettingsStore::editedText(const DeploymentSettings &wanted, bool withProposal) const
{
    const DeploymentSettings &current = m_resolved.values;
    if (m_path.endsWith(QLatin1String(".json"))) {
        // JSON has no comments to keep: the file is written whole.
        DeploymentSettings out = wanted;
        if (m_resolved.namespaceProposed && !withProposal && out.appNamespace == current.appNamespace)
            out.appNamespace.clear();
        return models::policy::settingsToJson(out);
    }
    QByteArray text = m_doc->text();
    if (text.trimmed().isEmpty())
        text = models::policy::settingsFileHeader();
    models::YamlDocument doc = models::YamlDocument::fromText(text, m_path);
    if (!doc.isValid() || doc.syntaxError())
        return settingsError(
            QStringLiteral("settings.syntax"),
            QStringLiteral("%1 does not parse; fix its syntax error first.").arg(QFileInfo(m_path).fileName()));
    if (doc.root() && !doc.root()->isNull() && !doc.root()->resolved()->isMapping())
        return settingsError(
            QStringLiteral("settings.format"),
            QStringLiteral("%1 is not a mapping; fix it first (its top level must be keys and values).")
                .arg(QFileInfo(m_path).fileName()));
    QStringList names = changedNames(current, wanted);
    if (withProposal && m_resolved.namespaceProposed && !names.contains(QStringLiteral("APP_NAMESPACE")))
        names.prepend(QStringLiteral("APP_NAMESPACE"));
    for (const QString &name : std::as_const(names)) {
        const QString path = models::policy::settingsFileKey(name);
        const bool isVariable = path.startsWith(QLatin1String("variables."));
        if (isVariable && !wanted.variables.contains(name)) {
            if (!doc.node(path))
                continue;
            auto r = doc.apply(models::YamlEdit::removeKey(path));
            if (!r)
                return r.error();
            continue;
        }
        auto edits = manifestedits::setValue(doc, path, wanted.value(name));
        if (!edits)
            return edits.error();
        for (const models::YamlEdit &e : edits.value())
            if (auto r = doc.apply(e); !r)
                return r.error();
    }
    return doc.text();
}

Status SettingsStore::applyText(const QByteArray &text, const QString &description, const QString &key)
{
    if (!m_doc)
        return settingsError(QStringLiteral("settings.no-project"), QStringLiteral("No project is open."));
    if (text == m_doc->text())
        return Ok{};
    const QByteArray before = m_doc->text();
    m_steps.resize(m_index);
    if (m_mergeOpen && !key.isEmpty() && m_index > 0 && m_steps.at(m_index - 1).key == key) {
        m_steps[m_index - 1].after = text;
    } else {
        m_steps.append({description, key, before, text});
        m_index = m_steps.size();
    }
    m_mergeOpen = !key.isEmpty();
    m_applying = true;
    m_doc->replaceBuffer(text);  // open text views adopt it as an undoable edit of their own
    m_applying = false;
    if (m_knownText != m_doc->text()) {  // replaceBuffer() did not signal (nothing changed)
        m_knownText = m_doc->text();
        resolve();
        Q_EMIT changed();
    }
    Q_EMIT undoStateChanged();
    return Ok{};
}

Status SettingsStore::setValue(const QString &name, const QString &value)
{
    DeploymentSettings wanted = m_resolved.values;
    if (const Status st = wanted.set(name, value); !st)
        return st;
    return setSettings(wanted);
}

Status SettingsStore::setSettings(const DeploymentSettings &wanted)
{
    if (isReadOnly())
        return settingsError(QStringLiteral("settings.read-only"),
                             QStringLiteral("The deployment settings cannot be changed."), readOnlyReason());
    for (auto it = wanted.variables.cbegin(); it != wanted.variables.cend(); ++it)
        if (models::policy::looksLikeSecretName(it.key()))
            return settingsError(QStringLiteral("settings.secret"),
                                 QStringLiteral("Variable %1 looks like a secret; the settings file is not a place "
                                                "for secrets (keep them in the keychain).")
                                     .arg(it.key()));
    const QStringList names = changedNames(m_resolved.values, wanted);
    if (names.isEmpty())
        return Ok{};
    auto text = editedText(wanted, true);
    if (!text)
        return text.error();
    const QString description = names.size() == 1 ? QStringLiteral("Set %1").arg(names.first())
                                                  : QStringLiteral("Change the deployment settings");
    return applyText(text.value(), description, names.size() == 1 ? names.first() : QString());
}

Status SettingsStore::keepProposedNamespace()
{
    if (!m_resolved.namespaceProposed)
        return Ok{};
    if (isReadOnly())
        return settingsError(
            QStringLiteral("settings.read-only"),
            QStringLiteral("APP_NAMESPACE %1 cannot be kept in the settings.").arg(m_resolved.values.appNamespace),
            readOnlyReason());
    const bool hadEdits = m_doc->isModified();
    auto text = editedText(m_resolved.values, true);
    if (!text)
        return text.error();
    if (const Status st = applyText(text.value(), QStringLiteral("Keep APP_NAMESPACE"), QString()); !st)
        return st;
    return hadEdits ? Status(Ok{}) : m_doc->save();
}

Status SettingsStore::save()
{
    if (!m_doc)
        return settingsError(QStringLiteral("settings.no-project"), QStringLiteral("No project is open."));
    if (m_resolved.namespaceProposed && !isReadOnly()) {
        auto text = editedText(m_resolved.values, true);
        if (!text)
            return text.error();
        if (const Status st = applyText(text.value(), QStringLiteral("Keep APP_NAMESPACE"), QString()); !st)
            return st;
    }
    m_mergeOpen = false;
    return m_doc->save();
}

QString SettingsStore::undoText() const
{
    return canUndo() ? m_steps.at(m_index - 1).description : QString();
}

QString SettingsStore::redoText() const
{
    return canRedo() ? m_steps.at(m_index).description : QString();
}

Status SettingsStore::undo()
{
    if (!canUndo() || !m_doc)
        return Ok{};
    const Step &step = m_steps.at(m_index - 1);
    if (m_doc->text() != step.after)
        return settingsError(QStringLiteral("settings.undo"),
                             QStringLiteral("Cannot undo \"%1\": the settings changed since.").arg(step.description));
    if (isReadOnly())
        return settingsError(QStringLiteral("settings.read-only"), QStringLiteral("The settings are read-only."),
                             readOnlyReason());
    --m_index;
    m_mergeOpen = false;
    m_applying = true;
    m_doc->replaceBuffer(step.before);
    m_applying = false;
    Q_EMIT undoStateChanged();
    return Ok{};
}

Status SettingsStore::redo()
{
    if (!canRedo() || !m_doc)
        return Ok{};
    const Step &step = m_steps.at(m_index);
    if (m_doc->text() != step.before)
        return settingsError(QStringLiteral("settings.redo"),
                             QStringLiteral("Cannot redo \"%1\": the settings changed since.").arg(step.description));
    if (isReadOnly())
        return settingsError(QStringLiteral("settings.read-only"), QStringLiteral("The settings are read-only."),
                             readOnlyReason());
    ++m_index;
    m_mergeOpen = false;
    m_applying = true;
    m_doc->replaceBuffer(step.after);
    m_applying = false;
    Q_EMIT undoStateChanged();
    return Ok{};
}

}  // namespace workbench::engine
