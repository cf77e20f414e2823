// SPDX-License-Identifier: Apache-2.0
#include "certs/certificatesarea.h"
#include "core/plural.h"

#include "analysis/projectanalysis.h"
#include "certs/certificatedetailswidget.h"
#include "certs/certificatefile.h"
#include "certs/certificatetreemodel.h"
#include "certs/dialogpasswordprovider.h"
#include "certs/expirytimeline.h"
#include "certs/verificationpanel.h"
#include "common/theme.h"
#include "session/projectsession.h"
#include "tls/tlschainfetcher.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace workbench::ui {

using namespace workbench::models;
using namespace workbench::models::certs;

namespace {

QToolButton *toolButton(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(objectName);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setAutoRaise(false);
    return b;
}

}  // namespace

WorkbenchArea *createCertificatesArea(engine::ProjectSession *session, QWidget *parent)
{
    return new CertificatesArea(session, parent);
}

CertificatesArea::CertificatesArea(engine::ProjectSession *session, QWidget *parent)
    : WorkbenchArea(AreaId::Certificates, session, parent)
    , m_fetcher(session->chainFetcher())
{
    m_trustLabel = QStringLiteral("system trust store");
    buildUi();
    engine::ProjectAnalysis *analysis = session->analysis();
    connect(analysis, &engine::ProjectAnalysis::certificatePreviewFinished, this, &CertificatesArea::onPreviewFinished);
    connect(analysis, &engine::ProjectAnalysis::certificatePreviewStarted, this, [this] {
        m_cancel->setEnabled(true);
        m_previewStatus = QStringLiteral("Issuing preview keys and certificates…");
        m_previewError = false;
        updatePreviewBanner();
    });
    connect(analysis, &engine::ProjectAnalysis::certificatePreviewProgress, this, [this](int done, int total) {
        m_previewStatus = QStringLiteral("Issuing preview keys and certificates… %1/%2").arg(done).arg(total);
        updatePreviewBanner();
    });
    // The header's counts are the project's, whatever the preview is doing.
    connect(analysis, &engine::ProjectAnalysis::snapshotChanged, this, &CertificatesArea::updatePreviewBanner);
    connect(m_fetcher, &engine::tls::TlsChainFetcher::finished, this, &CertificatesArea::onFetchFinished);
    updatePreviewBanner();
}

CertificatesArea::~CertificatesArea()
{
    if (session())
        session()->analysis()->setCertificatePreviewWanted(false);
}

void CertificatesArea::showEvent(QShowEvent *event)
{
    WorkbenchArea::showEvent(event);
    updatePreviewWanted();
}

void CertificatesArea::hideEvent(QHideEvent *event)
{
    WorkbenchArea::hideEvent(event);
    updatePreviewWanted();
}

void CertificatesArea::updatePreviewWanted()
{
    // The preview is the analysis' lazy stage: keys are made only while someone looks.
    session()->analysis()->setCertificatePreviewWanted(isVisible() && m_mode == Mode::Preview);
}

