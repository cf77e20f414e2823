// SPDX-License-Identifier: Apache-2.0
#include "build/buildarea.h"

#include "analysis/projectanalysis.h"
#include "build/credentialsdialog.h"
#include "build/localrunpanel.h"
#include "build/statuslight.h"
#include "common/messagebanner.h"
#include "deploy/deploypipeline.h"
#include "documents/document.h"
#include "documents/documentmanager.h"
#include "jobs/jobhistory.h"
#include "jobs/jobrunner.h"
#include "jobs/pipelinejob.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::deploy::DeployRun;
using engine::deploy::DeployStep;
using engine::deploy::RouteChoice;
using engine::jobs::Job;
using engine::jobs::JobState;
using engine::jobs::PipelineJob;
using engine::jobs::StepState;

namespace {

constexpr int kMaxStepLogLines = 20000;
enum Column { ColName = 0, ColStatus, ColElapsed, ColProgress, ColDetail };
constexpr int kServiceIndexRole = Qt::UserRole + 1;  ///< a Build row: its index in DeployRun::services()

int stepIndex(DeployStep step)
{
    return int(engine::deploy::allDeploySteps().indexOf(step));
}

DeployStep stepAt(int index)
{
    return engine::deploy::allDeploySteps().at(index);
}

QString stepTitle(DeployStep step)
{
    switch (step) {
    case DeployStep::Doctor:
        return BuildArea::tr("Doctor");
    case DeployStep::Build:
        return BuildArea::tr("Build");
    case DeployStep::Upload:
        return BuildArea::tr("Upload");
    case DeployStep::Deploy:
        return BuildArea::tr("Deploy");
    }
    return {};
}

QString formatElapsed(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 s = ms / 1000;
    if (s < 60)
        return QStringLiteral("%1.%2 s").arg(s).arg((ms % 1000) / 100);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

StepState fromJobState(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return StepState::Pending;
    case JobState::Running:
        return StepState::Running;
    case JobState::Succeeded:
        return StepState::Succeeded;
    case JobState::Failed:
        return StepState::Failed;
    case JobState::Cancelled:
        return StepState::Cancelled;
    }
    return StepState::Pending;
}

Light lightOfDoctor(engine::deploy::DoctorCheck::Status status, bool required)
{
    using S = engine::deploy::DoctorCheck::Status;
    switch (status) {
    case S::Ok:
        return Light::Ok;
    case S::Warning:
        return Light::Warning;
    case S::Missing:
        return required ? Light::Failed : Light::Warning;
    case S::Skipped:
        return Light::Off;
    }
    return Light::Off;
}

}  // namespace

BuildArea::BuildArea(engine::ProjectSession *session, QWidget *parent)
    : WorkbenchArea(AreaId::Build, session, parent)
{
    buildUi();
    if (session) {
        connect(session->settings(), &engine::SettingsStore::changed, this, &BuildArea::applyRouteFromSettings);
        connect(session, &engine::ProjectSession::projectOpened, this, [this] {
            applyRouteFromSettings();
            reloadHistory();
        });
    }
    applyRouteFromSettings();
    refreshButtons();
}

BuildArea::~BuildArea()
{
    if (m_run) {
        m_run->stopWatchingPods();
        disconnect(m_run, nullptr, this, nullptr);
    }
    // The job belongs to the session's runner; it must not report into a dead area.
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    delete m_credentialsDialog.data();
}

