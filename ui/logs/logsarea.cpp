// SPDX-License-Identifier: Apache-2.0
// The Logs area (logsarea.h): construction, the layout of its parts, the banner and the status.
// Its parts: logsareaconnection.cpp (connection bar, connecting), logsareapods.cpp (pods list),
// logsareatoolbar.cpp (toolbar and view), logsareafilter.cpp (filter and search jobs),
// logsareasave.cpp (save, clear), logsarealocal.cpp (the local run, manifest links).
#include "logs/logsarea.h"

#include "kube/kubeclient.h"
#include "kube/releaselogs.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "logs/podlist_p.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using namespace podlist;

LogsArea::LogsArea(engine::ProjectSession *session, QWidget *parent)
    : WorkbenchArea(AreaId::Logs, session, parent)
{
    buildUi();
    if (session) {
        // The deployment settings as the project has them (unsaved edits included), until the
        // user types other values here.
        connect(session, &engine::ProjectSession::projectOpened, this, [this] {
            m_userEditedConnection = false;
            applySettings(false);
        });
        connect(session->settings(), &engine::SettingsStore::changed, this, [this] { applySettings(false); });
        applySettings(false);
    }
    m_filterTimer.setInterval(100);
    connect(&m_filterTimer, &QTimer::timeout, this, &LogsArea::filterTick);
    m_podsTimer.setInterval(500);
    connect(&m_podsTimer, &QTimer::timeout, this, &LogsArea::refreshPods);
    connectLocalRun();
    updateActions();
    updateStatus();
}

LogsArea::~LogsArea()
{
    delete m_filterJob.data();
    delete m_searchJob.data();
    delete m_saveJob.data();
    detachLocalRun();
    m_view->setStore(nullptr);
    delete m_logs;
    m_logs = nullptr;
    m_client.reset();
    m_store.reset();
}

void LogsArea::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);

    buildConnectionBar(layout);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("logsBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

    buildPodList(splitter);
    buildLogSide(splitter);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({430, 970});
    connect(this, &LogsArea::saveFinished, this, [this](const Status &s) {
        if (s)
            Q_EMIT statusMessage(tr("Log saved."));
        else
            setBanner(s.error().toString(), true);
    });
}

void LogsArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    const bool newProject = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    if (newProject)
        m_userEditedConnection = false;
    applySettings(false);
}

QString LogsArea::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

QString LogsArea::statusText() const
{
    return m_status->text();
}

void LogsArea::setBanner(const QString &text, bool error)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
    m_banner->setStyleSheet(error ? QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; padding: 4px; }")
                                  : QStringLiteral("QLabel { background: #fff4e5; color: #663c00; padding: 4px; }"));
}

void LogsArea::updateActions()
{
    m_connect->setText(isConnected() ? tr("Disconnect") : tr("Connect"));
    const QList<QTreeWidgetItem *> selected = m_pods->selectedItems();
    m_previous->setEnabled(m_logs && !selected.isEmpty() &&
                           selected.first()->data(kPodColumn, kSourceRole).toInt() > 0);
}

void LogsArea::updateStatus()
{
    if (!m_store) {
        m_status->setText(tr("Not connected."));
        return;
    }
    const quint64 total = m_store->lineCount().get();
    QString text = tr("%L1 lines").arg(total);
    if (!m_spec.isEmpty()) {
        if (m_filterResult)
            text += tr(", %L1 shown").arg(m_filterResult->size());
        if (m_filterJob && m_filterJobFull)
            text += tr(" (filtering…)");
    }
    m_status->setText(text);
}

WorkbenchArea *createLogsArea(engine::ProjectSession *session, QWidget *parent)
{
    return new LogsArea(session, parent);
}

}  // namespace workbench::ui