void CertificatesArea::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    auto *top = new QHBoxLayout;
    m_previewButton = toolButton(QStringLiteral("Project preview"), QStringLiteral("previewMode"), this);
    m_inspectButton = toolButton(QStringLiteral("Inspect"), QStringLiteral("inspectMode"), this);
    for (QToolButton *b : {m_previewButton, m_inspectButton})
        b->setCheckable(true);
    m_previewButton->setChecked(true);
    m_previewButton->setToolTip(
        QStringLiteral("Certificates the project's policies will issue, generated here as a preview"));
    m_inspectButton->setToolTip(QStringLiteral("Certificate files, pasted PEM, and live TLS endpoints"));
    top->addWidget(m_previewButton);
    top->addWidget(m_inspectButton);
    top->addSpacing(12);

    m_toolRows = new QStackedWidget(this);
    auto *previewRow = new QWidget(m_toolRows);
    auto *pr = new QHBoxLayout(previewRow);
    pr->setContentsMargins(0, 0, 0, 0);
    m_reissue = toolButton(QStringLiteral("Re-issue"), QStringLiteral("reissue"), previewRow);
    m_reissue->setToolTip(QStringLiteral("Generate fresh preview keys and certificates from the current manifests"));
    m_cancel = toolButton(QStringLiteral("Cancel"), QStringLiteral("cancelPreview"), previewRow);
    m_cancel->setEnabled(false);
    pr->addWidget(m_reissue);
    pr->addWidget(m_cancel);
    pr->addStretch(1);
    m_toolRows->addWidget(previewRow);

    auto *inspectRow = new QWidget(m_toolRows);
    auto *ir = new QHBoxLayout(inspectRow);
    ir->setContentsMargins(0, 0, 0, 0);
    auto *open = toolButton(QStringLiteral("Open file…"), QStringLiteral("openFile"), inspectRow);
    auto *paste = toolButton(QStringLiteral("Paste"), QStringLiteral("paste"), inspectRow);
    m_hostEdit = new QLineEdit(inspectRow);
    m_hostEdit->setObjectName(QStringLiteral("hostPort"));
    m_hostEdit->setPlaceholderText(QStringLiteral("host:port"));
    m_hostEdit->setClearButtonEnabled(true);
    m_hostEdit->setMaximumWidth(260);
    m_fetch = toolButton(QStringLiteral("Fetch chain"), QStringLiteral("fetch"), inspectRow);
    m_trust = toolButton(QStringLiteral("Trust: system"), QStringLiteral("trust"), inspectRow);
    m_trust->setPopupMode(QToolButton::InstantPopup);
    auto *trustMenu = new QMenu(m_trust);
    trustMenu->addAction(QStringLiteral("System trust store"), this, [this] { setTrustFile({}); });
    trustMenu->addAction(QStringLiteral("CA file…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, QStringLiteral("Trust the certificates in"), m_projectDir,
            QStringLiteral("Certificates (*.pem *.crt *.cer *.der *.p12 *.pfx);;All files (*)"));
        if (!path.isEmpty())
            setTrustFile(path);
    });
    m_trust->setMenu(trustMenu);
    ir->addWidget(open);
    ir->addWidget(paste);
    ir->addSpacing(8);
    ir->addWidget(m_hostEdit);
    ir->addWidget(m_fetch);
    ir->addSpacing(8);
    ir->addWidget(m_trust);
    ir->addStretch(1);
    m_toolRows->addWidget(inspectRow);
    top->addWidget(m_toolRows, 1);

    m_export = toolButton(QStringLiteral("Export"), QStringLiteral("export"), this);
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(m_export);
    auto addExport = [this, exportMenu](const QString &text, CertificateExport what) {
        exportMenu->addAction(text, this, [this, what] {
            const auto r = exportCurrent(what);
            if (r.ok())
                Q_EMIT statusMessage(QStringLiteral("Exported to %1").arg(r.value()));
            else if (r.error().code != QLatin1String("ui.cancelled"))
                setBanner(r.error().toString(), true);
        });
    };
    addExport(QStringLiteral("Certificate (PEM)…"), CertificateExport::Certificate);
    addExport(QStringLiteral("Chain, leaf → root…"), CertificateExport::ChainLeafToRoot);
    addExport(QStringLiteral("Chain, root → leaf…"), CertificateExport::ChainRootToLeaf);
    addExport(QStringLiteral("Private key (encrypted PKCS#8)…"), CertificateExport::PrivateKey);
    addExport(QStringLiteral("PKCS#12 bundle…"), CertificateExport::Pkcs12);
    m_export->setMenu(exportMenu);
    top->addWidget(m_export);
    layout->addLayout(top);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_banner);

    auto *vertical = new QSplitter(Qt::Vertical, this);
    auto *horizontal = new QSplitter(Qt::Horizontal, vertical);
    m_model = new CertificateTreeModel(this);
    m_tree = new QTreeView(horizontal);
    m_tree->setObjectName(QStringLiteral("chainTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    // Names share prefixes and suffixes (redis_ca_cert, redis_client_cert): cut in the middle,
    // the whole text is the tooltip.
    m_tree->setTextElideMode(Qt::ElideMiddle);
    // The name takes what the other columns leave (cut in the middle when narrow).
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(CertificateTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tabs = new QTabWidget(horizontal);
    m_details = new CertificateDetailsWidget(m_tabs);
    auto *detailsScroll = new QScrollArea(m_tabs);
    detailsScroll->setObjectName(QStringLiteral("detailsScroll"));
    detailsScroll->setWidgetResizable(true);
    // The details wrap to the pane's width; what does not fit in height scrolls.
    detailsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    detailsScroll->setWidget(m_details);
    m_verification = new VerificationPanel(m_tabs);
    m_tabs->addTab(detailsScroll, QStringLiteral("Details"));
    m_tabs->addTab(m_verification, QStringLiteral("Verification"));
    horizontal->addWidget(m_tree);
    horizontal->addWidget(m_tabs);
    horizontal->setStretchFactor(0, 3);
    horizontal->setStretchFactor(1, 2);
    auto *timelineScroll = new QScrollArea(vertical);
    timelineScroll->setWidgetResizable(true);
    m_timeline = new ExpiryTimeline(timelineScroll);
    timelineScroll->setWidget(m_timeline);
    vertical->addWidget(horizontal);
    vertical->addWidget(timelineScroll);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({560, 180});
    layout->addWidget(vertical, 1);

    connect(m_previewButton, &QToolButton::clicked, this, [this] { setMode(Mode::Preview); });
    connect(m_inspectButton, &QToolButton::clicked, this, [this] { setMode(Mode::Inspect); });
    connect(m_reissue, &QToolButton::clicked, this, &CertificatesArea::refreshPreview);
    connect(m_cancel, &QToolButton::clicked, this, &CertificatesArea::cancelPreview);
    connect(open, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, QStringLiteral("Open certificate"), m_projectDir,
            QStringLiteral("Certificates (*.pem *.crt *.cer *.der *.p12 *.pfx *.key);;All files (*)"));
        if (!path.isEmpty())
            openCertificateFile(path);
    });
    connect(paste, &QToolButton::clicked, this,
            [this] { inspectData(QApplication::clipboard()->text().toUtf8(), QStringLiteral("clipboard")); });
    connect(m_fetch, &QToolButton::clicked, this, [this] { fetchEndpoint(m_hostEdit->text()); });
    connect(m_hostEdit, &QLineEdit::returnPressed, this, [this] { fetchEndpoint(m_hostEdit->text()); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &CertificatesArea::onCurrentChanged);
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        // An import jumps to its origin.
        if (const CertificateEntry *e = m_model->entry(index); e && e->linkTo >= 0)
            m_tree->setCurrentIndex(m_model->indexOfEntry(e->linkTo));
    });
    connect(m_timeline, &ExpiryTimeline::entryClicked, this,
            [this](int entry) { m_tree->setCurrentIndex(m_model->indexOfEntry(entry)); });
}

