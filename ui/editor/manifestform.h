// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.h"
#include "editor/recordtablemodel.h"
#include "manifest/sourcelocation.h"
#include "manifest/yamledit.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QScrollArea;
class QVBoxLayout;

namespace workbench::ui {

class EditorDocument;
class EditorManager;
class RecordTable;

/// Base of the manifest forms (ServiceForm, MeshForm): a scrollable column of sections whose
/// fields are bound to dotted YAML paths. A committed field (Enter, focus out, a pick in a
/// combo box) becomes a YamlEdit on the EditorDocument, i.e. a minimal text change and one undo
/// level; the form is then refreshed from what the text says. Fields and table cells carry the
/// diagnostics of the node they show (a red or amber frame, an icon and the message as tooltip).
class ManifestForm : public QWidget
{
    Q_OBJECT
public:
    ManifestForm(EditorDocument *document, EditorManager *manager, QWidget *parent = nullptr);

    EditorDocument *editorDocument() const { return m_doc; }
    /// Re-reads the typed view of the document (last valid state) into the widgets.
    void refresh();
    /// Read-only while the text does not parse or the file cannot be written.
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }
    /// Selects what shows @p nodePath (a table row, a field), without emitting revealRequested().
    void selectPath(const QString &nodePath);
    /// Marks fields and cells with the document's diagnostics.
    void applyDiagnostics();
    /// The widget bound to a path (for tests: "build.to" -> its QLineEdit).
    QWidget *fieldWidget(const QString &path) const;
    /// The table showing the list at @p listPath ("secrets.global").
    RecordTable *table(const QString &listPath) const;
    /// Writes what the user typed into the form but has not committed yet (a field still being
    /// edited, an open table cell, the injection content editor) into the document. Called
    /// before save, close and quit so that nothing typed is lost; the focus stays where it is.
    void commitPendingInput();

Q_SIGNALS:
    /// The user selected something that lives at @p nodePath: the text view follows.
    void revealRequested(const QString &nodePath);
    /// A message for the status bar (e.g. an edit that could not be applied).
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    virtual void refreshContent() = 0;
    /// Called for a changed project (secret names, images...) to update combo choices.
    virtual void refreshChoices() {}
    /// Subclasses commit editors of their own here (see commitPendingInput()).
    virtual void commitPendingContent() {}
    /// A table cell was edited; return true when handled (e.g. a rename), else the form sets
    /// the value at `<item>.<key>`.
    virtual bool handleCellEdit(RecordTable *table, int row, const QString &key, const QString &value)
    {
        Q_UNUSED(table);
        Q_UNUSED(row);
        Q_UNUSED(key);
        Q_UNUSED(value);
        return false;
    }
    /// Registers a widget that the subclass commits itself (lists edited as text...), so that it
    /// gets diagnostics marks, setEditable() and selectPath().
    void addBinding(QWidget *widget, const QString &path, const QString &label);

    // --- building ------------------------------------------------------------------------
    QGroupBox *addSection(const QString &title, const QString &objectName);
    QFormLayout *formLayout(QGroupBox *section);
    QLineEdit *addLine(QFormLayout *layout, const QString &label, const QString &path, bool removeIfEmpty = true,
                       const QString &placeholder = {});
    QComboBox *addCombo(QFormLayout *layout, const QString &label, const QString &path, const QStringList &choices,
                        bool editable = true, bool removeIfEmpty = true);
    QCheckBox *addCheck(QFormLayout *layout, const QString &label, const QString &path);
    /// A table over the items of @p listPath; rows are filled by the subclass with setRows().
    RecordTable *addTable(QVBoxLayout *layout, const QString &listPath, const QList<FieldSpec> &fields,
                          const QString &newItemKey, const QString &newItemPrefix);
    /// A one-column table for a list of plain strings.
    RecordTable *addStringList(QVBoxLayout *layout, const QString &listPath, const QString &title);

    /// Rebinds a field to another path (detail panels follow the selected row).
    void rebind(QWidget *field, const QString &path);
    void setFieldValue(QWidget *field, const QString &value);
    void setStringListRows(RecordTable *table, const models::LocatedStringList *list);

    /// Applies edits (or reports why not) as one undo level named @p description.
    bool commit(const Result<QList<models::YamlEdit>> &edits, const QString &description);
    /// Writes @p value at @p path. @p literal: a check box or number (written plain, typed).
    /// @p fromLineEditor: @p value comes from a one-line editor, which shows a scalar without its
    /// trailing line breaks (engine::manifestedits::lineEditorText()); they are kept.
    bool commitValue(const QString &path, const QString &value, bool removeIfEmpty, const QString &label,
                     bool literal = false, bool fromLineEditor = true);

    /// Unique name for a new list item: prefix + first free number.
    static QString freshName(const QString &prefix, const QStringList &taken);

    EditorDocument *m_doc;
    EditorManager *m_manager;
    QVBoxLayout *m_column = nullptr;
    bool m_refreshing = false;

private:
    struct Binding {
        QPointer<QWidget> widget;
        QString path;
        QString label;
        bool removeIfEmpty = true;
    };
    Binding *bindingFor(QWidget *w);
    void onTableEdited(RecordTable *table, int row, const QString &key, const QString &value);
    void markWidget(QWidget *w, int severity, const QString &message);

    QList<Binding> m_bindings;
    QList<RecordTable *> m_tables;
    QHash<RecordTable *, QString> m_newItemKey;
    QHash<RecordTable *, QString> m_newItemPrefix;
    bool m_editable = true;
};

}  // namespace workbench::ui
