// SPDX-License-Identifier: Apache-2.0
#include "documents/manifestedits.h"

#include "manifest/yamlnode.h"
#include "manifest/yamlpath.h"
#include "validation/schematypes.h"

namespace workbench::engine::manifestedits {

using models::YamlDocument;
using models::YamlEdit;
using models::YamlNode;
using models::YamlPath;
using models::YamlPathSegment;

namespace {
struct Split {
    QString existing;     ///< path of the deepest existing node ("" = root)
    QStringList missing;  ///< keys below it that do not exist yet
    const YamlNode *node = nullptr;
};

Error editError(const QString &message)
{
    return makeError(QStringLiteral("edit.invalid"), message);
}

Result<Split> splitPath(const YamlDocument &doc, const QString &path)
{
    auto parsed = YamlPath::parse(path);
    if (!parsed)
        return parsed.error();
    const YamlPath p = parsed.value();
    const int n = int(p.segments.size());
    for (int k = n; k >= 0; --k) {
        YamlPath prefix;
        prefix.segments = p.segments.mid(0, k);
        const YamlNode *node = k == 0 ? doc.root() : doc.node(prefix);
        if (!node && k > 0)
            continue;
        Split s;
        s.existing = prefix.toString();
        s.node = node;
        for (int i = k; i < n; ++i) {
            if (p.segments.at(i).kind != YamlPathSegment::Kind::Key)
                return editError(QStringLiteral("%1 does not exist").arg(path));
            s.missing << p.segments.at(i).key;
        }
        if (node && node->resolved() && node->resolved()->isScalar() && !s.missing.isEmpty())
            return editError(QStringLiteral("%1 is a value, not a mapping").arg(s.existing));
        return s;
    }
    return editError(QStringLiteral("%1 does not exist").arg(path));
}

QString indented(const QString &text, int spaces)
{
    const QString pad(spaces, QLatin1Char(' '));
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &l : lines)
        if (!l.isEmpty())
            l.prepend(pad);
    return lines.join(QLatin1Char('\n'));
}

/// The value fragment for key missing[from - 1]: nested mappings down to @p leaf.
QString nest(const QStringList &missing, int from, const QString &leaf, bool leafIsBlock)
{
    if (from >= missing.size())
        return leaf;
    const QString &key = missing.at(from);
    if (from == missing.size() - 1)
        return leafIsBlock ? key + QStringLiteral(":\n") + indented(leaf, 2) : key + QStringLiteral(": ") + leaf;
    return key + QStringLiteral(":\n") + indented(nest(missing, from + 1, leaf, leafIsBlock), 2);
}

/// Edits adding the missing keys of @p s with @p leaf as the innermost value.
QList<YamlEdit> addMissing(const Split &s, const QString &leaf, bool leafIsBlock)
{
    return {YamlEdit::addKey(s.existing, s.missing.first(), nest(s.missing, 1, leaf, leafIsBlock))};
}

QString flowItem(const QString &v)
{
    static const QString flowChars = QStringLiteral(",[]{}");
    bool flowUnsafe = false;
    for (QChar c : v)
        if (flowChars.contains(c))
            flowUnsafe = true;
    if (!flowUnsafe)
        return YamlDocument::quoteScalar(v);
    QString e = v;
    e.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    e.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + e + QLatin1Char('"');
}

QString blockItem(const QString &itemYaml)
{
    // "- " before the first line, the following lines aligned under it.
    QStringList lines = itemYaml.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i)
        lines[i] = (i == 0 ? QStringLiteral("- ") : QStringLiteral("  ")) + lines.at(i);
    return lines.join(QLatin1Char('\n'));
}
}  // namespace

QString mappingFragment(const QList<QPair<QString, QString>> &keyValues)
{
    QStringList lines;
    for (int i = 0; i < keyValues.size(); ++i) {
        const auto &kv = keyValues.at(i);
        if (kv.second.isEmpty() && i > 0)
            continue;
        lines << kv.first + QStringLiteral(": ") +
                     (kv.second.isEmpty() ? QStringLiteral("\"\"") : YamlDocument::quoteScalar(kv.second));
    }
    return lines.join(QLatin1Char('\n'));
}

