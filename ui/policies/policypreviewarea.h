// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "areas/workbencharea.h"
#include "manifest/manifestproject.h"
#include "policy/deploymentsettings.h"
#include "policy/policygenerator.h"

#include <QFutureWatcher>
#include <QHash>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;
class QScrollArea;

namespace workbench::ui {

class DeploymentSettingsPanel;
class InjectedFilesView;
class PolicyYamlView;
class SessionDiffView;
class SessionGraphView;

/// The Policies area: what `sconectl apply -f mesh.yaml` would upload and deploy, rendered
/// live from the workspace's current texts (unsaved edits included) and the deployment
/// settings. Generation runs on a worker thread (debounced) on a copy of the manifests, so
/// typing never waits for it. Shows the sessions and the chart (read-only YAML with a jump
/// back to the manifest line of every line), the injected files, the export/import graph, the
/// diff against a reference with security relaxations flagged, and the problems.
class PolicyPreviewArea : public WorkbenchArea
{
    Q_OBJECT
public:
    explicit PolicyPreviewArea(engine::ProjectWorkspace *workspace, QWidget *parent = nullptr);
    ~PolicyPreviewArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    const models::policy::PolicyPreview &preview() const { return m_preview; }
    /// Number of renders applied so far (tests wait on it).
    int renderCount() const { return m_renderCount; }
    bool isRendering() const;
    /// Renders now instead of after the debounce delay.
    void renderNow();

    const models::policy::DeploymentSettings &settings() const { return m_settings; }
    /// Uses @p settings for the next renders (not saved; see saveSettings()).
    void setSettings(const models::policy::DeploymentSettings &settings);
    /// Writes the settings to the project's settings file.
    Status saveSettings();

    QStringList sessionNames() const;
    bool selectSession(const QString &name);
    bool selectChartFile(const QString &path);
    QString currentSession() const { return m_currentSession; }

    /// Stores the current preview as the "last rendered" reference in the project.
    Status keepAsReference();
    /// Diffs the current session against @p text instead of the stored reference.
    void setReferenceText(const QString &sessionName, const QString &label, const QString &text);
    /// Reads a session file and diffs the session of the same name (or the current one) against it.
    bool setReferenceFile(const QString &path, QString *error = nullptr);

    /// Shows @p source in the source pane, asks the shell to open it, emits sourceRequested().
    void showSource(const models::policy::SourceRef &source);
    /// 1-based line highlighted in the source pane (0 if none) and the file shown there.
    int sourcePaneLine() const { return m_peekLine; }
    QString sourcePaneFile() const { return m_peekFile; }

    PolicyYamlView *yamlView() const { return m_yaml; }
    InjectedFilesView *injectedFilesView() const { return m_injected; }
    SessionGraphView *graphView() const { return m_graph; }
    SessionDiffView *diffView() const { return m_diff; }
    DeploymentSettingsPanel *settingsPanel() const { return m_settingsPanel; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeWidget *problems() const { return m_problems; }

Q_SIGNALS:
    /// A render finished and the views show it.
    void rendered();
    /// The user asked where a generated line comes from.
    void sourceRequested(const QString &file, int line);

private:
    void syncProject(const QList<models::ProjectFileInfo> &files);
    void onDocumentChanged(const QString &path);
    void scheduleRender();
    void startRender();
    void applyPreview(models::policy::PolicyPreview preview);
    void rebuildSessionList();
    void showCurrent();
    void updateDiff();
    void updateProblems();
    void exportRender();
    void openReferenceFile();
    void openInShell(const models::policy::SourceRef &source);
    void keepGeneratedNamespace();

    /// What a render run hands back: the preview and the project with the run's texts parsed.
    struct RenderRun {
        models::policy::PolicyPreview preview;
        models::ManifestProject project;
    };
    void queueText(const QString &path, std::optional<QByteArray> text);

    /// Parsed texts as of the last render run. Edits since then wait in m_pendingTexts and are
    /// parsed by the next run, off the UI thread (nullopt: the file is gone).
    models::ManifestProject m_project;
    QHash<QString, std::optional<QByteArray>> m_pendingTexts;
    models::policy::DeploymentSettings m_settings;
    models::policy::PolicyPreview m_preview;
    QFutureWatcher<RenderRun> m_watcher;
    QTimer *m_debounce = nullptr;
    bool m_dirty = false;
    bool m_namespaceUnsaved = false;  ///< APP_NAMESPACE generated on open, not yet in the settings file
    quint64 m_generation = 0;
    quint64 m_projectEpoch = 0;  ///< bumped when another project is opened
    int m_renderCount = 0;
    QString m_currentSession;
    QString m_currentChartFile;
    struct Reference {
        QString label;
        QString text;
    };
    QHash<QString, Reference> m_referenceOverrides;

    QLabel *m_status = nullptr;
    QTreeWidget *m_sessions = nullptr;
    QTabWidget *m_tabs = nullptr;
    PolicyYamlView *m_yaml = nullptr;
    InjectedFilesView *m_injected = nullptr;
    SessionGraphView *m_graph = nullptr;
    SessionDiffView *m_diff = nullptr;
    QTabWidget *m_bottom = nullptr;
    QTreeWidget *m_problems = nullptr;
    QPlainTextEdit *m_peek = nullptr;
    QLabel *m_peekTitle = nullptr;
    int m_peekLine = 0;
    QString m_peekFile;
    DeploymentSettingsPanel *m_settingsPanel = nullptr;
    QScrollArea *m_settingsScroll = nullptr;
};

}  // namespace workbench::ui
