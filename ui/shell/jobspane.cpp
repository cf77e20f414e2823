// SPDX-License-Identifier: Apache-2.0
#include "shell/jobspane.h"

#include "jobs/joblistmodel.h"
#include "jobs/jobrunner.h"

#include <QApplication>
#include <QCheckBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMouseEvent>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::jobs::Job;
using engine::jobs::JobListModel;
using engine::jobs::JobRunner;

namespace {

/// Draws the progress column as a bar (with the step as its text), an indeterminate job's step
/// as text, and the Cancel column as a button that cancels on click.
class JobsDelegate : public QStyledItemDelegate
{
public:
    JobsDelegate(JobsPane *pane)
        : QStyledItemDelegate(pane)
        , m_pane(pane)
    {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        if (index.column() == JobListModel::ProgressColumn && index.data(JobListModel::CancellableRole).toBool() &&
            index.data(JobListModel::FractionRole).toDouble() >= 0.0) {
            QStyleOptionProgressBar bar;
            bar.rect = option.rect.adjusted(1, 2, -1, -2);
            bar.minimum = 0;
            bar.maximum = 1000;
            bar.progress = int(index.data(JobListModel::FractionRole).toDouble() * 1000);
            bar.text = index.data(Qt::DisplayRole).toString();
            bar.textVisible = true;
            bar.state = option.state | QStyle::State_Horizontal;
            QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
            return;
        }
        if (index.column() == JobListModel::CancelColumn) {
            if (!index.data(JobListModel::CancellableRole).toBool())
                return;
            QStyleOptionButton button;
            button.rect = option.rect.adjusted(1, 1, -1, -1);
            button.text = index.data(Qt::DisplayRole).toString();
            button.state = QStyle::State_Enabled | QStyle::State_Raised;
            QApplication::style()->drawControl(QStyle::CE_PushButton, &button, painter);
            return;
        }
        QStyledItemDelegate::paint(painter, option, index);
    }

    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override
    {
        if (index.column() == JobListModel::CancelColumn && event->type() == QEvent::MouseButtonRelease &&
            index.data(JobListModel::CancellableRole).toBool()) {
            auto *me = static_cast<QMouseEvent *>(event);
            if (me->button() == Qt::LeftButton && option.rect.contains(me->position().toPoint())) {
                m_pane->cancelRow(index.row());
                return true;
            }
        }
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    }

private:
    JobsPane *m_pane;
};

QString channelTag(int channel)
{
    switch (channel) {
    case int(engine::jobs::LogChannel::Stdout):
        return QStringLiteral("out ");
    case int(engine::jobs::LogChannel::Stderr):
        return QStringLiteral("err ");
    default:
        return QStringLiteral("info");
    }
}

constexpr int kLogLinesShown = 5000;

}  // namespace

JobsPane::JobsPane(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
    , m_runner(runner)
{
    m_model = new JobListModel(runner, this);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelJob"));
    m_cancel->setText(QStringLiteral("Cancel"));
    m_cancel->setToolTip(QStringLiteral("Cancel the selected job"));
    m_cancelAll = new QToolButton(this);
    m_cancelAll->setObjectName(QStringLiteral("cancelAllJobs"));
    m_cancelAll->setText(QStringLiteral("Cancel all"));
    m_cancelAll->setToolTip(QStringLiteral("Cancel every queued and running job (background work goes on)"));
    m_showBackground = new QCheckBox(QStringLiteral("Show background work"), this);
    m_showBackground->setObjectName(QStringLiteral("showBackgroundJobs"));
    m_showBackground->setToolTip(
        QStringLiteral("Also list the workbench's own short jobs: analysis runs, certificate previews, autosave"));
    bar->addWidget(m_cancel);
    bar->addWidget(m_cancelAll);
    bar->addStretch(1);
    bar->addWidget(m_showBackground);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_view = new QTreeView(split);
    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new JobsDelegate(this));
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(JobListModel::TitleColumn, QHeaderView::Stretch);
    m_view->header()->resizeSection(JobListModel::StateColumn, 80);
    m_view->header()->resizeSection(JobListModel::ElapsedColumn, 60);
    m_view->header()->resizeSection(JobListModel::ProgressColumn, 200);
    m_view->header()->resizeSection(JobListModel::CancelColumn, 64);
    m_log = new QPlainTextEdit(split);
    m_log->setObjectName(QStringLiteral("jobLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMaximumBlockCount(kLogLinesShown);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(QStringLiteral("Select a job to see its log."));
    split->addWidget(m_view);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_logTimer = new QTimer(this);
    m_logTimer->setSingleShot(true);
    m_logTimer->setInterval(100);
    connect(m_logTimer, &QTimer::timeout, this, &JobsPane::appendPendingLog);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                showLogOf(m_model->job(current));
                updateButtons();
            });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsPane::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (!selectJob(m_logJob))
            showLogOf(nullptr);
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &JobsPane::updateButtons);
    connect(m_showBackground, &QCheckBox::toggled, m_model, &JobListModel::setShowBackground);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (Job *job = selectedJob())
            job->cancel();
    });
    connect(m_cancelAll, &QToolButton::clicked, m_runner, &JobRunner::cancelForeground);
    connect(m_runner, &JobRunner::foregroundActiveCountChanged, this, &JobsPane::updateButtons);
    updateButtons();
}

