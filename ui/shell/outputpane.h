// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QTabWidget;
class QTreeView;
class QPlainTextEdit;
class QAbstractItemModel;
class QLineEdit;
class QToolButton;
class QModelIndex;

namespace workbench::engine::jobs {
class JobRunner;
}

namespace workbench::ui {

class JobsPane;

namespace detail {
class ProblemsProxy;
}

/// The bottom pane: "Problems" (diagnostics of the project, double-click jumps to them) and
/// "Output" (a time-stamped log of what the workbench did: one funnel for messages).
///
/// Problems: sorted with errors first (every column sorts on a header click), filtered by a
/// text box and by severity (the per-severity counts are toggle buttons), the full message as
/// tooltip and wrapped on demand. Locations read `file:line:column` with 1-based positions and
/// the file relative to the project. The selected problem and the scroll position survive a
/// re-check (the model is reset and refilled on every validation).
///
/// Jobs (after setJobRunner()): the session's jobs, see JobsPane.
///
/// Output: a line that starts with a location (`file:line:column: …`, the form project-wide
/// search results and many messages take) opens that place on double-click.
class OutputPane : public QWidget
{
    Q_OBJECT
public:
    explicit OutputPane(QWidget *parent = nullptr);

    /// Shows a diagnostics table (models::DiagnosticsModel columns and roles): file paths are
    /// shown relative to the project folder, severities with an icon. problemActivated() gives
    /// indexes of @p model itself.
    void setProblemsModel(QAbstractItemModel *model);
    void setProjectDir(const QString &dir);
    /// Adds the "Jobs" tab, a JobsPane over @p runner (once).
    void setJobRunner(engine::jobs::JobRunner *runner);
    JobsPane *jobsPane() const { return m_jobs; }
    QTreeView *problemsView() const { return m_problems; }
    QPlainTextEdit *outputView() const { return m_output; }
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *problemsFilter() const { return m_filter; }
    /// The toggle of one severity (int(models::Diagnostic::Severity)); its text is the count.
    QToolButton *severityButton(int severity) const;
    QToolButton *wrapButton() const { return m_wrap; }
    /// Index of the problems model behind a row of the view (tests, activation).
    QModelIndex sourceIndex(const QModelIndex &viewIndex) const;

    /// Parses a line of the Output view: `[HH:mm:ss  ]FILE:LINE:COLUMN: …` or `FILE:LINE: …`.
    /// Relative files are taken from the project folder. False when the line names no place.
    bool locationOfLine(const QString &line, QString *path, int *lineNumber, int *column) const;

public Q_SLOTS:
    void appendMessage(const QString &message);
    /// Appends lines as they are (no time stamp), e.g. search results under a message.
    void appendLines(const QStringList &lines);
    void showProblems();
    void showOutput();
    void showJobs();

Q_SIGNALS:
    /// A problem was activated (double-click / Enter); the index is of the problems model.
    void problemActivated(const QModelIndex &index);
    /// A line of the Output view naming a place was double-clicked (1-based line and column).
    void locationActivated(const QString &path, int line, int column);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCounts();
    void rememberSelection();
    void restoreSelection();

    QTabWidget *m_tabs = nullptr;
    QWidget *m_problemsPage = nullptr;
    QTreeView *m_problems = nullptr;
    QLineEdit *m_filter = nullptr;
    QToolButton *m_severity[3] = {nullptr, nullptr, nullptr};
    QToolButton *m_wrap = nullptr;
    QPlainTextEdit *m_output = nullptr;
    JobsPane *m_jobs = nullptr;
    detail::ProblemsProxy *m_problemsProxy = nullptr;
    QString m_projectDir;

    // What was selected and where the view was scrolled, across a model reset.
    struct Remembered {
        bool valid = false;
        QString file, code, message;
        int line = 0;
        int scroll = 0;
    } m_remembered;
};

}  // namespace workbench::ui
