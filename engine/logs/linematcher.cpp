// SPDX-License-Identifier: Apache-2.0
#include "logs/linematcher.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <QCoreApplication>

#include <cctype>
#include <cstring>

namespace workbench::engine::logs {

namespace detail {

/// A PCRE2 pattern compiled (and JIT-compiled when the platform allows). pcre2_code is
/// read-only during matching, so one instance serves every thread.
class CompiledRegex
{
public:
    explicit CompiledRegex(pcre2_code *code)
        : m_code(code)
    {
        m_jit = pcre2_jit_compile(m_code, PCRE2_JIT_COMPLETE) == 0;
    }
    ~CompiledRegex() { pcre2_code_free(m_code); }
    CompiledRegex(const CompiledRegex &) = delete;
    CompiledRegex &operator=(const CompiledRegex &) = delete;

    /// Match start and end, or {-1, -1}.
    std::pair<qsizetype, qsizetype> match(const char *subject, qsizetype size, qsizetype from) const
    {
        pcre2_match_data *md = matchData();
        if (!md)
            return {-1, -1};
        const auto s = reinterpret_cast<PCRE2_SPTR>(subject);
        const int rc = m_jit ? pcre2_jit_match(m_code, s, PCRE2_SIZE(size), PCRE2_SIZE(from), 0, md, nullptr)
                             : pcre2_match(m_code, s, PCRE2_SIZE(size), PCRE2_SIZE(from), 0, md, nullptr);
        if (rc < 0)  // no match, or a matching error (e.g. resource limits): treated as no match
            return {-1, -1};
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        return {qsizetype(ov[0]), qsizetype(ov[1])};
    }

private:
    // One pair of offsets is all callers need (rc 0 = "vector too small" still means a match).
    static pcre2_match_data *matchData()
    {
        struct Holder {
            pcre2_match_data *md = pcre2_match_data_create(1, nullptr);
            ~Holder() { pcre2_match_data_free(md); }
        };
        thread_local Holder holder;
        return holder.md;
    }

    pcre2_code *m_code;
    bool m_jit = false;
};

}  // namespace detail

namespace {

QByteArray escapedLiteral(const QByteArray &text)
{
    QByteArray out;
    out.reserve(text.size() * 2);
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // PCRE2 lets any non-alphanumeric ASCII character be escaped; bytes >= 0x80 are parts
        // of UTF-8 characters and pass as they are.
        if (u < 0x80 && !std::isalnum(u) && c != '_')
            out += '\\';
        out += c;
    }
    return out;
}

bool needsLineByLine(const QByteArray &regex)
{
    for (const char *probe : {"(?=", "(?!", "(?<", "\\A", "\\Z", "\\z", "\\G", "\\K", "(*"})
        if (regex.contains(probe))
            return true;
    return false;
}

Result<pcre2_code *> compileOne(const QByteArray &pattern, quint32 options, const QString &shownPattern)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.constData()), PCRE2_SIZE(pattern.size()),
                                     options | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE, &errorCode,
                                     &errorOffset, nullptr);
    if (code)
        return code;
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(errorCode, message, sizeof message);
    Error e = makeError(QStringLiteral("logs.badPattern"),
                        QCoreApplication::translate("LogFilter", "The regular expression \"%1\" is not valid: %2.")
                            .arg(shownPattern, QString::fromUtf8(reinterpret_cast<const char *>(message))),
                        QCoreApplication::translate("LogFilter", "at character %1").arg(qulonglong(errorOffset) + 1));
    e.column = int(errorOffset) + 1;
    return e;
}

}  // namespace

Result<LineMatcher> LineMatcher::compile(const QList<MatchPattern> &patterns)
{
    LineMatcher m;
    QList<MatchPattern> used;
    for (const MatchPattern &p : patterns)
        if (!p.text.isEmpty())
            used.append(p);
    if (used.isEmpty())
        return m;
    if (used.size() == 1 && !used.front().regex && used.front().caseSensitive) {
        m.m_kind = Kind::Literal;
        m.m_literal = used.front().text.toUtf8();
        return m;
    }
    // Each pattern on its own first, so an error names the pattern it is in; then all as one
    // alternation, so a line is searched once.
    QByteArray combined;
    for (const MatchPattern &p : used) {
        const QByteArray utf8 = p.text.toUtf8();
        QByteArray part;
        if (p.regex) {
            auto checked = compileOne(utf8, p.caseSensitive ? 0 : PCRE2_CASELESS, p.text);
            if (!checked)
                return checked.error();
            pcre2_code_free(checked.value());
            part = utf8;
            if (needsLineByLine(utf8))
                m.m_scansBuffers = false;
        } else {
            part = escapedLiteral(utf8);
        }
        if (!combined.isEmpty())
            combined += '|';
        combined += (p.caseSensitive ? "(?:" : "(?i:") + part + ')';
    }
    auto code = compileOne(combined, 0, used.size() == 1 ? used.front().text : QStringLiteral("…"));
    if (!code)
        return code.error();
    m.m_kind = Kind::Regex;
    m.m_regex = std::make_shared<detail::CompiledRegex>(code.value());
    return m;
}

bool LineMatcher::matches(QByteArrayView line) const
{
    switch (m_kind) {
    case Kind::Empty:
        return false;
    case Kind::Literal:
        return line.indexOf(QByteArrayView(m_literal)) >= 0;
    case Kind::Regex:
        return m_regex->match(line.data(), line.size(), 0).first >= 0;
    }
    return false;
}

std::pair<qsizetype, qsizetype> LineMatcher::find(const char *buffer, qsizetype size, qsizetype from) const
{
    switch (m_kind) {
    case Kind::Empty:
        return {-1, -1};
    case Kind::Literal: {
        if (from > size)
            return {-1, -1};
        const void *hit =
            ::memmem(buffer + from, std::size_t(size - from), m_literal.constData(), std::size_t(m_literal.size()));
        if (!hit)
            return {-1, -1};
        const qsizetype at = static_cast<const char *>(hit) - buffer;
        return {at, at + m_literal.size()};
    }
    case Kind::Regex:
        return m_regex->match(buffer, size, from);
    }
    return {-1, -1};
}

std::vector<std::pair<qsizetype, qsizetype>> LineMatcher::findAll(QByteArrayView line) const
{
    std::vector<std::pair<qsizetype, qsizetype>> out;
    qsizetype from = 0;
    while (from <= line.size()) {
        auto [start, end] = find(line.data(), line.size(), from);
        if (start < 0)
            break;
        if (end == start) {  // an empty match: step over one character
            from = end + 1;
            continue;
        }
        out.emplace_back(start, end);
        from = end;
    }
    return out;
}

}  // namespace workbench::engine::logs
