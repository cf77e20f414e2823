// SPDX-License-Identifier: Apache-2.0
#include "policies/policypreviewarea.h"
#include "core/plural.h"

#include "analysis/projectanalysis.h"
#include "common/theme.h"
#include "core/boundedfile.h"
#include "core/displaytext.h"
#include "deploy/casfetchjob.h"
#include "deploy/deploychoice.h"
#include "jobs/jobrunner.h"
#include "policies/deploymentsettingspanel.h"
#include "policies/injectedfilesview.h"
#include "policies/policyhighlighter.h"
#include "policies/policyyamlview.h"
#include "policies/sessiondiffview.h"
#include "policies/sessiongraphview.h"
#include "policy/policyreference.h"
#include "policy/projectsettings.h"
#include "policy/sessiongraph.h"
#include "policy/sessionreader.h"
#include "project/projectworkspace.h"
#include "session/projectsession.h"
#include "session/settingsstore.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace workbench::ui {

using namespace models::policy;

namespace {

constexpr int kKindRole = Qt::UserRole;      // "session" | "chart"
constexpr int kNameRole = Qt::UserRole + 1;  // session name or chart path
constexpr int kFileRole = Qt::UserRole + 2;  // problems: file
constexpr int kLineRole = Qt::UserRole + 3;  // problems: line

QString relativeTo(const QString &dir, const QString &file)
{
    if (dir.isEmpty() || file.isEmpty())
        return file;
    const QString rel = QDir(dir).relativeFilePath(file);
    return rel.startsWith(QLatin1String("..")) ? file : rel;
}

}  // namespace

WorkbenchArea *createPoliciesArea(engine::ProjectSession *session, QWidget *parent)
{
    return new PolicyPreviewArea(session, parent);
}

