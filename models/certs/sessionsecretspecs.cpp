// SPDX-License-Identifier: Apache-2.0
#include "certs/sessionsecretspecs.h"

#include "policy/cassession.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace workbench::models::certs {

namespace {

std::optional<SecretKind> kindOf(const QString &kind)
{
    if (kind == QLatin1String("private-key"))
        return SecretKind::PrivateKey;
    if (kind == QLatin1String("x509"))
        return SecretKind::X509;
    if (kind == QLatin1String("x509-ca"))
        return SecretKind::X509Ca;
    return std::nullopt;
}

bool namesAHost(const QString &variable)
{
    // Asked for every variable of every session (a mesh's global block is in each of them):
    // plain case-insensitive substring tests, not a regular expression.
    for (const char16_t *word : {u"host", u"addr", u"server", u"url", u"endpoint"})
        if (variable.contains(QStringView(word), Qt::CaseInsensitive))
            return true;
    return false;
}

/// True when @p host is how a client reaches @p meshService: the service name itself, the helm
/// release-prefixed name (`<release>-<service>`), or either with a DNS suffix.
bool hostRefersTo(const QString &host, const QString &meshService)
{
    if (meshService.isEmpty())
        return false;
    const QString first = host.section(QLatin1Char('.'), 0, 0);
    return first.compare(meshService, Qt::CaseInsensitive) == 0 ||
           first.endsWith(QLatin1Char('-') + meshService, Qt::CaseInsensitive);
}

}  // namespace

QString hostFromValue(const QString &value)
{
    QString v = value.trimmed();
    if (const qsizetype scheme = v.indexOf(QLatin1String("://")); scheme >= 0)
        v = v.mid(scheme + 3);
    if (const qsizetype at = v.lastIndexOf(QLatin1Char('@')); at >= 0)
        v = v.mid(at + 1);
    v = v.section(QLatin1Char('/'), 0, 0);
    if (v.startsWith(QLatin1Char('['))) {
        const qsizetype close = v.indexOf(QLatin1Char(']'));
        return close > 1 ? v.mid(1, close - 1) : QString();
    }
    if (v.count(QLatin1Char(':')) == 1)
        v = v.section(QLatin1Char(':'), 0, 0);
    // A host name: ASCII letters, digits, `.` and `-`, starting and ending with a letter or digit;
    // a bare number (a port, a count) is not one. Checked by hand (the regular expressions
    // ^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$ and ^[0-9]+$ cost more than the rest of the
    // certificate stage of a big mesh); as their `$`, one final newline is allowed.
    QStringView name(v);
    if (name.endsWith(QLatin1Char('\n')))
        name.chop(1);
    auto isDigit = [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); };
    auto isAlnum = [&isDigit](QChar c) {
        return isDigit(c) || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
    };
    if (name.isEmpty() || !isAlnum(name.front()) || !isAlnum(name.back()))
        return {};
    bool allDigits = true;
    for (const QChar c : name) {
        if (!isAlnum(c) && c != QLatin1Char('.') && c != QLatin1Char('-'))
            return {};
        allDigits = allDigits && isDigit(c);
    }
    if (allDigits)
        return {};
    return v;
}

