// SPDX-License-Identifier: Apache-2.0
// Internal helpers shared by the typed-view loaders (service, mesh, session).
#pragma once

#include "manifest/sourcelocation.h"
#include "manifest/yamlnode.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace workbench::models {
struct EnvVariable;
}

namespace workbench::models::detail {

/// `- {name, value}` items of an environment list (legacy `key:` recognised). In servicemanifest.cpp.
QList<EnvVariable> readEnvItems(const YamlNode *list, const QString &listPath);

/// Path of `key` under @p base ("" for the root).
inline QString childPath(const QString &base, const QString &key)
{
    bool plain = !key.isEmpty();
    for (const QChar c : key)
        if (c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('"') ||
            c == QLatin1Char('=') || c.isSpace()) {
            plain = false;
            break;
        }
    QString k = key;
    if (!plain) {
        k.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
        k.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        k = QLatin1Char('"') + k + QLatin1Char('"');
    }
    return base.isEmpty() ? k : base + QLatin1Char('.') + k;
}

/// The first item of @p items whose @p field (a LocatedString member) has the value @p name.
template<typename T> const T *findByField(const QList<T> &items, LocatedString T::*field, const QString &name)
{
    for (const T &item : items)
        if ((item.*field).value == name)
            return &item;
    return nullptr;
}

/// The `value`s of @p field over @p items, in order.
template<typename T> QStringList fieldValues(const QList<T> &items, LocatedString T::*field)
{
    QStringList out;
    out.reserve(items.size());
    for (const T &item : items)
        out.append((item.*field).value);
    return out;
}

inline QString itemPath(const QString &base, int index)
{
    return base + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

inline const YamlNode *resolve(const YamlNode *n)
{
    return n ? n->resolved() : nullptr;
}

/// The mapping value for @p key (aliases followed), nullptr when absent or @p map is no mapping.
inline const YamlNode *child(const YamlNode *map, QStringView key)
{
    if (!map || !map->isMapping())
        return nullptr;
    return resolve(map->value(key));
}

/// Reads a scalar node (which may be absent).
inline LocatedString scalarAt(const YamlNode *valueNode, const YamlNode *keyNode, const QString &path)
{
    LocatedString s;
    s.nodePath = path;
    if (keyNode)
        s.keyLocation = keyNode->location();
    const YamlNode *v = resolve(valueNode);
    if (!valueNode)
        return s;
    s.present = true;
    if (v && v->isScalar())
        s.value = v->scalar();
    else if (const std::optional<QString> placeholder = unquotedPlaceholder(v))
        s.value = *placeholder;  // `{{VAR}}` without quotes; the validator asks to quote it
    s.location = valueNode->location();
    if ((!v || v->isNull()) && keyNode)
        s.location = keyNode->location();
    return s;
}

inline LocatedString readString(const YamlNode *map, QStringView key, const QString &base)
{
    if (!map || !map->isMapping()) {
        LocatedString s;
        s.nodePath = childPath(base, key.toString());
        return s;
    }
    const int i = map->indexOfKey(key);
    if (i < 0 && map->mayHaveMergeKeys() && map->keyNode(key))  // merged in with `<<: *anchor`
        return scalarAt(map->value(key), map->keyNode(key), childPath(base, key.toString()));
    if (i < 0) {
        LocatedString s;
        s.nodePath = childPath(base, key.toString());
        s.location = map->location();
        s.location.length = 0;
        s.location.endLine = s.location.line;
        s.location.endColumn = s.location.column;
        return s;
    }
    return scalarAt(map->valueAt(i), map->keyAt(i), childPath(base, key.toString()));
}

inline std::optional<LocatedString> readOptional(const YamlNode *map, QStringView key, const QString &base)
{
    if (!map || !map->isMapping())
        return std::nullopt;
    const int i = map->indexOfKey(key);
    if (i >= 0)
        return scalarAt(map->valueAt(i), map->keyAt(i), childPath(base, key.toString()));
    // keyNode()/value() also find a key merged in with `<<: *anchor`.
    const YamlNode *k = map->mayHaveMergeKeys() ? map->keyNode(key) : nullptr;
    if (!k)
        return std::nullopt;
    return scalarAt(map->value(key), k, childPath(base, key.toString()));
}

/// A list of scalars; a single scalar reads as a one-item list.
inline LocatedStringList listAt(const YamlNode *valueNode, const YamlNode *keyNode, const QString &path)
{
    LocatedStringList l;
    l.nodePath = path;
    if (keyNode)
        l.keyLocation = keyNode->location();
    if (!valueNode)
        return l;
    l.present = true;
    l.location = valueNode->location();
    const YamlNode *v = resolve(valueNode);
    if (v && v->isSequence()) {
        l.items.reserve(v->size());
        for (int i = 0; i < v->size(); ++i)
            l.items.append(scalarAt(v->at(i), nullptr, itemPath(path, i)));
    } else if (v && v->isScalar()) {
        l.items.append(scalarAt(valueNode, nullptr, path));
    }
    return l;
}

inline std::optional<LocatedStringList> readOptionalList(const YamlNode *map, QStringView key, const QString &base)
{
    if (!map || !map->isMapping())
        return std::nullopt;
    const int i = map->indexOfKey(key);
    if (i >= 0)
        return listAt(map->valueAt(i), map->keyAt(i), childPath(base, key.toString()));
    const YamlNode *k = map->mayHaveMergeKeys() ? map->keyNode(key) : nullptr;  // merged in with `<<`
    if (!k)
        return std::nullopt;
    return listAt(map->value(key), k, childPath(base, key.toString()));
}

inline LocatedStringList readList(const YamlNode *map, QStringView key, const QString &base)
{
    auto l = readOptionalList(map, key, base);
    if (l)
        return *l;
    LocatedStringList empty;
    empty.nodePath = childPath(base, key.toString());
    return empty;
}

}  // namespace workbench::models::detail
