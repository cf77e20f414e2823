// SPDX-License-Identifier: Apache-2.0
#include "policies/policypreviewarea.h"
#include "core/plural.h"

#include "core/boundedfile.h"
#include "core/displaytext.h"

#include "areas/manifestsarea.h"
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
#include "project/projectfiles.h"
#include "project/projectworkspace.h"
#include "shell/mainwindow.h"
#include "shell/theme.h"

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
#include <QtConcurrent>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

namespace workbench::ui {

using namespace models::policy;

namespace {

constexpr int kDebounceMs = 250;
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

PolicyPreviewArea::PolicyPreviewArea(engine::ProjectWorkspace *workspace, QWidget *parent)
    : WorkbenchArea(AreaId::Policies, workspace, parent)
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

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &PolicyPreviewArea::startRender);
    connect(&m_watcher, &QFutureWatcher<RenderRun>::finished, this, [this] {
        const quint64 generation = m_watcher.property("generation").toULongLong();
        RenderRun run = m_watcher.result();
        // A run started for another project (the user switched meanwhile) is dropped whole.
        if (m_watcher.property("projectEpoch").toULongLong() == m_projectEpoch) {
            // The run parsed the texts it was given; later edits are still pending.
            m_project = std::move(run.project);
            if (generation == m_generation)
                applyPreview(std::move(run.preview));
        }
        if (m_dirty) {
            m_dirty = false;
            startRender();
        }
    });

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
    connect(m_settingsPanel, &DeploymentSettingsPanel::settingsEdited, this, [this] {
        DeploymentSettings s = m_settingsPanel->settings();
        m_settings = s;
        scheduleRender();
    });
    connect(m_settingsPanel, &DeploymentSettingsPanel::saveRequested, this, [this] {
        const Status st = saveSettings();
        m_settingsPanel->setSaved(st.ok(), st.ok() ? QStringLiteral("Saved.") : st.error().toString());
    });
    connect(settingsToggle, &QToolButton::toggled, m_settingsScroll, &QWidget::setVisible);
    connect(keep, &QToolButton::clicked, this, [this] {
        const Status st = keepAsReference();
        Q_EMIT statusMessage(st.ok() ? QStringLiteral("Kept the preview as the reference for later diffs.")
                                     : QStringLiteral("Cannot keep the reference: ") + st.error().message);
    });
    connect(compare, &QToolButton::clicked, this, &PolicyPreviewArea::openReferenceFile);
    connect(exportButton, &QToolButton::clicked, this, &PolicyPreviewArea::exportRender);

    if (workspace) {
        connect(workspace, &engine::ProjectWorkspace::documentChanged, this, &PolicyPreviewArea::onDocumentChanged);
        connect(workspace, &engine::ProjectWorkspace::filesChanged, this,
                [this] { setProject(this->workspace()->projectDir(), this->workspace()->files()); });
    }
}

PolicyPreviewArea::~PolicyPreviewArea()
{
    // The worker only touches its own copies; wait so it does not outlive the watcher.
    m_watcher.waitForFinished();
}

void PolicyPreviewArea::setProject(const QString &projectDir, const QList<models::ProjectFileInfo> &files)
{
    const bool changed = projectDir != m_projectDir;
    WorkbenchArea::setProject(projectDir, files);
    if (changed) {
        m_project = models::ManifestProject();
        m_project.setRootDir(projectDir);
        m_pendingTexts.clear();
        ++m_projectEpoch;
        m_referenceOverrides.clear();
        m_currentSession.clear();
        m_currentChartFile.clear();
        Result<DeploymentSettings> loaded = loadDeploymentSettings(projectDir);
        if (loaded.ok()) {
            m_settings = loaded.value();
        } else {
            m_settings = DeploymentSettings::defaults(projectDir);
            Q_EMIT statusMessage(QStringLiteral("Deployment settings not loaded: ") + loaded.error().toString());
        }
        // APP_NAMESPACE is generated once per project and kept, as the tutorials keep it. Opening
        // a project never writes to it: the generated value is kept when the settings are saved,
        // a reference is kept or the render is exported (render on the command line saves it).
        const bool generated = !projectDir.isEmpty() && ensureAppNamespace(m_settings);
        m_settingsPanel->setSettings(m_settings);
        if (generated)
            m_settingsPanel->setSaved(false, QStringLiteral("APP_NAMESPACE %1 was generated for this project; save the "
                                                            "settings to keep it.")
                                                 .arg(m_settings.appNamespace));
        m_namespaceUnsaved = generated;
    }
    syncProject(files);
    if (changed)
        renderNow();
    else
        scheduleRender();
}

