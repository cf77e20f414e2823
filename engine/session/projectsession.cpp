// SPDX-License-Identifier: Apache-2.0
#include "session/projectsession.h"

#include "analysis/projectanalysis.h"
#include "deploy/credentialstore.h"
#include "documents/documentmanager.h"
#include "jobs/jobrunner.h"
#include "keychain/keychain.h"
#include "localrun/localrunner.h"
#include "net/httpclient.h"
#include "project/projectworkspace.h"
#include "session/settingsstore.h"
#include "tls/tlschainfetcher.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace workbench::engine {

ProjectSession::ProjectSession(QObject *parent, const QString &recoveryDir)
    : QObject(parent)
{
    // The runner first: the analysis, autosave and the chain fetch submit their work to it.
    m_jobs = new jobs::JobRunner(this);
    m_workspace = new ProjectWorkspace(this);
    m_documents = new DocumentManager(m_workspace, this, recoveryDir, m_jobs);
    m_settings = new SettingsStore(m_documents, this);
    m_analysis = new ProjectAnalysis(m_workspace, m_settings, this, m_jobs);
    m_chainFetcher = new tls::TlsChainFetcher(this, m_jobs);
    m_keychain = std::make_unique<Keychain>();
    m_localRun = new localrun::LocalRunner(m_analysis, m_jobs, this);
    // Another project: the run of the previous one stops.
    connect(this, &ProjectSession::projectOpened, m_localRun, &localrun::LocalRunner::stop);

    // Files appearing or disappearing in the project are picked up (debounced).
    m_watcher = new QFileSystemWatcher(this);
    m_rescanTimer = new QTimer(this);
    m_rescanTimer->setSingleShot(true);
    m_rescanTimer->setInterval(300);
    connect(m_rescanTimer, &QTimer::timeout, this, &ProjectSession::rescan);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_rescanTimer, qOverload<>(&QTimer::start));
}

ProjectSession::~ProjectSession()
{
    // In reverse order of use: running jobs and the analysis first (they wait for their workers),
    // then what fed them. An autosave round in flight finishes writing first (as in a crash, its
    // copies are on disk), bounded.
    delete m_localRun;  // lets go of its jobs (the runner stops them)
    m_localRun = nullptr;
    m_documents->waitForAutosave();
    delete m_jobs;  // cancels its jobs; each job's destructor stops its own work, bounded
    m_jobs = nullptr;
    m_http.reset();         // after the jobs that may use it: cancels what is left, stops its thread
    delete m_chainFetcher;  // cancels; a lookup it cannot interrupt finishes on its own
    delete m_analysis;
    delete m_settings;
    delete m_documents;
    delete m_workspace;
}

net::HttpClient *ProjectSession::http() const
{
    if (!m_http)
        m_http = std::make_unique<net::HttpClient>();
    return m_http.get();
}

std::shared_ptr<const deploy::CredentialStore> ProjectSession::credentials() const
{
    if (!m_credentials)
        m_credentials = std::make_shared<const deploy::CredentialStore>(*m_keychain);
    return m_credentials;
}

QString ProjectSession::projectDir() const
{
    return m_workspace->projectDir();
}

Status ProjectSession::open(const QString &dir)
{
    const QFileInfo fi(dir);
    if (!fi.isDir())
        return makeError(QStringLiteral("project.not-a-folder"),
                         QStringLiteral("%1 is not a folder.").arg(QDir::toNativeSeparators(dir)));
    if (!fi.isReadable())
        return makeError(QStringLiteral("project.unreadable"),
                         QStringLiteral("%1 is not readable.").arg(QDir::toNativeSeparators(dir)));
    const QString canonical = fi.canonicalFilePath();
    m_documents->closeAll();
    m_settings->close();
    QString error;
    if (!m_workspace->open(canonical, &error))
        return makeError(QStringLiteral("project.open"), error);
    if (const Status st = m_settings->open(canonical); !st)
        Q_EMIT message(QStringLiteral("Deployment settings not read: ") + st.error().toString());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    watchFolders();
    Q_EMIT projectOpened(canonical);
    return Ok{};
}

void ProjectSession::rescan()
{
    if (!isOpen())
        return;
    m_workspace->rescan();
    watchFolders();
}

void ProjectSession::watchFolders()
{
    // The project folder and its sub-folders that hold files.
    QStringList dirs{projectDir()};
    for (const auto &f : m_workspace->files())
        dirs << QFileInfo(f.absolutePath).absolutePath();
    dirs.removeDuplicates();
    const QStringList watched = m_watcher->directories();
    for (const QString &d : std::as_const(dirs))
        if (!watched.contains(d))
            m_watcher->addPath(d);
}

void ProjectSession::shutdown()
{
    m_documents->shutdown();
}

}  // namespace workbench::engine
