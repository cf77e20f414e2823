// SPDX-License-Identifier: Apache-2.0
#include "logs/logsarea.h"

#include "jobs/concurrentjob.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "kube/releaselogs.h"
#include "logs/logexporter.h"
#include "logs/logjobs.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "logs/logviewpalette.h"
#include "logs/podlist_p.h"
#include "net/httpclient.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::kube::LogStreamState;
using engine::kube::ReleaseLogOptions;
using engine::kube::ReleaseLogs;
using engine::kube::ReleaseLogStreamInfo;
using models::logs::FilterResult;
using models::logs::LineNumber;
using models::logs::LogLevel;
using models::logs::LogSnapshot;
using models::logs::LogStore;
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

    // Connection bar.
    auto *bar = new QHBoxLayout;
    bar->setSpacing(4);
    m_kubeconfig = new QLineEdit(this);
    m_kubeconfig->setObjectName(QStringLiteral("kubeconfig"));
    m_kubeconfig->setPlaceholderText(tr("KUBECONFIG or ~/.kube/config"));
    m_kubeconfig->setToolTip(tr("The kubeconfig file; empty: KUBECONFIG's files merged, else ~/.kube/config"));
    m_context = new QComboBox(this);
    m_context->setObjectName(QStringLiteral("context"));
    m_context->setEditable(true);
    m_context->setMinimumContentsLength(12);
    m_context->lineEdit()->setPlaceholderText(tr("current context"));
    m_namespace = new QLineEdit(this);
    m_namespace->setObjectName(QStringLiteral("namespace"));
    m_namespace->setPlaceholderText(tr("context's namespace"));
    m_release = new QLineEdit(this);
    m_release->setObjectName(QStringLiteral("release"));
    m_release->setPlaceholderText(tr("release"));
    m_selector = new QLineEdit(this);
    m_selector->setObjectName(QStringLiteral("selector"));
    m_selector->setPlaceholderText(tr("label selector (optional)"));
    m_selector->setToolTip(tr("Narrows the release's pods, e.g. app.kubernetes.io/name=api; without a release, "
                              "the pods it selects"));
    m_container = new QLineEdit(this);
    m_container->setObjectName(QStringLiteral("container"));
    m_container->setPlaceholderText(tr("all containers"));
    m_from = new QComboBox(this);
    m_from->setObjectName(QStringLiteral("from"));
    m_from->setToolTip(tr("What each container's log starts with (streams that reconnect resume where they stopped)"));
    m_from->addItem(tr("Whole log"), QString());
    m_from->addItem(tr("Last 1,000 lines"), QStringLiteral("tail:1000"));
    m_from->addItem(tr("Last 10,000 lines"), QStringLiteral("tail:10000"));
    m_from->addItem(tr("Last 100,000 lines"), QStringLiteral("tail:100000"));
    m_from->addItem(tr("Last 5 minutes"), QStringLiteral("since:300"));
    m_from->addItem(tr("Last hour"), QStringLiteral("since:3600"));
    m_from->addItem(tr("Last day"), QStringLiteral("since:86400"));
    m_connect = new QPushButton(tr("Connect"), this);
    m_connect->setObjectName(QStringLiteral("connect"));
    auto browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a kubeconfig file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Kubeconfig"), m_kubeconfig->text());
        if (!file.isEmpty())
            m_kubeconfig->setText(file);
    });
    bar->addWidget(new QLabel(tr("Kubeconfig"), this));
    bar->addWidget(m_kubeconfig, 2);
    bar->addWidget(browse);
    bar->addWidget(new QLabel(tr("Context"), this));
    bar->addWidget(m_context, 1);
    bar->addWidget(new QLabel(tr("Namespace"), this));
    bar->addWidget(m_namespace, 1);
    layout->addLayout(bar);
    // A second row, so that the area fits a narrow window.
    auto *bar2 = new QHBoxLayout;
    bar2->setSpacing(4);
    bar2->addWidget(new QLabel(tr("Release"), this));
    bar2->addWidget(m_release, 1);
    bar2->addWidget(m_selector, 2);
    bar2->addWidget(m_container, 1);
    bar2->addWidget(m_from);
    bar2->addWidget(m_connect);
    layout->addLayout(bar2);
    for (QLineEdit *e : {m_kubeconfig, m_namespace, m_release, m_selector, m_container}) {
        connect(e, &QLineEdit::textEdited, this, [this] { m_userEditedConnection = true; });
        connect(e, &QLineEdit::returnPressed, this, &LogsArea::connectToCluster);
    }
    connect(m_context, &QComboBox::editTextChanged, this, [this] {
        if (!m_applyingSettings)
            m_userEditedConnection = true;
    });
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (isConnected())
            disconnectFromCluster();
        else
            connectToCluster();
    });

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("logsBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setVisible(false);
    layout->addWidget(m_banner);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter, 1);

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

    // Log side: toolbar, view, status.
    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(4);
    auto *tools = new QHBoxLayout;
    tools->setSpacing(4);
    m_include = new QLineEdit(right);
    m_include->setObjectName(QStringLiteral("filterInclude"));
    m_include->setPlaceholderText(tr("Filter: show lines with…"));
    m_include->setClearButtonEnabled(true);
    m_exclude = new QLineEdit(right);
    m_exclude->setObjectName(QStringLiteral("filterExclude"));
    m_exclude->setPlaceholderText(tr("…hide lines with"));
    m_exclude->setClearButtonEnabled(true);
    m_filterRegex = new QCheckBox(tr("Regex"), right);
    m_level = new QComboBox(right);
    m_level->setObjectName(QStringLiteral("minimumLevel"));
    m_level->addItem(tr("All levels"), int(LogLevel::None));
    m_level->addItem(tr("Info and above"), int(LogLevel::Info));
    m_level->addItem(tr("Warnings and errors"), int(LogLevel::Warning));
    m_level->addItem(tr("Errors"), int(LogLevel::Error));
    m_sconeOnly = new QCheckBox(tr("SCONE events"), right);
    m_sconeOnly->setToolTip(tr("Only lines about attestation, the CAS, sessions and secrets (and markers)"));
    m_search = new QLineEdit(right);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setClearButtonEnabled(true);
    m_searchRegex = new QCheckBox(tr("Regex"), right);
    auto *prev = new QToolButton(right);
    prev->setText(QStringLiteral("▲"));
    prev->setToolTip(tr("Previous match (Shift+F3)"));
    auto *next = new QToolButton(right);
    next->setText(QStringLiteral("▼"));
    next->setToolTip(tr("Next match (F3)"));
    auto toggle = [right](const QString &text, const QString &name) {
        auto *b = new QToolButton(right);
        b->setText(text);
        b->setObjectName(name);
        b->setCheckable(true);
        return b;
    };
    m_follow = toggle(tr("Follow"), QStringLiteral("follow"));
    m_wrap = toggle(tr("Wrap"), QStringLiteral("wrap"));
    m_timestamps = toggle(tr("Timestamps"), QStringLiteral("timestamps"));
    auto *save = new QToolButton(right);
    save->setText(tr("Save…"));
    save->setObjectName(QStringLiteral("save"));
    auto *copy = new QToolButton(right);
    copy->setText(tr("Copy"));
    auto *clear = new QToolButton(right);
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Forget the lines received so far (the streams go on)"));
    tools->addWidget(m_include, 2);
    tools->addWidget(m_exclude, 1);
    tools->addWidget(m_filterRegex);
    tools->addWidget(m_level);
    tools->addWidget(m_sconeOnly);
    rightLayout->addLayout(tools);
    tools = new QHBoxLayout;  // a second row, so that the area fits a narrow window
    tools->setSpacing(4);
    tools->addWidget(m_search, 2);
    tools->addWidget(m_searchRegex);
    tools->addWidget(prev);
    tools->addWidget(next);
    tools->addStretch(1);
    tools->addWidget(m_follow);
    tools->addWidget(m_wrap);
    tools->addWidget(m_timestamps);
    tools->addWidget(save);
    tools->addWidget(copy);
    tools->addWidget(clear);
    rightLayout->addLayout(tools);

    m_view = new LogView(right);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setDelegatesFind(true);
    rightLayout->addWidget(m_view, 1);
    m_status = new QLabel(right);
    m_status->setObjectName(QStringLiteral("logsStatus"));
    rightLayout->addWidget(m_status);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({430, 970});

    auto refilter = [this] { filterChanged(); };
    connect(m_include, &QLineEdit::textChanged, this, refilter);
    connect(m_exclude, &QLineEdit::textChanged, this, refilter);
    connect(m_filterRegex, &QCheckBox::toggled, this, refilter);
    connect(m_sconeOnly, &QCheckBox::toggled, this, refilter);
    connect(m_level, &QComboBox::currentIndexChanged, this, refilter);
    auto research = [this] {
        const Status s = setSearchText(m_search->text(), m_searchRegex->isChecked());
        m_search->setToolTip(s ? QString() : s.error().message);
        m_search->setStyleSheet(s ? QString() : QStringLiteral("QLineEdit { color: #c62828; }"));
    };
    connect(m_search, &QLineEdit::textChanged, this, research);
    connect(m_searchRegex, &QCheckBox::toggled, this, research);
    connect(m_search, &QLineEdit::returnPressed, this, &LogsArea::findNext);
    connect(next, &QToolButton::clicked, this, &LogsArea::findNext);
    connect(prev, &QToolButton::clicked, this, &LogsArea::findPrevious);
    connect(m_view, &LogView::findRequested, this, [this](bool forward) {
        if (forward)
            findNext();
        else
            findPrevious();
    });
    m_follow->setChecked(m_view->isFollowing());
    connect(m_follow, &QToolButton::toggled, m_view, &LogView::setFollowing);
    connect(m_view, &LogView::followingChanged, m_follow, &QToolButton::setChecked);
    connect(m_wrap, &QToolButton::toggled, m_view, &LogView::setWrapLines);
    connect(m_timestamps, &QToolButton::toggled, m_view, &LogView::setShowTimestamps);
    connect(save, &QToolButton::clicked, this, &LogsArea::saveInteractive);
    connect(copy, &QToolButton::clicked, m_view, &LogView::copySelection);
    connect(clear, &QToolButton::clicked, this, &LogsArea::clearLines);
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

