// SPDX-License-Identifier: Apache-2.0
// Source-preserving edits of a YamlDocument. Every operation builds the new text by splicing
// the old one at syntactic positions (new content is indented like its siblings), then checks
// that the result parses and has the intended shape, and reports the minimal TextChange.
#include "manifest/yamldocument.h"

#include "manifest/yamldata_p.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace workbench::models {

using detail::isBlank;
using detail::isLineBreak;

namespace {

Error editError(const QString &message)
{
    return makeError(QStringLiteral("edit.failed"), message);
}

bool isFlowIndicator(QChar c)
{
    return c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('{') ||
           c == QLatin1Char('}');
}

bool resolvesToNonString(const QString &v)
{
    static const QRegularExpression special(QStringLiteral(
        R"(^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=)$)"));
    static const QRegularExpression number(QStringLiteral(
        R"(^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?0[oO]?[0-7_]+|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[bB][01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$)"));
    static const QRegularExpression canonicalInt(QStringLiteral(R"(^-?(?:0|[1-9][0-9]*)$)"));
    if (special.match(v).hasMatch())
        return true;
    // Canonical decimal integers read back as the same text in every YAML dialect, and the
    // manifests use them unquoted (`value: 6379`, `size: 10`): keep them plain.
    if (canonicalInt.match(v).hasMatch())
        return false;
    return number.match(v).hasMatch();
}

/// Characters that YAML 1.1 readers (libyaml, PyYAML, and so possibly sconectl) take as line
/// breaks (NEL, LS, PS) or refuse in plain text (C1 controls): written as escapes.
bool isSpecialBreakOrControl(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f) || u == 0x2028 || u == 0x2029 || u == 0xFEFF;
}

/// True when @p v cannot be written as a plain scalar in this context because YAML's syntax
/// would read it differently (indicators, `: `, ` #`, leading/trailing blanks, controls), whatever
/// its type.
bool needsQuotingForSyntax(const QString &v, bool flow)
{
    if (v.isEmpty())
        return true;
    if (v.front().isSpace() || v.back().isSpace())
        return true;
    for (const QChar c : v) {
        if (isSpecialBreakOrControl(c))
            return true;
        if (flow && isFlowIndicator(c))
            return true;
    }
    const QChar f = v.front();
    static const QString alwaysBad = QStringLiteral("[]{}#&*!|>'\"%@`,");
    if (alwaysBad.contains(f))
        return true;
    if ((f == QLatin1Char('-') || f == QLatin1Char('?') || f == QLatin1Char(':')) &&
        (v.size() == 1 || v.at(1).isSpace() || (flow && isFlowIndicator(v.at(1)))))
        return true;
    if (v.contains(QLatin1String(": ")) || v.contains(QLatin1String(" #")) || v.contains(QLatin1String(":\t")) ||
        v.contains(QLatin1String("\t#")) || v.endsWith(QLatin1Char(':')))
        return true;
    if (v.contains(QLatin1String("$$SCONE::")))
        return true;
    if (v.startsWith(QLatin1String("---")) || v.startsWith(QLatin1String("...")))
        return true;
    return false;
}

/// True when @p v, a string, must be quoted to read back as that string.
bool needsQuotingIn(const QString &v, bool flow)
{
    return needsQuotingForSyntax(v, flow) || resolvesToNonString(v);
}

