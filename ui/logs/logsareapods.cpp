// SPDX-License-Identifier: Apache-2.0
// The Logs area's list of pods (the local run's part is in logsarealocal.cpp): each pod with its
// kubectl and SCONE status, each container stream with its state, reconnects and lines, its
// check box showing or hiding its lines, and "Previous Log" for a restarted container.
#include "kube/releaselogs.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logviewpalette.h"
#include "logs/podlist_p.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <algorithm>

namespace workbench::ui {

using engine::kube::LogStreamState;
using engine::kube::ReleaseLogStreamInfo;
using models::logs::SconeStatus;
using models::logs::SourceId;

namespace {

using namespace podlist;

QString stateText(const ReleaseLogStreamInfo &info)
{
    QString text = engine::kube::logStreamStateName(info.state);
    if (info.reconnects > 0)
        text += QStringLiteral(" (%1 reconnect%2)")
                    .arg(info.reconnects)
                    .arg(info.reconnects == 1 ? QLatin1String("") : QLatin1String("s"));
    return text;
}

}  // namespace

void LogsArea::buildPodList(QSplitter *splitter)
{
    // Pods list.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_pods = new QTreeWidget(left);
    m_pods->setObjectName(QStringLiteral("logPods"));
    m_pods->setColumnCount(4);
    m_pods->setHeaderLabels({tr("Pod / container"), tr("State"), tr("SCONE"), tr("Lines")});
    m_pods->setRootIsDecorated(true);
    m_pods->setUniformRowHeights(true);
    m_pods->header()->setSectionResizeMode(kPodColumn, QHeaderView::Stretch);
    for (int column : {kStateColumn, kSconeColumn, kLinesColumn})
        m_pods->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_pods->header()->setStretchLastSection(false);
    m_pods->setContextMenuPolicy(Qt::CustomContextMenu);
    leftLayout->addWidget(m_pods, 1);
    m_sconeSummary = new QLabel(left);
    m_sconeSummary->setObjectName(QStringLiteral("sconeSummary"));
    m_sconeSummary->setWordWrap(true);
    leftLayout->addWidget(m_sconeSummary);
    m_previous = new QPushButton(tr("Previous Log"), left);
    m_previous->setObjectName(QStringLiteral("previousLog"));
    m_previous->setToolTip(tr("Shows the log of the selected container's previous instance (before its restart)"));
    leftLayout->addWidget(m_previous);
    connect(m_previous, &QPushButton::clicked, this, &LogsArea::previousForSelection);
    connect(m_pods, &QTreeWidget::itemSelectionChanged, this, &LogsArea::updateActions);
    connect(m_pods, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (column != kPodColumn || m_applyingSettings)
            return;
        const int id = item->data(kPodColumn, kSourceRole).toInt();
        if (id > 0)
            setSourceShown(SourceId(quint16(id - 1)), item->checkState(kPodColumn) == Qt::Checked);
    });
    connect(m_pods, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        QAction *previous = menu.addAction(tr("Show &Previous Log"), this, &LogsArea::previousForSelection);
        previous->setEnabled(m_previous->isEnabled());
        menu.exec(m_pods->viewport()->mapToGlobal(pos));
    });
}

QTreeWidgetItem *LogsArea::podItem(const QString &pod)
{
    for (int i = 0; i < m_pods->topLevelItemCount(); ++i)
        if (m_pods->topLevelItem(i)->text(kPodColumn) == pod)
            return m_pods->topLevelItem(i);
    auto *item = new QTreeWidgetItem(m_pods, {pod});
    item->setExpanded(true);
    return item;
}

QTreeWidgetItem *LogsArea::sourceItem(SourceId source) const
{
    for (QTreeWidgetItemIterator it(m_pods); *it; ++it)
        if ((*it)->data(kPodColumn, kSourceRole).toInt() == source.get() + 1)
            return *it;
    return nullptr;
}

