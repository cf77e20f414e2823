// SPDX-License-Identifier: Apache-2.0
// A fast reader for the block-style YAML subset that manifests use. yaml-cpp's scanner reads
// about 3 MB/s here, which is too slow to revalidate a large project while the user types; this
// reader is ~20x faster. It is deliberately conservative: on anything outside the subset, or
// anything that could be a syntax error, it gives up and yaml-cpp reads the text (which also
// yields yaml-cpp's error messages). Its trees are checked against the yaml-cpp path by the unit
// tests (every corpus file) and by the fuzzer (every input it accepts).
#include "manifest/fastyaml_p.h"

#include <algorithm>
#include <vector>

namespace workbench::models::detail {

namespace {
constexpr int kFail = -1;

bool isIndicator(char c)
{
    switch (c) {
    case '-':
    case '?':
    case ':':
    case ',':
    case '[':
    case ']':
    case '{':
    case '}':
    case '#':
    case '&':
    case '*':
    case '!':
    case '|':
    case '>':
    case '\'':
    case '"':
    case '%':
    case '@':
    case '`':
        return true;
    default:
        return false;
    }
}

bool isNullString(const char *p, int len)
{
    return (len == 1 && p[0] == '~') ||
           (len == 4 && (qstrncmp(p, "null", 4) == 0 || qstrncmp(p, "Null", 4) == 0 || qstrncmp(p, "NULL", 4) == 0));
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, unsigned int cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}
}  // namespace

class FastParser
{
public:
    explicit FastParser(YamlData &d)
        : m_d(d)
        , m_t(d.text.constData())
        , m_n(int(d.text.size()))
    {}

    bool run()
    {
        if (!preCheck())
            return false;
        m_d.nodes.reserve(size_t(m_n / 10 + 4));
        const int first = nextContent(0);
        if (first >= m_n) {
            m_d.root = -1;
            m_d.valid = true;
            return true;
        }
        const int root = parseBlockNode(first, -1, -1);
        if (root < 0)
            return false;
        if (nextContent(nextLine(m_d.nodes[size_t(root)].m_end)) < m_n)
            return false;
        m_d.root = root;
        m_d.valid = true;
        m_d.linkChildren();
        for (const YamlNode &nd : m_d.nodes)
            if (nd.m_type == YamlNode::Type::Mapping)
                checkDuplicateKeys(m_d, m_d.childrenOf(nd), nd.m_childCount);
        // same order as the yaml-cpp reader: by position
        std::stable_sort(m_d.issues.begin(), m_d.issues.end(),
                         [](const YamlIssue &a, const YamlIssue &b) { return a.location.offset < b.location.offset; });
        return true;
    }

private:
    /// Cheap whole-text checks for things this reader never handles.
    bool preCheck() const
    {
        if (m_n >= 3 && static_cast<unsigned char>(m_t[0]) == 0xEF)
            return false;  // BOM
        bool lineStart = true;
        for (int i = 0; i < m_n; ++i) {
            const char c = m_t[i];
            // tabs, CR and every control character YAML refuses: yaml-cpp's path decides
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f)
                return false;
            if (lineStart &&
                (c == '%' || ((c == '-' || c == '.') && i + 2 < m_n && m_t[i + 1] == c && m_t[i + 2] == c)))
                return false;  // directives, document markers
            lineStart = c == '\n';
        }
        return true;
    }

    int lineEnd(int p) const
    {
        while (p < m_n && m_t[p] != '\n')
            ++p;
        return p;
    }
    /// Start of the line after the one containing @p p.
    int nextLine(int p) const
    {
        const int e = lineEnd(p);
        return e < m_n ? e + 1 : m_n;
    }
    int indentOf(int ls) const
    {
        int i = ls;
        while (i < m_n && m_t[i] == ' ')
            ++i;
        return i - ls;
    }
    int column(int p) const
    {
        int c = 0;
        while (p > 0 && m_t[p - 1] != '\n') {
            --p;
            ++c;
        }
        return c;
    }
    bool blankOrComment(int ls) const
    {
        const int i = ls + indentOf(ls);
        return i >= m_n || m_t[i] == '\n' || m_t[i] == '#';
    }
    int nextContent(int ls) const
    {
        while (ls < m_n && blankOrComment(ls))
            ls = nextLine(ls);
        return ls;
    }
    /// After a value ending at @p p: only blanks and a comment may follow on the line.
    bool restOfLineEmpty(int p) const
    {
        const int start = p;
        while (p < m_n && m_t[p] == ' ')
            ++p;
        if (p >= m_n || m_t[p] == '\n')
            return true;
        return m_t[p] == '#' && p > start;
    }
    bool isDashItem(int p) const
    {
        return p < m_n && m_t[p] == '-' && (p + 1 >= m_n || m_t[p + 1] == ' ' || m_t[p + 1] == '\n');
    }

