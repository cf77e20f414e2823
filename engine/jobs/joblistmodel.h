// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "jobs/job.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

class QTimer;

namespace workbench::engine::jobs {

class JobRunner;

/// A table of a JobRunner's jobs for a Jobs list (no widgets: views decorate it). One row per
/// job in submission order, as long as the runner holds it; background jobs (analysis runs,
/// autosave rounds: Job::isBackground()) only with setShowBackground(true), so typing does not
/// flood the list. Rows follow their job's state and progress; the elapsed time of running jobs
/// is refreshed every second. Lives on the runner's thread.
class JobListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TitleColumn, StateColumn, ElapsedColumn, ProgressColumn, CancelColumn, ColumnCount };
    enum Role {
        JobIdRole = Qt::UserRole + 1,  ///< quint64 Job::id()
        StateRole,                     ///< int(JobState)
        FractionRole,                  ///< double: progress in [0, 1], < 0 indeterminate
        StepRole,                      ///< QString: the current step
        CancellableRole,               ///< bool: queued or running
        BackgroundRole,                ///< bool: Job::isBackground()
        ElapsedMsRole,                 ///< qint64
    };

    explicit JobListModel(JobRunner *runner, QObject *parent = nullptr);

    JobRunner *runner() const { return m_runner; }
    void setShowBackground(bool show);
    bool showsBackground() const { return m_showBackground; }

    /// The job of a row (null when gone or out of range).
    Job *job(const QModelIndex &index) const;
    Job *job(int row) const;
    QModelIndex indexOf(const Job *job, int column = TitleColumn) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "Queued", "Running", "Succeeded", "Failed", "Cancelled".
    static QString stateText(JobState state);
    /// "0:07", "12:03", "1:02:03".
    static QString elapsedText(qint64 ms);
    /// "42 % — Pushing layer 3/7", "Pushing layer 3/7" (indeterminate), "" when none.
    static QString progressText(const JobProgress &progress);

private:
    bool shows(const Job *job) const;
    void add(Job *job);
    void remove(Job *job);
    void rowChanged(Job *job);
    void tick();
    void reload();

    JobRunner *m_runner;
    QList<QPointer<Job>> m_rows;
    bool m_showBackground = false;
    QTimer *m_ticker = nullptr;
};

}  // namespace workbench::engine::jobs