PolicyPreviewArea::PolicyPreviewArea(engine::ProjectSession *session, QWidget *parent)
    : WorkbenchArea(AreaId::Policies, session, parent)
    , m_snapshot(session->analysis()->snapshot())
{
    setObjectName(QStringLiteral("policiesArea"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *bar = new QHBoxLayout;
    m_status = new QLabel(QStringLiteral("Open a project with a mesh manifest to preview its policies."), this);
    m_status->setObjectName(QStringLiteral("policiesStatus"));
    m_status->setWordWrap(true);
    bar->addWidget(m_status, 1);
    auto addButton = [&](const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        bar->addWidget(b);
        return b;
    };
    QToolButton *keep =
        addButton(QStringLiteral("Keep as reference"),
                  QStringLiteral("Store this preview in .scone-workbench/rendered/ to diff later previews against it"));
    QToolButton *compare = addButton(QStringLiteral("Compare with file…"),
                                     QStringLiteral("Diff the selected session against a session file"));
    QToolButton *casCompare = addButton(
        QStringLiteral("Compare with CAS"),
        QStringLiteral("Read the sessions the CAS has now (the direct upload's CAS, pinned CA and identity) and diff "
                       "each session against it, before an upload"));
    casCompare->setObjectName(QStringLiteral("compareWithCas"));
    QToolButton *exportButton = addButton(
        QStringLiteral("Export…"),
        QStringLiteral("Write the sessions, the upload order and the helm chart to a folder (like `render`)"));
    QToolButton *settingsToggle =
        addButton(QStringLiteral("Settings"), QStringLiteral("Show or hide the deployment settings"));
    settingsToggle->setCheckable(true);
    settingsToggle->setChecked(true);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_sessions = new QTreeWidget(split);
    m_sessions->setObjectName(QStringLiteral("policySessions"));
    m_sessions->setHeaderHidden(true);
    m_sessions->setMinimumWidth(180);
    // Session names share their namespace prefix: the end tells them apart (full name as tooltip).
    m_sessions->setTextElideMode(Qt::ElideMiddle);

    auto *center = new QSplitter(Qt::Vertical, split);
    m_tabs = new QTabWidget(center);
    m_tabs->setObjectName(QStringLiteral("policyTabs"));
    m_tabs->setDocumentMode(true);
    m_yaml = new PolicyYamlView(m_tabs);
    m_injected = new InjectedFilesView(m_tabs);
    m_graph = new SessionGraphView(m_tabs);
    m_diff = new SessionDiffView(m_tabs);
    m_tabs->addTab(m_yaml, QStringLiteral("YAML"));
    m_tabs->addTab(m_injected, QStringLiteral("Injected files"));
    m_tabs->addTab(m_graph, QStringLiteral("Graph"));
    m_tabs->addTab(m_diff, QStringLiteral("Diff"));

    m_bottom = new QTabWidget(center);
    m_bottom->setDocumentMode(true);
    m_problems = new QTreeWidget(m_bottom);
    m_problems->setObjectName(QStringLiteral("policyProblems"));
    m_problems->setHeaderLabels({QStringLiteral("Problem"), QStringLiteral("Where")});
    m_problems->setRootIsDecorated(false);
    m_problems->setTextElideMode(Qt::ElideMiddle);
    m_problems->header()->setStretchLastSection(false);
    m_problems->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *peekBox = new QWidget(m_bottom);
    auto *peekLayout = new QVBoxLayout(peekBox);
    peekLayout->setContentsMargins(0, 0, 0, 0);
    m_peekTitle =
        new QLabel(QStringLiteral("Double-click a generated line to see the manifest line it comes from."), peekBox);
    m_peekTitle->setContentsMargins(6, 2, 6, 2);
    m_peek = new QPlainTextEdit(peekBox);
    m_peek->setObjectName(QStringLiteral("policySourcePane"));
    m_peek->setReadOnly(true);
    m_peek->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_peek->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new PolicyHighlighter(m_peek->document());
    peekLayout->addWidget(m_peekTitle);
    peekLayout->addWidget(m_peek, 1);
    m_bottom->addTab(m_problems, QStringLiteral("Problems"));
    m_bottom->addTab(peekBox, QStringLiteral("Source"));
    center->setStretchFactor(0, 4);
    center->setStretchFactor(1, 1);

    m_settingsPanel = new DeploymentSettingsPanel;
    m_settingsScroll = new QScrollArea(split);
    m_settingsScroll->setWidget(m_settingsPanel);
    m_settingsScroll->setWidgetResizable(true);
    m_settingsScroll->setMinimumWidth(260);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 1);
    split->setSizes({180, 760, 300});
    center->setSizes({520, 160});
    layout->addWidget(split, 1);

    connect(m_sessions, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item || item->data(0, kKindRole).isNull())
            return;
        if (item->data(0, kKindRole).toString() == QLatin1String("session")) {
            m_currentSession = item->data(0, kNameRole).toString();
            m_currentChartFile.clear();
        } else {
            m_currentChartFile = item->data(0, kNameRole).toString();
            m_currentSession.clear();
        }
        showCurrent();
    });
    connect(m_yaml, &PolicyYamlView::sourceRequested, this, &PolicyPreviewArea::showSource);
    connect(m_injected, &InjectedFilesView::sourceRequested, this, &PolicyPreviewArea::showSource);
    connect(m_graph, &SessionGraphView::sessionActivated, this, [this](const QString &name) {
        selectSession(name);
        m_tabs->setCurrentWidget(m_yaml);
    });
    connect(m_problems, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const SourceRef src{item->data(0, kFileRole).toString(), item->data(0, kLineRole).toInt(), 1};
        if (src.isValid())
            showSource(src);
    });
    engine::SettingsStore *store = session->settings();
    connect(m_settingsPanel, &DeploymentSettingsPanel::settingsEdited, this, [this, store] {
        const Status st = store->setSettings(m_settingsPanel->settings());
        if (!st.ok())
            m_settingsPanel->setMessage(st.error().toString(), true);
    });
    connect(m_settingsPanel, &DeploymentSettingsPanel::saveRequested, this, [this] {
        const Status st = saveSettings();
        m_settingsPanel->setMessage(st.ok() ? QStringLiteral("Saved.") : st.error().toString(), !st.ok());
    });
    connect(m_settingsPanel, &DeploymentSettingsPanel::undoRequested, this, [this, store] {
        if (const Status st = store->undo(); !st.ok())
            m_settingsPanel->setMessage(st.error().toString(), true);
    });
    connect(m_settingsPanel, &DeploymentSettingsPanel::redoRequested, this, [this, store] {
        if (const Status st = store->redo(); !st.ok())
            m_settingsPanel->setMessage(st.error().toString(), true);
    });
    connect(store, &engine::SettingsStore::changed, this, &PolicyPreviewArea::updateSettingsPanel);
    connect(store, &engine::SettingsStore::modifiedChanged, this, &PolicyPreviewArea::updateSettingsPanel);
    connect(store, &engine::SettingsStore::undoStateChanged, this, &PolicyPreviewArea::updateSettingsPanel);
    connect(settingsToggle, &QToolButton::toggled, m_settingsScroll, &QWidget::setVisible);
    connect(keep, &QToolButton::clicked, this, [this] {
        const Status st = keepAsReference();
        Q_EMIT statusMessage(st.ok() ? QStringLiteral("Kept the preview as the reference for later diffs.")
                                     : QStringLiteral("Cannot keep the reference: ") + st.error().message);
    });
    connect(compare, &QToolButton::clicked, this, &PolicyPreviewArea::openReferenceFile);
    connect(casCompare, &QToolButton::clicked, this, [this] {
        QString error;
        if (compareWithCas(&error))
            Q_EMIT statusMessage(QStringLiteral("Reading the sessions from the CAS…"));
        else
            Q_EMIT statusMessage(QStringLiteral("Cannot compare with the CAS: ") + error);
    });
    connect(this, &PolicyPreviewArea::casCompareFinished, this, [this](const QString &error) {
        Q_EMIT statusMessage(error.isEmpty() ? QStringLiteral("The diff shows each session against the CAS.")
                                             : QStringLiteral("Compare with CAS failed: ") + error);
    });
    connect(exportButton, &QToolButton::clicked, this, &PolicyPreviewArea::exportRender);

    connect(session->analysis(), &engine::ProjectAnalysis::snapshotChanged, this, &PolicyPreviewArea::onSnapshot);
    updateSettingsPanel();
    showSnapshot();
}

