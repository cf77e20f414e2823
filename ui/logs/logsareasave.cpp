// SPDX-License-Identifier: Apache-2.0
// The Logs area's save and clear: all lines or the shown ones written by a job
// (models::logs::LogExporter into a QSaveFile on a worker), and forgetting the lines received so far.
#include "jobs/concurrentjob.h"
#include "logs/logexporter.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"

#include <QFileDialog>
#include <QLineEdit>

namespace workbench::ui {

using models::logs::FilterResult;
using models::logs::LogSnapshot;

void LogsArea::saveInteractive()
{
    if (!m_store)
        return;
    QString suggested =
        m_release->text().isEmpty() ? QStringLiteral("logs.txt") : m_release->text() + QStringLiteral(".log");
    if (!m_projectDir.isEmpty())
        suggested = m_projectDir + QLatin1Char('/') + suggested;
    QString selectedFilter;
    const QString all = tr("All lines (*.log *.txt)");
    const QString shown = tr("Shown lines (*.log *.txt)");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Log"), suggested, m_filterResult ? shown + QStringLiteral(";;") + all : all, &selectedFilter);
    if (path.isEmpty())
        return;
    saveTo(path, selectedFilter == shown);
}

void LogsArea::saveTo(const QString &path, bool shownLinesOnly)
{
    if (!m_store) {
        Q_EMIT saveFinished(makeError(QStringLiteral("logs.write"), tr("There are no log lines to save.")));
        return;
    }
    models::logs::LogExporter::Options o;
    o.prefixes = m_view->showPrefixes();
    o.timestamps = m_view->showTimestamps();
    auto exporter = std::make_shared<const models::logs::LogExporter>(m_store->sources(), o);
    const LogSnapshot snapshot = m_store->snapshot();
    std::shared_ptr<const FilterResult> lines;
    if (shownLinesOnly && m_filterResult) {
        lines = m_filterResult;  // unchanged until the job ends (applyPendingIncrements())
        ++m_saveBorrows;
    }
    auto *job = new engine::jobs::ConcurrentJob<bool>(
        tr("Save log"),
        [exporter, snapshot, lines, path](const engine::jobs::JobContext &) -> Result<bool> {
            if (Status st = exporter->writeFile(path, snapshot, lines.get()); !st)
                return st.error();
            return true;
        },
        this);
    m_saveJob = job;
    connect(job, &engine::jobs::Job::finished, this, [this, job, borrows = bool(lines)] {
        job->deleteLater();
        if (borrows)
            --m_saveBorrows;
        applyPendingIncrements();
        if (job->state() == engine::jobs::JobState::Succeeded)
            Q_EMIT saveFinished(Ok{});
        else if (job->error())
            Q_EMIT saveFinished(*job->error());
    });
    job->start();
}

void LogsArea::clearLines()
{
    if (!m_store)
        return;
    m_store->clear();
    m_view->linesAppended();
    if (!m_spec.isEmpty()) {
        m_filterDirty = true;
        filterChanged();
    }
    updateStatus();
}

}  // namespace workbench::ui
