// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "common/workbencharea.h"
#include "core/result.h"
#include "jobs/job.h"
#include "logs/filterresult.h"
#include "logs/lineattributes.h"
#include "logs/linetypes.h"
#include "logs/logfilterspec.h"
#include "logs/manifestlink.h"

#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace workbench::models::logs {
class LogStore;
}
namespace workbench::engine::net {
class HttpClient;
}
namespace workbench::engine::kube {
class KubeClient;
class ReleaseLogs;
struct ReleaseLogStreamInfo;
}  // namespace workbench::engine::kube

namespace workbench::ui {

class LogView;

/// The Logs area: the live logs of the release's pods, every pod and container merged into
/// one view (engine::kube::ReleaseLogs into a models::logs::LogStore, shown by LogView).
///
/// - Connection bar: kubeconfig, context, namespace, release (from the project's deployment
///   settings until the user changes them), an extra label selector, one container or all.
/// - Pods list: each pod with its kubectl status and SCONE status, each container stream with
///   its state (live, reconnecting, ended), reconnects and lines, in the colour of its lines;
///   unchecking a stream hides its lines; "Previous Log" appends a restarted container's
///   previous instance.
/// - Filter (include, exclude, regex, minimum level, SCONE events only) computed by
///   engine::logs::LogFilterJob on a worker and extended incrementally as lines arrive; search
///   next / previous by LogSearchJob; save (all or the shown lines) as a job; copy.
/// - Problems reaching the cluster are shown in a banner with the API server's message.
///
/// Nothing on the UI thread grows with the log's size: per batch of lines the area only marks
/// the view and the filter as out of date; filtering, searching and saving run as jobs.
class LogsArea : public WorkbenchArea
{
    Q_OBJECT
public:
    struct Connection {
        QString kubeconfig;  ///< empty: KUBECONFIG's files merged, else ~/.kube/config
        QString context;     ///< empty: the kubeconfig's current context
        QString namespaceName;
        QString release;
        QString selector;   ///< extra label selector (narrows the release's pods)
        QString container;  ///< empty: all containers
    };