void PolicyPreviewArea::syncProject(const QList<models::ProjectFileInfo> &files)
{
    QSet<QString> present;
    for (const models::ProjectFileInfo &f : files) {
        if (!models::isYamlFileName(QFileInfo(f.absolutePath).fileName()))
            continue;
        present.insert(f.absolutePath);
        queueText(f.absolutePath, workspace() ? workspace()->text(f.absolutePath) : QByteArray());
    }
    for (const models::ManifestFile &f : m_project.files())
        if (!present.contains(f.path))
            queueText(f.path, std::nullopt);
    for (auto it = m_pendingTexts.cbegin(); it != m_pendingTexts.cend(); ++it)
        if (it.value() && !present.contains(it.key()))
            m_pendingTexts[it.key()] = std::nullopt;
}

void PolicyPreviewArea::queueText(const QString &path, std::optional<QByteArray> text)
{
    const models::ManifestFile *parsed = m_project.file(path);
    const bool same = text ? (parsed && parsed->document.text() == *text) : !parsed;
    // While a run is in flight its copy may hold another text for this path: keep the entry.
    if (same && !m_watcher.isRunning())
        m_pendingTexts.remove(path);
    else
        m_pendingTexts.insert(path, std::move(text));
}

void PolicyPreviewArea::onDocumentChanged(const QString &path)
{
    if (!models::isYamlFileName(QFileInfo(path).fileName()) || !workspace())
        return;
    if (!m_projectDir.isEmpty() && !path.startsWith(m_projectDir))
        return;
    queueText(path, workspace()->text(path));
    scheduleRender();
}

void PolicyPreviewArea::scheduleRender()
{
    m_debounce->start();
}

void PolicyPreviewArea::renderNow()
{
    m_debounce->stop();
    startRender();
}

bool PolicyPreviewArea::isRendering() const
{
    return m_watcher.isRunning() || m_debounce->isActive();
}

void PolicyPreviewArea::startRender()
{
    if (m_projectDir.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_dirty = true;  // run again with the newest texts when this one finishes
        return;
    }
    ++m_generation;
    m_watcher.setProperty("generation", QVariant::fromValue(m_generation));
    m_watcher.setProperty("projectEpoch", QVariant::fromValue(m_projectEpoch));
    PolicyGenerationOptions options;
    options.settings = m_settings;
    // Copies: the worker never touches the area's objects. Parsing the edited texts happens
    // there too, so typing in a large manifest never waits for this area.
    QHash<QString, std::optional<QByteArray>> texts = std::exchange(m_pendingTexts, {});
    m_watcher.setFuture(QtConcurrent::run([project = m_project, texts = std::move(texts), options]() mutable {
        for (auto it = texts.cbegin(); it != texts.cend(); ++it) {
            if (it.value())
                project.setText(it.key(), *it.value());
            else
                project.removeFile(it.key());
        }
        RenderRun run;
        run.preview = generatePolicies(project, options);
        run.project = std::move(project);
        return run;
    }));
}

void PolicyPreviewArea::setSettings(const DeploymentSettings &settings)
{
    m_settings = settings;
    m_settingsPanel->setSettings(settings);
    m_settingsPanel->setSaved(false);
    renderNow();
}