QString doubleQuoted(const QString &v)
{
    QString out;
    out.reserve(v.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : v) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            if (isSpecialBreakOrControl(c))
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString singleQuoted(const QString &v)
{
    QString s = v;
    s.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

/// Single quotes hold a tab as it is; every other control character needs double quotes.
bool hasControlOtherThanTab(const QString &v)
{
    return std::any_of(v.cbegin(), v.cend(),
                       [](QChar c) { return c != QLatin1Char('\t') && isSpecialBreakOrControl(c); });
}

/// Plans edits on one document.
class Planner
{
public:
    explicit Planner(const YamlDocument &doc)
        : m_doc(doc)
        , m_t(doc.text())
    {
        const int nl = int(m_t.indexOf('\n'));
        m_nl = (nl > 0 && m_t.at(nl - 1) == '\r') ? QByteArrayLiteral("\r\n") : QByteArrayLiteral("\n");
        detectStyle(m_doc.root());
        if (m_step <= 0)
            m_step = 2;
        if (m_seqIndent < 0)
            m_seqIndent = m_step;
    }

    Result<TextChange> run(const YamlEdit &e)
    {
        if (!m_doc.isValid()) {
            const auto err = m_doc.syntaxError();
            return editError(
                QStringLiteral("the document has a syntax error%1; fix it before editing")
                    .arg(
                        err ? QStringLiteral(" at line %1, column %2").arg(err->location.line).arg(err->location.column)
                            : QString()));
        }
        Result<QByteArray> text = editError(QStringLiteral("unknown edit"));
        switch (e.op) {
        case YamlEdit::Op::SetScalar:
            text = setScalar(e.path, e.value, e.scalarType);
            break;
        case YamlEdit::Op::AddKey:
            text = addKey(e.path, e.key, e.value);
            break;
        case YamlEdit::Op::RemoveKey:
            text = removeKey(e.path);
            break;
        case YamlEdit::Op::AppendItem:
            text = insertItem(e.path, -1, e.value);
            break;
        case YamlEdit::Op::InsertItem:
            text = insertItem(e.path, e.index, e.value);
            break;
        case YamlEdit::Op::RemoveItem:
            text = removeItem(e.path);
            break;
        case YamlEdit::Op::MoveItem:
            text = moveItem(e.path, e.index, e.to);
            break;
        case YamlEdit::Op::Add:
            text = add(e.path, e.value);
            break;
        case YamlEdit::Op::Remove:
            text = remove(e.path);
            break;
        }
        if (!text)
            return text.error();
        const YamlDocument after = YamlDocument::fromText(text.value());
        if (!after.isValid())
            return editError(QStringLiteral("the edit would make the document invalid YAML (%1)")
                                 .arg(after.syntaxError() ? after.syntaxError()->message : QString()));
        if (m_check) {
            const QString problem = m_check(after);
            if (!problem.isEmpty())
                return editError(problem);
        }
        return minimalChange(text.value(), e.description());
    }

private:
    // --- text helpers ------------------------------------------------------------------------
    int size() const { return int(m_t.size()); }
    int lineStart(int off) const
    {
        off = std::clamp(off, 0, size());
        while (off > 0 && m_t[off - 1] != '\n')
            --off;
        return off;
    }
    int nextLineStart(int off) const
    {
        off = std::clamp(off, 0, size());
        while (off < size() && m_t[off] != '\n')
            ++off;
        return off < size() ? off + 1 : size();
    }
    int column(int off) const { return off - lineStart(off); }
    bool onlySpacesBefore(int off) const
    {
        for (int i = lineStart(off); i < off; ++i)
            if (m_t[i] != ' ')
                return false;
        return true;
    }
    int skipSpaceAndComments(int q) const
    {
        while (q < size()) {
            const char c = m_t[q];
            if (isBlank(c) || isLineBreak(c)) {
                ++q;
            } else if (c == '#' && (q == 0 || isBlank(m_t[q - 1]) || isLineBreak(m_t[q - 1]))) {
                while (q < size() && m_t[q] != '\n')
                    ++q;
            } else {
                break;
            }
        }
        return q;
    }
    static QByteArray spaces(int n) { return QByteArray(std::max(n, 0), ' '); }

    /// Where lines following the entry that ends at @p end go: the next line, or after the
    /// trailing blank lines of a keep-chomping (`|+`) block scalar.
    int insertionLineAfter(const YamlNode *last) const
    {
        int end = last->endOffset();
        if ((last->style() == YamlNode::Style::Literal || last->style() == YamlNode::Style::Folded)) {
            const int h = last->startOffset();
            int q = h + 1;
            bool keep = false;
            while (q < size() && (m_t[q] == '+' || m_t[q] == '-' || (m_t[q] >= '1' && m_t[q] <= '9'))) {
                keep = keep || m_t[q] == '+';
                ++q;
            }
            if (keep) {
                int line = nextLineStart(end);
                while (line < size()) {
                    int e = line;
                    bool blank = true;
                    while (e < size() && m_t[e] != '\n') {
                        if (!isBlank(m_t[e]) && m_t[e] != '\r')
                            blank = false;
                        ++e;
                    }
                    if (!blank)
                        break;
                    end = e;
                    line = e < size() ? e + 1 : size();
                    if (e >= size())
                        break;
                }
            }
        }
        return end;
    }

    /// Inserts @p lines (each without line break) as whole lines after the line containing @p off.
    QByteArray insertLinesAfter(int off, const QList<QByteArray> &lines) const
    {
        const int at = nextLineStart(off);
        QByteArray block;
        for (const QByteArray &l : lines)
            block += l + m_nl;
        QByteArray out = m_t;
        if (at >= size() && (m_t.isEmpty() || m_t.back() != '\n')) {
            block.chop(m_nl.size());
            block.prepend(m_t.isEmpty() ? QByteArray() : m_nl);
        }
        out.insert(at, block);
        return out;
    }

    void detectStyle(const YamlNode *n, int depth = 0)
    {
        if (!n || depth > 200 || (m_step > 0 && m_seqIndent >= 0))
            return;
        if (n->isMapping() && n->style() == YamlNode::Style::Block) {
            for (int i = 0; i < n->size(); ++i) {
                const YamlNode *k = n->keyAt(i);
                const YamlNode *v = n->valueAt(i);
                if (!k || !v || v->style() != YamlNode::Style::Block)
                    continue;
                const int kc = column(k->startOffset());
                const int vc = column(v->startOffset());
                if (v->isMapping() && m_step <= 0 && vc > kc && onlySpacesBefore(v->startOffset()))
                    m_step = vc - kc;
                if (v->isSequence() && m_seqIndent < 0 && vc >= kc)
                    m_seqIndent = vc - kc;
            }
        }
        if (n->isMapping())
            for (int i = 0; i < n->size(); ++i)
                detectStyle(n->valueAt(i), depth + 1);
        if (n->isSequence())
            for (int i = 0; i < n->size(); ++i)
                detectStyle(n->at(i), depth + 1);
    }

    bool inFlow(const YamlNode *n) const
    {
        for (const YamlNode *p = n ? n->parent() : nullptr; p; p = p->parent())
            if (p->style() == YamlNode::Style::Flow)
                return true;
        return false;
    }

    /// Column of the indentation level a node's block content belongs to: the key column for a
    /// mapping value, the dash column for a sequence item, -1 at the root.
    int ownerColumn(const YamlNode *n) const
    {
        const YamlNode *p = n->parent();
        if (!p)
            return -1;
        if (p->isMapping()) {
            const YamlNode *k = n->keyOfValue();
            return k ? column(k->propertiesOffset()) : column(p->startOffset());
        }
        const int d = dashOf(p, n->indexInParent());
        return d >= 0 ? column(d) : column(p->startOffset());
    }

    /// Offset of the `-` of item @p index of a block sequence, -1 if not found.
    int dashOf(const YamlNode *seq, int index) const
    {
        if (!seq || seq->style() != YamlNode::Style::Block || index < 0 || index >= seq->size())
            return -1;
        int q = index == 0 ? seq->startOffset() : seq->at(index - 1)->endOffset();
        q = skipSpaceAndComments(q);
        return (q < size() && m_t[q] == '-') ? q : -1;
    }

    // --- lookups -------------------------------------------------------------------------------
    Result<const YamlNode *> find(const QString &path) const
    {
        auto r = m_doc.find(path);
        if (!r)
            return r.error();
        if (r.value() && r.value()->isAlias())
            return editError(
                QStringLiteral("%1 is an alias (*%2); edit the anchored node instead").arg(path, r.value()->anchor()));
        return r;
    }

    // --- rendering of new content --------------------------------------------------------------

    /// A literal block scalar for @p value with content at @p indent.
    QByteArray literalBlock(const QString &value, int indent) const
    {
        QStringList lines = value.split(QLatin1Char('\n'));
        int trailing = 0;
        while (!lines.isEmpty() && lines.back().isEmpty()) {
            lines.removeLast();
            ++trailing;
        }
        QByteArray header = "|";
        if (!lines.isEmpty() && lines.front().startsWith(QLatin1Char(' ')))
            header += QByteArray::number(m_step);
        if (trailing == 0)
            header += '-';
        else if (trailing > 1)
            header += '+';
        QByteArray out = header;
        for (const QString &l : lines) {
            out += m_nl;
            if (!l.isEmpty())
                out += spaces(indent) + l.toUtf8();
        }
        for (int i = 1; i < trailing; ++i)
            out += m_nl;
        return out;
    }

    struct Fragment {
        YamlDocument doc;
        const YamlNode *root = nullptr;
        QByteArray text;  // the root node's own text
    };

    Result<Fragment> parseFragment(const QString &yaml) const
    {
        Fragment f;
        f.doc = YamlDocument::fromText(yaml.toUtf8());
        if (!f.doc.isValid())
            return editError(QStringLiteral("the value is not valid YAML: %1")
                                 .arg(f.doc.syntaxError() ? f.doc.syntaxError()->message : QString()));
        for (const YamlIssue &i : f.doc.issues()) {
            if (i.kind == YamlIssue::Kind::DuplicateKey)
                return editError(QStringLiteral("the value has a %1").arg(i.message));
            if (i.kind == YamlIssue::Kind::ExtraDocument)
                return editError(
                    QStringLiteral("the value holds more than one YAML document (a `---` line); give one"));
        }
        f.root = f.doc.root();
        if (f.root)
            f.text = f.doc.text().mid(f.root->propertiesOffset(), f.root->endOffset() - f.root->propertiesOffset());
        return f;
    }

    static QByteArray nodeText(const YamlDocument &doc, const YamlNode *n)
    {
        return doc.text().mid(n->propertiesOffset(), n->endOffset() - n->propertiesOffset());
    }

    /// The text of a fragment node in flow context (single line).
    QByteArray flowText(const YamlDocument &doc, const YamlNode *n, int depth = 0) const
    {
        if (!n || n->isNull())
            return n && !n->isEmptyValue() ? nodeText(doc, n) : QByteArray("null");
        const QByteArray src = nodeText(doc, n);
        // A plain scalar keeps what YAML makes of it (`true` stays a boolean); a quoted or block
        // one is a string and stays one.
        const bool plain = n->isScalar() && n->style() == YamlNode::Style::Plain;
        auto mustQuote = [&] {
            return plain ? needsQuotingForSyntax(n->scalar(), true) : needsQuotingIn(n->scalar(), true);
        };
        if (!src.contains('\n')) {
            if (!plain || !mustQuote())
                return src;
        }
        if (n->isScalar())
            return (mustQuote() ? doubleQuoted(n->scalar()) : n->scalar()).toUtf8();
        if (depth > 100)
            return "null";
        QByteArray out;
        if (n->isSequence()) {
            out = "[";
            for (int i = 0; i < n->size(); ++i) {
                if (i)
                    out += ", ";
                out += flowText(doc, n->at(i), depth + 1);
            }
            return out + "]";
        }
        if (n->isMapping()) {
            out = "{";
            for (int i = 0; i < n->size(); ++i) {
                if (i)
                    out += ", ";
                out += flowText(doc, n->keyAt(i), depth + 1) + ": " + flowText(doc, n->valueAt(i), depth + 1);
            }
            return out + "}";
        }
        return src;  // alias
    }

    /// Lines of a block collection fragment, dedented to column 0.
    static QList<QByteArray> dedentedLines(const QByteArray &text, int firstColumn)
    {
        QList<QByteArray> lines = text.split('\n');
        for (int i = 0; i < lines.size(); ++i) {
            QByteArray &l = lines[i];
            if (l.endsWith('\r'))
                l.chop(1);
            if (i == 0)
                continue;
            int k = 0;
            while (k < l.size() && k < firstColumn && l[k] == ' ')
                ++k;
            l.remove(0, k);
        }
        while (!lines.isEmpty() && lines.back().trimmed().isEmpty())
            lines.removeLast();
        return lines;
    }

    /// Lines of a fragment in block style (dedented; the first line is the first key or `-`).
    /// A flow mapping becomes block lines when @p preferBlock; other flow values stay as they are.
    QList<QByteArray> blockLines(const Fragment &f, bool preferBlock) const
    {
        const YamlNode *r = f.root;
        if (r->isMapping() && r->style() == YamlNode::Style::Flow && preferBlock && r->size() > 0) {
            QList<QByteArray> out;
            for (int i = 0; i < r->size(); ++i) {
                const QByteArray k = flowText(f.doc, r->keyAt(i));
                const YamlNode *v = r->valueAt(i);
                if (!v || v->isEmptyValue())
                    out.append(k + ":");
                else
                    out.append(k + ": " + flowText(f.doc, v));
            }
            return out;
        }
        const int col = f.root->propertiesOffset() - [&] {
            int s = f.root->propertiesOffset();
            while (s > 0 && f.doc.text()[s - 1] != '\n')
                --s;
            return s;
        }();
        return dedentedLines(f.text, col);
    }

    bool isBlockCollection(const YamlNode *n) const
    {
        return n && (n->isMapping() || n->isSequence()) && n->style() == YamlNode::Style::Block;
    }

    /// What follows `key:` for a fragment value, the key being at column @p keyCol.
    QByteArray mapValueTail(const Fragment &f, int keyCol, bool preferBlock, QList<QByteArray> *extraLines) const
    {
        const YamlNode *r = f.root;
        if (!r || r->isEmptyValue())
            return {};
        const bool blockMap =
            r->isMapping() && (r->style() == YamlNode::Style::Block || (preferBlock && r->size() > 0));
        const bool blockSeq = isBlockCollection(r) && r->isSequence();
        if (blockMap || blockSeq) {
            const int indent = keyCol + (blockSeq ? m_seqIndent : m_step);
            const QList<QByteArray> lines = blockLines(f, preferBlock);
            for (const QByteArray &l : lines)
                extraLines->append(l.isEmpty() ? l : spaces(indent) + l);
            return {};
        }
        if (r->isScalar() && f.text.contains('\n')) {
            const QByteArray block = literalBlock(r->scalar(), keyCol + m_step);
            const QList<QByteArray> parts = block.split('\n');
            for (int i = 1; i < parts.size(); ++i)
                extraLines->append(parts[i].endsWith('\r') ? parts[i].chopped(1) : parts[i]);
            return " " + (parts[0].endsWith('\r') ? parts[0].chopped(1) : parts[0]);
        }
        return " " + flowTextOrBlock(f);
    }

    QByteArray flowTextOrBlock(const Fragment &f) const
    {
        if (f.root->isScalar() && !f.text.contains('\n'))
            return f.text;
        return flowText(f.doc, f.root);
    }

    /// Lines for a new sequence item at dash column @p dashCol: "- first" then the rest.
    QList<QByteArray> seqItemLines(const Fragment &f, int dashCol, bool preferBlock) const
    {
        QList<QByteArray> out;
        const YamlNode *r = f.root;
        const QByteArray dash = spaces(dashCol) + "-";
        if (!r || r->isEmptyValue()) {
            out.append(dash);
            return out;
        }
        const bool blockMap =
            r->isMapping() && (r->style() == YamlNode::Style::Block || (preferBlock && r->size() > 0));
        if (blockMap || (r->isSequence() && r->style() == YamlNode::Style::Block)) {
            const QList<QByteArray> lines = blockLines(f, preferBlock);
            for (int i = 0; i < lines.size(); ++i) {
                if (i == 0)
                    out.append(dash + " " + lines[i]);
                else
                    out.append(lines[i].isEmpty() ? lines[i] : spaces(dashCol + 2) + lines[i]);
            }
            return out;
        }
        if (r->isScalar() && f.text.contains('\n')) {
            const QList<QByteArray> parts = literalBlock(r->scalar(), dashCol + 2).split('\n');
            for (int i = 0; i < parts.size(); ++i) {
                const QByteArray p = parts[i].endsWith('\r') ? parts[i].chopped(1) : parts[i];
                out.append(i == 0 ? dash + " " + p : p);
            }
            return out;
        }
        out.append(dash + " " + flowTextOrBlock(f));
        return out;
    }

    /// Whether siblings are block mappings (so a `{k: v}` fragment is written in block style).
    static bool siblingsPreferBlock(const YamlNode *collection)
    {
        if (!collection || collection->style() == YamlNode::Style::Flow)
            return false;
        if (collection->isSequence()) {
            for (int i = 0; i < collection->size(); ++i) {
                const YamlNode *it = collection->at(i)->resolved();
                if (it && it->isMapping())
                    return it->style() == YamlNode::Style::Block;
            }
        }
        return true;
    }

    QString keyText(const QString &key) const { return needsQuotingIn(key, false) ? doubleQuoted(key) : key; }

    // --- operations ------------------------------------------------------------------------
    /// The header of a block scalar at @p n: `|` or `>`, its chomping (`-`, `+` or 0 for clip)
    /// and indentation indicators in the order written, and what follows them on the line.
    struct BlockHeader {
        bool literal = true;
        char chomp = 0;
        int indicator = 0;
        bool indicatorFirst = true;
        QByteArray rest;  ///< blanks and a comment after the indicators
    };

    BlockHeader blockHeader(const YamlNode *n) const
    {
        BlockHeader h;
        int q = n->startOffset();
        h.literal = q < size() && m_t[q] == '|';
        ++q;
        for (int i = 0; i < 2 && q < size(); ++i, ++q) {
            const char c = m_t[q];
            if (c == '+' || c == '-') {
                h.chomp = c;
            } else if (c >= '1' && c <= '9') {
                h.indicator = c - '0';
                h.indicatorFirst = h.chomp == 0;
            } else {
                break;
            }
        }
        int e = q;
        while (e < size() && m_t[e] != '\n' && m_t[e] != '\r')
            ++e;
        h.rest = m_t.mid(q, e - q);
        return h;
    }

    /// Indentation of a block scalar's content: the first content line's indentation minus the
    /// leading spaces that line contributes to the value. -1 when it has no content line.
    int blockContentIndent(const YamlNode *n) const
    {
        int line = nextLineStart(n->startOffset());
        while (line < n->endOffset()) {
            int k = 0;
            while (line + k < size() && m_t[line + k] == ' ')
                ++k;
            if (line + k < size() && m_t[line + k] != '\n' && m_t[line + k] != '\r') {
                const QString v = n->scalar();
                int lead = 0;
                int i = 0;
                while (i < v.size() && v.at(i) == QLatin1Char('\n'))
                    ++i;
                while (i + lead < v.size() && v.at(i + lead) == QLatin1Char(' '))
                    ++lead;
                return k - lead;
            }
            line = nextLineStart(line);
        }
        return -1;
    }

    /// @p value as a literal (`|`) or folded (`>`) block scalar with content at @p indent, the
    /// parent's indentation being @p parentIndent. Keeps @p original's chomping when it fits the
    /// value, its indentation indicator and the comment after its header. Empty when the value
    /// cannot be a block scalar (CR or other controls, which only double quotes can hold).
    QByteArray blockScalarText(const QString &value, bool literal, int indent, int parentIndent,
                               const BlockHeader *original) const
    {
        for (const QChar c : value)
            if (c == QLatin1Char('\r') ||
                (isSpecialBreakOrControl(c) && c != QLatin1Char('\n') && c != QLatin1Char('\t')))
                return {};
        int trailing = 0;
        while (trailing < value.size() && value.at(value.size() - 1 - trailing) == QLatin1Char('\n'))
            ++trailing;
        const QString body = value.left(value.size() - trailing);
        char chomp = trailing == 0 ? '-' : trailing == 1 ? 0 : '+';
        if (original && original->chomp == '+' && trailing >= 1)
            chomp = '+';  // keep fits any number of final line breaks: leave it as written
        const QStringList logical = body.isEmpty() ? QStringList() : body.split(QLatin1Char('\n'));
        auto spaced = [](const QString &l) {
            return !l.isEmpty() && (l.front() == QLatin1Char(' ') || l.front() == QLatin1Char('\t'));
        };
        QStringList lines;
        if (literal) {
            lines = logical;
        } else {
            // Folding turns a single line break between two plain text lines into a space, so a
            // break the value has there is written as one more empty line. Around "spaced"
            // lines (starting with a blank) breaks are kept as they are.
            const QString *previousText = nullptr;
            for (const QString &l : logical) {
                if (!l.isEmpty()) {
                    if (previousText && !spaced(*previousText) && !spaced(l))
                        lines.append(QString());
                    previousText = &l;
                }
                lines.append(l);
            }
        }
        int indicator = original ? original->indicator : 0;
        const auto firstText =
            std::find_if(lines.cbegin(), lines.cend(), [](const QString &l) { return !l.isEmpty(); });
        if (indicator == 0 && firstText != lines.cend() && firstText->front() == QLatin1Char(' '))
            indicator = indent - parentIndent;
        if (indicator < 0 || indicator > 9)
            return {};
        QByteArray header = literal ? "|" : ">";
        const QByteArray digit = indicator > 0 ? QByteArray::number(indicator) : QByteArray();
        const QByteArray chompText = chomp ? QByteArray(1, chomp) : QByteArray();
        header += (!original || original->indicatorFirst) ? digit + chompText : chompText + digit;
        if (original)
            header += original->rest;
        QByteArray out = header;
        for (const QString &l : std::as_const(lines)) {
            out += m_nl;
            if (!l.isEmpty())
                out += spaces(indent) + l.toUtf8();
        }
        if (chomp == '+')
            for (int i = 1; i < trailing; ++i)
                out += m_nl;
        return out;
    }

    /// The texts that could replace scalar @p n by @p value, the one closest to how it is
    /// written first.
    QList<QByteArray> scalarCandidates(const YamlNode *n, const QString &value, YamlScalarType type) const
    {
        const bool flow = inFlow(n);
        const bool multiLine = value.contains(QLatin1Char('\n'));
        const YamlNode::Style style = n->style();
        QList<QByteArray> out;
        if (type == YamlScalarType::Typed && !multiLine && resolvesToNonString(value) &&
            !needsQuotingForSyntax(value, flow))
            out.append(value.toUtf8());  // the type YAML reads is the point: plain
        const bool block = style == YamlNode::Style::Literal || style == YamlNode::Style::Folded;
        if (block && !flow) {
            const BlockHeader h = blockHeader(n);
            int indent = blockContentIndent(n);
            if (indent < 0)
                indent = ownerColumn(n) + m_step;
            const int parentIndent = h.indicator > 0 ? indent - h.indicator : ownerColumn(n);
            out.append(blockScalarText(value, h.literal, indent, parentIndent, &h));
            if (!h.literal)
                out.append(blockScalarText(value, true, indent, parentIndent, &h));
        }
        switch (style) {
        case YamlNode::Style::SingleQuoted:
            if (!multiLine && !hasControlOtherThanTab(value))
                out.append(singleQuoted(value).toUtf8());
            break;
        case YamlNode::Style::DoubleQuoted:
            out.append(doubleQuoted(value).toUtf8());
            break;
        case YamlNode::Style::Plain:
            if (!multiLine && !needsQuotingIn(value, flow))
                out.append(value.toUtf8());
            break;
        default:
            break;
        }
        if (multiLine && !flow) {
            const int owner = ownerColumn(n);
            out.append(blockScalarText(value, true, std::max(owner + m_step, 1), owner, nullptr));
        }
        if (!multiLine && !needsQuotingIn(value, flow))
            out.append(value.toUtf8());
        out.append(doubleQuoted(value).toUtf8());
        out.removeAll(QByteArray());
        return out;
    }

    Result<QByteArray> setScalar(const QString &path, const QString &value,
                                 YamlScalarType type = YamlScalarType::String)
    {
        auto found = find(path);
        if (!found)
            return found.error();
        const YamlNode *n = found.value();
        if (!n->parent() && !n->isScalar() && !n->isNull())
            return editError(QStringLiteral("the document root is not a scalar"));
        // An unquoted `{{VAR}}` is a flow mapping to YAML but a value to the user: it is replaced
        // like a scalar (by a quoted one where needed).
        if ((n->isMapping() || n->isSequence()) && !unquotedPlaceholder(n))
            return editError(QStringLiteral("%1 is a %2, not a scalar; use add/remove to change its items")
                                 .arg(path, n->isMapping() ? QStringLiteral("mapping") : QStringLiteral("sequence")));
        const QList<QByteArray> candidates = scalarCandidates(n, value, type);

        const int start = n->startOffset();
        int end = n->endOffset();
        // A keep-chomped (`|+`) block scalar owns the empty lines after it: they are replaced too.
        if ((n->style() == YamlNode::Style::Literal || n->style() == YamlNode::Style::Folded) &&
            blockHeader(n).chomp == '+')
            end = insertionLineAfter(n);
        // An empty value right after `key:`, `-` or a tag (`key: !!str`) needs a separating space.
        const bool needsSpace = start == end && start > 0 && m_t[start - 1] != ' ' && m_t[start - 1] != '\t' &&
                                m_t[start - 1] != '\n' && m_t[start - 1] != '\r';
        const bool typedValue = type == YamlScalarType::Typed && resolvesToNonString(value);
        for (const QByteArray &c : candidates) {
            QByteArray out = m_t;
            out.replace(start, end - start, needsSpace ? QByteArray(" " + c) : c);
            const YamlDocument after = YamlDocument::fromText(out);
            const YamlNode *m = after.node(path);
            if (!after.isValid() || !m || !m->isScalar() || m->scalar() != value)
                continue;
            // A string must not come back as a boolean or number, nor a typed value as a string.
            const bool plain = m->style() == YamlNode::Style::Plain && m->tag() == QLatin1String("?");
            if (plain && resolvesToNonString(value) != typedValue)
                continue;
            return out;
        }
        return editError(QStringLiteral("cannot write \"%1\" at %2 without changing its meaning").arg(value, path));
    }

    Result<QByteArray> addKey(const QString &mapPath, const QString &key, const QString &yaml)
    {
        auto found = mapPath.isEmpty() ? Result<const YamlNode *>(m_doc.root()) : find(mapPath);
        if (!found)
            return found.error();
        auto frag = parseFragment(yaml);
        if (!frag)
            return frag.error();
        const YamlNode *map = found.value();
        if (key.isEmpty())
            return editError(QStringLiteral("empty key"));
        const QByteArray kt = keyText(key).toUtf8();
        const QString fullPath = mapPath.isEmpty() ? key : mapPath + QLatin1Char('.') + key;
        m_check = [mapPath, key](const YamlDocument &after) {
            const YamlNode *m = mapPath.isEmpty() ? after.root() : after.node(mapPath);
            return (m && m->isMapping() && m->indexOfKey(key) >= 0)
                       ? QString()
                       : QStringLiteral("internal error: key was not added");
        };

        if (!map || map->isNull()) {
            // empty document or `key:` with no value: becomes a block mapping
            if (!map) {
                QList<QByteArray> extra;
                const QByteArray tail = mapValueTail(frag.value(), 0, true, &extra);
                QList<QByteArray> lines{kt + ":" + tail};
                lines += extra;
                return insertLinesAfter(size(), lines);
            }
            const YamlNode *parent = map->parent();
            if (parent && parent->style() == YamlNode::Style::Flow)
                return replaceNode(map, "{" + kt + ": " + flowText(frag.value().doc, frag.value().root) + "}");
            if (parent && parent->isSequence()) {
                const int col = column(map->startOffset()) + 1;  // after "- "
                QList<QByteArray> extra;
                const QByteArray tail = mapValueTail(frag.value(), col, true, &extra);
                QByteArray text = kt + ":" + tail;
                for (const QByteArray &l : extra)
                    text += m_nl + l;
                return replaceNode(map, text, true);
            }
            const int keyCol = ownerColumn(map) + m_step;
            QList<QByteArray> extra;
            const QByteArray tail = mapValueTail(frag.value(), keyCol, true, &extra);
            QList<QByteArray> lines{spaces(keyCol) + kt + ":" + tail};
            lines += extra;
            return replaceNullWithLines(map, lines);
        }
        if (!map->isMapping())
            return editError(QStringLiteral("%1 is not a mapping")
                                 .arg(mapPath.isEmpty() ? QStringLiteral("the document") : mapPath));
        if (map->indexOfKey(key) >= 0)
            return editError(QStringLiteral("%1 already exists").arg(fullPath));
        if (map->style() == YamlNode::Style::Flow) {
            const QByteArray entry = kt + ": " + flowText(frag.value().doc, frag.value().root);
            QByteArray out = m_t;
            if (map->size() == 0) {
                out.insert(map->startOffset() + 1, entry);
            } else {
                const YamlNode *lastV = map->valueAt(map->size() - 1);
                const YamlNode *lastK = map->keyAt(map->size() - 1);
                out.insert(std::max(lastV->endOffset(), lastK->endOffset()), QByteArray(", " + entry));
            }
            return out;
        }
        const int keyCol = column(map->keyAt(0)->propertiesOffset());
        QList<QByteArray> extra;
        const QByteArray tail = mapValueTail(frag.value(), keyCol, siblingsPreferBlock(map), &extra);
        QList<QByteArray> lines{spaces(keyCol) + kt + ":" + tail};
        lines += extra;
        const YamlNode *last = map->valueAt(map->size() - 1);
        return insertLinesAfter(insertionLineAfter(last), lines);
    }

    /// Replaces a null value that belongs to a mapping key by lines under that key (kept after
    /// any comment on the key's line).
    QByteArray replaceNullWithLines(const YamlNode *nullNode, const QList<QByteArray> &lines) const
    {
        QByteArray out = m_t;
        int from = nullNode->propertiesOffset();
        int to = nullNode->endOffset();
        // An explicit `~`/`null` disappears (with the blanks before it); properties stay.
        if (!nullNode->isEmptyValue()) {
            from = nullNode->startOffset();
            while (from > 0 && isBlank(m_t[from - 1]))
                --from;
            if (nullNode->propertiesOffset() < nullNode->startOffset())
                from = nullNode->startOffset() - 0;
        } else {
            from = to = nullNode->endOffset();
        }
        const int lineEnd = nextLineStart(to);
        QByteArray block;
        for (const QByteArray &l : lines)
            block += l + m_nl;
        if (lineEnd >= size() && (m_t.isEmpty() || m_t.back() != '\n')) {
            block.chop(m_nl.size());
            block.prepend(m_nl);
        }
        out.insert(lineEnd, block);
        out.remove(from, to - from);
        return out;
    }

    QByteArray replaceNode(const YamlNode *n, const QByteArray &text, bool addSpaceAfterDash = false) const
    {
        QByteArray out = m_t;
        const int s = n->startOffset();
        const int e = n->endOffset();
        QByteArray t = text;
        if (s == e && s > 0 && (m_t[s - 1] == ':' || (addSpaceAfterDash && m_t[s - 1] == '-')))
            t.prepend(' ');
        out.replace(s, e - s, t);
        return out;
    }

    Result<QByteArray> insertItem(const QString &seqPath, int index, const QString &yaml)
    {
        auto found = find(seqPath);
        if (!found)
            return found.error();
        auto frag = parseFragment(yaml);
        if (!frag)
            return frag.error();
        const YamlNode *seq = found.value();
        const int before = seq->isSequence() ? seq->size() : 0;
        m_check = [seqPath, before](const YamlDocument &after) {
            const YamlNode *s = after.node(seqPath);
            return (s && s->isSequence() && s->size() == before + 1)
                       ? QString()
                       : QStringLiteral("internal error: item was not added");
        };
        if (seq->isNull()) {
            if (index > 0)
                return editError(QStringLiteral("%1 is empty; index %2 is out of range").arg(seqPath).arg(index));
            const YamlNode *parent = seq->parent();
            if (!parent || parent->style() == YamlNode::Style::Flow)
                return replaceNode(seq, "[" + flowText(frag.value().doc, frag.value().root) + "]");
            if (parent->isSequence()) {
                const int col = column(seq->startOffset()) + 1;
                const QList<QByteArray> lines = seqItemLines(frag.value(), col, true);
                QByteArray text = lines.value(0).mid(col);
                for (int i = 1; i < lines.size(); ++i)
                    text += m_nl + lines[i];
                return replaceNode(seq, text, true);
            }
            const int dashCol = ownerColumn(seq) + m_seqIndent;
            return replaceNullWithLines(seq, seqItemLines(frag.value(), dashCol, true));
        }
        if (!seq->isSequence())
            return editError(QStringLiteral("%1 is not a sequence").arg(seqPath));
        const int n = seq->size();
        if (index < 0 || index > n)
            index = index < 0 ? n : index;
        if (index > n)
            return editError(
                QStringLiteral("index %1 is out of range (%2 has %3 items)").arg(index).arg(seqPath).arg(n));
        if (seq->style() == YamlNode::Style::Flow) {
            const QByteArray item = flowText(frag.value().doc, frag.value().root);
            QByteArray out = m_t;
            if (n == 0)
                out.insert(seq->startOffset() + 1, item);
            else if (index == n)
                out.insert(seq->at(n - 1)->endOffset(), QByteArray(", " + item));
            else
                out.insert(seq->at(index)->propertiesOffset(), QByteArray(item + ", "));
            return out;
        }
        const int firstDash = dashOf(seq, 0);
        if (firstDash < 0)
            return editError(QStringLiteral("cannot find the items of %1").arg(seqPath));
        const int dashCol = column(firstDash);
        const QList<QByteArray> lines = seqItemLines(frag.value(), dashCol, siblingsPreferBlock(seq));
        if (index == n)
            return insertLinesAfter(insertionLineAfter(seq->at(n - 1)), lines);
        const int dash = dashOf(seq, index);
        if (dash < 0)
            return editError(QStringLiteral("cannot find item %1 of %2").arg(index).arg(seqPath));
        QByteArray out = m_t;
        if (onlySpacesBefore(dash)) {
            QByteArray block;
            for (const QByteArray &l : lines)
                block += l + m_nl;
            out.insert(lineStart(dash), block);
        } else {
            QByteArray block;
            for (int i = 0; i < lines.size(); ++i)
                block += (i == 0 ? lines[i].mid(dashCol) : lines[i]) + m_nl;
            block += spaces(dashCol);
            out.insert(dash, block);
        }
        return out;
    }

    /// Range of a mapping entry or sequence item for removal, and what replaces it.
    Result<QByteArray> removeKey(const QString &path)
    {
        auto found = find(path);
        if (!found)
            return found.error();
        const YamlNode *v = found.value();
        const YamlNode *map = v->parent();
        if (!map || !map->isMapping() || v->isKey())
            return editError(QStringLiteral("%1 is not a key of a mapping").arg(path));
        const int idx = v->indexInParent();
        const YamlNode *k = map->keyAt(idx);
        const QString mapPath = map->path();
        const QString key = k->scalar();
        const int before = map->size();
        m_check = [mapPath, before](const YamlDocument &after) {
            const YamlNode *m = mapPath.isEmpty() ? after.root() : after.node(mapPath);
            const int now = m && m->isMapping() ? m->size() : 0;
            return now == before - 1 ? QString() : QStringLiteral("internal error: key was not removed");
        };
        return removeEntry(map, idx, k->propertiesOffset(), std::max(v->endOffset(), k->endOffset()));
    }

    Result<QByteArray> removeItem(const QString &path)
    {
        auto found = find(path);
        if (!found)
            return found.error();
        const YamlNode *item = found.value();
        const YamlNode *seq = item->parent();
        if (!seq || !seq->isSequence())
            return editError(QStringLiteral("%1 is not an item of a sequence").arg(path));
        const int idx = item->indexInParent();
        const QString seqPath = seq->path();
        const int before = seq->size();
        m_check = [seqPath, before](const YamlDocument &after) {
            const YamlNode *s = seqPath.isEmpty() ? after.root() : after.node(seqPath);
            const int now = s && s->isSequence() ? s->size() : 0;
            return now == before - 1 ? QString() : QStringLiteral("internal error: item was not removed");
        };
        int start = item->propertiesOffset();
        if (seq->style() == YamlNode::Style::Block) {
            start = dashOf(seq, idx);
            if (start < 0)
                return editError(QStringLiteral("cannot find the '-' of %1").arg(path));
        }
        return removeEntry(seq, idx, start, item->endOffset());
    }

    /// Removes entry @p idx of @p coll spanning [start, end).
    Result<QByteArray> removeEntry(const YamlNode *coll, int idx, int start, int end)
    {
        QByteArray out = m_t;
        const int count = coll->size();
        const bool isMap = coll->isMapping();
        if (coll->style() == YamlNode::Style::Flow) {
            if (count == 1) {
                out.replace(coll->startOffset(), coll->endOffset() - coll->startOffset(), isMap ? "{}" : "[]");
                return out;
            }
            if (idx + 1 < count) {
                const int next =
                    isMap ? coll->keyAt(idx + 1)->propertiesOffset() : coll->at(idx + 1)->propertiesOffset();
                out.remove(start, next - start);
            } else {
                const int prevEnd =
                    isMap ? std::max(coll->valueAt(idx - 1)->endOffset(), coll->keyAt(idx - 1)->endOffset())
                          : coll->at(idx - 1)->endOffset();
                out.remove(prevEnd, end - prevEnd);
            }
            return out;
        }
        // block
        if (count == 1 && coll->parent()) {
            // the collection becomes empty: `key: []` / `key: {}` / `- {}`
            const QByteArray empty = isMap ? "{}" : "[]";
            int from = coll->startOffset();
            const YamlNode *key = coll->keyOfValue();
            if (key && coll->propertiesOffset() == coll->startOffset()) {
                int q = key->endOffset();
                while (q < size() && isBlank(m_t[q]))
                    ++q;
                if (q < size() && m_t[q] == ':') {
                    // The key's line keeps its comment (`local:   # used at signing`); the
                    // collection's own lines go, with their comments.
                    int eol = q + 1;
                    while (eol < size() && m_t[eol] != '\n' && m_t[eol] != '\r')
                        ++eol;
                    QByteArray rest = eol < coll->startOffset() ? m_t.mid(q + 1, eol - q - 1) : QByteArray();
                    if (rest.trimmed().isEmpty())
                        rest.clear();
                    // ... up to the end of the collection's last line (its trailing comment too).
                    int collEnd = coll->endOffset();
                    while (collEnd < size() && m_t[collEnd] != '\n' && m_t[collEnd] != '\r')
                        ++collEnd;
                    out.replace(q + 1, collEnd - q - 1, QByteArray(QByteArray(" ") + empty + rest));
                    return out;
                }
            }
            out.replace(from, coll->endOffset() - from, empty);
            return out;
        }
        if (onlySpacesBefore(start)) {
            const int from = lineStart(start);
            const int to = nextLineStart(end);
            out.remove(from, to - from);
            if (to >= size() && from > 0 && !m_t.endsWith('\n')) {
                // removed the last line of a file without final newline: drop the break before
                int f = from;
                out.remove(f - 1, 1);
                if (f - 2 >= 0 && out.size() > f - 2 && m_t[f - 2] == '\r')
                    out.remove(f - 2, 1);
            }
            return out;
        }
        // entry shares its line with something before it (`- name: x` first key, `- - a`)
        if (idx + 1 < count) {
            const int next = isMap ? coll->keyAt(idx + 1)->propertiesOffset() : dashOf(coll, idx + 1);
            if (next < 0)
                return editError(QStringLiteral("cannot find the next entry"));
            out.remove(start, next - start);
            return out;
        }
        if (idx == 0) {
            // the only entry of a collection that does not start its line (e.g. the root after `---`)
            out.replace(coll->startOffset(), coll->endOffset() - coll->startOffset(), isMap ? "{}" : "[]");
            return out;
        }
        // last entry but not alone, and not at the start of its line: cut from the previous end
        const int prevEnd = isMap ? std::max(coll->valueAt(idx - 1)->endOffset(), coll->keyAt(idx - 1)->endOffset())
                                  : coll->at(idx - 1)->endOffset();
        out.remove(prevEnd, end - prevEnd);
        return out;
    }

    Result<QByteArray> moveItem(const QString &seqPath, int from, int to)
    {
        auto found = find(seqPath);
        if (!found)
            return found.error();
        const YamlNode *seq = found.value();
        if (!seq->isSequence())
            return editError(QStringLiteral("%1 is not a sequence").arg(seqPath));
        const int n = seq->size();
        if (from < 0 || from >= n || to < 0 || to >= n)
            return editError(
                QStringLiteral("cannot move item %1 to %2: %3 has %4 items").arg(from).arg(to).arg(seqPath).arg(n));
        if (from == to)
            return m_t;
        QList<int> order;
        for (int i = 0; i < n; ++i)
            order.append(i);
        order.move(from, to);
        const int lo = std::min(from, to);
        const int hi = std::max(from, to);
        QByteArray out = m_t.left(seq->at(lo)->propertiesOffset());
        for (int i = lo; i <= hi; ++i) {
            const YamlNode *src = seq->at(order[i]);
            out += m_t.mid(src->propertiesOffset(), src->endOffset() - src->propertiesOffset());
            if (i < hi) {
                const int gapFrom = seq->at(i)->endOffset();
                const int gapTo = seq->at(i + 1)->propertiesOffset();
                out += m_t.mid(gapFrom, gapTo - gapFrom);
            }
        }
        out += m_t.mid(seq->at(hi)->endOffset());
        m_check = [seqPath, n](const YamlDocument &after) {
            const YamlNode *s = after.node(seqPath);
            return (s && s->isSequence() && s->size() == n)
                       ? QString()
                       : QStringLiteral("cannot move items of different indentation");
        };
        return out;
    }

    Result<QByteArray> add(const QString &path, const QString &yaml)
    {
        auto parsed = YamlPath::parse(path);
        if (!parsed)
            return parsed.error();
        const YamlPath p = parsed.value();
        // `list[N]` inserts at N (the item there and those after it move down), as `edit --add`
        // documents, whether or not an item N exists already.
        if (!p.isEmpty() && p.segments.constLast().kind == YamlPathSegment::Kind::Index) {
            const YamlNode *seq = m_doc.node(p.parentPath());
            if (seq && seq->resolved() && seq->resolved()->isSequence()) {
                const int index = p.segments.constLast().index;
                const int size = seq->resolved()->size();
                return insertItem(p.parentPath().toString(), index < 0 ? size + index + 1 : index, yaml);
            }
        }
        if (const YamlNode *n = m_doc.node(p)) {
            if (n->isNull() && !p.isEmpty())
                return fillEmptyValue(path, yaml);
            if (n->isSequence())
                return insertItem(path, -1, yaml);
            if (n->isMapping()) {
                // merge the keys of a mapping fragment
                auto frag = parseFragment(yaml);
                if (!frag)
                    return frag.error();
                const YamlNode *r = frag.value().root;
                if (!r || !r->isMapping() || r->size() != 1)
                    return editError(QStringLiteral("%1 is a mapping: give one `key: value` to add")
                                         .arg(path.isEmpty() ? QStringLiteral("the document") : path));
                return addKey(path, r->keyAt(0)->scalar(),
                              QString::fromUtf8(nodeText(frag.value().doc, r->valueAt(0))));
            }
            return editError(QStringLiteral("%1 already exists; use --set to change it").arg(path));
        }
        if (p.isEmpty())
            return editError(QStringLiteral("empty path"));
        const YamlPathSegment last = p.segments.constLast();
        const QString parentPath = p.parentPath().toString();
        if (last.kind == YamlPathSegment::Kind::Key) {
            if (!p.parentPath().isEmpty() && !m_doc.node(p.parentPath())) {
                auto r = m_doc.find(parentPath);
                return r ? editError(QStringLiteral("%1 does not exist").arg(parentPath)) : r.error();
            }
            return addKey(parentPath, last.key, yaml);
        }
        if (last.kind == YamlPathSegment::Kind::Index) {
            const YamlNode *seq = m_doc.node(p.parentPath());
            if (!seq) {
                auto r = m_doc.find(parentPath);
                return r ? editError(QStringLiteral("%1 does not exist").arg(parentPath)) : r.error();
            }
            const int idx = last.index < 0 ? seq->size() + last.index + 1 : last.index;
            return insertItem(parentPath, idx, yaml);
        }
        auto r = m_doc.find(path);
        return r ? editError(QStringLiteral("%1 does not exist").arg(path)) : r.error();
    }

    /// `key:` with no value (or `~`) gets @p yaml as its value.
    Result<QByteArray> fillEmptyValue(const QString &path, const QString &yaml)
    {
        auto found = find(path);
        if (!found)
            return found.error();
        const YamlNode *n = found.value();
        auto frag = parseFragment(yaml);
        if (!frag)
            return frag.error();
        const YamlNode *r = frag.value().root;
        if (!r || r->isNull())
            return m_t;
        if (r->isScalar() && !frag.value().text.contains('\n'))
            return setScalar(path, r->scalar(),
                             r->style() == YamlNode::Style::Plain ? YamlScalarType::Typed : YamlScalarType::String);
        m_check = [path](const YamlDocument &after) {
            const YamlNode *v = after.node(path);
            return v && !v->isNull() ? QString() : QStringLiteral("internal error: value was not set");
        };
        const YamlNode *parent = n->parent();
        if (!parent || parent->style() == YamlNode::Style::Flow || inFlow(n))
            return replaceNode(n, flowText(frag.value().doc, r));
        if (parent->isSequence()) {
            // `-` with nothing: the value goes after the dash
            const int col = column(n->startOffset()) + 1;
            if (r->isSequence() && r->style() == YamlNode::Style::Block) {
                const QList<QByteArray> inner = blockLines(frag.value(), true);
                QByteArray text = inner.value(0);
                for (int i = 1; i < inner.size(); ++i)
                    text += m_nl + (inner[i].isEmpty() ? inner[i] : spaces(col) + inner[i]);
                return replaceNode(n, text, true);
            }
            QList<QByteArray> extra;
            const QByteArray tail = mapValueTail(frag.value(), col - 1, true, &extra);
            if (extra.isEmpty())
                return replaceNode(n, tail.trimmed(), true);
            QByteArray text = extra.value(0).trimmed();
            for (int i = 1; i < extra.size(); ++i)
                text += m_nl + extra[i];
            return replaceNode(n, text, true);
        }
        QList<QByteArray> extra;
        const QByteArray tail = mapValueTail(frag.value(), ownerColumn(n), true, &extra);
        if (extra.isEmpty())
            return replaceNode(n, tail.trimmed());
        return replaceNullWithLines(n, extra);
    }

    Result<QByteArray> remove(const QString &path)
    {
        auto found = find(path);
        if (!found)
            return found.error();
        const YamlNode *n = found.value();
        if (!n->parent())
            return editError(QStringLiteral("cannot remove the whole document"));
        return n->parent()->isMapping() ? removeKey(path) : removeItem(path);
    }

    /// The smallest change turning the current text into @p after, on UTF-8 boundaries.
    TextChange minimalChange(const QByteArray &after, const QString &description) const
    {
        const QByteArray &before = m_t;
        int prefix = 0;
        const int maxPrefix = int(std::min(before.size(), after.size()));
        while (prefix < maxPrefix && before[prefix] == after[prefix])
            ++prefix;
        int suffix = 0;
        const int maxSuffix = maxPrefix - prefix;
        while (suffix < maxSuffix && before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
            ++suffix;
        // do not split a UTF-8 sequence
        auto isCont = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
        while (prefix > 0 && prefix < before.size() && isCont(before[prefix]))
            --prefix;
        while (suffix > 0 && before.size() - suffix < before.size() && isCont(before[before.size() - suffix]))
            --suffix;
        TextChange c;
        c.offset = prefix;
        c.removed = before.mid(prefix, before.size() - prefix - suffix);
        c.inserted = after.mid(prefix, after.size() - prefix - suffix);
        c.utf16Offset = m_doc.utf16Offset(prefix);
        c.utf16RemovedLength = int(QString::fromUtf8(c.removed).size());
        c.description = description;
        return c;
    }

    const YamlDocument &m_doc;
    const QByteArray &m_t;
    QByteArray m_nl;
    int m_step = -1;
    int m_seqIndent = -1;
    std::function<QString(const YamlDocument &)> m_check;
};

}  // namespace

Result<TextChange> YamlDocument::plan(const YamlEdit &edit) const
{
    try {
        Planner planner(*this);
        return planner.run(edit);
    } catch (const std::exception &e) {
        return editError(QStringLiteral("the edit failed: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

Result<TextChange> YamlDocument::apply(const YamlEdit &edit)
{
    auto change = plan(edit);
    if (!change)
        return change;
    const Status st = applyChange(change.value());
    if (!st)
        return st.error();
    return change;
}

bool YamlDocument::readsAsNonString(const QString &value)
{
    return resolvesToNonString(value);
}

bool YamlDocument::needsQuoting(const QString &value)
{
    return needsQuotingIn(value, false);
}

QString YamlDocument::quoteScalar(const QString &value)
{
    return needsQuotingIn(value, false) ? doubleQuoted(value) : value;
}

}  // namespace workbench::models
