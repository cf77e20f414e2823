// SPDX-License-Identifier: Apache-2.0
#include "build/localrunpanel.h"

#include "localrun/limitations.h"
#include "localrun/localrunjob.h"
#include "localrun/localrunner.h"
#include "session/projectsession.h"

#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::localrun::LocalRunJob;
using engine::localrun::LocalRunner;
using engine::localrun::ServiceState;
using engine::localrun::ServiceStatus;

namespace {

constexpr int kNameColumn = 0, kStateColumn = 1, kDetailColumn = 2, kActionsColumn = 3;

QString stateLabel(ServiceState state)
{
    switch (state) {
    case ServiceState::Pending:
        return QObject::tr("pending");
    case ServiceState::Waiting:
        return QObject::tr("waiting for port");
    case ServiceState::Starting:
        return QObject::tr("starting");
    case ServiceState::Running:
        return QObject::tr("up");
    case ServiceState::Stopping:
        return QObject::tr("stopping");
    case ServiceState::Stopped:
        return QObject::tr("stopped");
    case ServiceState::Exited:
        return QObject::tr("exited");
    case ServiceState::Failed:
        return QObject::tr("failed");
    }
    return {};
}

QColor stateColour(ServiceState state)
{
    switch (state) {
    case ServiceState::Running:
        return QColor(0x2e, 0x7d, 0x32);
    case ServiceState::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case ServiceState::Waiting:
    case ServiceState::Starting:
    case ServiceState::Stopping:
        return QColor(0xb2, 0x6a, 0x00);
    default:
        return {};
    }
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

}  // namespace

LocalRunPanel::LocalRunPanel(engine::ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_runner(session ? session->localRun() : nullptr)
{
    setObjectName(QStringLiteral("localRunPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    auto *title = new QLabel(tr("<b>Run locally</b>"), this);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Starts every service of the mesh on this machine, natively and without SGX, each in a "
                                "bubblewrap sandbox holding exactly what its CAS session would inject (environment, "
                                "injection files, the preview-issued certificates). Their output shows in the Logs "
                                "area, beside the pods."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    // What a local run cannot show: always in view.
    m_limitations = new QLabel(this);
    m_limitations->setObjectName(QStringLiteral("localRunLimitations"));
    m_limitations->setWordWrap(true);
    m_limitations->setTextFormat(Qt::RichText);
    m_limitations->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid #f0c36d; padding: 6px; }"));
    QString limits = tr("<b>Not a security test.</b> A local run proves the certificates, injection paths and "
                        "environment by real TLS handshakes; it cannot show:");
    limits += QStringLiteral("<ul style=\"margin: 2px 0 0 -20px;\">");
    for (const models::localrun::LocalRunLimitation &l : models::localrun::localRunLimitations())
        limits += QStringLiteral("<li><b>%1</b>: %2</li>").arg(l.topic.toHtmlEscaped(), l.explanation.toHtmlEscaped());
    limits += QStringLiteral("</ul>");
    m_limitations->setText(limits);
    layout->addWidget(m_limitations);

    m_tool = new QLabel(this);
    m_tool->setObjectName(QStringLiteral("localRunTool"));
    m_tool->setWordWrap(true);
    m_tool->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tool->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; padding: 4px; }"));
    m_tool->setVisible(false);
    layout->addWidget(m_tool);

    auto *controls = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(QStringLiteral("localRunStart"));
    m_start->setToolTip(tr("Start every service of the mesh locally"));
    m_stop = new QPushButton(tr("Stop All"), this);
    m_stop->setObjectName(QStringLiteral("localRunStop"));
    m_stop->setToolTip(tr("Stop every process of the run (and remove its run folder unless kept)"));
    m_keep = new QCheckBox(tr("Keep the run folder"), this);
    m_keep->setObjectName(QStringLiteral("localRunKeep"));
    m_keep->setToolTip(tr("Keep the run folder (injection files with the preview secrets, code copies) after the "
                          "run, to look into it; it is owner-only. Otherwise it is removed when the run ends."));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("localRunStatus"));
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_keep);
    controls->addStretch(1);
    controls->addWidget(m_status);
    layout->addLayout(controls);

    m_services = new QTreeWidget(this);
    m_services->setObjectName(QStringLiteral("localRunServices"));
    m_services->setColumnCount(4);
    m_services->setHeaderLabels({tr("Service"), tr("State"), tr("Detail"), QString()});
    m_services->setRootIsDecorated(false);
    m_services->setUniformRowHeights(true);
    m_services->header()->setSectionResizeMode(kNameColumn, QHeaderView::ResizeToContents);
    m_services->header()->setSectionResizeMode(kStateColumn, QHeaderView::ResizeToContents);
    m_services->header()->setSectionResizeMode(kDetailColumn, QHeaderView::Stretch);
    m_services->header()->setSectionResizeMode(kActionsColumn, QHeaderView::ResizeToContents);
    m_services->header()->setStretchLastSection(false);
    m_services->setMinimumHeight(90);
    layout->addWidget(m_services, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("localRunProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::RichText);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; padding: 4px; }"));
    m_problem->setVisible(false);
    layout->addWidget(m_problem);

    connect(m_start, &QPushButton::clicked, this, &LocalRunPanel::startRun);
    if (m_session)
        connect(m_session, &engine::ProjectSession::projectOpened, this, &LocalRunPanel::refresh);
    if (m_runner) {
        connect(m_stop, &QPushButton::clicked, m_runner, &LocalRunner::stop);
        connect(m_runner, &LocalRunner::phaseChanged, this, &LocalRunPanel::refresh);
        connect(m_runner, &LocalRunner::runStarted, this, [this](LocalRunJob *job) {
            connect(job, &LocalRunJob::up, this, &LocalRunPanel::refresh);
            refresh();
        });
        connect(m_runner, &LocalRunner::serviceStateChanged, this, &LocalRunPanel::refresh);
        connect(m_runner, &LocalRunner::preparationFailed, this, &LocalRunPanel::refresh);
        connect(m_runner, &LocalRunner::runFinished, this, &LocalRunPanel::refresh);
    }
    if (const auto problem = LocalRunner::bwrapProblem()) {
        m_tool->setText(problem->toString());
        m_tool->setVisible(true);
    }
    refresh();
}

void LocalRunPanel::startRun()
{
    if (!m_runner)
        return;
    LocalRunner::StartOptions options;
    options.keepRunFolder = m_keep->isChecked();
    const Status started = m_runner->start(options);
    if (!started) {
        m_problem->setText(escaped(started.error().toString()));
        m_problem->setVisible(true);
        return;
    }
    refresh();
}

QTreeWidgetItem *LocalRunPanel::rowOf(const QString &service) const
{
    for (int i = 0; i < m_services->topLevelItemCount(); ++i)
        if (m_services->topLevelItem(i)->text(kNameColumn) == service)
            return m_services->topLevelItem(i);
    return nullptr;
}

void LocalRunPanel::rebuildRows()
{
    m_services->clear();
    LocalRunJob *job = m_runner ? m_runner->job() : nullptr;
    m_rowsOf = job;
    if (!job)
        return;
    for (const QString &service : job->serviceNames()) {
        auto *item = new QTreeWidgetItem(m_services, {service});
        auto *buttons = new QWidget(m_services);
        auto *row = new QHBoxLayout(buttons);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(2);
        auto *stop = new QToolButton(buttons);
        stop->setText(tr("Stop"));
        stop->setObjectName(QStringLiteral("stop:") + service);
        stop->setToolTip(tr("Stop %1 (its whole process tree)").arg(service));
        auto *restart = new QToolButton(buttons);
        restart->setText(tr("Restart"));
        restart->setObjectName(QStringLiteral("restart:") + service);
        restart->setToolTip(tr("Stop %1 if it runs and start it again").arg(service));
        row->addWidget(stop);
        row->addWidget(restart);
        connect(stop, &QToolButton::clicked, m_runner, [runner = m_runner, service] { runner->stopService(service); });
        connect(restart, &QToolButton::clicked, m_runner,
                [runner = m_runner, service] { runner->restartService(service); });
        m_services->setItemWidget(item, kActionsColumn, buttons);
    }
}

void LocalRunPanel::refresh()
{
    const LocalRunner::Phase phase = m_runner ? m_runner->phase() : LocalRunner::Phase::Idle;
    const bool open = m_session && m_session->isOpen();
    m_start->setEnabled(m_runner && open && phase == LocalRunner::Phase::Idle);
    m_stop->setEnabled(phase == LocalRunner::Phase::Preparing || phase == LocalRunner::Phase::Running);
    m_keep->setEnabled(phase == LocalRunner::Phase::Idle);
    switch (phase) {
    case LocalRunner::Phase::Idle:
        m_status->setText(m_runner && m_runner->job() ? tr("Not running (last run shown).") : tr("Not running."));
        break;
    case LocalRunner::Phase::Preparing:
        m_status->setText(tr("Preparing: issuing the secrets, checking the tools…"));
        break;
    case LocalRunner::Phase::Running:
        m_status->setText(m_runner->job() && m_runner->job()->isUp() ? tr("Every service is up.") : tr("Starting…"));
        break;
    case LocalRunner::Phase::Stopping:
        m_status->setText(tr("Stopping every process…"));
        break;
    }

    LocalRunJob *job = m_runner ? m_runner->job() : nullptr;
    if (job != m_rowsOf.data() || (job && m_services->topLevelItemCount() != job->serviceNames().size()))
        rebuildRows();
    if (job) {
        const bool running = !job->isFinished();
        for (const ServiceStatus &s : job->statuses()) {
            QTreeWidgetItem *item = rowOf(s.name);
            if (!item)
                continue;
            item->setText(kStateColumn, stateLabel(s.state));
            item->setForeground(kStateColumn, stateColour(s.state).isValid() ? QBrush(stateColour(s.state)) : QBrush());
            QString detail = s.message;
            if (s.state == ServiceState::Running && s.pid > 0) {
                const models::localrun::LocalService *planned = job->plan().service(s.name);
                QStringList ports;
                for (int port : planned ? planned->ports : QList<int>())
                    ports << QString::number(port);
                detail = planned && !ports.isEmpty() ? tr("%1:%2 (%3), pid %4")
                                                           .arg(planned->address, ports.join(QLatin1Char(',')),
                                                                planned->hostNames.value(0, s.name))
                                                           .arg(s.pid)
                                                     : tr("running, pid %1").arg(s.pid);
            }
            item->setText(kDetailColumn, detail);
            const QStringList last = job->lastLines(s.name);
            item->setToolTip(kDetailColumn, last.join(QLatin1Char('\n')));
            if (QWidget *buttons = m_services->itemWidget(item, kActionsColumn)) {
                for (QToolButton *b : buttons->findChildren<QToolButton *>()) {
                    const bool isStop = b->objectName().startsWith(QLatin1String("stop:"));
                    b->setEnabled(running && (isStop ? engine::localrun::isActive(s.state) : true));
                }
            }
        }
    }
    showProblems();
}

void LocalRunPanel::showProblems()
{
    QString html;
    if (m_runner && !m_runner->problems().isEmpty()) {
        html = tr("<b>Nothing was started:</b>");
        html += QStringLiteral("<ul style=\"margin: 2px 0 0 -20px;\">");
        for (const Error &e : m_runner->problems())
            html += QStringLiteral("<li>%1</li>").arg(escaped(e.toString()));
        html += QStringLiteral("</ul>");
    } else if (m_runner && m_runner->failure()) {
        const Error &e = *m_runner->failure();
        html = QStringLiteral("<b>%1</b>").arg(escaped(e.message));
        if (!e.context.outputTail.isEmpty())
            html += tr("<br>Last lines of %1:<pre style=\"margin: 2px 0 0 0;\">%2</pre>")
                        .arg(e.context.step.toHtmlEscaped(), e.context.outputTail.toHtmlEscaped());
    } else if (LocalRunJob *job = m_runner ? m_runner->job() : nullptr) {
        // A service that failed after the run was up: its last lines.
        for (const ServiceStatus &s : job->statuses()) {
            if (s.state != ServiceState::Failed)
                continue;
            html += tr("<b>%1 failed</b>: %2<pre style=\"margin: 2px 0 0 0;\">%3</pre>")
                        .arg(s.name.toHtmlEscaped(), s.message.toHtmlEscaped(),
                             job->lastLines(s.name).join(QLatin1Char('\n')).toHtmlEscaped());
        }
    }
    m_problem->setText(html);
    m_problem->setVisible(!html.isEmpty());
}

QString LocalRunPanel::stateText(const QString &service) const
{
    const QTreeWidgetItem *item = rowOf(service);
    return item ? item->text(kStateColumn) : QString();
}

QString LocalRunPanel::problemText() const
{
    return !m_problem->isHidden() ? m_problem->text() : QString();
}

QString LocalRunPanel::limitationsText() const
{
    return m_limitations->text();
}

QString LocalRunPanel::toolText() const
{
    return !m_tool->isHidden() ? m_tool->text() : QString();
}

QString LocalRunPanel::statusText() const
{
    return m_status->text();
}

}  // namespace workbench::ui
