// SPDX-License-Identifier: Apache-2.0
// The Logs area's part of Run locally and of the manifest links: the session's local run
// (engine::localrun::LocalRunner) appends its services' lines to the area's store as Local
// sources, listed under "Local run" in the pods list with their SCONE status (kept apart from the
// pods' in the summary); a SCONE failure that names a session or secret opens the manifest that
// defines it (engine::logs::manifestLinkFor()).
#include "analysis/projectanalysis.h"
#include "kube/releaselogs.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunner.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "logs/logviewpalette.h"
#include "logs/manifestlink.h"
#include "logs/podlist_p.h"
#include "session/projectsession.h"

#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QTreeWidget>

namespace workbench::ui {

using engine::localrun::LocalRunner;
using models::logs::LineNumber;
using models::logs::LogStore;
using models::logs::SourceId;

using namespace podlist;

void LogsArea::connectLocalRun()
{
    connect(m_view, &LogView::lineActivated, this, [this](LineNumber line) { openManifestLink(line); });
    connect(m_view, &LogView::lineContextMenu, this, [this](QMenu *menu, LineNumber line) {
        const auto link = manifestLinkAt(line);
        if (!link)
            return;
        menu->addSeparator();
        menu->addAction(tr("Open the Manifest Defining %1 (%2:%3)")
                            .arg(link->describe(), QFileInfo(link->file).fileName())
                            .arg(link->line),
                        this, [this, line] { openManifestLink(line); });
    });
    LocalRunner *runner = session() ? session()->localRun() : nullptr;
    if (!runner)
        return;
    connect(runner, &LocalRunner::runStarted, this, [this] {
        ensureStore();  // attaches; an attached store gets the new run's sources by itself
        refreshLocalRun();
    });
    m_localRunTimer.setSingleShot(true);
    m_localRunTimer.setInterval(250);
    connect(&m_localRunTimer, &QTimer::timeout, this, &LogsArea::refreshLocalRun);
    connect(runner, &LocalRunner::logLinesAppended, this, [this](LogStore *store) {
        if (store != m_store.get())
            return;
        onLinesAppended();
        if (!m_localRunTimer.isActive())
            m_localRunTimer.start();  // the SCONE column and summary follow the lines
    });
    connect(runner, &LocalRunner::logSourcesChanged, this, [this](LogStore *store) {
        if (store == m_store.get())
            refreshLocalRun();
    });
    connect(runner, &LocalRunner::serviceStateChanged, this, &LogsArea::refreshLocalRun);
    connect(runner, &LocalRunner::runFinished, this, &LogsArea::refreshLocalRun);
    if (runner->job())
        ensureStore();
}

void LogsArea::ensureStore()
{
    if (m_store)
        return;
    m_store = std::make_unique<LogStore>();
    m_view->setStore(m_store.get());
    attachLocalRun();
    if (!m_spec.isEmpty())
        filterChanged();
    updateStatus();
}

void LogsArea::attachLocalRun()
{
    if (session() && session()->localRun() && m_store) {
        session()->localRun()->attachLogStore(m_store.get());
        refreshLocalRun();
    }
}

void LogsArea::detachLocalRun()
{
    if (session() && session()->localRun() && m_store)
        session()->localRun()->detachLogStore(m_store.get());
}

QTreeWidgetItem *LogsArea::localRunItem() const
{
    for (int i = 0; i < m_pods->topLevelItemCount(); ++i)
        if (m_pods->topLevelItem(i)->data(kPodColumn, kLocalRunRole).toBool())
            return m_pods->topLevelItem(i);
    return nullptr;
}

void LogsArea::refreshLocalRun()
{
    LocalRunner *runner = session() ? session()->localRun() : nullptr;
    engine::localrun::LocalRunJob *job = runner ? runner->job() : nullptr;
    if (!job || !m_store)
        return;
    m_applyingSettings = true;
    QTreeWidgetItem *top = localRunItem();
    if (!top) {
        top = new QTreeWidgetItem(m_pods, {tr("Local run")});
        top->setData(kPodColumn, kLocalRunRole, true);
        top->setToolTip(kPodColumn, tr("The services of Run locally (Build & Deploy), on this machine"));
        top->setExpanded(true);
    }
    top->setText(kStateColumn, runner->isActive() ? tr("running") : tr("ended"));
    const models::logs::SconeStatusTracker *scone = runner->sconeStatus(m_store.get());
    for (const engine::localrun::ServiceStatus &status : job->statuses()) {
        const auto source = runner->sourceOf(m_store.get(), status.name);
        if (!source)
            continue;
        QTreeWidgetItem *item = nullptr;
        for (int i = 0; i < top->childCount(); ++i)
            if (top->child(i)->data(kPodColumn, kSourceRole).toInt() == source->get() + 1)
                item = top->child(i);
        if (!item) {
            item = new QTreeWidgetItem(top, {status.name});
            item->setData(kPodColumn, kSourceRole, int(source->get()) + 1);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            const bool shown = m_spec.sources.empty() ||
                               std::find(m_spec.sources.begin(), m_spec.sources.end(), *source) != m_spec.sources.end();
            item->setCheckState(kPodColumn, shown ? Qt::Checked : Qt::Unchecked);
            item->setIcon(kPodColumn, sourceSwatch(LogViewPalette::forApplication().sourceColor(
                                          m_store->sources().source(*source).colourIndex)));
        }
        item->setText(kStateColumn, engine::localrun::serviceStateName(status.state));
        item->setToolTip(kStateColumn, status.message);
        item->setText(kLinesColumn, QString());
        if (scone)
            showSconeStatus(item, scone->source(*source), tr("native"),
                            tr("Runs natively on this machine, without SCONE: no attestation, no CAS. The column "
                               "shows SCONE's events only if the service's own output has any."));
    }
    m_applyingSettings = false;
    updateSconeSummary();
    updateStatus();
}

void LogsArea::updateSconeSummary()
{
    QStringList summary;
    const auto add = [&summary](const models::logs::SconeStatusTracker &tracker,
                                const models::logs::LogSourceRegistry &sources, const QStringList &services,
                                models::logs::SconeStatusTracker::Place place, const QString &label) {
        for (const QString &service : services) {
            const auto status = tracker.service(sources, service, place);
            if (status.status != models::logs::SconeStatus::Unknown)
                summary.append(label.arg(service) + QStringLiteral(": ") +
                               models::logs::sconeStatusName(status.status));
        }
    };
    if (m_store && m_logs) {
        QStringList services;
        for (const engine::kube::ReleaseLogStreamInfo &info : m_logs->streams()) {
            if (!m_store->sources().contains(info.source))
                continue;
            const QString service = m_store->sources().source(info.source).service;
            if (!service.isEmpty() && !services.contains(service))
                services.append(service);
        }
        add(m_logs->sconeStatus(), m_store->sources(), services, models::logs::SconeStatusTracker::Place::Cluster,
            QStringLiteral("%1"));
    }
    LocalRunner *runner = session() ? session()->localRun() : nullptr;
    const models::logs::SconeStatusTracker *local = runner && m_store ? runner->sconeStatus(m_store.get()) : nullptr;
    if (local && runner->job())
        add(*local, m_store->sources(), runner->job()->serviceNames(), models::logs::SconeStatusTracker::Place::Local,
            tr("%1 (local)"));
    m_sconeSummary->setText(summary.isEmpty() ? QString() : tr("SCONE: %1").arg(summary.join(QStringLiteral(" · "))));
}

std::optional<engine::logs::ManifestLink> LogsArea::manifestLinkAt(LineNumber line) const
{
    if (!m_store || !session() || !session()->analysis())
        return std::nullopt;
    const std::optional<models::logs::LogLine> l = m_store->line(line);
    if (!l || !models::logs::isSconeFailure(l->attributes.scone))
        return std::nullopt;
    const engine::AnalysisSnapshotPtr snapshot = session()->analysis()->snapshot();
    if (!snapshot)
        return std::nullopt;
    return engine::logs::manifestLinkForLine(*snapshot, l->text);
}

bool LogsArea::openManifestLink(LineNumber line)
{
    const auto link = manifestLinkAt(line);
    if (!link)
        return false;
    Q_EMIT openLocationRequested(link->file, link->line, link->column);
    Q_EMIT statusMessage(tr("Opened the manifest defining %1.").arg(link->describe()));
    return true;
}

}  // namespace workbench::ui