void CertificatesArea::setProject(const QString &projectDir, const QList<ProjectFileInfo> &files)
{
    const bool changed = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    m_details->setProjectDir(projectDir);
    if (changed) {
        // The analysis previews the new project when it has analysed it (while wanted).
        m_previewEntries.clear();
        m_previewStatus.clear();
        m_previewError = false;
        updatePreviewBanner();
        if (m_mode == Mode::Preview)
            showEntries();
    }
}

void CertificatesArea::setClock(const Clock *clock)
{
    m_clock = clock;
    session()->analysis()->setClock(clock);
    m_model->setClock(clock);
    onCurrentChanged();
}

void CertificatesArea::setPasswordProvider(PasswordProvider *provider)
{
    m_passwords = provider;
}

void CertificatesArea::setExportPrompts(ExportPrompts *prompts)
{
    m_prompts = prompts;
}

QDateTime CertificatesArea::now() const
{
    return (m_clock ? *m_clock : Clock::system()).now();
}

void CertificatesArea::setMode(Mode mode)
{
    m_mode = mode;
    updatePreviewWanted();
    m_previewButton->setChecked(mode == Mode::Preview);
    m_inspectButton->setChecked(mode == Mode::Inspect);
    m_toolRows->setCurrentIndex(mode == Mode::Preview ? 0 : 1);
    showEntries();
}

