// SPDX-License-Identifier: Apache-2.0
#include "editor/manifestform.h"

#include "common/theme.h"
#include "documents/manifestedits.h"
#include "editor/editordocument.h"
#include "editor/editormanager.h"
#include "editor/recordtable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace workbench::ui {

namespace {
/// Index in its list of the item that row @p row of @p table shows (from the row's node path
/// `<list>[n]`), or -1.
int itemIndex(const RecordTable *table, int row)
{
    const QString path = table->model()->rows().value(row).nodePath;
    const QString prefix = table->listPath() + QLatin1Char('[');
    if (path.isEmpty())
        return row;  // rows without node paths are the list's items in order
    if (!path.startsWith(prefix) || !path.endsWith(QLatin1Char(']')))
        return -1;
    bool ok = false;
    const int index = QStringView(path).mid(prefix.size(), path.size() - prefix.size() - 1).toInt(&ok);
    return ok ? index : -1;
}
}  // namespace

ManifestForm::ManifestForm(EditorDocument *document, EditorManager *manager, QWidget *parent)
    : QWidget(parent)
    , m_doc(document)
    , m_manager(manager)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    m_column = new QVBoxLayout(content);
    m_column->setContentsMargins(10, 8, 10, 8);
    m_column->setSpacing(10);
    scroll->setWidget(content);
    outer->addWidget(scroll);

    connect(document, &EditorDocument::modelChanged, this, &ManifestForm::refresh);
    connect(document, &EditorDocument::diagnosticsChanged, this, &ManifestForm::applyDiagnostics);
    if (manager)
        connect(manager, &EditorManager::projectUpdated, this, [this] {
            m_refreshing = true;
            refreshChoices();
            m_refreshing = false;
        });
}

void ManifestForm::refresh()
{
    m_refreshing = true;
    refreshContent();
    refreshChoices();
    m_refreshing = false;
    applyDiagnostics();
}

QGroupBox *ManifestForm::addSection(const QString &title, const QString &objectName)
{
    auto *box = new QGroupBox(title, this);
    box->setObjectName(objectName);
    m_column->addWidget(box);
    return box;
}

QFormLayout *ManifestForm::formLayout(QGroupBox *section)
{
    auto *form = new QFormLayout(section);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return form;
}

QLineEdit *ManifestForm::addLine(QFormLayout *layout, const QString &label, const QString &path, bool removeIfEmpty,
                                 const QString &placeholder)
{
    auto *le = new QLineEdit(this);
    le->setObjectName(QStringLiteral("field:") + path);
    le->setPlaceholderText(placeholder);
    layout->addRow(label + QLatin1Char(':'), le);
    m_bindings.append({le, path, label, removeIfEmpty});
    connect(le, &QLineEdit::editingFinished, this, [this, le] {
        if (m_refreshing || !le->isModified())
            return;
        le->setModified(false);
        if (Binding *b = bindingFor(le))
            commitValue(b->path, le->text(), b->removeIfEmpty, b->label);
    });
    le->installEventFilter(this);
    return le;
}

QComboBox *ManifestForm::addCombo(QFormLayout *layout, const QString &label, const QString &path,
                                  const QStringList &choices, bool editable, bool removeIfEmpty)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("field:") + path);
    combo->setEditable(editable);
    combo->addItems(choices);
    combo->setInsertPolicy(QComboBox::NoInsert);
    layout->addRow(label + QLatin1Char(':'), combo);
    m_bindings.append({combo, path, label, removeIfEmpty});
    combo->installEventFilter(this);
    auto commitCombo = [this, combo] {
        if (m_refreshing)
            return;
        if (Binding *b = bindingFor(combo))
            commitValue(b->path, combo->currentText(), b->removeIfEmpty, b->label);
    };
    connect(combo, &QComboBox::activated, this, commitCombo);
    if (editable)
        connect(combo->lineEdit(), &QLineEdit::editingFinished, this, [combo, commitCombo] {
            if (combo->lineEdit()->isModified()) {
                combo->lineEdit()->setModified(false);
                commitCombo();
            }
        });
    return combo;
}