Status PolicyPreviewArea::saveSettings()
{
    if (m_projectDir.isEmpty())
        return makeError(QStringLiteral("settings.no-project"), QStringLiteral("No project is open."));
    const Status st = saveDeploymentSettings(m_projectDir, m_settings);
    if (st.ok())
        m_namespaceUnsaved = false;
    if (st.ok())
        m_settingsPanel->setSaved(
            true, QStringLiteral("Saved to %1.").arg(relativeTo(m_projectDir, settingsFilePath(m_projectDir))));
    return st;
}

void PolicyPreviewArea::applyPreview(PolicyPreview preview)
{
    m_preview = std::move(preview);
    ++m_renderCount;
    const int errors = models::countSeverity(m_preview.diagnostics, models::Diagnostic::Severity::Error);
    const int warnings = models::countSeverity(m_preview.diagnostics, models::Diagnostic::Severity::Warning);
    if (m_preview.sessions.isEmpty()) {
        m_status->setText(QStringLiteral("No policies: %1")
                              .arg(m_preview.diagnostics.isEmpty() ? QStringLiteral("no mesh")
                                                                   : m_preview.diagnostics.front().message));
    } else {
        QString text =
            QStringLiteral("%1 in namespace <b>%2</b>, upload mode %3, %4.")
                .arg(counted(m_preview.sessions.size(), QStringLiteral("session")),
                     m_preview.policyNamespace.toHtmlEscaped(),
                     m_preview.uploadMode.isEmpty() ? QStringLiteral("default") : m_preview.uploadMode.toHtmlEscaped(),
                     counted(m_preview.chart.files.size(), QStringLiteral("chart file")));
        if (errors || warnings)
            text += QStringLiteral(" <span style=\"color:%1\">%2</span>, %3.")
                        .arg(theme::errorColor().name(), counted(errors, QStringLiteral("error")),
                             counted(warnings, QStringLiteral("warning")));
        m_status->setText(text);
    }
    rebuildSessionList();
    m_graph->setGraph(buildSessionGraph(m_preview.sessions));
    updateProblems();
    showCurrent();
    Q_EMIT rendered();
}

void PolicyPreviewArea::rebuildSessionList()
{
    const QSignalBlocker block(m_sessions);
    m_sessions->clear();
    auto *sessions = new QTreeWidgetItem(m_sessions, {QStringLiteral("Sessions (upload order)")});
    sessions->setFlags(Qt::ItemIsEnabled);
    // Upload order, so the list reads like the upload will happen.
    QStringList order = m_preview.upload.order;
    for (const CasSession &s : std::as_const(m_preview.sessions))
        if (!order.contains(s.name))
            order << s.name;
    QTreeWidgetItem *current = nullptr;
    for (const QString &name : std::as_const(order)) {
        const CasSession *s = m_preview.session(name);
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
        for (const models::Diagnostic &d : std::as_const(m_preview.diagnostics))
            if (d.severity == models::Diagnostic::Severity::Error && d.message.contains(name))
                ++problems;
        if (problems)
            item->setForeground(0, theme::errorColor());
        if (name == m_currentSession)
            current = item;
    }
    auto *chart = new QTreeWidgetItem(m_sessions, {QStringLiteral("Helm chart")});
    chart->setFlags(Qt::ItemIsEnabled);
    for (const ChartFile &f : std::as_const(m_preview.chart.files)) {
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
    for (const CasSession &s : m_preview.sessions)
        out << s.name;
    return out;
}

bool PolicyPreviewArea::selectSession(const QString &name)
{
    if (!m_preview.session(name))
        return false;
    m_currentSession = name;
    m_currentChartFile.clear();
    rebuildSessionList();
    showCurrent();
    return true;
}

bool PolicyPreviewArea::selectChartFile(const QString &path)
{
    if (!m_preview.chart.file(path))
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
        const ChartFile *f = m_preview.chart.file(m_currentChartFile);
        if (f)
            m_yaml->setRenderedText(f->content, m_projectDir,
                                    /*markVariables=*/!m_currentChartFile.contains(QLatin1String("templates/")));
        else
            m_yaml->clear();
        m_diff->setNoReference(QStringLiteral("Diffs are shown for sessions; select a session."));
        return;
    }
    const int i = m_preview.indexOf(m_currentSession);
    if (i < 0) {
        m_yaml->clear(QStringLiteral("No session selected."));
        m_diff->setNoReference(QStringLiteral("No session selected."));
        return;
    }
    m_yaml->setRenderedText(m_preview.sessionYaml.at(i), m_projectDir);
    m_injected->setSession(m_preview.sessions.at(i));
    updateDiff();
}