PolicyPreviewArea::~PolicyPreviewArea() = default;

void PolicyPreviewArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    WorkbenchArea::setProject(projectDir, files);
    updateSettingsPanel();
    onSnapshot();
}

bool PolicyPreviewArea::isRendering() const
{
    return session()->analysis()->isBusy();
}

void PolicyPreviewArea::renderNow()
{
    session()->analysis()->analyzeNow();
}

const DeploymentSettings &PolicyPreviewArea::settings() const
{
    return session()->settings()->settings();
}

Status PolicyPreviewArea::setSettings(const DeploymentSettings &settings)
{
    return session()->settings()->setSettings(settings);
}

Status PolicyPreviewArea::saveSettings()
{
    engine::SettingsStore *store = session()->settings();
    const Status st = store->save();
    if (st.ok())
        m_settingsPanel->setMessage(
            QStringLiteral("Saved to %1.").arg(relativeTo(store->projectDir(), store->filePath())), false);
    return st;
}

void PolicyPreviewArea::updateSettingsPanel()
{
    const engine::SettingsStore *store = session()->settings();
    m_settingsPanel->setSettings(store->settings());
    QString note;
    if (store->namespaceProposed())
        note = QStringLiteral("APP_NAMESPACE %1 is proposed for this project folder; it is written to the settings "
                              "when you save them.")
                   .arg(store->settings().appNamespace);
    m_settingsPanel->setState(store->isModified(), store->canSave(), store->readOnlyReason(), note);
    m_settingsPanel->setUndoState(store->canUndo(), store->undoText(), store->canRedo(), store->redoText());
}

void PolicyPreviewArea::onSnapshot()
{
    const engine::AnalysisSnapshotPtr latest = session()->analysis()->snapshot();
    if (latest == m_snapshot && m_shownProject == latest->projectDir)
        return;
    m_snapshot = latest;
    showSnapshot();
}

QString PolicyPreviewArea::headerText() const
{
    return m_status->text();
}

