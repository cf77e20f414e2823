// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QPlainTextEdit;
class QTimer;
class QToolButton;
class QTreeView;

namespace workbench::engine::jobs {
class Job;
class JobListModel;
class JobRunner;
}  // namespace workbench::engine::jobs

namespace workbench::ui {

/// The Jobs list of the Problems/Output pane: every job of the session's runner (what the
/// Build & Deploy area, the Logs area and the session itself submit) with its title, state,
/// elapsed time, progress (a bar, or the current step when indeterminate) and a Cancel button,
/// and below it the selected job's log (timestamped lines tagged out/err/info, followed live).
/// Background work (analysis runs, autosave rounds) is listed only with "Show background work".
class JobsPane : public QWidget
{
    Q_OBJECT
public:
    explicit JobsPane(engine::jobs::JobRunner *runner, QWidget *parent = nullptr);

    engine::jobs::JobListModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *logView() const { return m_log; }
    QCheckBox *showBackgroundBox() const { return m_showBackground; }
    QToolButton *cancelButton() const { return m_cancel; }
    QToolButton *cancelAllButton() const { return m_cancelAll; }

    engine::jobs::Job *selectedJob() const;
    /// Selects @p job's row (and shows its log); false when it is not listed.
    bool selectJob(const engine::jobs::Job *job);
    /// Cancels the job of @p row (the Cancel column's button does it).
    void cancelRow(int row);

    /// One line of a job's log as the pane shows it: "HH:mm:ss.zzz out|err|info  text".
    static QString formatLine(qint64 timestampMs, int channel, const QString &text);

private:
    void showLogOf(engine::jobs::Job *job);
    void appendPendingLog();
    void updateButtons();

    engine::jobs::JobRunner *m_runner;
    engine::jobs::JobListModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QCheckBox *m_showBackground = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_cancelAll = nullptr;
    QPointer<engine::jobs::Job> m_logJob;  ///< whose log is shown
    qint64 m_logShownEnd = 0;              ///< lines before it are in m_log
    QTimer *m_logTimer = nullptr;          ///< coalesces appends (a child may print 2M lines/s)
};

/// The status bar's job indicator: a busy bar and "N jobs running" while foreground jobs of the
/// runner are queued or running ("No jobs" otherwise); a click opens the Jobs list.
class JobIndicator : public QWidget
{
    Q_OBJECT
public:
    explicit JobIndicator(engine::jobs::JobRunner *runner, QWidget *parent = nullptr);
    int count() const { return m_count; }
    QToolButton *button() const { return m_button; }
    QWidget *spinner() const { return m_spinner; }

Q_SIGNALS:
    void clicked();

private:
    void update(int count);
    int m_count = -1;
    QToolButton *m_button = nullptr;
    QWidget *m_spinner = nullptr;
};

}  // namespace workbench::ui