    explicit LogsArea(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~LogsArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    Connection connection() const;
    void setConnection(const Connection &connection);
    /// Connects with the connection bar's values (stops what is followed first). The outcome
    /// shows in the banner and the pods list; connectedChanged() follows.
    void connectToCluster();
    void disconnectFromCluster();
    bool isConnected() const;

    LogView *view() const { return m_view; }
    QTreeWidget *podsTree() const { return m_pods; }
    models::logs::LogStore *store() const { return m_store.get(); }
    engine::kube::ReleaseLogs *releaseLogs() const { return m_logs; }
    /// The banner's text (empty when hidden): connection errors, watch problems, warnings.
    QString bannerText() const;
    QString statusText() const;

    // Filter and search, as the toolbar sets them.
    void setFilterText(const QString &include, const QString &exclude = {}, bool regex = false);
    void setMinimumLevel(models::logs::LogLevel level);
    void setSconeEventsOnly(bool only);
    /// Shows or hides a stream's lines (its check box in the pods list).
    void setSourceShown(models::logs::SourceId source, bool shown);
    models::logs::LogFilterSpec filterSpec() const { return m_spec; }
    /// The filter's result as the view shows it (nullptr: no filter or not computed yet).
    std::shared_ptr<const models::logs::FilterResult> filterResult() const { return m_filterResult; }
    /// No filter job is running or pending: the result covers every line of the store.
    bool isFilterCurrent() const;

    Status setSearchText(const QString &text, bool regex = false);
    /// Searches next / previous as a job; searchFinished() tells the outcome.
    void findNext();
    void findPrevious();
    bool isSearching() const { return m_searchJob != nullptr; }

    /// Saves all lines or the shown ones to @p path as a job; saveFinished() follows.
    void saveTo(const QString &path, bool shownLinesOnly);
    /// Asks for the previous instance's log of the stream's container.
    Status showPreviousLog(models::logs::SourceId source);
    /// Forgets the lines received so far (streams go on).
    void clearLines();

    /// Where the project defines the session or secret that the SCONE failure on @p line names
    /// (engine::logs::manifestLinkFor() on the session's analysis); nullopt when it names none.
    std::optional<engine::logs::ManifestLink> manifestLinkAt(models::logs::LineNumber line) const;
    /// Asks the shell to open that manifest at its line (openLocationRequested()); false when
    /// the line links to nothing. A double click on the line or its context menu does the same.
    bool openManifestLink(models::logs::LineNumber line);
    /// The Local run's row in the pods list (its services below it); null before a local run.
    QTreeWidgetItem *localRunItem() const;

Q_SIGNALS:
    void connectedChanged(bool connected);
    void filterUpdated();
    /// @p found: the current match moved; @p wrapped: it went around an end.
    void searchFinished(bool found, bool wrapped);
    void saveFinished(const workbench::Status &status);

private:
    // The area's parts, one source file each: logsarea.cpp (construction, banner, status),
    // logsareaconnection.cpp, logsareapods.cpp, logsareatoolbar.cpp, logsareafilter.cpp,
    // logsareasave.cpp, logsarealocal.cpp.
    void buildUi();
    void buildConnectionBar(QVBoxLayout *layout);  // logsareaconnection.cpp
    void buildPodList(QSplitter *splitter);        // logsareapods.cpp
    void buildLogSide(QSplitter *splitter);        // logsareatoolbar.cpp: toolbar, view, status
    void setBanner(const QString &text, bool error);
    void applySettings(bool force);
    void onLinesAppended();
    void onStreamChanged(const engine::kube::ReleaseLogStreamInfo &info);
    void refreshPods();
    QTreeWidgetItem *podItem(const QString &pod);
    QTreeWidgetItem *sourceItem(models::logs::SourceId source) const;
    void filterChanged();
    void startFilterJob(bool full);
    void filterTick();
    void applyPendingIncrements();
    models::logs::LineNumber filterEvaluatedTo() const;
    void runSearch(bool forward, bool wrapping);
    void updateStatus();
    void updateActions();
    void saveInteractive();
    void previousForSelection();
    // The session's local run (logsarealocal.cpp): its lines go into the store as Local sources.
    void connectLocalRun();
    void attachLocalRun();
    void detachLocalRun();
    void ensureStore();
    void refreshLocalRun();
    /// "SCONE: api: attested · db (local): failing": the pods' and the local services' summary.
    void updateSconeSummary();

    // Connection bar
    QLineEdit *m_kubeconfig = nullptr;
    QComboBox *m_context = nullptr;
    QLineEdit *m_namespace = nullptr;
    QLineEdit *m_release = nullptr;
    QLineEdit *m_selector = nullptr;
    QLineEdit *m_container = nullptr;
    QComboBox *m_from = nullptr;
    QPushButton *m_connect = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_sconeSummary = nullptr;
    // Pods
    QTreeWidget *m_pods = nullptr;
    QPushButton *m_previous = nullptr;
    // Toolbar
    QLineEdit *m_include = nullptr;
    QLineEdit *m_exclude = nullptr;
    QCheckBox *m_filterRegex = nullptr;
    QComboBox *m_level = nullptr;
    QCheckBox *m_sconeOnly = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_searchRegex = nullptr;
    QToolButton *m_follow = nullptr;
    QToolButton *m_wrap = nullptr;
    QToolButton *m_timestamps = nullptr;
    QLabel *m_status = nullptr;
    LogView *m_view = nullptr;

    // Engine
    std::unique_ptr<engine::kube::KubeClient> m_client;
    std::unique_ptr<models::logs::LogStore> m_store;
    engine::kube::ReleaseLogs *m_logs = nullptr;
    bool m_connected = false;
    bool m_userEditedConnection = false;
    bool m_applyingSettings = false;

    // Filter
    models::logs::LogFilterSpec m_spec;
    std::shared_ptr<models::logs::FilterResult> m_filterResult;
    QPointer<engine::jobs::Job> m_filterJob;
    bool m_filterJobFull = false;
    // Increments computed while a search or save job reads the result, applied after it.
    std::vector<models::logs::FilterResult> m_pendingIncrements;
    int m_saveBorrows = 0;
    bool m_filterDirty = false;   // the spec changed: a full run is due
    bool m_linesPending = false;  // lines arrived since the last incremental run started
    quint64 m_filterGeneration = 0;
    QTimer m_filterTimer;
    QTimer m_podsTimer;
    QTimer m_localRunTimer;  ///< coalesces a local run's line batches into one list refresh

    // Search
    QPointer<engine::jobs::Job> m_searchJob;
    quint64 m_searchGeneration = 0;

    QPointer<engine::jobs::Job> m_saveJob;
};

}  // namespace workbench::ui
