// SPDX-License-Identifier: Apache-2.0
#include "editor/manifesteditor.h"

#include "common/messagebanner.h"
#include "editor/codeeditor.h"
#include "editor/editordocument.h"
#include "editor/meshform.h"
#include "editor/serviceform.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace workbench::ui {

namespace {
TextMarker::Severity markerSeverity(models::Diagnostic::Severity s)
{
    switch (s) {
    case models::Diagnostic::Severity::Error:
        return TextMarker::Severity::Error;
    case models::Diagnostic::Severity::Warning:
        return TextMarker::Severity::Warning;
    case models::Diagnostic::Severity::Info:
        return TextMarker::Severity::Info;
    }
    return TextMarker::Severity::Error;
}

QString breadcrumbText(const QString &path)
{
    if (path.isEmpty())
        return {};
    QString s = path;
    s.replace(QLatin1Char('.'), QStringLiteral("  ›  "));
    s.replace(QLatin1Char('['), QStringLiteral("  ›  ["));
    return s;
}
}  // namespace

ManifestEditor::ManifestEditor(EditorDocument *document, EditorManager *manager, QWidget *parent)
    : QWidget(parent)
    , m_doc(document)
    , m_manager(manager)
{
    setObjectName(QStringLiteral("manifestEditor"));
    setProperty("filePath", document->path());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 2, 4, 2);
    m_breadcrumb = new QLabel(this);
    m_breadcrumb->setObjectName(QStringLiteral("breadcrumb"));
    m_breadcrumb->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_breadcrumb->setToolTip(QStringLiteral("YAML path under the caret"));
    bar->addWidget(m_breadcrumb, 1);
    auto makeMode = [this, bar](const QString &text, const QString &name, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setCheckable(true);
        b->setAutoRaise(true);
        bar->addWidget(b);
        return b;
    };
    m_formButton =
        makeMode(QStringLiteral("Form"), QStringLiteral("modeForm"), QStringLiteral("Form only (Ctrl+Shift+E cycles)"));
    m_splitButton = makeMode(QStringLiteral("Form + Text"), QStringLiteral("modeSplit"),
                             QStringLiteral("Side by side (Ctrl+Shift+E cycles)"));
    m_textButton = makeMode(QStringLiteral("Text"), QStringLiteral("modeText"),
                            QStringLiteral("YAML text only (Ctrl+Shift+E cycles)"));
    auto *group = new QButtonGroup(this);
    group->setExclusive(true);
    group->addButton(m_formButton);
    group->addButton(m_splitButton);
    group->addButton(m_textButton);
    connect(m_formButton, &QToolButton::clicked, this, [this] { setViewMode(ViewMode::Form); });
    connect(m_splitButton, &QToolButton::clicked, this, [this] { setViewMode(ViewMode::Split); });
    connect(m_textButton, &QToolButton::clicked, this, [this] { setViewMode(ViewMode::Text); });
    layout->addLayout(bar);

    m_fileBanner = new MessageBanner(this);
    m_fileBanner->setObjectName(QStringLiteral("fileBanner"));
    m_syntaxBanner = new MessageBanner(this);
    m_syntaxBanner->setObjectName(QStringLiteral("syntaxBanner"));
    layout->addWidget(m_fileBanner);
    layout->addWidget(m_syntaxBanner);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    m_formHolder = new QWidget(m_splitter);
    m_formHolder->setObjectName(QStringLiteral("formHolder"));
    auto *holderLayout = new QVBoxLayout(m_formHolder);
    holderLayout->setContentsMargins(0, 0, 0, 0);
    m_text = new CodeEditor(m_splitter);
    m_text->setDocument(document->textDocument());
    m_text->setReadOnly(document->isReadOnly());
    m_splitter->addWidget(m_formHolder);
    m_splitter->addWidget(m_text);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);

    auto report = [this](const Status &s) {
        if (!s)
            Q_EMIT statusMessage(s.error().message);
    };
    connect(m_text, &CodeEditor::undoRequested, this, [this, report] { report(m_manager->undo(m_doc)); });
    connect(m_text, &CodeEditor::redoRequested, this, [this, report] { report(m_manager->redo(m_doc)); });
    connect(m_text, &CodeEditor::definitionRequested, this, [this](int pos) {
        const auto loc = m_manager->definitionAt(m_doc, pos);
        if (!loc) {
            Q_EMIT statusMessage(QStringLiteral("No secret definition found under the cursor."));
            return;
        }
        if (loc->path == m_doc->path())
            goTo(loc->line, loc->column, loc->length);
        else
            Q_EMIT openLocationRequested(*loc);
    });
    connect(m_text, &CodeEditor::referencesRequested, this, [this](int pos) {
        const auto site = m_manager->secretAt(m_doc, pos);
        if (site)
            Q_EMIT referencesRequested(site->name);
        else
            Q_EMIT statusMessage(QStringLiteral("No secret under the cursor."));
    });
    m_text->setHoverProvider([this](int pos) { return m_manager->hoverTextAt(m_doc, pos); });

    m_caretTimer = new QTimer(this);
    m_caretTimer->setSingleShot(true);
    m_caretTimer->setInterval(40);
    connect(m_caretTimer, &QTimer::timeout, this, &ManifestEditor::followCaret);
    connect(m_text, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (!m_revealing)
            m_caretTimer->start();
    });

    connect(document, &EditorDocument::modelChanged, this, [this] {
        rebuildForm();
        if (!m_caretTimer->isActive())
            m_caretTimer->start();
    });
    connect(document, &EditorDocument::parseStateChanged, this, &ManifestEditor::updateBanners);
    connect(document, &EditorDocument::diagnosticsChanged, this, &ManifestEditor::updateMarkers);
    connect(document, &EditorDocument::readOnlyChanged, this, [this](bool ro) {
        m_text->setReadOnly(ro);
        updateBanners();
    });
    if (engine::Document *d = document->document())
        connect(d, &engine::Document::externalStateChanged, this, &ManifestEditor::updateBanners);
    connect(document, &EditorDocument::undoRedoApplied, this, [this](int pos) {
        if (pos < 0)
            return;
        QTextCursor c(m_doc->textDocument());
        c.setPosition(qMin(pos, m_doc->textDocument()->characterCount() - 1));
        m_text->setTextCursor(c);
        m_text->ensureCursorVisible();
    });

    rebuildForm();
    updateBanners();
    updateMarkers();
    setViewMode(m_form ? ViewMode::Split : ViewMode::Text);
}

