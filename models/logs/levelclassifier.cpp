// SPDX-License-Identifier: Apache-2.0
#include "logs/levelclassifier.h"

#include <algorithm>
#include <cstring>

namespace workbench::models::logs {

namespace {

constexpr qsizetype kTextScanLimit = 256;   // levels sit at the start of a line
constexpr qsizetype kJsonScanLimit = 4096;  // JSON loggers may put the level after a long message

constexpr bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
constexpr bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || isUpper(c);
}
constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
constexpr bool isWordChar(char c)
{
    return isAlpha(c) || isDigit(c) || c == '_';
}
constexpr char lower(char c)
{
    return isUpper(c) ? char(c - 'A' + 'a') : c;
}

bool startsWith(const char *p, qsizetype n, const char *what)
{
    const auto len = qsizetype(std::strlen(what));
    return n >= len && std::memcmp(p, what, std::size_t(len)) == 0;
}

// An upper-case word that is a level name.
LogLevel upperWord(const char *w, qsizetype len)
{
    auto is = [&](const char *s) {
        return qsizetype(std::strlen(s)) == len && std::memcmp(w, s, std::size_t(len)) == 0;
    };
    switch (w[0]) {
    case 'A':
        return is("ALERT") ? LogLevel::Fatal : LogLevel::None;
    case 'C':
        return is("CRITICAL") || is("CRIT") ? LogLevel::Fatal : LogLevel::None;
    case 'D':
        return is("DEBUG") ? LogLevel::Debug : LogLevel::None;
    case 'E':
        if (is("ERROR") || is("ERR") || is("ERRO"))
            return LogLevel::Error;
        return is("EMERG") ? LogLevel::Fatal : LogLevel::None;
    case 'F':
        return is("FATAL") ? LogLevel::Fatal : LogLevel::None;
    case 'I':
        return is("INFO") ? LogLevel::Info : LogLevel::None;
    case 'N':
        return is("NOTICE") ? LogLevel::Info : LogLevel::None;
    case 'P':
        return is("PANIC") ? LogLevel::Fatal : LogLevel::None;
    case 'S':
        return is("SEVERE") ? LogLevel::Error : LogLevel::None;
    case 'T':
        return is("TRACE") ? LogLevel::Trace : LogLevel::None;
    case 'W':
        return is("WARNING") || is("WARN") ? LogLevel::Warning : LogLevel::None;
    default:
        return LogLevel::None;
    }
}

// The level named by a JSON string or number value starting at p (after the ':').
LogLevel jsonValue(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        ++p;
    if (p >= end)
        return LogLevel::None;
    if (*p == '"') {
        const char *start = ++p;
        while (p < end && *p != '"' && p - start < 16)
            ++p;
        if (p >= end || *p != '"')
            return LogLevel::None;
        return LevelClassifier::fromName(QByteArrayView(start, p - start));
    }
    if (isDigit(*p)) {
        int value = 0;
        while (p < end && isDigit(*p) && value < 1000)
            value = value * 10 + (*p++ - '0');
        // bunyan and pino: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal
        if (value >= 60)
            return LogLevel::Fatal;
        if (value >= 50)
            return LogLevel::Error;
        if (value >= 40)
            return LogLevel::Warning;
        if (value >= 30)
            return LogLevel::Info;
        if (value >= 20)
            return LogLevel::Debug;
        if (value >= 10)
            return LogLevel::Trace;
    }
    return LogLevel::None;
}

LogLevel jsonLevel(const char *p, qsizetype n)
{
    const char *end = p + std::min(n, kJsonScanLimit);
    static constexpr const char *keys[] = {"\"level\"",     "\"lvl\"",       "\"severity\"", "\"loglevel\"",
                                           "\"log.level\"", "\"levelname\"", "\"@l\""};
    for (const char *q = p; q < end; ++q) {
        q = static_cast<const char *>(std::memchr(q, '"', std::size_t(end - q)));
        if (!q)
            break;
        for (const char *key : keys) {
            const auto len = qsizetype(std::strlen(key));
            if (end - q < len || std::memcmp(q, key, std::size_t(len)) != 0)
                continue;
            // Case variants ("Level", "LEVEL") are handled below; exact keys first.
            const char *r = q + len;
            while (r < end && (*r == ' ' || *r == '\t'))
                ++r;
            if (r < end && *r == ':')
                return jsonValue(r + 1, end);
        }
        // "Level", "LEVEL", "Severity": compare case-insensitively, rarer.
        for (const char *key : {"\"level\"", "\"severity\""}) {
            const auto len = qsizetype(std::strlen(key));
            if (end - q < len)
                continue;
            bool same = true;
            for (qsizetype k = 0; k < len && same; ++k)
                same = lower(q[k]) == key[k];
            if (!same)
                continue;
            const char *r = q + len;
            while (r < end && (*r == ' ' || *r == '\t'))
                ++r;
            if (r < end && *r == ':')
                return jsonValue(r + 1, end);
        }
    }
    return LogLevel::None;
}

// A level name between delimiters: "[error]", "<warn>", "[SCONE|FATAL]".
LogLevel delimited(const char *p, const char *end, char close)
{
    const char *start = p;
    while (p < end && isAlpha(*p) && p - start <= 9)
        ++p;
    if (p >= end || *p != close || p == start)
        return LogLevel::None;
    return LevelClassifier::fromName(QByteArrayView(start, p - start));
}

// The value after "level=", optionally quoted.
LogLevel keyValue(const char *p, const char *end)
{
    if (p < end && *p == '"')
        ++p;
    const char *start = p;
    while (p < end && isAlpha(*p) && p - start <= 12)
        ++p;
    if (p == start || (p < end && isWordChar(*p)))
        return LogLevel::None;
    return LevelClassifier::fromName(QByteArrayView(start, p - start));
}

}  // namespace