QCheckBox *ManifestForm::addCheck(QFormLayout *layout, const QString &label, const QString &path)
{
    auto *check = new QCheckBox(this);
    check->setObjectName(QStringLiteral("field:") + path);
    layout->addRow(label + QLatin1Char(':'), check);
    m_bindings.append({check, path, label, true});
    check->installEventFilter(this);
    connect(check, &QCheckBox::clicked, this, [this, check](bool on) {
        if (m_refreshing)
            return;
        if (Binding *b = bindingFor(check))
            commitValue(b->path, on ? QStringLiteral("true") : QString(), true, b->label, true);
    });
    return check;
}

RecordTable *ManifestForm::addTable(QVBoxLayout *layout, const QString &listPath, const QList<FieldSpec> &fields,
                                    const QString &newItemKey, const QString &newItemPrefix)
{
    auto *table = new RecordTable(fields, this);
    table->setObjectName(QStringLiteral("table:") + listPath);
    table->setListPath(listPath);
    layout->addWidget(table);
    m_tables.append(table);
    m_newItemKey.insert(table, newItemKey);
    m_newItemPrefix.insert(table, newItemPrefix);
    connect(table->model(), &RecordTableModel::cellEdited, this,
            [this, table](int row, const QString &key, const QString &value) {
                if (!m_refreshing)
                    onTableEdited(table, row, key, value);
            });
    connect(table, &RecordTable::addRequested, this, [this, table] {
        m_doc->reparseNow();
        const QString key = m_newItemKey.value(table);
        QString fragment;
        if (key == QLatin1String(".")) {
            fragment = QStringLiteral("\"\"");
        } else {
            QStringList taken;
            for (const RecordRow &r : table->model()->rows())
                taken << r.values.value(key);
            fragment = engine::manifestedits::mappingFragment({{key, freshName(m_newItemPrefix.value(table), taken)}});
        }
        if (commit(engine::manifestedits::appendItem(m_doc->yaml(), table->listPath(), fragment),
                   QStringLiteral("Add to %1").arg(table->listPath()))) {
            const int last = table->model()->rowCount() - 1;
            if (last >= 0) {
                table->view()->setCurrentIndex(table->model()->index(last, 0));
                table->view()->edit(table->model()->index(last, 0));
            }
        }
    });
    connect(table, &RecordTable::removeRequested, this, [this, table](int row) {
        const QString item = table->model()->rows().value(row).nodePath;
        if (!item.isEmpty())
            commit(QList<models::YamlEdit>{models::YamlEdit::removeItem(item)}, QStringLiteral("Remove %1").arg(item));
    });
    connect(table, &RecordTable::moveRequested, this, [this, table](int from, int to) {
        // Rows need not be the list's items one to one (a mesh env list can mix blocks and
        // plain variables): move by the items' own indices.
        const int fromItem = itemIndex(table, from);
        const int toItem = itemIndex(table, to);
        if (fromItem < 0 || toItem < 0)
            return;
        commit(QList<models::YamlEdit>{models::YamlEdit::moveItem(table->listPath(), fromItem, toItem)},
               QStringLiteral("Move item of %1").arg(table->listPath()));
    });
    connect(table, &RecordTable::rowSelected, this, [this, table](int row) {
        const QString item = table->model()->rows().value(row).nodePath;
        if (!item.isEmpty())
            Q_EMIT revealRequested(item);
    });
    return table;
}

RecordTable *ManifestForm::addStringList(QVBoxLayout *layout, const QString &listPath, const QString &title)
{
    RecordTable *t =
        addTable(layout, listPath, {textField(QStringLiteral("."), title, false)}, QStringLiteral("."), {});
    return t;
}

void ManifestForm::rebind(QWidget *field, const QString &path)
{
    if (Binding *b = bindingFor(field)) {
        b->path = path;
        field->setObjectName(QStringLiteral("field:") + path);
    }
}