void ManifestEditor::commitPendingInput()
{
    if (m_form)
        m_form->commitPendingInput();
    m_doc->flush();
}

ManifestEditor::~ManifestEditor() = default;

ServiceForm *ManifestEditor::serviceForm() const
{
    return qobject_cast<ServiceForm *>(m_form.data());
}

MeshForm *ManifestEditor::meshForm() const
{
    return qobject_cast<MeshForm *>(m_form.data());
}

void ManifestEditor::rebuildForm()
{
    const int kind = m_doc->isYaml() ? int(m_doc->kind()) : -1;
    const bool wantsForm =
        kind == int(models::ManifestFile::Kind::Service) || kind == int(models::ManifestFile::Kind::Mesh);
    if (kind == m_formKind && (m_form || !wantsForm)) {
        updateBanners();
        return;
    }
    m_formKind = kind;
    delete m_form.data();
    m_form = nullptr;
    if (kind == int(models::ManifestFile::Kind::Service))
        m_form = new ServiceForm(m_doc, m_manager, m_formHolder);
    else if (kind == int(models::ManifestFile::Kind::Mesh))
        m_form = new MeshForm(m_doc, m_manager, m_formHolder);
    if (m_form) {
        m_formHolder->layout()->addWidget(m_form);
        connect(m_form, &ManifestForm::revealRequested, this, &ManifestEditor::revealPath);
        connect(m_form, &ManifestForm::message, this, &ManifestEditor::statusMessage);
        if (m_mode == ViewMode::Text && !m_formButton->isVisible())
            m_mode = ViewMode::Split;
    }
    setViewMode(m_form ? m_mode : ViewMode::Text);
    updateBanners();
}

void ManifestEditor::setViewMode(ViewMode mode)
{
    if (!m_form)
        mode = ViewMode::Text;
    m_mode = mode;
    m_formHolder->setVisible(mode != ViewMode::Text);
    m_text->setVisible(mode != ViewMode::Form);
    updateModeButtons();
}

void ManifestEditor::updateModeButtons()
{
    const bool withForm = m_form != nullptr;
    m_formButton->setVisible(withForm);
    m_splitButton->setVisible(withForm);
    m_textButton->setVisible(withForm);
    m_formButton->setChecked(m_mode == ViewMode::Form);
    m_splitButton->setChecked(m_mode == ViewMode::Split);
    m_textButton->setChecked(m_mode == ViewMode::Text);
}

void ManifestEditor::cycleViewMode()
{
    switch (m_mode) {
    case ViewMode::Split:
        setViewMode(ViewMode::Form);
        break;
    case ViewMode::Form:
        setViewMode(ViewMode::Text);
        break;
    case ViewMode::Text:
        setViewMode(ViewMode::Split);
        break;
    }
}