QString flowSequence(const QStringList &values)
{
    QStringList items;
    for (const QString &v : values)
        items << flowItem(v);
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString lineEditorText(const QString &value)
{
    qsizetype end = value.size();
    while (end > 0 && (value.at(end - 1) == QLatin1Char('\n') || value.at(end - 1) == QLatin1Char('\r')))
        --end;
    return value.left(end);
}

QString valueFromLineEditor(const QString &current, const QString &typed)
{
    if (typed.contains(QLatin1Char('\n')))
        return typed;
    return typed + current.mid(lineEditorText(current).size());
}

Result<QList<YamlEdit>> setValue(const YamlDocument &doc, const QString &path, const QString &value, bool removeIfEmpty,
                                 ValueStyle style, ValueSource source)
{
    // A field the format types as a boolean or an integer is written as one, whatever widget
    // edits it (a text field for `size`, a check box for `export_public`).
    const models::SchemaValueKind kind = models::schemaValueKind(doc, path);
    if (kind == models::SchemaValueKind::Boolean || kind == models::SchemaValueKind::Integer)
        style = ValueStyle::Literal;
    const models::YamlScalarType type =
        style == ValueStyle::Literal ? models::YamlScalarType::Typed : models::YamlScalarType::String;
    if (const YamlNode *node = doc.node(path)) {
        const YamlNode *parent = node->parent();
        if (removeIfEmpty && value.isEmpty() && parent && parent->isMapping())
            return QList<YamlEdit>{YamlEdit::removeKey(path)};
        const YamlNode *r = node->resolved();
        if (r && !r->isScalar() && !r->isNull() && !unquotedPlaceholder(r))
            return editError(QStringLiteral("%1 is a list or mapping, not a single value").arg(path));
        const QString current = r && r->isScalar() ? r->scalar() : QString();
        const QString wanted =
            source == ValueSource::LineEditor && !value.isEmpty() ? valueFromLineEditor(current, value) : value;
        if (r && r->isScalar() && current == wanted)
            return QList<YamlEdit>{};
        return QList<YamlEdit>{YamlEdit::setScalar(path, wanted, type)};
    }
    if (value.isEmpty() && removeIfEmpty)
        return QList<YamlEdit>{};
    auto split = splitPath(doc, path);
    if (!split)
        return split.error();
    // A literal that YAML would not read as a boolean, number or null is a string after all.
    const bool plainLiteral = style == ValueStyle::Literal && YamlDocument::readsAsNonString(value);
    const QString leaf = value.isEmpty() ? QStringLiteral("\"\"")
                         : plainLiteral  ? value
                                         : YamlDocument::quoteScalar(value);
    return addMissing(split.value(), leaf, false);
}

Result<QList<YamlEdit>> appendItem(const YamlDocument &doc, const QString &seqPath, const QString &itemYaml)
{
    if (const YamlNode *node = doc.node(seqPath)) {
        const YamlNode *r = node->resolved();
        if (r && (r->isSequence() || r->isNull()))
            return QList<YamlEdit>{YamlEdit::appendItem(seqPath, itemYaml)};
        return editError(QStringLiteral("%1 is not a list").arg(seqPath));
    }
    auto split = splitPath(doc, seqPath);
    if (!split)
        return split.error();
    return addMissing(split.value(), blockItem(itemYaml), true);
}

Result<QList<YamlEdit>> setStringList(const YamlDocument &doc, const QString &path, const QStringList &values,
                                      bool flowWhenCreated)
{
    const YamlNode *node = doc.node(path);
    if (!node) {
        if (values.isEmpty())
            return QList<YamlEdit>{};
        auto split = splitPath(doc, path);
        if (!split)
            return split.error();
        if (flowWhenCreated)
            return addMissing(split.value(), flowSequence(values), false);
        QStringList items;
        for (const QString &v : values)
            items << QStringLiteral("- ") + YamlDocument::quoteScalar(v);
        return addMissing(split.value(), items.join(QLatin1Char('\n')), true);
    }
    const YamlNode *r = node->resolved();
    QList<YamlEdit> edits;
    if (r && r->isNull()) {
        for (const QString &v : values)
            edits << YamlEdit::appendItem(path, YamlDocument::quoteScalar(v));
        return edits;
    }
    if (!r || !r->isSequence())
        return editError(QStringLiteral("%1 is not a list").arg(path));
    const int n = r->size();
    const int common = qMin(n, int(values.size()));
    for (int i = 0; i < common; ++i) {
        const YamlNode *item = r->at(i) ? r->at(i)->resolved() : nullptr;
        if (!item || !item->isScalar() || item->scalar() != values.at(i))
            edits << YamlEdit::setScalar(path + QStringLiteral("[%1]").arg(i), values.at(i));
    }
    for (int i = common; i < values.size(); ++i)
        edits << YamlEdit::appendItem(path, YamlDocument::quoteScalar(values.at(i)));
    for (int i = n - 1; i >= common; --i)
        edits << YamlEdit::removeItem(path + QStringLiteral("[%1]").arg(i));
    return edits;
}

}  // namespace workbench::engine::manifestedits