void ManifestForm::setFieldValue(QWidget *field, const QString &value)
{
    if (auto *le = qobject_cast<QLineEdit *>(field)) {
        if (le->hasFocus() && le->isModified())
            return;  // the user is typing here; the commit will bring the text in line
        const QString shown = engine::manifestedits::lineEditorText(value);
        if (le->text() != shown)
            le->setText(shown);
        le->setModified(false);
    } else if (auto *combo = qobject_cast<QComboBox *>(field)) {
        const int i = combo->findText(value);
        if (i >= 0)
            combo->setCurrentIndex(i);
        else if (combo->isEditable())
            combo->setEditText(value);
        else
            combo->setCurrentIndex(-1);
    } else if (auto *check = qobject_cast<QCheckBox *>(field)) {
        const QString l = value.trimmed().toLower();
        check->setChecked(l == QLatin1String("true") || l == QLatin1String("yes") || l == QLatin1String("on"));
    }
}

void ManifestForm::setStringListRows(RecordTable *table, const models::LocatedStringList *list)
{
    QList<RecordRow> rows;
    if (list)
        for (int i = 0; i < list->items.size(); ++i) {
            RecordRow r;
            r.nodePath = table->listPath() + QStringLiteral("[%1]").arg(i);
            r.values.insert(QStringLiteral("."), list->items.at(i).value);
            rows << r;
        }
    table->model()->setRows(rows);
}

void ManifestForm::commitPendingInput()
{
    if (m_refreshing || !m_editable)
        return;
    for (RecordTable *t : std::as_const(m_tables))
        t->commitOpenEditor();
    // Every field commits on editingFinished when it is modified (line edits, editable combo
    // boxes, lists edited as text). A commit refreshes the form, so hold the fields weakly.
    QList<QPointer<QLineEdit>> edits;
    for (QLineEdit *le : findChildren<QLineEdit *>())
        if (le->isModified())
            edits << le;
    for (const QPointer<QLineEdit> &le : std::as_const(edits))
        if (le && le->isModified())
            Q_EMIT le->editingFinished();
    commitPendingContent();
}

bool ManifestForm::commit(const Result<QList<models::YamlEdit>> &edits, const QString &description)
{
    if (!edits) {
        Q_EMIT message(QStringLiteral("Cannot change the manifest: ") + edits.error().message);
        refresh();
        return false;
    }
    if (edits.value().isEmpty())
        return true;
    const Status s = m_doc->applyEdits(edits.value(), description);
    if (!s) {
        Q_EMIT message(s.error().message +
                       (s.error().detail.isEmpty() ? QString() : QStringLiteral(" ") + s.error().detail));
        refresh();  // show what the text says again
        return false;
    }
    return true;
}

bool ManifestForm::commitValue(const QString &path, const QString &value, bool removeIfEmpty, const QString &label,
                               bool literal, bool fromLineEditor)
{
    m_doc->reparseNow();
    return commit(engine::manifestedits::setValue(m_doc->yaml(), path, value, removeIfEmpty,
                                                  literal ? engine::manifestedits::ValueStyle::Literal
                                                          : engine::manifestedits::ValueStyle::String,
                                                  fromLineEditor ? engine::manifestedits::ValueSource::LineEditor
                                                                 : engine::manifestedits::ValueSource::Exact),
                  QStringLiteral("Set %1").arg(label.isEmpty() ? path : label));
}

void ManifestForm::addBinding(QWidget *widget, const QString &path, const QString &label)
{
    widget->setObjectName(QStringLiteral("field:") + path);
    m_bindings.append({widget, path, label, true});
    widget->installEventFilter(this);
}

bool ManifestForm::eventFilter(QObject *watched, QEvent *event)
{
    // A field that gets the focus shows its line in the text view.
    if (event->type() == QEvent::FocusIn && !m_refreshing)
        if (auto *w = qobject_cast<QWidget *>(watched))
            if (Binding *b = bindingFor(w))
                Q_EMIT revealRequested(b->path);
    return QWidget::eventFilter(watched, event);
}