void BuildArea::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Build with"), this));
    m_builder = new QComboBox(this);
    m_builder->setObjectName(QStringLiteral("builderRoute"));
    m_builder->addItem(QStringLiteral("sconectl"), QStringLiteral("sconectl"));
    m_builder->addItem(tr("native (first found)"), QStringLiteral("native"));
    m_builder->addItem(QStringLiteral("buildah"), QStringLiteral("buildah"));
    m_builder->addItem(QStringLiteral("podman"), QStringLiteral("podman"));
    m_builder->addItem(QStringLiteral("docker"), QStringLiteral("docker"));
    bar->addWidget(m_builder);
    bar->addWidget(new QLabel(tr("Upload"), this));
    m_upload = new QComboBox(this);
    m_upload->setObjectName(QStringLiteral("uploadRoute"));
    m_upload->addItem(QStringLiteral("sconectl"), QStringLiteral("sconectl"));
    m_upload->addItem(tr("direct (CAS REST API)"), QStringLiteral("direct"));
    bar->addWidget(m_upload);
    m_builder->setToolTip(tr("sconectl builds the confidential image; a native builder (buildah, podman, docker) "
                             "builds a plain image for quick local iterations"));
    m_upload->setToolTip(tr("Upload the sessions through sconectl, or directly to the CAS REST API over mutual TLS"));
    bar->addStretch(1);
    for (QComboBox *box : {m_builder, m_upload}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(14);
    }
    layout->addLayout(bar);
    // The actions in a row of their own, so the area fits the window's minimum width.
    bar = new QHBoxLayout;
    m_runAll = new QPushButton(tr("Run All"), this);
    m_runAll->setObjectName(QStringLiteral("runAll"));
    m_runStep = new QPushButton(tr("Run Step"), this);
    m_runStep->setObjectName(QStringLiteral("runStep"));
    m_retry = new QPushButton(tr("Retry from Here"), this);
    m_retry->setObjectName(QStringLiteral("retryFromHere"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_credentials = new QPushButton(tr("Credentials..."), this);
    m_credentials->setObjectName(QStringLiteral("credentials"));
    for (QPushButton *b : {m_runAll, m_runStep, m_retry, m_cancel})
        bar->addWidget(b);
    bar->addStretch(1);
    bar->addWidget(m_credentials);
    layout->addLayout(bar);

    m_banner = new MessageBanner(this);
    m_banner->setClosable(true);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("buildPages"));
    layout->addWidget(m_pages, 1);

    // --- Pipeline page ---
    auto *pipelinePage = new QWidget(m_pages);
    auto *pl = new QVBoxLayout(pipelinePage);
    pl->setContentsMargins(0, 4, 0, 0);
    m_summary = new QLabel(pipelinePage);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    pl->addWidget(m_summary);
    auto *split = new QSplitter(Qt::Horizontal, pipelinePage);
    m_steps = new QTreeWidget(split);
    m_steps->setObjectName(QStringLiteral("pipelineSteps"));
    m_steps->setColumnCount(5);
    m_steps->setHeaderLabels({tr("Step"), tr("Status"), tr("Elapsed"), tr("Progress"), tr("Detail")});
    m_steps->setRootIsDecorated(true);
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setStretchLastSection(true);
    for (int i = 0; i < 4; ++i) {
        StepRow &row = m_rows[std::size_t(i)];
        row.item = new QTreeWidgetItem(m_steps, {stepTitle(stepAt(i))});
        QFont f = row.item->font(ColName);
        f.setBold(true);
        row.item->setFont(ColName, f);
        row.progress = new QProgressBar(m_steps);
        row.progress->setRange(0, 100);
        row.progress->setValue(0);
        row.progress->setTextVisible(false);
        row.progress->setMaximumHeight(14);
        m_steps->setItemWidget(row.item, ColProgress, row.progress);
        refreshStepRow(i);
    }
    m_steps->setColumnWidth(ColName, 270);
    m_steps->setColumnWidth(ColStatus, 100);
    m_steps->setColumnWidth(ColElapsed, 70);
    m_steps->setColumnWidth(ColProgress, 100);
    auto *logBox = new QWidget(split);
    auto *ll = new QVBoxLayout(logBox);
    ll->setContentsMargins(0, 0, 0, 0);
    m_logTitle = new QLabel(logBox);
    ll->addWidget(m_logTitle);
    m_log = new QPlainTextEdit(logBox);
    m_log->setObjectName(QStringLiteral("stepLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMaximumBlockCount(kMaxStepLogLines);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    ll->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    pl->addWidget(split, 1);
    m_pages->addTab(pipelinePage, tr("Pipeline"));

    // --- History page ---
    auto *hsplit = new QSplitter(Qt::Horizontal, m_pages);
    m_runs = new QTreeWidget(hsplit);
    m_runs->setObjectName(QStringLiteral("historyRuns"));
    m_runs->setRootIsDecorated(false);
    m_runs->setHeaderLabels({tr("Started"), tr("Run"), tr("Result"), tr("Duration")});
    auto *hright = new QSplitter(Qt::Vertical, hsplit);
    m_runSteps = new QTreeWidget(hright);
    m_runSteps->setObjectName(QStringLiteral("historySteps"));
    m_runSteps->setRootIsDecorated(false);
    m_runSteps->setHeaderLabels({tr("Step"), tr("Result"), tr("Duration"), tr("Error")});
    m_runLog = new QPlainTextEdit(hright);
    m_runLog->setObjectName(QStringLiteral("historyLog"));
    m_runLog->setReadOnly(true);
    m_runLog->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_runLog->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pages->addTab(hsplit, tr("History"));

    m_ticker = new QTimer(this);
    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, &BuildArea::refreshElapsed);
    m_logFlush = new QTimer(this);
    m_logFlush->setInterval(100);
    m_logFlush->setSingleShot(true);
    connect(m_logFlush, &QTimer::timeout, this, &BuildArea::flushLog);

    connect(m_runAll, &QPushButton::clicked, this, [this] { runAll(); });
    connect(m_runStep, &QPushButton::clicked, this, [this] {
        if (const auto s = selectedStep())
            runStep(*s);
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (const auto s = selectedStep())
            retryFrom(*s);
    });
    connect(m_cancel, &QPushButton::clicked, this, &BuildArea::cancel);
    connect(m_credentials, &QPushButton::clicked, this, &BuildArea::showCredentials);
    connect(m_builder, &QComboBox::currentIndexChanged, this, &BuildArea::onRouteEdited);
    connect(m_upload, &QComboBox::currentIndexChanged, this, &BuildArea::onRouteEdited);
    connect(m_steps, &QTreeWidget::currentItemChanged, this, [this] {
        showSelectedLog();
        refreshButtons();
    });
    m_steps->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_steps, &QTreeWidget::customContextMenuRequested, this, &BuildArea::showStepMenu);
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this] { selectHistoryRun(m_runs->currentIndex().row()); });
    selectStep(DeployStep::Doctor);
}

void BuildArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    const bool newProject = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    if (newProject) {
        applyRouteFromSettings();
        reloadHistory();
    }
    refreshButtons();
}

int BuildArea::addPage(QWidget *page, const QString &title)
{
    return m_pages->addTab(page, title);
}

// --- routes ---------------------------------------------------------------------------------

RouteChoice BuildArea::routeChoice() const
{
    RouteChoice choice;
    if (const auto c = RouteChoice::withBuilderValue(choice, m_builder->currentData().toString()))
        choice = *c;
    choice.upload = engine::deploy::parseUploadRoute(m_upload->currentData().toString())
                        .value_or(engine::deploy::UploadRoute::Sconectl);
    return choice;
}

void BuildArea::setRouteChoice(const RouteChoice &choice)
{
    m_applyingRoute = true;
    m_builder->setCurrentIndex(std::max(0, m_builder->findData(choice.builderValue())));
    m_upload->setCurrentIndex(std::max(0, m_upload->findData(engine::deploy::uploadRouteName(choice.upload))));
    m_applyingRoute = false;
    onRouteEdited();
}

void BuildArea::applyRouteFromSettings()
{
    if (!session() || !session()->isOpen() || m_applyingRoute)
        return;
    const RouteChoice choice = RouteChoice::fromSettings(session()->settings()->settings());
    m_applyingRoute = true;
    m_builder->setCurrentIndex(std::max(0, m_builder->findData(choice.builderValue())));
    m_upload->setCurrentIndex(std::max(0, m_upload->findData(engine::deploy::uploadRouteName(choice.upload))));
    m_applyingRoute = false;
}

void BuildArea::onRouteEdited()
{
    if (m_applyingRoute || !session() || !session()->isOpen())
        return;
    m_applyingRoute = true;
    const Status st = engine::deploy::rememberRouteChoice(*session()->settings(), routeChoice());
    m_applyingRoute = false;
    if (!st)
        showError(st.error().message);
}

// --- running --------------------------------------------------------------------------------

bool BuildArea::runAll()
{
    return start(std::nullopt, false);
}

bool BuildArea::runStep(DeployStep step)
{
    return start(step, true);
}

bool BuildArea::retryFrom(DeployStep step)
{
    return start(step, false);
}

void BuildArea::cancel()
{
    if (m_job && !m_job->isFinished())
        m_job->cancel();
}

bool BuildArea::isRunning() const
{
    return m_job && !m_job->isFinished();
}

engine::deploy::DeployRun *BuildArea::deployRun() const
{
    return m_run.data();
}

Job *BuildArea::currentJob() const
{
    return m_job.data();
}

void BuildArea::showError(const QString &text)
{
    m_banner->showMessage(MessageBanner::Level::Error, text);
    m_banner->show();
}

QString BuildArea::bannerText() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

