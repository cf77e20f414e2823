// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"

#include <QObject>
#include <QString>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace workbench::engine {

class DocumentManager;
class Keychain;
class ProjectAnalysis;
class ProjectWorkspace;
class SettingsStore;
namespace jobs {
class JobRunner;
}
namespace localrun {
class LocalRunner;
}
namespace net {
class HttpClient;
}
namespace deploy {
class CredentialStore;
}
namespace tls {
class TlsChainFetcher;
}

/// The composition root of the workbench: one per window (or per command), it owns everything
/// that holds state about the open project, and it is the only place these objects are made:
///
/// - workspace(): the folder, its files and the current text of each (unsaved buffers included);
/// - documents(): the open documents (save, external changes, autosave and recovery);
/// - settings(): the deployment settings, a document of documents() with its own edits;
/// - analysis(): the one analysis chain every area, the status bar and the Problems pane read;
/// - chainFetcher(): fetches the certificate chain a TLS endpoint presents (the Certificates
///   area's Inspect);
/// - jobs(): the job runner every long action (build, upload, deploy) is submitted to, and where
///   the session's own background work runs as jobs: the analysis runs and autosave rounds
///   (background jobs, Job::isBackground()) and the TLS chain fetch — so a Jobs list sees
///   everything that runs, and cancels it with the one "cancelled" error;
/// - http(): the one HTTP client (libcurl multi, one I/O thread) for the CAS and Kubernetes
///   APIs and log streams, made on first use;
/// - keychain(): the OS keychain, where secrets are kept (never in the project or QSettings);
/// - localRun(): "Run locally" of the project (one run at a time, a job of jobs()); its log
///   lines reach the Logs area through it (attachLogStore()).
///
/// `main.cpp` creates the GUI's session and hands it to the main window, which hands it to every
/// area; areas construct no engine object of their own. The session also watches the project
/// folder and rescans it when files appear or disappear. Lives on the UI thread.
class ProjectSession : public QObject
{
    Q_OBJECT
public:
    /// @p recoveryDir: where unsaved buffers are autosaved (default `<AppDataLocation>/recovery`).
    explicit ProjectSession(QObject *parent = nullptr, const QString &recoveryDir = {});
    ~ProjectSession() override;

    /// Opens @p dir: closes the documents of the previous project (the UI asked about unsaved
    /// changes before), scans the folder, opens its settings and starts the analysis. On failure
    /// the previous project stays open.
    Status open(const QString &dir);
    QString projectDir() const;
    bool isOpen() const { return !projectDir().isEmpty(); }
    /// Re-scans the folder now (it is also done, debounced, when the folder changes).
    void rescan();

    ProjectWorkspace *workspace() const { return m_workspace; }
    DocumentManager *documents() const { return m_documents; }
    SettingsStore *settings() const { return m_settings; }
    ProjectAnalysis *analysis() const { return m_analysis; }
    tls::TlsChainFetcher *chainFetcher() const { return m_chainFetcher; }
    jobs::JobRunner *jobs() const { return m_jobs; }
    const Keychain &keychain() const { return *m_keychain; }
    localrun::LocalRunner *localRun() const { return m_localRun; }
    /// The HTTP client of the session's network jobs (CAS uploads, the Kubernetes API of the
    /// deploy step); made on first use, outlives every job of jobs().
    net::HttpClient *http() const;
    /// The Build & Deploy credentials in keychain() (registry logins, CAS identity, signing
    /// key passphrase).
    std::shared_ptr<const deploy::CredentialStore> credentials() const;

    /// Clean end, after the UI decided about unsaved changes: stops autosaving and removes this
    /// session's recovery copies. Without it (a crash) they stay for the next start.
    void shutdown();

Q_SIGNALS:
    /// A project was opened (the workspace, the settings and the analysis are switched).
    void projectOpened(const QString &dir);
    /// Something the user should read (a settings file that cannot be read, ...).
    void message(const QString &text);

private:
    void watchFolders();

    ProjectWorkspace *m_workspace = nullptr;
    DocumentManager *m_documents = nullptr;
    SettingsStore *m_settings = nullptr;
    ProjectAnalysis *m_analysis = nullptr;
    tls::TlsChainFetcher *m_chainFetcher = nullptr;
    jobs::JobRunner *m_jobs = nullptr;
    std::unique_ptr<Keychain> m_keychain;
    localrun::LocalRunner *m_localRun = nullptr;
    mutable std::unique_ptr<net::HttpClient> m_http;  ///< destroyed after m_jobs (see the destructor)
    mutable std::shared_ptr<const deploy::CredentialStore> m_credentials;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_rescanTimer = nullptr;
};

}  // namespace workbench::engine