void ManifestEditor::updateBanners()
{
    engine::Document *d = m_doc->document();
    const auto state = d ? d->externalState() : engine::Document::ExternalState::InSync;
    QString key;
    if (state == engine::Document::ExternalState::ChangedOnDisk)
        key = QStringLiteral("conflict");
    else if (state == engine::Document::ExternalState::RemovedFromDisk)
        key = QStringLiteral("removed");
    else if (m_doc->isReadOnly())
        key = QStringLiteral("readonly:") + m_doc->readOnlyReason();
    if (m_fileBanner->property("bannerKey").toString() != key) {
        m_fileBanner->setProperty("bannerKey", key);
        if (key == QLatin1String("conflict")) {
            m_fileBanner->showMessage(MessageBanner::Level::Warning,
                                      QStringLiteral("<b>%1 changed on disk</b> while you have unsaved changes here.")
                                          .arg(m_doc->displayName().toHtmlEscaped()));
            m_fileBanner->addButton(QStringLiteral("Reload from disk"), QStringLiteral("reloadButton"), [this] {
                if (engine::Document *doc = m_doc->document()) {
                    if (Status s = doc->reload(); !s)
                        Q_EMIT statusMessage(s.error().toString());
                    else
                        Q_EMIT statusMessage(QStringLiteral("Reloaded %1 from disk (Undo brings your changes back).")
                                                 .arg(m_doc->displayName()));
                }
            });
            m_fileBanner->addButton(QStringLiteral("Keep my changes"), QStringLiteral("keepButton"), [this] {
                if (engine::Document *doc = m_doc->document())
                    doc->keepBufferOverDisk();
            });
        } else if (key == QLatin1String("removed")) {
            m_fileBanner->showMessage(
                MessageBanner::Level::Warning,
                QStringLiteral("<b>%1 was deleted or renamed on disk.</b> The text is kept here; Save writes it again.")
                    .arg(m_doc->displayName().toHtmlEscaped()));
        } else if (!key.isEmpty()) {
            m_fileBanner->showMessage(MessageBanner::Level::Info, m_doc->readOnlyReason().toHtmlEscaped());
        } else {
            m_fileBanner->hide();
        }
    }

    const bool syntaxError = m_doc->hasSyntaxError();
    const QString syntaxKey = syntaxError ? m_doc->syntaxErrorText() : QString();
    if (m_syntaxBanner->property("bannerKey").toString() != syntaxKey) {
        m_syntaxBanner->setProperty("bannerKey", syntaxKey);
        if (syntaxError) {
            const QString formNote =
                m_form ? QStringLiteral(" The form shows the last valid state and is read-only until the text parses.")
                       : QString();
            m_syntaxBanner->showMessage(MessageBanner::Level::Error,
                                        QStringLiteral("<b>The YAML does not parse</b> (%1).%2")
                                            .arg(m_doc->syntaxErrorText().toHtmlEscaped(), formNote));
            m_syntaxBanner->addButton(QStringLiteral("Go to error"), QStringLiteral("goToError"), [this] {
                if (const int line = m_doc->syntaxErrorLine(); line > 0)
                    goTo(line, 1);
            });
        } else {
            m_syntaxBanner->hide();
        }
    }
    if (m_form)
        m_form->setEditable(!m_doc->isReadOnly() && !syntaxError);
}

void ManifestEditor::updateMarkers()
{
    QList<TextMarker> markers;
    for (const models::Diagnostic &d : m_doc->diagnostics()) {
        TextMarker m;
        m.severity = markerSeverity(d.severity);
        m.line = d.line;
        m.column = d.column;
        m.endLine = d.endLine;
        m.endColumn = d.endColumn;
        m.message = d.code.isEmpty() ? d.message : d.message + QStringLiteral(" [") + d.code + QLatin1Char(']');
        markers << m;
    }
    m_text->setMarkers(markers);
}

void ManifestEditor::revealPath(const QString &nodePath)
{
    m_doc->reparseNow();
    const models::YamlNode *node = m_doc->yaml().node(nodePath);
    if (!node)
        return;
    const models::YamlNode *key = node->keyOfValue();
    const int pos = m_doc->positionOfByte(key ? key->startOffset() : node->startOffset());
    if (pos < 0)
        return;
    m_revealing = true;
    QTextCursor c(m_doc->textDocument());
    c.setPosition(pos);
    m_text->setTextCursor(c);
    m_text->centerCursor();
    m_revealing = false;
    m_breadcrumb->setText(breadcrumbText(nodePath));
}

void ManifestEditor::followCaret()
{
    if (!m_doc->isYaml())
        return;
    if (!m_doc->isParseCurrent())
        return;  // modelChanged restarts this once the parse catches up
    const QString path = m_doc->nodePathAt(m_text->textCursor().position());
    m_breadcrumb->setText(breadcrumbText(path));
    if (m_form && !path.isEmpty())
        m_form->selectPath(path);
}

void ManifestEditor::goTo(int line, int column, int length)
{
    if (m_mode == ViewMode::Form)
        setViewMode(ViewMode::Split);
    m_text->goToLine(line, column);
    if (length > 0) {
        QTextCursor c = m_text->textCursor();
        c.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, length);
        m_text->setTextCursor(c);
    }
    m_text->setFocus();
}

void ManifestEditor::goToDefinition()
{
    Q_EMIT m_text->definitionRequested(m_text->textCursor().position());
}

void ManifestEditor::findReferences()
{
    Q_EMIT m_text->referencesRequested(m_text->textCursor().position());
}

}  // namespace workbench::ui