bool BuildArea::start(std::optional<DeployStep> from, bool single)
{
    if (isRunning()) {
        showError(tr("A run is going on: cancel it first."));
        return false;
    }
    if (!session() || !session()->isOpen()) {
        showError(tr("Open a project first."));
        return false;
    }
    session()->analysis()->analyzeNow();
    const auto snapshot = session()->analysis()->snapshot();
    if (!snapshot) {
        showError(tr("The project is not analysed yet."));
        return false;
    }
    QStringList unsaved;
    for (const engine::Document *d : session()->documents()->modifiedDocuments())
        unsaved << d->path();
    auto config = engine::deploy::deployConfigFor(*snapshot, routeChoice(), unsaved);
    if (!config) {
        showError(config.error().message);
        return false;
    }
    m_banner->hide();

    // The run's rows live with its job (the runner owns both): the previous run stays with
    // its job, this one goes to the job made below.
    if (m_run) {
        m_run->stopWatchingPods();
        disconnect(m_run, nullptr, this, nullptr);
    }
    m_run = new DeployRun(config.value(), engine::deploy::DeployServices{session()->http(), session()->credentials()},
                          this);
    connect(m_run, &DeployRun::stepJobCreated, this, &BuildArea::onStepJobCreated);
    connect(m_run, &DeployRun::doctorChanged, this, &BuildArea::refreshDoctor);
    connect(m_run, &DeployRun::servicesReset, this, &BuildArea::refreshServices);
    connect(m_run, &DeployRun::serviceChanged, this, &BuildArea::refreshServices);
    connect(m_run, &DeployRun::sessionsReset, this, &BuildArea::refreshSessions);
    connect(m_run, &DeployRun::sessionChanged, this, &BuildArea::refreshSessions);
    connect(m_run, &DeployRun::podsReset, this, &BuildArea::refreshPods);
    connect(m_run, &DeployRun::podChanged, this, &BuildArea::refreshPods);

    // The rows the run touches start again; the others keep what the last run showed.
    const int first = from ? stepIndex(*from) : 0;
    for (int i = 0; i < 4; ++i) {
        StepRow &row = m_rows[std::size_t(i)];
        const bool runs = single ? i == first : i >= first;
        if (!single && i < first) {
            // "Retry from here": the steps before are skipped.
            row.touched = true;
            row.startedAt = {};
            row.finishedAt = {};
            row.state = StepState::Skipped;
            refreshStepRow(i);
            continue;
        }
        if (!runs)
            continue;
        row.touched = true;
        row.log.clear();
        row.startedAt = {};
        row.finishedAt = {};
        row.state = StepState::Pending;
        row.progress->setRange(0, 100);
        row.progress->setValue(0);
        qDeleteAll(row.item->takeChildren());
        refreshStepRow(i);
    }
    m_stepJobs = {};
    m_pendingLog.clear();
    m_shownStep = -1;
    showSelectedLog();

    std::unique_ptr<Job> job;
    m_singleStep.reset();
    if (single) {
        m_singleStep = from;
        job = m_run->makeStep(*from);
    } else {
        job = m_run->makePipeline(from);
    }
    m_run->setParent(job.get());
    attachJob(job.get(), m_singleStep);
    session()->jobs()->submit(std::move(job));
    m_ticker->start();
    refreshButtons();
    return true;
}

void BuildArea::attachJob(Job *job, std::optional<DeployStep> single)
{
    m_job = job;
    m_pipeline = qobject_cast<PipelineJob *>(job);
    connect(job, &Job::outputAppended, this, &BuildArea::onOutput);
    connect(job, &Job::finished, this, &BuildArea::onJobFinished);
    if (m_pipeline) {
        connect(m_pipeline, &PipelineJob::stepChanged, this, &BuildArea::onPipelineStepChanged);
    } else if (single) {
        const int index = stepIndex(*single);
        connect(job, &Job::stateChanged, this, [this, index](JobState state) {
            StepRow &row = m_rows[std::size_t(index)];
            if (state == JobState::Running)
                row.startedAt = QDateTime::currentDateTimeUtc();
            if (engine::jobs::isFinal(state))
                row.finishedAt = QDateTime::currentDateTimeUtc();
            setStepState(index, fromJobState(state));
        });
        m_stepJobs[std::size_t(index)] = job;
        connect(job, &Job::progressChanged, this, [this, index] { refreshStepRow(index); });
    }
}

void BuildArea::onStepJobCreated(DeployStep step, Job *job)
{
    const int index = stepIndex(step);
    m_stepJobs[std::size_t(index)] = job;
    connect(job, &Job::progressChanged, this, [this, index] { refreshStepRow(index); });
}

void BuildArea::onPipelineStepChanged(int index)
{
    if (!m_pipeline || index < 0 || index >= 4 || index >= m_pipeline->steps().size())
        return;
    const engine::jobs::StepRecord &record = m_pipeline->steps().at(index);
    StepRow &row = m_rows[std::size_t(index)];
    row.startedAt = record.startedAt;
    row.finishedAt = record.finishedAt;
    setStepState(index, record.state);
}

void BuildArea::setStepState(int index, StepState state)
{
    StepRow &row = m_rows[std::size_t(index)];
    row.state = state;
    if (state == StepState::Succeeded) {
        row.progress->setRange(0, 100);
        row.progress->setValue(100);
    }
    refreshStepRow(index);
    refreshButtons();
}

