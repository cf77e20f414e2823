// SPDX-License-Identifier: Apache-2.0
// The Logs area's filter and search: the filter (include, exclude, regex, minimum level, SCONE
// events, shown streams) runs as an engine::logs::LogFilterJob on a worker, in full when it changes
// and then incrementally on the lines that arrived (filterTick()); search next / previous runs as a
// LogSearchJob within the filter's result. Increments that arrive while a search or save job reads
// the result wait until it is done (applyPendingIncrements()).
#include "logs/logjobs.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>

#include <algorithm>

namespace workbench::ui {

using models::logs::FilterResult;
using models::logs::LineNumber;
using models::logs::LogLevel;
using models::logs::LogSnapshot;

// ---- filter -------------------------------------------------------------------------------

void LogsArea::setFilterText(const QString &include, const QString &exclude, bool regex)
{
    const QSignalBlocker a(m_include), b(m_exclude), c(m_filterRegex);
    m_include->setText(include);
    m_exclude->setText(exclude);
    m_filterRegex->setChecked(regex);
    filterChanged();
}

void LogsArea::setMinimumLevel(LogLevel level)
{
    const int index = m_level->findData(int(level));
    if (index >= 0)
        m_level->setCurrentIndex(index);  // filterChanged() through the signal
}

void LogsArea::setSconeEventsOnly(bool only)
{
    m_sconeOnly->setChecked(only);
}

void LogsArea::filterChanged()
{
    models::logs::LogFilterSpec spec;
    const bool regex = m_filterRegex->isChecked();
    if (!m_include->text().isEmpty())
        spec.include.append({m_include->text(), regex, false});
    if (!m_exclude->text().isEmpty())
        spec.exclude.append({m_exclude->text(), regex, false});
    spec.minimumLevel = LogLevel(m_level->currentData().toInt());
    spec.sconeEventsOnly = m_sconeOnly->isChecked();
    spec.sources = m_spec.sources;
    m_spec = spec;
    m_include->setStyleSheet(QString());
    m_exclude->setStyleSheet(QString());
    ++m_filterGeneration;
    delete m_filterJob.data();
    m_pendingIncrements.clear();
    if (m_spec.isEmpty()) {
        m_filterResult.reset();
        m_view->clearFilterResult();
        m_filterDirty = false;
        updateStatus();
        Q_EMIT filterUpdated();
        return;
    }
    m_filterDirty = true;
    startFilterJob(true);
}

bool LogsArea::isFilterCurrent() const
{
    if (m_spec.isEmpty())
        return true;
    if (m_filterJob || m_filterDirty || !m_filterResult || !m_store || !m_pendingIncrements.empty())
        return false;
    return m_filterResult->evaluatedTo() >= m_store->endLine();
}

void LogsArea::filterTick()
{
    if (!m_linesPending && !m_filterDirty) {
        m_filterTimer.stop();
        return;
    }
    updateStatus();
    if (m_spec.isEmpty() || m_filterJob) {
        if (m_spec.isEmpty())
            m_linesPending = false;
        return;  // a running job is followed by another when it ends
    }
    startFilterJob(m_filterDirty);
}

void LogsArea::startFilterJob(bool full)
{
    if (!m_store)
        return;
    auto filter = engine::logs::LogFilter::compile(m_spec);
    if (!filter) {
        const QString message = filter.error().message;
        for (QLineEdit *e : {m_include, m_exclude}) {
            e->setStyleSheet(QStringLiteral("QLineEdit { color: #c62828; }"));
            e->setToolTip(message);
        }
        m_filterDirty = false;
        setBanner(tr("Filter: %1").arg(message), true);
        return;
    }
    for (QLineEdit *e : {m_include, m_exclude})
        e->setToolTip(QString());
    const LogSnapshot snapshot = m_store->snapshot();
    LineNumber from = snapshot.firstLine();
    if (!full && m_filterResult)
        from = std::max(filterEvaluatedTo(), snapshot.firstLine());
    if (!full && from >= snapshot.endLine()) {
        m_linesPending = false;
        return;
    }
    m_linesPending = false;
    m_filterDirty = false;
    m_filterJobFull = full;
    auto *job = new engine::logs::LogFilterJob(std::move(filter).value(), snapshot, from, snapshot.endLine(), this);
    m_filterJob = job;
    const quint64 generation = m_filterGeneration;
    connect(job, &engine::jobs::Job::finished, this, [this, job, generation, full] {
        job->deleteLater();
        if (m_filterJob == job)
            m_filterJob = nullptr;
        if (generation != m_filterGeneration || job->state() != engine::jobs::JobState::Succeeded)
            return;
        std::optional<FilterResult> value = job->takeValue();
        if (!value)
            return;
        if (full || !m_filterResult) {
            // A new object: a job that still reads the previous one keeps it unchanged.
            m_pendingIncrements.clear();
            m_filterResult = std::make_shared<FilterResult>(std::move(*value));
            m_view->setFilterResult(m_filterResult);
        } else {
            m_pendingIncrements.push_back(std::move(*value));
            applyPendingIncrements();
        }
        updateStatus();
        Q_EMIT filterUpdated();
        if ((m_linesPending || m_filterDirty) && !m_filterTimer.isActive())
            m_filterTimer.start();
    });
    updateStatus();
    job->start();
}

void LogsArea::applyPendingIncrements()
{
    // A search or save job reads the result on a worker: it is not changed under its feet (no
    // copy either, which would grow with the log); the increments wait until the job is done.
    if (!m_filterResult || m_searchJob || m_saveBorrows > 0 || m_pendingIncrements.empty())
        return;
    bool appended = false;
    for (const FilterResult &increment : m_pendingIncrements) {
        if (m_filterResult->append(increment)) {
            appended = true;
        } else {
            m_filterDirty = true;  // the store was cleared in between: start over
            if (!m_filterTimer.isActive())
                m_filterTimer.start();
            break;
        }
    }
    m_pendingIncrements.clear();
    if (m_store && m_store->firstLine() > m_filterResult->evaluatedFrom())
        m_filterResult->dropBefore(m_store->firstLine());
    if (appended)
        m_view->linesAppended();
}

LineNumber LogsArea::filterEvaluatedTo() const
{
    if (!m_pendingIncrements.empty())
        return m_pendingIncrements.back().evaluatedTo();
    return m_filterResult ? m_filterResult->evaluatedTo() : LineNumber();
}

// ---- search -------------------------------------------------------------------------------

Status LogsArea::setSearchText(const QString &text, bool regex)
{
    {
        const QSignalBlocker a(m_search), b(m_searchRegex);
        m_search->setText(text);
        m_searchRegex->setChecked(regex);
    }
    ++m_searchGeneration;
    delete m_searchJob.data();
    applyPendingIncrements();
    if (text.isEmpty()) {
        m_view->clearSearch();
        return Ok{};
    }
    return m_view->setSearch(models::logs::MatchPattern{text, regex, false});
}

void LogsArea::findNext()
{
    runSearch(true, false);
}

void LogsArea::findPrevious()
{
    runSearch(false, false);
}

void LogsArea::runSearch(bool forward, bool wrapping)
{
    if (!m_store || !m_view->searchMatcher())
        return;
    delete m_searchJob.data();
    const LogSnapshot snapshot = m_store->snapshot();
    const LineNumber from =
        wrapping ? (forward ? snapshot.firstLine() : snapshot.endLine()) : m_view->searchStart(forward);
    // Not copied: it stays unchanged while the job runs (applyPendingIncrements()).
    std::shared_ptr<const FilterResult> within = m_filterResult;
    auto *job = new engine::logs::LogSearchJob(
        snapshot, *m_view->searchMatcher(), from,
        forward ? engine::logs::SearchDirection::Forward : engine::logs::SearchDirection::Backward, within, this);
    m_searchJob = job;
    const quint64 generation = m_searchGeneration;
    connect(job, &engine::jobs::Job::finished, this, [this, job, generation, forward, wrapping] {
        job->deleteLater();
        if (m_searchJob == job)
            m_searchJob = nullptr;
        applyPendingIncrements();
        if (generation != m_searchGeneration || job->state() != engine::jobs::JobState::Succeeded)
            return;
        const std::optional<LineNumber> hit = job->value() ? *job->value() : std::nullopt;
        if (!hit && !wrapping) {
            runSearch(forward, true);
            return;
        }
        if (hit) {
            m_view->setCurrentMatch(*hit);
            if (wrapping)
                Q_EMIT statusMessage(forward ? tr("Search continued from the top.")
                                             : tr("Search continued from the bottom."));
        } else {
            Q_EMIT statusMessage(tr("No line matches \"%1\".").arg(m_search->text()));
        }
        Q_EMIT searchFinished(hit.has_value(), wrapping && hit);
    });
    job->start();
}

}  // namespace workbench::ui
