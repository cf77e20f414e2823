// SPDX-License-Identifier: Apache-2.0
// The Logs area's connection to the cluster: the connection bar (kubeconfig, context, namespace,
// release, selector, container, where the logs start), its values from the project's deployment
// settings until the user types others, and connecting: a KubeClient on the session's HTTP client,
// a new LogStore and an engine::kube::ReleaseLogs that follows the release's pods into it.
#include "kube/kubeclient.h"
#include "kube/kubeconfigloader.h"
#include "kube/kubeconnection.h"
#include "kube/releaselogs.h"
#include "logs/logsarea.h"
#include "logs/logstore.h"
#include "logs/logview.h"
#include "net/httpclient.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace workbench::ui {

using engine::kube::ReleaseLogOptions;
using engine::kube::ReleaseLogs;
using models::logs::LogStore;

void LogsArea::buildConnectionBar(QVBoxLayout *layout)
{
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

}  // namespace workbench::ui