void PolicyPreviewArea::showSnapshot()
{
    if (m_shownProject != m_snapshot->projectDir) {
        // Another project: what was selected and compared belongs to the old one.
        m_shownProject = m_snapshot->projectDir;
        m_referenceOverrides.clear();
        m_currentSession.clear();
        m_currentChartFile.clear();
    }
    ++m_renderCount;
    const PolicyPreview &p = preview();
    const engine::DiagnosticCounts &counts = m_snapshot->counts;
    // The project's counts, worded as everywhere else (status bar, Problems, Certificates).
    // "Project: <span>1 error</span>, 3 warnings." (the errors in the error colour when there are any).
    const QString problems =
        (counts.errors || counts.warnings)
            ? QStringLiteral(" Project: <span style=\"color:%1\">%2</span>, %3.")
                  .arg(counts.errors ? theme::errorColor().name() : palette().color(QPalette::WindowText).name(),
                       counted(counts.errors, QStringLiteral("error")),
                       counted(counts.warnings, QStringLiteral("warning")))
            : QStringLiteral(" Project: %1.").arg(counts.summary());
    if (m_snapshot->projectDir.isEmpty()) {
        m_status->setText(QStringLiteral("Open a project with a mesh manifest to preview its policies."));
    } else if (p.sessions.isEmpty()) {
        QString reason = QStringLiteral("no mesh");
        for (const models::Diagnostic &d : p.diagnostics)
            if (d.code.startsWith(QLatin1String("policy.mesh"))) {
                reason = d.message.toHtmlEscaped();
                break;
            }
        m_status->setText(QStringLiteral("No policies: %1.").arg(reason) + problems);
    } else {
        m_status->setText(QStringLiteral("%1 in namespace <b>%2</b>, upload mode %3, %4.")
                              .arg(counted(p.sessions.size(), QStringLiteral("session")),
                                   p.policyNamespace.toHtmlEscaped(),
                                   p.uploadMode.isEmpty() ? QStringLiteral("default") : p.uploadMode.toHtmlEscaped(),
                                   counted(p.chart.files.size(), QStringLiteral("chart file"))) +
                          problems);
    }
    if (!isVisible()) {
        m_viewsStale = true;  // the views follow when the area is shown (typing elsewhere stays fast)
        return;
    }
    updateViews();
}

void PolicyPreviewArea::updateViews()
{
    m_viewsStale = false;
    rebuildSessionList();
    m_graph->setGraph(buildSessionGraph(preview().sessions));
    updateProblems();
    showCurrent();
    Q_EMIT rendered();
}

void PolicyPreviewArea::showEvent(QShowEvent *event)
{
    WorkbenchArea::showEvent(event);
    if (m_viewsStale)
        updateViews();
}

void PolicyPreviewArea::rebuildSessionList()
{
    const QSignalBlocker block(m_sessions);
    m_sessions->clear();
    auto *sessions = new QTreeWidgetItem(m_sessions, {QStringLiteral("Sessions (upload order)")});
    sessions->setFlags(Qt::ItemIsEnabled);
    // Upload order, so the list reads like the upload will happen.
    QStringList order = preview().upload.order;
    for (const CasSession &s : std::as_const(preview().sessions))
        if (!order.contains(s.name))
            order << s.name;
    QTreeWidgetItem *current = nullptr;
    for (const QString &name : std::as_const(order)) {
        const CasSession *s = preview().session(name);
        if (!s)
            continue;
        QString label = s->kind == CasSession::Kind::Namespace ? name + QStringLiteral("  (namespace)")
                        : s->meshService.isEmpty()             ? name
                                                               : s->meshService;
        if (s->curatedImage)
            label += QStringLiteral("  (curated image)");
        auto *item = new QTreeWidgetItem(sessions, {label});
        item->setToolTip(0, name);
        item->setData(0, kKindRole, QStringLiteral("session"));
        item->setData(0, kNameRole, name);
        int problems = 0;
        for (const models::Diagnostic &d : std::as_const(preview().diagnostics))
            if (d.severity == models::Diagnostic::Severity::Error && d.message.contains(name))
                ++problems;
        if (problems)
            item->setForeground(0, theme::errorColor());
        if (name == m_currentSession)
            current = item;
    }
    auto *chart = new QTreeWidgetItem(m_sessions, {QStringLiteral("Helm chart")});
    chart->setFlags(Qt::ItemIsEnabled);
    for (const ChartFile &f : std::as_const(preview().chart.files)) {
        auto *item = new QTreeWidgetItem(chart, {f.path});
        item->setToolTip(0, f.path);  // cut in the middle when the list is narrow
        item->setData(0, kKindRole, QStringLiteral("chart"));
        item->setData(0, kNameRole, f.path);
        if (f.path == m_currentChartFile)
            current = item;
    }
    m_sessions->expandItem(sessions);
    if (!current && m_currentChartFile.isEmpty() && sessions->childCount() > 0) {
        // Default: the first service session (more interesting than the namespace).
        current = sessions->child(std::min(1, sessions->childCount() - 1));
        m_currentSession = current->data(0, kNameRole).toString();
    }
    if (current)
        m_sessions->setCurrentItem(current);
}

