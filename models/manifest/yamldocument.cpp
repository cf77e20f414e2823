// SPDX-License-Identifier: Apache-2.0
#include "manifest/yamldocument.h"

#include "core/boundedfile.h"
#include "manifest/fastyaml_p.h"
#include "manifest/yamldata_p.h"

#include <QFile>
#include <QHash>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <istream>
#include <streambuf>

namespace workbench::models {

namespace detail {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isLineBreak(char c)
{
    return c == '\n' || c == '\r';
}

namespace {

/// Reads a QByteArray without copying it.
class MemoryBuffer : public std::streambuf
{
public:
    MemoryBuffer(const char *begin, const char *end)
    {
        char *b = const_cast<char *>(begin);  // NOLINT: streambuf API needs char*, we never write
        setg(b, b, const_cast<char *>(end));
    }
};

}  // namespace

/// Position of the first byte that is not valid UTF-8, or -1.
int firstInvalidUtf8(const QByteArray &text, bool *asciiOnly)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.constData());
    const int n = int(text.size());
    bool ascii = true;
    int i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            ++i;
            continue;
        }
        ascii = false;
        int len = 0;
        unsigned int cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    if (asciiOnly)
        *asciiOnly = ascii;
    return -1;
}

int firstNonPrintable(const QByteArray &text, int *codePoint)
{
    // YAML's c-printable: TAB, LF, CR, U+0020-U+007E, NEL, U+00A0-U+D7FF, U+E000-U+FFFD and the
    // planes above. Everything else (C0 controls such as U+0004, DEL, C1, U+FFFE/FFFF) is refused
    // by the YAML readers of the tool chain, so by both readers here. Assumes valid UTF-8.
    const auto *p = reinterpret_cast<const unsigned char *>(text.constData());
    const int n = int(text.size());
    for (int i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                *codePoint = c;
                return i;
            }
            ++i;
            continue;
        }
        int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + len > n)
            return -1;
        unsigned int cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        if ((cp >= 0x80 && cp <= 0x9f && cp != 0x85) || cp == 0xfffe || cp == 0xffff) {
            *codePoint = int(cp);
            return i;
        }
        i += len;
    }
    return -1;
}

int firstLongImplicitKey(const YamlData &data)
{
    const QByteArray &t = data.text;
    const int n = int(t.size());
    for (const YamlNode &map : data.nodes) {
        if (map.type() != YamlNode::Type::Mapping)
            continue;
        for (int i = 0; i < map.size(); ++i) {
            const YamlNode *key = map.keyAt(i);
            if (!key || key->endOffset() - key->propertiesOffset() <= 1024)
                continue;
            int q = key->endOffset();
            while (q < n && (t[q] == ' ' || t[q] == '\t'))
                ++q;
            if (q >= n || t[q] != ':')
                continue;  // `? key` on its own line, `: value` below: explicit
            int b = key->propertiesOffset();
            while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t'))
                --b;
            if (b > 0 && t[b - 1] == '?')
                continue;
            int chars = 0;
            for (int k = key->propertiesOffset(); k < q; ++k)
                chars += (static_cast<unsigned char>(t[k]) & 0xC0) != 0x80 ? 1 : 0;
            if (chars > 1024)
                return key->propertiesOffset();
        }
    }
    return -1;
}

int firstLoneCarriageReturn(const QByteArray &text)
{
    const int n = int(text.size());
    for (int i = 0; i < n; ++i)
        if (text[i] == '\r' && (i + 1 >= n || text[i + 1] != '\n'))
            return i;
    return -1;
}

namespace {

bool startsWithAt(const QByteArray &t, int pos, const char *s)
{
    for (int i = 0; s[i]; ++i)
        if (pos + i >= t.size() || t[pos + i] != s[i])
            return false;
    return true;
}

bool isFlowIndicator(char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

}  // namespace

/// Builds our node tree from yaml-cpp's parser events, computing the extent of every node from
/// the text (yaml-cpp only reports start marks).
class TreeBuilder : public YAML::EventHandler
{
public:
    TreeBuilder(YamlData &data, int bomLength)
        : m_d(data)
        , m_t(data.text)
        , m_bom(bomLength)
    {}