void ManifestForm::onTableEdited(RecordTable *table, int row, const QString &key, const QString &value)
{
    if (handleCellEdit(table, row, key, value))
        return;
    const QString item = table->model()->rows().value(row).nodePath;
    if (item.isEmpty())
        return;
    if (key == QLatin1String(".")) {
        commitValue(item, value, false, table->listPath());
        return;
    }
    const int col = table->model()->columnOf(key);
    const FieldSpec spec = col >= 0 ? table->model()->fields().at(col) : FieldSpec{};
    commitValue(item + QLatin1Char('.') + key, value, spec.removeIfEmpty, spec.title.isEmpty() ? key : spec.title,
                spec.type == FieldSpec::Type::Bool);
}

ManifestForm::Binding *ManifestForm::bindingFor(QWidget *w)
{
    for (Binding &b : m_bindings)
        if (b.widget == w)
            return &b;
    return nullptr;
}

QWidget *ManifestForm::fieldWidget(const QString &path) const
{
    for (const Binding &b : m_bindings)
        if (b.path == path)
            return b.widget;
    return nullptr;
}

RecordTable *ManifestForm::table(const QString &listPath) const
{
    for (RecordTable *t : m_tables)
        if (t->listPath() == listPath)
            return t;
    return nullptr;
}

void ManifestForm::setEditable(bool editable)
{
    m_editable = editable;
    for (const Binding &b : std::as_const(m_bindings)) {
        if (!b.widget)
            continue;
        if (auto *le = qobject_cast<QLineEdit *>(b.widget.data()))
            le->setReadOnly(!editable);
        else
            b.widget->setEnabled(editable);
    }
    for (RecordTable *t : std::as_const(m_tables))
        t->setReadOnly(!editable);
}

void ManifestForm::markWidget(QWidget *w, int severity, const QString &message)
{
    if (w->property("problemSeverity").toInt() == severity && w->toolTip() == message)
        return;
    w->setProperty("problemSeverity", severity);
    w->setToolTip(message);
    if (severity < 0) {
        w->setStyleSheet(QString());
        return;
    }
    const QColor c = severity == 0 ? theme::errorColor() : severity == 1 ? theme::warningColor() : theme::infoColor();
    w->setStyleSheet(QStringLiteral("%1 { border: 1px solid %2; border-radius: 3px; padding: 1px; }")
                         .arg(QLatin1String(w->metaObject()->className()), c.name()));
}