QStringList PolicyPreviewArea::sessionNames() const
{
    QStringList out;
    for (const CasSession &s : preview().sessions)
        out << s.name;
    return out;
}

bool PolicyPreviewArea::selectSession(const QString &name)
{
    if (!preview().session(name))
        return false;
    m_currentSession = name;
    m_currentChartFile.clear();
    rebuildSessionList();
    showCurrent();
    return true;
}

bool PolicyPreviewArea::selectChartFile(const QString &path)
{
    if (!preview().chart.file(path))
        return false;
    m_currentChartFile = path;
    m_currentSession.clear();
    rebuildSessionList();
    showCurrent();
    return true;
}

void PolicyPreviewArea::showCurrent()
{
    if (!m_currentChartFile.isEmpty()) {
        const ChartFile *f = preview().chart.file(m_currentChartFile);
        if (f)
            m_yaml->setRenderedText(f->content, m_projectDir,
                                    /*markVariables=*/!m_currentChartFile.contains(QLatin1String("templates/")));
        else
            m_yaml->clear();
        m_diff->setNoReference(QStringLiteral("Diffs are shown for sessions; select a session."));
        return;
    }
    const int i = preview().indexOf(m_currentSession);
    if (i < 0) {
        m_yaml->clear(QStringLiteral("No session selected."));
        m_diff->setNoReference(QStringLiteral("No session selected."));
        return;
    }
    m_yaml->setRenderedText(preview().sessionYaml.at(i), m_projectDir);
    m_injected->setSession(preview().sessions.at(i));
    updateDiff();
}

void PolicyPreviewArea::updateDiff()
{
    const int i = preview().indexOf(m_currentSession);
    if (i < 0)
        return;
    const QString generated = preview().sessionYaml.at(i).text;
    if (const auto it = m_referenceOverrides.constFind(m_currentSession); it != m_referenceOverrides.cend()) {
        m_diff->setTexts(it->label, it->text, generated);
        return;
    }
    const std::optional<StoredReference> ref = loadLatestReference(m_projectDir, m_currentSession);
    if (!ref) {
        m_diff->setNoReference(
            QStringLiteral("No reference for %1 yet: use \"Keep as reference\" after a render, upload the "
                           "session, or \"Compare with file…\".")
                .arg(m_currentSession));
        return;
    }
    const QString label =
        QStringLiteral("the last %1 version (%2)")
            .arg(ref->kind == ReferenceKind::Uploaded ? QStringLiteral("uploaded") : QStringLiteral("rendered"),
                 ref->modified.toString(Qt::ISODate));
    // Stored references hold explicit secret values as hashes: compare like with like.
    m_diff->setTexts(label, ref->text, storableSessionText(preview().sessions.at(i)));
}

