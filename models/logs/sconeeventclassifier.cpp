// SPDX-License-Identifier: Apache-2.0
#include "logs/sconeeventclassifier.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>

namespace workbench::models::logs {

namespace {

constexpr char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

qsizetype find(QByteArrayView hay, const char *needle, qsizetype from = 0)
{
    return hay.indexOf(QByteArrayView(needle), from);
}

bool contains(QByteArrayView hay, const char *needle)
{
    return find(hay, needle) >= 0;
}

// ASCII case-insensitive search; @p needle is lower case.
qsizetype findCi(QByteArrayView hay, const char *needle, qsizetype from = 0)
{
    const auto len = qsizetype(std::strlen(needle));
    const char *p = hay.data();
    const qsizetype last = hay.size() - len;
    const char first = needle[0];
    const char firstUpper = first >= 'a' && first <= 'z' ? char(first - 'a' + 'A') : first;
    for (qsizetype i = from; i <= last; ++i) {
        if (p[i] != first && p[i] != firstUpper)
            continue;
        qsizetype k = 1;
        while (k < len && lower(p[i + k]) == needle[k])
            ++k;
        if (k == len)
            return i;
    }
    return -1;
}

bool containsCi(QByteArrayView hay, const char *needle)
{
    return findCi(hay, needle) >= 0;
}

bool containsAnyCi(QByteArrayView hay, std::initializer_list<const char *> needles)
{
    return std::any_of(needles.begin(), needles.end(), [&](const char *n) { return containsCi(hay, n); });
}

bool hasFailureWord(QByteArrayView line)
{
    return containsAnyCi(line, {"not found", "does not exist", "doesn't exist", "unknown", "denied", "not allowed",
                                "not permitted", "invalid", "fail", "could not", "cannot", "can't", "unable", "error",
                                "missing", "not defined", "undefined", "no such"});
}

bool startsWith(QByteArrayView line, const char *prefix)
{
    return line.startsWith(QByteArrayView(prefix));
}

QByteArrayView trimmedStart(QByteArrayView line)
{
    qsizetype i = 0;
    while (i < line.size() && isSpace(line[i]))
        ++i;
    return line.sliced(i);
}

bool isStopWord(QByteArrayView w)
{
    static constexpr const char *stop[] = {"not",   "is",     "does",   "was",    "for",    "with",    "to",
                                           "has",   "could",  "cannot", "error",  "failed", "denied",  "unknown",
                                           "the",   "of",     "in",     "access", "a",      "an",      "are",
                                           "key",   "value",  "from",   "and",    "or",     "missing", "invalid",
                                           "found", "exists", "policy", "config", "could",  "can't"};
    char buf[16];
    if (w.size() >= qsizetype(sizeof buf))
        return false;
    for (qsizetype i = 0; i < w.size(); ++i)
        buf[i] = lower(w[i]);
    const QByteArrayView l(buf, w.size());
    return std::any_of(std::begin(stop), std::end(stop), [&](const char *s) { return l == QByteArrayView(s); });
}

// The name that follows a keyword such as "session" at @p at (the keyword's end): a quoted
// token, or the next word unless it is an ordinary word ("session not found").
QString nameAfter(QByteArrayView line, qsizetype at)
{
    qsizetype i = at;
    for (int token = 0; token < 3 && i < line.size(); ++token) {
        while (i < line.size() && (isSpace(line[i]) || line[i] == ':' || line[i] == '='))
            ++i;
        if (i >= line.size())
            return {};
        const char c = line[i];
        if (c == '\'' || c == '"' || c == '`') {
            const qsizetype close = line.indexOf(c, i + 1);
            if (close > i + 1)
                return QString::fromUtf8(line.sliced(i + 1, close - i - 1));
            return {};
        }
        if (startsWith(line.sliced(i), "$$SCONE::")) {
            const qsizetype close = find(line, "$$", i + 9);
            if (close > i + 9)
                return QString::fromUtf8(line.sliced(i + 9, close - i - 9));
        }
        qsizetype j = i;
        while (j < line.size() && !isSpace(line[j]) && line[j] != ',' && line[j] != ';' && line[j] != '(' &&
               line[j] != ')')
            ++j;
        QByteArrayView word = line.sliced(i, j - i);
        while (!word.isEmpty() && (word.back() == ':' || word.back() == '.' || word.back() == '!'))
            word.chop(1);
        const QByteArrayView lowerProbe = word;
        if (lowerProbe == "name" || lowerProbe == "named" || lowerProbe == "with" || lowerProbe == "id" ||
            lowerProbe == "ID") {
            i = j;
            continue;
        }
        if (word.isEmpty() || isStopWord(word))
            return {};
        return QString::fromUtf8(word);
    }
    return {};
}

// Tries every occurrence of @p keyword (lower case).
QString namedBy(QByteArrayView line, const char *keyword)
{
    const auto len = qsizetype(std::strlen(keyword));
    for (qsizetype at = findCi(line, keyword); at >= 0; at = findCi(line, keyword, at + len)) {
        // Whole word only ("sessions" and "secretKey" do not count).
        const qsizetype end = at + len;
        if (end < line.size() && ((line[end] >= 'a' && line[end] <= 'z') || (line[end] >= 'A' && line[end] <= 'Z')))
            continue;
        if (QString name = nameAfter(line, end); !name.isEmpty())
            return name;
    }
    return {};
}

QString sconeVariableName(QByteArrayView line)
{
    const qsizetype at = find(line, "$$SCONE::");
    if (at < 0)
        return {};
    const qsizetype close = find(line, "$$", at + 9);
    if (close <= at + 9)
        return {};
    return QString::fromUtf8(line.sliced(at + 9, close - at - 9));
}

// Every SCONE message contains one of a few words: one pass over the bytes rules out the
// ordinary lines (nearly all of them) before any closer look.
bool mayBeScone(QByteArrayView line)
{
    const char *p = line.data();
    const qsizetype n = line.size();
    auto at = [&](qsizetype i, const char *word, qsizetype len) {
        return i + len <= n && std::memcmp(p + i, word, std::size_t(len)) == 0;
    };
    for (qsizetype i = 0; i < n; ++i) {
        switch (p[i]) {
        case 'S':
            if (at(i, "SCONE", 5) || at(i, "SGX", 3))
                return true;
            break;
        case 'C':
            if (at(i, "CAS", 3) || at(i, "Caused by", 9))
                return true;
            break;
        case 'n':
            if (at(i, "nclave", 6))
                return true;
            break;
        case 'N':
            if (at(i, "NCLAVE", 6))
                return true;
            break;
        case 't':
            if (at(i, "ttest", 5))
                return true;
            break;
        case 'T':
            if (at(i, "TTEST", 5))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

}  // namespace

SconeEventKind SconeEventClassifier::kind(QByteArrayView line)
{
    if (!mayBeScone(line))
        return SconeEventKind::None;
    if (contains(line, "Connecting to CAS at"))
        return SconeEventKind::CasConnecting;
    if (containsCi(line, "unexpected enclave measurement"))
        return SconeEventKind::MeasurementMismatch;

    const bool sconeTag = contains(line, "[SCONE|");
    const bool context = sconeTag || contains(line, "SCONE") || contains(line, "CAS") || contains(line, "Caused by") ||
                         containsCi(line, "enclave") || containsCi(line, "attest");
    if (context) {
        if (hasFailureWord(line)) {
            // The error is about what the line names first ("secret X not found in session Y").
            qsizetype secret = findCi(line, "secret");
            const qsizetype variable = find(line, "$$SCONE::");
            if (variable >= 0 && (secret < 0 || variable < secret))
                secret = variable;
            const qsizetype session = findCi(line, "session");
            if (session >= 0 && (secret < 0 || session < secret))
                return SconeEventKind::SessionError;
            if (secret >= 0)
                return SconeEventKind::SecretError;
        }
        if (containsAnyCi(line, {"attestation failed", "failed to attest", "attestation error",
                                 "attestation was rejected", "could not attest"}))
            return SconeEventKind::AttestationFailed;
        if (contains(line, "CAS") &&
            containsAnyCi(line, {"connection refused", "could not connect", "failed to connect", "unreachable",
                                 "timed out", "unable to connect", "no route to host", "name resolution",
                                 "failed to lookup", "connection reset"}))
            return SconeEventKind::CasUnreachable;
        if (containsAnyCi(line, {"attestation successful", "attestation succeeded", "successfully attested",
                                 "attested successfully", "attestation completed"}))
            return SconeEventKind::Attested;
        if (contains(line, "[SCONE|FATAL]") || contains(line, "[SCONE|ERROR]"))
            return SconeEventKind::RuntimeFatal;
        if (sconeTag)
            return SconeEventKind::RuntimeInfo;
    }
    const QByteArrayView t = trimmedStart(line);
    if (startsWith(t, "export SCONE_") || startsWith(t, "SCONE version") || startsWith(t, "Enclave hash:") ||
        startsWith(t, "Application runs in SGX") || startsWith(t, "SCONE_"))
        return SconeEventKind::RuntimeInfo;
    return SconeEventKind::None;
}

SconeEvent SconeEventClassifier::classify(QByteArrayView line)
{
    SconeEvent event;
    event.kind = kind(line);
    switch (event.kind) {
    case SconeEventKind::CasConnecting: {
        qsizetype at = find(line, "Connecting to CAS at") + qsizetype(std::strlen("Connecting to CAS at"));
        while (at < line.size() && isSpace(line[at]))
            ++at;
        qsizetype end = at;
        while (end < line.size() && !isSpace(line[end]))
            ++end;
        QString address = QString::fromUtf8(line.sliced(at, end - at));
        if (const qsizetype port = find(line, "(port ", end); port >= 0) {
            qsizetype p = port + 6;
            qsizetype q = p;
            while (q < line.size() && line[q] >= '0' && line[q] <= '9')
                ++q;
            if (q > p)
                address += QLatin1Char(':') + QString::fromLatin1(line.sliced(p, q - p));
        }
        event.casAddress = address;
        if (const qsizetype id = find(line, "service ID "); id >= 0) {
            qsizetype s = id + 11;
            qsizetype e = s;
            while (e < line.size() && !isSpace(line[e]))
                ++e;
            event.serviceId = QString::fromUtf8(line.sliced(s, e - s));
            const qsizetype slash = event.serviceId.lastIndexOf(QLatin1Char('/'));
            if (slash > 0)
                event.session = event.serviceId.left(slash);
        }
        break;
    }
    case SconeEventKind::MeasurementMismatch: {
        const qsizetype at = findCi(line, "unexpected enclave measurement");
        event.detail = QString::fromUtf8(line.sliced(at)).trimmed();
        break;
    }
    case SconeEventKind::SessionError:
        event.session = namedBy(line, "session");
        event.detail = QString::fromUtf8(trimmedStart(line)).trimmed();
        break;
    case SconeEventKind::SecretError:
        event.secret = sconeVariableName(line);
        if (event.secret.isEmpty())
            event.secret = namedBy(line, "secret");
        event.detail = QString::fromUtf8(trimmedStart(line)).trimmed();
        break;
    case SconeEventKind::AttestationFailed:
    case SconeEventKind::CasUnreachable:
    case SconeEventKind::RuntimeFatal:
        event.session = namedBy(line, "session");
        event.detail = QString::fromUtf8(trimmedStart(line)).trimmed();
        break;
    case SconeEventKind::None:
    case SconeEventKind::RuntimeInfo:
    case SconeEventKind::Attested:
        break;
    }
    return event;
}

}  // namespace workbench::models::logs