void BuildArea::onOutput(qint64 first, qint64 count)
{
    if (!m_job)
        return;
    const engine::jobs::JobLog &log = m_job->log();
    for (qint64 n = std::max(first, log.firstLine()); n < first + count; ++n) {
        const std::optional<engine::jobs::LogLine> line = log.line(n);
        if (!line)
            continue;
        int index = -1;
        if (m_singleStep)
            index = stepIndex(*m_singleStep);
        else if (line->source > 0 && line->source <= 4)
            index = int(line->source) - 1;
        if (index < 0)
            continue;
        StepRow &row = m_rows[std::size_t(index)];
        const QString &text = line->text;
        row.log << text;
        if (row.log.size() > kMaxStepLogLines)
            row.log.remove(0, row.log.size() - kMaxStepLogLines);
        if (index == m_shownStep) {
            m_pendingLog << text;
            if (!m_logFlush->isActive())
                m_logFlush->start();
        }
    }
}

void BuildArea::flushLog()
{
    if (m_pendingLog.isEmpty())
        return;
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    m_log->appendPlainText(m_pendingLog.join(QLatin1Char('\n')));
    m_pendingLog.clear();
    if (atEnd)
        bar->setValue(bar->maximum());
}

void BuildArea::onJobFinished()
{
    Job *job = m_job.data();
    if (!job)
        return;
    flushLog();
    m_ticker->stop();
    // The pipeline's records are the truth at the end (steps it never reached stay pending);
    // a single step's row has its final state already.
    if (m_pipeline)
        for (int i = 0; i < 4 && i < m_pipeline->steps().size(); ++i)
            onPipelineStepChanged(i);
    for (int i = 0; i < 4; ++i)
        refreshStepRow(i);
    refreshElapsed();

    if (session() && session()->isOpen()) {
        engine::jobs::JobHistory history(session()->projectDir());
        if (const Status st = history.record(*job); !st)
            showError(tr("The run is not in the history: %1").arg(st.error().message));
        // A proposed APP_NAMESPACE is kept once anything reached the CAS under it.
        bool uploaded = false;
        if (m_run)
            for (const auto &s : m_run->sessions())
                uploaded = uploaded || s.state == engine::deploy::SessionUpload::State::Created ||
                           s.state == engine::deploy::SessionUpload::State::Updated ||
                           s.state == engine::deploy::SessionUpload::State::Uploaded;
        if (uploaded || job->state() == JobState::Succeeded)
            if (session()->settings()->namespaceProposed())
                session()->settings()->keepProposedNamespace();
    }
    // After a deploy the release's pods stay live in the Deploy step's rows.
    if (m_run && m_rows[3].state == StepState::Succeeded) {
        if (const Status st = m_run->watchPods(); st)
            m_rows[3].item->setText(ColDetail, tr("the release's pods, watched live"));
        else
            m_rows[3].item->setText(ColDetail, tr("the pods are not watched: %1").arg(st.error().message));
    }
    if (job->state() == JobState::Failed) {
        showError(job->error() ? job->error()->message : tr("The run failed."));
        // The step that failed, with its log open.
        for (int i = 0; i < 4; ++i)
            if (m_rows[std::size_t(i)].state == StepState::Failed) {
                selectStep(stepAt(i));
                break;
            }
    } else if (job->state() == JobState::Cancelled) {
        m_banner->showMessage(MessageBanner::Level::Warning, tr("The run was cancelled."));
        m_banner->show();
    }
    m_summary->setText(
        tr("%1: %2 after %3")
            .arg(job->title(), engine::jobs::jobStateName(job->state()), formatElapsed(job->elapsedMs())));
    reloadHistory();
    refreshButtons();
    Q_EMIT statusMessage(m_summary->text());
    Q_EMIT runFinished(job->state());
}

// --- rows -----------------------------------------------------------------------------------

