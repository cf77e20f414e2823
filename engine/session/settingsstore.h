// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "documents/document.h"
#include "policy/projectsettings.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace workbench::engine {

class DocumentManager;

/// The one owner of a project's deployment settings. The settings file
/// (`<project>/.scone-workbench/settings.yaml`) is a Document of the DocumentManager like a
/// manifest, so it has a manifest's life cycle for free: unsaved edits mark it modified, Save
/// and Save All write it, autosave copies it to the recovery folder, closing asks about it,
/// external changes reload it. Edits are source-preserving YAML edits (comments, order and
/// keys the workbench does not know survive), one undo step each; consecutive edits of the
/// same setting merge into one step (typing in a field).
///
/// resolved() is what every consumer uses (the analysis, the Policies and Certificates areas):
/// the buffer's values over the defaults, with an APP_NAMESPACE proposed when none is set. The
/// proposal is deterministic (release + a hash of the project folder), so it is the same on
/// every open without being written; it enters the file only when the user saves the settings
/// (or keepProposedNamespace() is called by something that uses the namespace for real). A
/// settings file that is a symbolic link, or lies in a linked folder, is read but never
/// written (read-only with that reason).
///
/// Lives on the UI thread; no widgets, no dialogs.
class SettingsStore : public QObject
{
    Q_OBJECT
public:
    explicit SettingsStore(DocumentManager *documents, QObject *parent = nullptr);
    ~SettingsStore() override;

    /// Opens the settings of @p projectDir; the file need not exist (then the document is new
    /// and empty, not modified). An empty @p projectDir closes.
    Status open(const QString &projectDir);
    void close();

    QString projectDir() const { return m_projectDir; }
    /// The settings file (which may not exist yet).
    QString filePath() const { return m_path; }
    Document *document() const { return m_doc; }

    const models::policy::ResolvedSettings &resolved() const { return m_resolved; }
    const models::policy::DeploymentSettings &settings() const { return m_resolved.values; }
    bool namespaceProposed() const { return m_resolved.namespaceProposed; }

    /// The buffer differs from the file.
    bool isModified() const;
    /// Saving would write something: unsaved edits, or a proposed APP_NAMESPACE.
    bool canSave() const;
    bool isReadOnly() const { return !readOnlyReason().isEmpty(); }
    QString readOnlyReason() const;

    /// Sets one setting by its variable name (RELEASE, APP_IMAGE_REPO, MODE, a free variable...)
    /// in the buffer. An empty value means "not set" and is written as `""`.
    Status setValue(const QString &name, const QString &value);
    /// Makes the buffer say @p wanted: only what differs is edited (free variables added, set or
    /// removed). One undo step.
    Status setSettings(const models::policy::DeploymentSettings &wanted);

    /// Writes the buffer (with the proposed APP_NAMESPACE, if one is pending) to the file.
    Status save();
    /// For actions that use the namespace (keeping a reference, exporting a render): writes the
    /// proposed APP_NAMESPACE into the buffer and, when the buffer held no other unsaved edit,
    /// saves it. Nothing when APP_NAMESPACE is already set.
    Status keepProposedNamespace();

    bool canUndo() const { return m_index > 0; }
    bool canRedo() const { return m_index < m_steps.size(); }
    QString undoText() const;
    QString redoText() const;
    /// Undoes the last step; refused (with a reason) when the text changed since in a way the
    /// store did not make.
    Status undo();
    Status redo();

Q_SIGNALS:
    /// resolved() changed (the buffer, the file or the proposal).
    void changed();
    void modifiedChanged(bool modified);
    void undoStateChanged();

private:
    struct Step {
        QString description;
        QString key;  ///< the setting edited; consecutive steps with the same key merge
        QByteArray before;
        QByteArray after;
    };
    Status applyText(const QByteArray &text, const QString &description, const QString &key);
    Result<QByteArray> editedText(const models::policy::DeploymentSettings &wanted, bool withProposal) const;
    void onTextChanged();
    void resolve();

    DocumentManager *m_documents;
    QString m_projectDir;
    QString m_path;
    QString m_linkReason;  ///< set when the file or its folder is a symbolic link
    QPointer<Document> m_doc;
    models::policy::ResolvedSettings m_resolved;
    QByteArray m_knownText;  ///< the buffer as the store last saw it
    bool m_applying = false;
    QList<Step> m_steps;
    qsizetype m_index = 0;     ///< steps before it are done
    bool m_mergeOpen = false;  ///< the last step may absorb the next edit of the same key
};

}  // namespace workbench::engine