void LogsArea::onStreamChanged(const ReleaseLogStreamInfo &info)
{
    QTreeWidgetItem *parent = podItem(info.pod);
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->data(kPodColumn, kSourceRole).toInt() == info.source.get() + 1)
            item = parent->child(i);
    m_applyingSettings = true;
    if (!item) {
        item = new QTreeWidgetItem(parent);
        item->setData(kPodColumn, kSourceRole, int(info.source.get()) + 1);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool shown = m_spec.sources.empty() ||
                           std::find(m_spec.sources.begin(), m_spec.sources.end(), info.source) != m_spec.sources.end();
        item->setCheckState(kPodColumn, shown ? Qt::Checked : Qt::Unchecked);
        QString name = info.container;
        if (info.initContainer)
            name += tr(" (init)");
        if (m_store && m_store->sources().contains(info.source)) {
            const auto &source = m_store->sources().source(info.source);
            name = source.container + (info.initContainer ? tr(" (init)") : QString());
            item->setIcon(kPodColumn, sourceSwatch(LogViewPalette::forApplication().sourceColor(source.colourIndex)));
        }
        item->setText(kPodColumn, name);
        item->setToolTip(kPodColumn, info.pod + QLatin1Char(' ') + info.container);
    }
    item->setText(kStateColumn, stateText(info));
    item->setToolTip(kStateColumn, info.detail);
    item->setText(kLinesColumn, QString::number(info.lines));
    m_applyingSettings = false;
}

void LogsArea::refreshPods()
{
    if (!m_logs || !m_store)
        return;
    const auto &scone = m_logs->sconeStatus();
    m_applyingSettings = true;
    for (const models::kube::KubePod &pod : m_logs->pods()) {
        QTreeWidgetItem *item = podItem(pod.name());
        item->setText(kStateColumn, pod.statusText());
        if (const auto problem = pod.problem())
            item->setToolTip(kStateColumn, problem->reason + QStringLiteral(": ") + problem->message);
        else
            item->setToolTip(kStateColumn, QString());
    }
    for (const ReleaseLogStreamInfo &info : m_logs->streams()) {
        QTreeWidgetItem *parent = podItem(info.pod);
        for (int i = 0; i < parent->childCount(); ++i) {
            QTreeWidgetItem *child = parent->child(i);
            if (child->data(kPodColumn, kSourceRole).toInt() != info.source.get() + 1)
                continue;
            child->setText(kStateColumn, stateText(info));
            child->setText(kLinesColumn, QString::number(info.lines));
            showSconeStatus(child, scone.source(info.source));
        }
    }
    m_applyingSettings = false;
    updateSconeSummary();
    updateStatus();
}

void LogsArea::setSourceShown(SourceId source, bool shown)
{
    std::vector<SourceId> sources = m_spec.sources;
    if (sources.empty() && m_store)
        for (int i = 0; i < m_store->sources().count(); ++i)
            sources.push_back(SourceId(quint16(i)));
    auto it = std::find(sources.begin(), sources.end(), source);
    if (shown && it == sources.end())
        sources.push_back(source);
    if (!shown && it != sources.end())
        sources.erase(it);
    m_spec.sources = sources;
    if (m_store && int(sources.size()) == m_store->sources().count())
        m_spec.sources.clear();
    // The check box, when the call did not come from it.
    m_applyingSettings = true;
    QTreeWidgetItemIterator items(m_pods);
    for (; *items; ++items)
        if ((*items)->data(kPodColumn, kSourceRole).toInt() == source.get() + 1)
            (*items)->setCheckState(kPodColumn, shown ? Qt::Checked : Qt::Unchecked);
    m_applyingSettings = false;
    filterChanged();
}

Status LogsArea::showPreviousLog(SourceId source)
{
    if (!m_logs)
        return makeError(QStringLiteral("logs.previous"), tr("Connect to the cluster first."));
    const auto info = m_logs->stream(source);
    if (!info)
        return makeError(QStringLiteral("logs.previous"), tr("There is no such log stream."));
    auto added = m_logs->showPrevious(info->pod, info->container);
    if (!added)
        return added.error();
    // Not a followed stream (ReleaseLogs reports none for it): listed here, under its pod.
    ReleaseLogStreamInfo previous = *info;
    previous.source = added.value();
    previous.container = m_store->sources().source(added.value()).container;
    previous.state = LogStreamState::Ended;
    previous.reconnects = 0;
    previous.lines = 0;
    onStreamChanged(previous);
    if (QTreeWidgetItem *item = sourceItem(added.value())) {
        item->setText(kStateColumn, tr("previous instance"));
        item->setText(kLinesColumn, QString());
    }
    return Ok{};
}

void LogsArea::previousForSelection()
{
    const QList<QTreeWidgetItem *> selected = m_pods->selectedItems();
    if (selected.isEmpty())
        return;
    const int id = selected.first()->data(kPodColumn, kSourceRole).toInt();
    if (id <= 0)
        return;
    const Status s = showPreviousLog(SourceId(quint16(id - 1)));
    if (!s)
        setBanner(s.error().toString(), true);
}

}  // namespace workbench::ui