void BuildArea::refreshStepRow(int index)
{
    StepRow &row = m_rows[std::size_t(index)];
    Light light = Light::Off;
    switch (row.state) {
    case StepState::Pending:
        light = Light::Off;
        break;
    case StepState::Running:
        light = Light::Running;
        break;
    case StepState::Succeeded:
        light = Light::Ok;
        break;
    case StepState::Failed:
        light = Light::Failed;
        break;
    case StepState::Cancelled:
        light = Light::Warning;
        break;
    case StepState::Skipped:
        light = Light::Skipped;
        break;
    }
    row.item->setIcon(ColName, statusLight(light));
    row.item->setText(ColStatus, row.touched ? engine::jobs::stepStateName(row.state) : QString());
    row.item->setData(ColStatus, Qt::UserRole, int(row.state));
    Job *job = m_stepJobs[std::size_t(index)].data();
    if (row.state == StepState::Running && job) {
        const engine::jobs::JobProgress p = job->progress();
        if (p.isIndeterminate()) {
            row.progress->setRange(0, 0);
        } else {
            row.progress->setRange(0, 100);
            row.progress->setValue(int(p.fraction * 100.0));
        }
        row.item->setText(ColDetail, p.step);
    } else if (row.state == StepState::Running) {
        row.progress->setRange(0, 0);
    } else {
        if (row.progress->maximum() == 0)
            row.progress->setRange(0, 100);
        if (row.state == StepState::Failed || row.state == StepState::Cancelled) {
            const std::optional<Error> &error = m_pipeline && index < m_pipeline->steps().size()
                                                    ? m_pipeline->steps().at(index).error
                                                    : (job ? job->error() : std::optional<Error>());
            row.item->setText(ColDetail, error ? error->message : QString());
            row.item->setToolTip(ColDetail, row.item->text(ColDetail));
        } else if (row.state == StepState::Succeeded || row.state == StepState::Skipped) {
            row.item->setText(ColDetail, QString());
        }
    }
    refreshElapsed();
}

void BuildArea::refreshElapsed()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (StepRow &row : m_rows) {
        if (!row.item)
            continue;  // still being built
        qint64 ms = -1;
        if (row.startedAt.isValid())
            ms = row.startedAt.msecsTo(row.finishedAt.isValid() ? row.finishedAt : now);
        if (row.state == StepState::Skipped || row.state == StepState::Pending)
            ms = -1;
        row.item->setText(ColElapsed, formatElapsed(ms));
    }
    if (m_job && !m_job->isFinished())
        m_summary->setText(tr("%1: running for %2").arg(m_job->title(), formatElapsed(m_job->elapsedMs())));
}

void BuildArea::refreshDoctor()
{
    QTreeWidgetItem *parent = m_rows[0].item;
    qDeleteAll(parent->takeChildren());
    if (!m_run || !m_run->doctorReport())
        return;
    for (const engine::deploy::DoctorCheck &c : m_run->doctorReport()->checks) {
        auto *item = new QTreeWidgetItem(parent);
        item->setText(ColName, c.title);
        item->setIcon(ColName, statusLight(lightOfDoctor(c.status, c.required)));
        item->setText(ColStatus, engine::deploy::doctorStatusName(c.status) +
                                     (c.required && !c.isOk() ? tr(" (needed)") : QString()));
        QString detail = c.detail;
        if (!c.isOk() || c.status == engine::deploy::DoctorCheck::Status::Warning)
            if (!c.fix.isEmpty())
                detail += tr(" Fix: %1").arg(c.fix);
        item->setText(ColDetail, detail);
        item->setToolTip(ColDetail, detail);
        item->setData(ColName, Qt::UserRole, c.id);
    }
    parent->setExpanded(true);
}

void BuildArea::refreshServices()
{
    QTreeWidgetItem *parent = m_rows[1].item;
    qDeleteAll(parent->takeChildren());
    if (!m_run)
        return;
    using S = engine::deploy::ServiceBuild::State;
    int index = 0;
    for (const engine::deploy::ServiceBuild &s : m_run->services()) {
        auto *item = new QTreeWidgetItem(parent);
        item->setData(ColName, kServiceIndexRole, index++);
        item->setText(ColName, s.service);
        Light light = Light::Off;
        switch (s.state) {
        case S::Pending:
            break;
        case S::Building:
        case S::Pushing:
            light = Light::Running;
            break;
        case S::Built:
            light = Light::Ok;
            break;
        case S::Failed:
            light = Light::Failed;
            break;
        case S::Cancelled:
            light = Light::Warning;
            break;
        }
        item->setIcon(ColName, statusLight(light));
        item->setText(ColStatus, engine::deploy::serviceBuildStateName(s.state));
        if (s.elapsedMs > 0)
            item->setText(ColElapsed, formatElapsed(s.elapsedMs));
        const QString detail =
            s.error
                ? s.error->message
                : (s.state == S::Built ? s.reference() : s.image + QStringLiteral(" (") + s.builder + QLatin1Char(')'));
        item->setText(ColDetail, detail);
        item->setToolTip(ColDetail, detail);
    }
    parent->setExpanded(true);
}

