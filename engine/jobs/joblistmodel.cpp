// SPDX-License-Identifier: Apache-2.0
#include "jobs/joblistmodel.h"

#include "jobs/jobrunner.h"

#include <QTimer>

#include <cmath>

namespace workbench::engine::jobs {

JobListModel::JobListModel(JobRunner *runner, QObject *parent)
    : QAbstractTableModel(parent)
    , m_runner(runner)
{
    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &JobListModel::tick);
    connect(runner, &JobRunner::jobAdded, this, &JobListModel::add);
    connect(runner, &JobRunner::jobRemoved, this, &JobListModel::remove);
    reload();
}

void JobListModel::setShowBackground(bool show)
{
    if (show == m_showBackground)
        return;
    m_showBackground = show;
    reload();
}

bool JobListModel::shows(const Job *job) const
{
    return m_showBackground || !job->isBackground();
}

void JobListModel::reload()
{
    beginResetModel();
    for (const QPointer<Job> &j : std::as_const(m_rows))
        if (j)
            disconnect(j, nullptr, this, nullptr);
    m_rows.clear();
    const QList<Job *> all = m_runner->jobs();
    for (Job *j : all) {
        if (!shows(j))
            continue;
        m_rows.append(j);
        connect(j, &Job::stateChanged, this, [this, j] { rowChanged(j); });
        connect(j, &Job::progressChanged, this, [this, j] { rowChanged(j); });
    }
    endResetModel();
    tick();
}

void JobListModel::add(Job *job)
{
    if (!shows(job))
        return;  // the cheap path of every keystroke's analysis job while background work is hidden
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(job);
    endInsertRows();
    connect(job, &Job::stateChanged, this, [this, job] { rowChanged(job); });
    connect(job, &Job::progressChanged, this, [this, job] { rowChanged(job); });
    if (!m_ticker->isActive())
        m_ticker->start();
}

void JobListModel::remove(Job *job)
{
    const int row = int(m_rows.indexOf(job));
    if (row < 0)
        return;
    disconnect(job, nullptr, this, nullptr);
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void JobListModel::rowChanged(Job *job)
{
    const int row = int(m_rows.indexOf(job));
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    if (job->state() == JobState::Running && !m_ticker->isActive())
        m_ticker->start();
}

void JobListModel::tick()
{
    bool running = false;
    for (int row = 0; row < m_rows.size(); ++row) {
        const Job *j = m_rows.at(row);
        if (j && j->state() == JobState::Running) {
            running = true;
            Q_EMIT dataChanged(index(row, ElapsedColumn), index(row, ElapsedColumn));
        }
    }
    if (!running)
        m_ticker->stop();
    else if (!m_ticker->isActive())
        m_ticker->start();
}

Job *JobListModel::job(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).data() : nullptr;
}

Job *JobListModel::job(const QModelIndex &index) const
{
    return index.isValid() ? job(index.row()) : nullptr;
}

QModelIndex JobListModel::indexOf(const Job *job, int column) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).data() == job)
            return index(row, column);
    return {};
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobListModel::stateText(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("Queued");
    case JobState::Running:
        return QStringLiteral("Running");
    case JobState::Succeeded:
        return QStringLiteral("Succeeded");
    case JobState::Failed:
        return QStringLiteral("Failed");
    case JobState::Cancelled:
        return QStringLiteral("Cancelled");
    }
    return {};
}

QString JobListModel::elapsedText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString JobListModel::progressText(const JobProgress &progress)
{
    if (progress.isIndeterminate())
        return progress.step;
    const QString percent = QStringLiteral("%1 %").arg(int(std::lround(std::clamp(progress.fraction, 0.0, 1.0) * 100)));
    return progress.step.isEmpty() ? percent : percent + QStringLiteral(" — ") + progress.step;
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    const Job *j = job(index);
    if (!j)
        return {};
    switch (role) {
    case JobIdRole:
        return QVariant::fromValue(j->id());
    case StateRole:
        return int(j->state());
    case FractionRole:
        return j->state() == JobState::Succeeded ? 1.0 : j->progress().fraction;
    case StepRole:
        return j->progress().step;
    case CancellableRole:
        return !j->isFinished();
    case BackgroundRole:
        return j->isBackground();
    case ElapsedMsRole:
        return j->elapsedMs();
    default:
        break;
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TitleColumn:
            return j->title();
        case StateColumn:
            return stateText(j->state());
        case ElapsedColumn:
            return j->state() == JobState::Queued ? QString() : elapsedText(j->elapsedMs());
        case ProgressColumn:
            if (j->isFinished())
                return j->error() && !j->error()->isCancelled() ? j->error()->message : QString();
            return progressText(j->progress());
        case CancelColumn:
            return j->isFinished() ? QString() : QStringLiteral("Cancel");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (j->error())
            return j->error()->toString();
        if (index.column() == CancelColumn && !j->isFinished())
            return QStringLiteral("Cancel this job");
        return j->title();
    }
    return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return QStringLiteral("Job");
    case StateColumn:
        return QStringLiteral("State");
    case ElapsedColumn:
        return QStringLiteral("Elapsed");
    case ProgressColumn:
        return QStringLiteral("Progress");
    case CancelColumn:
        return QString();
    default:
        return {};
    }
}

}  // namespace workbench::engine::jobs
