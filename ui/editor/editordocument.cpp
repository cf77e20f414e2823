// SPDX-License-Identifier: Apache-2.0
#include "editor/editordocument.h"

#include "documents/document.h"
#include "editor/textundocommand.h"
#include "editor/yamlhighlighter.h"
#include "project/projectfiles.h"

#include <QFileInfo>
#include <QPlainTextDocumentLayout>
#include <QStringDecoder>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>

namespace workbench::ui {

namespace {
constexpr int kDefaultSyncDelayMs = 40;

QString rawToPlain(QString s)
{
    // QTextDocument separates blocks with U+2029; U+2028 would come from Shift+Enter.
    for (QChar &c : s)
        if (c == QChar::ParagraphSeparator || c == QChar::LineSeparator)
            c = QLatin1Char('\n');
    return s;
}
}  // namespace

EditorDocument::EditorDocument(engine::Document *document, QObject *parent)
    : QObject(parent)
    , m_doc(document)
{
    m_isYaml = models::isYamlFileName(QFileInfo(document->path()).fileName());
    const QByteArray saved = document->savedText();
    m_crlf = saved.contains("\r\n");
    {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString decoded = decoder(saved);
        Q_UNUSED(decoded);
        m_encodingProblem = decoder.hasError();
    }

    m_text = new QTextDocument(this);
    m_text->setDocumentLayout(new QPlainTextDocumentLayout(m_text));
    m_text->setPlainText(editorString(saved));
    m_undo = new QUndoStack(this);
    if (m_isYaml)
        m_highlighter = new YamlHighlighter(m_text);

    // One QUndoStack entry per QTextDocument undo level (see TextUndoCommand). The check keeps
    // the stacks in lockstep even if Qt merged an edit into the previous level.
    connect(m_text, &QTextDocument::undoCommandAdded, this, [this] {
        if (m_text->availableUndoSteps() <= m_undo->index())
            return;
        const QString text = m_nextUndoText.isEmpty() ? QStringLiteral("Typing") : m_nextUndoText;
        m_undo->push(new TextUndoCommand(m_text, text, m_nextGroupId));
    });
    connect(m_text, &QTextDocument::contentsChange, this, &EditorDocument::onContentsChange);

    m_syncTimer = new QTimer(this);
    m_syncTimer->setSingleShot(true);
    m_syncTimer->setInterval(kDefaultSyncDelayMs);
    connect(m_syncTimer, &QTimer::timeout, this, &EditorDocument::flush);

    connect(document, &engine::Document::syncRequested, this, &EditorDocument::flush, Qt::DirectConnection);
    connect(document, &engine::Document::modifiedChanged, this, &EditorDocument::modifiedChanged);
    connect(document, &engine::Document::readOnlyChanged, this, [this] { Q_EMIT readOnlyChanged(isReadOnly()); });
    connect(document, &engine::Document::bufferReplaced, this, [this] {
        // Another program may have switched the line endings: follow the new text, so that
        // the next keystroke does not rewrite every line.
        m_crlf = m_doc->text().contains("\r\n");
        if (currentBytes() != m_doc->text())
            replaceAllText(m_doc->text(), m_doc->isModified() ? QStringLiteral("Restore unsaved changes")
                                                              : QStringLiteral("Reload from disk"));
        m_syncPending = false;
        m_syncTimer->stop();
        reparseNow();
        Q_EMIT bufferReplaced();
    });

    // A buffer that differs from the file (restored after a crash) becomes an undoable edit on
    // top of the file's content.
    m_syncPending = false;
    if (document->text() != saved) {
        replaceAllText(document->text(), QStringLiteral("Restore unsaved changes"));
        m_syncPending = false;
        m_syncTimer->stop();
    }
    if (m_isYaml)
        reparseNow();
}

EditorDocument::~EditorDocument() = default;

QString EditorDocument::path() const
{
    return m_doc ? m_doc->path() : QString();
}

QString EditorDocument::displayName() const
{
    return m_displayName.isEmpty() ? QFileInfo(path()).fileName() : m_displayName;
}

void EditorDocument::setDisplayName(const QString &name)
{
    const QString fileName = QFileInfo(path()).fileName();
    const QString stored = name == fileName ? QString() : name;
    if (stored == m_displayName)
        return;
    m_displayName = stored;
    Q_EMIT displayNameChanged();
}

bool EditorDocument::isReadOnly() const
{
    return !m_doc || m_doc->isReadOnly() || m_encodingProblem;
}

QString EditorDocument::readOnlyReason() const
{
    if (m_encodingProblem)
        return QStringLiteral("This file is not valid UTF-8. It is shown read-only so that saving cannot damage it.");
    return m_doc ? m_doc->readOnlyReason() : QString();
}

bool EditorDocument::isModified() const
{
    return m_doc && m_doc->isModified();
}

QString EditorDocument::editorString(const QByteArray &bytes) const
{
    QString s = QString::fromUtf8(bytes);
    if (m_crlf)
        s.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return s;
}

QByteArray EditorDocument::currentBytes() const
{
    QString s = rawToPlain(m_text->toRawText());
    if (m_crlf)
        s.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
    return s.toUtf8();
}

void EditorDocument::setSyncDelay(int ms)
{
    m_syncTimer->setInterval(qMax(0, ms));
}

int EditorDocument::syncDelay() const
{
    return m_syncTimer->interval();
}

void EditorDocument::onContentsChange(int position, int removed, int added)
{
    Q_UNUSED(removed);
    m_syncPending = true;
    m_parseCurrent = false;
    if (m_inUndoRedo)
        m_undoRedoPosition = position + added;
    m_syncTimer->start();
}

void EditorDocument::flush()
{
    m_syncTimer->stop();
    if (!m_syncPending || !m_doc)
        return;
    m_syncPending = false;
    m_doc->setText(currentBytes());
}

bool EditorDocument::hasSyntaxError() const
{
    return m_isYaml && m_yaml.syntaxError().has_value();
}

QString EditorDocument::syntaxErrorText() const
{
    const auto e = m_yaml.syntaxError();
    if (!m_isYaml || !e)
        return {};
    return QStringLiteral("line %1, column %2: %3").arg(e->location.line).arg(e->location.column).arg(e->message);
}

int EditorDocument::syntaxErrorLine() const
{
    const auto e = m_yaml.syntaxError();
    return (m_isYaml && e) ? e->location.line : 0;
}

void EditorDocument::adopt(const models::YamlDocument &doc, std::shared_ptr<const models::ServiceManifest> service,
                           std::shared_ptr<const models::MeshManifest> mesh, bool typedViewsGiven)
{
    const bool hadError = hasSyntaxError();
    m_yaml = doc;
    m_yaml.setFileName(path());
    m_parseCurrent = true;
    if (m_yaml.isValid() && !m_yaml.syntaxError()) {
        m_lastValid = m_yaml;
        m_kind = models::ManifestProject::classify(m_yaml);
        m_service.reset();
        m_mesh.reset();
        if (m_kind == models::ManifestFile::Kind::Service)
            m_service =
                (typedViewsGiven && service)
                    ? service
                    : std::make_shared<const models::ServiceManifest>(models::ServiceManifest::fromDocument(m_yaml));
        else if (m_kind == models::ManifestFile::Kind::Mesh)
            m_mesh = (typedViewsGiven && mesh)
                         ? mesh
                         : std::make_shared<const models::MeshManifest>(models::MeshManifest::fromDocument(m_yaml));
    }
    if (hadError != hasSyntaxError())
        Q_EMIT parseStateChanged(hasSyntaxError());
    Q_EMIT modelChanged();
}

void EditorDocument::reparseNow()
{
    flush();
    if (!m_isYaml || !m_doc)
        return;
    const QByteArray bytes = m_doc->text();
    if (m_parseCurrent && m_yaml.text() == bytes)
        return;
    adopt(models::YamlDocument::fromText(bytes, path()), {}, {}, false);
}

bool EditorDocument::adoptParse(const models::ManifestFile &file)
{
    if (!m_isYaml || !m_doc || m_syncPending || file.document.text() != m_doc->text())
        return false;
    if (m_parseCurrent && m_yaml.text() == file.document.text())
        return true;
    adopt(file.document, file.service, file.mesh, true);
    return true;
}

Status EditorDocument::applyEdits(const QList<models::YamlEdit> &edits, const QString &description)
{
    if (isReadOnly())
        return makeError(QStringLiteral("editor.read-only"), QStringLiteral("%1 is read-only.").arg(displayName()),
                         readOnlyReason());
    flush();
    const QByteArray before = m_doc->text();
    models::YamlDocument work = m_yaml.text() == before ? m_yaml : models::YamlDocument::fromText(before, path());
    if (!work.isValid() || work.syntaxError())
        return makeError(QStringLiteral("editor.syntax-error"),
                         QStringLiteral("The text of %1 does not parse; fix the YAML before editing in the form.")
                             .arg(displayName()));
    QList<models::TextChange> changes;
    for (const models::YamlEdit &edit : edits) {
        auto r = work.apply(edit);
        if (!r)
            return r.error();
        if (!r->isNoOp())
            changes.append(r.value());
    }
    m_lastChanges = changes;
    if (changes.isEmpty())
        return Ok{};

    QByteArray cur = before;
    m_nextUndoText = description;
    QTextCursor c(m_text);
    c.beginEditBlock();
    for (const models::TextChange &ch : std::as_const(changes)) {
        int pos = ch.utf16Offset;
        int len = ch.utf16RemovedLength;
        QString inserted = ch.insertedText();
        if (m_crlf) {
            pos -= int(cur.left(ch.offset).count('\r'));
            len -= int(ch.removed.count('\r'));
            inserted.remove(QLatin1Char('\r'));
        }
        c.setPosition(pos);
        c.setPosition(pos + len, QTextCursor::KeepAnchor);
        if (inserted.isEmpty())
            c.removeSelectedText();
        else
            c.insertText(inserted);
        ch.applyTo(cur);
    }
    c.endEditBlock();
    m_nextUndoText.clear();
    flush();
    if (m_doc->text() == work.text())
        adopt(work, {}, {}, false);
    else
        reparseNow();  // cannot happen unless the change did not fit; the text is the truth
    return Ok{};
}

int EditorDocument::positionOfByteIn(const QByteArray &bytes, int byteOffset) const
{
    const QByteArray head = bytes.left(byteOffset);
    int pos = int(QString::fromUtf8(head).size());
    if (m_crlf)
        pos -= int(head.count('\r'));
    return pos;
}

Status EditorDocument::applyReplacements(QList<Replacement> replacements, const QString &description, quint64 groupId)
{
    if (isReadOnly())
        return makeError(QStringLiteral("editor.read-only"), QStringLiteral("%1 is read-only.").arg(displayName()),
                         readOnlyReason());
    flush();
    const QByteArray cur = m_doc->text();
    std::sort(replacements.begin(), replacements.end(),
              [](const Replacement &a, const Replacement &b) { return a.byteOffset > b.byteOffset; });
    for (qsizetype i = 0; i < replacements.size(); ++i) {
        const Replacement &r = replacements.at(i);
        if (r.byteOffset < 0 || r.byteOffset + r.byteLength > cur.size() ||
            (i > 0 && r.byteOffset + r.byteLength > replacements.at(i - 1).byteOffset))
            return makeError(QStringLiteral("editor.bad-range"),
                             QStringLiteral("A change does not fit the text of %1.").arg(displayName()));
    }
    if (replacements.isEmpty())
        return Ok{};
    m_nextUndoText = description;
    m_nextGroupId = groupId;
    QTextCursor c(m_text);
    c.beginEditBlock();
    for (const Replacement &r : std::as_const(replacements)) {
        const int start = positionOfByteIn(cur, r.byteOffset);
        const int end = positionOfByteIn(cur, r.byteOffset + r.byteLength);
        c.setPosition(start);
        c.setPosition(end, QTextCursor::KeepAnchor);
        if (r.text.isEmpty())
            c.removeSelectedText();
        else
            c.insertText(r.text);
    }
    c.endEditBlock();
    m_nextUndoText.clear();
    m_nextGroupId = 0;
    reparseNow();
    return Ok{};
}

Status EditorDocument::replaceTextRanges(QList<TextRangeReplacement> replacements, const QString &description)
{
    if (isReadOnly())
        return makeError(QStringLiteral("editor.read-only"), QStringLiteral("%1 is read-only.").arg(displayName()),
                         readOnlyReason());
    std::sort(replacements.begin(), replacements.end(),
              [](const TextRangeReplacement &a, const TextRangeReplacement &b) { return a.position > b.position; });
    const int end = m_text->characterCount() - 1;
    for (qsizetype i = 0; i < replacements.size(); ++i) {
        const TextRangeReplacement &r = replacements.at(i);
        if (r.position < 0 || r.length < 0 || r.position + r.length > end ||
            (i > 0 && r.position + r.length > replacements.at(i - 1).position))
            return makeError(QStringLiteral("editor.bad-range"),
                             QStringLiteral("A change does not fit the text of %1.").arg(displayName()));
    }
    if (replacements.isEmpty())
        return Ok{};
    m_nextUndoText = description;
    QTextCursor c(m_text);
    c.beginEditBlock();
    for (const TextRangeReplacement &r : std::as_const(replacements)) {
        c.setPosition(r.position);
        c.setPosition(r.position + r.length, QTextCursor::KeepAnchor);
        if (r.text.isEmpty())
            c.removeSelectedText();
        else
            c.insertText(r.text);
    }
    c.endEditBlock();
    m_nextUndoText.clear();
    return Ok{};
}

void EditorDocument::replaceAllText(const QByteArray &bytes, const QString &description)
{
    const QString oldText = rawToPlain(m_text->toRawText());
    const QString newText = editorString(bytes);
    if (oldText == newText)
        return;
    const qsizetype maxCommon = qMin(oldText.size(), newText.size());
    qsizetype prefix = 0;
    while (prefix < maxCommon && oldText.at(prefix) == newText.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < maxCommon - prefix &&
           oldText.at(oldText.size() - 1 - suffix) == newText.at(newText.size() - 1 - suffix))
        ++suffix;
    m_nextUndoText = description;
    QTextCursor c(m_text);
    c.beginEditBlock();
    c.setPosition(int(prefix));
    c.setPosition(int(oldText.size() - suffix), QTextCursor::KeepAnchor);
    const QString middle = newText.mid(prefix, newText.size() - suffix - prefix);
    if (middle.isEmpty())
        c.removeSelectedText();
    else
        c.insertText(middle);
    c.endEditBlock();
    m_nextUndoText.clear();
}

void EditorDocument::undo()
{
    if (!m_undo->canUndo())
        return;
    m_inUndoRedo = true;
    m_undoRedoPosition = -1;
    m_undo->undo();
    m_inUndoRedo = false;
    reparseNow();
    Q_EMIT undoRedoApplied(m_undoRedoPosition);
}

void EditorDocument::redo()
{
    if (!m_undo->canRedo())
        return;
    m_inUndoRedo = true;
    m_undoRedoPosition = -1;
    m_undo->redo();
    m_inUndoRedo = false;
    reparseNow();
    Q_EMIT undoRedoApplied(m_undoRedoPosition);
}

int EditorDocument::positionOf(int line, int column) const
{
    const QTextBlock b = m_text->findBlockByNumber(line - 1);
    if (!b.isValid())
        return -1;
    const QString text = b.text();
    int i = 0;
    for (int cp = 1; cp < column && i < text.size(); ++cp)
        i += (text.at(i).isHighSurrogate() && i + 1 < text.size()) ? 2 : 1;
    return b.position() + i;
}

int EditorDocument::positionOfByte(int byteOffset) const
{
    const models::SourceLocation loc = m_yaml.locationOf(byteOffset);
    return loc.isValid() ? positionOf(loc.line, loc.column) : -1;
}

int EditorDocument::byteOfPosition(int position) const
{
    const QTextBlock b = m_text->findBlock(position);
    if (!b.isValid())
        return -1;
    const int lineStart = m_yaml.lineStartOffset(b.blockNumber() + 1);
    return lineStart + int(b.text().left(position - b.position()).toUtf8().size());
}

QString EditorDocument::nodePathAt(int position)
{
    if (!m_isYaml || !m_parseCurrent || !m_yaml.isValid())
        return {};
    const models::YamlNode *node = m_yaml.nodeAt(byteOfPosition(position));
    return node ? node->path() : QString();
}

void EditorDocument::setDiagnostics(const models::Diagnostics &diagnostics)
{
    if (diagnostics == m_diagnostics)
        return;
    m_diagnostics = diagnostics;
    Q_EMIT diagnosticsChanged();
}

}  // namespace workbench::ui
