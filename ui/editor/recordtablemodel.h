// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPair>
#include <QStringList>

namespace workbench::ui {

/// A column of a form table: which key of the list item it shows and how it is edited.
struct FieldSpec {
    enum class Type { Text, Choice, Bool };
    QString key;  ///< mapping key inside the item; "." for a list of plain scalars
    QString title;
    Type type = Type::Text;
    QStringList choices;  ///< Choice: values offered (the user may still type others if editable)
    bool editableChoice = true;
    bool removeIfEmpty = true;  ///< clearing the cell removes the key (optional fields)
    bool readOnly = false;
};

/// A text column; @p removeIfEmpty: clearing the cell removes the key (optional fields).
inline FieldSpec textField(const QString &key, const QString &title, bool removeIfEmpty = true, bool readOnly = false)
{
    FieldSpec f;
    f.key = key;
    f.title = title;
    f.removeIfEmpty = removeIfEmpty;
    f.readOnly = readOnly;
    return f;
}

/// A column edited with a combo box offering @p choices.
inline FieldSpec choiceField(const QString &key, const QString &title, const QStringList &choices, bool editable = true,
                             bool removeIfEmpty = true)
{
    FieldSpec f = textField(key, title, removeIfEmpty);
    f.type = FieldSpec::Type::Choice;
    f.choices = choices;
    f.editableChoice = editable;
    return f;
}

/// A check box column (absent or false: unchecked; unchecking removes the key).
inline FieldSpec boolField(const QString &key, const QString &title)
{
    FieldSpec f = textField(key, title, true);
    f.type = FieldSpec::Type::Bool;
    return f;
}

/// Key -> value for the few keys of one row: a flat list (no hashing, one allocation), because
/// a form may show thousands of rows and rebuilds them on every re-parse.
template<typename V> class FlatMap
{
public:
    void insert(const QString &key, const V &value)
    {
        for (auto &p : m_items)
            if (p.first == key) {
                p.second = value;
                return;
            }
        m_items.append({key, value});
    }
    V value(const QString &key, const V &fallback = V()) const
    {
        for (const auto &p : m_items)
            if (p.first == key)
                return p.second;
        return fallback;
    }
    bool contains(const QString &key) const
    {
        for (const auto &p : m_items)
            if (p.first == key)
                return true;
        return false;
    }
    void clear() { m_items.clear(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    friend bool operator==(const FlatMap &a, const FlatMap &b) { return a.m_items == b.m_items; }

private:
    QList<QPair<QString, V>> m_items;
};

/// One row: a list item of the manifest (its dotted node path and the values of its keys).
struct RecordRow {
    QString nodePath;           ///< e.g. "environment.local[2]"
    FlatMap<QString> values;    ///< key -> value as text
    FlatMap<QString> problems;  ///< key -> message ("" key: the whole row)
    FlatMap<int> severities;    ///< key -> 0 error, 1 warning, 2 info
};

/// The table behind a form list (environment variables, secrets, CAS instances, services...).
/// It never changes the manifest itself: an edit emits cellEdited(), the form turns it into a
/// YamlEdit, the document changes, re-parses, and the form calls setRows() with what the text
/// now says. setRows() with the same row count only emits dataChanged for the cells that differ,
/// so an edit in progress in another cell and the selection survive.
class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        NodePathRole = Qt::UserRole + 1,
        FieldKeyRole,
        ChoicesRole,
        EditableChoiceRole,
        ProblemRole,
    };

    explicit RecordTableModel(QObject *parent = nullptr);

    void setFields(const QList<FieldSpec> &fields);
    const QList<FieldSpec> &fields() const { return m_fields; }
    int columnOf(const QString &key) const;
    void setChoices(const QString &key, const QStringList &choices);
    void setRows(const QList<RecordRow> &rows);
    const QList<RecordRow> &rows() const { return m_rows; }
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void cellEdited(int row, const QString &key, const QString &value);

private:
    QList<FieldSpec> m_fields;
    QList<RecordRow> m_rows;
    bool m_readOnly = false;
};

}  // namespace workbench::ui