void PolicyPreviewArea::updateProblems()
{
    m_problems->clear();
    for (const models::Diagnostic &d : std::as_const(preview().diagnostics)) {
        // `file:line:column`, 1-based (a finding about a whole file points at its start).
        const QString where = d.file.isEmpty() ? QString()
                                               : QStringLiteral("%1:%2:%3")
                                                     .arg(relativeTo(m_projectDir, d.file))
                                                     .arg(qMax(1, d.line))
                                                     .arg(qMax(1, d.column));
        auto *item = new QTreeWidgetItem(m_problems, {d.message, where});
        const QString full = QStringLiteral("%1: %2: %3 [%4]").arg(where, d.severityName(), d.message, d.code);
        item->setToolTip(0, full);
        item->setToolTip(1, full);
        item->setData(0, kFileRole, d.file);
        item->setData(0, kLineRole, d.line);
        item->setForeground(0, d.severity == models::Diagnostic::Severity::Error     ? theme::errorColor()
                               : d.severity == models::Diagnostic::Severity::Warning ? theme::warningColor()
                                                                                     : theme::infoColor());
    }
    const engine::DiagnosticCounts &counts = m_snapshot->counts;
    m_bottom->setTabText(0, counts.errors || counts.warnings ? QStringLiteral("Problems (%1)").arg(counts.summary())
                                                             : QStringLiteral("Problems"));
}

Status PolicyPreviewArea::keepAsReference()
{
    if (m_snapshot->provisional)
        renderNow();  // a provisional snapshot still shows the previous policies
    if (m_projectDir.isEmpty() || preview().sessions.isEmpty())
        return makeError(QStringLiteral("reference.empty"), QStringLiteral("There is no preview to keep."));
    // The kept sessions name the namespace: from now on it must stay (a proposal is written).
    if (const Status kept = session()->settings()->keepProposedNamespace(); !kept.ok())
        return kept;
    const Status st = storeRenderedReference(m_projectDir, preview());
    if (st.ok())
        updateDiff();
    return st;
}

void PolicyPreviewArea::setReferenceText(const QString &sessionName, const QString &label, const QString &text)
{
    m_referenceOverrides.insert(sessionName, {label, text});
    if (sessionName == m_currentSession)
        updateDiff();
}

bool PolicyPreviewArea::setReferenceFile(const QString &path, QString *error)
{
    const Result<QByteArray> read = models::readFileBounded(path);
    if (!read.ok()) {
        if (error)
            *error = read.error().message;
        return false;
    }
    const QByteArray &text = read.value();
    const Result<CasSession> parsed = sessionFromYaml(text, path);
    QString session = m_currentSession;
    if (parsed.ok() && preview().session(parsed->name))
        session = parsed->name;
    if (session.isEmpty()) {
        if (error)
            *error = QStringLiteral("No session selected and the file names no session of the preview.");
        return false;
    }
    setReferenceText(session, QStringLiteral("file %1").arg(QFileInfo(path).fileName()), QString::fromUtf8(text));
    if (session != m_currentSession)
        selectSession(session);
    m_tabs->setCurrentWidget(m_diff);
    return true;
}

bool PolicyPreviewArea::compareWithCas(QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_casFetch)
        return fail(QStringLiteral("A comparison is running already."));
    if (m_snapshot->provisional)
        renderNow();  // a provisional snapshot still shows the previous policies
    // The same configuration the Upload step's direct route takes (the analysis shown, its
    // settings); the comparison reads the preview, not the files, so unsaved edits are fine.
    engine::deploy::RouteChoice route = engine::deploy::RouteChoice::fromSettings(m_snapshot->settings.values);
    route.upload = engine::deploy::UploadRoute::Direct;
    const Result<std::shared_ptr<const engine::deploy::DeployConfig>> config =
        engine::deploy::deployConfigFor(*m_snapshot, route);
    if (!config.ok())
        return fail(config.error().message);
    auto job = std::make_unique<engine::deploy::CasFetchJob>(
        config.value(), engine::deploy::DeployServices{session()->http(), session()->credentials()});
    m_casFetch = job.get();
    connect(job.get(), &engine::jobs::Job::finished, this, [this, job = job.get()] {
        if (job != m_casFetch)
            return;
        m_casFetch.clear();
        if (job->state() != engine::jobs::JobState::Succeeded) {
            Q_EMIT casCompareFinished(job->error() ? job->error()->message : QStringLiteral("cancelled"));
            return;
        }
        const QString cas = job->casUrl();
        for (const engine::deploy::FetchedSession &f : job->sessions()) {
            if (f.state)
                setReferenceText(f.session, QStringLiteral("CAS %1, hash %2…").arg(cas, f.state->hash.left(12)),
                                 f.state->session);
            else if (!f.error)
                setReferenceText(f.session, QStringLiteral("CAS %1: not there yet").arg(cas), QString());
        }
        updateDiff();
        m_tabs->setCurrentWidget(m_diff);
        Q_EMIT casCompareFinished(QString());
    });
    session()->jobs()->submit(std::move(job));
    return true;
}