void ManifestForm::applyDiagnostics()
{
    struct Mark {
        int severity = 99;
        QStringList messages;
    };
    QHash<QWidget *, Mark> fieldMarks;
    // Only tables that show problems now or showed some before are rewritten (lists can be long).
    QHash<RecordTable *, QList<RecordRow>> tableRows;
    auto rowsOf = [&tableRows](RecordTable *t) -> QList<RecordRow> & {
        auto it = tableRows.find(t);
        if (it == tableRows.end()) {
            QList<RecordRow> rows = t->model()->rows();
            for (RecordRow &r : rows) {
                r.problems.clear();
                r.severities.clear();
            }
            it = tableRows.insert(t, rows);
        }
        return it.value();
    };
    for (RecordTable *t : std::as_const(m_tables))
        if (t->property("hasProblems").toBool())
            rowsOf(t);
    const models::YamlDocument &yaml = m_doc->yaml();
    for (const models::Diagnostic &d : m_doc->diagnostics()) {
        int offset = d.offset;
        if (offset < 0 && d.line > 0)
            offset = yaml.lineStartOffset(d.line) + qMax(0, d.column - 1);
        const models::YamlNode *node = offset >= 0 && yaml.isValid() ? yaml.nodeAt(offset) : nullptr;
        if (!node)
            continue;
        const QString path = node->path();
        const int severity = int(d.severity);
        for (const Binding &b : std::as_const(m_bindings)) {
            if (!b.widget || !(path == b.path || path.startsWith(b.path + QLatin1Char('.')) ||
                               path.startsWith(b.path + QLatin1Char('['))))
                continue;
            Mark &m = fieldMarks[b.widget];
            m.severity = qMin(m.severity, severity);
            m.messages << d.message;
        }
        for (RecordTable *t : std::as_const(m_tables)) {
            const QString prefix = t->listPath() + QLatin1Char('[');
            if (!path.startsWith(prefix))
                continue;
            const int close = int(path.indexOf(QLatin1Char(']'), prefix.size()));
            bool ok = false;
            const int row = path.mid(prefix.size(), close - prefix.size()).toInt(&ok);
            if (!ok || row < 0 || row >= t->model()->rowCount())
                continue;
            QList<RecordRow> &rows = rowsOf(t);
            QString key = path.mid(close + 1);
            if (key.startsWith(QLatin1Char('.')))
                key = key.mid(1).section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);
            if (t->model()->columnOf(key) < 0)
                key = t->model()->columnOf(QStringLiteral(".")) >= 0 ? QStringLiteral(".") : QString();
            RecordRow &r = rows[row];
            const QString existing = r.problems.value(key);
            r.problems.insert(key, existing.isEmpty() ? d.message : existing + QLatin1Char('\n') + d.message);
            r.severities.insert(key, qMin(r.severities.value(key, 99), severity));
        }
    }
    for (const Binding &b : std::as_const(m_bindings)) {
        if (!b.widget)
            continue;
        const auto it = fieldMarks.constFind(b.widget);
        if (it == fieldMarks.constEnd())
            markWidget(b.widget, -1, QString());
        else
            markWidget(b.widget, it->severity, it->messages.join(QLatin1Char('\n')));
    }
    for (auto it = tableRows.begin(); it != tableRows.end(); ++it) {
        bool any = false;
        for (const RecordRow &r : std::as_const(it.value()))
            any = any || !r.problems.isEmpty();
        it.key()->setProperty("hasProblems", any);
        it.key()->model()->setRows(it.value());
    }
}

void ManifestForm::selectPath(const QString &nodePath)
{
    if (nodePath.isEmpty())
        return;
    auto *scroll = findChild<QScrollArea *>(QStringLiteral("formScroll"));
    // Outer lists first: selecting a row there may retarget an inner table (mesh env blocks).
    QList<RecordTable *> tables = m_tables;
    std::stable_sort(tables.begin(), tables.end(), [](const RecordTable *a, const RecordTable *b) {
        return a->listPath().size() < b->listPath().size();
    });
    bool found = false;
    for (RecordTable *t : std::as_const(tables)) {
        const QString prefix = t->listPath() + QLatin1Char('[');
        if (!nodePath.startsWith(prefix))
            continue;
        const int close = int(nodePath.indexOf(QLatin1Char(']'), prefix.size()));
        bool ok = false;
        const int row = nodePath.mid(prefix.size(), close - prefix.size()).toInt(&ok);
        if (ok && t->isVisibleTo(this)) {
            t->selectRowSilently(row);
            if (scroll)
                scroll->ensureWidgetVisible(t, 20, 20);
            found = true;
        }
    }
    if (found)
        return;
    const Binding *best = nullptr;
    for (const Binding &b : std::as_const(m_bindings))
        if (b.widget && (nodePath == b.path || nodePath.startsWith(b.path + QLatin1Char('.'))))
            if (!best || b.path.size() > best->path.size())
                best = &b;
    if (best && scroll && best->widget->isVisibleTo(this))
        scroll->ensureWidgetVisible(best->widget, 20, 40);
}

QString ManifestForm::freshName(const QString &prefix, const QStringList &taken)
{
    for (int i = 1;; ++i) {
        const QString candidate = prefix + QString::number(i);
        if (!taken.contains(candidate))
            return candidate;
    }
}

}  // namespace workbench::ui