void CertificatesArea::setBanner(const QString &text, bool error)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(error ? QStringLiteral("color: %1;").arg(theme::errorColor().name()) : QString());
    m_banner->setVisible(!text.isEmpty());
}

QString CertificatesArea::bannerText() const
{
    return m_banner->text();
}

// --- Preview -------------------------------------------------------------------------------

bool CertificatesArea::isPreviewRunning() const
{
    return session()->analysis()->isCertificatePreviewRunning();
}

void CertificatesArea::refreshPreview()
{
    session()->analysis()->refreshCertificatePreview();
}

void CertificatesArea::cancelPreview()
{
    session()->analysis()->cancelCertificatePreview();
}

void CertificatesArea::updatePreviewBanner()
{
    const engine::AnalysisSnapshotPtr snapshot = session()->analysis()->snapshot();
    QString text;
    if (!snapshot->projectDir.isEmpty())
        text = QStringLiteral("Project: %1 (see Problems).").arg(snapshot->counts.summary());
    if (!m_previewStatus.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + m_previewStatus;
    m_previewBanner = text;
    if (m_mode == Mode::Preview)
        setBanner(m_previewBanner, m_previewError);
}

void CertificatesArea::onPreviewFinished()
{
    const engine::ProjectAnalysis *analysis = session()->analysis();
    m_cancel->setEnabled(analysis->isCertificatePreviewRunning());
    const engine::CertificatePreviewPtr preview = analysis->certificatePreview();
    if (const std::optional<Error> &error = analysis->certificatePreviewError()) {
        const bool cancelled = error->isCancelled();
        m_previewStatus = cancelled ? QStringLiteral("Preview cancelled; showing the previous result.")
                                    : QStringLiteral("No preview: %1").arg(error->toString());
        m_previewError = !cancelled && error->code != QLatin1String("certs.project");
        if (error->code == QLatin1String("certs.project"))
            m_previewEntries.clear();  // the certificates of a broken project are not shown as if they were right
    } else if (preview) {
        m_previewEntries = entriesFromPreview(preview->issued, preview->checks);
        int failed = 0, warnings = 0;
        for (const CertificateCheck &c : preview->checks) {
            failed += c.verified() ? 0 : 1;
            warnings += int(c.lint.size());
        }
        m_previewStatus = QStringLiteral("Preview of %1 from %2, issued %3 in memory only (the CAS makes its own): "
                                         "%4 verify, %5 do not, %6.")
                              .arg(counted(preview->checks.size(), QStringLiteral("certificate")),
                                   counted(preview->sessions, QStringLiteral("session")),
                                   preview->issuedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                              .arg(preview->checks.size() - failed)
                              .arg(failed)
                              .arg(counted(warnings, QStringLiteral("lint warning")));
        for (const QString &n : std::as_const(preview->notes))
            m_previewStatus += QStringLiteral("\n• ") + n;
        m_previewError = failed > 0;
    }
    updatePreviewBanner();
    if (m_mode == Mode::Preview)
        showEntries();
    Q_EMIT previewFinished();
}

// --- Inspect -------------------------------------------------------------------------------

Status CertificatesArea::openCertificateFile(const QString &path)
{
    DialogPasswordProvider dialogs(this);
    const auto bundle = readCertificateFile(path, m_passwords ? m_passwords : &dialogs);
    setMode(Mode::Inspect);
    if (!bundle) {
        m_inspectBanner = bundle.error().toString();
        m_inspectError = true;
        setBanner(m_inspectBanner, true);
        Q_EMIT inspectionFinished();
        return bundle.error();
    }
    setInspected(QFileInfo(path).fileName() + QStringLiteral(" (") + bundle->format + QLatin1Char(')'),
                 bundle->certificates, bundle->keys, {});
    return Ok{};
}

Status CertificatesArea::inspectData(const QByteArray &data, const QString &source)
{
    DialogPasswordProvider dialogs(this);
    const auto bundle = parseCertificateData(data, m_passwords ? m_passwords : &dialogs, source);
    setMode(Mode::Inspect);
    if (!bundle) {
        m_inspectBanner = bundle.error().toString();
        m_inspectError = true;
        setBanner(m_inspectBanner, true);
        Q_EMIT inspectionFinished();
        return bundle.error();
    }
    setInspected(source, bundle->certificates, bundle->keys, {});
    return Ok{};
}

void CertificatesArea::fetchEndpoint(const QString &hostPort)
{
    setMode(Mode::Inspect);
    m_hostEdit->setText(hostPort);
    auto endpoint = engine::tls::parseTlsEndpoint(hostPort);
    if (!endpoint) {
        m_inspectBanner = endpoint.error().message;
        m_inspectError = true;
        setBanner(m_inspectBanner, true);
        Q_EMIT inspectionFinished();
        return;
    }
    m_fetch->setEnabled(false);
    m_inspectBanner = QStringLiteral("Fetching the chain %1 presents…").arg(endpoint->toString());
    m_inspectError = false;
    setBanner(m_inspectBanner);
    m_fetcher->start(*endpoint);
}

void CertificatesArea::onFetchFinished()
{
    m_fetch->setEnabled(true);
    const auto &result = m_fetcher->result();
    if (!result)
        return;
    if (!result->ok()) {
        m_inspectBanner = result->error().toString();
        m_inspectError = true;
        setBanner(m_inspectBanner, true);
        Q_EMIT inspectionFinished();
        return;
    }
    const engine::tls::TlsPeerChain &peer = result->value();
    QString source = peer.endpoint.toString();
    if (!peer.protocol.isEmpty())
        source += QStringLiteral(" (%1)").arg(peer.protocol);
    const QString host = peer.endpoint.serverName.isEmpty() ? peer.endpoint.host : peer.endpoint.serverName;
    setInspected(source, peer.chain, {}, host);
    if (!peer.handshakeNote.isEmpty()) {
        m_inspectBanner += QStringLiteral("\n") + peer.handshakeNote;
        setBanner(m_inspectBanner, m_inspectError);
    }
}

void CertificatesArea::setInspected(const QString &source, const QList<Certificate> &certs,
                                    const QList<PrivateKey> &keys, const QString &dialledHost)
{
    m_inspectSource = source;
    m_inspectCerts = certs;
    m_inspectKeys = keys;
    m_inspectHost = dialledHost;
    verifyInspected();
}

Status CertificatesArea::setTrustFile(const QString &path)
{
    if (path.isEmpty()) {
        m_trusted.clear();
        m_trustLabel = QStringLiteral("system trust store");
        m_trust->setText(QStringLiteral("Trust: system"));
    } else {
        DialogPasswordProvider dialogs(this);
        const auto bundle = readCertificateFile(path, m_passwords ? m_passwords : &dialogs);
        if (!bundle || bundle->certificates.isEmpty()) {
            const Error e =
                bundle ? makeError(QStringLiteral("certs.ca"), QStringLiteral("%1 holds no certificate.").arg(path))
                       : bundle.error();
            setBanner(e.toString(), true);
            return e;
        }
        m_trusted = bundle->certificates;
        m_trustLabel = QFileInfo(path).fileName();
        m_trust->setText(QStringLiteral("Trust: ") + m_trustLabel);
    }
    if (!m_inspectCerts.isEmpty())
        verifyInspected();
    return Ok{};
}

void CertificatesArea::verifyInspected()
{
    InspectedCertificates ins;
    ins.source = m_inspectSource;
    ins.tree = CertificateTree::build(m_inspectCerts);
    ins.keys = m_inspectKeys;
    QList<int> targets;
    if (!m_inspectHost.isEmpty()) {
        for (int i = 0; i < ins.tree.nodes().size(); ++i)
            if (!m_inspectCerts.isEmpty() && ins.tree.nodes().at(i).certificate == m_inspectCerts.first())
                targets << i;
    } else {
        targets = ins.tree.leaves();
    }
    int failed = 0;
    for (int node : std::as_const(targets)) {
        const Certificate leaf = ins.tree.nodes().at(node).certificate;
        VerifyOptions o;
        o.clock = m_clock;
        o.trusted = m_trusted;
        o.useSystemTrustStore = m_trusted.isEmpty();
        for (const Certificate &c : std::as_const(m_inspectCerts))
            if (c != leaf)
                o.untrusted << c;
        CertificateUse use;
        if (!m_inspectHost.isEmpty()) {
            o.hostnames << m_inspectHost;
            o.purpose = VerifyPurpose::TlsServer;
            use.tlsServer = true;
        }
        const VerificationResult r = verifyCertificate(leaf, o);
        failed += r.verified ? 0 : 1;
        ins.results.insert(node, r);
        ins.lint.insert(node, lintCertificate(leaf, r.chain.size() > 1 ? r.chain.at(1) : Certificate(), use));
    }
    m_inspectEntries = entriesFromInspection(ins);
    m_inspectBanner = QStringLiteral("%1: %2; %3 of %4 verify against the %5.")
                          .arg(m_inspectSource, counted(m_inspectCerts.size(), QStringLiteral("certificate")))
                          .arg(targets.size() - failed)
                          .arg(counted(targets.size(), QStringLiteral("end-entity certificate")),
                               m_trusted.isEmpty() ? m_trustLabel : QStringLiteral("certificates in ") + m_trustLabel);
    if (!m_inspectKeys.isEmpty())
        m_inspectBanner +=
            QStringLiteral(" %1 in memory.").arg(counted(m_inspectKeys.size(), QStringLiteral("private key")));
    m_inspectError = failed > 0;
    if (m_mode == Mode::Inspect)
        showEntries();
    Q_EMIT inspectionFinished();
}

// --- Shared --------------------------------------------------------------------------------

void CertificatesArea::showEntries()
{
    const bool preview = m_mode == Mode::Preview;
    // Keep the selection across refreshes when the same certificate is still there.
    QString selTitle, selSource;
    if (const CertificateEntry *e = currentEntry()) {
        selTitle = e->title;
        selSource = e->source;
    }
    m_model->setEntries(preview ? m_previewEntries : m_inspectEntries);
    m_tree->expandAll();
    m_timeline->setEntries(m_model->entries(), now());
    setBanner(preview ? m_previewBanner : m_inspectBanner, preview ? m_previewError : m_inspectError);
    if (!selTitle.isEmpty() && selectEntry(selTitle, selSource))
        return;
    if (m_model->rowCount() > 0)
        m_tree->setCurrentIndex(m_model->index(0, 0));
    else
        onCurrentChanged();
}

bool CertificatesArea::selectEntry(const QString &title, const QString &source)
{
    const auto &entries = m_model->entries();
    for (int i = 0; i < int(entries.size()); ++i) {
        if (entries.at(i).title == title && (source.isEmpty() || entries.at(i).source == source)) {
            m_tree->setCurrentIndex(m_model->indexOfEntry(i));
            return true;
        }
    }
    return false;
}

const CertificateEntry *CertificatesArea::currentEntry() const
{
    return m_model->entry(m_tree->currentIndex().siblingAtColumn(0));
}

void CertificatesArea::onCurrentChanged()
{
    const CertificateEntry *e = currentEntry();
    m_details->setEntry(e, now());
    m_verification->setEntry(e);
    m_timeline->setCurrentEntry(e ? m_tree->currentIndex().data(CertificateTreeModel::EntryIndexRole).toInt() : -1);
    m_export->setEnabled(e != nullptr);
}

Result<QString> CertificatesArea::exportCurrent(CertificateExport what)
{
    const CertificateEntry *e = currentEntry();
    if (!e)
        return makeError(QStringLiteral("ui.export"), QStringLiteral("No certificate selected."));
    DialogExportPrompts dialogs(this);
    return exportCertificateEntry(*e, what, m_prompts ? *m_prompts : static_cast<ExportPrompts &>(dialogs));
}

}  // namespace workbench::ui