SessionSecretSpecs secretSpecsFromSessions(const QList<policy::CasSession> &sessions, const ParallelFor &parallelFor)
{
    // What each session does on its own (reading its variables, making its specs) runs through
    // @p parallelFor; what joins the sessions (the host index, the defined secrets) is built in
    // session order in between, so the result is the one of one thread.
    const qsizetype count = sessions.size();

    // Names each session's mesh service is dialled by, from the other sessions' environments.
    // Every host a client names is indexed once under each service name it can refer to (its
    // first label, and what follows each `-` in it: `<release>-<service>`), so a server finds
    // its dialled names with one lookup instead of reading every other session. A mesh's global
    // block puts the same `<service>_host` variables into every session, so each distinct host
    // is kept once, with the first two sessions that name it: a server needs only to know the
    // first place where a session other than itself names the host (`seq`, the order in which
    // the sessions' environments list it, is the order of the names).
    std::vector<QStringList> hostsNamedBy(static_cast<size_t>(count));  // per session, in its variables' order
    runParallel(parallelFor, count, [&](qsizetype c) {
        for (const policy::CasService &svc : sessions.at(c).services)
            for (const policy::EnvironmentValue &env : svc.environment)
                if (namesAHost(env.name))
                    if (const QString host = hostFromValue(env.value); !host.isEmpty())
                        hostsNamedBy[size_t(c)].append(host);
    });
    struct Dialled {
        qsizetype firstClient = -1, secondClient = -1;  ///< the first two sessions that name it
        qsizetype firstSeq = -1, secondSeq = -1;        ///< where they name it
    };
    QHash<QString, Dialled> dialledHosts;  // host -> who names it first
    QHash<QString, QStringList> hostsFor;  // case-folded service name -> distinct hosts
    qsizetype seq = 0;
    for (qsizetype c = 0; c < count; ++c)
        for (const QString &host : hostsNamedBy[size_t(c)]) {
            const qsizetype at = seq++;
            const auto known = dialledHosts.find(host);
            if (known != dialledHosts.end()) {
                if (known->secondClient < 0 && known->firstClient != c) {
                    known->secondClient = c;
                    known->secondSeq = at;
                }
                continue;
            }
            dialledHosts.insert(host, Dialled{c, -1, at, -1});
            const QString first = host.section(QLatin1Char('.'), 0, 0).toCaseFolded();
            hostsFor[first].append(host);
            for (qsizetype dash = first.indexOf(QLatin1Char('-')); dash >= 0;
                 dash = first.indexOf(QLatin1Char('-'), dash + 1))
                hostsFor[first.mid(dash + 1)].append(host);  // each suffix is shorter: no key twice
        }
    hostsNamedBy.clear();

    // Defined secrets first, so imports can be checked against them.
    QSet<QString> defined;
    for (const policy::CasSession &s : sessions)
        for (const policy::CasSecret &secret : s.secrets)
            if (!secret.isImported() && kindOf(secret.kind))
                defined.insert(SecretRef{s.name, secret.name}.toString());

    std::vector<SessionSecretSpecs> perSession(static_cast<size_t>(count));
    runParallel(parallelFor, count, [&](qsizetype c) {
        const policy::CasSession &s = sessions.at(c);
        SessionSecretSpecs &out = perSession[size_t(c)];
        QStringList dialed;  // the host names this session's service is dialled by
        bool dialedKnown = false;
        auto dialedNames = [&]() {
            if (dialedKnown || s.meshService.isEmpty())
                return dialed;
            dialedKnown = true;
            QList<QPair<qsizetype, QString>> named;  // (where another session first names it, host)
            for (const QString &host : hostsFor.value(s.meshService.toCaseFolded())) {
                const Dialled d = dialledHosts.value(host);
                const qsizetype at = d.firstClient != c ? d.firstSeq : d.secondSeq;
                if (at >= 0 && hostRefersTo(host, s.meshService))
                    named.append({at, host});
            }
            std::sort(named.begin(), named.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
            for (const auto &n : std::as_const(named))
                dialed << n.second;
            return dialed;
        };
        // Names the session's certificates use, to decide about imports that cannot be resolved.
        QSet<QString> used;
        for (const policy::CasSecret &secret : s.secrets) {
            if (!secret.privateKey.isEmpty())
                used.insert(secret.privateKey);
            if (!secret.issuer.isEmpty())
                used.insert(secret.issuer);
        }
        for (const policy::CasSecret &secret : s.secrets) {
            SecretSpec spec;
            spec.session = s.name;
            spec.name = secret.name;
            spec.sourceFile = secret.source.file;
            spec.sourceLine = secret.source.line;
            if (secret.isImported()) {
                const policy::SecretImport &imp = *secret.import;
                const QString from = imp.sessionAbsolute.isEmpty()
                                         ? policy::resolveSessionReference(s.name, imp.session)
                                         : imp.sessionAbsolute;
                const SecretRef origin{from, imp.secret.isEmpty() ? secret.name : imp.secret};
                if (!imp.casUrl.isEmpty()) {
                    out.notes << QStringLiteral("%1 imports %2 from the remote CAS %3; the preview cannot issue it.")
                                     .arg(s.name, secret.name, imp.casUrl);
                    if (!used.contains(secret.name))
                        continue;
                } else if (!defined.contains(origin.toString())) {
                    // Not a certificate or key (ascii, binary, ...), or nobody exports it.
                    if (!used.contains(secret.name))
                        continue;
                }
                spec.importFrom = origin;
                out.specs << spec;
                continue;
            }
            const auto kind = kindOf(secret.kind);
            if (!kind)
                continue;
            spec.kind = *kind;
            spec.keyType = secret.keyType;
            spec.privateKey = secret.privateKey;
            spec.issuer = secret.issuer;
            spec.commonName = secret.commonName;
            spec.dns = secret.dns;
            spec.validFor = secret.validFor;
            if (secret.endpoint == QLatin1String("server"))
                spec.endpoint = CertEndpoint::Server;
            else if (secret.endpoint == QLatin1String("client"))
                spec.endpoint = CertEndpoint::Client;
            // Leaves that serve, and CAs meant to be presented by a server (host names or
            // `endpoint: server`), are checked against the names clients dial.
            const bool servingCa =
                spec.kind == SecretKind::X509Ca && (spec.endpoint == CertEndpoint::Server || !spec.dns.isEmpty());
            if ((spec.kind == SecretKind::X509 && spec.endpoint != CertEndpoint::Client) || servingCa)
                spec.dialedNames = dialedNames();
            if (secret.value && !secret.value->isEmpty())
                out.notes << QStringLiteral("%1/%2 has an explicit value; the preview issues a fresh %3 instead.")
                                 .arg(s.name, secret.name, secret.kind);
            out.specs << spec;
        }
    });

    SessionSecretSpecs out;
    for (SessionSecretSpecs &one : perSession) {
        out.specs += std::move(one.specs);
        out.notes += std::move(one.notes);
    }
    return out;
}

}  // namespace workbench::models::certs