void LogsArea::applySettings(bool force)
{
    if ((m_userEditedConnection && !force) || !session() || !session()->isOpen())
        return;
    const models::policy::DeploymentSettings &settings = session()->settings()->settings();
    m_applyingSettings = true;
    m_release->setText(settings.release);
    m_namespace->setText(settings.kubeNamespace);
    m_context->setEditText(settings.kubeContext);
    m_applyingSettings = false;
}

LogsArea::Connection LogsArea::connection() const
{
    return {m_kubeconfig->text().trimmed(), m_context->currentText().trimmed(), m_namespace->text().trimmed(),
            m_release->text().trimmed(),    m_selector->text().trimmed(),       m_container->text().trimmed()};
}

void LogsArea::setConnection(const Connection &c)
{
    m_applyingSettings = true;
    m_kubeconfig->setText(c.kubeconfig);
    m_context->setEditText(c.context);
    m_namespace->setText(c.namespaceName);
    m_release->setText(c.release);
    m_selector->setText(c.selector);
    m_container->setText(c.container);
    m_applyingSettings = false;
    m_userEditedConnection = true;
}

bool LogsArea::isConnected() const
{
    return m_connected;
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

void LogsArea::connectToCluster()
{
    disconnectFromCluster();
    const Connection c = connection();
    if (c.release.isEmpty() && c.selector.isEmpty()) {
        setBanner(tr("Set the release (or a label selector) whose pods to show."), true);
        return;
    }
    auto config = models::kube::KubeconfigLoader::loadFromEnvironment(c.kubeconfig);
    if (!config) {
        setBanner(tr("Cannot use the kubeconfig: %1").arg(config.error().toString()), true);
        return;
    }
    {
        const QString typed = m_context->currentText();
        m_applyingSettings = true;
        m_context->clear();
        m_context->addItems(config->contexts().keys());
        m_context->setEditText(typed);
        m_applyingSettings = false;
    }
    auto resolved = models::kube::KubeConnection::resolve(config.value(), c.context, c.namespaceName);
    if (!resolved) {
        setBanner(tr("Cannot connect: %1").arg(resolved.error().toString()), true);
        return;
    }
    if (!session()) {
        setBanner(tr("Cannot connect: no project session."), true);
        return;
    }
    setBanner(resolved->warnings.join(QLatin1Char('\n')), false);

    // A new connection starts a new log: the previous one goes with its jobs.
    delete m_filterJob.data();
    delete m_searchJob.data();
    m_view->setStore(nullptr);
    m_view->clearFilterResult();
    m_filterResult.reset();
    m_pendingIncrements.clear();
    delete m_logs;
    m_logs = nullptr;
    m_client.reset();
    detachLocalRun();
    m_store.reset();
    m_pods->clear();
    // The session's one HTTP client; the Kubernetes client is per connection.
    m_client = std::make_unique<engine::kube::KubeClient>(*session()->http(), resolved.value());
    m_store = std::make_unique<LogStore>();
    m_view->setStore(m_store.get());
    attachLocalRun();

    ReleaseLogOptions options;
    options.namespaceName = resolved->namespaceName;
    options.labelSelector =
        c.release.isEmpty() ? c.selector : ReleaseLogOptions::selectorFor(c.release, {}, c.selector);
    options.container = c.container;
    options.follow = true;
    const QString from = m_from->currentData().toString();
    if (from.startsWith(QLatin1String("tail:")))
        options.tailLines = from.mid(5).toLongLong();
    else if (from.startsWith(QLatin1String("since:")))
        options.sinceSeconds = from.mid(6).toLongLong();
    m_logs = new ReleaseLogs(*m_client, *m_store, options, this);
    const QString where = resolved->describe();
    connect(m_logs, &ReleaseLogs::linesAppended, this, &LogsArea::onLinesAppended);
    connect(m_logs, &ReleaseLogs::streamChanged, this, &LogsArea::onStreamChanged);
    connect(m_logs, &ReleaseLogs::started, this, [this, options] {
        Q_EMIT statusMessage(tr("Following the pods of %1 in %2.").arg(options.labelSelector, options.namespaceName));
        refreshPods();
    });
    connect(m_logs, &ReleaseLogs::failed, this, [this, where](const workbench::Error &error) {
        setBanner(tr("Cannot reach the cluster (%1): %2").arg(where, error.toString()), true);
        m_connected = false;
        m_podsTimer.stop();
        updateActions();
        Q_EMIT connectedChanged(false);
    });
    connect(m_logs, &ReleaseLogs::watchProblem, this, [this](const workbench::Error &error, int retryInMs) {
        setBanner(tr("The pod watch failed: %1 Retrying in %2 s; the log streams go on reconnecting by themselves.")
                      .arg(error.toString())
                      .arg(double(retryInMs) / 1000.0, 0, 'f', 1),
                  true);
    });
    connect(m_logs, &ReleaseLogs::watchRecovered, this, [this] { setBanner({}, false); });
    connect(m_logs, &ReleaseLogs::finished, this, [this] {
        m_connected = false;
        m_podsTimer.stop();
        refreshPods();
        updateActions();
        Q_EMIT connectedChanged(false);
    });
    m_connected = true;
    m_podsTimer.start();
    if (!m_spec.isEmpty())
        filterChanged();
    updateActions();
    updateStatus();
    Q_EMIT connectedChanged(true);
    m_logs->start();
}

void LogsArea::disconnectFromCluster()
{
    if (m_logs && !m_logs->isFinished())
        m_logs->stop();  // finished() follows; the lines stay
    m_connected = false;
    m_podsTimer.stop();
    updateActions();
}

void LogsArea::onLinesAppended()
{
    // O(1) per batch: the view catches up on its timer, the filter on filterTick().
    m_view->linesAppended();
    m_linesPending = true;
    if (!m_filterTimer.isActive())
        m_filterTimer.start();
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

// ---- save, previous, clear ------------------------------------------------------------------

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
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly)) {
                Error e = makeError(QStringLiteral("logs.write"), QStringLiteral("Could not write %1.").arg(path),
                                    file.errorString());
                e.file = path;
                return e;
            }
            const Status written = lines ? exporter->write(file, snapshot, *lines)
                                         : exporter->write(file, snapshot, snapshot.firstLine(), snapshot.endLine());
            if (!written) {
                file.cancelWriting();
                Error e = written.error();
                e.file = path;
                return e;
            }
            if (!file.commit()) {
                Error e = makeError(QStringLiteral("logs.write"), QStringLiteral("Could not write %1.").arg(path),
                                    file.errorString());
                e.file = path;
                return e;
            }
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

// ---- status -------------------------------------------------------------------------------

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