    int newNode(YamlNode::Type type, int parent)
    {
        const int self = int(m_d.nodes.size());
        YamlNode &nd = m_d.nodes.emplace_back();  // made in place: no node is moved
        nd.m_data = &m_d;
        nd.m_type = type;
        nd.m_self = self;
        if (parent >= 0) {
            YamlNode &p = m_d.nodes[size_t(parent)];
            nd.m_parent = parent;
            const int count = ++p.m_childCount;
            if (p.m_type == YamlNode::Type::Mapping) {
                nd.m_isKey = (count % 2) == 1;
                nd.m_indexInParent = (count - 1) / 2;
            } else {
                nd.m_indexInParent = count - 1;
            }
        }
        return self;
    }
    YamlNode &node(int i) { return m_d.nodes[size_t(i)]; }

    int scalarNode(int parent, int start, int end, const QString &value, YamlNode::Style style)
    {
        const int i = newNode(YamlNode::Type::Scalar, parent);
        YamlNode &nd = node(i);
        nd.m_start = nd.m_propStart = start;
        nd.m_end = end;
        nd.m_value = value;
        nd.m_style = style;
        nd.m_tagKind = style == YamlNode::Style::Plain ? YamlNode::TagKind::Plain : YamlNode::TagKind::NonPlain;
        return i;
    }
    int nullNode(int parent, int start, int end)
    {
        const int i = newNode(YamlNode::Type::Null, parent);
        YamlNode &nd = node(i);
        nd.m_start = nd.m_propStart = start;
        nd.m_end = end;
        return i;
    }

