// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/analysissnapshot.h"
#include "certs/certificateentries.h"
#include "certs/certificateexporter.h"
#include "certs/clock.h"
#include "common/workbencharea.h"
#include "core/result.h"

#include <QPointer>

class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
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
class CertificateTreeModel;
class ExpiryTimeline;
class VerificationPanel;

/// The Certificates area. Two sources:
/// - Project preview: the certificates the project's CAS policies will make, as the session's
///   analysis issues them in memory (its lazy last stage, asked for while the area is shown in
///   preview mode) from the current texts and settings, and verified (chains, purposes, the
///   names the mesh's clients dial, lint). The area issues and reads nothing itself.
/// - Inspect: a PEM/DER/PKCS#12 file, pasted text, or the chain a live host:port presents,
///   arranged by issuer and verified against the system store or a chosen CA file.
/// Both show the chain tree, the details, the verification panel and the expiry timeline, and
/// export certificates, chains, keys (encrypted by default) and PKCS#12 bundles.
class CertificatesArea : public WorkbenchArea
{
    Q_OBJECT
public:
    enum class Mode { Preview, Inspect };

    explicit CertificatesArea(engine::ProjectSession *session, QWidget *parent = nullptr);
    ~CertificatesArea() override;

    void setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files) override;

    /// Clock for issuance (the analysis' preview stage), verification and expiry colours (tests
    /// pin it); null = system. Not owned.
    void setClock(const models::certs::Clock *clock);
    /// Replace the dialogs (tests). Not owned; null restores the dialogs.
    void setPasswordProvider(models::certs::PasswordProvider *provider);
    void setExportPrompts(ExportPrompts *prompts);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    /// Issues a fresh preview now (skipping the delay).
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

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildUi();
    void updatePreviewWanted();
    void onPreviewFinished();
    void updatePreviewBanner();
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

    engine::tls::TlsChainFetcher *m_fetcher = nullptr;

    QList<CertificateEntry> m_previewEntries;
    QString m_previewStatus;  ///< what the preview stage says (issuing, result, cancelled, error)
    QString m_previewBanner;  ///< the project's counts, then m_previewStatus
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