void BuildArea::showStepMenu(const QPoint &pos)
{
    const QTreeWidgetItem *item = m_steps->itemAt(pos);
    if (!item || !m_run || item->parent() != m_rows[1].item)
        return;
    const int index = item->data(ColName, kServiceIndexRole).toInt();
    if (index < 0 || index >= m_run->services().size() || m_run->services().at(index).containerfile.isEmpty())
        return;  // only a native build generates one
    QMenu menu(this);
    menu.addAction(tr("Save Containerfile..."), this, [this, index] {
        const QString service = m_run->services().at(index).service;
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save the Containerfile of %1").arg(service),
                                         QDir::home().filePath(service + QStringLiteral(".Containerfile")));
        if (path.isEmpty())
            return;
        const Status st = saveContainerfile(index, path);
        if (!st.ok())
            m_banner->showMessage(MessageBanner::Level::Error, st.error().message);
    });
    menu.exec(m_steps->viewport()->mapToGlobal(pos));
}

Status BuildArea::saveContainerfile(int index, const QString &path) const
{
    if (!m_run || index < 0 || index >= m_run->services().size() || m_run->services().at(index).containerfile.isEmpty())
        return makeError(QStringLiteral("build.containerfile"), tr("This service has no generated Containerfile."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_run->services().at(index).containerfile.toUtf8()) < 0 ||
        !file.commit())
        return makeError(QStringLiteral("build.containerfile"),
                         tr("Cannot write %1: %2").arg(path, file.errorString()));
    return Ok{};
}

void BuildArea::refreshSessions()
{
    QTreeWidgetItem *parent = m_rows[2].item;
    qDeleteAll(parent->takeChildren());
    if (!m_run)
        return;
    using S = engine::deploy::SessionUpload::State;
    for (const engine::deploy::SessionUpload &s : m_run->sessions()) {
        auto *item = new QTreeWidgetItem(parent);
        item->setText(ColName, s.session);
        Light light = Light::Off;
        if (s.state == S::Checking || s.state == S::Uploading)
            light = Light::Running;
        else if (s.state == S::Created || s.state == S::Updated || s.state == S::Uploaded)
            light = Light::Ok;
        else if (s.state == S::Failed)
            light = Light::Failed;
        else if (s.state == S::Cancelled)
            light = Light::Warning;
        item->setIcon(ColName, statusLight(light));
        item->setText(ColStatus, engine::deploy::sessionUploadStateName(s.state));
        QString detail = s.error ? s.error->message : s.hash;
        if (s.changedElsewhere)
            detail += tr(" (changed elsewhere since the last upload)");
        item->setText(ColDetail, detail);
    }
    parent->setExpanded(true);
}

void BuildArea::refreshPods()
{
    QTreeWidgetItem *parent = m_rows[3].item;
    qDeleteAll(parent->takeChildren());
    if (!m_run)
        return;
    for (const engine::deploy::DeployedPod &p : m_run->pods()) {
        auto *item = new QTreeWidgetItem(parent);
        item->setText(ColName, p.name);
        Light light = Light::Running;
        if (p.removed)
            light = Light::Skipped;
        else if (p.isUp())
            light = Light::Ok;
        else if (!p.reason.isEmpty() && p.reason != QLatin1String("ContainerCreating"))
            light = Light::Failed;
        item->setIcon(ColName, statusLight(light));
        item->setText(ColStatus, p.status.isEmpty() ? p.phase : p.status);
        item->setText(ColElapsed, QStringLiteral("%1/%2").arg(p.readyContainers).arg(p.containers));
        item->setToolTip(ColElapsed, tr("ready containers"));
        QString detail = tr("phase %1, %2").arg(p.phase, p.ready ? tr("ready") : tr("not ready"));
        if (!p.isUp() && !p.message.isEmpty())
            detail += QStringLiteral(": ") + p.message;
        if (p.removed)
            detail += tr(" (removed)");
        item->setText(ColDetail, detail);
        item->setToolTip(ColDetail, detail);
    }
    parent->setExpanded(true);
}

void BuildArea::refreshButtons()
{
    const bool running = isRunning();
    const bool open = session() && session()->isOpen();
    const bool selected = selectedStep().has_value();
    m_runAll->setEnabled(open && !running);
    m_runStep->setEnabled(open && !running && selected);
    m_retry->setEnabled(open && !running && selected);
    m_cancel->setEnabled(running);
    m_builder->setEnabled(!running);
    m_upload->setEnabled(!running);
}

// --- selection and logs ---------------------------------------------------------------------

int BuildArea::selectedIndex() const
{
    QTreeWidgetItem *item = m_steps->currentItem();
    while (item && item->parent())
        item = item->parent();
    if (!item)
        return -1;
    return m_steps->indexOfTopLevelItem(item);
}

std::optional<DeployStep> BuildArea::selectedStep() const
{
    const int index = selectedIndex();
    if (index < 0 || index >= 4)
        return std::nullopt;
    return stepAt(index);
}