void PolicyPreviewArea::openReferenceFile()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Compare with session file"), m_projectDir,
                                                      QStringLiteral("CAS sessions (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!setReferenceFile(path, &error))
        Q_EMIT statusMessage(QStringLiteral("Cannot compare with %1: %2").arg(path, error));
}

void PolicyPreviewArea::exportRender()
{
    if (m_snapshot->provisional)
        renderNow();  // a provisional snapshot still shows the previous policies
    if (preview().hasErrors()) {
        Q_EMIT statusMessage(QStringLiteral("The project has errors (see Problems); nothing exported."));
        return;
    }
    const QString dir =
        QFileDialog::getExistingDirectory(this, QStringLiteral("Export policies and chart to"), m_projectDir);
    if (dir.isEmpty())
        return;
    // The export is written with the namespace it shows: a proposed one is kept in the settings.
    if (const Status kept = session()->settings()->keepProposedNamespace(); !kept.ok()) {
        Q_EMIT statusMessage(QStringLiteral("Export stopped: ") + kept.error().toString());
        return;
    }
    models::OutputWriteOptions options;
    Result<models::OutputWriteResult> written = writeRenderOutput(preview(), dir, options);
    if (!written.ok() && written.error().code == QLatin1String("output.foreign")) {
        // The same rule as `render --out`: a folder with files the workbench did not write is only
        // written into when the user says so, and those files stay.
        // File names are shown as they are: plain text, control characters visible.
        QMessageBox ask(QMessageBox::Question, QStringLiteral("Export policies and chart"),
                        models::showControlCharacters(written.error().message) +
                            QStringLiteral(".\n\nWrite the export beside them? They are kept as they are."),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        ask.setTextFormat(Qt::PlainText);
        ask.setDefaultButton(QMessageBox::Cancel);
        if (ask.exec() != QMessageBox::Yes) {
            Q_EMIT statusMessage(QStringLiteral("Export cancelled."));
            return;
        }
        options.force = true;
        written = writeRenderOutput(preview(), dir, options);
    }
    Q_EMIT statusMessage(
        written.ok()
            ? QStringLiteral("Exported %1 to %2.").arg(counted(written->written.size(), QStringLiteral("file")), dir)
            : QStringLiteral("Export failed: ") + written.error().message);
}

void PolicyPreviewArea::showSource(const SourceRef &source)
{
    if (!source.isValid())
        return;
    QByteArray text = workspace() ? workspace()->text(source.file) : QByteArray();
    if (text.isEmpty()) {
        const Result<QByteArray> read = models::readFileBounded(source.file);
        if (read.ok())
            text = read.value();
    }
    m_peekFile = source.file;
    m_peekLine = source.line;
    m_peekTitle->setText(QStringLiteral("%1:%2").arg(relativeTo(m_projectDir, source.file)).arg(source.line));
    m_peek->setPlainText(QString::fromUtf8(text));
    const QTextBlock block = m_peek->document()->findBlockByNumber(source.line - 1);
    if (block.isValid()) {
        QTextCursor c(block);
        m_peek->setTextCursor(c);
        QTextEdit::ExtraSelection sel;
        sel.cursor = c;
        sel.format.setBackground(palette().color(QPalette::Highlight).lighter(theme::isDark() ? 60 : 170));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        m_peek->setExtraSelections({sel});
        m_peek->centerCursor();
    }
    m_bottom->setCurrentIndex(1);
    Q_EMIT sourceRequested(source.file, source.line);
    Q_EMIT openLocationRequested(source.file, source.line, std::max(1, source.column));
}

}  // namespace workbench::ui