LogLevel LevelClassifier::fromName(QByteArrayView name)
{
    char buf[16];
    const qsizetype len = name.size();
    if (len == 0 || len >= qsizetype(sizeof buf))
        return LogLevel::None;
    for (qsizetype i = 0; i < len; ++i)
        buf[i] = lower(name[i]);
    const QByteArrayView n(buf, len);
    auto is = [&](const char *s) { return n == QByteArrayView(s); };
    if (is("error") || is("err") || is("eror") || is("erro") || is("e") || is("severe"))
        return LogLevel::Error;
    if (is("warn") || is("warning") || is("wrn") || is("w"))
        return LogLevel::Warning;
    if (is("info") || is("information") || is("inf") || is("notice") || is("i") || is("informational"))
        return LogLevel::Info;
    if (is("debug") || is("dbg") || is("d") || is("verbose") || is("fine"))
        return LogLevel::Debug;
    if (is("trace") || is("trc") || is("t") || is("finest") || is("finer"))
        return LogLevel::Trace;
    if (is("fatal") || is("ftl") || is("f") || is("panic") || is("critical") || is("crit") || is("emerg") ||
        is("emergency") || is("alert") || is("dpanic"))
        return LogLevel::Fatal;
    return LogLevel::None;
}

LogLevel LevelClassifier::classify(QByteArrayView line)
{
    const char *p = line.data();
    const qsizetype size = line.size();
    qsizetype i = 0;
    while (i < size && (p[i] == ' ' || p[i] == '\t'))
        ++i;
    if (i >= size)
        return LogLevel::None;

    if (p[i] == '{') {
        if (const LogLevel l = jsonLevel(p + i, size - i); l != LogLevel::None)
            return l;
    }

    // klog/glog: Lmmdd hh:mm:ss.uuuuuu
    if (size - i >= 6 && (p[i] == 'I' || p[i] == 'W' || p[i] == 'E' || p[i] == 'F') && isDigit(p[i + 1]) &&
        isDigit(p[i + 2]) && isDigit(p[i + 3]) && isDigit(p[i + 4]) && p[i + 5] == ' ') {
        switch (p[i]) {
        case 'I':
            return LogLevel::Info;
        case 'W':
            return LogLevel::Warning;
        case 'E':
            return LogLevel::Error;
        default:
            return LogLevel::Fatal;
        }
    }

    // "Error: ..." / "Warning: ..." as a line's first word (Go and shell tools).
    if (startsWith(p + i, size - i, "Error:") || startsWith(p + i, size - i, "error:"))
        return LogLevel::Error;
    if (startsWith(p + i, size - i, "Warning:") || startsWith(p + i, size - i, "warning:"))
        return LogLevel::Warning;

    const qsizetype limit = std::min(size, kTextScanLimit);
    const char *end = p + size;
    for (qsizetype j = i; j < limit; ++j) {
        const char c = p[j];
        const bool wordStart = j == 0 || !isWordChar(p[j - 1]);
        if (c == '[') {
            if (startsWith(p + j, size - j, "[SCONE|")) {
                if (const LogLevel l = delimited(p + j + 7, end, ']'); l != LogLevel::None)
                    return l;
                continue;
            }
            if (const LogLevel l = delimited(p + j + 1, end, ']'); l != LogLevel::None)
                return l;
        } else if (c == '<') {
            if (const LogLevel l = delimited(p + j + 1, end, '>'); l != LogLevel::None)
                return l;
        } else if (!wordStart) {
            continue;
        } else if (c == 'l') {
            if (startsWith(p + j, size - j, "level=") || startsWith(p + j, size - j, "level:"))
                if (const LogLevel l = keyValue(p + j + 6 + (j + 6 < size && p[j + 6] == ' '), end);
                    l != LogLevel::None)
                    return l;
            if (startsWith(p + j, size - j, "lvl="))
                if (const LogLevel l = keyValue(p + j + 4, end); l != LogLevel::None)
                    return l;
        } else if (c == 's') {
            if (startsWith(p + j, size - j, "severity="))
                if (const LogLevel l = keyValue(p + j + 9, end); l != LogLevel::None)
                    return l;
        } else if (isUpper(c)) {
            qsizetype k = j + 1;
            while (k < size && isUpper(p[k]) && k - j < 9)
                ++k;
            if (k - j >= 3 && (k >= size || !isWordChar(p[k]))) {
                if (const LogLevel l = upperWord(p + j, k - j); l != LogLevel::None)
                    return l;
            }
            j = k - 1;
        }
    }
    return LogLevel::None;
}

}  // namespace workbench::models::logs
