// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/workbencharea.h"
#include "deploy/deploychoice.h"
#include "deploy/deployconfig.h"
#include "jobs/runrecord.h"
#include "jobs/steprecord.h"

#include <QPointer>

#include <array>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace workbench::engine::jobs {
class Job;
class PipelineJob;
}  // namespace workbench::engine::jobs
namespace workbench::engine::deploy {
class DeployRun;
}

namespace workbench::ui {

class MessageBanner;

/// The Build & Deploy area: the pipeline doctor → build → upload → deploy of the open project
/// (engine::deploy::DeployRun, submitted to the session's job runner so the Jobs list sees it).
///
/// - Toolbar: the routes (build with sconectl or a native builder, upload through sconectl or
///   directly to the CAS), remembered per project in the deployment settings (BUILDER,
///   UPLOAD); Run all, Run step, Retry from here, Cancel; Credentials (the keychain).
/// - Pipeline page: one row per step with its status light, elapsed time and progress; under
///   Doctor the checklist with the fix for each miss, under Build one row per service (image
///   reference and digest once built), under Upload one per session (hash), under Deploy the
///   release's pods (phase, readiness, what keeps a pod from running). Beside it the selected
///   step's live log; a run that fails selects the step that failed.
/// - History page: the project's past runs (engine::jobs::JobHistory); selecting one shows its
///   steps with their timings and errors, and its log.
///
/// Further pages (the "Run locally" panel) go into pages() through addPage().
class BuildArea : public WorkbenchArea
{
    Q_OBJECT
public:
    explicit BuildArea(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~BuildArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// The area's pages ("Pipeline", "History", and what addPage() added).
    QTabWidget *pages() const { return m_pages; }
    /// Adds a page (e.g. the "Run locally" panel) after the existing ones; returns its index.
    int addPage(QWidget *page, const QString &title);

    engine::deploy::RouteChoice routeChoice() const;
    /// Shows @p choice in the route boxes and remembers it in the project's settings.
    void setRouteChoice(const engine::deploy::RouteChoice &choice);

    // The actions of the toolbar (false, with the reason in the banner, when refused).
    bool runAll();
    bool runStep(engine::deploy::DeployStep step);
    bool retryFrom(engine::deploy::DeployStep step);
    void cancel();
    bool isRunning() const;
    /// The job of the current or last run (a PipelineJob for Run all / Retry, a step job for
    /// Run step); null before the first run or once the runner dropped it.
    engine::jobs::Job *currentJob() const;
    engine::deploy::DeployRun *deployRun() const;

    void selectStep(engine::deploy::DeployStep step);
    std::optional<engine::deploy::DeployStep> selectedStep() const;
    /// What a step's row shows now.
    engine::jobs::StepState stepState(engine::deploy::DeployStep step) const;
    QString stepLogText(engine::deploy::DeployStep step) const;
    QString bannerText() const;

    QTreeWidget *stepsView() const { return m_steps; }
    QPlainTextEdit *logView() const { return m_log; }
    QTreeWidget *historyView() const { return m_runs; }
    QTreeWidget *historyStepsView() const { return m_runSteps; }
    QPlainTextEdit *historyLogView() const { return m_runLog; }

    /// Reads the history again (after a run it is re-read by itself).
    void reloadHistory();
    const QList<engine::jobs::RunRecord> &historyRuns() const { return m_history; }
    void selectHistoryRun(int row);

    /// Opens the credentials dialog (non-modal).
    void showCredentials();
    /// The generated Containerfile of the native build of service row @p index of the current
    /// run, written to @p path (the context menu's "Save Containerfile…" asks for the path).
    Status saveContainerfile(int index, const QString &path) const;

Q_SIGNALS:
    /// A run ended (its job finished and was recorded in the history).
    void runFinished(workbench::engine::jobs::JobState state);

private:
    struct StepRow {
        QTreeWidgetItem *item = nullptr;
        QProgressBar *progress = nullptr;
        engine::jobs::StepState state = engine::jobs::StepState::Pending;
        bool touched = false;  ///< part of the current or last run
        QDateTime startedAt;
        QDateTime finishedAt;
        QStringList log;  ///< the step's lines of the current run (capped)
    };

    void buildUi();
    bool start(std::optional<engine::deploy::DeployStep> from, bool single);
    void attachJob(engine::jobs::Job *job, std::optional<engine::deploy::DeployStep> single);
    void onOutput(qint64 first, qint64 count);
    void onPipelineStepChanged(int index);
    void onStepJobCreated(engine::deploy::DeployStep step, engine::jobs::Job *job);
    void onJobFinished();
    void setStepState(int index, engine::jobs::StepState state);
    void refreshStepRow(int index);
    void refreshElapsed();
    void refreshDoctor();
    void refreshServices();
    void showStepMenu(const QPoint &pos);
    void refreshSessions();
    void refreshPods();
    void refreshButtons();
    void showSelectedLog();
    void flushLog();
    void onRouteEdited();
    void applyRouteFromSettings();
    void showError(const QString &text);
    int selectedIndex() const;

    QTabWidget *m_pages = nullptr;
    MessageBanner *m_banner = nullptr;
    QComboBox *m_builder = nullptr;
    QComboBox *m_upload = nullptr;
    QPushButton *m_runAll = nullptr;
    QPushButton *m_runStep = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_credentials = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_steps = nullptr;
    QLabel *m_logTitle = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTreeWidget *m_runs = nullptr;
    QTreeWidget *m_runSteps = nullptr;
    QPlainTextEdit *m_runLog = nullptr;
    QTimer *m_ticker = nullptr;    ///< elapsed times while a run goes on
    QTimer *m_logFlush = nullptr;  ///< batches log lines into the view

    std::array<StepRow, 4> m_rows;
    /// The rows of the current or last run; a child of its job (the session's runner owns the
    /// job, so a pipeline never outlives the DeployRun whose factories make its steps).
    QPointer<engine::deploy::DeployRun> m_run;
    QPointer<engine::jobs::Job> m_job;
    QPointer<engine::jobs::PipelineJob> m_pipeline;
    std::optional<engine::deploy::DeployStep> m_singleStep;
    std::array<QPointer<engine::jobs::Job>, 4> m_stepJobs;
    QStringList m_pendingLog;  ///< lines of the shown step not yet in m_log
    int m_shownStep = -1;
    bool m_applyingRoute = false;
    QList<engine::jobs::RunRecord> m_history;
    QPointer<QWidget> m_credentialsDialog;
};

}  // namespace workbench::ui