    void OnDocumentStart(const YAML::Mark &mark) override { m_docStart = mark.pos; }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const int idx = newNode(YamlNode::Type::Null, anchor);
        YamlNode &n = m_d.nodes[size_t(idx)];
        placeNull(n, markPos(mark));
        attach(idx);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const int idx = newNode(YamlNode::Type::Alias, 0);
        YamlNode &n = m_d.nodes[size_t(idx)];
        const int p = clamp(markPos(mark));
        n.m_propStart = n.m_start = p;
        int e = p;
        if (e < m_t.size() && m_t[e] == '*') {
            ++e;
            while (e < m_t.size() && !isBlank(m_t[e]) && !isLineBreak(m_t[e]) && !isFlowIndicator(m_t[e]))
                ++e;
        }
        n.m_end = e;
        const auto it = m_anchors.constFind(anchor);
        if (it != m_anchors.constEnd()) {
            n.m_aliasTarget = it.value();
            m_d.setAnchor(n, m_d.nodes[size_t(it.value())].anchor());
        }
        attach(idx);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        const int idx = newNode(YamlNode::Type::Scalar, anchor);
        YamlNode &n = m_d.nodes[size_t(idx)];
        n.m_value = QString::fromStdString(value);
        m_d.setTag(n, QString::fromStdString(tag));
        const int p = clamp(markPos(mark));
        n.m_propStart = p;
        n.m_start = skipProperties(p);
        const char first = n.m_start < m_t.size() ? m_t[n.m_start] : '\0';
        if (value.empty() && first != '"' && first != '\'' && first != '|' && first != '>') {
            // an empty scalar such as `key: !!str`: it ends with its properties, on their line
            int e = p;
            while (e < m_t.size() && (m_t[e] == '&' || m_t[e] == '!')) {
                while (e < m_t.size() && !isBlank(m_t[e]) && !isLineBreak(m_t[e]) &&
                       !(m_inFlow && isFlowIndicator(m_t[e])))
                    ++e;
                while (e < m_t.size() && isBlank(m_t[e]))
                    ++e;
            }
            while (e > p && isBlank(m_t[e - 1]))
                --e;
            n.m_start = n.m_end = e;
            n.m_style = YamlNode::Style::Plain;
        } else {
            placeScalar(n, value);
        }
        attach(idx);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override
    {
        startCollection(YamlNode::Type::Sequence, mark, tag, anchor, style);
    }
    void OnSequenceEnd() override { endCollection(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override
    {
        startCollection(YamlNode::Type::Mapping, mark, tag, anchor, style);
    }
    void OnMapEnd() override { endCollection(); }

    void OnAnchor(const YAML::Mark &, const std::string &name) override
    {
        m_pendingAnchor = QString::fromStdString(name);
    }

    int root() const { return m_root; }
    int documentStart() const { return m_docStart; }
    /// Offset of a quoted scalar that is never closed (yaml-cpp accepts it at the end), or -1.
    int unclosedQuote() const { return m_unclosedQuote; }

private:
    int m_unclosedQuote = -1;
    int markPos(const YAML::Mark &m) const { return m.pos < 0 ? 0 : m.pos + m_bom; }
    int clamp(int p) const { return std::clamp(p, 0, int(m_t.size())); }

    int newNode(YamlNode::Type type, YAML::anchor_t anchor)
    {
        YamlNode n;
        n.m_data = &m_d;
        n.m_type = type;
        n.m_self = int(m_d.nodes.size());
        if (anchor != 0 || !m_pendingAnchor.isEmpty()) {
            m_d.setAnchor(n, m_pendingAnchor);
            if (anchor != 0)
                m_anchors.insert(anchor, n.m_self);
        }
        m_pendingAnchor.clear();
        m_d.nodes.push_back(std::move(n));
        m_children.emplace_back();
        return int(m_d.nodes.size()) - 1;
    }

    void attach(int idx)
    {
        YamlNode &n = m_d.nodes[size_t(idx)];
        if (m_stack.empty()) {
            if (m_root < 0)
                m_root = idx;
            return;
        }
        const int parentIdx = m_stack.back();
        YamlNode &parent = m_d.nodes[size_t(parentIdx)];
        n.m_parent = parentIdx;
        std::vector<int> &siblings = m_children[size_t(parentIdx)];
        siblings.push_back(idx);
        parent.m_childCount = int(siblings.size());
        const int count = parent.m_childCount;
        if (parent.m_type == YamlNode::Type::Mapping) {
            n.m_isKey = (count % 2) == 1;
            n.m_indexInParent = (count - 1) / 2;
        } else {
            n.m_indexInParent = count - 1;
        }
    }

    /// Skips `&anchor` and `!tag` properties (and the blanks, line breaks and comments after them).
    int skipProperties(int p) const
    {
        const int n = int(m_t.size());
        int q = p;
        while (q < n && (m_t[q] == '&' || m_t[q] == '!')) {
            if (m_t[q] == '!' && q + 1 < n && m_t[q + 1] == '<') {
                while (q < n && m_t[q] != '>' && !isLineBreak(m_t[q]))
                    ++q;
                if (q < n && m_t[q] == '>')
                    ++q;
            } else {
                while (q < n && !isBlank(m_t[q]) && !isLineBreak(m_t[q]) && !(m_inFlow && isFlowIndicator(m_t[q])))
                    ++q;
            }
            q = skipSpaceAndComments(q);
        }
        return q;
    }

    int skipSpaceAndComments(int q) const
    {
        const int n = int(m_t.size());
        while (q < n) {
            const char c = m_t[q];
            if (isBlank(c) || isLineBreak(c)) {
                ++q;
            } else if (c == '#' && (q == 0 || isBlank(m_t[q - 1]) || isLineBreak(m_t[q - 1]))) {
                while (q < n && m_t[q] != '\n')
                    ++q;
            } else {
                break;
            }
        }
        return q;
    }

    int nullLiteralLength(int p) const
    {
        static const char *literals[] = {"null", "Null", "NULL", "~"};
        for (const char *lit : literals) {
            if (startsWithAt(m_t, p, lit)) {
                const int e = p + int(qstrlen(lit));
                if (e >= m_t.size() || isBlank(m_t[e]) || isLineBreak(m_t[e]) || isFlowIndicator(m_t[e]) ||
                    m_t[e] == '#')
                    return e - p;
            }
        }
        return 0;
    }

    /// yaml-cpp reports an implicit null at the *next* token; place it where it belongs.
    void placeNull(YamlNode &n, int markPosition)
    {
        const int len = int(m_t.size());
        int anchorPos = -1;  // where the value text would start
        if (!m_stack.empty()) {
            const YamlNode &parent = m_d.nodes[size_t(m_stack.back())];
            const std::vector<int> &siblings = m_children[size_t(m_stack.back())];
            const int count = int(siblings.size());
            if (parent.m_type == YamlNode::Type::Mapping && count % 2 == 1) {
                // value of the key just read: after its ':'
                const YamlNode &key = m_d.nodes[size_t(siblings.back())];
                int q = key.m_end;
                if (key.m_type == YamlNode::Type::Null && key.m_start == key.m_end)
                    q = clamp(markPosition);
                while (q < len && isBlank(m_t[q]))
                    ++q;
                if (q < len && m_t[q] == ':') {
                    anchorPos = q + 1;
                } else {
                    // explicit-key form (`? k` / `: v`) or a flow key without value
                    int r = skipSpaceAndComments(q);
                    anchorPos = (r < len && m_t[r] == ':') ? r + 1 : key.m_end;
                }
            } else if (parent.m_type == YamlNode::Type::Sequence && parent.m_style == YamlNode::Style::Block) {
                // after the item's '-'
                int q = count == 0 ? parent.m_start : m_d.nodes[size_t(siblings.back())].m_end;
                q = skipSpaceAndComments(q);
                anchorPos = (q < len && m_t[q] == '-') ? q + 1 : clamp(markPosition);
            } else {
                anchorPos = clamp(markPosition);
            }
        } else {
            anchorPos = clamp(markPosition);
        }
        anchorPos = clamp(anchorPos);
        // explicit `~`/`null`, possibly after `&anchor`/`!tag` on the same line
        int p = anchorPos;
        while (p < len && isBlank(m_t[p]))
            ++p;
        int propStart = -1;
        while (p < len && (m_t[p] == '&' || m_t[p] == '!')) {
            if (propStart < 0)
                propStart = p;
            while (p < len && !isBlank(m_t[p]) && !isLineBreak(m_t[p]) && !(m_inFlow && isFlowIndicator(m_t[p])))
                ++p;
            while (p < len && isBlank(m_t[p]))
                ++p;
        }
        const int lit = nullLiteralLength(p);
        if (lit > 0) {
            n.m_propStart = propStart >= 0 ? propStart : p;
            n.m_start = p;
            n.m_end = p + lit;
        } else if (propStart >= 0) {
            int e = p;
            while (e > propStart && isBlank(m_t[e - 1]))
                --e;
            n.m_propStart = propStart;
            n.m_start = n.m_end = e;
        } else {
            n.m_propStart = n.m_start = n.m_end = anchorPos;
        }
    }

    int parentIndentColumn() const
    {
        if (m_stack.empty())
            return -1;
        const YamlNode &parent = m_d.nodes[size_t(m_stack.back())];
        return byteColumn(parent.m_start);
    }

    int byteColumn(int offset) const
    {
        int c = 0;
        int q = offset;
        while (q > 0 && m_t[q - 1] != '\n') {
            --q;
            ++c;
        }
        return c;
    }

    void placeScalar(YamlNode &n, const std::string &value)
    {
        const int len = int(m_t.size());
        const int s = n.m_start;
        const char c = s < len ? m_t[s] : '\0';
        if (c == '"') {
            n.m_style = YamlNode::Style::DoubleQuoted;
            int q = s + 1;
            while (q < len && m_t[q] != '"') {
                if (m_t[q] == '\\')
                    ++q;
                ++q;
            }
            if (q >= len && m_unclosedQuote < 0)
                m_unclosedQuote = s;  // yaml-cpp 0.7 takes a quote left open up to the end of the file
            n.m_end = std::min(q + 1, len);
        } else if (c == '\'') {
            n.m_style = YamlNode::Style::SingleQuoted;
            int q = s + 1;
            while (q < len) {
                if (m_t[q] == '\'') {
                    if (q + 1 < len && m_t[q + 1] == '\'') {
                        q += 2;
                        continue;
                    }
                    break;
                }
                ++q;
            }
            if (q >= len && m_unclosedQuote < 0)
                m_unclosedQuote = s;
            n.m_end = std::min(q + 1, len);
        } else if ((c == '|' || c == '>') && !m_inFlow) {
            n.m_style = c == '|' ? YamlNode::Style::Literal : YamlNode::Style::Folded;
            n.m_end = blockScalarEnd(s);
        } else {
            n.m_style = YamlNode::Style::Plain;
            n.m_end = plainScalarEnd(s, value);
        }
    }

    int blockScalarEnd(int s) const
    {
        const int len = int(m_t.size());
        // header: indicator plus chomping/indentation indicators
        int q = s + 1;
        int explicitIndent = 0;
        while (q < len && (m_t[q] == '+' || m_t[q] == '-' || (m_t[q] >= '1' && m_t[q] <= '9'))) {
            if (m_t[q] >= '1' && m_t[q] <= '9')
                explicitIndent = m_t[q] - '0';
            ++q;
        }
        const int headerEnd = q;
        while (q < len && m_t[q] != '\n')
            ++q;
        if (q >= len)
            return headerEnd;
        const int parentIndent = parentIndentColumn();
        int contentIndent = explicitIndent > 0 ? std::max(parentIndent, 0) + explicitIndent : -1;
        int end = headerEnd;
        int line = q + 1;
        while (line < len) {
            int e = line;
            while (e < len && m_t[e] != '\n')
                ++e;
            int ind = 0;
            while (line + ind < e && m_t[line + ind] == ' ')
                ++ind;
            bool blank = true;
            for (int i = line + ind; i < e; ++i)
                if (!isBlank(m_t[i]) && m_t[i] != '\r')
                    blank = false;
            if (!blank) {
                if (contentIndent < 0)
                    contentIndent = ind > parentIndent ? ind : -2;
                if (contentIndent == -2 || ind < contentIndent)
                    break;
                int lineEnd = e;
                if (lineEnd > line && m_t[lineEnd - 1] == '\r')
                    --lineEnd;
                end = lineEnd;
            } else if (contentIndent >= 0 && ind > contentIndent) {
                // whitespace-only line deeper than the content: part of it, but not an end
            }
            line = e + 1;
        }
        return end;
    }

    /// A plain scalar's source equals its value except that line folds replace a line break
    /// plus indentation by one space (or blank lines by '\n'). Walk both to find the end.
    int plainScalarEnd(int s, const std::string &value) const
    {
        const int len = int(m_t.size());
        int i = s;
        size_t j = 0;
        int lastMatched = s;
        while (j < value.size() && i < len) {
            if (m_t[i] == value[j]) {
                ++i;
                ++j;
                lastMatched = i;
                continue;
            }
            if ((value[j] == ' ' || value[j] == '\n') && (isBlank(m_t[i]) || isLineBreak(m_t[i]))) {
                while (i < len && (isBlank(m_t[i]) || isLineBreak(m_t[i])))
                    ++i;
                while (j < value.size() && (value[j] == ' ' || value[j] == '\n'))
                    ++j;
                continue;
            }
            if (isBlank(m_t[i]) && j > 0) {  // trailing blanks before a fold
                ++i;
                continue;
            }
            break;
        }
        if (j >= value.size() && lastMatched > s)
            return lastMatched;
        // Fallback (should not happen): to the end of the line or a comment / flow indicator.
        int q = s;
        while (q < len && !isLineBreak(m_t[q])) {
            if (m_t[q] == '#' && q > s && isBlank(m_t[q - 1]))
                break;
            if (m_inFlow && isFlowIndicator(m_t[q]))
                break;
            if (m_t[q] == ':' && (q + 1 >= len || isBlank(m_t[q + 1]) || isLineBreak(m_t[q + 1])))
                break;
            ++q;
        }
        while (q > s && isBlank(m_t[q - 1]))
            --q;
        return std::max(q, std::min(s + int(value.size()), len));
    }

    void startCollection(YamlNode::Type type, const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style)
    {
        const int idx = newNode(type, anchor);
        YamlNode &n = m_d.nodes[size_t(idx)];
        m_d.setTag(n, QString::fromStdString(tag));
        const int p = clamp(markPos(mark));
        n.m_propStart = p;
        n.m_start = skipProperties(p);
        const char c = n.m_start < m_t.size() ? m_t[n.m_start] : '\0';
        const bool flow = style == YAML::EmitterStyle::Flow || c == '[' || c == '{';
        n.m_style = flow ? YamlNode::Style::Flow : YamlNode::Style::Block;
        n.m_end = n.m_start;
        attach(idx);
        m_stack.push_back(idx);
        m_flowStack.push_back(m_inFlow);
        if (flow)
            m_inFlow = true;
    }

    void endCollection()
    {
        if (m_stack.empty())
            return;
        const int idx = m_stack.back();
        m_stack.pop_back();
        m_inFlow = m_flowStack.back();
        m_flowStack.pop_back();
        YamlNode &n = m_d.nodes[size_t(idx)];
        const std::vector<int> &children = m_children[size_t(idx)];
        int lastEnd = n.m_start;
        for (int child : children)
            lastEnd = std::max(lastEnd, m_d.nodes[size_t(child)].m_end);
        if (n.m_style == YamlNode::Style::Flow) {
            const char close = n.m_type == YamlNode::Type::Sequence ? ']' : '}';
            int q = children.empty() ? n.m_start + 1 : lastEnd;
            const int len = int(m_t.size());
            while (q < len) {
                q = skipSpaceAndComments(q);
                if (q < len && m_t[q] == ',') {
                    ++q;
                    continue;
                }
                break;
            }
            n.m_end = (q < len && m_t[q] == close) ? q + 1 : std::max(lastEnd, n.m_start);
        } else {
            n.m_end = lastEnd;
        }
        if (n.m_type == YamlNode::Type::Mapping)
            detail::checkDuplicateKeys(m_d, children.data(), int(children.size()));
    }

    YamlData &m_d;
    const QByteArray &m_t;
    const int m_bom;
    std::vector<int> m_stack;
    std::vector<bool> m_flowStack;
    bool m_inFlow = false;
    int m_root = -1;
    int m_docStart = -1;
    QString m_pendingAnchor;
    QHash<YAML::anchor_t, int> m_anchors;
    /// Each node's children while the tree is built (YamlData::linkChildren() lays them out after).
    std::vector<std::vector<int>> m_children;
};

namespace {

/// Counts documents after the first without building anything.
class NullHandler : public YAML::EventHandler
{
public:
    int start = -1;
    void OnDocumentStart(const YAML::Mark &mark) override { start = mark.pos; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

}  // namespace

void checkDuplicateKeys(YamlData &data, const int *children, int childCount)
{
    const int count = childCount / 2;
    if (count < 2)
        return;
    auto keyAt = [&](int i) { return data.node(children[2 * i]); };
    // Small mappings (nearly all of them) are compared pairwise: cheaper than hashing.
    QHash<QString, const YamlNode *> seen;
    const bool useHash = count > 24;
    if (useHash)
        seen.reserve(count);
    for (int i = 0; i < count; ++i) {
        const YamlNode *key = keyAt(i);
        if (!key || !key->isScalar())
            continue;
        const YamlNode *first = nullptr;
        if (useHash) {
            const auto it = seen.constFind(key->scalar());
            if (it == seen.constEnd())
                seen.insert(key->scalar(), key);
            else
                first = it.value();
        } else {
            for (int k = 0; k < i && !first; ++k) {
                const YamlNode *other = keyAt(k);
                if (other && other->isScalar() && other->scalar() == key->scalar())
                    first = other;
            }
        }
        if (!first)
            continue;
        YamlIssue issue;
        issue.kind = YamlIssue::Kind::DuplicateKey;
        issue.location = data.location(key->startOffset(), key->endOffset() - key->startOffset());
        issue.relatedLocation = data.location(first->startOffset(), first->endOffset() - first->startOffset());
        issue.message = QStringLiteral("duplicate key \"%1\" (first defined on line %2)")
                            .arg(key->scalar())
                            .arg(issue.relatedLocation.line);
        data.issues.append(issue);
    }
}

void YamlData::linkChildren()
{
    int total = 0;
    for (YamlNode &n : nodes) {
        n.m_firstChild = total;
        total += n.m_childCount;
    }
    children.assign(size_t(total), -1);
    std::vector<int> filled(nodes.size(), 0);
    for (const YamlNode &n : nodes) {
        if (n.m_parent < 0)
            continue;
        const YamlNode &p = nodes[size_t(n.m_parent)];
        int &k = filled[size_t(n.m_parent)];
        Q_ASSERT(k < p.m_childCount);
        children[size_t(p.m_firstChild + k++)] = n.m_self;
    }
}

void YamlData::setTag(YamlNode &n, const QString &tag)
{
    if (tag.isEmpty()) {
        n.m_tagKind = YamlNode::TagKind::None;
    } else if (tag == QLatin1String("?")) {
        n.m_tagKind = YamlNode::TagKind::Plain;
    } else if (tag == QLatin1String("!")) {
        n.m_tagKind = YamlNode::TagKind::NonPlain;
    } else {
        n.m_tagKind = YamlNode::TagKind::Other;
        if (n.m_props < 0) {
            n.m_props = int(props.size());
            props.emplace_back();
        }
        props[size_t(n.m_props)].tag = tag;
    }
}

void YamlData::setAnchor(YamlNode &n, const QString &anchor)
{
    if (anchor.isEmpty() && n.m_props < 0)
        return;
    if (n.m_props < 0) {
        n.m_props = int(props.size());
        props.emplace_back();
    }
    props[size_t(n.m_props)].anchor = anchor;
}

SourceLocation YamlData::location(int offset, int length) const
{
    SourceLocation loc;
    if (offset < 0 || offset > text.size())
        return loc;
    length = std::clamp(length, 0, int(text.size()) - offset);
    const int li = lineIndexOf(offset);
    loc.line = li + 1;
    loc.column = columnOf(li, offset);
    const int end = offset + length;
    // Most nodes end on the line they start on: no second search for them.
    const bool sameLine = length == 0 || size_t(li) + 1 >= lineStarts.size() || end < lineStarts[size_t(li) + 1];
    const int le = sameLine ? li : lineIndexOf(end);
    loc.endLine = le + 1;
    loc.endColumn = columnOf(le, end);
    loc.offset = offset;
    loc.length = length;
    return loc;
}

int YamlData::lineIndexOf(int offset) const
{
    const auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), offset);
    return int(it - lineStarts.begin()) - 1;
}

int YamlData::columnOf(int lineIndex, int offset) const
{
    const int start = lineStarts[size_t(std::max(lineIndex, 0))];
    if (asciiOnly)
        return offset - start + 1;
    int col = 1;
    for (int i = start; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++col;
    return col;
}

void initLines(YamlData &data)
{
    const QByteArray &t = data.text;
    data.lineStarts.clear();
    data.lineStarts.reserve(size_t(t.size() / 24 + 1));
    data.lineStarts.push_back(0);
    const char *p = t.constData();
    const int n = int(t.size());
    bool ascii = true;
    for (int i = 0; i < n; ++i) {
        if (p[i] == '\n')
            data.lineStarts.push_back(i + 1);
        else if (static_cast<unsigned char>(p[i]) >= 0x80)
            ascii = false;
    }
    data.asciiOnly = ascii;
}

namespace {
std::atomic<quint64> g_parses{0};  ///< non-empty texts parsed (instrumentation)
}  // namespace

std::shared_ptr<const YamlData> parseYaml(QByteArray text)
{
    if (!text.isEmpty())
        g_parses.fetch_add(1, std::memory_order_relaxed);
    std::shared_ptr<YamlData> data;
    if (firstInvalidUtf8(text, nullptr) < 0)
        data = parseFast(text);
    if (!data)
        data = parseWithYamlCpp(std::move(text));
    // The parsers reserve for the worst case; a project keeps thousands of documents.
    data->nodes.shrink_to_fit();
    // Merge keys are rare: lookups of absent keys only look for `<<` when the text has one.
    data->mayHaveMergeKeys = data->text.contains("<<");
    return data;
}

std::shared_ptr<YamlData> parseWithYamlCpp(QByteArray text)
{
    auto data = std::make_shared<YamlData>();
    data->text = std::move(text);
    const QByteArray &t = data->text;
    initLines(*data);

    bool ascii = true;
    const int bad = firstInvalidUtf8(t, &ascii);
    if (bad >= 0) {
        data->asciiOnly = false;
        YamlIssue issue;
        issue.kind = YamlIssue::Kind::NotUtf8;
        issue.location = data->location(bad, 1);
        const bool utf16 = startsWithAt(t, 0, "\xFF\xFE") || startsWithAt(t, 0, "\xFE\xFF") ||
                           (t.size() >= 2 && ((t.at(0) == '\0') != (t.at(1) == '\0')));
        issue.message = utf16 ? QStringLiteral("the file is UTF-16 text; YAML manifests must be UTF-8 text")
                        : t.at(bad) == '\0'
                            ? QStringLiteral("the file contains a NUL byte; YAML manifests must be UTF-8 text")
                            : QStringLiteral("the file is not valid UTF-8 text");
        data->issues.append(issue);
        return data;
    }
    data->asciiOnly = ascii;
    // Text yaml-cpp reads differently from the YAML specification (and from the readers of the
    // tool chain): refused here, so both readers of this file agree and no tool is surprised.
    auto refuse = [&](int pos, const QString &message) {
        YamlIssue issue;
        issue.kind = YamlIssue::Kind::SyntaxError;
        issue.location = data->location(pos, 1);
        issue.message = message;
        data->issues.append(issue);
        return data;
    };
    if (const int cr = firstLoneCarriageReturn(t); cr >= 0)
        return refuse(cr, QStringLiteral("YAML syntax error: a line ends with a lone carriage return (CR, old Mac "
                                         "line endings), which YAML tools read differently; save the file with LF "
                                         "line endings"));
    int codePoint = 0;
    if (const int control = firstNonPrintable(t, &codePoint); control >= 0)
        return refuse(control, QStringLiteral("YAML syntax error: the control character U+%1 is not allowed in YAML "
                                              "(in a double-quoted string write it as an escape, e.g. \\x%2)")
                                   .arg(codePoint, 4, 16, QLatin1Char('0'))
                                   .arg(codePoint & 0xff, 2, 16, QLatin1Char('0')));
    const int bom = startsWithAt(t, 0, "\xEF\xBB\xBF") ? 3 : 0;

    MemoryBuffer buffer(t.constData(), t.constData() + t.size());
    std::istream in(&buffer);
    try {
        YAML::Parser parser(in);
        TreeBuilder builder(*data, bom);
        data->nodes.reserve(size_t(t.size() / 8 + 4));
        const bool any = parser.HandleNextDocument(builder);
        data->linkChildren();
        data->root = any ? builder.root() : -1;
        data->valid = true;
        if (builder.unclosedQuote() >= 0) {
            YamlIssue issue;
            issue.kind = YamlIssue::Kind::SyntaxError;
            issue.location = data->location(builder.unclosedQuote(), 1);
            issue.message = QStringLiteral("YAML syntax error: this quote is never closed");
            data->issues.append(issue);
            data->valid = false;
            data->root = -1;
            data->nodes.clear();
            return data;
        }
        // YAML limits an implicit key (`key: value`) to 1024 characters; yaml-cpp does not.
        if (const int longKey = firstLongImplicitKey(*data); longKey >= 0) {
            YamlIssue issue;
            issue.kind = YamlIssue::Kind::SyntaxError;
            issue.location = data->location(longKey, 1);
            issue.message = QStringLiteral("YAML syntax error: a key longer than 1024 characters must be written as an "
                                           "explicit key (`? key`)");
            data->issues.append(issue);
            data->valid = false;
            data->root = -1;
            data->nodes.clear();
            return data;
        }
        // yaml-cpp 0.7 can get stuck on a token it cannot place (a lone `,` or `]` in block
        // context): it then returns empty documents forever without advancing. Treat a document
        // that starts where the previous one did as a syntax error at that place.
        NullHandler rest;
        auto stuck = [&](int previous) {
            if (rest.start > previous)
                return false;
            YamlIssue issue;
            issue.kind = YamlIssue::Kind::SyntaxError;
            const int pos = std::clamp(rest.start + bom, 0, int(t.size()));
            issue.location = data->location(pos, pos < t.size() ? 1 : 0);
            issue.message = QStringLiteral("YAML syntax error: unexpected `%1`")
                                .arg(pos < t.size() ? QString::fromUtf8(t.mid(pos, 1)) : QStringLiteral("end of file"));
            data->issues.append(issue);
            data->valid = false;
            data->root = -1;
            data->nodes.clear();
            return true;
        };
        if (parser.HandleNextDocument(rest) && !stuck(builder.documentStart())) {
            YamlIssue issue;
            issue.kind = YamlIssue::Kind::ExtraDocument;
            // find the second document marker for a position
            int pos = -1;
            for (size_t li = 1; li < data->lineStarts.size(); ++li) {
                const int s = data->lineStarts[li];
                // `---` starts the next document; `...` ends the first one.
                if ((startsWithAt(t, s, "---") || startsWithAt(t, s, "...")) &&
                    (s + 3 >= t.size() || isBlank(t[s + 3]) || isLineBreak(t[s + 3]))) {
                    pos = s;
                    break;
                }
            }
            issue.location = data->location(std::max(pos, 0), pos >= 0 ? 3 : 0);
            issue.message = QStringLiteral("the file contains more than one YAML document; only the first is used");
            data->issues.append(issue);
            int previous = rest.start;
            for (int guard = 0; guard < 100000 && parser.HandleNextDocument(rest); ++guard) {
                if (stuck(previous))
                    break;
                previous = rest.start;
            }
        }
    } catch (const YAML::Exception &e) {
        YamlIssue issue;
        issue.kind = YamlIssue::Kind::SyntaxError;
        int pos = e.mark.is_null() ? 0 : std::clamp(e.mark.pos + bom, 0, int(t.size()));
        issue.location = data->location(pos, 0);
        QString msg = QString::fromStdString(e.msg);
        if (msg.isEmpty())
            msg = QStringLiteral("invalid YAML");
        issue.message = QStringLiteral("YAML syntax error: ") + msg;
        data->issues.append(issue);
        data->valid = false;
        data->root = -1;
        data->nodes.clear();
    } catch (const std::exception &e) {
        YamlIssue issue;
        issue.kind = YamlIssue::Kind::SyntaxError;
        issue.location = data->location(0, 0);
        issue.message = QStringLiteral("YAML could not be read: ") + QString::fromLocal8Bit(e.what());
        data->issues.append(issue);
        data->valid = false;
        data->root = -1;
        data->nodes.clear();
    }
    if (data->nodes.empty())
        data->children.clear();  // a document dropped after it was read
    std::stable_sort(data->issues.begin(), data->issues.end(),
                     [](const YamlIssue &a, const YamlIssue &b) { return a.location.offset < b.location.offset; });
    return data;
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// YamlNode

const YamlNode *YamlNode::resolved() const
{
    const YamlNode *n = this;
    for (int guard = 0; n && n->m_type == Type::Alias && guard < 64; ++guard)
        n = n->m_data->node(n->m_aliasTarget);
    return n && n->m_type != Type::Alias ? n : nullptr;
}

const QString &YamlNode::tag() const
{
    static const QString none, plain = QStringLiteral("?"), nonPlain = QStringLiteral("!");
    switch (m_tagKind) {
    case TagKind::Plain:
        return plain;
    case TagKind::NonPlain:
        return nonPlain;
    case TagKind::Other:
        return m_data->props[size_t(m_props)].tag;
    case TagKind::None:
        break;
    }
    return none;
}

QString YamlNode::anchor() const
{
    return m_props >= 0 && m_data ? m_data->props[size_t(m_props)].anchor : QString();
}

SourceLocation YamlNode::location() const
{
    return m_data ? m_data->location(m_start, m_end - m_start) : SourceLocation();
}

int YamlNode::size() const
{
    if (m_type == Type::Sequence)
        return m_childCount;
    if (m_type == Type::Mapping)
        return m_childCount / 2;
    return 0;
}

const YamlNode *YamlNode::at(int index) const
{
    if (m_type != Type::Sequence || index < 0 || index >= m_childCount)
        return nullptr;
    return m_data->node(m_data->childrenOf(*this)[index]);
}

std::optional<QString> unquotedPlaceholder(const YamlNode *node)
{
    const YamlNode *outer = node ? node->resolved() : nullptr;
    if (!outer || !outer->isMapping() || outer->style() != YamlNode::Style::Flow || outer->size() != 1)
        return std::nullopt;
    const YamlNode *inner = outer->keyAt(0);
    const YamlNode *outerValue = outer->valueAt(0);
    if (!inner || !inner->isMapping() || inner->style() != YamlNode::Style::Flow || inner->size() != 1 ||
        (outerValue && !outerValue->isNull()))
        return std::nullopt;
    const YamlNode *name = inner->keyAt(0);
    const YamlNode *innerValue = inner->valueAt(0);
    if (!name || !name->isScalar() || (innerValue && !innerValue->isNull()))
        return std::nullopt;
    return QStringLiteral("{{") + name->scalar().trimmed() + QStringLiteral("}}");
}

const YamlNode *YamlNode::keyAt(int index) const
{
    if (m_type != Type::Mapping || index < 0 || 2 * index + 1 >= m_childCount)
        return nullptr;
    return m_data->node(m_data->childrenOf(*this)[2 * index]);
}

const YamlNode *YamlNode::valueAt(int index) const
{
    if (m_type != Type::Mapping || index < 0 || 2 * index + 1 >= m_childCount)
        return nullptr;
    return m_data->node(m_data->childrenOf(*this)[2 * index + 1]);
}

bool YamlNode::mayHaveMergeKeys() const
{
    return m_data && m_data->mayHaveMergeKeys;
}

int YamlNode::indexOfKey(QStringView key) const
{
    if (m_type != Type::Mapping)
        return -1;
    const int n = m_childCount / 2;
    const int *children = m_data->childrenOf(*this);
    for (int i = 0; i < n; ++i) {
        const YamlNode &k = m_data->nodes[size_t(children[2 * i])];
        if (k.m_type == Type::Scalar && k.m_value == key)
            return i;
    }
    return -1;
}

namespace {
/// The mapping that holds @p key for @p map: itself, or one merged in with `<<: *anchor` /
/// `<<: [*a, *b]` (YAML 1.1 merge keys; the first source that has the key wins). Aliases share
/// nodes, so the walk is bounded by a budget of visited mappings, not only by depth: a crafted
/// chain of merges must not make a lookup exponential.
const YamlNode *holderOf(const YamlNode *map, QStringView key, int *index, int *budget)
{
    if (!map || !map->isMapping() || --*budget < 0)
        return nullptr;
    if ((*index = map->indexOfKey(key)) >= 0)
        return map;
    if (!map->mayHaveMergeKeys())
        return nullptr;
    const int merge = map->indexOfKey(u"<<");
    const YamlNode *source = merge >= 0 && map->valueAt(merge) ? map->valueAt(merge)->resolved() : nullptr;
    if (!source)
        return nullptr;
    if (source->isMapping())
        return holderOf(source, key, index, budget);
    if (source->isSequence())
        for (int i = 0; i < source->size() && *budget > 0; ++i)
            if (const YamlNode *h = holderOf(source->at(i) ? source->at(i)->resolved() : nullptr, key, index, budget))
                return h;
    return nullptr;
}

const YamlNode *holderOf(const YamlNode *map, QStringView key, int *index)
{
    int budget = 64;
    return holderOf(map, key, index, &budget);
}
}  // namespace

const YamlNode *YamlNode::value(QStringView key) const
{
    int i = -1;
    const YamlNode *holder = holderOf(this, key, &i);
    return holder ? holder->valueAt(i) : nullptr;
}

const YamlNode *YamlNode::keyNode(QStringView key) const
{
    int i = -1;
    const YamlNode *holder = holderOf(this, key, &i);
    return holder ? holder->keyAt(i) : nullptr;
}

QStringList YamlNode::keys() const
{
    QStringList out;
    for (int i = 0; i < size(); ++i)
        if (const YamlNode *k = keyAt(i))
            out.append(k->m_value);
    return out;
}

const YamlNode *YamlNode::parent() const
{
    return m_data ? m_data->node(m_parent) : nullptr;
}

const YamlNode *YamlNode::keyOfValue() const
{
    const YamlNode *p = parent();
    if (!p || m_isKey || p->m_type != Type::Mapping)
        return nullptr;
    return p->keyAt(m_indexInParent);
}

namespace {
QString quotePathKey(const QString &key)
{
    bool plain = !key.isEmpty();
    for (const QChar c : key) {
        if (c == QLatin1Char('.') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('"') ||
            c.isSpace()) {
            plain = false;
            break;
        }
    }
    if (plain)
        return key;
    QString k = key;
    k.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    k.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + k + QLatin1Char('"');
}
}  // namespace

QString YamlNode::path() const
{
    QStringList parts;
    const YamlNode *n = this;
    for (int guard = 0; n && guard < 10000; ++guard) {
        const YamlNode *p = n->parent();
        if (!p)
            break;
        if (p->m_type == Type::Sequence) {
            parts.prepend(QLatin1Char('[') + QString::number(n->m_indexInParent) + QLatin1Char(']'));
        } else {
            const YamlNode *k = p->keyAt(n->m_indexInParent);
            parts.prepend(QLatin1Char('.') + quotePathKey(k ? k->m_value : QString()));
        }
        n = p;
    }
    QString s = parts.join(QString());
    if (s.startsWith(QLatin1Char('.')))
        s.remove(0, 1);
    return s;
}

// ---------------------------------------------------------------------------------------------
// YamlDocument

YamlDocument::YamlDocument()
    : m_data(detail::parseYaml(QByteArray()))
{}
YamlDocument::~YamlDocument() = default;
YamlDocument::YamlDocument(const YamlDocument &) = default;
YamlDocument &YamlDocument::operator=(const YamlDocument &) = default;
YamlDocument::YamlDocument(YamlDocument &&) noexcept = default;
YamlDocument &YamlDocument::operator=(YamlDocument &&) noexcept = default;

quint64 YamlDocument::parseCount()
{
    return detail::g_parses.load(std::memory_order_relaxed);
}

YamlDocument YamlDocument::fromText(QByteArray text, QString fileName)
{
    YamlDocument doc;
    doc.m_data = detail::parseYaml(std::move(text));
    doc.m_fileName = std::move(fileName);
    return doc;
}

Result<YamlDocument> YamlDocument::fromFile(const QString &path)
{
    Result<QByteArray> text = readFileBounded(path);
    if (!text.ok())
        return text.error();
    return fromText(std::move(text).value(), path);
}

const QString &YamlDocument::fileName() const
{
    return m_fileName;
}

void YamlDocument::setFileName(const QString &fileName)
{
    m_fileName = fileName;
}

const QByteArray &YamlDocument::text() const
{
    return m_data->text;
}

bool YamlDocument::isValid() const
{
    return m_data->valid;
}

std::optional<YamlIssue> YamlDocument::syntaxError() const
{
    for (const YamlIssue &i : m_data->issues)
        if (i.kind == YamlIssue::Kind::SyntaxError || i.kind == YamlIssue::Kind::NotUtf8)
            return i;
    return std::nullopt;
}

const QList<YamlIssue> &YamlDocument::issues() const
{
    return m_data->issues;
}

const YamlNode *YamlDocument::root() const
{
    return m_data->node(m_data->root);
}

const YamlNode *YamlDocument::node(const QString &path) const
{
    const auto p = YamlPath::parse(path);
    return p ? node(p.value()) : nullptr;
}

namespace {
Result<const YamlNode *> walk(const YamlNode *root, const YamlPath &path)
{
    const YamlNode *n = root ? root->resolved() : nullptr;
    if (!n)
        return makeError(QStringLiteral("path.not-found"), QStringLiteral("the document is empty or does not parse"));
    QString done;
    for (const YamlPathSegment &seg : path.segments) {
        QString here = done + seg.toString();
        if (here.startsWith(QLatin1Char('.')))
            here.remove(0, 1);
        const QString where = done.isEmpty() ? QStringLiteral("the top level") : done;
        switch (seg.kind) {
        case YamlPathSegment::Kind::Key: {
            if (!n->isMapping())
                return makeError(QStringLiteral("path.not-found"),
                                 QStringLiteral("%1: %2 is not a mapping").arg(here, where));
            // The key written in this mapping, not one merged in with `<<`: a path names the
            // place to edit, and editing a merged value would change every user of the anchor.
            const int at = n->indexOfKey(seg.key);
            const YamlNode *v = at >= 0 ? n->valueAt(at) : nullptr;
            if (!v)
                return makeError(QStringLiteral("path.not-found"),
                                 QStringLiteral("%1: no key \"%2\" in %3").arg(here, seg.key, where));
            n = v;
            break;
        }
        case YamlPathSegment::Kind::Index: {
            if (!n->isSequence())
                return makeError(QStringLiteral("path.not-found"),
                                 QStringLiteral("%1: %2 is not a sequence").arg(here, where));
            const int idx = seg.index < 0 ? n->size() + seg.index : seg.index;
            const YamlNode *v = n->at(idx);
            if (!v)
                return makeError(QStringLiteral("path.not-found"),
                                 QStringLiteral("%1: index %2 out of range (%3 has %4 items)")
                                     .arg(here)
                                     .arg(seg.index)
                                     .arg(where)
                                     .arg(n->size()));
            n = v;
            break;
        }
        case YamlPathSegment::Kind::Selector: {
            if (!n->isSequence())
                return makeError(QStringLiteral("path.not-found"),
                                 QStringLiteral("%1: %2 is not a sequence").arg(here, where));
            const YamlNode *found = nullptr;
            for (int i = 0; i < n->size() && !found; ++i) {
                const YamlNode *item = n->at(i) ? n->at(i)->resolved() : nullptr;
                if (!item)
                    continue;
                if (item->isMapping()) {
                    const YamlNode *v = item->value(seg.key);
                    if (v && v->resolved() && v->resolved()->isScalar() && v->resolved()->scalar() == seg.selectorValue)
                        found = n->at(i);
                } else if (item->isScalar() && seg.key.isEmpty() && item->scalar() == seg.selectorValue) {
                    found = n->at(i);
                }
            }
            if (!found)
                return makeError(
                    QStringLiteral("path.not-found"),
                    QStringLiteral("%1: no item with %2=%3 in %4").arg(here, seg.key, seg.selectorValue, where));
            n = found;
            break;
        }
        }
        const YamlNode *r = n->resolved();
        if (!r)
            return makeError(QStringLiteral("path.not-found"), QStringLiteral("%1: unresolved alias").arg(here));
        // keep `n` the alias node itself only at the end; intermediate steps follow aliases
        n = (&seg == &path.segments.constLast()) ? n : r;
        done = here;
    }
    return n;
}
}  // namespace

const YamlNode *YamlDocument::node(const YamlPath &path) const
{
    auto r = walk(root(), path);
    if (!r)
        return nullptr;
    const YamlNode *n = r.value();
    return n ? n->resolved() : nullptr;
}

Result<const YamlNode *> YamlDocument::find(const QString &path) const
{
    const auto p = YamlPath::parse(path);
    if (!p)
        return p.error();
    if (!isValid()) {
        const auto err = syntaxError();
        return makeError(QStringLiteral("path.not-found"),
                         QStringLiteral("the document does not parse: %1").arg(err ? err->message : QString()));
    }
    return walk(root(), p.value());
}

const YamlNode *YamlDocument::nodeAt(int byteOffset) const
{
    const YamlNode *best = nullptr;
    for (const YamlNode &n : m_data->nodes) {
        if (byteOffset >= n.m_start && byteOffset <= n.m_end) {
            if (!best || (n.m_end - n.m_start) <= (best->m_end - best->m_start))
                best = &n;
        }
    }
    return best;
}

QString YamlDocument::kind() const
{
    const YamlNode *r = root();
    if (!r || !r->isMapping())
        return {};
    const YamlNode *k = r->value(u"kind");
    return k && k->resolved() ? k->resolved()->text() : QString();
}

SourceLocation YamlDocument::locationOf(int byteOffset, int length) const
{
    return m_data->location(byteOffset, length);
}

int YamlDocument::lineCount() const
{
    return int(m_data->lineStarts.size());
}

int YamlDocument::lineStartOffset(int line) const
{
    if (line < 1)
        return 0;
    if (line > int(m_data->lineStarts.size()))
        return int(m_data->text.size());
    return m_data->lineStarts[size_t(line - 1)];
}

int YamlDocument::utf16Offset(int byteOffset) const
{
    const QByteArray &t = m_data->text;
    byteOffset = std::clamp(byteOffset, 0, int(t.size()));
    if (m_data->asciiOnly)
        return byteOffset;
    int u = 0;
    for (int i = 0; i < byteOffset; ++i) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        if ((c & 0xC0) != 0x80)
            u += c >= 0xF0 ? 2 : 1;
    }
    return u;
}

int YamlDocument::byteOffset(int utf16Offset) const
{
    const QByteArray &t = m_data->text;
    if (m_data->asciiOnly)
        return std::clamp(utf16Offset, 0, int(t.size()));
    int u = 0;
    int i = 0;
    while (i < t.size() && u < utf16Offset) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        u += len == 4 ? 2 : 1;
        i += len;
    }
    return std::min(i, int(t.size()));
}

YAML::Node YamlDocument::toYamlCpp() const
{
    if (!isValid())
        return YAML::Node();
    try {
        return YAML::Load(m_data->text.toStdString());
    } catch (const YAML::Exception &) {
        return YAML::Node();
    }
}

Status YamlDocument::applyChange(const TextChange &change)
{
    QByteArray t = m_data->text;
    if (!change.applyTo(t))
        return makeError(QStringLiteral("edit.mismatch"),
                         QStringLiteral("the change does not apply to the current text of the document"));
    m_data = detail::parseYaml(std::move(t));
    return Ok{};
}

void YamlDocument::setText(QByteArray text)
{
    m_data = detail::parseYaml(std::move(text));
}

}  // namespace workbench::models