    // --- quoted scalars (single line) --------------------------------------------------------
    /// Reads a quoted scalar at @p p; sets @p end past the closing quote.
    bool readQuoted(int p, int &end, QString &value) const
    {
        const char q = m_t[p];
        std::string out;
        int i = p + 1;
        while (true) {
            if (i >= m_n || m_t[i] == '\n')
                return false;  // multi-line quoted scalars: yaml-cpp folds them
            const char c = m_t[i];
            if (q == '\'') {
                if (c == '\'') {
                    if (i + 1 < m_n && m_t[i + 1] == '\'') {
                        out += '\'';
                        i += 2;
                        continue;
                    }
                    end = i + 1;
                    break;
                }
                out += c;
                ++i;
                continue;
            }
            if (c == '"') {
                end = i + 1;
                break;
            }
            if (c != '\\') {
                out += c;
                ++i;
                continue;
            }
            if (i + 1 >= m_n)
                return false;
            const char e = m_t[i + 1];
            int hexDigits = 0;
            switch (e) {
            case '\\':
                out += '\\';
                break;
            case '"':
                out += '"';
                break;
            case '/':
                out += '/';
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case '0':
                out += '\0';
                break;
            case 'a':
                out += '\a';
                break;
            case 'b':
                out += '\b';
                break;
            case 'e':
                out += '\x1b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'v':
                out += '\v';
                break;
            case ' ':
                out += ' ';
                break;
            case 'x':
                hexDigits = 2;
                break;
            case 'u':
                hexDigits = 4;
                break;
            case 'U':
                hexDigits = 8;
                break;
            default:
                return false;  // \N, \_, \L, \P, line continuations: leave them to yaml-cpp
            }
            if (hexDigits == 0) {
                i += 2;
                continue;
            }
            unsigned int cp = 0;
            for (int k = 0; k < hexDigits; ++k) {
                const int h = i + 2 + k < m_n ? hexValue(m_t[i + 2 + k]) : -1;
                if (h < 0)
                    return false;
                cp = cp * 16 + unsigned(h);
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                return false;
            appendUtf8(out, cp);
            i += 2 + hexDigits;
        }
        value = QString::fromUtf8(out.data(), qsizetype(out.size()));
        return true;
    }

    // --- keys -------------------------------------------------------------------------------
    struct Key {
        int start = 0;
        int end = 0;
        int colon = 0;
        QString value;
        YamlNode::Style style = YamlNode::Style::Plain;
    };

    bool scanKey(int p, Key &k) const
    {
        if (p >= m_n)
            return false;
        const char c = m_t[p];
        k.start = p;
        if (c == '"' || c == '\'') {
            if (!readQuoted(p, k.end, k.value) || k.end - p > 1024)
                return false;
            int q = k.end;
            while (q < m_n && m_t[q] == ' ')
                ++q;
            if (q >= m_n || m_t[q] != ':' || !(q + 1 >= m_n || m_t[q + 1] == ' ' || m_t[q + 1] == '\n'))
                return false;
            k.colon = q;
            k.style = c == '"' ? YamlNode::Style::DoubleQuoted : YamlNode::Style::SingleQuoted;
            return true;
        }
        if (isIndicator(c) || c == ' ' || c == '\n')
            return false;
        int q = p;
        while (q < m_n && m_t[q] != '\n') {
            if (m_t[q] == ':' && (q + 1 >= m_n || m_t[q + 1] == ' ' || m_t[q + 1] == '\n'))
                break;
            if (m_t[q] == '#' && m_t[q - 1] == ' ')
                return false;
            ++q;
        }
        if (q >= m_n || m_t[q] != ':')
            return false;
        int e = q;
        while (e > p && m_t[e - 1] == ' ')
            --e;
        if (e == p || isNullString(m_t + p, e - p))
            return false;
        if (e - p > 1024)
            return false;  // longer than YAML allows an implicit key: yaml-cpp's path reports it
        k.end = e;
        k.colon = q;
        k.value = QString::fromUtf8(m_t + p, e - p);
        k.style = YamlNode::Style::Plain;
        return true;
    }

    // --- block structure ----------------------------------------------------------------------
    int parseBlockNode(int ls, int parentIndent, int parent)
    {
        const int ind = indentOf(ls);
        if (ind <= parentIndent)
            return kFail;
        const int p = ls + ind;
        if (isDashItem(p))
            return parseSeq(p, parent);
        Key k;
        if (scanKey(p, k))
            return parseMap(p, parent);
        return kFail;  // scalars on their own line, anchors, ...: yaml-cpp
    }

    // Nesting deeper than any manifest needs is left to yaml-cpp, which refuses it cleanly;
    // unbounded recursion here would overflow the stack on hostile input.
    static constexpr int kMaxDepth = 100;
    struct DepthGuard {
        int &depth;
        explicit DepthGuard(int &d)
            : depth(++d)
        {}
        ~DepthGuard() { --depth; }
        DepthGuard(const DepthGuard &) = delete;
        DepthGuard &operator=(const DepthGuard &) = delete;
    };
    int m_depth = 0;

    int parseMap(int p, int parent)
    {
        const DepthGuard guard(m_depth);
        if (m_depth > kMaxDepth)
            return kFail;
        const int col = column(p);
        const int map = newNode(YamlNode::Type::Mapping, parent);
        node(map).m_style = YamlNode::Style::Block;
        node(map).m_tagKind = YamlNode::TagKind::Plain;
        node(map).m_start = node(map).m_propStart = p;
        int end = p;
        while (true) {
            Key k;
            if (!scanKey(p, k))
                return kFail;
            const int key = scalarNode(map, k.start, k.end, k.value, k.style);
            end = std::max(end, node(key).m_end);
            const int v = k.colon + 1;
            int w = v;
            while (w < m_n && m_t[w] == ' ')
                ++w;
            int value = kFail;
            if (w >= m_n || m_t[w] == '\n' || m_t[w] == '#') {
                if (w < m_n && m_t[w] == '#' && w == v)
                    return kFail;
                const int q = nextContent(nextLine(v));
                if (q < m_n && indentOf(q) > col)
                    value = parseBlockNode(q, col, map);
                else if (q < m_n && indentOf(q) == col && isDashItem(q + col))
                    value = parseSeq(q + col, map);
                else
                    value = nullNode(map, v, v);
            } else {
                value = parseInlineValue(w, col, map);
            }
            if (value < 0)
                return kFail;
            end = std::max(end, node(value).m_end);
            const int q = nextContent(nextLine(node(value).m_end));
            if (q >= m_n)
                break;
            const int ind = indentOf(q);
            if (ind > col)
                return kFail;
            if (ind < col)
                break;
            if (isDashItem(q + col))
                return kFail;
            p = q + col;
        }
        node(map).m_end = end;
        return map;
    }

    int parseSeq(int p, int parent)
    {
        const DepthGuard guard(m_depth);
        if (m_depth > kMaxDepth)
            return kFail;
        const int col = column(p);
        const int seq = newNode(YamlNode::Type::Sequence, parent);
        node(seq).m_style = YamlNode::Style::Block;
        node(seq).m_tagKind = YamlNode::TagKind::Plain;
        node(seq).m_start = node(seq).m_propStart = p;
        int end = p;
        while (true) {
            const int v = p + 1;
            int w = v;
            while (w < m_n && m_t[w] == ' ')
                ++w;
            int item = kFail;
            Key k;
            if (w >= m_n || m_t[w] == '\n' || m_t[w] == '#') {
                const int q = nextContent(nextLine(v));
                if (q < m_n && indentOf(q) > col)
                    item = parseBlockNode(q, col, seq);
                else
                    item = nullNode(seq, v, v);
            } else if (isDashItem(w)) {
                item = parseSeq(w, seq);
            } else if (scanKey(w, k)) {
                item = parseMap(w, seq);
            } else {
                item = parseInlineValue(w, col, seq);
            }
            if (item < 0)
                return kFail;
            end = std::max(end, node(item).m_end);
            const int q = nextContent(nextLine(node(item).m_end));
            if (q >= m_n)
                break;
            const int ind = indentOf(q);
            if (ind > col)
                return kFail;
            if (ind < col || !isDashItem(q + col))
                break;
            p = q + col;
        }
        node(seq).m_end = end;
        return seq;
    }

    /// A value that starts on the line of its key or dash.
    int parseInlineValue(int w, int ownerCol, int parent)
    {
        const char c = m_t[w];
        switch (c) {
        case '"':
        case '\'': {
            int end = 0;
            QString value;
            if (!readQuoted(w, end, value) || !restOfLineEmpty(end))
                return kFail;
            return scalarNode(parent, w, end, value,
                              c == '"' ? YamlNode::Style::DoubleQuoted : YamlNode::Style::SingleQuoted);
        }
        case '[':
        case '{': {
            const int n = parseFlowNode(w, parent);
            if (n < 0 || !restOfLineEmpty(node(n).m_end))
                return kFail;
            return n;
        }
        case '|':
        case '>':
            return parseBlockScalar(w, ownerCol, parent);
        default:
            break;
        }
        if (isIndicator(c))
            return kFail;
        // plain scalar, to the end of the line or a comment
        int q = w;
        int e = w;
        while (q < m_n && m_t[q] != '\n') {
            if (m_t[q] == '#' && m_t[q - 1] == ' ')
                break;
            if (m_t[q] == ':' && (q + 1 >= m_n || m_t[q + 1] == ' ' || m_t[q + 1] == '\n'))
                return kFail;  // `key: a: b`
            ++q;
            if (m_t[q - 1] != ' ')
                e = q;
        }
        if (isNullString(m_t + w, e - w))
            return nullNode(parent, w, e);
        return scalarNode(parent, w, e, QString::fromUtf8(m_t + w, e - w), YamlNode::Style::Plain);
    }

    int parseBlockScalar(int w, int ownerCol, int parent)
    {
        const bool literal = m_t[w] == '|';
        int q = w + 1;
        char chomp = 'c';
        if (q < m_n && (m_t[q] == '+' || m_t[q] == '-')) {
            chomp = m_t[q];
            ++q;
        }
        if (q < m_n && m_t[q] >= '0' && m_t[q] <= '9')
            return kFail;  // explicit indentation
        if (!restOfLineEmpty(q) || (q < m_n && m_t[q] == '#'))
            return kFail;
        int ls = nextLine(w);
        if (ls >= m_n)
            return kFail;
        // content indentation: the first non-blank line; no leading blank lines
        if (blankLine(ls))
            return kFail;
        const int contentIndent = indentOf(ls);
        if (contentIndent <= ownerCol)
            return kFail;
        std::string value;
        int lastContentEnd = -1;
        int pendingBlank = 0;
        bool first = true;
        while (ls < m_n) {
            const int e = lineEnd(ls);
            const int ind = indentOf(ls);
            if (ls + ind >= e) {  // whitespace-only line
                if (ind > contentIndent)
                    return kFail;
                ++pendingBlank;
                ls = e < m_n ? e + 1 : m_n;
                continue;
            }
            if (ind < contentIndent)
                break;
            if (!literal && ind > contentIndent)
                return kFail;  // folded "more indented" lines keep their breaks: yaml-cpp
            if (!first) {
                if (literal) {
                    value += '\n';
                    value.append(size_t(pendingBlank), '\n');
                } else {
                    if (pendingBlank == 0)
                        value += ' ';
                    else
                        value.append(size_t(pendingBlank), '\n');
                }
            }
            value.append(m_t + ls + contentIndent, size_t(e - ls - contentIndent));
            first = false;
            pendingBlank = 0;
            lastContentEnd = e;
            ls = e < m_n ? e + 1 : m_n;
        }
        if (lastContentEnd < 0 || lastContentEnd >= m_n)
            return kFail;  // content without a final line break: leave the edge case to yaml-cpp
        // trailing line breaks: one for the last content line, plus one per blank line after it
        int breaks = 0;
        for (int i = lastContentEnd; i < ls && i < m_n; ++i)
            if (m_t[i] == '\n')
                ++breaks;
        // yaml-cpp drops the blank lines a folded keep scalar (`>+`) ends with; the spec keeps them.
        // The two readers must agree, so that case is yaml-cpp's to read.
        if (!literal && chomp == '+' && breaks > 1)
            return kFail;
        if (chomp == 'c')
            value += '\n';
        else if (chomp == '+')
            value.append(size_t(breaks), '\n');
        return scalarNode(parent, w, lastContentEnd, QString::fromUtf8(value.data(), qsizetype(value.size())),
                          literal ? YamlNode::Style::Literal : YamlNode::Style::Folded);
    }

    bool blankLine(int ls) const
    {
        const int i = ls + indentOf(ls);
        return i >= m_n || m_t[i] == '\n';
    }

    // --- flow collections (single line) ------------------------------------------------------
    int skipSpaces(int p) const
    {
        while (p < m_n && m_t[p] == ' ')
            ++p;
        return p;
    }

    int parseFlowNode(int p, int parent, int depth = 0)
    {
        if (p >= m_n || depth > 64)
            return kFail;
        const char c = m_t[p];
        if (c == '[' || c == '{') {
            const bool isSeq = c == '[';
            const char close = isSeq ? ']' : '}';
            const int coll = newNode(isSeq ? YamlNode::Type::Sequence : YamlNode::Type::Mapping, parent);
            node(coll).m_style = YamlNode::Style::Flow;
            node(coll).m_tagKind = YamlNode::TagKind::Plain;
            node(coll).m_start = node(coll).m_propStart = p;
            int q = skipSpaces(p + 1);
            if (q < m_n && m_t[q] == close) {
                node(coll).m_end = q + 1;
                return coll;
            }
            while (true) {
                if (isSeq) {
                    const int item = parseFlowNode(q, coll, depth + 1);
                    if (item < 0)
                        return kFail;
                    q = skipSpaces(node(item).m_end);
                    if (q < m_n && m_t[q] == ':')
                        return kFail;  // single-pair mapping inside a sequence
                } else {
                    if (q >= m_n || m_t[q] == '[' || m_t[q] == '{')
                        return kFail;
                    const int key = parseFlowNode(q, coll, depth + 1);
                    if (key < 0 || node(key).m_type != YamlNode::Type::Scalar || node(key).m_end - q > 1024)
                        return kFail;
                    q = skipSpaces(node(key).m_end);
                    if (q + 1 >= m_n || m_t[q] != ':' || m_t[q + 1] != ' ')
                        return kFail;
                    q = skipSpaces(q + 1);
                    if (q >= m_n || m_t[q] == ',' || m_t[q] == '}' || m_t[q] == '\n')
                        return kFail;
                    const int value = parseFlowNode(q, coll, depth + 1);
                    if (value < 0)
                        return kFail;
                    q = skipSpaces(node(value).m_end);
                }
                if (q < m_n && m_t[q] == ',') {
                    q = skipSpaces(q + 1);
                    if (q >= m_n || m_t[q] == close || m_t[q] == ',')
                        return kFail;  // trailing or empty entry
                    continue;
                }
                if (q < m_n && m_t[q] == close) {
                    node(coll).m_end = q + 1;
                    return coll;
                }
                return kFail;
            }
        }
        if (c == '"' || c == '\'') {
            int end = 0;
            QString value;
            if (!readQuoted(p, end, value))
                return kFail;
            return scalarNode(parent, p, end, value,
                              c == '"' ? YamlNode::Style::DoubleQuoted : YamlNode::Style::SingleQuoted);
        }
        if (isIndicator(c) || c == ' ' || c == '\n')
            return kFail;
        int q = p;
        int e = p;
        while (q < m_n) {
            const char d = m_t[q];
            if (d == '\n')
                return kFail;  // the collection continues on the next line
            if (d == ',' || d == ']' || d == '}')
                break;
            if (d == '[' || d == '{')
                return kFail;
            if (d == '?')
                return kFail;  // yaml-cpp refuses `?` in a flow plain scalar (`[d?]`): its call
            if (d == '#' && m_t[q - 1] == ' ')
                return kFail;
            if (d == ':' && q + 1 < m_n &&
                (m_t[q + 1] == ' ' || m_t[q + 1] == ',' || m_t[q + 1] == ']' || m_t[q + 1] == '}' ||
                 m_t[q + 1] == '\n'))
                break;
            ++q;
            if (d != ' ')
                e = q;
        }
        if (isNullString(m_t + p, e - p))
            return nullNode(parent, p, e);
        return scalarNode(parent, p, e, QString::fromUtf8(m_t + p, e - p), YamlNode::Style::Plain);
    }

    YamlData &m_d;
    const char *m_t;
    const int m_n;
};

std::shared_ptr<YamlData> parseFast(const QByteArray &text)
{
    auto data = std::make_shared<YamlData>();
    data->text = text;
    initLines(*data);
    int codePoint = 0;
    if (!data->asciiOnly && (firstInvalidUtf8(text, nullptr) >= 0 || firstNonPrintable(text, &codePoint) >= 0))
        return nullptr;
    FastParser parser(*data);
    if (!parser.run())
        return nullptr;
    return data;
}

struct NodeAccess {
    static QString compare(const YamlData &da, const YamlData &db, int ia, int ib, const QString &path)
    {
        const YamlNode *a = da.node(ia);
        const YamlNode *b = db.node(ib);
        if (!a || !b)
            return a || b ? QStringLiteral("%1: node missing on one side").arg(path) : QString();
        auto diff = [&](const char *what, const QString &x, const QString &y) {
            return QStringLiteral("%1: %2 differs: %3 vs %4").arg(path, QLatin1String(what), x, y);
        };
        if (a->m_type != b->m_type)
            return diff("type", QString::number(int(a->m_type)), QString::number(int(b->m_type)));
        if (a->m_style != b->m_style)
            return diff("style", QString::number(int(a->m_style)), QString::number(int(b->m_style)));
        if (a->m_start != b->m_start || a->m_end != b->m_end || a->m_propStart != b->m_propStart)
            return diff("range", QStringLiteral("[%1,%2,%3]").arg(a->m_propStart).arg(a->m_start).arg(a->m_end),
                        QStringLiteral("[%1,%2,%3]").arg(b->m_propStart).arg(b->m_start).arg(b->m_end));
        if (a->m_value != b->m_value)
            return diff("value", a->m_value, b->m_value);
        if (a->tag() != b->tag())
            return diff("tag", a->tag(), b->tag());
        if (a->m_isKey != b->m_isKey || a->m_indexInParent != b->m_indexInParent)
            return diff("position", QString::number(a->m_indexInParent), QString::number(b->m_indexInParent));
        if (a->m_childCount != b->m_childCount)
            return diff("children", QString::number(a->m_childCount), QString::number(b->m_childCount));
        for (int i = 0; i < a->m_childCount; ++i) {
            const QString r = compare(da, db, da.childrenOf(*a)[i], db.childrenOf(*b)[i],
                                      path + QLatin1Char('/') + QString::number(i));
            if (!r.isEmpty())
                return r;
        }
        return {};
    }
};

QString compareTrees(const YamlData &a, const YamlData &b)
{
    if (a.valid != b.valid)
        return QStringLiteral("validity differs");
    if ((a.root < 0) != (b.root < 0))
        return QStringLiteral("root presence differs");
    if (a.issues.size() != b.issues.size())
        return QStringLiteral("issue count differs: %1 vs %2").arg(a.issues.size()).arg(b.issues.size());
    for (int i = 0; i < a.issues.size(); ++i)
        if (a.issues[i].message != b.issues[i].message || !(a.issues[i].location == b.issues[i].location))
            return QStringLiteral("issue %1 differs: %2 vs %3").arg(i).arg(a.issues[i].message, b.issues[i].message);
    return a.root < 0 ? QString() : NodeAccess::compare(a, b, a.root, b.root, QStringLiteral("root"));
}

}  // namespace workbench::models::detail