void PolicyPreviewArea::updateDiff()
{
    const int i = m_preview.indexOf(m_currentSession);
    if (i < 0)
        return;
    const QString preview = m_preview.sessionYaml.at(i).text;
    if (const auto it = m_referenceOverrides.constFind(m_currentSession); it != m_referenceOverrides.cend()) {
        m_diff->setTexts(it->label, it->text, preview);
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
    m_diff->setTexts(label, ref->text, storableSessionText(m_preview.sessions.at(i)));
}

void PolicyPreviewArea::updateProblems()
{
    m_problems->clear();
    for (const models::Diagnostic &d : std::as_const(m_preview.diagnostics)) {
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
    const int errors = models::countSeverity(m_preview.diagnostics, models::Diagnostic::Severity::Error);
    m_bottom->setTabText(0, errors ? QStringLiteral("Problems (%1)").arg(m_preview.diagnostics.size())
                                   : QStringLiteral("Problems"));
}

Status PolicyPreviewArea::keepAsReference()
{
    if (m_projectDir.isEmpty() || m_preview.sessions.isEmpty())
        return makeError(QStringLiteral("reference.empty"), QStringLiteral("There is no preview to keep."));
    keepGeneratedNamespace();
    const Status st = storeRenderedReference(m_projectDir, m_preview);
    if (st.ok())
        updateDiff();
    return st;
}

void PolicyPreviewArea::keepGeneratedNamespace()
{
    // Sessions kept or exported name the generated namespace: from now on it must stay.
    if (!m_namespaceUnsaved)
        return;
    Result<DeploymentSettings> stored = loadDeploymentSettings(m_projectDir);
    if (!stored.ok())
        return;
    DeploymentSettings s = stored.value();
    s.appNamespace = m_settings.appNamespace;
    if (saveDeploymentSettings(m_projectDir, s).ok())
        m_namespaceUnsaved = false;
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
    if (parsed.ok() && m_preview.session(parsed->name))
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
    if (m_preview.hasErrors()) {
        Q_EMIT statusMessage(QStringLiteral("The project has errors (see Problems); nothing exported."));
        return;
    }
    const QString dir =
        QFileDialog::getExistingDirectory(this, QStringLiteral("Export policies and chart to"), m_projectDir);
    if (dir.isEmpty())
        return;
    keepGeneratedNamespace();
    models::OutputWriteOptions options;
    Result<models::OutputWriteResult> written = writeRenderOutput(m_preview, dir, options);
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
        written = writeRenderOutput(m_preview, dir, options);
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
    openInShell(source);
}

void PolicyPreviewArea::openInShell(const SourceRef &source)
{
    // Inside the main window: switch to the Manifests area with the caret on that line.
    auto *mw = qobject_cast<MainWindow *>(window());
    if (!mw || !mw->manifestsArea())
        return;
    EditorLocation where;
    where.path = source.file;
    where.line = source.line;
    where.column = std::max(1, source.column);
    if (mw->manifestsArea()->openLocation(where))
        mw->showArea(AreaId::Manifests);
}

}  // namespace workbench::ui