Job *JobsPane::selectedJob() const
{
    return m_model->job(m_view->currentIndex());
}

bool JobsPane::selectJob(const Job *job)
{
    const QModelIndex index = job ? m_model->indexOf(job) : QModelIndex();
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

void JobsPane::cancelRow(int row)
{
    if (Job *job = m_model->job(row))
        job->cancel();
}

QString JobsPane::formatLine(qint64 timestampMs, int channel, const QString &text)
{
    return QDateTime::fromMSecsSinceEpoch(timestampMs).toString(QStringLiteral("HH:mm:ss.zzz")) + QLatin1Char(' ') +
           channelTag(channel) + QStringLiteral("  ") + text;
}

void JobsPane::showLogOf(Job *job)
{
    if (job == m_logJob && job)
        return;
    if (m_logJob)
        disconnect(m_logJob, &Job::outputAppended, this, nullptr);
    m_logJob = job;
    m_log->clear();
    m_logShownEnd = 0;
    if (!job)
        return;
    // Only the newest lines: the view keeps kLogLinesShown anyway.
    m_logShownEnd = std::max(job->log().firstLine(), job->log().endLine() - kLogLinesShown);
    appendPendingLog();
    connect(job, &Job::outputAppended, this, [this] {
        if (!m_logTimer->isActive())
            m_logTimer->start();
    });
}

void JobsPane::appendPendingLog()
{
    if (!m_logJob)
        return;
    const engine::jobs::JobLog &log = m_logJob->log();
    qint64 first = std::max(m_logShownEnd, log.firstLine());
    first = std::max(first, log.endLine() - kLogLinesShown);
    QStringList lines;
    for (qint64 n = first; n < log.endLine(); ++n)
        if (const std::optional<engine::jobs::LogLine> line = log.line(n))
            lines << formatLine(line->timestampMs, int(line->channel), line->text);
    m_logShownEnd = log.endLine();
    if (!lines.isEmpty())
        m_log->appendPlainText(lines.join(QLatin1Char('\n')));
}

void JobsPane::updateButtons()
{
    const Job *job = selectedJob();
    m_cancel->setEnabled(job && !job->isFinished());
    m_cancelAll->setEnabled(m_runner->foregroundActiveCount() > 0);
}

// --- JobIndicator ------------------------------------------------------------------------------

JobIndicator::JobIndicator(JobRunner *runner, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("jobIndicator"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *spinner = new QProgressBar(this);
    spinner->setObjectName(QStringLiteral("jobSpinner"));
    spinner->setRange(0, 0);  // busy
    spinner->setTextVisible(false);
    spinner->setFixedSize(48, 10);
    m_spinner = spinner;
    m_button = new QToolButton(this);
    m_button->setObjectName(QStringLiteral("jobIndicatorButton"));
    m_button->setAutoRaise(true);
    m_button->setToolTip(QStringLiteral("Open the Jobs list"));
    layout->addWidget(m_spinner);
    layout->addWidget(m_button);
    connect(m_button, &QToolButton::clicked, this, &JobIndicator::clicked);
    connect(runner, &JobRunner::foregroundActiveCountChanged, this, &JobIndicator::update);
    update(runner->foregroundActiveCount());
}

void JobIndicator::update(int count)
{
    if (count == m_count)
        return;
    m_count = count;
    m_spinner->setVisible(count > 0);
    m_button->setText(count == 0   ? QStringLiteral("No jobs")
                      : count == 1 ? QStringLiteral("1 job running")
                                   : QStringLiteral("%1 jobs running").arg(count));
}

}  // namespace workbench::ui