void BuildArea::selectStep(DeployStep step)
{
    m_steps->setCurrentItem(m_rows[std::size_t(stepIndex(step))].item);
    showSelectedLog();
}

StepState BuildArea::stepState(DeployStep step) const
{
    return m_rows[std::size_t(stepIndex(step))].state;
}

QString BuildArea::stepLogText(DeployStep step) const
{
    return m_rows[std::size_t(stepIndex(step))].log.join(QLatin1Char('\n'));
}

void BuildArea::showSelectedLog()
{
    const int index = selectedIndex();
    if (index == m_shownStep)
        return;
    m_shownStep = index;
    m_pendingLog.clear();
    m_log->clear();
    if (index < 0) {
        m_logTitle->setText(tr("Select a step to see its log."));
        return;
    }
    m_logTitle->setText(tr("Log of %1").arg(stepTitle(stepAt(index))));
    const QStringList &lines = m_rows[std::size_t(index)].log;
    if (!lines.isEmpty())
        m_log->setPlainText(lines.join(QLatin1Char('\n')));
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

// --- history --------------------------------------------------------------------------------

void BuildArea::reloadHistory()
{
    m_runs->clear();
    m_runSteps->clear();
    m_runLog->clear();
    m_history.clear();
    if (!session() || !session()->isOpen())
        return;
    engine::jobs::JobHistory history(session()->projectDir());
    auto runs = history.runs();
    if (!runs)
        return;
    m_history = runs.value();
    for (const engine::jobs::RunRecord &r : std::as_const(m_history)) {
        auto *item = new QTreeWidgetItem(m_runs);
        item->setText(0, r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        item->setText(1, r.title);
        item->setText(2, engine::jobs::jobStateName(r.state));
        item->setIcon(2, statusLight(r.state == JobState::Succeeded ? Light::Ok
                                     : r.state == JobState::Failed  ? Light::Failed
                                                                    : Light::Warning));
        item->setText(3, formatElapsed(r.durationMs));
    }
    for (int c = 0; c < 4; ++c)
        m_runs->resizeColumnToContents(c);
}

void BuildArea::selectHistoryRun(int row)
{
    m_runSteps->clear();
    m_runLog->clear();
    if (row < 0 || row >= m_history.size())
        return;
    if (m_runs->currentIndex().row() != row) {
        const QSignalBlocker block(m_runs);
        m_runs->setCurrentItem(m_runs->topLevelItem(row));
    }
    const engine::jobs::RunRecord &r = m_history.at(row);
    for (const engine::jobs::StepRecord &s : r.steps) {
        auto *item = new QTreeWidgetItem(m_runSteps);
        item->setText(0, s.name);
        item->setText(1, engine::jobs::stepStateName(s.state));
        Light light = Light::Off;
        if (s.state == StepState::Succeeded)
            light = Light::Ok;
        else if (s.state == StepState::Failed)
            light = Light::Failed;
        else if (s.state == StepState::Cancelled)
            light = Light::Warning;
        else if (s.state == StepState::Skipped)
            light = Light::Skipped;
        item->setIcon(1, statusLight(light));
        item->setText(2, s.state == StepState::Skipped ? QString() : formatElapsed(s.durationMs()));
        item->setText(3, s.error ? s.error->message : QString());
        item->setToolTip(3, item->text(3));
    }
    if (r.steps.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_runSteps);
        item->setText(0, r.title);
        item->setText(1, engine::jobs::jobStateName(r.state));
        item->setText(2, formatElapsed(r.durationMs));
        item->setText(3, r.error ? r.error->message : QString());
    }
    for (int c = 0; c < 3; ++c)
        m_runSteps->resizeColumnToContents(c);
    m_runLog->setPlainText(r.log);
}

void BuildArea::showCredentials()
{
    if (!session())
        return;
    if (!m_credentialsDialog) {
        auto *dialog = new CredentialsDialog(session()->credentials(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_credentialsDialog = dialog;
    }
    m_credentialsDialog->show();
    m_credentialsDialog->raise();
}

WorkbenchArea *createBuildArea(engine::ProjectSession *session, QWidget *parent)
{
    auto *area = new BuildArea(session, parent);
    // The Run locally panel (issue 16) as a page beside the pipeline and the history, in a
    // scroll area so that it does not raise the window's minimum size.
    auto *scroll = new QScrollArea(area);
    scroll->setObjectName(QStringLiteral("localRunScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(new LocalRunPanel(session, scroll));
    area->addPage(scroll, BuildArea::tr("Run locally"));
    return area;
}

}  // namespace workbench::ui
