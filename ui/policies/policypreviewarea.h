// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "common/workbencharea.h"
#include "policy/deploymentsettings.h"
#include "policy/policygenerator.h"

#include <QHash>
#include <QPointer>

class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QScrollArea;

namespace workbench::engine::deploy {
class CasFetchJob;
}

namespace workbench::ui {

class DeploymentSettingsPanel;
class InjectedFilesView;
class PolicyYamlView;
class SessionDiffView;
class SessionGraphView;

/// The Policies area: what `sconectl apply -f mesh.yaml` would upload and deploy, as the
/// session's analysis generated it from the workspace's current texts (unsaved edits included)
/// and the deployment settings. The area generates nothing itself: it shows the snapshot's
/// sessions and chart (read-only YAML with a jump back to the manifest line of every line), the
/// injected files, the export/import graph, the diff against a reference with security
/// relaxations flagged, and the project's one diagnostics list. Its settings panel edits the
/// session's settings store (unsaved until saved, undoable).
class PolicyPreviewArea : public WorkbenchArea
{
    Q_OBJECT
public:
    explicit PolicyPreviewArea(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~PolicyPreviewArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// The policies of the snapshot shown.
    const models::policy::PolicyPreview &preview() const { return m_snapshot->policies; }
    const engine::AnalysisSnapshot &snapshot() const { return *m_snapshot; }
    /// Number of snapshots shown so far (tests wait on it).
    int renderCount() const { return m_renderCount; }
    /// The analysis has changes it has not published yet.
    bool isRendering() const;
    /// Brings the analysis up to date now (instead of when its run ends).
    void renderNow();
    /// The text of the header line (sessions, namespace, the project's problem counts).
    QString headerText() const;

    /// The settings in effect (the session's settings store).
    const models::policy::DeploymentSettings &settings() const;
    /// Changes the settings in the store (unsaved until saveSettings(); undoable).
    Status setSettings(const models::policy::DeploymentSettings &settings);
    /// Writes the settings (and a proposed APP_NAMESPACE) to the project's settings file.
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
    /// Compare with CAS: reads every session the preview generates from the CAS of the direct
    /// upload (CAS_API_URL/CAS_URL, CAS_CA_FILE, the CAS identity from the deployment settings or
    /// the keychain) as a job of the session, then diffs each against what the CAS has (a
    /// session the CAS does not have diffs against nothing). False with @p error when it cannot
    /// start (a project with errors, no CAS address); the job's failure is reported by
    /// casCompareFinished().
    bool compareWithCas(QString *error = nullptr);
    bool isComparingWithCas() const { return !m_casFetch.isNull(); }

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
    /// The views show a new snapshot.
    void rendered();
    /// The user asked where a generated line comes from.
    void sourceRequested(const QString &file, int line);
    /// A Compare with CAS ended: @p error is empty on success.
    void casCompareFinished(const QString &error);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onSnapshot();
    void showSnapshot();
    void updateViews();
    void rebuildSessionList();
    void showCurrent();
    void updateDiff();
    void updateProblems();
    void updateSettingsPanel();
    void exportRender();
    void openReferenceFile();

    engine::AnalysisSnapshotPtr m_snapshot;
    QString m_shownProject;  ///< the project the selection and references belong to
    int m_renderCount = 0;
    bool m_viewsStale = false;  ///< a snapshot arrived while hidden; the views show an older one
    QString m_currentSession;
    QString m_currentChartFile;
    struct Reference {
        QString label;
        QString text;
    };
    QHash<QString, Reference> m_referenceOverrides;
    QPointer<engine::deploy::CasFetchJob> m_casFetch;  ///< the Compare with CAS in flight

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
