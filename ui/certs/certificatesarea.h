// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "areas/workbencharea.h"
#include "certs/certificateentries.h"
#include "certs/certificateexporter.h"
#include "certs/clock.h"
#include "core/result.h"

#include <QPointer>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QToolButton;
class QTreeView;

namespace workbench::engine::tls {
class TlsChainFetcher;
}
namespace workbench::models::certs {
class PasswordProvider;
}

namespace workbench::ui {

class CertificateDetailsWidget;
class CertificatePreviewJob;
class CertificateTreeModel;
class ExpiryTimeline;
class VerificationPanel;

/// The Certificates area. Two sources:
/// - Project preview: the certificates the project's CAS policies will make, issued in memory
///   from the workspace's current texts (unsaved edits included) on a worker thread, refreshed
///   (debounced) when a manifest changes, and verified (chains, purposes, the names the mesh's
///   clients dial, lint).
/// - Inspect: a PEM/DER/PKCS#12 file, pasted text, or the chain a live host:port presents,
///   arranged by issuer and verified against the system store or a chosen CA file.
/// Both show the chain tree, the details, the verification panel and the expiry timeline, and
/// export certificates, chains, keys (encrypted by default) and PKCS#12 bundles.
class CertificatesArea : public WorkbenchArea
{
    Q_OBJECT
public:
    enum class Mode { Preview, Inspect };

    explicit CertificatesArea(engine::ProjectWorkspace *workspace, QWidget *parent = nullptr);
    ~CertificatesArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// Clock for issuance, verification and expiry colours (tests pin it); null = system. Not owned.
    void setClock(const models::certs::Clock *clock);
    /// Replace the dialogs (tests). Not owned; null restores the dialogs.
    void setPasswordProvider(models::certs::PasswordProvider *provider);
    void setExportPrompts(ExportPrompts *prompts);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    /// Starts a preview now (skipping the debounce).
    void refreshPreview();
    void cancelPreview();
    bool isPreviewRunning() const;

    Status openCertificateFile(const QString &path);
    Status inspectData(const QByteArray &data, const QString &source);
    void fetchEndpoint(const QString &hostPort);
    /// Trust anchors for Inspect: a CA file, or the system store when @p path is empty.
    Status setTrustFile(const QString &path);

    CertificateTreeModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }
    CertificateDetailsWidget *details() const { return m_details; }
    VerificationPanel *verificationPanel() const { return m_verification; }
    ExpiryTimeline *timeline() const { return m_timeline; }
    QString bannerText() const;

    /// Selects the entry whose title and source match (first match); false if none.
    bool selectEntry(const QString &title, const QString &source = {});
    const CertificateEntry *currentEntry() const;
    Result<QString> exportCurrent(CertificateExport what);

Q_SIGNALS:
    void previewFinished();
    void inspectionFinished();

private:
    void buildUi();
    void schedulePreview();
    void startPreview();
    void onPreviewFinished();
    void onFetchFinished();
    void setInspected(const QString &source, const QList<models::certs::Certificate> &certs,
                      const QList<models::certs::PrivateKey> &keys, const QString &dialledHost);
    void verifyInspected();
    void showEntries();
    void onCurrentChanged();
    void setBanner(const QString &text, bool error = false);
    QDateTime now() const;

    Mode m_mode = Mode::Preview;
    const models::certs::Clock *m_clock = nullptr;
    models::certs::PasswordProvider *m_passwords = nullptr;
    ExportPrompts *m_prompts = nullptr;

    CertificateTreeModel *m_model = nullptr;
    QTreeView *m_tree = nullptr;
    CertificateDetailsWidget *m_details = nullptr;
    VerificationPanel *m_verification = nullptr;
    ExpiryTimeline *m_timeline = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_banner = nullptr;
    QToolButton *m_previewButton = nullptr;
    QToolButton *m_inspectButton = nullptr;
    QStackedWidget *m_toolRows = nullptr;
    QToolButton *m_reissue = nullptr;
    QToolButton *m_cancel = nullptr;
    QLineEdit *m_hostEdit = nullptr;
    QToolButton *m_fetch = nullptr;
    QToolButton *m_trust = nullptr;
    QToolButton *m_export = nullptr;
    QTimer *m_debounce = nullptr;

    CertificatePreviewJob *m_job = nullptr;
    engine::tls::TlsChainFetcher *m_fetcher = nullptr;

    QList<CertificateEntry> m_previewEntries;
    QString m_previewBanner;
    QString m_namespaceNote;  // set when previewing under a stand-in APP_NAMESPACE
    bool m_previewError = false;
    QList<CertificateEntry> m_inspectEntries;
    QString m_inspectBanner;
    bool m_inspectError = false;
    // What is being inspected, kept to re-verify when the trust anchors change.
    QString m_inspectSource;
    QList<models::certs::Certificate> m_inspectCerts;
    QList<models::certs::PrivateKey> m_inspectKeys;
    QString m_inspectHost;  // host name a TLS peer was dialled as; empty for files
    QList<models::certs::Certificate> m_trusted;
    QString m_trustLabel;
};

}  // namespace workbench::ui
